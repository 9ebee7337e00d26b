"""Faults around a solve: solvers stopping early or missing, outputs that cannot be written."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from conftest import (
    EXAMPLE,
    NEW_PLACES_EXAMPLE,
    NEW_PLACES_OPTIMUM,
    example_to,
    read_summary,
    read_table,
    run_cli,
    sha256,
    started_planner,
)

MACHINE_SHEETS = ["summary", "plan", "conversions", "capacity", "coverage", "costs"]


def _no_traceback(run):
    assert "Traceback" not in run.stdout + run.stderr, run
    assert run.code != 1, run


def test_gap_stop_is_feasible_with_its_gap_and_a_warning(tmp_path):
    plan = tmp_path / "plan.xlsx"
    run = run_cli("solve", NEW_PLACES_EXAMPLE, "-o", plan, "--gap", "0.05", cwd=tmp_path)
    assert run.code == 0, run
    summary = read_summary(plan)
    assert summary["status"] == "feasible"
    # the reported gap bounds how far this plan may be above the proven optimum of the example
    optimum = NEW_PLACES_OPTIMUM
    assert 0 < summary["mip_gap"] <= 0.05
    assert summary["objective_npv"] >= optimum * (1 - 1e-9)
    assert (summary["objective_npv"] - optimum) / summary["objective_npv"] <= summary["mip_gap"] + 1e-9
    assert "warning" in run.stdout and "not proven optimal" in run.stdout


@pytest.mark.parametrize("solver", ["cbc", "highs"])
def test_no_plan_within_the_time_limit_exits_4(tmp_path, solver):
    plan = tmp_path / "plan.xlsx"
    run = run_cli("solve", NEW_PLACES_EXAMPLE, "-o", plan, "--time-limit", "0.001", "--solver", solver, cwd=tmp_path)
    _no_traceback(run)
    assert run.code == 4, run
    assert "No feasible plan was found within the time limit" in run.stdout
    assert "--gap" not in run.stdout  # no plan: a gap to accept cannot help
    summary = read_summary(plan)
    assert summary["status"] == "no_solution"
    assert read_table(plan, "plan")[1] == []


def test_missing_cbc_suggests_highs(tmp_path):
    env = {"PLANNER_CBC_PATH": str(tmp_path / "no-such-cbc")}
    run = run_cli("solve", NEW_PLACES_EXAMPLE, "--solver", "cbc", cwd=tmp_path, extra_env=env)
    _no_traceback(run)
    assert run.code == 2, run
    assert "was not found" in run.stderr and "--solver highs" in run.stderr
    assert not (tmp_path / "outputs").exists()


def test_failing_cbc_suggests_highs(tmp_path):
    broken = tmp_path / "cbc"
    broken.write_text("#!/bin/sh\necho 'segmentation fault' >&2\nexit 139\n")
    broken.chmod(broken.stat().st_mode | stat.S_IEXEC)
    run = run_cli(
        "solve", NEW_PLACES_EXAMPLE, "--solver", "cbc", cwd=tmp_path, extra_env={"PLANNER_CBC_PATH": str(broken)}
    )
    _no_traceback(run)
    assert run.code == 2, run
    assert "failed" in run.stderr and "--solver highs" in run.stderr
    assert not (tmp_path / "outputs").exists()


def test_highs_runs_when_cbc_is_missing(tmp_path, feasible_workbook):
    env = {"PLANNER_CBC_PATH": str(tmp_path / "no-such-cbc")}
    run = run_cli(
        "solve", feasible_workbook, "-o", tmp_path / "p.xlsx", "--solver", "highs", cwd=tmp_path, extra_env=env
    )
    assert run.code == 0, run
    assert read_summary(tmp_path / "p.xlsx")["solver"].startswith("highs")


def test_missing_output_folder_is_created(tmp_path, feasible_workbook):
    plan = tmp_path / "new" / "deeper" / "plan.xlsx"
    run = run_cli("solve", feasible_workbook, "-o", plan, cwd=tmp_path)
    assert run.code == 0, run
    assert read_summary(plan)["status"] == "optimal"


def test_unwritable_output_is_a_clear_error_and_leaves_nothing(tmp_path):
    blocker = tmp_path / "afile"
    blocker.write_text("a file where a folder should be")
    run = run_cli("solve", NEW_PLACES_EXAMPLE, "-o", blocker / "plan.xlsx", cwd=tmp_path)
    _no_traceback(run)
    assert run.code == 2, run
    assert "cannot write the plan" in run.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile"]


def test_existing_plan_is_replaced_whole(tmp_path, feasible_workbook):
    plan = tmp_path / "plans" / "plan.xlsx"
    plan.parent.mkdir()
    plan.write_bytes(b"an old plan")
    run = run_cli("solve", feasible_workbook, "-o", plan, cwd=tmp_path)
    assert run.code == 0, run
    assert read_summary(plan)["status"] == "optimal"
    assert [p.name for p in plan.parent.iterdir()] == ["plan.xlsx"], "no temporary file may be left behind"


@pytest.mark.parametrize("solver", ["cbc", "highs"])
def test_a_plan_is_identical_run_after_run(tmp_path, solver):
    """HiGHS on the example without its buildings to 2038; CBC, whose proof of the example takes 50 s (make bench),
    on the benchmark's small instance: 20 years, 4 types, 10 projects. Two runs of the same file."""
    if solver == "highs":
        workbook = example_to(2038, tmp_path, NEW_PLACES_EXAMPLE)
    else:
        from bench import instances

        workbook = instances.write_workbook(instances.generate("small"), tmp_path / "small.xlsx")
    before = sha256(workbook)
    tables = []
    for n in (1, 2):
        plan = tmp_path / f"plan{n}.xlsx"
        run = run_cli("solve", workbook, "-o", plan, "--solver", solver, "--time-limit", "300", cwd=tmp_path)
        assert run.code == 0
        sheets = {name: read_table(plan, name) for name in MACHINE_SHEETS}
        varying = {"created_utc", "solve_seconds"}
        sheets["summary"] = (sheets["summary"][0], [r for r in sheets["summary"][1] if r["key"] not in varying])
        tables.append(sheets)
    assert tables[0] == tables[1]
    assert read_summary(tmp_path / "plan2.xlsx")["status"] == "optimal"
    assert sha256(workbook) == before


