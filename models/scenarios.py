"""A plan against every population scenario: its coverage there, and what committing to it costs.

For each scenario s: the coverage the plan's capacity gives against s's population (with the
places short or over), the plan's net present cost priced on s (costs do not depend on the
population; soft-band penalties do), s's own optimal plan, and the regret: the plan's cost on s
less s's own optimum.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from models.inputs import PlanningInput
from models.optimise import optimise
from models.results import Solution, npv_per_scenario, scenario_coverages, scenario_inputs
from models.solve import Deadline
from models.tables import OUTPUT_TABLES

SCENARIO_COLUMNS = OUTPUT_TABLES["scenarios"].names
SCENARIO_COVERAGE_COLUMNS = OUTPUT_TABLES["scenario_coverage"].names


def scenario_coverage_table(data: PlanningInput, capacity: pd.DataFrame) -> pd.DataFrame:
    """The plan's coverage per scenario, band and year (the scenario_coverage sheet)."""
    rows = [
        {"scenario": name, **{k: r[k] for k in SCENARIO_COVERAGE_COLUMNS if k in r}}
        for name, coverage in scenario_coverages(data, capacity).items()
        for r in coverage.to_dict("records")
    ]
    return pd.DataFrame(rows, columns=SCENARIO_COVERAGE_COLUMNS)


def scenario_comparison(
    data: PlanningInput,
    solution: Solution,
    solver: str = "highs",
    time_limit: float | None = 60,
    gap: float = 0.0,
    on_done: Callable[[int, int], None] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(one row per scenario, and the plan's coverage per scenario, band and year).

    on_done(finished, total): called as each scenario's own solve ends (the command line's progress).
    """
    singles = scenario_inputs(data)
    hard = {b.band for b in data.bands if b.hard}
    rows = []
    priced = npv_per_scenario(data, solution)
    coverages = scenario_coverages(data, solution.available)
    deadline = Deadline(time_limit)  # the limit is for all the scenarios' solves together
    for i, (name, single) in enumerate(singles.items()):
        coverage = coverages[name]
        on_hard = coverage[coverage["band"].isin(hard)]
        plan_npv = priced[name]
        own = optimise(single, solver=solver, time_limit=deadline.left(1 / (len(singles) - i)), gap=gap)
        own_npv = own.objective_npv if own.has_plan else None
        rows.append(
            {
                "scenario": name,
                "chosen": "yes" if name == (data.scenario or "chosen") else "no",
                "hard_shortfall_place_years": round(float(on_hard["shortfall_places"].sum()), 6),
                "hard_excess_place_years": round(float(on_hard["excess_places"].sum()), 6),
                "plan_npv": plan_npv,
                "own_optimal_npv": own_npv,
                "own_status": own.status,
                "regret": None if own_npv is None else round(plan_npv - own_npv, 2),  # whole øre, not 4.6e-05
            }
        )
        if on_done is not None:
            on_done(i + 1, len(singles))
    return pd.DataFrame(rows, columns=SCENARIO_COLUMNS), scenario_coverage_table(data, solution.available)
