"""The command line as users and scripts see it: exit codes, messages, and the plan workbook."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from conftest import (
    FIRST,
    LAST,
    YEARS,
    feasible_sheets,
    infeasible_sheets,
    read_summary,
    read_table,
    run_cli,
    sha256,
    write_workbook,
)
from openpyxl import load_workbook

MACHINE_SHEETS = {
    "summary": ["key", "value"],
    "plan": ["year", "type", "source", "places"],
    "conversions": ["year", "from_type", "to_type", "places"],
    "capacity": ["year", "type", "places"],
    "coverage": [
        "year",
        "band",
        "group",
        "base",
        "population",
        "places",
        "share",
        "min_share",
        "max_share",
        "shortfall_places",
        "excess_places",
    ],
    "costs": [
        "year",
        "investment",
        "grants",
        "fixed_costs",
        "conversion_costs",
        "operating",
        "rent_income",
        "fixed_operating",
        "net_cost",
        "discount_factor",
        "discounted_net_cost",
    ],
}
SUMMARY_KEYS = [
    "status",
    "objective_npv",
    "mip_gap",
    "solver",
    "solve_seconds",
    "input_file",
    "input_sha256",
    "planner_version",
    "created_utc",
    "first_year",
    "last_year",
    "discount_rate",
    "scenario",
    "residual_value_discounted",
    "penalties_discounted",
]
VOLATILE_SUMMARY_KEYS = {"created_utc", "solve_seconds"}


# ---- the input as the tests know it (independent of the planner's reader) ------------------


def _table(sheets, name):
    header, *rows = sheets[name]
    return [dict(zip(header, row, strict=False)) for row in rows]


def _place_types(sheets) -> dict[str, dict]:
    return {r["type"]: r for r in _table(sheets, "place_types")}


def _stock_in_service(sheets, type_: str, year: int) -> int:
    return sum(
        r["places"]
        for r in _table(sheets, "stock")
        if r["type"] == type_
        and (r.get("first_year") is None or r["first_year"] <= year)
        and (r.get("last_year") is None or year <= r["last_year"])
    )


def _group_types(sheets, group: str) -> list[str]:
    return [t for t, r in _place_types(sheets).items() if t == group or group in str(r["groups"]).split(",")]


def _discount_factor(year: int, rate: float = 0.04) -> float:
    return 1.0 / (1.0 + rate) ** (year - FIRST)


# ---- solved once per module: the plans the output checks read -------------------------------


@pytest.fixture(scope="module")
def solved(tmp_path_factory):
    """The feasible instance solved with the default output path; input bytes kept before and after."""
    work = tmp_path_factory.mktemp("feasible")
    source = write_workbook(work / "small.xlsx", feasible_sheets())
    before = source.read_bytes()
    run = run_cli("solve", "small.xlsx", cwd=work)
    return {
        "dir": work,
        "input": source,
        "before": before,
        "after": source.read_bytes(),
        "run": run,
        "plan": work / "outputs" / "small-plan.xlsx",
    }


@pytest.fixture(scope="module")
def solved_infeasible(tmp_path_factory):
    work = tmp_path_factory.mktemp("infeasible")
    source = write_workbook(work / "tight.xlsx", infeasible_sheets())
    run = run_cli("solve", "tight.xlsx", cwd=work)
    return {"dir": work, "input": source, "run": run, "plan": work / "outputs" / "tight-plan.xlsx"}


@pytest.fixture(params=["feasible", "infeasible"])
def any_plan(request, solved, solved_infeasible):
    """Both written plans: the arithmetic of the sheets holds for a diagnosis too."""
    if request.param == "feasible":
        return solved["plan"], feasible_sheets(), solved["input"]
    return solved_infeasible["plan"], infeasible_sheets(), solved_infeasible["input"]


# ---- exit codes and where the plan goes ----------------------------------------------------


def test_solve_feasible_exits_0_and_writes_default_path(solved):
    run = solved["run"]
    assert run.code == 0, run
    assert solved["plan"].is_file(), run
    assert "Traceback" not in run.stderr
    summary = read_summary(solved["plan"])
    assert summary["status"] == "optimal"
    assert summary["mip_gap"] == pytest.approx(0, abs=1e-9)
    assert "Plan written to" in run.stdout


def test_solve_writes_to_dash_o(feasible_workbook, cli, tmp_path):
    target = tmp_path / "elsewhere" / "my-plan.xlsx"
    run = cli("solve", feasible_workbook, "-o", target)
    assert run.code == 0, run
    assert target.is_file()
    assert read_summary(target)["status"] == "optimal"
    assert not (tmp_path / "outputs").exists(), "with -o nothing goes to the default path"


def _problem_line(lines: list[str], file: str, sheet: str, row: int, column: str, letter: str) -> str | None:
    """The one stderr line naming file, sheet, row and column (by name and Excel letter)."""
    for line in lines:
        if (
            file in line
            and re.search(rf"\b{re.escape(sheet)}\b", line)
            and re.search(rf"\brow {row}\b", line)
            and column in line
            and re.search(rf"\({letter}\)|\bcolumn {letter}\b|\b{letter}{row}\b", line)
        ):
            return line
    return None


def test_broken_workbook_exits_2_listing_every_problem(cli, tmp_path):
    sheets = feasible_sheets()
    # place_types row 4 (a third type, referenced nowhere): text in a number column D
    sheets["place_types"].append(
        ["ppp_owned", "PPP", "ppp", "lots", 0, 1_000_000, 0, 40, 2, 1, None],
    )
    sheets["stock"][2][1] = "nursing_home"  # stock row 3, column type (B): unknown type
    sheets["bands"][2][3:5] = [0.5, 0.1]  # bands row 3, min_share (D) above max_share
    sheets["conversions"][1][1] = "institution_long"  # conversions row 2, to_type (B) = from_type
    sheets["population"][3][1] = "many"  # population row 4, persons_80_plus (B): not a number
    path = write_workbook(tmp_path / "broken.xlsx", sheets)
    before = path.read_bytes()

    run = cli("solve", path)

    assert run.code == 2, run
    assert "Traceback" not in run.stderr
    lines = run.stderr.splitlines()
    expected = [
        ("place_types", 4, "investment_per_place", "D"),
        ("stock", 3, "type", "B"),
        ("bands", 3, "min_share", "D"),
        ("conversions", 2, "to_type", "B"),
        ("population", 4, "persons_80_plus", "B"),
    ]
    found = []
    for sheet, row, column, letter in expected:
        line = _problem_line(lines, "broken.xlsx", sheet, row, column, letter)
        assert line is not None, f"no line names {sheet} row {row} column {column} ({letter}):\n{run.stderr}"
        found.append(line)
    assert len(set(found)) == len(expected), "one line per problem"
    assert not (tmp_path / "outputs").exists(), "nothing is written for bad input"
    assert path.read_bytes() == before


def test_validate_lists_the_same_problems(cli, tmp_path):
    sheets = feasible_sheets()
    sheets["stock"][2][1] = "nursing_home"
    sheets["bands"][2][3:5] = [0.5, 0.1]
    path = write_workbook(tmp_path / "broken.xlsx", sheets)
    run = cli("validate", path)
    assert run.code == 2, run
    lines = run.stderr.splitlines()
    assert _problem_line(lines, "broken.xlsx", "stock", 3, "type", "B"), run
    assert _problem_line(lines, "broken.xlsx", "bands", 3, "min_share", "D"), run


def test_infeasible_exits_3_and_writes_diagnosis(solved_infeasible):
    run, plan = solved_infeasible["run"], solved_infeasible["plan"]
    assert run.code == 3, run
    assert "Traceback" not in run.stderr
    assert plan.is_file()
    assert read_summary(plan)["status"] == "infeasible"
    _, coverage = read_table(plan, "coverage")
    municipal = {r["year"]: r for r in coverage if r["band"] == "municipal"}
    # 2026: 165 places in stock against 20 % of 1000; nothing new can open before 2027.
    assert municipal[2026]["shortfall_places"] == pytest.approx(35)
    assert municipal[2026]["places"] == 165
    short_term = {r["year"]: r for r in coverage if r["band"] == "short_term"}
    # 45 short-term places in stock against at most 4 % of 1000, and none can be converted away.
    assert short_term[2026]["excess_places"] == pytest.approx(5)
    short_rows = [r for r in coverage if (r["shortfall_places"] or 0) > 0]
    assert short_rows, "coverage shows where the hard bands are missed"
    for r in coverage:
        if r["min_share"] is not None:
            expected = max(0.0, r["min_share"] * r["population"] - r["places"])
            assert r["shortfall_places"] == pytest.approx(expected, abs=1e-6), r


def test_infeasible_message_names_the_missed_hard_band(solved_infeasible):
    text = solved_infeasible["run"].stdout
    assert "municipal" in text
    assert "coverage" in text


def test_infeasible_message_lists_only_hard_bands(solved_infeasible):
    text = solved_infeasible["run"].stdout
    assert "short_soft" not in text, text


def test_json_prints_one_object_on_stdout(feasible_workbook, cli, tmp_path):
    run = cli("solve", feasible_workbook, "--json", "-o", "plan.xlsx")
    assert run.code == 0, run
    payload = json.loads(run.stdout)  # fails on anything else on stdout
    assert isinstance(payload, dict)
    assert payload["status"] == "optimal"
    assert isinstance(payload["objective"], (int, float))
    assert Path(tmp_path, payload["output"]).resolve() == (tmp_path / "plan.xlsx").resolve()
    assert isinstance(payload["timings"], dict) and payload["timings"]
    assert all(isinstance(v, (int, float)) for v in payload["timings"].values())
    assert payload["objective"] == pytest.approx(read_summary(tmp_path / "plan.xlsx")["objective_npv"], rel=1e-9)
    # the solver's own seconds are the summary's, and within the command's solve step
    assert payload["solver_seconds"] == pytest.approx(read_summary(tmp_path / "plan.xlsx")["solve_seconds"], abs=1e-3)
    assert payload["solver_seconds"] <= payload["timings"]["solve_seconds"]


def test_json_on_infeasible_is_one_object_too(infeasible_workbook, cli):
    run = cli("solve", infeasible_workbook, "--json")
    assert run.code == 3, run
    payload = json.loads(run.stdout)
    assert payload["status"] == "infeasible"
    assert {"status", "objective", "output", "timings"} <= payload.keys()


def test_json_on_infeasible_has_no_objective_but_the_diagnosis_cost(infeasible_workbook, cli, tmp_path):
    """The diagnosis misses hard bands on purpose; its cost is no plan's objective."""
    run = cli("solve", infeasible_workbook, "--json", "-o", "diagnosis.xlsx")
    assert run.code == 3, run
    payload = json.loads(run.stdout)
    assert payload["objective"] is None
    summary = read_summary(tmp_path / "diagnosis.xlsx")
    assert payload["diagnosis_cost"] == pytest.approx(summary["objective_npv"], rel=1e-9)


