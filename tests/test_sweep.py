"""planner sweep: many cases in parallel give the numbers single solves give; failures are rows."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from models.optimise import optimise
from planner.commands.sweep import partial_path, run_sweep
from planner.inputs import read_input
from planner.inputs.cases import Case, product_cases, read_grid
from planner.problems import InputError
from tests.conftest import (
    REPO,
    example_to,
    feasible_sheets,
    interruptible,
    read_table,
    run_cli,
    started_planner,
    write_workbook,
)

BANDS = ["municipal", "short_term", "short_soft"]

# 8 cases of the tiny instance: settings, cost factors and band levels, alone and together.
CASES = [
    Case("base", {}),
    Case("low rate", {"discount_rate": 0.02}),
    Case("high rate", {"discount_rate": 0.06}),
    Case("dear building", {"investment_factor": 1.5}),
    Case("cheap running", {"operating_factor": 0.8}),
    Case("more municipal", {"municipal.min_share": 0.205}),
    Case("wide short", {"discount_rate": 0.03, "short_term.max_share": 0.05}),
    Case("mixed", {"investment_factor": 0.5, "operating_factor": 1.2, "municipal.min_share": 0.202}),
]


def single_run(tmp: Path, case: Case) -> float:
    """The case solved alone: its changes written into the input workbook itself, then read and solved."""
    sheets = feasible_sheets()
    for key, value in case.values.items():
        if key == "discount_rate":
            next(r for r in sheets["settings"] if r[0] == key)[1] = value
        elif key in ("investment_factor", "operating_factor"):
            column = 3 if key == "investment_factor" else 5
            for row in sheets["place_types"][1:]:
                row[column] *= value
        else:
            band, bound = key.split(".")
            row = next(r for r in sheets["bands"] if r[0] == band)
            row[3 if bound == "min_share" else 4] = value
    path = write_workbook(tmp / f"{case.name}.xlsx", sheets)
    solution = optimise(read_input(path).data)
    assert solution.status == "optimal"
    return solution.objective_npv


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    return write_workbook(tmp_path_factory.mktemp("sweep") / "small.xlsx", feasible_sheets())


@pytest.fixture(scope="module")
def expected(tmp_path_factory) -> dict[str, float]:
    folder = tmp_path_factory.mktemp("single")
    return {case.name: single_run(folder, case) for case in CASES}


def test_eight_cases_on_two_workers_match_single_runs(small, expected, tmp_path):
    partial = tmp_path / "sweep.xlsx.partial.jsonl"
    seen = []
    rows = run_sweep(small, CASES, partial, workers=2, on_row=lambda row, n, total: seen.append((n, total)))
    assert [r["case"] for r in rows] == [c.name for c in CASES]  # the grid's order, whatever finished first
    assert {r["status"] for r in rows} == {"optimal"}
    assert {r["case"]: r["objective_npv"] for r in rows} == pytest.approx(expected, rel=1e-9)
    assert sorted(seen) == [(n, 8) for n in range(1, 9)]
    assert len(partial.read_text().splitlines()) == 8  # each row was kept as it finished
    # the costs move the way they should
    by_name = {r["case"]: r["objective_npv"] for r in rows}
    assert by_name["low rate"] > by_name["base"] > by_name["high rate"]
    assert by_name["dear building"] > by_name["base"]
    assert all(r["new_places"].keys() == {"institution_long", "institution_short"} for r in rows)
    assert "municipal (min)" in rows[0]["binding_bands"]


@pytest.mark.dask
def test_the_same_cases_on_a_local_dask_cluster(small, expected, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster:
        rows = run_sweep(small, CASES, tmp_path / "dask.partial.jsonl", dask_address=cluster.scheduler_address)
    assert {r["case"]: r["objective_npv"] for r in rows} == pytest.approx(expected, rel=1e-9)
    assert all(r["error"] == "" for r in rows)


def test_failing_cases_are_rows_not_a_crash(small, tmp_path):
    cases = [
        Case("ok", {"discount_rate": 0.04}),
        Case("bad factor", {"investment_factor": "lots"}),
        Case("bad setting", {"discount_rate": "lots"}),
        Case("swapped band", {"short_term.min_share": 0.06}),  # above its max_share 0.04
        Case("impossible", {"municipal.min_share": 0.5}),  # stock cannot cover 2026
    ]
    rows = {r["case"]: r for r in run_sweep(small, cases, tmp_path / "p.jsonl", workers=2)}
    assert rows["ok"]["status"] == "optimal" and rows["ok"]["error"] == ""
    assert rows["bad factor"]["status"] == "error" and "investment_factor 'lots'" in rows["bad factor"]["error"]
    assert rows["bad setting"]["status"] == "error"
    assert "setting discount_rate" in rows["bad setting"]["error"] and "small.xlsx" in rows["bad setting"]["error"]
    assert rows["swapped band"]["status"] == "error" and "above max_share" in rows["swapped band"]["error"]
    assert rows["impossible"]["status"] == "infeasible" and rows["impossible"]["objective_npv"] is None
    assert "municipal" in rows["impossible"]["error"]


def test_product_builds_every_combination_named_by_what_varies():
    cases = product_cases(["scenario=main", "discount_rate=0.02,0.04", "municipal.min_share=0.2,0.25"], BANDS)
    assert [c.name for c in cases] == [
        "discount_rate=0.02 municipal.min_share=0.2",
        "discount_rate=0.02 municipal.min_share=0.25",
        "discount_rate=0.04 municipal.min_share=0.2",
        "discount_rate=0.04 municipal.min_share=0.25",
    ]
    assert cases[1].values == {"scenario": "main", "discount_rate": 0.02, "municipal.min_share": 0.25}
    assert [c.name for c in product_cases(["first_year=2026"], BANDS)] == ["first_year=2026"]
    assert product_cases(["first_year=2026"], BANDS)[0].values == {"first_year": 2026}
    for bad in (["discount_rate"], ["colour=red,blue"], ["nowhere.min_share=0.1"], []):
        with pytest.raises(InputError):
            product_cases(bad, BANDS)


def test_resume_skips_finished_cases(small, tmp_path):
    cases = [Case("kept", {"discount_rate": 0.02}), Case("stale", {"discount_rate": 0.03}), Case("new", {})]
    partial = tmp_path / "sweep.xlsx.partial.jsonl"
    sha = hashlib.sha256(small.read_bytes()).hexdigest()
    fake = {"status": "optimal", "objective_npv": 123.0, "new_places": {}, "binding_bands": "", "seconds": 0.0}
    partial.write_text(
        json.dumps({"case": "kept", "values": {"discount_rate": 0.02}, "input_sha256": sha, **fake, "error": ""})
        + "\n"
        # the same name with other values is another case now: solved again
        + json.dumps({"case": "stale", "values": {"discount_rate": 0.09}, "input_sha256": sha, **fake, "error": ""})
        + '\n{"case": "new", "val'  # torn by Ctrl-C
    )
    ran = []
    rows = run_sweep(
        small, cases, partial, workers=1, resume=True, on_row=lambda row, n, total: ran.append(row["case"])
    )
    assert sorted(ran) == ["new", "stale"]
    assert rows[0]["objective_npv"] == 123.0  # not solved again
    assert rows[1]["objective_npv"] != 123.0 and rows[2]["status"] == "optimal"
    assert [json.loads(line)["case"] for line in partial.read_text().splitlines()] == ["kept", *ran]


def write_grid(path: Path, rows: list[list], sheet: str = "cases") -> Path:
    return write_workbook(path, {sheet: rows})


def test_grid_columns_are_checked(small, tmp_path):
    grid = write_grid(tmp_path / "grid.xlsx", [["case", "discount_rate", "municipal.max_share"], ["a", 0.03, 0.4]])
    assert read_grid(grid, BANDS) == [Case("a", {"discount_rate": 0.03, "municipal.max_share": 0.4})]
    bad = write_grid(tmp_path / "bad.xlsx", [["case", "colour", "nowhere.min_share"], ["a", "red", 0.1], ["a", 1, 1]])
    with pytest.raises(InputError) as caught:
        read_grid(bad, BANDS)
    text = "\n".join(map(str, caught.value.problems))
    assert "column colour (B): is not a setting" in text
    assert "column nowhere.min_share (C): 'nowhere' is not a band" in text
    assert "case 'a' is listed twice" in text


def test_cli_sweep_writes_the_comparison(small, expected, tmp_path):
    grid = write_grid(
        tmp_path / "grid.xlsx",
        [
            ["case", "discount_rate", "investment_factor", "note"],
            ["low rate", 0.02, None, "x"],
            ["dear building", None, 1.5],
        ],
    )
    out = tmp_path / "sweep.xlsx"
    run = run_cli("sweep", small, "--grid", grid, "--workers", "2", "-o", out, cwd=tmp_path)
    assert run.code == 0, run
    assert "2 case(s): 2 optimal. Comparison written to" in run.stdout
    header, rows = read_table(out, "cases")
    assert header[:4] == ["case", "discount_rate", "investment_factor", "status"]
    assert {"objective_npv", "institution_long.new_places", "binding_bands", "seconds", "error"} <= set(header)
    assert {r["case"]: r["objective_npv"] for r in rows} == pytest.approx(
        {k: expected[k] for k in ("low rate", "dear building")}, rel=1e-9
    )
    assert [r["mip_gap"] for r in rows] == [0, 0]  # proven optimal
    # a value a case leaves unchanged is the input's own, in grey italics: the reader sees what each case ran with
    from planner.inputs import read_input

    base_rate = read_input(small).data.discount_rate
    assert [(r["discount_rate"], r["investment_factor"]) for r in rows] == [(0.02, 1), (base_rate, 1.5)]
    sheet = load_workbook(out)["cases"]
    assert [sheet.cell(row, column).font.i for row, column in ((2, 2), (2, 3), (3, 2), (3, 3))] == [0, 1, 1, 0]
    assert f"discounted at different rates (0.02, {base_rate:g})" in run.stdout  # their NPVs do not compare
    assert not partial_path(out).exists()  # all of it is in the workbook

    run = run_cli("sweep", small, "--product", "discount_rate=0.02,0.06", "-o", out, cwd=tmp_path)
    assert run.code == 0, run
    _, rows = read_table(out, "cases")
    assert [r["case"] for r in rows] == ["discount_rate=0.02", "discount_rate=0.06"]
    assert rows[1]["objective_npv"] == pytest.approx(expected["high rate"], rel=1e-9)


def test_cli_bad_grid_exits_2(small, tmp_path):
    no_sheet = write_grid(tmp_path / "nosheet.xlsx", [["case", "discount_rate"], ["a", 0.03]], sheet="runs")
    run = run_cli("sweep", small, "--grid", no_sheet, "-o", tmp_path / "s.xlsx", cwd=tmp_path)
    assert run.code == 2, run
    assert "nosheet.xlsx: sheet 'cases' is missing" in run.stderr
    unknown = write_grid(tmp_path / "unknown.xlsx", [["case", "discount_rat"], ["a", 0.03]])
    run = run_cli("sweep", small, "--grid", unknown, "-o", tmp_path / "s.xlsx", cwd=tmp_path)
    assert run.code == 2, run
    assert "column discount_rat (B)" in run.stderr
    run = run_cli("sweep", small, "-o", tmp_path / "s.xlsx", cwd=tmp_path)
    assert run.code == 2 and "--grid GRID.xlsx or with --product" in run.stderr, run
    assert not (tmp_path / "s.xlsx").exists()


def test_ctrl_c_keeps_finished_cases_and_resume_finishes(tmp_path):
    # the example without its buildings to 2040: ~1 s a solve, time to interrupt between cases
    example = example_to(2040, tmp_path, REPO / "inputs" / "baerum_new_places.xlsx")
    out = tmp_path / "sweep.xlsx"
    rates = "discount_rate=0.02,0.03,0.04,0.05"  # four: the interrupt lands before the last even on a busy machine
    args = ["sweep", str(example), "--product", rates, "--workers", "1", "-o", str(out)]
    proc = started_planner(args, tmp_path)
    partial = partial_path(out)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (partial.exists() and partial.read_text().count("\n") >= 1):
        time.sleep(0.1)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 130, stderr
    assert "run again with --resume" in stderr
    finished = [json.loads(line)["case"] for line in partial.read_text().splitlines()]
    assert 1 <= len(finished) < 4 and not out.exists()

    kept = partial.read_text()
    run = run_cli(*args, cwd=tmp_path)  # again, without --resume: the finished cases are not thrown away
    assert run.code == 2, run
    assert f"{partial}: an interrupted sweep left {len(finished)} finished case(s) here; add --resume" in run.stderr
    assert partial.read_text() == kept
    run = run_cli(*args, "--resume", cwd=tmp_path)
    assert run.code == 0, run
    assert f"Resumed: {len(finished)} case(s) were already finished" in run.stderr
    _, rows = read_table(out, "cases")
    assert [r["case"] for r in rows] == [f"discount_rate=0.0{i}" for i in (2, 3, 4, 5)]
    assert all(r["status"] == "optimal" for r in rows)


def test_ctrl_c_from_a_terminal_never_prints_a_traceback(tmp_path):
    """A terminal sends Ctrl-C to every process of the command (workers still starting too), at any moment."""
    example = REPO / "inputs" / "baerum_new_places.xlsx"
    for i, delay in enumerate((0.3, 0.9, 1.8)):  # workers starting; the first solves; later solves
        args = ["sweep", str(example), "--product", "discount_rate=0.02,0.03,0.04", "-o", str(tmp_path / f"s{i}.xlsx")]
        proc = started_planner(args, tmp_path, own_group=True)
        time.sleep(delay)
        os.killpg(proc.pid, signal.SIGINT)
        _, stderr = proc.communicate(timeout=60)
        assert "Traceback" not in stderr and "Fatal Python error" not in stderr, (delay, stderr)
        # 0: it finished first; −2: ended by the signal itself after its line was printed (seen once in a few
        # hundred runs, at 0.3 s), which a shell reports as 130 too
        assert proc.returncode in (0, 130, -signal.SIGINT), (delay, proc.returncode, stderr)
        assert proc.returncode == 0 or "Interrupted" in stderr


def test_solver_and_time_limit_apply_to_every_case_unless_its_row_sets_them(small, tmp_path):
    """sweep --solver and --time-limit, like solve's; a grid column of the same setting wins for its case."""
    broken = tmp_path / "cbc"
    broken.write_text("#!/bin/sh\nexit 1\n")
    broken.chmod(0o755)
    grid = write_grid(tmp_path / "grid.xlsx", [["case", "solver"], ["as the option", None], ["own", "highs"]])
    out = tmp_path / "sweep.xlsx"
    env = {"PLANNER_CBC_PATH": str(broken)}  # a CBC that cannot run: the case that uses it says so
    run = run_cli("sweep", small, "--grid", grid, "--solver", "cbc", "-o", out, cwd=tmp_path, extra_env=env)
    assert run.code == 0, run
    rows = {r["case"]: r for r in read_table(out, "cases")[1]}
    assert rows["as the option"]["status"] == "error" and "CBC" in rows["as the option"]["error"]
    assert rows["own"]["status"] == "optimal"
    example = REPO / "inputs" / "baerum_new_places.xlsx"  # large enough not to be solved within 0.001 s
    run = run_cli("sweep", example, "--product", "discount_rate=0.03", "--time-limit", "0.001", "-o", out, cwd=tmp_path)
    assert run.code == 0, run
    [row] = read_table(out, "cases")[1]
    assert row["status"] in ("feasible", "no_solution") and "time limit" in row["error"]  # stopped, not proven


