"""Existing sites, bought and sold places: tiny instances whose optimum is worked out by hand in each test.

The builder conventions are those of test_model_rules: horizon from FIRST = 2025, the band "cover" needs
1.0 × persons_80_plus places of the group care (the population figure is the places needed), investment paid
in the opening year, residual value off, every cost zero unless the test names it.
"""

from __future__ import annotations

import dataclasses

import pytest
from test_model_rules import FIRST, capacity_of, d, money, plan_of, planning_input, ptype, solve

from models import Purchase, Sale, Site, StockRow

OLD = StockRow("Old", "care", 10)  # an existing site: 10 places, open before the horizon and staying


def decisions(sol) -> list[tuple]:
    return [(r.site, r.decision, int(r.year), int(r.places)) for r in sol.site_decisions.itertuples()]


def bought(sol) -> dict[int, int]:
    return {int(r.year): int(r.places) for r in sol.purchased.itertuples()}


def sold(sol) -> dict[int, int]:
    return {int(r.year): int(r.places) for r in sol.sold.itertuples()}


@pytest.mark.parametrize(
    ("fixed", "closes"),
    [(5e6, True), (3e6, False)],
    ids=["fixed cost above building anew: close", "fixed cost below: keep"],
)
def test_a_dear_site_is_closed_and_its_places_built_elsewhere(fixed: float, closes: bool) -> None:
    """10 places needed for 3 years, rate 0. Keeping Old costs 3 × fixed; closing it in 2025 (1 M) and building
    10 places at 1 M each costs 11 M. fixed 5 M: 15 M > 11 M, so it closes in 2025; fixed 3 M: 9 M < 11 M, kept."""
    data = planning_input([ptype("care", inv=1e6)], [10, 10, 10], stock=[OLD], rate=0.0)
    data = dataclasses.replace(data, sites=[Site("Old", fixed_operating_year=fixed, may_close=True, closure_cost=1e6)])
    sol = solve(data)
    if closes:
        assert decisions(sol) == [("Old", "close", FIRST, 10)]
        assert plan_of(sol) == {(FIRST, "care", "new"): 10}
        assert sol.objective_npv == money(11e6)
        assert sum(sol.costs["fixed_operating"]) == money(0.0)  # closed from the first year: nothing to run
    else:
        assert decisions(sol) == [] and plan_of(sol) == {}
        assert sol.objective_npv == money(9e6)
    assert capacity_of(sol, "care") == [10, 10, 10]


def test_a_site_that_may_not_close_is_kept_however_dear() -> None:
    """may_close = no and no end of life: the 5 M a year are paid, 15 M, and nothing is built."""
    data = planning_input([ptype("care", inv=1e6)], [10, 10, 10], stock=[OLD], rate=0.0)
    data = dataclasses.replace(data, sites=[Site("Old", fixed_operating_year=5e6)])
    sol = solve(data)
    assert decisions(sol) == [] and plan_of(sol) == {}
    assert sol.objective_npv == money(15e6)


def test_past_its_end_of_life_a_site_is_renovated_and_bought_places_hold_the_band_during_the_works() -> None:
    """Old's life ends in 2025; nothing new can be built. From 2026 it is renovated (works of 2 years, 100,000 a
    place, grant 20,000) or closed; a provider sells places at 100,000 a year. The works must cover 2026, so they
    start in 2025 or 2026. Rate 4 %:
      renovate 2026: 0.8 M·d(2026) + 1.0 M·(d(2026) + d(2027)) [10 places bought in each works year]
      renovate 2025: 0.8 M·d(2025) + 1.0 M·(d(2025) + d(2026))      — dearer (paid a year earlier)
      close in 2026: 1.0 M·(d(2026) + d(2027) + d(2028))              — dearer by 1.0·d(2028) − 0.8·d(2026) > 0.
    """
    data = planning_input([ptype("care", generic=False)], [10, 10, 10, 10], stock=[OLD])
    site = Site(
        "Old",
        end_of_life_year=2025,
        renovation_cost_per_place=100_000,
        renovation_grant_per_place=20_000,
        renovation_years=2,
    )
    provider = Purchase("Private", "care", 100_000, max_places=20, from_year=FIRST, to_year=2028)
    sol = solve(dataclasses.replace(data, sites=[site], purchases=[provider]))
    assert decisions(sol) == [("Old", "renovate", 2026, 10)]
    assert capacity_of(sol, "care") == [10, 0, 0, 10]  # own places: out during the works
    assert bought(sol) == {2026: 10, 2027: 10}
    assert list(sol.coverage["places"]) == [10, 10, 10, 10]  # own + bought
    expected = 0.8e6 * d(2026) + 1.0e6 * (d(2026) + d(2027))
    assert sol.objective_npv == money(expected)
    row = sol.site_decisions.iloc[0]
    assert (row["cost"], row["grant"]) == (1.0e6, 0.2e6)