def test_json_on_a_plan_has_no_diagnosis_cost(feasible_workbook, cli):
    payload = json.loads(cli("solve", feasible_workbook, "--json", "-o", "plan.xlsx").stdout)
    assert isinstance(payload["objective"], float)
    assert payload["diagnosis_cost"] is None


def _soft_misses_from_plan(plan: Path, band: str, penalty: float) -> tuple[list[int], float, int, float]:
    """The missed years, worst miss, its year and the discounted penalty, recomputed from the coverage sheet."""
    _, coverage = read_table(plan, "coverage")
    rows = [r for r in coverage if r["band"] == band]
    miss = {r["year"]: (r["shortfall_places"] or 0) + (r["excess_places"] or 0) for r in rows}
    years = [y for y, m in miss.items() if m > 1e-6]
    worst_year = max(years, key=miss.get)
    paid = sum(_discount_factor(y) * penalty * m for y, m in miss.items())
    return years, miss[worst_year], worst_year, paid


def test_solve_names_the_missed_soft_band(solved):
    """A soft band missed by choice is said on screen: which, which years, the worst miss, the penalty."""
    run = solved["run"]
    years, worst, worst_year, paid = _soft_misses_from_plan(solved["plan"], "short_soft", 50_000)
    assert years == YEARS  # the instance misses short_soft every year (it is cheap to miss)
    line = next((x for x in run.stdout.splitlines() if "short_soft" in x), None)
    assert line is not None, run
    assert f"missed in {len(years)} year(s) ({FIRST}–{LAST})" in line, line
    assert f"worst {worst:.2f} places short in {worst_year}" in line, line
    assert f"{paid:,.0f} NOK" in line, line