def test_a_torn_partial_line_is_no_finished_case(tmp_path, small):
    from planner.commands.sweep import check_partial

    partial = tmp_path / "s.xlsx.partial.jsonl"
    partial.write_text('{"case": "x", "val')  # a write cut short: read_partial ignores it, so must the guard
    check_partial(partial, resume=False, restart=False)  # nothing to lose: no refusal
    partial.write_text('{"case": "x", "values": {}}\n{"case": "y", "val')
    with pytest.raises(InputError) as refused:
        check_partial(partial, resume=False, restart=False)
    assert "left 1 finished case(s)" in refused.value.problems[0].message


def test_a_ctrl_c_python_cannot_raise_where_it_lands_is_raised_at_the_next_safe_point():
    """Ctrl-C inside a callback run while a module is imported cannot be raised there: Python printed "Exception
    ignored … Traceback" and dropped it (seen once in CI, the sweep's Ctrl-C test at 0.3 s). The planner raises it
    again a moment later, so the command stops as on any Ctrl-C, without a traceback."""
    code = (
        "import planner.cli, weakref, gc, time\n"
        "class A: pass\n"
        "def cb(ref): raise KeyboardInterrupt\n"
        "a = A(); r = weakref.ref(a, cb)\n"
        "try:\n"
        "    del a; gc.collect()\n"
        "    for _ in range(2000): time.sleep(0.001)\n"
        "    print('not interrupted')\n"
        "except KeyboardInterrupt:\n"
        "    print('interrupted')\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60, preexec_fn=interruptible
    )
    assert proc.stdout.strip() == "interrupted" and "Traceback" not in proc.stderr, proc


