"""A plan over the prognoses (two-stage stochastic): tiny instances whose optimum is worked out by hand.

The newsvendor of care places. Horizon 2025–2027, rate 0, 10 places in stock. A type "slow" takes two years to
build (1 M a place): places opening in 2027 are decided in 2025, the committed year (commit_years = 1), so
they are the same in every scenario. A type "fast" opens at once but costs 1.5 M a place. In 2027 scenario
"high" needs 20 places and "low" 10. With x slow places and high's weight w, the expected cost is
x + w·1.5·(10 − x) for 0 ≤ x ≤ 10: x = 0 when 1.5·w < 1, x = 10 when 1.5·w > 1.
"""

from __future__ import annotations

import dataclasses

import pytest
from test_model_rules import FIRST, band, money, planning_input, ptype

from models import Commitment, StockRow
from models.optimise import optimise
from models.stochastic import build_stochastic, solve_stochastic, stage_tables

LAST = FIRST + 2
HIGH, LOW = [10, 10, 20], [10, 10, 10]


def newsvendor(high_weight: float = 0.5, *, low: list[int] | None = None, **settings) -> object:
    """The instance above; the chosen scenario is high, low the other; settings: commit_years, risk_aversion, …"""
    types = [ptype("slow", inv=1e6, lead=2), ptype("fast", inv=1.5e6)]
    data = planning_input(types, HIGH, [band(lo=1.0)], stock=[StockRow("Old", "fast", 10)], rate=0.0)
    low_population = {"persons_80_plus": dict(zip(range(FIRST, LAST + 1), low or LOW, strict=True))}
    return dataclasses.replace(
        data,
        scenario="high",
        robust_populations={"low": low_population},
        plan="stochastic",
        commit_years=1,
        scenario_weights={"high": high_weight, "low": 1 - high_weight},
        **settings,
    )


def slow_places(solution) -> int:
    return int(solution.plan.loc[solution.plan["type"] == "slow", "places"].sum())


def fast_places(solution) -> int:
    return int(solution.plan.loc[solution.plan["type"] == "fast", "places"].sum())


def enumerate_first_stage(data) -> tuple[float, int]:
    """(least expected cost, its x): every x = 0 … 10 fixed as a commitment, each scenario solved alone."""
    best = None
    for x in range(11):
        total = 0.0
        for name, population in (("high", data.population), ("low", data.robust_populations["low"])):
            single = dataclasses.replace(
                data,
                population=population,
                robust_populations={},
                plan="single",
                commitments=[Commitment(LAST, "slow", "new", x)],
            )
            total += data.scenario_weights[name] * optimise(single, "highs", 30).objective_npv
        if best is None or total < best[0] - 1e-6:
            best = (total, x)
    return best


@pytest.mark.parametrize(("weight", "slow"), [(0.5, 0), (0.8, 10)], ids=["w=0.5: wait", "w=0.8: build slow"])
def test_the_first_stage_and_cost_are_the_enumerations_best(weight: float, slow: int) -> None:
    """w = 0.5: 7.5 M expected (no slow places; high buys 10 fast at 15 M); w = 0.8: 10 M (10 slow places)."""
    data = newsvendor(weight)
    plan = solve_stochastic(data, "highs", 60, worth=False)
    assert plan.status == "optimal"
    assert {slow_places(s) for s in plan.solutions.values()} == {slow}  # one first stage in both scenarios
    assert fast_places(plan.solutions["high"]) == 10 - slow and fast_places(plan.solutions["low"]) == 0
    assert plan.expected_npv == money(7.5e6 if slow == 0 else 10e6)
    for solution in plan.solutions.values():  # each continuation holds its own scenario's hard band
        assert solution.coverage["shortfall_places"].max() == pytest.approx(0.0, abs=1e-6)
    assert (plan.expected_npv, slow) == (money(enumerate_first_stage(data)[0]), enumerate_first_stage(data)[1])


