"""What solve says on screen, checked on hand-made solutions (no solver run)."""

from __future__ import annotations

import pandas as pd

from models.results import COVERAGE_COLUMNS, Solution
from models.text import year_runs
from planner.commands.console import infeasibility_text


def _coverage(rows: list[tuple[int, str, float, float]]) -> pd.DataFrame:
    """(year, band, shortfall_places, excess_places) rows; the other columns do not matter here."""
    return pd.DataFrame(
        [
            {
                "year": year,
                "band": band,
                "group": "g",
                "base": "persons_80_plus",
                "population": 1000,
                "places": 200,
                "share": 0.2,
                "min_share": 0.2,
                "max_share": None,
                "shortfall_places": short,
                "excess_places": over,
            }
            for year, band, short, over in rows
        ],
        columns=COVERAGE_COLUMNS,
    )


def test_year_runs_joins_consecutive_years_only():
    assert year_runs([2029, 2030, 2034]) == "2029–2030, 2034"
    assert year_runs([2034, 2029, 2030, 2031]) == "2029–2031, 2034"
    assert year_runs([2026]) == "2026"
    assert year_runs([2026, 2028, 2030]) == "2026, 2028, 2030"


def test_infeasibility_lists_the_years_not_a_span_over_the_gap():
    """Misses in 2029, 2030 and 2034 are not '2029–2034' (that would claim 2031–2033 too)."""
    coverage = _coverage(
        [(y, "municipal", miss, 0.0) for y, miss in [(2028, 0), (2029, 3), (2030, 5), (2031, 0), (2034, 2)]]
    )
    solution = Solution(status="infeasible", run=None, coverage=coverage, hard_violation_places=10.0)
    text = infeasibility_text(solution, "plan.xlsx", {"municipal"})
    assert "band 'municipal' in 3 year(s) (2029–2030, 2034)" in text, text
    assert "2029–2034" not in text


def test_a_refuted_cbc_optimum_is_not_blamed_on_the_time_limit():
    from models.results import COST_COLUMNS
    from models.solve import SolverRun
    from planner.commands.console import solved_text as _solved_text

    claim = "CBC called it optimal; highs 1.16.0 found a cheaper plan, and the optimum is up to 0.0015% lower"
    costs = pd.DataFrame([{c: 0.0 for c in COST_COLUMNS} | {"year": 2026, "discounted_net_cost": 1e9}])
    solution = Solution(
        status="feasible",
        run=SolverRun("feasible", 1.5e-5, 2.0, "cbc 2.10.3 (PuLP 3.3.2)", "refuted", "highs 1.16.0", 1.5e-5),
        costs=costs,
        residual_value_discounted=0.0,
        penalties_discounted=0.0,
    )
    assert solution.run.optimality_check == claim
    text = _solved_text(solution, "plan.xlsx")
    assert "Feasible plan, not proven optimal: net present cost 1,000,000,000 NOK" in text
    assert f"warning: {claim}. This is CBC's plan; solve with --solver highs for the optimum." in text
    assert "time limit" not in text


def test_band_misses_summarise_years_worst_miss_and_kind():
    from models.results import band_misses

    coverage = _coverage(
        [
            (2026, "a", 2.0, 0.0),
            (2027, "a", 0.0, 5.5),
            (2028, "a", 0.0, 0.0),
            (2026, "b", 0.0, 0.0),
            (2027, "c", 1.0, 0.0),
        ]
    )
    assert band_misses(coverage, ["a", "b", "c"]) == [
        {
            "band": "a",
            "years": [2026, 2027],
            "worst_places": 5.5,
            "worst_year": 2027,
            "worst_kind": "over",
            "kind": "short or over",
        },
        {"band": "c", "years": [2027], "worst_places": 1.0, "worst_year": 2027, "worst_kind": "short", "kind": "short"},
    ]
    assert band_misses(coverage, ["b"]) == []


def test_places_are_said_with_their_number():
    from planner.commands.console import places_number, places_text

    assert [places_text(p) for p in (1, 1.0000001, 5, 1234, 31.84)] == [
        "1 place",
        "1 place",
        "5 places",
        "1,234 places",
        "31.8 places",
    ]
    assert places_number(1) == "1" and places_number(2.5) == "2.5"


def test_a_population_column_is_read_as_ages_with_its_name_kept():
    from planner.outputs.words import Words

    nb, en = Words("nb"), Words("en")
    assert nb.base("persons_80_plus") == "80 år og over (persons_80_plus)"
    assert nb.base("persons_80_89") == "80–89 år (persons_80_89)"
    assert en.base("persons_67_79") == "aged 67–79 (persons_67_79)"
    assert nb.base("need_24h") == "need_24h" and nb.base("persons_total") == "persons_total"
