"""Model rules, one family per test, on instances small enough to solve by hand.

Each test builds a tiny PlanningInput in Python, works out the optimum by hand (the
arithmetic is written in the test) and checks the solver's plan and money against it.
Conventions of the builder below, unless a test says otherwise:

- the horizon starts in FIRST = 2025 and has as many years as the population list;
- the default band is "cover": the group ``care`` needs at least 1.0 × persons_80_plus,
  so the population figure *is* the number of places needed that year;
- discount rate 4 %, investment paid in the opening year, residual value OFF (the
  residual-value tests switch it on), all costs zero except those a test names.
"""

from __future__ import annotations

import dataclasses

import pulp
import pytest

from models import (
    Band,
    Commitment,
    Conversion,
    PlaceType,
    PlanningInput,
    Project,
    ProjectMix,
    StockRow,
)
from models.capacity import OBJECTIVE_SCALE, build_model
from models.optimise import optimise
from models.solve import run_solver

FIRST = 2025
RATE = 0.04
BASE = "persons_80_plus"
MONEY = {"rel": 1e-9, "abs": 1e-3}  # NOK: exact up to float round-off


def d(year: int, rate: float = RATE) -> float:
    """Discount factor d(t) = 1 / (1 + r)^(t − first_year), written out independently of the model."""
    return 1.0 / (1.0 + rate) ** (year - FIRST)


def money(value: float) -> pytest.approx:
    return pytest.approx(value, **MONEY)


# --------------------------------------------------------------------------- builders


def ptype(
    name: str,
    *,
    groups: tuple[str, ...] = ("care",),
    inv: float = 1e6,
    grant: float = 0.0,
    op: float = 0.0,
    rent: float = 0.0,
    life: int = 40,
    lead: int = 0,
    module: int = 1,
    max_new: int | None = None,
    generic: bool = True,
) -> PlaceType:
    return PlaceType(
        type=name,
        label=name,
        groups=tuple(groups),
        investment_per_place=inv,
        grant_per_place=grant,
        operating_per_place_year=op,
        rent_per_place_year=rent,
        lifetime_years=life,
        lead_time_years=lead,
        module_size=module,
        max_new_per_year=max_new,
        new_without_project=generic,
    )


def band(
    name: str = "cover",
    group: str = "care",
    *,
    lo: float | None = None,
    hi: float | None = None,
    base: str = BASE,
    from_year: int | None = None,
    to_year: int | None = None,
    hard: bool = True,
    penalty: float = 0.0,
) -> Band:
    """from_year/to_year None: filled with the horizon by ``planning_input``."""
    return Band(name, group, base, lo, hi, from_year, to_year, hard, penalty)  # type: ignore[arg-type]


def project(
    name: str,
    mix: dict[str, tuple[int, int]],
    *,
    earliest: int = FIRST,
    latest: int | None = None,
    fixed: float = 0.0,
    fixed_op: float = 0.0,
    min_places: int = 0,
    max_places: int = 1000,
) -> Project:
    """latest None: last_year (filled by ``planning_input``)."""
    return Project(
        name,
        earliest,
        latest,  # type: ignore[arg-type]
        fixed,
        fixed_op,
        min_places,
        max_places,
        tuple(ProjectMix(k, lo, hi) for k, (lo, hi) in mix.items()),
    )


def planning_input(
    types: list[PlaceType],
    pop: list[float],
    bands: list[Band] | None = None,
    *,
    other_pop: dict[str, list[float]] | None = None,
    stock: list[StockRow] | tuple = (),
    projects: list[Project] | tuple = (),
    conversions: list[Conversion] | tuple = (),
    budget: dict[int, float] | None = None,
    rate: float = RATE,
    timing: str = "opening",
    residual: bool = False,
) -> PlanningInput:
    last = FIRST + len(pop) - 1
    years = range(FIRST, last + 1)
    population = {BASE: dict(zip(years, pop, strict=True))}
    for base, values in (other_pop or {}).items():
        population[base] = dict(zip(years, values, strict=True))
    bands = [band(lo=1.0)] if bands is None else bands
    bands = [
        dataclasses.replace(
            b,
            from_year=FIRST if b.from_year is None else b.from_year,
            to_year=last if b.to_year is None else b.to_year,
        )
        for b in bands
    ]
    projects = [p if p.latest_year is not None else dataclasses.replace(p, latest_year=last) for p in projects]
    return PlanningInput(
        first_year=FIRST,
        last_year=last,
        place_types={t.type: t for t in types},
        population=population,
        bands=bands,
        stock=list(stock),
        projects=projects,
        conversions=list(conversions),
        budget=dict(budget or {}),
        discount_rate=rate,
        scenario="test",
        investment_timing=timing,
        residual_value=residual,
    )


def solve(data: PlanningInput, solver: str = "cbc", expect: str = "optimal"):
    sol = optimise(data, solver=solver, time_limit=30, gap=0.0)
    assert sol.status == expect
    return sol


def plan_of(sol) -> dict[tuple[int, str, str], int]:
    """(year, type, source) -> new places opening."""
    return {(int(r.year), r.type, r.source): int(r.places) for r in sol.plan.itertuples()}


def opened_per_year(sol, type_: str | None = None) -> dict[int, int]:
    out: dict[int, int] = {}
    for r in sol.plan.itertuples():
        if type_ is None or r.type == type_:
            out[int(r.year)] = out.get(int(r.year), 0) + int(r.places)
    return out


def conversions_of(sol) -> dict[tuple[int, str, str], int]:
    return {(int(r.year), r.from_type, r.to_type): int(r.places) for r in sol.conversions.itertuples()}


def capacity_of(sol, type_: str) -> list[int]:
    rows = sol.capacity[sol.capacity["type"] == type_].sort_values("year")
    return [int(v) for v in rows["places"]]


def cost_column(sol, column: str) -> list[float]:
    return [float(v) for v in sol.costs.sort_values("year")[column]]


def coverage_column(sol, band_name: str, column: str) -> list[float]:
    rows = sol.coverage[sol.coverage["band"] == band_name].sort_values("year")
    return [float(v) for v in rows[column]]


# --------------------------------------------------------------------------- lead time


