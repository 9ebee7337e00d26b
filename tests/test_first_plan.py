"""The construction heuristic (models.first_plan): its plan meets every rule of the full model.

No timing assertions: how soon it comes is measured by the benchmark (bench/family.py, make bench).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pulp
import pytest

ROOT = str(Path(__file__).resolve().parents[1])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from bench import instances  # noqa: E402
from models.capacity import build_model  # noqa: E402
from models.first_plan import first_plan, worth_constructing  # noqa: E402
from models.solve import Start, run_solver  # noqa: E402

TOLERANCE = 1e-6


def _violations(problem: pulp.LpProblem, values: dict[str, float]) -> list[str]:
    """Every row, bound and integrality the values break (beyond the solvers' tolerance)."""
    broken = []
    for var in problem.variables():
        x = values[var.name]
        if var.lowBound is not None and x < var.lowBound - TOLERANCE:
            broken.append(f"{var.name} = {x} below {var.lowBound}")
        if var.upBound is not None and x > var.upBound + TOLERANCE:
            broken.append(f"{var.name} = {x} above {var.upBound}")
        if var.cat == pulp.LpInteger and abs(x - round(x)) > TOLERANCE:
            broken.append(f"{var.name} = {x} not whole")
    for row in problem.constraints():
        name = row.name
        lhs = sum(coef * values[var.name] for var, coef in row.items()) + row.constant
        slack = TOLERANCE * max(1.0, abs(row.constant))
        if (row.sense == pulp.LpConstraintLE and lhs > slack) or (row.sense == pulp.LpConstraintGE and lhs < -slack):
            broken.append(f"{name}: {lhs}")
        if row.sense == pulp.LpConstraintEQ and abs(lhs) > slack:
            broken.append(f"{name}: {lhs}")
    return broken


@pytest.fixture(scope="module")
def medium():
    """The 20-year 8-type instance (1,837 integer variables): large enough to mean something, quick to solve."""
    return build_model(instances.generate("medium"))


@pytest.fixture
def constructs(monkeypatch):
    """run_solver builds a first plan on the medium instance too (by default only above 2,500 integers)."""
    import models.first_plan

    monkeypatch.setattr(models.first_plan, "FIRST_PLAN_ABOVE", 1_000)
    assert worth_constructing(build_model(instances.generate("medium")).problem)


def test_the_first_plan_meets_every_rule_and_its_bound_is_below_it(medium):
    plan = first_plan(medium.problem, medium.facility_openings(), None)
    assert plan is not None
    assert _violations(medium.problem, plan.values) == []
    objective = sum(coef * plan.values[var.name] for var, coef in medium.problem.objective.items())
    assert plan.objective == pytest.approx(objective, rel=1e-9)
    assert plan.lower_bound <= plan.objective
    assert 0 <= plan.gap < 0.05


def test_the_solve_starts_from_it_and_ends_no_worse(medium, constructs):
    """Handed to HiGHS as its start, the plan is the bar: the solver's plan costs no more."""
    plan = first_plan(medium.problem, medium.facility_openings(), None)
    run = run_solver(medium.problem, "highs", 60, 0.01, start=Start(openings=medium.facility_openings()))
    assert run.has_solution
    assert pulp.value(medium.problem.objective) <= plan.objective * (1 + 1e-9)
    assert run.mip_gap <= 0.01


def test_a_solver_that_overruns_its_limit_is_stopped_and_the_first_plan_is_the_result(medium, constructs, monkeypatch):
    """HiGHS stuck past its limit (as it was for minutes in one root step) is stopped; the first plan stands."""
    import time

    import models.solve as solving

    if not solving._can_fork():
        pytest.skip("no fork here: the solve runs in this process, unwatched")

    def stuck(*args, **kwargs):
        time.sleep(600)

    monkeypatch.setattr(solving, "_run_highs", stuck)  # inherited by the forked child
    started = time.perf_counter()
    # the first plan takes 0.4 s of its 30 % share (1.5 s) of the limit
    run = run_solver(medium.problem, "highs", 5, 0.0, start=Start(openings=medium.facility_openings()))
    assert time.perf_counter() - started < 5 + 30, "the child was not stopped"
    assert run.status == "feasible" and 0 <= run.mip_gap < 0.05
    values = {var.name: var.varValue for var in medium.problem.variables()}
    assert _violations(medium.problem, values) == []


def test_a_stopped_solver_leaves_the_best_plan_it_found(medium, constructs, monkeypatch):
    """HiGHS solves, then hangs instead of returning: the better plans it sent on are not lost when it is stopped."""
    import time

    import models.solve as solving

    if not solving._can_fork():
        pytest.skip("no fork here: the solve runs in this process, unwatched")
    real = solving._run_highs

    def solves_then_hangs(*args, **kwargs):
        real(*args, **kwargs)
        time.sleep(600)

    monkeypatch.setattr(solving, "_run_highs", solves_then_hangs)
    first = first_plan(medium.problem, medium.facility_openings(), None)
    run = run_solver(medium.problem, "highs", 8, 0.0, start=Start(openings=medium.facility_openings()))
    values = {var.name: var.varValue for var in medium.problem.variables()}
    assert _violations(medium.problem, values) == []
    cost = sum(coef * values[var.name] for var, coef in medium.problem.objective.items())
    assert run.status == "feasible" and run.mip_gap is not None
    assert cost < first.objective, "HiGHS's better plan should have been kept, not the first plan"
    assert run.mip_gap < first.gap
