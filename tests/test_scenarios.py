"""Population scenarios: plan for one (--scenario), or one plan that holds in all (--robust)."""

from __future__ import annotations

import json

import pytest
from conftest import NEW_PLACES_EXAMPLE, REPO, example_to, read_summary, read_table, run_cli
from openpyxl import load_workbook

GROWTH = {"high": 1.04, "low": 0.97}  # from 2030 on, against the main series


@pytest.fixture(scope="module")
def scenarios(tmp_path_factory):
    """The example (without its buildings, to 2038: a third of the solving time) with two more series beside its
    main one."""
    folder = tmp_path_factory.mktemp("scenarios")
    book = load_workbook(example_to(2038, folder, NEW_PLACES_EXAMPLE))
    sheet = book["population"]
    header = [c.value for c in sheet[1]]
    persons = [i for i, name in enumerate(header) if str(name).startswith("persons_")]  # every age group
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=2) if r[0].value]
    for name, factor in GROWTH.items():
        for row in rows:
            grown = factor if row[0] >= 2030 else 1.0
            sheet.append([row[0], name, *(round(row[i] * grown) for i in persons)])
    book.save(folder / "scenarios.xlsx")
    return folder / "scenarios.xlsx"


def _population(path, scenario: str) -> dict[int, float]:
    _, rows = read_table(path, "input_population")
    return {r["year"]: r["persons_80_plus"] for r in rows if r["scenario"] == scenario}


def test_scenario_option_plans_for_that_series(scenarios, tmp_path):
    run = run_cli("solve", scenarios, "--scenario", "high", "-o", tmp_path / "high.xlsx", "--json", cwd=tmp_path)
    assert run.code == 0, run
    assert read_summary(tmp_path / "high.xlsx")["scenario"] == "high"
    _, coverage = read_table(tmp_path / "high.xlsx", "coverage")
    high = _population(tmp_path / "high.xlsx", "high")
    assert all(r["population"] == high[r["year"]] for r in coverage if r["base"] == "persons_80_plus")
    main = run_cli("solve", scenarios, "-o", tmp_path / "main.xlsx", cwd=tmp_path)
    assert main.code == 0 and read_summary(tmp_path / "main.xlsx")["scenario"] == "main"  # the setting's choice
    wrong = run_cli("solve", scenarios, "--scenario", "LHML", "-o", tmp_path / "x.xlsx", cwd=tmp_path)
    assert wrong.code == 2 and "--scenario LHML: scenario 'LHML' is not in the population sheet" in wrong.stderr


def test_a_robust_plan_meets_every_hard_band_in_every_scenario(scenarios, tmp_path):
    out = tmp_path / "robust.xlsx"
    run = run_cli("solve", scenarios, "--scenario", "main", "--robust", "-o", out, cwd=tmp_path, timeout=300)
    assert run.code == 0, run
    _, capacity = read_table(out, "capacity")
    _, bands = read_table(out, "input_bands")
    _, types = read_table(out, "input_place_types")
    groups = {t["type"]: {t["type"], *str(t["groups"]).split(",")} for t in types}
    planned = {r["year"] for r in capacity}
    for scenario in ("main", *GROWTH):
        population = {y: p for y, p in _population(out, scenario).items() if y in planned}
        # recomputed here for the bands on the 80+ column; the others through scenario_coverage below
        for b in (b for b in bands if b["hard"] in ("yes", None) and b["base"] == "persons_80_plus"):
            for year, persons in population.items():
                places = sum(r["places"] for r in capacity if r["year"] == year and b["group"] in groups[r["type"]])
                if b["min_share"] is not None:
                    assert places >= b["min_share"] * persons - 1e-6, (scenario, b["band"], year)
                if b["max_share"] is not None:
                    assert places <= b["max_share"] * persons + 1e-6, (scenario, b["band"], year)

    _, rows = read_table(out, "scenarios")
    by_name = {r["scenario"]: r for r in rows}
    assert set(by_name) == {"main", *GROWTH}
    chosen = by_name["main"]
    npv = read_summary(out)["objective_npv"]
    assert npv >= chosen["own_optimal_npv"] - 1.0  # holding every scenario costs at least the chosen optimum
    assert chosen["regret"] == pytest.approx(npv - chosen["own_optimal_npv"], rel=1e-9)
    assert all(r["hard_shortfall_place_years"] == 0 and r["hard_excess_place_years"] == 0 for r in rows)
    _, coverage = read_table(out, "scenario_coverage")
    hard = {b["band"] for b in bands if b["hard"] in ("yes", None)} | {"short_term_flow"}
    assert {r["scenario"] for r in coverage} == {"main", *GROWTH}
    assert all(r["shortfall_places"] <= 1e-6 for r in coverage if r["band"] in hard)
    assert read_summary(out)["robust_scenarios"] == "high, low"
    title = load_workbook(out, read_only=True)["Oversikt"]["A1"].value
    assert title.endswith("(optimal, robust: main, holder også i high, low)")  # page 1 says what it holds in
    # what holding the others costs, on screen and in the overview's words (the scenarios sheet is for scripts)
    millions = f"{chosen['regret'] / 1e6:,.0f} M NOK"
    assert f"Robust: holding the hard bands in high and low too costs {millions}" in run.stdout
    words = next(
        r[0] for r in load_workbook(out)["Oversikt"].iter_rows(values_only=True) if str(r[0]).startswith("Planen")
    )
    in_nb = millions.replace(",", " ").replace("M NOK", "mill. kr")  # bokmål: space for thousands
    assert f"Planen holder de harde kravene også i high og low; det koster {in_nb}" in words


