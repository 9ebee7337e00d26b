"""Erlang B and the places a flow requires, against published table values and hand sums."""

from __future__ import annotations

import math

import pytest

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