def test_lead_time_nothing_opens_before_first_year_plus_lead_time():
    """Lead time 2: nothing new before 2027, so the stock alone carries 2025-26.

    Need 13 every year, stock 10; the band is soft at 2 MNOK per place-year, so building
    3 places (3 MNOK) at once would be far cheaper than the penalty, yet the earliest
    opening is 2027: 2025 and 2026 are missed by 3 places each.
    """
    a = ptype("A", inv=1e6, lead=2)
    data = planning_input(
        [a],
        [13, 13, 13, 13],
        [band(lo=1.0, hard=False, penalty=2e6)],
        stock=[StockRow("old", "A", 10)],
    )
    sol = solve(data)

    assert plan_of(sol) == {(2027, "A", "new"): 3}
    assert coverage_column(sol, "cover", "shortfall_places") == [3, 3, 0, 0]
    penalties = 3 * 2e6 * (d(2025) + d(2026))
    assert sol.penalties_discounted == money(penalties)
    assert sol.objective_npv == money(penalties + 3 * 1e6 * d(2027))


def test_lead_time_stock_carries_first_years_then_builds_at_first_opening():
    """Stock 10 covers 2025-26 (need 10); need 13 from 2027 = first_year + lead 2: build 3 then."""
    data = planning_input([ptype("A", inv=1e6, lead=2)], [10, 10, 13, 13], stock=[StockRow("old", "A", 10)])
    sol = solve(data)
    assert plan_of(sol) == {(2027, "A", "new"): 3}
    assert capacity_of(sol, "A") == [10, 10, 13, 13]
    assert sol.objective_npv == money(3 * 1e6 * d(2027))


def test_lead_time_infeasible_when_stock_cannot_cover_first_years():
    """Need 13 in 2025, 14 in 2026, 15 in 2027; stock 10 and lead time 2 → infeasible.

    The least total miss is 3 + 4 + 0 = 7 places (nothing can open before 2027, and in
    2027 five places open); the diagnosis then picks the cheapest such plan.
    """
    data = planning_input([ptype("A", inv=1e6, lead=2)], [13, 14, 15], stock=[StockRow("old", "A", 10)])
    sol = solve(data, expect="infeasible")
    assert coverage_column(sol, "cover", "shortfall_places") == [3, 4, 0]
    assert coverage_column(sol, "cover", "excess_places") == [0, 0, 0]
    assert sol.hard_violation_places == pytest.approx(7)
    assert plan_of(sol) == {(2027, "A", "new"): 5}


# --------------------------------------------------------------------------- module size / max new


def test_module_size_rounds_need_up_to_whole_modules():
    """Module of 8, need 13, no stock: two modules = 16 places at 1 MNOK each."""
    data = planning_input([ptype("A", inv=1e6, module=8)], [13])
    sol = solve(data)
    assert plan_of(sol) == {(2025, "A", "new"): 16}
    assert cost_column(sol, "investment") == [money(16 * 1e6)]
    assert sol.objective_npv == money(16 * 1e6)
    assert coverage_column(sol, "cover", "places") == [16]


def test_max_new_per_year_forces_earlier_builds():
    """Need 12 in 2027 only, at most 5 new per year: 5 in 2027, 5 in 2026, 2 in 2025.

    Discounting makes every place cheaper the later it opens, so the cap is what pulls
    places forward.
    """
    data = planning_input([ptype("A", inv=1e6, max_new=5)], [0, 0, 12])
    sol = solve(data)
    assert opened_per_year(sol) == {2025: 2, 2026: 5, 2027: 5}
    assert sol.objective_npv == money(1e6 * (2 * d(2025) + 5 * d(2026) + 5 * d(2027)))


def test_max_new_per_year_counts_project_places():
    """Type A comes only through projects, at most 5 places a year, need 8 from 2026.

    P_late (from 2026) and P_early (from 2025), each up to 10 places. Without the cap one
    project would open 8 places in 2026; with project places counted toward the cap
    2026 gets 5 and the other project must open 3 in 2025.
    """
    a = ptype("A", inv=1e6, max_new=5, generic=False)
    data = planning_input(
        [a],
        [8, 8],
        [band(lo=1.0, from_year=2026)],
        projects=[
            project("P_late", {"A": (0, 10)}, earliest=2026),
            project("P_early", {"A": (0, 10)}, earliest=2025),
        ],
    )
    sol = solve(data)
    assert plan_of(sol) == {(2025, "A", "P_early"): 3, (2026, "A", "P_late"): 5}
    assert sol.objective_npv == money(1e6 * (3 + 5 * d(2026)))


# --------------------------------------------------------------------------- soft bands


def test_soft_band_missed_when_penalty_below_cost_of_meeting_it():
    """Need 10 in 2025-26. A place costs 1 MNOK; missing it costs 0.1 MNOK a year.

    Meeting it in 2025: 1e6 per place. Missing both years: 0.1e6 × (1 + d(2026)) ≈ 0.196e6
    per place. Building in 2026 instead: 1e6·d(2026) to save 0.1e6·d(2026). So miss all.
    """
    data = planning_input([ptype("A", inv=1e6)], [10, 10], [band(lo=1.0, hard=False, penalty=1e5)])
    sol = solve(data)
    assert plan_of(sol) == {}
    assert coverage_column(sol, "cover", "shortfall_places") == [10, 10]
    penalties = 10 * 1e5 * (d(2025) + d(2026))
    assert penalties < 10 * 1e6  # the hand argument above
    assert sol.penalties_discounted == money(penalties)
    assert sol.objective_npv == money(penalties)


def test_soft_band_met_when_penalty_above_cost_of_meeting_it():
    """Same need, penalty 5 MNOK per place-year (> 1 MNOK a place): build 10 in 2025."""
    data = planning_input([ptype("A", inv=1e6)], [10, 10], [band(lo=1.0, hard=False, penalty=5e6)])
    sol = solve(data)
    assert plan_of(sol) == {(2025, "A", "new"): 10}
    assert coverage_column(sol, "cover", "shortfall_places") == [0, 0]
    assert sol.penalties_discounted == money(0)
    assert sol.objective_npv == money(10 * 1e6)


def test_soft_max_band_excess_is_penalised():
    """Stock 12 of A, soft max 10 at 50 kNOK per place over per year, conversion out at 1 MNOK.

    Converting costs more than the penalty over two years (2 × 0.05e6 × (1 + d(2026))), so
    the stock stays and the excess of 2 places is paid for each year.
    """
    a, b = ptype("A"), ptype("B", groups=("other",))
    data = planning_input(
        [a, b],
        [10, 10],
        [band("cap", lo=None, hi=1.0, hard=False, penalty=5e4)],
        stock=[StockRow("old", "A", 12)],
        conversions=[Conversion("A", "B", 1e6, None, FIRST)],
    )
    sol = solve(data)
    assert conversions_of(sol) == {}
    assert coverage_column(sol, "cap", "excess_places") == [2, 2]
    assert sol.penalties_discounted == money(2 * 5e4 * (d(2025) + d(2026)))