def test_the_same_plan_alone_leaves_the_high_scenario_short(scenarios, tmp_path):
    """Why robustness costs: the main series' optimum, laid against the high series, misses the 20 % floor."""
    out = tmp_path / "main.xlsx"
    assert run_cli("solve", scenarios, "--scenario", "main", "-o", out, cwd=tmp_path).code == 0
    _, capacity = read_table(out, "capacity")
    high = {y: p for y, p in _population(out, "high").items() if y in {r["year"] for r in capacity}}
    municipal = {"institution_long", "institution_short", "service_housing"}
    short = [
        y for y, persons in high.items()
        if sum(r["places"] for r in capacity if r["year"] == y and r["type"] in municipal) < 0.2 * persons
    ]  # fmt: skip
    assert short


def test_robust_needs_scenarios_and_lists_them_by_setting(tmp_path, scenarios):
    run = run_cli("solve", NEW_PLACES_EXAMPLE, "--robust", "-o", tmp_path / "x.xlsx", "--json", cwd=tmp_path)
    assert run.code == 2 and "a robust plan needs another scenario" in run.stderr
    assert json.loads(run.stdout)["status"] == "invalid_input"
    book = load_workbook(scenarios)
    book["settings"].append(["robust", "yes", None])
    book["settings"].append(["robust_scenarios", "high, nope", None])
    for row in book["settings"].iter_rows(min_row=2):
        if row[0].value == "scenario":
            row[1].value = "main"
    book.save(tmp_path / "set.xlsx")
    run = run_cli("solve", tmp_path / "set.xlsx", "-o", tmp_path / "x.xlsx", cwd=tmp_path)
    assert run.code == 2 and "robust_scenarios names nope, not in the population sheet" in run.stderr
    assert "not in the population sheet; it has main, high, low" in run.stderr


def test_an_imported_ssb_projection_plans_robustly_over_its_alternatives(tmp_path):
    """The README's walk-through: SSB's JSON-stat into the example, then one plan that holds in all three."""
    fixture = REPO / "tests" / "fixtures" / "baerum-projection.json"
    into = example_to(2038, tmp_path, NEW_PLACES_EXAMPLE)  # a third of the solving time
    run = run_cli("prognosis", fixture, "--region", "3201", "--into", into, "-o", tmp_path / "in.xlsx", cwd=tmp_path)
    assert run.code == 0, run
    out = tmp_path / "robust.xlsx"
    run = run_cli("solve", tmp_path / "in.xlsx", "--scenario", "MMMM", "--robust", "-o", out, cwd=tmp_path, timeout=300)
    assert run.code == 0, run
    _, rows = read_table(out, "scenarios")
    assert {r["scenario"] for r in rows} == {"MMMM", "LHML", "HHMH"}
    assert all(r["hard_shortfall_place_years"] == 0 for r in rows)
    assert (
        next(r for r in rows if r["scenario"] == "LHML")["regret"]
        < next(r for r in rows if r["scenario"] == "MMMM")["regret"]
    )


def test_a_robust_plan_that_cannot_hold_in_another_scenario_says_where(tmp_path):
    """The chosen series can be met; 30 % more residents from the first year cannot be (stock 210, lead times)."""
    from conftest import feasible_sheets, write_workbook

    sheets = feasible_sheets()
    header, *rows = sheets["population"]
    sheets["population"] = [
        ["year", "scenario", "persons_80_plus"],
        *[[year, "main", persons] for year, persons in rows],
        *[[year, "high", round(persons * 1.3)] for year, persons in rows],
    ]
    sheets["settings"].append(["scenario", "main"])
    path = write_workbook(tmp_path / "robust-tight.xlsx", sheets)
    assert run_cli("solve", path, "-o", tmp_path / "main.xlsx", cwd=tmp_path).code == 0  # alone it holds
    out = tmp_path / "robust.xlsx"
    run = run_cli("solve", path, "--robust", "-o", out, cwd=tmp_path)
    assert run.code == 3, run
    assert "band 'municipal' in scenario 'high'" in run.stdout, run
    assert "still leaves 0.0 place-years" not in run.stdout
    summary = read_summary(out)
    assert summary["hard_band_miss_places"] > 0
    _, coverage = read_table(out, "scenario_coverage")
    hard = [r for r in coverage if r["band"] in ("municipal", "short_term")]  # short_soft is soft
    assert all(r["shortfall_places"] == r["excess_places"] == 0 for r in hard if r["scenario"] == "main")
    misses = sum(r["shortfall_places"] + r["excess_places"] for r in hard)  # 50 + 53 + 9, all in 'high'
    assert misses == pytest.approx(summary["hard_band_miss_places"], abs=1e-6)
    overview = [c for row in load_workbook(out)["Oversikt"].iter_rows(values_only=True) for c in row if c]
    assert any("municipal (scenario high) i 2026–2027" in str(c) for c in overview), overview[:5]