def test_json_reports_soft_band_misses(feasible_workbook, cli, tmp_path):
    run = cli("solve", feasible_workbook, "--json", "-o", "plan.xlsx")
    assert run.code == 0, run
    payload = json.loads(run.stdout)
    years, worst, worst_year, paid = _soft_misses_from_plan(tmp_path / "plan.xlsx", "short_soft", 50_000)
    (miss,) = payload["soft_band_misses"]
    assert miss["band"] == "short_soft"
    assert miss["years"] == years
    assert miss["worst_places"] == pytest.approx(worst)
    assert miss["worst_year"] == worst_year
    assert miss["penalty_discounted"] == pytest.approx(paid, rel=1e-9)
    # the only soft band, so its penalty is all the summary's penalties
    summary = read_summary(tmp_path / "plan.xlsx")
    assert miss["penalty_discounted"] == pytest.approx(summary["penalties_discounted"], rel=1e-9)


def test_no_soft_band_missed_gives_an_empty_list(cli, tmp_path):
    sheets = feasible_sheets()
    sheets["bands"] = [r for r in sheets["bands"] if r[0] != "short_soft"]
    path = write_workbook(tmp_path / "hard-only.xlsx", sheets)
    run = cli("solve", path, "--json", "-o", "plan.xlsx")
    assert run.code == 0, run
    assert json.loads(run.stdout)["soft_band_misses"] == []
    assert "Soft band" not in run.stderr, run


