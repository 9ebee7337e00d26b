"""Erlang B and the places a flow requires, against published table values and hand sums."""

from __future__ import annotations

import math

import pytest
from conftest import header

from models.flows import erlang_b, expected_occupancy, flow_year, offered_load, places_required

# Erlang B tables (e.g. the ITU-T traffic tables): the load in erlangs that n places carry at
# the given blocking. Tables round the load, so B at that load is the target within rounding.
PUBLISHED = [
    (1, 0.0101, 0.01),
    (5, 1.36, 0.01),
    (10, 4.46, 0.01),
    (20, 12.03, 0.01),
    (50, 37.90, 0.01),
    (100, 84.06, 0.01),
    (10, 6.22, 0.05),
    (10, 3.09, 0.001),
]


@pytest.mark.parametrize(("places", "load", "blocking"), PUBLISHED)
def test_erlang_b_matches_published_tables(places, load, blocking):
    assert erlang_b(places, load) == pytest.approx(blocking, rel=0.01)


@pytest.mark.parametrize(("places", "load", "blocking"), PUBLISHED)
def test_the_published_load_needs_the_published_places(places, load, blocking):
    # The table's load rounds up or down; just below it the table's n is enough, and n − 1 is not.
    just_below = load * 0.995
    assert places_required(just_below, blocking) == places
    assert erlang_b(places - 1, just_below) > blocking


def test_erlang_b_by_hand():
    # B(1, 2) = 2/3; B(2, 2) = 2·(2/3) / (2 + 2·(2/3)) = 0.4.
    assert erlang_b(0, 2.0) == 1.0
    assert erlang_b(1, 2.0) == pytest.approx(2 / 3)
    assert erlang_b(2, 2.0) == pytest.approx(0.4)
    assert erlang_b(5, 0.0) == 0.0


def test_erlang_b_is_stable_for_large_systems():
    # The closed form A^n/n! / Σ A^k/k! overflows floats here; the recursion does not.
    value = erlang_b(2000, 1900.0)
    assert 0.0 < value < 0.05
    assert math.isfinite(value)


def test_offered_load_is_admissions_times_stay():
    # 730 admissions of 10 days: 7,300 place-days = 20 places busy on average.
    assert offered_load(730, 10) == pytest.approx(20.0)


def test_occupancy_target_is_on_the_offered_load():
    # A = 10, ρ = 0.85: 10 / 0.85 = 11.76, so 12 places; 11 would run at 91 %.
    assert places_required(10.0, max_occupancy=0.85) == 12
    assert places_required(10.2, max_occupancy=0.85) == 12  # exactly 12.0: no extra place


def test_both_targets_take_the_larger():
    # A = 10: 1 % refusal needs 18 places (B(17) = 1.5 %, B(18) = 0.7 %); 85 % occupancy needs 12.
    assert erlang_b(17, 10.0) > 0.01 >= erlang_b(18, 10.0)
    assert places_required(10.0, 0.01) == 18
    assert places_required(10.0, 0.01, 0.85) == 18
    assert places_required(10.0, 0.5, 0.85) == 12


def test_no_load_needs_no_places_and_a_target_is_required():
    assert places_required(0.0, 0.01) == 0
    with pytest.raises(ValueError):
        places_required(5.0)


def test_expected_occupancy_is_carried_load_over_places():
    # A = 2, n = 2: B = 0.4, carried 1.2, occupancy 0.6.
    assert expected_occupancy(2, 2.0) == pytest.approx(0.6)
    assert expected_occupancy(0, 2.0) == 0.0


def test_flow_year_reports_the_service_of_the_plans_places():
    # 365 admissions of 2 days: A = 2. With 2 places: refusal 0.4, occupancy 0.6.
    row = flow_year(2030, 365.0, 2.0, 2.0, 0.01, None)
    assert row.load == pytest.approx(2.0)
    assert row.refusal_probability == pytest.approx(0.4)
    assert row.occupancy == pytest.approx(0.6)
    # 1 % refusal at A = 2 needs 7 places: B(6, 2) = 1.2 %, B(7, 2) = 0.34 %.
    assert erlang_b(6, 2.0) > 0.01 >= erlang_b(7, 2.0)
    assert row.places_required == 7


# ---- a flow row in the model: the places it requires become a minimum on its group ------------


def _flow_instance(hard: bool = True, penalty: float = 0.0, per_1000: float = 182.5):
    """One type S (1 MNOK a place, no stock) and a flow of per_1000 admissions per 1,000 persons, 20 days each.

    Persons 1000 then 2000: 182.5 and 365 admissions, loads 182.5 × 20 / 365 = 10 and 20.
    """
    from test_model_rules import planning_input, ptype

    from models.flows import with_flows
    from models.inputs import Flow

    data = planning_input([ptype("S", groups=("short",))], [1000, 2000], [])
    flow = Flow(
        band="short_flow",
        group="short",
        from_year=data.first_year,
        to_year=data.last_year,
        mean_stay_days=20,
        admissions_per_1000=per_1000,
        base="persons_80_plus",
        max_refusal_probability=0.01,
        max_occupancy=0.8,
        hard=hard,
        penalty_per_place_year=penalty,
    )
    return with_flows(data, [flow])


