"""A first plan in seconds: the MIP restricted to the facilities its LP relaxation opens, handed on as a start.

Large models reach their first plan late in HiGHS: presolve, cut rounds and sub-MIPs come first
(54 s on the benchmark's 200-facility model, never within 60 s on some of the family;
bench/experiments.md, bench/results.md). Most of its integer decisions are whether and when each
candidate facility opens, and the LP relaxation already says which few are worth considering.
So (as RENS does inside a MIP solver, but before the root's cut loop):

1. solve the LP relaxation: a bound no plan can beat;
2. solve the whole model (every rule: bands, budget, labour, lead times, facility sizes and
   whole modules) with the openings the relaxation leaves at 0 fixed closed, to a 1 % gap;
3. if that restricted model has no plan, free every year of each facility the relaxation
   opens at all, and solve again; if still none, free also the next-cheapest facilities by the
   reduced cost of their cheapest opening year (at least 20, three times those opened).

A plan from step 2 or 3 meets every rule of the full model; the MIP starts from it, and if the
time runs out before the MIP finds a better one, it is the result, with its gap to the bound of
step 1. Relax-and-fix over windows of years was tried first and failed on the family: fixing one
window's openings left a later window's budget years without room (README, "A plan always, fast").
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import pulp

# The restricted model stops within this gap of its own optimum: the start only has to be good, not proven.
RESTRICTED_GAP = 0.01
# Models with fewer integer decisions than this reach a first plan in HiGHS at once (the example, 354: 0.1 s),
# and a start sends HiGHS down a worse path on some (the 20-year 8-type instance, 1,837: 0.90 % at 30 s
# with it, 0.49 % in 8 s without); above, it pays (the 40-year 50-facility one, 3,042: the same 0.5 % in
# 12 s; the 200-facility one, 10,226: 6.5 s instead of 44). bench/results.md.
FIRST_PLAN_ABOVE = 2_500
# An LP value above this opens a facility "at all".
OPENS = 1e-6


@dataclass(frozen=True)
class FirstPlan:
    """A plan meeting every rule of the model, with the LP relaxation's bound on the optimum."""

    values: dict[str, float]  # variable name -> value, every variable of the problem
    objective: float  # in the problem's own units (OBJECTIVE_SCALE)
    lower_bound: float | None  # the LP relaxation's optimum: no plan costs less
    seconds: float

    @property
    def gap(self) -> float | None:
        """(objective − bound) / |objective|: how far this plan may be from the optimum, at most."""
        if self.lower_bound is None or not self.objective:
            return None
        return max(0.0, self.objective - self.lower_bound) / abs(self.objective)


def worth_constructing(problem: pulp.LpProblem) -> bool:
    """Whether the model is large enough that the solver's own first plan may come late."""
    from models.solve import integer_count

    return integer_count(problem) > FIRST_PLAN_ABOVE


def first_plan(problem: pulp.LpProblem, openings: dict[str, str], seconds: float | None) -> FirstPlan | None:
    """A plan of ``problem`` built as the module says, or None when neither restricted model has one in time.

    openings: each facility-opening variable's name -> its facility. seconds: the time for all of it.
    """
    import highspy

    started = time.perf_counter()

    def left() -> float | None:
        return None if seconds is None else seconds - (time.perf_counter() - started)

    highs, columns = _highs_model(problem)
    lower, upper = np.array(highs.getLp().col_lower_), np.array(highs.getLp().col_upper_)
    integer = np.array([i for i, var in enumerate(columns) if var.cat == pulp.LpInteger], dtype=np.int32)
    highs.changeColsIntegrality(len(integer), integer, np.full(len(integer), highspy.HighsVarType.kContinuous))
    if not _run(highs, left()) or highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None  # only a solved relaxation bounds the optimum
    bound = highs.getInfo().objective_function_value
    relaxed = np.array(highs.getSolution().col_value)
    reduced = np.array(highs.getSolution().col_dual)
    highs.changeColsIntegrality(len(integer), integer, np.full(len(integer), highspy.HighsVarType.kInteger))
    index = {var.name: i for i, var in enumerate(columns)}
    opening = {index[name]: facility for name, facility in openings.items() if name in index}
    considered = {facility for i, facility in opening.items() if relaxed[i] > OPENS}
    # the next facilities by how little their cheapest opening year would add to the relaxation's cost
    cheapest: dict[str, float] = {}
    for i, facility in opening.items():
        cheapest[facility] = min(cheapest.get(facility, np.inf), reduced[i])
    nearest = set(sorted(cheapest, key=lambda f: (f not in considered, cheapest[f], f))[: max(20, 3 * len(considered))])
    steps = (
        lambda i: relaxed[i] > OPENS,
        lambda i: opening[i] in considered,
        lambda i: opening[i] in nearest,
    )
    for keep in steps:
        closed = np.array([i for i in opening if not keep(i)], dtype=np.int32)
        highs.changeColsBounds(len(closed), closed, np.zeros(len(closed)), np.zeros(len(closed)))
        if _run(highs, left(), RESTRICTED_GAP):
            constant = problem.objective.constant or 0.0
            values = highs.getSolution().col_value
            integral = set(integer.tolist())
            return FirstPlan(
                {var.name: float(round(values[i])) if i in integral else values[i] for i, var in enumerate(columns)},
                highs.getInfo().objective_function_value + constant,
                bound + constant,
                time.perf_counter() - started,
            )
        highs.changeColsBounds(len(closed), closed, lower[closed], upper[closed])
    return None


def _highs_model(problem: pulp.LpProblem):
    """The problem in a HiGHS instance of its own (PuLP's transfer, as the solve uses), and its columns in order."""
    from models.solve import quiet_highs

    solver = quiet_highs(msg=False, threads=1, random_seed=0)
    saved = getattr(problem, "solverModel", None)
    solver.createAndConfigureSolver(problem)
    solver.buildSolverModel(problem)
    highs = problem.solverModel
    if saved is not None:
        problem.solverModel = saved
    return highs, problem.variables()


def _run(highs, seconds: float | None, gap: float = 0.0) -> bool:
    """Solve what the HiGHS instance holds now; whether it found a (primal feasible) solution."""
    if seconds is not None and seconds <= 0:
        return False
    highs.setOptionValue("time_limit", float(seconds) if seconds is not None else float("inf"))
    highs.setOptionValue("mip_rel_gap", gap)
    highs.run()
    return highs.getInfo().primal_solution_status == 2  # kSolutionStatusFeasible
