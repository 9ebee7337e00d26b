"""`planner solve --stochastic` through the real command: the sheets it writes, their formulas, a bad workbook,
re-planning from a stochastic plan. The instance is test_stochastic's newsvendor (worked out there by hand)."""

from __future__ import annotations

import dataclasses

import pytest
from conftest import read_summary, read_table, run_cli
from openpyxl import load_workbook
from test_model_rules import FIRST
from test_stochastic import LAST, newsvendor

from bench import instances
from models.optimise import optimise
from models.reoptimise import COMMITTED_STAGE, carry_forward
from planner.inputs import read_input
from planner.inputs.plans import read_plan


@pytest.fixture(scope="module")
def stochastic_plan(tmp_path_factory):
    """w(high) = 0.8: 10 slow places committed in 2025 for 2027, 10 M in both scenarios."""
    folder = tmp_path_factory.mktemp("stochastic")
    workbook = instances.write_workbook(newsvendor(0.8), folder / "in.xlsx")
    plan = folder / "plan.xlsx"
    run = run_cli("solve", workbook, "-o", plan, "--lang", "en", cwd=folder)
    return workbook, plan, run


def test_the_workbook_says_what_the_plan_over_the_scenarios_is_worth(stochastic_plan) -> None:
    """w = 0.8. Wait and see: 0.8·10 M = 8 M, so EVPI = 10 − 8 = 2 M; high's own plan is this plan, so VSS = 0;
    the robust plan, 10 slow places, costs 10 M."""
    _, plan, run = stochastic_plan
    assert run.code == 0, run
    assert "Stochastic plan over 2 scenario(s), decisions committed 2025–2025" in run.stderr
    # the chosen path's cost, named as such (the gap a stopped solve reports is the objective's, said after it)
    head = "Optimal plan over the scenarios; in the chosen one (high) it costs 10,000,000 NOK, 10 new places"
    assert head in run.stdout
    summary = read_summary(plan)
    assert summary["status"] == "optimal"
    assert summary["expected_npv"] == pytest.approx(10e6)
    assert summary["evpi"] == pytest.approx(2e6) and summary["vss"] == pytest.approx(0.0, abs=1e-3)
    assert summary["robust_expected_npv"] == pytest.approx(10e6)
    assert (summary["commit_years"], summary["risk_aversion"], summary["cvar_alpha"]) == (1, 0, 0.8)
    assert "robust_scenarios" not in summary
    _, worth = read_table(plan, "stochastic")
    assert [(r["scenario"], r["weight"]) for r in worth] == [("high", pytest.approx(0.8)), ("low", pytest.approx(0.2))]
    header, rows = read_table(plan, "plan")
    assert header[-1] == "scenario"
    assert [(r["year"], r["type"], r["places"], r["scenario"]) for r in rows] == [(LAST, "slow", 10, None)]
    _, capacity = read_table(plan, "capacity")
    assert {r["scenario"] for r in capacity if r["year"] == FIRST} == {None}
    assert {r["scenario"] for r in capacity if r["year"] > FIRST} == {"high", "low"}
    # the first sheet says it is a plan over the scenarios, whose path it shows, and what the plan minimises
    book = load_workbook(plan)
    words = next(str(r[0]) for r in book["Overview"].iter_rows(values_only=True) if str(r[0]).startswith("The plan"))
    assert "This is one plan over 2 scenarios (high and low): the decisions of 2025 are the same in all" in words
    assert "the expected net present cost over the scenarios, 10 NOK million (see Uncertainty)" in words
    band_costs = [str(r[0]) for r in book["Band costs"].iter_rows(values_only=True) if r[0]]
    assert "Not computed for a plan over the scenarios (--stochastic); make them for one scenario." in band_costs
    machine = [str(r[0]) for r in book["band_costs"].iter_rows(values_only=True) if r[0]]
    assert not [line for line in machine if "--band-costs" in line and "Run" in line], machine  # it is refused


def test_the_uncertainty_sheet_recomputes_its_figures_from_its_rows(stochastic_plan) -> None:
    """Expected cost, EVPI, VSS and the robust plan's expected cost are SUMPRODUCT formulas whose cached values are
    the summary's, and the committed openings are listed apart."""
    _, plan, _ = stochastic_plan
    sheet = load_workbook(plan)["Uncertainty"]
    cached = load_workbook(plan, data_only=True)["Uncertainty"]
    formulas = {
        row[0].value: (row[1].value, cached.cell(row[0].row, 2).value) for row in sheet.iter_rows() if row[0].value
    }
    summary = read_summary(plan)
    for label, key in (
        ("Expected net present cost of this plan", "expected_npv"),
        ("Value of a perfect prognosis (EVPI)", "evpi"),
        ("Saved by planning over the scenarios (VSS)", "vss"),
        ("Expected cost of the robust plan", "robust_expected_npv"),
    ):
        formula, value = formulas[label]
        assert str(formula).startswith("=") and "SUMPRODUCT" in formula, label
        assert value == pytest.approx(summary[key], abs=1e-3), label
    assert "Places opening, committed (every scenario)" in formulas