# ---- never lose a solve: the output checked before, the plan saved elsewhere after ---------------------


@pytest.mark.parametrize("command", ["solve", "reoptimise", "sweep", "prognosis"])
def test_an_output_in_the_way_is_refused_before_anything_is_read_or_solved(tmp_path, command, monkeypatch):
    """A file where the output's folder should be: exit 2 naming the full path, and no solve ever starts."""
    from click.testing import CliRunner

    import models.optimise
    from planner import cli

    def never(*args, **kwargs):
        raise AssertionError("solved although the output cannot be written")

    monkeypatch.setattr(models.optimise, "optimise", never)
    blocker = tmp_path / "afile"
    blocker.write_text("a file where a folder should be")
    out = blocker / "out.xlsx"
    args = {
        "solve": ["solve", str(NEW_PLACES_EXAMPLE), "--band-costs", "-o", str(out)],
        "reoptimise": ["reoptimise", str(NEW_PLACES_EXAMPLE), "--baseline", str(NEW_PLACES_EXAMPLE), "-o", str(out)],
        "sweep": ["sweep", str(NEW_PLACES_EXAMPLE), "--product", "discount_rate=0.03,0.04", "-o", str(out)],
        "prognosis": ["prognosis", str(NEW_PLACES_EXAMPLE), "--region", "3024", "-o", str(out)],
    }[command]
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli.main, args)
    assert result.exit_code == 2, result.output
    assert f"{out}: cannot write the" in result.output
    assert f"{blocker} is a file, not a folder" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile"]


def test_a_folder_given_as_the_output_is_named_in_full_by_the_real_command(tmp_path):
    (tmp_path / "plans.xlsx").mkdir()
    run = run_cli("solve", NEW_PLACES_EXAMPLE, "-o", "plans.xlsx", "--band-costs", cwd=tmp_path)
    _no_traceback(run)
    assert run.code == 2, run
    assert f"{tmp_path / 'plans.xlsx'}: cannot write the plan there: it is a folder" in run.stderr
    assert "nothing was solved or written" in run.stderr


def _refuse_replacing(target: Path, monkeypatch) -> None:
    """os.replace onto TARGET fails as a full share or a file Excel holds open on Windows makes it fail."""
    import os

    real_replace = os.replace

    def refused(src, dst, *args, **kwargs):
        if os.fspath(dst) == os.fspath(target):
            raise PermissionError(13, "Permission denied")
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", refused)


def test_a_plan_that_cannot_be_written_after_the_solve_is_saved_where_the_message_says(
    tmp_path, feasible_workbook, monkeypatch
):
    """The folder refuses the plan only at the end (a disk filled, a share gone): the plan is saved beside it."""

    from click.testing import CliRunner

    from planner import cli

    target = tmp_path / "plans" / "plan.xlsx"
    _refuse_replacing(target, monkeypatch)
    result = CliRunner().invoke(cli.main, ["solve", str(feasible_workbook), "-o", str(target), "--json"])
    assert result.exit_code == 2, result.output
    assert "nothing was solved" not in result.output
    saved = Path(json.loads(result.stdout.strip().splitlines()[-1])["saved_to"])
    assert f"{target}: cannot write the plan: Permission denied; it is saved as {saved} instead" in result.output
    assert saved.parent == target.parent and not target.exists()
    assert read_summary(saved)["status"] == "optimal"