def test_a_flow_sizes_its_group_by_the_strictest_target():
    """Load 10: occupancy 80 % needs ⌈10/0.8⌉ = 13, refusal 1 % needs 18 (table: 18 places carry 10.44
    erlangs at 1 %, 17 carry 9.68). Load 20: 25 against 30 (29 carry 19.49, 30 carry 20.34). So 18 places
    open in the first year and 12 more in the second: 18 MNOK + 12 MNOK discounted one year."""
    from test_model_rules import FIRST, d, money, plan_of, solve

    data = _flow_instance()
    assert data.population["flow:short_flow"] == {FIRST: 18.0, FIRST + 1: 30.0}
    sol = solve(data)
    assert plan_of(sol) == {(FIRST, "S", "new"): 18, (FIRST + 1, "S", "new"): 12}
    assert sol.objective_npv == money(18e6 + 12e6 * d(FIRST + 1))
    row = sol.coverage[sol.coverage["band"] == "short_flow"].iloc[1]
    assert (row["base"], row["population"], row["places"], row["min_share"]) == ("flow:short_flow", 30, 30, 1.0)


def test_a_soft_flow_is_missed_when_a_place_costs_more_than_its_penalty():
    """A place costs 1 MNOK (no residual value); missing one costs 0.1 MNOK a year for two years: none opens,
    18 and 30 places short: 18 × 0.1 + 30 × 0.1 discounted."""
    from test_model_rules import FIRST, d, money, plan_of, solve

    sol = solve(_flow_instance(hard=False, penalty=1e5))
    assert plan_of(sol) == {}
    assert sol.objective_npv == money(18 * 1e5 + 30 * 1e5 * d(FIRST + 1))


def test_the_flow_table_reports_load_occupancy_and_refusal_with_the_plans_places():
    """With 18 places against load 10: occupancy 10 × (1 − B(18, 10)) / 18, refusal B(18, 10) < 1 %."""
    from test_model_rules import FIRST, solve

    from models.results import flow_table

    data = _flow_instance()
    table = flow_table(data, solve(data).capacity)
    first = table[table["year"] == FIRST].iloc[0]
    assert first["admissions"] == pytest.approx(182.5)
    assert first["offered_load"] == pytest.approx(10.0)
    assert (first["places_required"], first["places"]) == (18, 18)
    assert first["refusal_probability"] == pytest.approx(erlang_b(18, 10.0))
    assert first["refusal_probability"] < 0.01 < erlang_b(17, 10.0)
    assert first["occupancy"] == pytest.approx(10.0 * (1 - erlang_b(18, 10.0)) / 18)


# ---- the flows sheet ---------------------------------------------------------------------------

FLOW_HEADER = header("flows")


def _with_flows(rows):
    from conftest import feasible_sheets

    sheets = feasible_sheets()
    sheets["flows"] = [FLOW_HEADER, *rows]
    return sheets


def test_the_flows_sheet_becomes_a_band_on_the_places_required(tmp_path):
    """persons_80_plus is 1000 in 2026: 73 per 1,000 → 73 admissions × 50 days / 365 = 10 erlangs; 5 % → 15
    places (table: 15 carry 10.63 erlangs at 5 %, 14 carry 9.73)."""
    from conftest import write_workbook

    from planner.inputs import read_input

    book = read_input(
        write_workbook(
            tmp_path / "flows.xlsx",
            _with_flows([["short_term", None, 2027, None, 73, "persons_80_plus", 50, "5 %", None, "yes", None]]),
        )
    )
    (flow,) = book.data.flows
    assert (flow.band, flow.group, flow.from_year, flow.to_year) == ("short_term_flow", "short_term", 2026, 2027)
    assert book.data.population["flow:short_term_flow"][2026] == 15
    band = next(b for b in book.data.bands if b.band == "short_term_flow")
    assert (band.group, band.base, band.min_share, band.hard) == ("short_term", "flow:short_term_flow", 1.0, True)