def test_a_site_past_its_end_of_life_that_cannot_be_renovated_closes() -> None:
    """No renovation cost given: the site cannot be renovated, so it closes the year after its life ends and the
    band is held by bought places: 10 a year in 2026–2027 at 100,000 each."""
    data = planning_input([ptype("care", generic=False)], [10, 10, 10], stock=[OLD])
    provider = Purchase("Private", "care", 100_000, max_places=20, from_year=FIRST, to_year=2027)
    sol = solve(dataclasses.replace(data, sites=[Site("Old", end_of_life_year=2025)], purchases=[provider]))
    assert decisions(sol) == [("Old", "close", 2026, 10)]
    assert bought(sol) == {2026: 10, 2027: 10}
    assert sol.objective_npv == money(1e6 * (d(2026) + d(2027)))


def test_a_contract_is_kept_for_its_minimum_years_though_the_need_drops() -> None:
    """10 places needed in 2025–2026, none after; only bought places exist. With min_contract_years 3 the 10
    places contracted in 2025 are paid in 2025–2027 (take or pay), and not in 2028; with 1 only in 2025–2026."""
    data = planning_input([ptype("care", generic=False)], [10, 10, 0, 0])
    for years, paid in ((3, (2025, 2026, 2027)), (1, (2025, 2026))):
        provider = Purchase(
            "Private", "care", 100_000, max_places=20, from_year=FIRST, to_year=2028, min_contract_years=years
        )
        sol = solve(dataclasses.replace(data, purchases=[provider]))
        assert bought(sol) == dict.fromkeys(paid, 10), years
        assert sol.objective_npv == money(sum(1e6 * d(t) for t in paid))
        assert sum(sol.costs["purchases"]) == money(1e6 * len(paid))


def test_a_minimum_purchase_is_bought_whatever_the_need() -> None:
    """min_places 4 a year (an agreement in force) although the stock covers the need: 4 × 100,000 a year."""
    data = planning_input([ptype("care", generic=False)], [10, 10], stock=[OLD])
    provider = Purchase("Private", "care", 100_000, max_places=20, from_year=FIRST, to_year=2026, min_places=4)
    sol = solve(dataclasses.replace(data, purchases=[provider]))
    assert bought(sol) == {2025: 4, 2026: 4}
    assert sol.objective_npv == money(0.4e6 * (d(2025) + d(2026)))


@pytest.mark.parametrize(
    ("need", "sold_each_year"),
    [(0, 10), (45, 5)],
    ids=["capped by max_sold_share: 20 % of 50", "capped by the band: 50 − 45"],
)
def test_sales_are_capped_by_the_sold_share_and_do_not_count_toward_the_band(need: int, sold_each_year: int) -> None:
    """50 own places, a buyer takes up to 30 at 200,000 a year. max_sold_share 0.2 allows 10; with a need of 45
    places only 5 may go, since sold places do not count toward the band. Income 200,000 × sold each year."""
    data = planning_input([ptype("care", generic=False)], [need, need], stock=[StockRow("Big", "care", 50)])
    buyer = Sale("Neighbour", "care", 200_000, max_places=30, from_year=FIRST, to_year=2026)
    sol = solve(dataclasses.replace(data, sales=[buyer], max_sold_share=0.2))
    assert sold(sol) == {2025: sold_each_year, 2026: sold_each_year}
    assert capacity_of(sol, "care") == [50, 50]  # own places in service: sold ones too
    assert list(sol.coverage["places"]) == [50 - sold_each_year] * 2
    assert sol.objective_npv == money(-0.2e6 * sold_each_year * (d(2025) + d(2026)))