# --------------------------------------------------------------------------- max share


def test_max_share_band_forces_stock_down_by_conversion():
    """Stock 20 of A; A may be at most 0.5 × 30 = 15. Converting A → B (0.1 MNOK a place,
    B not in the band) is the only way down, so 5 places convert in 2025.

    Operating: A 0.1 MNOK, B 0.2 MNOK per place-year.
    """
    a = ptype("A", op=1e5)
    b = ptype("B", groups=("other",), op=2e5)
    data = planning_input(
        [a, b],
        [30, 30],
        [band("cap", lo=None, hi=0.5)],
        stock=[StockRow("old", "A", 20)],
        conversions=[Conversion("A", "B", 1e5, None, FIRST)],
    )
    sol = solve(data)
    assert conversions_of(sol) == {(2025, "A", "B"): 5}
    assert plan_of(sol) == {}
    assert capacity_of(sol, "A") == [15, 15]
    assert capacity_of(sol, "B") == [5, 5]
    operating_per_year = 15 * 1e5 + 5 * 2e5
    assert cost_column(sol, "operating") == [money(operating_per_year)] * 2
    assert sol.objective_npv == money(5 * 1e5 + operating_per_year * (d(2025) + d(2026)))


# --------------------------------------------------------------------------- projects


def economies_of_scale_case() -> tuple[PlanningInput, float]:
    """Need 20 places in 2025-26, only through facilities.

    Large: 20 places of `big` (1.05 MNOK a place), fixed 8 MNOK, 1 MNOK/yr fixed operating.
    Small1, Small2: up to 10 places each of `small` (1.00 MNOK a place), fixed 5 MNOK,
    0.8 MNOK/yr. Without fixed costs two small ones win (20 vs 21 MNOK); with them:
        large = 21 + 8 + 1.0 × (1 + d(2026))
        two small = 20 + 10 + 1.6 × (1 + d(2026))   (MNOK) → the large one.
    """
    big = ptype("big", inv=1.05e6, generic=False)
    small = ptype("small", inv=1e6, generic=False)
    data = planning_input(
        [big, small],
        [20, 20],
        projects=[
            project("Large", {"big": (0, 20)}, fixed=8e6, fixed_op=1e6, min_places=20, max_places=20),
            project("Small1", {"small": (0, 10)}, fixed=5e6, fixed_op=0.8e6, max_places=10),
            project("Small2", {"small": (0, 10)}, fixed=5e6, fixed_op=0.8e6, max_places=10),
        ],
    )
    large = 20 * 1.05e6 + 8e6 + 1e6 * (d(2025) + d(2026))
    two_small = 20 * 1e6 + 2 * 5e6 + 2 * 0.8e6 * (d(2025) + d(2026))
    assert large < two_small
    assert 20 * 1e6 < 20 * 1.05e6  # without fixed costs the small ones would win
    return data, large


def test_project_fixed_costs_make_one_large_facility_beat_two_small():
    data, expected = economies_of_scale_case()
    sol = solve(data)
    assert plan_of(sol) == {(2025, "big", "Large"): 20}
    assert cost_column(sol, "fixed_costs") == [money(8e6), money(0)]
    assert cost_column(sol, "fixed_operating") == [money(1e6), money(1e6)]
    assert sol.objective_npv == money(expected)


def test_project_places_ignore_module_size():
    """A comes in modules of 8 when built generically; P may open any number of A places.
    Need 5: P opens exactly 5 (5 MNOK) rather than one generic module of 8 (8 MNOK)."""
    a = ptype("A", inv=1e6, module=8)
    data = planning_input([a], [5], projects=[project("P", {"A": (0, 10)})])
    sol = solve(data)
    assert plan_of(sol) == {(2025, "A", "P"): 5}
    assert sol.objective_npv == money(5 * 1e6)


def test_project_opens_once_with_all_types_in_the_same_year():
    """B (only via project P) is needed from 2025 (1 place), A only in 2027 (4 places).

    P opens once, both types the same year, so it opens in 2025 and brings A along:
    A ≥ max(need 4, mix min 2) = 4, B ≥ max(need 1, mix min 3) = 3, total ≥ min 8 → one
    more place of the cheaper type A (1 MNOK vs 2 MNOK): A 5, B 3, 11 MNOK in 2025.
    """
    a = ptype("A", groups=("a",), inv=1e6, generic=False)
    b = ptype("B", groups=("b",), inv=2e6, generic=False)
    data = planning_input(
        [a, b],
        [4, 4, 4],
        [band("need_a", "a", lo=1.0, from_year=2027), band("need_b", "b", lo=0.25)],
        projects=[project("P", {"A": (2, 10), "B": (3, 10)}, min_places=8, max_places=12)],
    )
    sol = solve(data)
    assert plan_of(sol) == {(2025, "A", "P"): 5, (2025, "B", "P"): 3}
    assert sol.objective_npv == money(5 * 1e6 + 3 * 2e6)


def test_project_size_and_mix_maxima_respected():
    """Need 12 places in 2026. P (opens once) has A ≤ 6, B ≤ 10, total ≤ 10.

    A 1 MNOK, B 2 MNOK (both only via P), C 3 MNOK generic. Cheapest: A 6 + B 4 = 10
    through P, and the last 2 as C: (6·1 + 4·2 + 2·3) MNOK in 2026. Breaking the mix
    maximum (A 10), the size maximum (B 6) or "at most once" (P in 2025 and 2026) would
    all be cheaper.
    """
    a = ptype("A", inv=1e6, generic=False)
    b = ptype("B", inv=2e6, generic=False)
    c = ptype("C", inv=3e6)
    data = planning_input(
        [a, b, c],
        [0, 12],
        projects=[project("P", {"A": (0, 6), "B": (0, 10)}, min_places=4, max_places=10)],
    )
    sol = solve(data)
    assert plan_of(sol) == {(2026, "A", "P"): 6, (2026, "B", "P"): 4, (2026, "C", "new"): 2}
    assert sol.objective_npv == money((6 * 1e6 + 4 * 2e6 + 2 * 3e6) * d(2026))