def test_flows_sheet_problems_name_row_and_column(tmp_path):
    from conftest import write_workbook

    from planner.inputs import read_input
    from planner.problems import InputError

    rows = [
        ["short_trem", None, None, 100, None, None, 20, 0.05, None, "yes", None],  # 2: unknown group
        ["short_term", 2026, 2026, 100, 50, "persons_80_plus", 20, 0.05, None, "yes", None],  # 3: both admissions
        ["short_term", 2027, 2027, None, 50, None, 20, 0.05, None, "yes", None],  # 4: per 1,000 without base
        ["short_term", 2028, 2028, None, 50, "persons_99", 20, 0.05, None, "yes", None],  # 5: unknown base
        ["short_term", 2029, 2029, 100, None, None, 0, 0.05, None, "yes", None],  # 6: no stay
        ["short_term", 2030, 2030, 100, None, None, 20, 1, None, "yes", None],  # 7: refusal 1
        ["municipal", None, None, 100, None, None, 20, None, None, "yes", None],  # 8: no target
        ["municipal", None, None, None, None, None, 20, 0.05, None, "yes", None],  # 9: no admissions
        ["institution_long", 2026, 2028, 100, None, None, 20, 0.05, None, "no", None],  # 10: soft, no penalty
        ["institution_short", 2026, 2028, 100, None, None, 20, 0.05, None, "yes", None],  # 11
        ["institution_short", 2028, 2030, 100, None, None, 20, 0.05, None, "yes", None],  # 12: overlaps 11
    ]
    with pytest.raises(InputError) as caught:
        read_input(write_workbook(tmp_path / "bad.xlsx", _with_flows(rows)))
    found = {(p.row, p.column): p.message for p in caught.value.problems if p.sheet == "flows"}
    assert found[(2, "group")].startswith("'short_trem' is no group in place_types.groups nor a type")
    assert "'short_term' is close" in found[(2, "group")]
    assert found[(3, "admissions_per_1000")].startswith("is filled and so is admissions_per_year")
    assert found[(4, "base")].startswith("is empty; admissions_per_1000 needs the base")
    assert found[(5, "base")].startswith("'persons_99' is no population column nor need base")
    assert found[(6, "mean_stay_days")].startswith("is 0")
    assert "above 0 and below 1" in found[(7, "max_refusal_probability")]
    assert found[(8, "max_refusal_probability")].startswith("max_refusal_probability and max_occupancy are both")
    assert found[(9, "admissions_per_year")].startswith("admissions_per_year and admissions_per_1000 are both")
    assert found[(10, "penalty_per_place_year")].startswith("is empty for a soft row")
    assert found[(12, "from_year")] == (
        "the years 2028–2030 overlap row 11's for group 'institution_short'; give each year one row"
    )
    assert len(found) == 10


def test_a_flow_band_may_not_take_a_band_name_in_use(tmp_path):
    from conftest import write_workbook

    from planner.inputs import read_input
    from planner.problems import InputError

    sheets = _with_flows([["short_term", None, None, 100, None, None, 20, 0.05, None, "yes", None]])
    width = len(sheets["bands"][0])
    sheets["bands"].append(["short_term_flow", "short_term", None, 0.01, *[None] * (width - 4)])
    with pytest.raises(InputError) as caught:
        read_input(write_workbook(tmp_path / "clash.xlsx", sheets))
    (problem,) = caught.value.problems
    assert (problem.sheet, problem.row, problem.column) == ("flows", 2, "group")
    assert "'short_term_flow', is a name in the bands sheet" in problem.message


def test_the_plan_workbook_shows_the_flow_and_its_service(tmp_path):
    """The flows sheet per year; the people sheet's load is admissions × stay / 365 as a formula."""
    from conftest import read_table, run_cli, write_workbook
    from openpyxl import load_workbook

    sheets = _with_flows([["short_term", None, None, 250, None, None, 30, 0.05, 0.9, "yes", None]])
    path = write_workbook(tmp_path / "flows.xlsx", sheets)
    run = run_cli("solve", path, "-o", tmp_path / "plan.xlsx", "--lang", "en", cwd=tmp_path)
    assert run.code == 0, run
    _, flows = read_table(tmp_path / "plan.xlsx", "flows")
    load = 250 * 30 / 365  # 20.5 erlangs: 90 % occupancy needs 23 places, 5 % refusal 26
    assert places_required(load, 0.05, 0.9) == 26 and erlang_b(25, load) > 0.05 >= erlang_b(26, load)
    assert [r["year"] for r in flows] == list(range(2026, 2031))
    for r in flows:
        assert r["offered_load"] == pytest.approx(load)
        assert r["places_required"] == places_required(load, 0.05, 0.9)
        assert r["places"] >= r["places_required"]
        assert r["refusal_probability"] == pytest.approx(erlang_b(int(r["places"]), load))
    book = load_workbook(tmp_path / "plan.xlsx")
    ws = book["Need and staff"]
    labels = {row[0].value: row for row in ws.iter_rows() if row[0].value}
    load_row = labels["Offered load (admissions × stay ÷ 365)"]
    assert load_row[1].value.endswith("/365") and load_row[1].value.startswith("=")