def test_sites_rows_that_decide_nothing_leave_the_plan_as_it_was() -> None:
    """A sites row with no fixed cost, no end of life, no renovation and may_close = no: the same plan and NPV as
    without it (4 places to build in 2026 at 1 M, discounted)."""
    data = planning_input([ptype("care", inv=1e6)], [10, 14], stock=[OLD])
    without = solve(data)
    with_sites = solve(dataclasses.replace(data, sites=[Site("Old")]))
    assert plan_of(with_sites) == plan_of(without) == {(2026, "care", "new"): 4}
    assert with_sites.objective_npv == without.objective_npv == money(4e6 * d(2026))
    assert with_sites.costs.equals(without.costs)


def test_the_ratio_rule_keeps_a_dear_site_sells_nothing_and_renovates_when_the_band_needs_it() -> None:
    """Today's practice: the dear site of the first test is kept (15 M, where the optimum closes it for 11 M);
    a buyer is not used; and past its end of life a site is renovated, the works covered by bought places."""
    from models.ratio import ratio_plan

    data = planning_input([ptype("care", inv=1e6)], [10, 10, 10], stock=[OLD], rate=0.0)
    buyer = Sale("Neighbour", "care", 5e6, max_places=5, from_year=FIRST, to_year=2027)
    kept = ratio_plan(
        dataclasses.replace(data, sites=[Site("Old", 5e6, may_close=True, closure_cost=1e6)], sales=[buyer])
    ).solution
    assert decisions(kept) == [] and sold(kept) == {} and kept.objective_npv == money(15e6)

    data = planning_input([ptype("care", generic=False)], [10, 10, 10, 10], stock=[OLD])
    site = Site("Old", end_of_life_year=2025, renovation_cost_per_place=100_000, renovation_years=2)
    # offered in 2025–2027 only: closing would leave 2028 short, so the site is renovated
    provider = Purchase("Private", "care", 100_000, max_places=20, from_year=FIRST, to_year=2027)
    renovated = ratio_plan(dataclasses.replace(data, sites=[site], purchases=[provider])).solution
    assert decisions(renovated) == [("Old", "renovate", 2026, 10)]
    assert bought(renovated) == {2026: 10, 2027: 10}
    assert renovated.hard_violation_places is None  # the band holds every year


def test_replanning_keeps_site_decisions_that_have_begun_and_freezes_those_asked() -> None:
    """Last year's plan renovated Old from 2024 (works 2024–2025) or closed it in 2024; the new plan starts in
    2025. Renovated: its places are still out in 2025 (bought: 10 at 100,000) and back from 2026, its life
    renewed, so nothing more is decided. Closed: its places are gone, and the need is bought every year."""
    from models.reoptimise import SiteDecision, carry_forward

    data = planning_input([ptype("care", generic=False)], [10, 10, 10])
    data = dataclasses.replace(
        data,
        stock=[OLD],
        sites=[Site("Old", end_of_life_year=2025, renovation_cost_per_place=100_000, renovation_years=2)],
        purchases=[Purchase("Private", "care", 100_000, max_places=20, from_year=FIRST, to_year=2027)],
    )
    renovated, _ = carry_forward(data, [], site_decisions=[SiteDecision("Old", "renovate", 2024, 10)])
    assert renovated.sites[0].end_of_life_year == 2025 + 30
    assert [renovated.site_places("Old", t) for t in (2025, 2026)] == [0, 10]  # out in 2025 only, net
    sol = solve(renovated)
    assert decisions(sol) == [] and capacity_of(sol, "care") == [0, 10, 10] and bought(sol) == {2025: 10}
    assert sol.objective_npv == money(1e6 * d(2025))

    closed, _ = carry_forward(data, [], site_decisions=[SiteDecision("Old", "close", 2024, 10)])
    assert closed.sites == []
    sol = solve(closed)
    assert capacity_of(sol, "care") == [0, 0, 0] and bought(sol) == {2025: 10, 2026: 10, 2027: 10}

    # left free, the optimum closes Old in 2026 and buys; frozen to last year's renovation in 2025, it keeps that
    assert decisions(solve(data)) == [("Old", "close", 2026, 10)]
    frozen, _ = carry_forward(
        data,
        [],
        freeze_until=2025,
        site_decisions=[SiteDecision("Old", "renovate", 2025, 10)],
    )
    assert decisions(solve(frozen)) == [("Old", "renovate", 2025, 10)]