@pytest.mark.parametrize(
    ("lead_b", "earliest", "opening"),
    [
        (3, 2025, 2028),  # longest lead time in the mix (B: 3) → 2025 + 3
        (1, 2027, 2027),  # earliest_year binds
        (0, 2025, 2026),  # A's own lead time 1 is the longest
    ],
)
def test_project_waits_for_earliest_year_and_longest_lead_time(lead_b, earliest, opening):
    """Soft need of 4 places from 2025 at 1.5 MNOK per place-year; P (A lead 1, B lead
    `lead_b`) is the only way to build, at 1 MNOK a place (B costs 2 MNOK so A is used).
    P opens as early as allowed: max(earliest_year, first_year + longest lead)."""
    a = ptype("A", inv=1e6, lead=1, generic=False)
    b = ptype("B", inv=2e6, lead=lead_b, generic=False)
    data = planning_input(
        [a, b],
        [4, 4, 4, 4, 4],
        [band(lo=1.0, hard=False, penalty=1.5e6)],
        projects=[project("P", {"A": (0, 10), "B": (0, 10)}, earliest=earliest)],
    )
    sol = solve(data)
    assert plan_of(sol) == {(opening, "A", "P"): 4}
    penalties = sum(4 * 1.5e6 * d(t) for t in range(FIRST, opening))
    assert sol.penalties_discounted == money(penalties)
    assert sol.objective_npv == money(penalties + 4 * 1e6 * d(opening))


def test_project_latest_year_respected():
    """Need 4 from 2027. P (A at 1 MNOK) may open at the latest in 2026; generic C costs
    1.5 MNOK. Both operate at 0.1 MNOK per place-year.

        P in 2026: 4·1e6·d(2026) + 0.4e6·(d26 + d27 + d28)
        C in 2027: 4·1.5e6·d(2027) + 0.4e6·(d27 + d28)
        P in 2027 (forbidden) would be cheapest of all.
    """
    a = ptype("A", inv=1e6, op=1e5, generic=False)
    c = ptype("C", inv=1.5e6, op=1e5)
    data = planning_input(
        [a, c],
        [0, 0, 4, 4],
        projects=[project("P", {"A": (0, 10)}, latest=2026)],
    )
    p_2026 = 4e6 * d(2026) + 0.4e6 * (d(2026) + d(2027) + d(2028))
    c_2027 = 6e6 * d(2027) + 0.4e6 * (d(2027) + d(2028))
    p_2027 = 4e6 * d(2027) + 0.4e6 * (d(2027) + d(2028))
    assert p_2027 < p_2026 < c_2027
    sol = solve(data)
    assert plan_of(sol) == {(2026, "A", "P"): 4}
    assert sol.objective_npv == money(p_2026)


# --------------------------------------------------------------------------- conversions


def conversions_case() -> tuple[PlanningInput, float]:
    """Short-term places S needed: 1, 1, 1, 6 (2025-28). Stock: 3 long-term places L.

    No new L can be built (else new L could be converted).
    L → S conversion costs 0.1 MNOK a place, at most 2 a year, not before 2026; a new S
    costs 5 MNOK. Both operate at 0.2 MNOK per place-year.
      2025: conversions not yet allowed → 1 new S.
      2028: 5 more S needed; L holds only 3 (capacity never below zero), at most 2 a
            year → convert 1 in 2027 and 2 in 2028 (at the start of 2028, so they count
            in 2028), and build 2 new S in 2028.
    Capacity L: 3, 3, 2, 0; S: 1, 1, 2, 6; total 4, 4, 4, 6.
    """
    long_ = ptype("L", groups=("long",), op=2e5, generic=False)  # no new L to convert
    short = ptype("S", groups=("short",), inv=5e6, op=2e5)
    data = planning_input(
        [long_, short],
        [1, 1, 1, 6],
        [band("short", "S", lo=1.0)],
        stock=[StockRow("old", "L", 3)],
        conversions=[Conversion("L", "S", 1e5, 2, 2026)],
    )
    expected = (
        5e6 * d(2025)
        + 1e5 * d(2027)
        + (2 * 1e5 + 2 * 5e6) * d(2028)
        + 2e5 * (4 * d(2025) + 4 * d(2026) + 4 * d(2027) + 6 * d(2028))
    )
    return data, expected


def test_conversions_limits_timing_cost_and_nonnegative_source():
    data, expected = conversions_case()
    sol = solve(data)
    assert conversions_of(sol) == {(2027, "L", "S"): 1, (2028, "L", "S"): 2}
    assert plan_of(sol) == {(2025, "S", "new"): 1, (2028, "S", "new"): 2}
    assert capacity_of(sol, "L") == [3, 3, 2, 0]
    assert capacity_of(sol, "S") == [1, 1, 2, 6]
    assert cost_column(sol, "conversion_costs") == [0, 0, money(1e5), money(2e5)]
    assert sol.objective_npv == money(expected)


def test_conversion_counts_from_the_start_of_its_year():
    """Need 2 S in 2026 only; converting 2 L in 2026 (not 2025) covers it."""
    long_ = ptype("L", groups=("long",))
    short = ptype("S", groups=("short",), inv=5e6)
    data = planning_input(
        [long_, short],
        [2, 2],
        [band("short", "S", lo=1.0, from_year=2026)],
        stock=[StockRow("old", "L", 5)],
        conversions=[Conversion("L", "S", 1e5, None, FIRST)],
    )
    sol = solve(data)
    assert conversions_of(sol) == {(2026, "L", "S"): 2}
    assert capacity_of(sol, "S") == [0, 2]
    assert sol.objective_npv == money(2 * 1e5 * d(2026))


# --------------------------------------------------------------------------- budget


def test_budget_pushes_building_earlier_net_of_grants():
    """Need 10 in 2027; investment 1.5 MNOK, grant 0.5 MNOK → 1 MNOK net a place.
    Budget 3 MNOK in 2026, 4 MNOK in 2027: 4 in 2027, 3 in 2026, the other 3 in 2025.
    (Counting gross investment would allow only 2 + 2 and push 6 into 2025.)"""
    data = planning_input(
        [ptype("A", inv=1.5e6, grant=0.5e6)],
        [0, 0, 10],
        budget={2026: 3e6, 2027: 4e6},
    )
    sol = solve(data)
    assert opened_per_year(sol) == {2025: 3, 2026: 3, 2027: 4}
    assert cost_column(sol, "investment") == [money(4.5e6), money(4.5e6), money(6e6)]
    assert cost_column(sol, "grants") == [money(1.5e6), money(1.5e6), money(2e6)]
    assert sol.objective_npv == money(1e6 * (3 * d(2025) + 3 * d(2026) + 4 * d(2027)))