def test_a_plan_open_in_excel_is_named_as_the_reason(tmp_path, feasible_workbook, monkeypatch):
    """Windows: Excel keeps an open workbook from being written. Before the solve the planner says so (exit 2,
    nothing solved); if Excel opens it during the solve, the plan is saved beside it with the same hint."""

    from click.testing import CliRunner

    from planner import cli
    from planner.commands import paths

    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"last year's plan, open in Excel")
    monkeypatch.setattr(paths, "_in_use", lambda path: path == target)
    before = CliRunner().invoke(cli.main, ["solve", str(feasible_workbook), "-o", str(target)])
    assert before.exit_code == 2, before.output
    assert f"{target}: cannot write the plan there: the file is open in another program" in before.output
    assert "close it there, or choose another path with -o" in before.output

    monkeypatch.setattr(paths, "_in_use", lambda path: False)  # opened in Excel while the plan was solved
    _refuse_replacing(target, monkeypatch)
    during = CliRunner().invoke(cli.main, ["solve", str(feasible_workbook), "-o", str(target)])
    assert during.exit_code == 2, during.output
    assert "Permission denied; is it open in another program, such as Excel? Close it there" in during.output
    assert target.read_bytes() == b"last year's plan, open in Excel"
    assert len(list(tmp_path.glob("plan-saved-*.xlsx"))) == 1


@pytest.mark.parametrize("lock", [".~lock.plan.xlsx#", "~$plan.xlsx"], ids=["libreoffice", "excel"])
def test_a_plan_open_in_libreoffice_or_excel_is_not_overwritten_on_any_system(tmp_path, feasible_workbook, lock):
    """Linux and macOS let a program write a file another has open: the lock file beside it says it is open."""
    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"last year's plan, open in LibreOffice")
    (tmp_path / lock).write_bytes(b"")
    run = run_cli("solve", feasible_workbook, "-o", target, cwd=tmp_path)
    assert run.code == 2, run
    assert f"the file is open in another program ({lock} beside it is the lock file" in run.stdout + run.stderr
    assert target.read_bytes() == b"last year's plan, open in LibreOffice"
    (tmp_path / lock).unlink()  # closed: written as usual
    assert run_cli("solve", feasible_workbook, "-o", target, cwd=tmp_path).code == 0


def test_in_use_is_false_for_a_file_this_process_can_write(tmp_path):
    from planner.commands.paths import _in_use

    plan = tmp_path / "plan.xlsx"
    plan.write_bytes(b"x")
    assert _in_use(plan) is False


def test_a_read_only_plan_is_refused_before_solving_even_for_root(tmp_path, feasible_workbook):
    """chmod 444 (or Windows' read-only attribute) marks a plan to keep: refused, whoever runs the planner."""
    import os

    plan = tmp_path / "kept.xlsx"
    plan.write_bytes(b"last year's plan, kept as it is")
    plan.chmod(0o444)
    run = run_cli("solve", feasible_workbook, "-o", plan, cwd=tmp_path)
    _no_traceback(run)
    assert run.code == 2, run
    assert f"{plan}: cannot write the plan there: the file is read-only; choose another path with -o" in run.stderr
    assert plan.read_bytes() == b"last year's plan, kept as it is"
    os.chmod(plan, 0o644)


def test_a_short_time_limit_leaves_the_solver_most_of_it():
    """--time-limit 3 on the example (0.7 s of reading) left the solver the 0.5 s minimum and ended at 2 s with no
    plan; the moment kept for writing is now at most 15 % of a short limit, 2 s of a long one."""
    from planner.commands.solve import solving_seconds

    assert solving_seconds(3, 0.7) == pytest.approx(3 - 0.7 - 0.45)
    assert solving_seconds(60, 0.7) == pytest.approx(60 - 0.7 - 2.0)


def test_ctrl_c_while_highs_solves_exits_130_and_leaves_the_plan_file_alone(tmp_path):
    """A terminal's Ctrl-C reaches the whole job while HiGHS is in its search (the example takes 5 s or more): it
    was swallowed in HiGHS's callback, and the run said no plan was found in time and wrote over the plan."""
    import signal
    import time

    plan = tmp_path / "plan.xlsx"
    plan.write_bytes(b"last year's plan")
    proc = started_planner(["solve", str(EXAMPLE), "-o", str(plan), "--time-limit", "120"], tmp_path, own_group=True)
    time.sleep(3)  # reading takes under a second: HiGHS is searching
    os.killpg(proc.pid, signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, (stdout, stderr)
    assert "Interrupted; nothing more was done" in stderr and "No feasible plan" not in stdout + stderr
    assert "Traceback" not in stderr and plan.read_bytes() == b"last year's plan"