def test_the_diagnosis_names_a_renovation_that_leaves_a_band_short() -> None:
    """Old's life ends in 2025 and its works (one year) may start in 2026 at the earliest; nothing can be built or
    bought. Renovating in 2026 leaves 10 places short that year, closing leaves 20 place-years short: the least miss
    renovates, and the diagnosis says which renovation leaves the band short, on screen and in the overview."""
    from pathlib import Path

    from planner.commands.console import infeasibility_text
    from planner.outputs.people.grid import Review
    from planner.outputs.people.paragraph import _diagnosis_misses
    from planner.outputs.record import PlanRecord
    from planner.outputs.words import Words

    data = planning_input([ptype("care", generic=False)], [10, 10, 10], stock=[OLD])
    site = Site(
        "Old", end_of_life_year=2025, renovation_cost_per_place=1, renovation_years=1, earliest_renovation_year=2026
    )
    data = dataclasses.replace(data, sites=[site])
    sol = solve(data, expect="infeasible")
    assert decisions(sol) == [("Old", "renovate", 2026, 10)]
    text = infeasibility_text(sol, Path("plan.xlsx"), {"cover"}, data)
    assert "renovating Old in 2026 (its 10 places out of service 2026) leaves band 'cover' short in 2026" in text
    record = PlanRecord.made_from(Path("in.xlsx"), "highs", input_sha256="0" * 64, time_limit_s=1, gap=0, lang="nb")
    review = Review(sol, data, record, None, Words("nb"))
    misses = _diagnosis_misses(review, [])
    assert misses == [
        "rehabiliteringen av Old i 2026 (de 10 plassene ute av drift 2026) gjør at cover mangler plasser i 2026"
    ]


def _granted(replacement: float | None) -> list:
    """One type: 1 M a place, a lead time of 1 year, grant 400,000, replacement grant as given (None: 400,000)."""
    return [dataclasses.replace(ptype("care", inv=1e6, grant=400_000, lead=1), replacement_grant_per_place=replacement)]


@pytest.mark.parametrize(
    ("need", "replacement", "expected"),
    [
        ([10, 10, 10], 100_000, 10 * 1e6 - 10 * 100_000),  # all 10 replace the expired ones: 9 M
        ([10, 15, 15], 100_000, 15 * 1e6 - 5 * 400_000 - 10 * 100_000),  # 5 net new, 10 replacements: 12 M
        ([10, 15, 15], None, 15 * 1e6 - 15 * 400_000),  # one grant for all (the default): today's 9 M
    ],
    ids=["replacements only", "net new and replacements", "equal grants: as before"],
)
def test_new_places_that_replace_expired_ones_get_the_replacement_grant(need, replacement, expected) -> None:
    """Old's 10 places expire after 2025; the need from 2026 is met by new places (rate 0). Places up to the
    first-year total (10) replace the expired ones and get the replacement grant; those above it the full grant."""
    data = planning_input(_granted(replacement), need, stock=[StockRow("Old", "care", 10, last_year=2025)], rate=0.0)
    sol = solve(data)
    assert plan_of(sol) == {(2026, "care", "new"): need[1]}
    assert sol.objective_npv == money(expected)
    streams = [(int(r.year), int(r.net_new_places), int(r.replacement_places)) for r in sol.grant_streams.itertuples()]
    assert streams == ([] if replacement is None else [(2026, need[1] - 10, 10)])  # which places got which grant