def test_cbc_gives_the_same_objective_as_highs(feasible_workbook, cli, tmp_path, solved):
    run = cli("solve", feasible_workbook, "--solver", "cbc", "-o", "cbc.xlsx")
    assert run.code == 0, run
    cbc = read_summary(tmp_path / "cbc.xlsx")
    highs = read_summary(solved["plan"])  # HiGHS is the default
    assert highs["status"] == "optimal"
    assert "highs" in str(highs["solver"]).lower()
    assert "cbc" in str(cbc["solver"]).lower()
    assert highs["objective_npv"] == pytest.approx(cbc["objective_npv"], rel=1e-7)


# ---- template, usage errors, unusable files ------------------------------------------------


def test_the_unchanged_template_is_well_formed_but_validate_says_as_solve_that_no_plan_meets_it(cli, tmp_path):
    """The template has no stock: validate answers "can the hard bands be met?" as solve does, exit 3."""
    made = cli("template", "blank.xlsx")
    assert made.code == 0, made
    assert (tmp_path / "blank.xlsx").is_file()
    assert cli("validate", "blank.xlsx", "--no-band-check").code == 0
    checked = cli("validate", "blank.xlsx")
    solved = cli("solve", "blank.xlsx", "-o", "plan.xlsx")
    assert checked.code == solved.code == 3, (checked, solved)

    def misses(text: str) -> str:
        return text[text.index("still leaves") : text.index("Typical causes")]

    assert misses(checked.stdout) == misses(solved.stdout)
    assert "band 'municipal_minimum'" in checked.stdout
    assert "planner solve writes this diagnosis" in checked.stdout
    # its placeholder prognosis is named, should a user fill in everything but it
    assert "persons_80_plus is 5,000 in every year" in checked.stdout + checked.stderr
    assert "is it still the template's placeholder?" in checked.stdout + checked.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blank.xlsx", "plan.xlsx"]