def test_budget_pushes_building_later():
    """Soft need of 10 from 2025 at 5 MNOK per place-year, but only 4 MNOK budget in 2025:
    4 places in 2025, the other 6 in 2026, and 6 places missed in 2025."""
    data = planning_input(
        [ptype("A", inv=1e6)],
        [10, 10, 10],
        [band(lo=1.0, hard=False, penalty=5e6)],
        budget={2025: 4e6},
    )
    sol = solve(data)
    assert opened_per_year(sol) == {2025: 4, 2026: 6}
    assert coverage_column(sol, "cover", "shortfall_places") == [6, 0, 0]
    assert sol.objective_npv == money(4e6 + 6 * 5e6 * d(2025) + 6e6 * d(2026))


def test_budget_can_forbid_meeting_a_hard_band():
    """As the 'earlier' case plus 2 MNOK in 2025: at most 2 + 3 + 4 = 9 < 10 → infeasible,
    the diagnosis misses 1 place in 2027."""
    data = planning_input(
        [ptype("A", inv=1.5e6, grant=0.5e6)],
        [0, 0, 10],
        budget={2025: 2e6, 2026: 3e6, 2027: 4e6},
    )
    sol = solve(data, expect="infeasible")
    assert coverage_column(sol, "cover", "shortfall_places") == [0, 0, 1]


def test_budget_counts_conversion_costs():
    """Need 4 A from 2026. Converting B → A costs 0.5 MNOK (new A: 1 MNOK). Budget 1 MNOK
    in 2026, 1.2 MNOK in 2025: 2 conversions each year (counting conversions in the
    budget; otherwise all 4 would convert in 2026)."""
    a = ptype("A", groups=("a",), inv=1e6)
    b = ptype("B", groups=("b",))
    data = planning_input(
        [a, b],
        [4, 4],
        [band("need_a", "a", lo=1.0, from_year=2026)],
        stock=[StockRow("old", "B", 10)],
        conversions=[Conversion("B", "A", 5e5, None, FIRST)],
        budget={2025: 1.2e6, 2026: 1e6},
    )
    sol = solve(data)
    assert conversions_of(sol) == {(2025, "B", "A"): 2, (2026, "B", "A"): 2}
    assert plan_of(sol) == {}
    assert sol.objective_npv == money(1e6 * d(2025) + 1e6 * d(2026))


def test_budget_counts_project_fixed_cost():
    """Need 3 A from 2026 via P (fixed 2 MNOK, 1 MNOK a place): 5 MNOK at opening. Budget
    4 MNOK in 2026 → P opens in 2025 (it would open in 2026 if fixed costs were not
    counted)."""
    a = ptype("A", inv=1e6, generic=False)
    data = planning_input(
        [a],
        [3, 3],
        [band(lo=1.0, from_year=2026)],
        projects=[project("P", {"A": (0, 5)}, fixed=2e6)],
        budget={2026: 4e6},
    )
    sol = solve(data)
    assert plan_of(sol) == {(2025, "A", "P"): 3}
    assert sol.objective_npv == money(5e6)


# --------------------------------------------------------------------------- discounting


def test_discounting_applies_to_each_years_net_cost():
    """Rate 5 %. Stock 10 at 0.1 MNOK/yr; need 12 in 2027 → 2 new (1 MNOK each) in 2027.
    Net cost: 1.0, 1.0, 2 + 1.2 = 3.2 MNOK; discounted with 1/1.05^(t − 2025)."""
    data = planning_input(
        [ptype("A", inv=1e6, op=1e5)],
        [10, 10, 12],
        stock=[StockRow("old", "A", 10)],
        rate=0.05,
    )
    sol = solve(data)
    assert plan_of(sol) == {(2027, "A", "new"): 2}
    assert cost_column(sol, "discount_factor") == [money(1.0), money(1 / 1.05), money(1 / 1.05**2)]
    assert cost_column(sol, "net_cost") == [money(1e6), money(1e6), money(3.2e6)]
    assert cost_column(sol, "discounted_net_cost") == [money(1e6), money(1e6 / 1.05), money(3.2e6 / 1.05**2)]
    assert sol.objective_npv == money(1e6 + 1e6 / 1.05 + 3.2e6 / 1.05**2)


# --------------------------------------------------------------------------- investment timing


@pytest.mark.parametrize(
    ("timing", "lead", "pop", "investment", "grants"),
    [
        # opening: all paid in the opening year 2027
        ("opening", 2, [0, 0, 5, 5], [0, 0, 5e6, 0], [0, 0, 1e6, 0]),
        # spread, lead 2: half in each of 2025 and 2026
        ("spread", 2, [0, 0, 5, 5], [2.5e6, 2.5e6, 0, 0], [0.5e6, 0.5e6, 0, 0]),
        # spread, lead 3, opening 2028 (6 places): a third in each of 2025, 2026, 2027
        ("spread", 3, [0, 0, 0, 6], [2e6, 2e6, 2e6, 0], [0.4e6, 0.4e6, 0.4e6, 0]),
        # spread, lead 0: paid in the opening year 2026
        ("spread", 0, [0, 5, 5, 5], [0, 5e6, 0, 0], [0, 1e6, 0, 0]),
    ],
)
def test_investment_timing(timing, lead, pop, investment, grants):
    """1 MNOK a place, 0.2 MNOK grant; money moves with the investment timing rule."""
    data = planning_input([ptype("A", inv=1e6, grant=2e5, lead=lead)], pop, timing=timing)
    sol = solve(data)
    opening = next(FIRST + i for i, need in enumerate(pop) if need)
    assert plan_of(sol) == {(opening, "A", "new"): pop[-1]}
    assert cost_column(sol, "investment") == [money(v) for v in investment]
    assert cost_column(sol, "grants") == [money(v) for v in grants]
    expected = sum((inv - grant) * d(FIRST + i) for i, (inv, grant) in enumerate(zip(investment, grants, strict=True)))
    assert sol.objective_npv == money(expected)


def test_spread_project_uses_longest_lead_time_for_investment_and_fixed_cost():
    """P: A (lead 1, 1 MNOK) and B (lead 2); fixed cost 3 MNOK; need 2 A from 2027.
    P opens in 2027 (2025 + longest lead 2). Spread over the longest lead time (2), not
    A's own (1): 2 MNOK places + 3 MNOK fixed, half in 2025 and half in 2026."""
    a = ptype("A", inv=1e6, lead=1, generic=False)
    b = ptype("B", groups=("other",), inv=1e6, lead=2, generic=False)
    data = planning_input(
        [a, b],
        [0, 0, 2],
        projects=[project("P", {"A": (0, 5), "B": (0, 5)}, fixed=3e6)],
        timing="spread",
    )
    sol = solve(data)
    assert plan_of(sol) == {(2027, "A", "P"): 2}
    assert cost_column(sol, "investment") == [money(1e6), money(1e6), money(0)]
    assert cost_column(sol, "fixed_costs") == [money(1.5e6), money(1.5e6), money(0)]
    assert sol.objective_npv == money(2.5e6 * (d(2025) + d(2026)))