def test_a_scheduler_address_where_nothing_listens_is_told_at_once(small, tmp_path):
    """A refused connection is said as such (Dask's client would retry it for its whole 20 s timeout)."""
    import socket

    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens there now
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    args = ["--product", "discount_rate=0.03", "-o", tmp_path / "s.xlsx", "--dask", f"tcp://127.0.0.1:{port}"]
    run = run_cli("sweep", small, *args, cwd=tmp_path)
    assert run.code == 2, run
    assert f"cannot reach the Dask scheduler at tcp://127.0.0.1:{port}: nothing answers at port {port}" in run.stderr
    assert "Traceback" not in run.stderr and not (tmp_path / "s.xlsx").exists()


def test_dask_without_its_optional_package_says_what_to_install(small, tmp_path, monkeypatch):
    """distributed is the extra planner[dask]: without it, --dask is a problem to fix (exit 2), not a traceback."""
    import sys

    from click.testing import CliRunner

    from planner import cli

    monkeypatch.setitem(sys.modules, "distributed", None)  # what Python does for a package that is not installed
    args = ["sweep", str(small), "--product", "discount_rate=0.03,0.04", "-o", str(tmp_path / "s.xlsx")]
    result = CliRunner().invoke(cli.main, [*args, "--dask", "tcp://127.0.0.1:1"])
    assert result.exit_code == 2, result.output
    missing = "--dask: Dask's distributed package is not installed: install the planner with its dask extra"
    assert missing in result.output
    assert "pipx inject planner distributed" in result.output and "on the Dask cluster" not in result.output
    assert list(tmp_path.iterdir()) == []  # not the comparison, nor a partial file of finished cases


