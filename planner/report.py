"""What solve reports beside the plan workbook: soft bands the plan chose to miss, and the
optimum's saving over today's ratio rule."""

from __future__ import annotations

from models.inputs import PlanningInput
from models.results import Solution, band_misses


def soft_band_misses(solution: Solution, data: PlanningInput) -> list[dict]:
    """Per missed soft band: the years, the worst miss (places, year, short/over) and the penalty paid.

    The penalty is discounted like the objective's, so the bands' penalties add up to the
    summary's penalties_discounted.
    """
    cov = solution.coverage
    soft = {b.band: b for b in data.bands if not b.hard}
    misses = band_misses(cov, list(soft))
    for miss in misses:
        rows = cov[cov["band"] == miss["band"]]
        places = rows["shortfall_places"] + rows["excess_places"]
        penalty = soft[miss["band"]].penalty_per_place_year
        miss["penalty_discounted"] = float(
            sum(data.discount_factor(int(y)) * penalty * float(p) for y, p in zip(rows["year"], places, strict=True))
        )
    return misses


def ratio_comparison(optimum: Solution, ratio: Solution, ratio_notes: list[str]) -> dict:
    """The optimum's net present cost saving over the ratio rule's plan, in NOK and percent.

    A ratio plan that leaves hard bands short is cheaper for it: the places short are
    reported beside the saving (``ratio_hard_band_miss_places``), so the two are read together.
    """
    saving = ratio.objective_npv - optimum.objective_npv
    return {
        "ratio_npv": ratio.objective_npv,
        "saving_vs_ratio": saving,
        # of the ratio plan's cost, whatever its sign (rent income can make a net present cost negative)
        "saving_vs_ratio_percent": 100 * saving / abs(ratio.objective_npv) if ratio.objective_npv else None,
        "ratio_hard_band_miss_places": ratio.hard_violation_places or 0.0,
        "ratio_notes": list(ratio_notes),
    }