def test_payment_shares_before_first_year_are_paid_in_first_year():
    """The rule itself: spread over lead years, those before first_year land in first_year."""
    data = planning_input([ptype("A")], [0, 0], timing="spread")
    # opening 2026 with lead 3: years 2023, 2024, 2025 → all three thirds paid in 2025
    assert data.payment_shares(2026, 3) == pytest.approx({2025: 1.0})
    # opening 2027 with lead 3: 2024 → 2025, 2025, 2026
    assert data.payment_shares(2027, 3) == pytest.approx({2025: 2 / 3, 2026: 1 / 3})


# --------------------------------------------------------------------------- residual value


@pytest.mark.parametrize(
    ("residual", "life", "share"),
    [
        (True, 10, 1 - (2027 - 2026 + 1) / 10),  # 0.8 undepreciated
        (True, 2, 0.0),  # exactly written off at the horizon end
        (True, 1, 0.0),  # max(0, 1 − 2/1): never negative
        (False, 10, 0.0),  # residual_value = no
    ],
)
def test_residual_value(residual, life, share):
    """5 places opening in 2026 (need from 2026), 1 MNOK less a 0.2 MNOK grant each; the
    horizon ends 2027. Residual credit: net investment × share, discounted with d(2028)."""
    data = planning_input(
        [ptype("A", inv=1e6, grant=2e5, life=life)],
        [0, 5, 5],
        residual=residual,
    )
    sol = solve(data)
    assert plan_of(sol) == {(2026, "A", "new"): 5}
    residual_value = 5 * 0.8e6 * share
    assert sol.residual_value_discounted == money(residual_value * d(2028))
    assert sol.objective_npv == money(5 * 0.8e6 * d(2026) - residual_value * d(2028))


def test_residual_value_of_a_project_uses_longest_lifetime_for_fixed_cost():
    """P opens 2026 with 2 A (1 MNOK, life 10) and 1 B (2 MNOK − 0.5 grant, life 20),
    fixed cost 2 MNOK; horizon ends 2027 (2 years of service).
    Residual: fixed 2e6 × (1 − 2/20) + A 2 × 1e6 × (1 − 2/10) + B 1.5e6 × (1 − 2/20)."""
    a = ptype("A", groups=("a",), inv=1e6, life=10, generic=False)
    b = ptype("B", groups=("b",), inv=2e6, grant=0.5e6, life=20, generic=False)
    data = planning_input(
        [a, b],
        [0, 2, 2],
        [band("need_a", "a", lo=1.0), band("need_b", "b", lo=0.5)],
        projects=[project("P", {"A": (0, 10), "B": (0, 10)}, fixed=2e6)],
        residual=True,
    )
    sol = solve(data)
    assert plan_of(sol) == {(2026, "A", "P"): 2, (2026, "B", "P"): 1}
    residual_value = 2e6 * (1 - 2 / 20) + 2 * 1e6 * (1 - 2 / 10) + 1.5e6 * (1 - 2 / 20)
    assert sol.residual_value_discounted == money(residual_value * d(2028))
    net_2026 = 2 * 1e6 + (2e6 - 0.5e6) + 2e6
    assert sol.objective_npv == money(net_2026 * d(2026) - residual_value * d(2028))


# --------------------------------------------------------------------------- grants and rent


def test_grants_reduce_investment_and_rent_reduces_operating():
    """Stock 2, need 5 → 3 new in 2025 (1 MNOK, grant 0.3 MNOK). Operating 0.2 MNOK and
    rent 0.05 MNOK per place-year on all 5 places."""
    data = planning_input(
        [ptype("A", inv=1e6, grant=3e5, op=2e5, rent=5e4)],
        [5, 5],
        stock=[StockRow("old", "A", 2)],
    )
    sol = solve(data)
    assert plan_of(sol) == {(2025, "A", "new"): 3}
    assert cost_column(sol, "investment") == [money(3e6), money(0)]
    assert cost_column(sol, "grants") == [money(0.9e6), money(0)]
    assert cost_column(sol, "operating") == [money(1e6), money(1e6)]
    assert cost_column(sol, "rent_income") == [money(0.25e6), money(0.25e6)]
    for column in ("fixed_costs", "conversion_costs", "fixed_operating"):
        assert cost_column(sol, column) == [0, 0]
    net_2025 = 3e6 - 0.9e6 + 1e6 - 0.25e6
    net_2026 = 1e6 - 0.25e6
    assert cost_column(sol, "net_cost") == [money(net_2025), money(net_2026)]
    assert sol.objective_npv == money(net_2025 + net_2026 * d(2026))


# --------------------------------------------------------------------------- band base and years


def test_band_on_other_base_and_limited_years():
    """A: stock 10, closes after 2026; band 'old' A ≥ 1.0 × persons_80_plus (10) only
    2025-26, so nothing replaces A in 2027. B: band 'young' B ≥ 0.5 × persons_67_79 only
    from 2027 (12 → 6 places; persons_80_plus would give 5, the 2025 figure 20)."""
    a = ptype("A", groups=("a",), inv=1e6)
    b = ptype("B", groups=("b",), inv=1e6)
    data = planning_input(
        [a, b],
        [10, 10, 10],
        [
            band("old", "a", lo=1.0, to_year=2026),
            band("young", "b", lo=0.5, base="persons_67_79", from_year=2027),
        ],
        other_pop={"persons_67_79": [40, 40, 12]},
        stock=[StockRow("old", "A", 10, last_year=2026)],
    )
    sol = solve(data)
    assert plan_of(sol) == {(2027, "B", "new"): 6}
    assert capacity_of(sol, "A") == [10, 10, 0]
    young = sol.coverage[sol.coverage["band"] == "young"]
    assert list(young["year"]) == [2027]
    assert list(young["base"]) == ["persons_67_79"]
    assert list(young["population"]) == [12]
    assert list(sol.coverage[sol.coverage["band"] == "old"]["year"]) == [2025, 2026]
    assert sol.objective_npv == money(6e6 * d(2027))


# --------------------------------------------------------------------------- infeasible