def test_evpi_and_vss_are_worked_out_by_hand() -> None:
    """w = 0.5. Wait and see: high 10 M (10 slow), low 0: E = 5 M, so EVPI = 7.5 − 5 = 2.5 M. The chosen (high)
    scenario's own plan commits 10 slow places: 10 M in both, so VSS = 10 − 7.5 = 2.5 M. The robust plan holds
    20 places in 2027 in both: 10 slow places, 10 M in each."""
    plan = solve_stochastic(newsvendor(0.5), "highs", 60)
    worth = plan.worth.set_index("scenario")
    assert list(worth["wait_and_see_npv"]) == [money(10e6), money(0.0)]
    assert list(worth["deterministic_first_stage_npv"]) == [money(10e6), money(10e6)]
    assert list(worth["robust_npv"]) == [money(10e6), money(10e6)]
    assert list(worth["stochastic_npv"]) == [money(15e6), money(0.0)]
    figures = plan.figures
    assert figures["expected_npv"] == money(7.5e6)
    assert figures["evpi"] == money(2.5e6) and figures["evpi"] >= 0
    assert figures["vss"] == money(2.5e6) and figures["vss"] >= 0
    assert figures["robust_expected_npv"] == money(10e6)


def test_a_missing_vss_names_the_scenario_the_chosen_plan_cannot_hold() -> None:
    """A maximum of 100 % too: high's own plan commits 10 slow places for 2027, 20 in service, which low (10
    persons) cannot hold; so that plan has no continuation in low, and the VSS no figure, for that cause."""
    from planner.commands.stochastic import stochastic_text

    data = dataclasses.replace(newsvendor(0.5), bands=[band(lo=1.0, hi=1.0)])
    data = dataclasses.replace(data, bands=[dataclasses.replace(b, from_year=FIRST, to_year=LAST) for b in data.bands])
    plan = solve_stochastic(data, "highs", 60)
    assert plan.status == "optimal" and slow_places(plan.solutions["low"]) == 0
    assert plan.figures["vss"] is None and plan.figures["vss_missing"] == {"low": "infeasible"}
    text = stochastic_text({**plan.figures, "weights": plan.weights}, "plan.xlsx")
    assert "(VSS): no figure: that plan's committed years cannot hold the hard bands of low (" in text
    assert "the robust plan's expected cost: no figure: no plan holds every scenario's hard bands" in text
    assert "in time" not in text


def test_full_risk_aversion_with_alpha_near_one_plans_for_the_worst_case() -> None:
    """λ = 1, α = 0.99: the objective is the dearest scenario's cost, x + 1.5·(10 − x) in high, least at x = 10."""
    plan = solve_stochastic(newsvendor(0.5, risk_aversion=1.0, cvar_alpha=0.99), "highs", 60, worth=False)
    assert plan.status == "optimal"
    assert slow_places(plan.solutions["high"]) == 10
    assert max(s.objective_npv for s in plan.solutions.values()) == money(10e6)
    assert pulp_objective(newsvendor(0.5, risk_aversion=1.0, cvar_alpha=0.99)) == pytest.approx(10.0, abs=1e-6)


def pulp_objective(data) -> float:
    """The stochastic problem's own optimum, in million NOK (CVaR's value at λ = 1)."""
    import pulp

    sm = build_stochastic(data)
    sm.problem.solve(pulp.HiGHS(msg=False))
    return pulp.value(sm.problem.objective)


def test_one_scenario_gives_exactly_todays_plan() -> None:
    """Without other scenarios the stochastic plan is the single plan: the same openings and cost."""
    data = dataclasses.replace(newsvendor(0.5), robust_populations={}, scenario_weights={})
    plan = solve_stochastic(data, "highs", 60)
    single = optimise(dataclasses.replace(data, plan="single"), "highs", 60)
    assert plan.solutions["high"].plan.equals(single.plan)
    assert plan.expected_npv == money(single.objective_npv)
    assert plan.figures["evpi"] == money(0.0) and plan.figures["vss"] == money(0.0)


def test_equal_scenarios_are_worth_nothing_to_know_apart() -> None:
    """Both scenarios high: EVPI = VSS = 0, and the plan is the single plan's (10 slow places, 10 M)."""
    plan = solve_stochastic(newsvendor(0.5, low=HIGH), "highs", 60)
    assert plan.expected_npv == money(10e6)
    assert plan.figures["evpi"] == money(0.0) and plan.figures["vss"] == money(0.0)


