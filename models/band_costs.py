"""What each coverage band costs: the plan re-solved without it, and with it 0.1 pp tighter.

Answers "what does the 20 % floor cost us?": for each band b the optimum's net present cost
without b, and the marginal cost of raising its minimum (or lowering its maximum) by one tenth
of a percentage point, each by a re-solve of the same model. Re-solves take time, so the
command line runs them only when asked (``--band-costs``).

Each re-solve starts from the plan (feasible whenever a band is dropped, so the search starts
with its cost as the bar to beat) and they run side by side on worker processes. The model is
built again for each: on the example that is 0.02 s of a 1–3 s re-solve, and a rebuilt model is
one HiGHS's presolve sees fresh, so the right-hand sides are not changed in place.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed

import pandas as pd

from models.capacity import build_model
from models.inputs import PLACE_TOLERANCE, Band, PlanningInput
from models.results import solution_tables
from models.solve import Deadline, SolverRun, Start, run_solver
from models.tables import OUTPUT_TABLES

STEP = 0.001  # 0.1 percentage point, as a share
# The re-solves, as the status column names them: "without: optimal; min +0.1 pp: infeasible".
RESOLVES = {"without": "without", "min": "min +0.1 pp", "max": "max −0.1 pp"}

BAND_COST_COLUMNS = OUTPUT_TABLES["band_costs"].names
# The table's NOK columns, in order; the writer formats these as money.
BAND_COST_MONEY = tuple(f.name for f in OUTPUT_TABLES["band_costs"].columns if f.unit == "NOK")


def band_costs(
    data: PlanningInput,
    npv_plan: float,
    solver: str = "highs",
    time_limit: float | None = 60,
    gap: float = 0.0,
    start: dict[str, float] | None = None,
    workers: int | None = None,
    proven_plan: bool = False,
    on_done: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """One row per band: NPV without it, and NPV with its minimum +0.1 pp / maximum −0.1 pp.

    cost_of_band = npv_plan − npv_without_band; marginal_cost_* = npv_* − npv_plan. A re-solve
    that finds no plan (the tighter band cannot hold) leaves its figures empty and says so in
    ``status``; one stopped by the time limit or gap says ``feasible`` (the figures are bounds).
    start: the plan's values by variable name, each re-solve's start. proven_plan: the plan is a proven
    optimum (HiGHS's, or CBC's verified); then a tighter band the plan still meets in every year is not
    re-solved (a proven optimum that meets a tighter rule is that rule's optimum too). workers: processes
    side by side (default: the machine's cores). time_limit bounds all the re-solves together.
    on_done(finished, total): called as each re-solve ends (the command line's progress).
    """
    jobs = _resolves(data)
    if not jobs:  # no bands, nothing to price
        return pd.DataFrame([], columns=BAND_COST_COLUMNS)
    proven = start is not None and proven_plan
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    rounds = -(-len(jobs) // workers)  # each worker's share of the re-solves, rounded up
    deadline = Deadline(time_limit)
    each = None if time_limit is None else deadline.left() / rounds
    arguments = [
        (variant, solver, each, gap, start, kind != "without" and proven) for (_, kind), variant in jobs.items()
    ]
    if workers == 1:
        found = []
        for a in arguments:
            found.append(_npv(*a))
            if on_done is not None:
                on_done(len(found), len(arguments))
    else:
        with ProcessPoolExecutor(workers) as pool:
            futures = [pool.submit(_npv, *a) for a in arguments]
            for finished, _ in enumerate(as_completed(futures), start=1):
                if on_done is not None:
                    on_done(finished, len(futures))
            found = [f.result() for f in futures]
    results = dict(zip(jobs, found, strict=True))
    return pd.DataFrame([_row(b, i, npv_plan, results) for i, b in enumerate(data.bands)], columns=BAND_COST_COLUMNS)


def _resolves(data: PlanningInput) -> dict[tuple[int, str], PlanningInput]:
    """(band index, re-solve key of RESOLVES) -> the input that re-solve solves."""
    jobs = {}
    for i, b in enumerate(data.bands):
        jobs[i, "without"] = dataclasses.replace(data, bands=data.bands[:i] + data.bands[i + 1 :])
        if b.min_share is not None:
            jobs[i, "min"] = _with_band(data, i, dataclasses.replace(b, min_share=b.min_share + STEP))
        if b.max_share is not None:
            jobs[i, "max"] = _with_band(data, i, dataclasses.replace(b, max_share=max(0.0, b.max_share - STEP)))
    return jobs


def _row(b: Band, i: int, npv_plan: float, results: dict) -> dict:
    """The band's row from its re-solves' (NPV, status)."""
    without, s_without = results[i, "without"]
    raised, s_raised = results.get((i, "min"), (None, None))
    lowered, s_lowered = results.get((i, "max"), (None, None))
    statuses = [f"{RESOLVES['without']}: {s_without}"]
    statuses += [f"{RESOLVES['min']}: {s_raised}"] if s_raised else []
    statuses += [f"{RESOLVES['max']}: {s_lowered}"] if s_lowered else []
    return {
        "band": b.band,
        "group": b.group,
        "base": b.base,
        "hard": "yes" if b.hard else "no",
        "min_share": b.min_share,
        "max_share": b.max_share,
        "npv_plan": npv_plan,
        "npv_without_band": without,
        "cost_of_band": _difference(npv_plan, without),
        "npv_min_raised": raised,
        "marginal_cost_min": _difference(raised, npv_plan),
        "npv_max_lowered": lowered,
        "marginal_cost_max": _difference(lowered, npv_plan),
        "status": "; ".join(statuses),
    }


def resolve_statuses(status: str) -> list[tuple[str, str]]:
    """A status cell read back as (re-solve key of RESOLVES, its solve status) pairs."""
    label_of = {label: key for key, label in RESOLVES.items()}
    pairs = (part.rsplit(": ", 1) for part in status.split("; ") if part)
    return [(label_of[label], word) for label, word in pairs]


def _meets_every_row(problem, values: dict[str, float]) -> bool:
    """Whether the values (missing ones 0) meet every row and bound of the problem, to the place tolerance."""
    for var in problem.variables():
        x = values.get(var.name, 0.0)
        if (var.lowBound is not None and x < var.lowBound - PLACE_TOLERANCE) or (
            var.upBound is not None and x > var.upBound + PLACE_TOLERANCE
        ):
            return False
    for row in problem.constraints():
        lhs = sum(coef * values.get(var.name, 0.0) for var, coef in row.items()) + row.constant
        if row.sense <= 0 and lhs > PLACE_TOLERANCE or row.sense >= 0 and lhs < -PLACE_TOLERANCE:
            return False
    return True


def _difference(a: float | None, b: float | None) -> float | None:
    """a − b in NOK to the øre: two optima priced alike differ by float round-off (10⁻⁵ NOK) at most."""
    return None if a is None or b is None else round(a - b, 2)


def _with_band(data: PlanningInput, index: int, band: Band) -> PlanningInput:
    return dataclasses.replace(data, bands=[band if j == index else b for j, b in enumerate(data.bands)])


def _npv(
    data: PlanningInput,
    solver: str,
    time_limit: float | None,
    gap: float,
    start: dict[str, float] | None,
    optimal_if_kept: bool = False,
) -> tuple[float | None, str]:
    """The optimum's net present cost, priced like the plan's (solution tables), and its status.

    optimal_if_kept: the start is a proven optimum of a looser model; if it meets every row of this one,
    it is this one's optimum (no solve).
    """
    model = build_model(data)
    if optimal_if_kept and _meets_every_row(model.problem, start):
        for var in model.problem.variables():
            var.varValue = start.get(var.name, 0.0)
        run = SolverRun("optimal", 0.0, 0.0, "the plan (it meets the tighter band)")
        return solution_tables(model, "optimal", run).objective_npv, "optimal"
    run = run_solver(model.problem, solver, time_limit, gap, start=Start(values=start) if start else None)
    if not run.has_solution:
        return None, run.status
    return solution_tables(model, run.status, run).objective_npv, run.status