def test_a_settings_value_no_setting_takes_is_refused_before_any_case_runs(tmp_path):
    """discount_rate=abc ran as a failing case pointing at the input's settings cell (which held 0.04): it is now
    refused up front, where it was typed: the --product value, or the grid's cell."""
    with pytest.raises(InputError) as caught:
        product_cases(["discount_rate=abc,0.04", "last_year=20x0"], BANDS)
    text = "\n".join(map(str, caught.value.problems))
    assert "--product: 'discount_rate=abc': found 'abc'; expected a share" in text
    assert "'last_year=20x0': found '20x0'; expected a whole number" in text
    grid = write_grid(tmp_path / "grid.xlsx", [["case", "discount_rate"], ["a", 0.03], ["b", "lots"]])
    with pytest.raises(InputError) as caught:
        read_grid(grid, BANDS)
    assert [str(p) for p in caught.value.problems] == [
        "grid.xlsx, sheet 'cases', row 3, column discount_rate (B): found 'lots'; expected a share such as 0.035 or "
        "3.5 %"
    ]


def test_a_misspelt_case_column_is_told_the_name_it_is_close_to(tmp_path):
    with pytest.raises(InputError) as caught:
        product_cases(["discount_rat=0.03"], BANDS)
    assert "'discount_rat' is not a setting, a factor or a band bound; did you mean discount_rate?" in str(
        caught.value.problems[0]
    )
    grid = write_grid(tmp_path / "grid.xlsx", [["case", "municipal.min_shar"], ["a", 0.2]])
    with pytest.raises(InputError) as caught:
        read_grid(grid, BANDS)
    assert "did you mean municipal.min_share?" in str(caught.value.problems[0])
