"""Trusting the optimum: a CBC claim checked by HiGHS (--verify), and progress on long solves."""

from __future__ import annotations

import dataclasses
import io

import pulp
import pytest
from conftest import REPO
from test_model_rules import band, d, money, planning_input, ptype

from models import Site, StockRow
from models.capacity import OBJECTIVE_SCALE, build_model
from models.optimise import optimise
from models.solve import OPTIMALITY_CHECKS, SolverRun, run_solver, verify_with_highs
from planner.commands.console import ProgressLine
from planner.inputs import read_input

CBC_UNCHECKED = OPTIMALITY_CHECKS["unchecked"]


def two_types_case():
    """Need 10 places in 2025: A costs 1 MNOK a place, B 2 MNOK. Optimum: 10 A = 10 MNOK."""
    return planning_input([ptype("A", inv=1e6), ptype("B", inv=2e6)], [10], [band(lo=1.0)])


def test_cbc_claim_of_a_dearer_plan_is_caught_and_the_plan_kept():
    """CBC says 'optimal' for 10 B places (20 MNOK); HiGHS proves 10 MNOK: the plan is only feasible."""
    model = build_model(two_types_case())
    model.new_modules["A", 2025].upBound = 0  # the plan CBC stopped at: all B
    assert run_solver(model.problem, "highs", 30).status == "optimal"
    model.new_modules["A", 2025].upBound = None  # the real model again, B's plan still in the variables
    claimed = SolverRun("optimal", 0.0, 0.1, "cbc 2.10.3 (PuLP)", "unchecked")

    checked = verify_with_highs(model.problem, claimed, 30)

    assert checked.status == "feasible"
    assert checked.mip_gap == pytest.approx((20e6 - 10e6) / 20e6, rel=1e-6)
    assert checked.optimality_check.startswith("CBC called it optimal; highs")
    assert "found a cheaper plan, and the optimum is up to 50.0000% lower" in checked.optimality_check
    assert model.new_modules["B", 2025].varValue == 10  # CBC's plan is what gets written
    assert pulp.value(model.problem.objective) / OBJECTIVE_SCALE == money(20e6)


def test_cbc_claim_of_the_true_optimum_is_verified():
    solution = optimise(two_types_case(), solver="cbc", time_limit=30, verify=True)
    assert solution.status == "optimal"
    assert solution.run.optimality_check.startswith("verified by highs")
    assert solution.objective_npv == money(10e6 * d(2025))


def test_cbc_optimum_without_verify_says_it_is_unchecked():
    solution = optimise(two_types_case(), solver="cbc", time_limit=30)
    assert solution.status == "optimal"
    assert solution.run.optimality_check == CBC_UNCHECKED


def test_a_cbc_optimum_with_a_constant_cost_is_verified_not_refuted():
    """A kept site's fixed operating cost is a constant of the objective that HiGHS is not given: the check must
    add it back before comparing, or every CBC optimum of a plan with sites would look 15 M dearer than HiGHS's."""
    data = planning_input([ptype("care", inv=1e6)], [10, 10, 10], stock=[StockRow("Old", "care", 10)], rate=0.0)
    data = dataclasses.replace(data, sites=[Site("Old", fixed_operating_year=5e6)])
    solution = optimise(data, solver="cbc", time_limit=30, verify=True)
    assert solution.status == "optimal" and solution.objective_npv == money(15e6)
    assert solution.run.check == "verified"


def test_highs_optimum_is_its_own_proof():
    solution = optimise(two_types_case(), solver="highs", time_limit=30, verify=True)
    assert solution.run.optimality_check == "proven by HiGHS"


def test_progress_reports_the_best_plan_in_nok_while_highs_solves():
    # the example with buildings: its kept sites' fixed operating cost is a constant of the objective, which
    # PuLP does not give HiGHS (once reported 419 M NOK below the optimum)
    data = read_input(REPO / "inputs" / "baerum.xlsx").data
    calls = []
    solution = optimise(data, solver="highs", time_limit=120, progress=lambda *a: calls.append(a))
    assert calls, "HiGHS reported no progress on a MIP that branches"
    seconds, best, gap = calls[-1]
    assert seconds >= 0
    if best is not None:  # no better than the optimum, in NOK (not the solver's million NOK)
        assert best >= solution.objective_npv * (1 - 1e-7)
        assert best < solution.objective_npv * 1.5
        assert gap is None or 0 <= gap <= 1


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_line_in_a_log_is_quiet_at_first_then_every_few_seconds():
    log = io.StringIO()
    line = ProgressLine(log, quiet_seconds=3, every_seconds=5)
    for seconds in (1, 2.9, 3.5, 6, 8.6, 9):
        line(seconds, 40_000e6, 0.0123)
    line.close()
    lines = log.getvalue().splitlines()
    assert lines == [
        "solving:     4 s, best plan 40,000.0 M NOK, gap 1.23%",
        "solving:     9 s, best plan 40,000.0 M NOK, gap 1.23%",
    ]


def test_progress_line_on_a_terminal_updates_one_line():
    screen = _Terminal()
    line = ProgressLine(screen, quiet_seconds=0)
    line(1, None, None)
    line(2, 39_000e6, 0.5)
    line.close()
    text = screen.getvalue()
    assert text.count("\r") == 2 and text.endswith("\n") and text.count("\n") == 1
    assert "no plan yet" in text and "gap 50.00%" in text


def _notes_text(path) -> str:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    try:
        return "\n".join(str(r[0]) for r in book["Notater"].iter_rows(values_only=True) if r[0])
    finally:
        book.close()


def test_plan_says_how_its_optimum_was_checked(feasible_workbook, tmp_path):
    from conftest import read_summary, run_cli

    run = run_cli("solve", feasible_workbook, "--solver", "cbc", "-o", tmp_path / "cbc.xlsx", cwd=tmp_path)
    assert run.code == 0, run
    assert "not independently checked" in run.stdout
    assert read_summary(tmp_path / "cbc.xlsx")["optimality_check"] == CBC_UNCHECKED
    assert "--verify" in _notes_text(tmp_path / "cbc.xlsx")  # said in the plan's language (bokmål by default)

    run = run_cli("solve", feasible_workbook, "--solver", "cbc", "--verify", "-o", tmp_path / "v.xlsx", cwd=tmp_path)
    assert run.code == 0, run
    assert read_summary(tmp_path / "v.xlsx")["optimality_check"].startswith("verified by highs")

    run = run_cli("solve", feasible_workbook, "-o", tmp_path / "h.xlsx", cwd=tmp_path)
    assert read_summary(tmp_path / "h.xlsx")["optimality_check"] == "proven by HiGHS"
    assert "Optimum kontrollert: bevist av HiGHS." in _notes_text(tmp_path / "h.xlsx")


def test_the_command_line_loads_no_solver_or_pandas_until_a_command_runs():
    """`planner --help` stays instant: importing the CLI must not pull in PuLP, HiGHS or pandas."""
    import subprocess
    import sys

    probe = "import sys, planner.cli; print(sorted(m for m in ('pulp', 'highspy', 'pandas') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, check=True)
    assert done.stdout.strip() == "[]", done.stdout