def test_replanning_keeps_the_committed_years_of_a_stochastic_plan(stochastic_plan) -> None:
    """The baseline's first stage is kept as a commitment; the other scenario's continuation is not read."""
    workbook, plan, _ = stochastic_plan
    book = read_plan(plan)
    assert [(o.year, o.type, o.places, o.first_stage) for o in book.openings] == [(LAST, "slow", 10, True)]
    data = read_input(workbook).data
    # the slow type now builds at once: its lead time no longer makes the opening a commitment, the stage does
    types = {**data.place_types, "slow": dataclasses.replace(data.place_types["slow"], lead_time_years=0)}
    later = dataclasses.replace(data, plan="single", robust_populations={}, place_types=types)
    kept, treatments = carry_forward(later, book.openings)
    assert [t.how for t in treatments] == [COMMITTED_STAGE]
    assert [(c.year, c.type, c.places) for c in kept.commitments] == [(LAST, "slow", 10)]
    again, _ = carry_forward(later, [dataclasses.replace(o, first_stage=False) for o in book.openings])
    assert again.commitments == []  # a single plan's opening is re-optimised
    from planner.commands.reoptimise import committed_until

    assert committed_until(book) == FIRST  # commit_years 1: its conversions and site works in FIRST are kept too


def test_a_broken_stochastic_workbook_names_each_problem(tmp_path) -> None:
    """A weight for an unknown scenario, CVaR's α of 1, and robust with stochastic: all named, exit 2."""
    workbook = instances.write_workbook(newsvendor(0.8, cvar_alpha=0.8), tmp_path / "in.xlsx")
    book = load_workbook(workbook)
    book["scenario_weights"].append(["middle", 0.5])
    for row in book["settings"].iter_rows(min_row=2):
        if row[0].value == "cvar_alpha":
            row[1].value = 1
    book["settings"].append(["robust", "yes", None])
    book.save(workbook)
    run = run_cli("solve", workbook, "-o", tmp_path / "plan.xlsx", cwd=tmp_path)
    assert run.code == 2, run
    assert "scenario_weights" in run.stderr and "'middle' is not a scenario of this plan" in run.stderr
    assert "cvar_alpha must be below 1" in run.stderr
    assert "either robust" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "plan.xlsx").exists()
    flags = run_cli("solve", workbook, "--stochastic", "--band-costs", cwd=tmp_path)
    assert flags.code == 2 and "--band-costs cannot be used with --stochastic" in flags.stderr


def test_stochastic_values_are_told_what_they_take_in_their_own_words(tmp_path) -> None:
    """λ and α are no percentages, a weight is no amount of money, a commitment is whole years, and a weight for a
    scenario robust_scenarios leaves out says so: each at its cell, all at once."""
    data = newsvendor(0.5)
    mid = {"persons_80_plus": {y: 15 for y in range(FIRST, LAST + 1)}}
    data = dataclasses.replace(data, robust_populations={**data.robust_populations, "mid": mid})
    workbook = instances.write_workbook(data, tmp_path / "in.xlsx")
    book = load_workbook(workbook)
    changed = {"risk_aversion": 1.5, "commit_years": 2.5, "robust_scenarios": "low"}
    for row in book["settings"].iter_rows(min_row=2):
        if row[0].value in changed:
            row[1].value = changed.pop(row[0].value)
    for key, value in changed.items():
        book["settings"].append([key, value, None])
    weights = book["scenario_weights"]
    weights.delete_rows(2, weights.max_row)
    for row in (["high", "50 %"], ["low", 0.5], ["mid", 0.5]):
        weights.append(row)
    book.save(workbook)
    run = run_cli("validate", workbook, "--no-band-check", cwd=tmp_path)
    assert run.code == 2, run
    assert "setting risk_aversion: found 1.5; expected λ between 0 and 1, e.g. 0.5" in run.stderr
    assert "% write" not in run.stderr  # no hint that 1.5 meant 1.5 %
    assert "setting commit_years: found 2.5; expected a whole number" in run.stderr
    assert "column weight (B): found '50 %'; expected a weight such as 0.5 or 2" in run.stderr
    assert "'mid' is in the population sheet, but the setting robust_scenarios leaves it out of this plan" in run.stderr
    assert "4 problem(s) found" in run.stderr


def test_committed_years_longer_than_the_horizon_are_refused(tmp_path) -> None:
    workbook = instances.write_workbook(dataclasses.replace(newsvendor(0.5), commit_years=4), tmp_path / "in.xlsx")
    run = run_cli("validate", workbook, "--no-band-check", cwd=tmp_path)
    assert run.code == 2, run
    assert "column value (B): commit_years 4 is longer than the horizon" in run.stderr
    assert f"{FIRST}–{LAST} (3 years); give at most 3" in run.stderr