def test_committed_rows_are_written_once_and_continuations_under_their_scenario() -> None:
    """w = 0.8: the 10 slow places (decided 2025) are first-stage rows with no scenario; nothing else opens."""
    data = newsvendor(0.8)
    tables = stage_tables(data, solve_stochastic(data, "highs", 60, worth=False))
    plan = tables["plan"]
    assert list(plan.itertuples(index=False)) == [(LAST, "slow", "new", 10, None)]
    capacity = tables["capacity"]
    committed = capacity[capacity["scenario"].isna()]
    assert set(committed["year"]) == {FIRST}  # capacity is shared only in the committed years
    assert set(capacity["scenario"].dropna()) == {"high", "low"}


def test_figures_from_a_solve_stopped_before_its_proof_say_they_are_estimates() -> None:
    from planner.commands.stochastic import stochastic_text

    figures = {
        "weights": {"a": 0.5, "b": 0.5},
        "expected_npv": 1e9,
        "evpi": 2e7,
        "vss": 3e7,
        "robust_expected_npv": 2e9,
    }
    proven = stochastic_text(figures, "plan.xlsx")
    assert "estimates" not in proven and proven.endswith("Plan written to plan.xlsx")
    stopped = stochastic_text(figures, "plan.xlsx", "feasible", 0.0056)
    assert "its expected cost is at most 0.56% above the best possible, so EVPI and VSS are estimates" in stopped
    assert stopped.endswith("Plan written to plan.xlsx")


def test_a_scenarios_best_plan_alone_is_never_dearer_than_this_plans_path_and_says_how_far_from_proven() -> None:
    """An own solve stopped at 1 % above its bound, dearer than the stochastic plan's path in the scenario: the path
    is the best plan known for it alone (it holds the scenario's bands too), its gap measured from that bound; a
    solve with no plan leaves the path with no known gap. The screen names each such figure as unproven."""
    import pandas as pd

    from models.stochastic import best_alone
    from planner.commands.stochastic import stochastic_text

    high = dataclasses.replace(newsvendor(0.5), robust_populations={}, plan="single")
    proven = optimise(high, "highs", 30)
    assert proven.status == "optimal" and proven.objective_npv == money(10e6)
    stopped = dataclasses.replace(proven, status="feasible", run=dataclasses.replace(proven.run, mip_gap=0.01))
    bound = proven.objective_npv * 0.99
    assert best_alone(stopped, proven.objective_npv * 0.995) == pytest.approx(
        (proven.objective_npv * 0.995, (proven.objective_npv * 0.995 - bound) / (proven.objective_npv * 0.995))
    )
    assert best_alone(stopped, 2 * proven.objective_npv) == pytest.approx((proven.objective_npv, 0.01))
    assert best_alone(proven, 2 * proven.objective_npv) == (proven.objective_npv, 0.0)
    none = dataclasses.replace(proven, status="no_solution")
    assert best_alone(none, 123.0) == (123.0, None)

    worth = pd.DataFrame(
        {
            "scenario": ["high", "low"],
            "weight": [0.5, 0.5],
            "stochastic_npv": [15e6, 0.0],
            "wait_and_see_npv": [10e6, 0.0],
            "deterministic_first_stage_npv": [10e6, 10e6],
            "robust_npv": [10e6, 10e6],
            "wait_and_see_gap": [0.0123, None],
            "deterministic_first_stage_gap": [0.0, 0.002],
        }
    )
    figures = {"weights": {"high": 0.5, "low": 0.5}, "expected_npv": 7.5e6, "evpi": 2.5e6, "vss": 2.5e6}
    text = stochastic_text({**figures, "worth": worth, "robust_gap": 0.0}, "plan.xlsx")
    assert (
        "not proven, so the figures they give are estimates (raise --time-limit): the own optimum of high (1.23%), "
        "low (no plan in time: this plan's path stands in); the chosen scenario's plan adapted in low (0.20%)"
    ) in text
    assert "not proven" not in stochastic_text({**figures, "worth": worth.iloc[:0]}, "plan.xlsx")
    risky = stochastic_text({**figures, "risk_aversion": 0.5, "cvar_alpha": 0.8}, "plan.xlsx")
    assert "it minimises (1 − 0.5) × expected cost + 0.5 × CVaR: the expected cost of the dearest 20%" in risky
    assert "it minimises" not in stochastic_text({**figures, "risk_aversion": 0, "cvar_alpha": 0.8}, "plan.xlsx")