def test_validate_exits_3_where_stock_cannot_cover_the_lead_time_or_exceeds_a_maximum(cli, infeasible_workbook):
    checked = cli("validate", infeasible_workbook)
    assert checked.code == 3, checked
    assert re.search(r"band 'municipal' in \d year\(s\) \(2026–\d+\), worst [\d.]+ places short", checked.stdout)
    assert "band 'short_term' in 3 year(s) (2026–2028), worst 5 places over in 2026" in checked.stdout
    # where the lead times leave only the stock, the paragraph says so with the stock's places
    expected = "band 'municipal' in 2026: nothing can add places to its group before 2027 (lead times, project "
    assert expected + "windows), so only its stock counts there (165 places in 2026)" in checked.stdout


def test_validate_says_a_feasible_input_can_meet_its_hard_bands(cli, feasible_workbook):
    checked = cli("validate", feasible_workbook)
    assert checked.code == 0, checked
    assert "is valid, and its hard bands can be met" in checked.stdout


def test_template_to_an_unwritable_path_exits_2(cli, tmp_path):
    (tmp_path / "afile").write_text("not a folder", encoding="utf-8")
    run = cli("template", "afile/blank.xlsx")
    assert run.code == 2, run
    assert "Traceback" not in run.stderr
    assert "blank.xlsx" in run.stderr


def test_template_refuses_to_overwrite_without_force(cli, tmp_path):
    target = tmp_path / "mine.xlsx"
    target.write_bytes(b"precious")
    refused = cli("template", target)
    assert refused.code == 2, refused
    assert target.read_bytes() == b"precious"
    assert "--force" in refused.stderr
    forced = cli("template", target, "--force")
    assert forced.code == 0, forced
    assert target.read_bytes() != b"precious"
    load_workbook(target).close()


@pytest.fixture
def umask():
    """Set the process umask for a test (subprocesses inherit it); restored afterwards."""
    saved = os.umask(0o022)
    os.umask(saved)
    yield os.umask
    os.umask(saved)


@pytest.mark.skipif(os.name != "posix", reason="file modes and umask are POSIX")
@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o027, 0o640)], ids=["umask-022", "umask-027"])
def test_plan_and_template_honour_the_umask(feasible_workbook, cli, tmp_path, umask, mask, mode):
    """Colleagues and scheduled jobs sharing the folder can read what the planner writes."""
    umask(mask)
    made = cli("template", "blank.xlsx")
    solved = cli("solve", feasible_workbook, "-o", "plan.xlsx")
    assert made.code == 0, made
    assert solved.code == 0, solved
    assert (tmp_path / "blank.xlsx").stat().st_mode & 0o777 == mode
    assert (tmp_path / "plan.xlsx").stat().st_mode & 0o777 == mode


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_overwriting_keeps_the_files_mode(cli, tmp_path, umask):
    umask(0o022)
    target = tmp_path / "shared.xlsx"
    target.write_bytes(b"old")
    target.chmod(0o664)  # group-writable on purpose: a rewrite must not take that away
    run = cli("template", target, "--force")
    assert run.code == 0, run
    assert target.stat().st_mode & 0o777 == 0o664


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["solve"], id="solve-without-file"),
        pytest.param(["validate"], id="validate-without-file"),
        pytest.param(["template"], id="template-without-file"),
        pytest.param(["solve", "x.xlsx", "--no-such-option"], id="unknown-option"),
        pytest.param(["solve", "x.xlsx", "--solver", "gurobi"], id="unknown-solver"),
        pytest.param(["frobnicate"], id="unknown-command"),
    ],
)
def test_usage_errors_exit_2(cli, args):
    run = cli(*args)
    assert run.code == 2, run
    assert "Traceback" not in run.stderr
    assert run.stderr.strip()


def test_output_must_be_xlsx(feasible_workbook, cli, tmp_path):
    run = cli("solve", feasible_workbook, "-o", "plan.csv")
    assert run.code == 2, run
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "plan.csv").exists()


@pytest.mark.parametrize("command", ["solve", "validate"])
def test_missing_input_file_exits_2_with_clear_message(cli, tmp_path, command):
    run = cli(command, "nowhere.xlsx")
    assert run.code == 2, run
    assert "Traceback" not in run.stderr
    assert "nowhere.xlsx" in run.stderr
    assert "not found" in run.stderr.lower() or "does not exist" in run.stderr.lower()
    assert not (tmp_path / "outputs").exists()