def test_infeasible_max_band_diagnosis_reports_excess():
    """Stock 12 of A, hard max 10, no way out: infeasible, 2 places over each year."""
    data = planning_input([ptype("A")], [10, 10], [band("cap", hi=1.0)], stock=[StockRow("old", "A", 12)])
    sol = solve(data, expect="infeasible")
    assert coverage_column(sol, "cap", "excess_places") == [2, 2]
    assert coverage_column(sol, "cap", "shortfall_places") == [0, 0]
    assert sol.hard_violation_places == pytest.approx(4)


def test_infeasible_diagnosis_is_the_cheapest_plan_among_least_miss_plans():
    """Hard A ≥ 14 with stock 10 and lead time 2: least miss 4 + 4 places (2025, 2026).
    A second, satisfiable band needs 7 X (lead 0) from 2027. Among the plans with the
    least miss, the cheapest opens 4 A and 7 X in 2027 (X also costs 0.1 MNOK a year):
    (4 + 7) × 1 MNOK × d(2027) + 7 × 0.1 MNOK × d(2027)."""
    a = ptype("A", groups=("a",), inv=1e6, lead=2)
    x = ptype("X", groups=("x",), inv=1e6, op=1e5)
    data = planning_input(
        [a, x],
        [14, 14, 14],
        [band("need_a", "a", lo=1.0), band("need_x", "x", lo=0.5, from_year=2027)],
        stock=[StockRow("old", "A", 10)],
    )
    sol = solve(data, expect="infeasible")
    assert coverage_column(sol, "need_a", "shortfall_places") == [4, 4, 0]
    assert coverage_column(sol, "need_x", "shortfall_places") == [0]
    assert sol.hard_violation_places == pytest.approx(8)
    assert plan_of(sol) == {(2027, "A", "new"): 4, (2027, "X", "new"): 7}
    assert sol.objective_npv == money((4 + 7) * 1e6 * d(2027) + 7 * 1e5 * d(2027))


# --------------------------------------------------------------------------- both solvers


def soft_band_case() -> tuple[PlanningInput, float]:
    data = planning_input([ptype("A", inv=1e6)], [10, 10], [band(lo=1.0, hard=False, penalty=1e5)])
    return data, 10 * 1e5 * (d(2025) + d(2026))


def lead_time_infeasible_case() -> tuple[PlanningInput, float]:
    """Diagnosis of the lead-time case: 5 places in 2027, nothing else costs anything."""
    data = planning_input([ptype("A", inv=1e6, lead=2)], [13, 14, 15], stock=[StockRow("old", "A", 10)])
    return data, 5 * 1e6 * d(2027)


CASES = {
    "economies_of_scale": (economies_of_scale_case, "optimal"),
    "conversions": (conversions_case, "optimal"),
    "soft_band": (soft_band_case, "optimal"),
    "lead_time_infeasible": (lead_time_infeasible_case, "infeasible"),
}


