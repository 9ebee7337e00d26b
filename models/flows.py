"""Short-term places sized by flow (korttid): admissions, mean stay and a service target.

A short-term unit is a loss system: an admission that finds every place taken is turned away
(sent home, kept in hospital, placed elsewhere). With Poisson admissions the probability of
that is the Erlang loss formula B(n, A) for n places and offered load A = admissions × mean
stay / 365 (place-years per year), whatever the distribution of stays. The expected share of
places occupied is the carried load over the places, A·(1 − B)/n. A refusal target asks for
the least n with B(n, A) ≤ p; an occupancy target ρ asks for n ≥ A/ρ, on the offered load
(the usual bed-planning rule), so it cannot be met by turning people away.

Pure functions on numbers: the model reads their result as a minimum on a group's places.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

from models.inputs import PLACE_TOLERANCE, Band, Flow, PlanningInput

DAYS_PER_YEAR = 365.0
# Beyond this many places the search gives up: a flow that needs more is a typing error.
MAX_PLACES = 100_000


def offered_load(admissions_per_year: float, mean_stay_days: float) -> float:
    """A = admissions × mean stay / 365: the places that would be busy if no one were refused."""
    return admissions_per_year * mean_stay_days / DAYS_PER_YEAR


def erlang_b(places: int, load: float) -> float:
    """B(n, A) by the recursion B(0) = 1, B(n) = A·B(n−1) / (n + A·B(n−1)): stable for any n."""
    if places < 0 or load < 0:
        raise ValueError("places and load must not be negative")
    blocking = 1.0
    for n in range(1, places + 1):
        blocking = load * blocking / (n + load * blocking)
    return blocking


def expected_occupancy(places: int, load: float) -> float:
    """A·(1 − B(n, A)) / n: the mean share of places occupied (0 when there are none)."""
    if places <= 0:
        return 0.0
    return load * (1.0 - erlang_b(places, load)) / places


def places_required(
    load: float, max_refusal_probability: float | None = None, max_occupancy: float | None = None
) -> int:
    """The least n with B(n, A) ≤ max_refusal_probability and A / n ≤ max_occupancy (each if given)."""
    if max_refusal_probability is None and max_occupancy is None:
        raise ValueError("give max_refusal_probability, max_occupancy or both")
    if load <= 0:
        return 0
    # The occupancy target is on the offered load (beds = bed-days / (365 × occupancy), the usual
    # bed-planning rule): measured on the carried load it could be met by turning people away.
    least = 1 if max_occupancy is None else max(1, math.ceil(load / max_occupancy - 1e-9))
    if max_refusal_probability is None:
        return least
    blocking = 1.0
    for n in range(1, MAX_PLACES + 1):
        blocking = load * blocking / (n + load * blocking)
        if n >= least and blocking <= max_refusal_probability:
            return n
    raise ValueError(f"more than {MAX_PLACES} places needed for a load of {load:g}")


@dataclass(frozen=True)
class FlowYear:
    """One year of a flow row, with the plan's places: what the plan workbook reports."""

    year: int
    admissions: float
    load: float
    places_required: int
    places: float
    occupancy: float
    refusal_probability: float


def flow_year(
    year: int,
    admissions: float,
    mean_stay_days: float,
    places: float,
    max_refusal_probability: float | None,
    max_occupancy: float | None,
) -> FlowYear:
    """The offered load, required places and the service the plan's places give in one year."""
    load = offered_load(admissions, mean_stay_days)
    whole = max(0, math.floor(places + PLACE_TOLERANCE))
    return FlowYear(
        year=year,
        admissions=admissions,
        load=load,
        places_required=places_required(load, max_refusal_probability, max_occupancy),
        places=places,
        occupancy=expected_occupancy(whole, load),
        refusal_probability=erlang_b(whole, load),
    )


def required_places(flow: Flow, population: dict[str, dict[int, float]]) -> dict[int, float]:
    """Places the flow requires each year of its period, against one population series."""
    return {
        t: float(
            places_required(
                offered_load(flow.admissions(population, t), flow.mean_stay_days),
                flow.max_refusal_probability,
                flow.max_occupancy,
            )
        )
        for t in flow.years()
    }


def flow_band(flow: Flow) -> Band:
    """The band a flow row becomes: its group's places ≥ 1 × the places it requires (hard or soft)."""
    return Band(
        band=flow.band,
        group=flow.group,
        base=flow.required_base,
        min_share=1.0,
        max_share=None,
        from_year=flow.from_year,
        to_year=flow.to_year,
        hard=flow.hard,
        penalty_per_place_year=flow.penalty_per_place_year,
        label=flow.label,
    )


def with_flows(data: PlanningInput, flows: list[Flow]) -> PlanningInput:
    """The input with each flow as a band of its own, its required places a series in every population."""

    def series(population: dict[str, dict[int, float]]) -> dict[str, dict[int, float]]:
        return population | {f.required_base: required_places(f, population) for f in flows}

    return dataclasses.replace(
        data,
        flows=[*data.flows, *flows],
        bands=[*data.bands, *(flow_band(f) for f in flows)],
        population=series(data.population),
        robust_populations={name: series(p) for name, p in data.robust_populations.items()},
    )