@pytest.mark.parametrize("command", ["solve", "validate"])
def test_text_file_named_xlsx_exits_2(cli, tmp_path, command):
    fake = tmp_path / "notes.xlsx"
    fake.write_text("year;persons_80_plus\n2026;1000\n", encoding="utf-8")
    run = cli(command, fake)
    assert run.code == 2, run
    assert "Traceback" not in run.stderr
    assert "notes.xlsx" in run.stderr
    assert fake.read_text(encoding="utf-8") == "year;persons_80_plus\n2026;1000\n"


@pytest.mark.parametrize("spelling", ["same", "dotted", "absolute"])
def test_solve_refuses_to_write_over_its_input(feasible_workbook, cli, spelling):
    output = {
        "same": feasible_workbook.name,
        "dotted": f"./{feasible_workbook.name}",
        "absolute": str(feasible_workbook.resolve()),
    }[spelling]
    before = feasible_workbook.read_bytes()
    run = cli("solve", feasible_workbook.name, "-o", output)
    assert run.code == 2, run
    assert "Traceback" not in run.stderr
    assert feasible_workbook.read_bytes() == before


def test_solve_never_modifies_its_input(solved):
    assert solved["run"].code == 0, solved["run"]
    assert solved["after"] == solved["before"]
    assert sha256(solved["input"]) == read_summary(solved["plan"])["input_sha256"]


# ---- the plan workbook -------------------------------------------------------------------------


def test_machine_sheets_have_the_spec_columns_first(any_plan):
    plan, _, _ = any_plan
    book = load_workbook(plan)
    try:
        for sheet, columns in MACHINE_SHEETS.items():
            assert sheet in book.sheetnames, f"sheet {sheet} missing"
            header = [c.value for c in next(book[sheet].iter_rows(min_row=1, max_row=1))]
            assert header[: len(columns)] == columns, sheet
    finally:
        book.close()


def test_machine_sheets_hold_no_formulas(any_plan):
    plan, _, _ = any_plan
    book = load_workbook(plan, data_only=False)
    try:
        for sheet in MACHINE_SHEETS:
            for row in book[sheet].iter_rows():
                for cell in row:
                    assert cell.data_type != "f", f"{sheet}!{cell.coordinate} is a formula"
                    assert not (isinstance(cell.value, str) and cell.value.startswith("=")), (
                        f"{sheet}!{cell.coordinate} holds {cell.value!r}"
                    )
    finally:
        book.close()


def test_summary_records_every_key(any_plan):
    plan, _, source = any_plan
    _, rows = read_table(plan, "summary")
    keys = [r["key"] for r in rows]
    assert len(keys) == len(set(keys)), "each key once"
    missing = [k for k in SUMMARY_KEYS if k not in keys]
    assert not missing, f"summary lacks {missing}"
    summary = read_summary(plan)
    assert summary["input_sha256"] == sha256(source)
    assert summary["input_file"] == source.name
    assert summary["planner_version"]
    assert summary["solver"] and "highs" in str(summary["solver"]).lower()  # the default solver
    assert summary["first_year"] == FIRST and summary["last_year"] == LAST
    assert summary["discount_rate"] == pytest.approx(0.04)
    assert summary["created_utc"]
    assert summary["status"] in ("optimal", "infeasible")


def test_planner_version_is_the_package_version(solved):
    from planner import __version__

    assert read_summary(solved["plan"])["planner_version"] == __version__


def test_objective_is_discounted_costs_plus_penalties_minus_residual(any_plan):
    plan, _, _ = any_plan
    summary = read_summary(plan)
    _, costs = read_table(plan, "costs")
    total = sum(r["discounted_net_cost"] for r in costs)
    expected = total + summary["penalties_discounted"] - summary["residual_value_discounted"]
    assert summary["objective_npv"] == pytest.approx(expected, rel=1e-9)