def test_stochastic_settings_in_a_single_plan_are_warned_of_and_a_template_s_defaults_are_not(tmp_path) -> None:
    single = dataclasses.replace(newsvendor(0.8), plan="single", robust_populations={}, scenario_weights={})
    workbook = instances.write_workbook(single, tmp_path / "in.xlsx")
    book = load_workbook(workbook)
    book["settings"].append(["commit_years", 2, None])
    book.save(workbook)
    run = run_cli("validate", workbook, "--no-band-check", cwd=tmp_path)
    assert run.code == 0, run
    assert "commit_years: used only by a stochastic plan" in run.stderr and "so they change nothing" in run.stderr
    template = tmp_path / "template.xlsx"
    assert run_cli("template", template, cwd=tmp_path).code == 0
    run = run_cli("validate", template, "--no-band-check", cwd=tmp_path)
    assert "used only by a stochastic plan" not in run.stderr, run  # it lists every setting at its default

    args = ["--product", "commit_years=1,2", "--workers", "1", "-o", tmp_path / "s.xlsx"]
    swept = run_cli("sweep", workbook, *args, cwd=tmp_path)
    assert swept.code == 0, swept
    assert "warning: commit_years: used only by a stochastic plan, and no case is one" in swept.stderr


def test_validate_reoptimise_and_flags_follow_the_plan_setting(stochastic_plan, tmp_path) -> None:
    """plan = stochastic in the workbook: validate checks each scenario on its own (one plan for both would be
    the robust question), reoptimise re-plans the chosen path and says so, and --band-costs is refused."""
    workbook, plan, _ = stochastic_plan
    checked = run_cli("validate", workbook, cwd=tmp_path)
    said = checked.stdout + checked.stderr
    assert checked.code == 0 and "each scenario's hard bands are checked on their own" in said
    again = run_cli("reoptimise", workbook, "--baseline", plan, "-o", tmp_path / "next.xlsx", cwd=tmp_path)
    assert again.code == 0, again
    assert "re-plans the chosen scenario's path" in again.stderr
    summary = read_summary(tmp_path / "next.xlsx")
    assert "robust_scenarios" not in summary and "expected_npv" not in summary
    refused = run_cli("solve", workbook, "--band-costs", "-o", tmp_path / "b.xlsx", cwd=tmp_path)
    assert refused.code == 2 and "setting plan = stochastic" in refused.stderr, refused


def test_a_sweep_solves_stochastic_cases_at_their_expected_cost(tmp_path) -> None:
    """risk_aversion as a case column: at λ = 0 the plan waits (7.5 M expected, w(high) = 0.5); at λ = 1 and
    α = 0.99 it plans for the worst case, 10 slow places (10 M in both scenarios)."""
    workbook = instances.write_workbook(newsvendor(0.5, cvar_alpha=0.99), tmp_path / "in.xlsx")
    out = tmp_path / "sweep.xlsx"
    run = run_cli("sweep", workbook, "--product", "risk_aversion=0,1", "--workers", "1", "-o", out, cwd=tmp_path)
    assert run.code == 0, run
    _, rows = read_table(out, "cases")
    assert {r["case"]: r["objective_npv"] for r in rows} == {
        "risk_aversion=0": pytest.approx(7.5e6),
        "risk_aversion=1": pytest.approx(10e6),
    }


def test_replanning_a_stochastic_plan_keeps_its_committed_conversions_exactly() -> None:
    """A conversion costs 0.1 M a place and buys nothing, so a fresh plan converts none. A stochastic baseline that
    converted 2 places in its committed year keeps them; past that year (or from a single plan) they are free again."""
    from test_model_rules import planning_input, ptype

    from models import StockRow
    from models.inputs import Conversion
    from models.reoptimise import Converted

    types = [ptype("A"), ptype("B")]
    data = planning_input(
        types,
        [10, 10, 10],
        stock=[StockRow("Old", "A", 10)],
        conversions=[Conversion("A", "B", 1e5, None, FIRST)],
    )
    baseline = [Converted(FIRST, "A", "B", 2), Converted(FIRST + 1, "A", "B", 3)]

    def converted(committed_until):
        planned, _ = carry_forward(data, [], conversions=baseline, committed_until=committed_until)
        conversions = optimise(planned, "highs", 30).conversions
        return {int(r.year): int(r.places) for r in conversions.itertuples() if r.places}

    assert converted(None) == {}  # a single plan's conversions are re-optimised: none pays
    assert converted(FIRST) == {FIRST: 2}  # the committed year kept exactly; the year after is free
    assert converted(FIRST + 1) == {FIRST: 2, FIRST + 1: 3}


def test_the_uncertainty_sheet_writes_lambda_and_alpha_in_its_language(tmp_path) -> None:
    workbook = instances.write_workbook(newsvendor(0.5, risk_aversion=0.5, cvar_alpha=0.75), tmp_path / "in.xlsx")
    assert run_cli("solve", workbook, "-o", tmp_path / "plan.xlsx", cwd=tmp_path).code == 0
    sheet = load_workbook(tmp_path / "plan.xlsx", read_only=True)["Usikkerhet"]
    notes = " ".join(str(r[0]) for r in sheet.iter_rows(values_only=True) if r and r[0])
    assert "Risikoaversjon λ = 0,5:" in notes and "(CVaR ved α = 0,75)" in notes  # a decimal comma, as the sheet's
