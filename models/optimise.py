"""From planning input to solution tables: solve, and diagnose when hard bands conflict."""

from __future__ import annotations

import pulp

from models.capacity import OBJECTIVE_SCALE, build_model
from models.inputs import PLACE_TOLERANCE, PlanningInput
from models.results import Solution, solution_tables
from models.solve import Deadline, Progress, SolverRun, Start, run_solver, verify_with_highs


class UnboundedCost(ValueError):
    """Nothing limits how many places are built while each one lowers the cost: no minimum exists."""

    def __init__(self, data: PlanningInput):
        earning = [k for k, pt in data.place_types.items() if pt.net_operating_per_place_year < 0]
        which = f" ({', '.join(earning)} earn more rent than they cost to run)" if earning else ""
        super().__init__(
            "the cost has no lower bound: every extra place lowers it and nothing limits how many are built"
            f"{which}; check rent_per_place_year, or add max_new_per_year, a max_share band or a budget"
        )


def optimise(
    data: PlanningInput,
    solver: str = "highs",
    time_limit: float | None = 60,
    gap: float = 0.0,
    verify: bool = False,
    progress: Progress | None = None,
) -> Solution:
    """Minimum net present cost plan; if the hard bands cannot all hold, the elastic diagnosis.

    time_limit bounds all of it: building, the first plan on a large model, the solve, the check and the
    diagnosis. verify: cross-check a CBC optimum with HiGHS. progress: called during long solves with
    (seconds, best plan's net present cost in NOK or None, gap or None).
    """
    deadline = Deadline(time_limit)
    model = build_model(data)
    start = Start(openings=model.facility_openings())
    run = run_solver(model.problem, solver, deadline.left(), gap, progress_in_nok(progress), start)
    if verify:
        run = verify_with_highs(model.problem, run, deadline.left())
    if run.status == "unbounded":
        raise UnboundedCost(data)
    if run.has_solution:
        return solution_tables(model, run.status, run)
    if run.status == "no_solution":
        return Solution(status="no_solution", run=run)
    return diagnose_infeasible(data, solver, deadline.left(), gap, run)


def progress_in_nok(progress: Progress | None) -> Progress | None:
    """The solver reports in million NOK (OBJECTIVE_SCALE); the caller's progress hears NOK."""
    if progress is None:
        return None

    def in_nok(seconds: float, best: float | None, gap: float | None) -> None:
        progress(seconds, None if best is None else best / OBJECTIVE_SCALE, gap)

    return in_nok


def hard_bands_check(data: PlanningInput, solver: str = "highs", time_limit: float | None = 60) -> Solution | None:
    """None when a plan can meet every hard band (and the labour ceiling); else the diagnosis solve would write.

    Feasibility only, in seconds: the elastic model with the least total miss as its objective stops at the
    first plan that misses nothing (its bound is 0). Costs are not looked at, so a valid input's optimum is
    not searched for. A check that runs out of time returns a Solution with status no_solution.
    """
    deadline = Deadline(time_limit)
    model = build_model(data, elastic=True)
    model.problem.setObjective(model.hard_violation)
    least = run_solver(model.problem, solver, deadline.left(0.5), 0.0)
    if least.status == "infeasible":  # not even missing the bands helps: the budget or commitments conflict
        return Solution(status="infeasible", run=least)
    if not least.has_solution:
        return Solution(status="no_solution", run=least)
    if pulp.value(model.hard_violation) <= PLACE_TOLERANCE:
        return None  # a plan that misses nothing: the bands can be met, proof or not
    if least.status != "optimal":  # stopped by the time limit with a miss: a plan that misses nothing may exist
        return Solution(status="no_solution", run=least)
    return diagnose_infeasible(data, solver, deadline.left(), 0.0, least)


def diagnose_infeasible(
    data: PlanningInput, solver: str, time_limit: float | None, gap: float, first: SolverRun
) -> Solution:
    """Elastic re-solve: first least total places short or over on hard bands, then least cost."""
    deadline = Deadline(time_limit)
    model = build_model(data, elastic=True)
    cost = model.problem.objective
    model.problem.setObjective(model.hard_violation)
    least = run_solver(model.problem, solver, deadline.left(0.5), gap)
    if not least.has_solution:
        return Solution(status="infeasible", run=first)
    least_miss = pulp.value(model.hard_violation)
    if least_miss <= PLACE_TOLERANCE:  # the bands can be met: the first solve was unbounded
        raise UnboundedCost(data)
    least_miss_plan = {var.name: var.varValue for var in model.problem.variables()}
    # Solvers report values to about 8 significant digits: phase 2 may exceed the least miss by the
    # place tolerance, as a share and in places.
    bound = least_miss * (1 + PLACE_TOLERANCE) + PLACE_TOLERANCE
    model.problem += model.hard_violation <= bound, "least_hard_violation"
    model.problem.setObjective(cost)
    cheapest = run_solver(model.problem, solver, deadline.left(), gap, start=Start(values=least_miss_plan))
    if cheapest.status == "unbounded":
        raise UnboundedCost(data)
    if not cheapest.has_solution:  # keep the least-miss plan if the cost phase found nothing
        for var in model.problem.variables():
            var.varValue = least_miss_plan.get(var.name)
    seconds = first.seconds + least.seconds + cheapest.seconds
    run = SolverRun("infeasible", first.mip_gap, seconds, first.solver)
    return solution_tables(model, "infeasible", run)