def test_penalties_are_the_soft_band_misses(solved):
    """Σ d(t) × penalty × (shortfall + excess) over soft bands, from the coverage rows."""
    sheets = feasible_sheets()
    penalty = {r["band"]: r["penalty_per_place_year"] for r in _table(sheets, "bands") if r["hard"] == "no"}
    _, coverage = read_table(solved["plan"], "coverage")
    expected = sum(
        _discount_factor(r["year"]) * penalty[r["band"]] * ((r["shortfall_places"] or 0) + (r["excess_places"] or 0))
        for r in coverage
        if r["band"] in penalty
    )
    assert expected > 0, "the instance is meant to miss its soft band"
    assert read_summary(solved["plan"])["penalties_discounted"] == pytest.approx(expected, rel=1e-9)


def test_costs_rows_recompute(any_plan):
    plan, _, _ = any_plan
    _, costs = read_table(plan, "costs")
    assert sorted(r["year"] for r in costs) == YEARS
    for r in costs:
        net = (
            r["investment"]
            - r["grants"]
            + r["fixed_costs"]
            + r["conversion_costs"]
            + r["operating"]
            - r["rent_income"]
            + r["fixed_operating"]
        )
        assert r["net_cost"] == pytest.approx(net, rel=1e-9, abs=1e-6), r
        assert r["discount_factor"] == pytest.approx(_discount_factor(r["year"]), rel=1e-12), r
        assert r["discounted_net_cost"] == pytest.approx(r["net_cost"] * r["discount_factor"], rel=1e-9, abs=1e-6), r


def test_operating_and_rent_follow_capacity(any_plan):
    """Operating and rent are charged on every place in service, stock included."""
    plan, sheets, _ = any_plan
    types = _place_types(sheets)
    _, capacity = read_table(plan, "capacity")
    _, costs = read_table(plan, "costs")
    for r in costs:
        rows = [c for c in capacity if c["year"] == r["year"]]
        operating = sum(c["places"] * types[c["type"]]["operating_per_place_year"] for c in rows)
        rent = sum(c["places"] * types[c["type"]]["rent_per_place_year"] for c in rows)
        assert r["operating"] == pytest.approx(operating, rel=1e-9), r
        assert r["rent_income"] == pytest.approx(rent, rel=1e-9), r


def test_capacity_is_stock_plus_openings_plus_conversions(any_plan):
    plan, sheets, _ = any_plan
    _, capacity = read_table(plan, "capacity")
    _, opened = read_table(plan, "plan")
    _, converted = read_table(plan, "conversions")
    types = list(_place_types(sheets))
    assert {(r["year"], r["type"]) for r in capacity} == {(y, k) for y in YEARS for k in types}
    for r in capacity:
        year, k = r["year"], r["type"]
        expected = (
            _stock_in_service(sheets, k, year)
            + sum(p["places"] for p in opened if p["type"] == k and p["year"] <= year)
            + sum(c["places"] for c in converted if c["to_type"] == k and c["year"] <= year)
            - sum(c["places"] for c in converted if c["from_type"] == k and c["year"] <= year)
        )
        assert r["places"] == pytest.approx(expected), r
        assert r["places"] >= 0


def test_feasible_plan_uses_new_places_a_project_and_conversions(solved):
    """The instance exercises every kind of row, so the recomputations above are not vacuous."""
    _, opened = read_table(solved["plan"], "plan")
    _, converted = read_table(solved["plan"], "conversions")
    assert {r["source"] for r in opened} >= {"new", "Hub"}
    assert converted