@pytest.mark.parametrize(("window", "full"), [(1, 10), (2, 0)])
def test_the_window_decides_whether_new_places_replace_places_expiring_later(window: int, full: int) -> None:
    """A's 10 places expire after 2026; 10 more places are needed in 2026 only. The 10 opened in 2026 raise the
    total to 20, but it falls back to 10 in 2027: with a window of 1 year they are net new (full grant, 6 M in
    all), with 2 years they replace A's places (replacement grant, 9 M)."""
    data = planning_input(_granted(100_000), [10, 20, 10], stock=[StockRow("A", "care", 10, last_year=2026)], rate=0.0)
    sol = solve(dataclasses.replace(data, grant_replacement_window_years=window))
    assert plan_of(sol) == {(2026, "care", "new"): 10}
    assert sol.objective_npv == money(10 * 1e6 - full * 400_000 - (10 - full) * 100_000)


def test_the_ratio_rule_replaces_a_site_that_closes_at_its_end_of_life() -> None:
    """Old's life ends in 2025 and it cannot be renovated: the rule builds its 10 places in 2026 (1 M each), so the
    band holds every year."""
    from models.ratio import ratio_plan

    data = planning_input([ptype("care", inv=1e6)], [10, 10, 10], stock=[OLD])
    plan = ratio_plan(dataclasses.replace(data, sites=[Site("Old", end_of_life_year=2025)])).solution
    assert decisions(plan) == [("Old", "close", 2026, 10)]
    assert plan_of(plan) == {(2026, "care", "new"): 10} and plan.hard_violation_places is None


def test_a_site_long_past_its_end_of_life_can_still_be_renovated_and_a_gap_in_its_stock_is_no_trap() -> None:
    """End of life 2020, five years before the horizon: renovating in 2025 (1 M) beats building 10 places at 10 M.
    A site whose places pause the year after its end of life is renovated or closed when they are back."""
    data = planning_input([ptype("care", inv=10e6)], [10, 10, 10], stock=[OLD])
    old = Site("Old", end_of_life_year=2020, renovation_cost_per_place=100_000)
    assert decisions(solve(dataclasses.replace(data, sites=[old]))) == [("Old", "renovate", 2025, 10)]
    gap = [StockRow("Old", "care", 10, last_year=2025), StockRow("Old", "care", 10, first_year=2027)]
    data = planning_input([ptype("care", inv=1e6)], [10, 10, 10], stock=gap)
    sol = solve(dataclasses.replace(data, sites=[Site("Old", end_of_life_year=2025)]))
    assert decisions(sol) == [("Old", "close", 2027, 10)]  # it cannot be renovated: closed when back in 2027


def test_changes_compare_site_decisions_from_the_new_first_year_on() -> None:
    """The baseline renovated Old in 2024 (happened) and closes Small in 2027; the new plan (from 2025) closes Small
    in 2029 and renovates Old again in 2040: the 2024 renovation is no change, the closure moved, one is added."""
    import pandas as pd

    from planner.inputs.plans import PlanBook
    from planner.outputs.changes import _site_rows
    from planner.outputs.words import Words

    def book(rows):
        table = pd.DataFrame(rows, columns=["site", "decision", "year", "places", "cost", "grant"])
        return PlanBook("p.xlsx", {}, pd.DataFrame(), pd.DataFrame(), site_decisions_table=table)

    old = book([("Old", "renovate", 2024, 10, 0, 0), ("Small", "close", 2027, 5, 0, 0)])
    new = book([("Small", "close", 2029, 5, 0, 0), ("Old", "renovate", 2040, 10, 0, 0)])
    rows, lines = _site_rows(old, new, Words("en"), 2025)
    assert lines == ["Old is now renovated, from 2040", "Small's closure moves from 2027 to 2029"]
    assert [(r["source"], r["baseline"], r["new"], r["difference"]) for r in rows] == [
        ("Old", None, 2040, None),
        ("Small", 2027, 2029, 2),
    ]