@pytest.mark.parametrize("solver", ["cbc", "highs"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_solvers_give_the_hand_computed_objective(case, solver):
    build, status = CASES[case]
    data, expected = build()
    sol = solve(data, solver=solver, expect=status)
    assert sol.objective_npv == money(expected)


@pytest.mark.parametrize("case", sorted(CASES))
def test_cbc_and_highs_agree(case):
    build, status = CASES[case]
    cbc = solve(build()[0], solver="cbc", expect=status)
    highs = solve(build()[0], solver="highs", expect=status)
    assert cbc.objective_npv == money(highs.objective_npv)
    assert plan_of(cbc) == plan_of(highs)


# --------------------------------------------------------------------------- consistency


def consistency_case() -> PlanningInput:
    """Projects, conversions, a soft band, committed and closing stock, spread and residual.

    H comes only through the Campus project, so the plan has both a project and conversions.
    """
    long_ = ptype("L", groups=("municipal",), inv=1.2e6, grant=3e5, op=9e5, rent=1e5, life=30, lead=1)
    short = ptype("S", groups=("municipal", "short"), inv=1.4e6, grant=3e5, op=1.1e6, life=30, lead=1, module=2)
    home = ptype(
        "H", groups=("housing",), inv=0.8e6, grant=2e5, op=5e5, rent=2e5, life=40, lead=2, max_new=6, generic=False
    )
    return planning_input(
        [long_, short, home],
        [40, 42, 45, 48],
        [
            band("municipal", "municipal", lo=0.5),
            band("short", "short", lo=0.1, hi=0.15),
            band("housing", "housing", lo=0.25, hard=False, penalty=2e6),
        ],
        stock=[
            StockRow("old", "L", 22, last_year=2026),
            StockRow("committed", "L", 4, first_year=2026),
            StockRow("old", "S", 2),
            StockRow("house", "H", 5),
        ],
        projects=[
            project(
                "Campus",
                {"L": (4, 12), "H": (2, 8)},
                earliest=2026,
                fixed=3e6,
                fixed_op=4e5,
                min_places=8,
                max_places=16,
            )
        ],
        conversions=[Conversion("L", "S", 2e5, 3, 2025)],
        budget={2026: 25e6},
        timing="spread",
        residual=True,
    )


def test_tables_are_consistent_with_each_other_and_the_solver_objective():
    data = consistency_case()
    sol = solve(data)
    assert not sol.conversions.empty and (sol.plan["source"] == "Campus").any()  # the case exercises both

    # objective = Σ discounted net cost + penalties − residual value (summary definition)
    assert sol.objective_npv == money(
        sol.costs["discounted_net_cost"].sum() + sol.penalties_discounted - sol.residual_value_discounted
    )
    # ... and equals what the solver minimised, from an independent build of the same model
    model = build_model(data)
    run = run_solver(model.problem, "cbc", 30, 0.0)
    assert run.status == "optimal"
    assert sol.objective_npv == pytest.approx(pulp.value(model.problem.objective) / OBJECTIVE_SCALE, rel=1e-7)

    # costs rows: net = components, discounted = net × d(t)
    for r in sol.costs.itertuples():
        net = (
            r.investment
            - r.grants
            + r.fixed_costs
            + r.conversion_costs
            + r.operating
            - r.rent_income
            + r.fixed_operating
        )
        assert r.net_cost == money(net)
        assert r.discount_factor == money(d(int(r.year)))
        assert r.discounted_net_cost == money(net * d(int(r.year)))

    # penalties = Σ d(t) × penalty × (short + over) of the soft band
    soft = sol.coverage[sol.coverage["band"] == "housing"]
    penalties = sum(d(int(r.year)) * 2e6 * (r.shortfall_places + r.excess_places) for r in soft.itertuples())
    assert sol.penalties_discounted == money(penalties)

    # capacity = stock in service + cumulative plan + conversions in − out
    for k in data.place_types:
        for t in data.years:
            stock = sum(s.places for s in data.stock if s.type == k and s.in_service(t))
            opened = int(sol.plan[(sol.plan["type"] == k) & (sol.plan["year"] <= t)]["places"].sum())
            conv = sol.conversions[sol.conversions["year"] <= t]
            conv_in = int(conv[conv["to_type"] == k]["places"].sum())
            conv_out = int(conv[conv["from_type"] == k]["places"].sum())
            cap = sol.capacity[(sol.capacity["type"] == k) & (sol.capacity["year"] == t)]["places"]
            assert int(cap.iloc[0]) == stock + opened + conv_in - conv_out, (k, t)
            assert int(cap.iloc[0]) >= 0

    # coverage places = Σ capacity of the group's types
    for r in sol.coverage.itertuples():
        types = data.group_types(r.group)
        in_year = sol.capacity[(sol.capacity["year"] == r.year) & sol.capacity["type"].isin(types)]
        assert r.places == int(in_year["places"].sum())


# --------------------------------------------------------------------------- re-optimisation


def test_committed_openings_open_inside_the_lead_time_and_are_paid():
    """A (lead time 3) needs 12 places from 2026; 4 are committed for 2026, so only they can open then.

    Without the commitment nothing can open before 2028 and the hard band fails. With it: 4 in
    2026 (committed, inside the lead time), and the rest (8 more from 2027) cannot open before
    2028, so the band is made soft here to see the plan: 8 short in 2027, then 8 open in 2028.
    """
    a = ptype("A", inv=1e6, lead=3)
    data = planning_input([a], [0, 4, 12, 12], [band(lo=1.0, hard=False, penalty=5e6)])
    data = dataclasses.replace(data, commitments=[Commitment(2026, "A", "new", 4)])
    sol = solve(data)
    assert plan_of(sol) == {(2026, "A", "new"): 4, (2028, "A", "new"): 8}
    assert coverage_column(sol, "cover", "shortfall_places") == [0, 0, 8, 0]
    expected = 4e6 * d(2026) + 8e6 * d(2028) + 8 * 5e6 * d(2027)
    assert sol.objective_npv == money(expected)


def test_committed_project_opens_in_its_year_even_before_its_window():
    """Project P (lead 2, fixed cost 1 MNOK) committed for 2025 with 5 places: opens then, once, and is paid."""
    a = ptype("A", inv=1e6, lead=2, generic=False)
    data = planning_input([a], [5, 5, 5], projects=[project("P", {"A": (0, 10)}, fixed=1e6)])
    assert data.opening_years(data.projects[0]) == range(2027, 2028)  # without the commitment: 2027 at the earliest
    data = dataclasses.replace(data, commitments=[Commitment(2025, "A", "P", 5)])
    sol = solve(data)
    assert plan_of(sol) == {(2025, "A", "P"): 5}
    assert sol.objective_npv == money(1e6 + 5e6)  # all in 2025: d = 1


def test_change_penalty_chooses_the_baseline_among_equally_cheap_plans():
    """A and B cost the same; 6 places are needed. Whichever the baseline opened, the re-plan keeps."""
    a, b = ptype("A", inv=1e6), ptype("B", inv=1e6)
    data = planning_input([a, b], [6, 6])
    for chosen in ("A", "B"):
        planned = dataclasses.replace(
            data, baseline_openings={("new", chosen, 2025): 6}, change_penalty_per_place=1000.0
        )
        sol = solve(planned)
        assert plan_of(sol) == {(2025, chosen, "new"): 6}
        assert sol.change_penalty == 0.0
        assert sol.objective_npv == money(6e6)  # the penalty is not part of the NPV


def test_change_penalty_never_outweighs_a_real_saving():
    """Baseline opened 6 of A (1.0 MNOK each); B now costs 0.9 MNOK: moving saves 0.6 MNOK, the penalty is
    12 × 1,000 NOK (6 fewer of A, 6 more of B), so the re-plan moves, and pays that penalty apart."""
    a, b = ptype("A", inv=1e6), ptype("B", inv=0.9e6)
    data = planning_input([a, b], [6, 6])
    planned = dataclasses.replace(data, baseline_openings={("new", "A", 2025): 6}, change_penalty_per_place=1000.0)
    sol = solve(planned)
    assert plan_of(sol) == {(2025, "B", "new"): 6}
    assert sol.change_penalty == money(12 * 1000.0)
    assert sol.objective_npv == money(6 * 0.9e6)


# --------------------------------------------------------------------------- robust plans


def test_robust_plan_holds_the_hard_band_in_every_scenario_and_costs_on_the_chosen_one():
    """Need 10 places (chosen scenario) or 12 (another): the robust plan opens 12, paid once: 12 MNOK.

    The soft band on the chosen scenario only: 11 wanted, the robust 12 already hold it, no penalty.
    """
    a = ptype("A", inv=1e6)
    data = planning_input([a], [10, 10], [band(lo=1.0), band("soft", lo=1.1, hard=False, penalty=1e9)])
    assert plan_of(solve(data)) == {(2025, "A", "new"): 11}  # alone: the soft band's 11
    robust = dataclasses.replace(data, robust_populations={"high": {BASE: {2025: 12, 2026: 12}}})
    sol = solve(robust)
    assert plan_of(sol) == {(2025, "A", "new"): 12}
    assert sol.objective_npv == money(12e6)
    assert coverage_column(sol, "cover", "share") == [1.2, 1.2]  # reported on the chosen scenario


def test_robust_diagnosis_counts_the_misses_in_the_other_scenarios():
    """Stock 10, lead time 2, need 10 in the chosen scenario but 13 and 14 in another before anything can open.

    The chosen scenario holds; the other misses by 3 + 4 = 7 place-years, which is what the diagnosis
    reports as the hard-band miss (in 2027 four places open to cover the other scenario's 14).
    """
    data = planning_input([ptype("A", inv=1e6, lead=2)], [10, 10, 10], stock=[StockRow("old", "A", 10)])
    robust = dataclasses.replace(data, robust_populations={"high": {BASE: {2025: 13, 2026: 14, 2027: 14}}})
    sol = solve(robust, expect="infeasible")
    assert coverage_column(sol, "cover", "shortfall_places") == [0, 0, 0]  # the chosen scenario holds
    assert sol.hard_violation_places == pytest.approx(7)
    assert plan_of(sol) == {(2027, "A", "new"): 4}