def test_coverage_share_and_places(any_plan):
    plan, sheets, _ = any_plan
    _, capacity = read_table(plan, "capacity")
    _, coverage = read_table(plan, "coverage")
    places = {(r["year"], r["type"]): r["places"] for r in capacity}
    population = {r["year"]: r["persons_80_plus"] for r in _table(sheets, "population")}
    bands = {r["band"]: r for r in _table(sheets, "bands")}
    assert {(r["band"], r["year"]) for r in coverage} == {(b, y) for b in bands for y in YEARS}
    for r in coverage:
        band = bands[r["band"]]
        assert r["group"] == band["group"]
        assert r["base"] == "persons_80_plus"
        assert r["population"] == pytest.approx(population[r["year"]])
        assert r["places"] == pytest.approx(sum(places[r["year"], k] for k in _group_types(sheets, r["group"]))), r
        assert r["share"] == pytest.approx(r["places"] / r["population"], rel=1e-12), r
        for bound in ("min_share", "max_share"):
            if band[bound] is None:
                assert r[bound] is None, r
            else:
                assert r[bound] == pytest.approx(band[bound]), r
        short = max(0.0, band["min_share"] * r["population"] - r["places"]) if band["min_share"] is not None else 0
        over = max(0.0, r["places"] - band["max_share"] * r["population"]) if band["max_share"] is not None else 0
        assert (r["shortfall_places"] or 0) == pytest.approx(short, abs=1e-6), r
        assert (r["excess_places"] or 0) == pytest.approx(over, abs=1e-6), r


def test_hard_bands_hold_in_a_feasible_plan(solved):
    _, coverage = read_table(solved["plan"], "coverage")
    hard = {r["band"] for r in _table(feasible_sheets(), "bands") if r["hard"] == "yes"}
    for r in coverage:
        if r["band"] in hard:
            assert (r["shortfall_places"] or 0) == pytest.approx(0, abs=1e-6), r
            assert (r["excess_places"] or 0) == pytest.approx(0, abs=1e-6), r
            if r["min_share"] is not None:
                assert r["places"] >= r["min_share"] * r["population"] - 1e-6, r
            if r["max_share"] is not None:
                assert r["places"] <= r["max_share"] * r["population"] + 1e-6, r


def _machine_sheets(path: Path) -> dict[str, list[tuple]]:
    book = load_workbook(path)
    try:
        tables = {name: list(book[name].iter_rows(values_only=True)) for name in MACHINE_SHEETS}
    finally:
        book.close()
    tables["summary"] = [r for r in tables["summary"] if r[0] not in VOLATILE_SUMMARY_KEYS]
    return tables


def test_same_input_gives_the_same_plan(solved):
    again = run_cli("solve", "small.xlsx", "-o", "again.xlsx", cwd=solved["dir"])
    assert again.code == 0, again
    first, second = _machine_sheets(solved["plan"]), _machine_sheets(solved["dir"] / "again.xlsx")
    for name in MACHINE_SHEETS:
        assert first[name] == second[name], name


def test_a_closed_pipe_is_not_reported_as_a_bug(tmp_path):
    """`planner … | true`: the reader is gone before the planner writes; it leaves quietly (141), as a pipe would."""
    import subprocess
    import sys

    from conftest import REPO

    command = f"{sys.executable} -m planner.cli solve {REPO / 'inputs' / 'baerum_new_places.xlsx'} -o plan.xlsx | true"
    env = {**__import__("os").environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command], cwd=tmp_path, capture_output=True, text=True, env=env
    )
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert (tmp_path / "plan.xlsx").exists()


def test_an_output_path_through_folders_not_yet_made_never_overwrites_the_input(feasible_workbook, tmp_path):
    """'new/x/../../input.xlsx' does not exist until its folders are made, and then it is the input."""
    before = sha256(feasible_workbook)
    sneaky = f"new/x/../../{feasible_workbook.name}"
    run = run_cli("solve", feasible_workbook.name, "-o", sneaky, cwd=feasible_workbook.parent)
    assert run.code == 2 and "the output path is the input workbook" in run.stderr, run
    assert sha256(feasible_workbook) == before


def test_validate_never_calls_a_feasible_input_infeasible_when_its_time_runs_out(cli, tmp_path):
    """With too little time the check cannot prove a miss: it says it could not decide, exit 0, never exit 3."""
    from conftest import REPO
    from openpyxl import load_workbook

    book = load_workbook(REPO / "inputs" / "baerum_new_places.xlsx")
    for row in book["settings"].iter_rows(min_row=2):
        if row[0].value == "time_limit_s":
            row[1].value = 0.05
    book.save(tmp_path / "short.xlsx")
    checked = cli("validate", "short.xlsx")
    assert checked.code == 0, checked
    assert "hard bands can be met" in checked.stdout or "was not decided within" in checked.stderr
