"""Need from age groups (the need sheet) and the staff ceiling (the labour sheet): tiny instances whose
optimum is computed by hand in each docstring."""

from __future__ import annotations

import dataclasses

import pytest
from conftest import feasible_sheets, write_workbook
from test_model_rules import FIRST, band, money, plan_of, planning_input, project, ptype, solve

from planner.inputs import read_input
from planner.problems import InputError

# ---- labour -------------------------------------------------------------------------------


def test_a_labour_ceiling_forces_the_less_staff_hungry_type():
    """Need 10 places. A costs 1 MNOK and 1.0 work-year a place, B 2 MNOK and 0.5.

    Alone A wins: 10 A = 10 MNOK. With at most 7 work-years: a + b = 10, a + 0.5·b ≤ 7, so b ≥ 6:
    4 A + 6 B = 4 + 12 = 16 MNOK.
    """
    a = dataclasses.replace(ptype("A", inv=1e6), work_years_per_place=1.0)
    b = dataclasses.replace(ptype("B", inv=2e6), work_years_per_place=0.5)
    data = planning_input([a, b], [10], [band(lo=1.0)])
    assert plan_of(solve(data)) == {(FIRST, "A", "new"): 10}
    capped = dataclasses.replace(data, labour={FIRST: 7.0})
    sol = solve(capped)
    assert plan_of(sol) == {(FIRST, "A", "new"): 4, (FIRST, "B", "new"): 6}
    assert sol.objective_npv == money(16e6)


def test_a_projects_fixed_staff_counts_against_the_ceiling_from_its_opening():
    """Need 10 places of A (1 MNOK and 1.0 work-year each), only through projects.

    P1 has 3 fixed work-years and no fixed cost; P2 no fixed staff but 5 MNOK fixed cost. Alone P1
    wins (10 MNOK). With at most 12 work-years P1 needs 10 + 3 = 13: P2 opens instead, 15 MNOK.
    """
    a = dataclasses.replace(ptype("A", inv=1e6, generic=False), work_years_per_place=1.0)
    p1 = dataclasses.replace(project("P1", {"A": (0, 10)}), fixed_work_years=3.0)
    p2 = project("P2", {"A": (0, 10)}, fixed=5e6)
    data = planning_input([a], [10], [band(lo=1.0)], projects=[p1, p2])
    assert plan_of(solve(data)) == {(FIRST, "A", "P1"): 10}
    sol = solve(dataclasses.replace(data, labour={FIRST: 12.0}))
    assert plan_of(sol) == {(FIRST, "A", "P2"): 10}
    assert sol.objective_npv == money(15e6)


# ---- need from age groups ----------------------------------------------------------------


def _with_age_groups(need_rows, base="need_24h"):
    """The small instance with age groups, a need sheet and its municipal band on that base."""
    sheets = feasible_sheets()
    years = [row[0] for row in sheets["population"][1:]]
    sheets["population"] = [
        ["year", "persons_67_79", "persons_80_89", "persons_90_plus", "persons_80_plus"],
        *[[y, 3000 + 100 * i, 800 + 40 * i, 200 + 20 * i, 1000 + 60 * i] for i, y in enumerate(years)],
    ]
    sheets["need"] = [["base", "column", "weight"], *need_rows]
    header = sheets["bands"][0]
    municipal = next(r for r in sheets["bands"][1:] if r[0] == "municipal")
    municipal[header.index("base")] = base
    municipal[header.index("min_share")] = 0.9
    return sheets


NEED_24H = [
    ["need_24h", "persons_67_79", 0.02],
    ["need_24h", "persons_80_89", 0.12],
    ["need_24h", "persons_90_plus", 0.34],
]


def test_a_need_base_is_the_weighted_sum_of_its_age_groups(tmp_path):
    """2026: 0.02·3000 + 0.12·800 + 0.34·200 = 60 + 96 + 68 = 224; 2027: 62 + 100.8 + 74.8 = 237.6."""
    book = read_input(write_workbook(tmp_path / "need.xlsx", _with_age_groups(NEED_24H)))
    need = book.data.population["need_24h"]
    assert need[2026] == pytest.approx(224.0)
    assert need[2027] == pytest.approx(237.6)
    assert book.data.need == {"need_24h": {"persons_67_79": 0.02, "persons_80_89": 0.12, "persons_90_plus": 0.34}}
    municipal = next(b for b in book.data.bands if b.band == "municipal")
    assert municipal.base == "need_24h"


def test_a_band_on_a_need_base_holds_it_in_the_plan(tmp_path):
    """The municipal band asks for 90 % of need_24h (224 + 13.6 a year): 201.6 places in 2026 … 250.56 in 2030."""
    from models.optimise import optimise

    book = read_input(write_workbook(tmp_path / "need.xlsx", _with_age_groups(NEED_24H)))
    sol = optimise(book.data, time_limit=30)
    assert sol.status == "optimal"
    rows = sol.coverage[sol.coverage["band"] == "municipal"]
    assert list(rows["base"].unique()) == ["need_24h"]
    assert list(rows["population"]) == pytest.approx([224 + 13.6 * i for i in range(5)])
    assert (rows["places"] >= 0.9 * rows["population"] - 1e-6).all()
    assert (rows["places"] < 0.9 * rows["population"] + 1).any()  # the band binds: it is what sizes the plan


def test_need_sheet_problems_name_row_and_column(tmp_path):
    rows = [
        ["need_24h", "persons_95_plus", 0.3],  # no such population column
        ["persons_80_plus", "persons_80_89", 1.0],  # clashes with a population column
        ["need_24h", "persons_80_89", "lots"],  # not a number
        ["need_24h", "persons_90_plus", 0.3],
        ["need_24h", "persons_90_plus", 0.4],  # listed twice
    ]
    with pytest.raises(InputError) as caught:
        read_input(write_workbook(tmp_path / "bad.xlsx", _with_age_groups(rows)))
    found = {(p.sheet, p.row, p.column): p.message for p in caught.value.problems}
    assert found[("need", 2, "column")].startswith("'persons_95_plus' is not a column of the population sheet")
    assert found[("need", 3, "base")].startswith("'persons_80_plus' is already a population column")
    assert found[("need", 4, "weight")] == "found 'lots'; expected a number such as 1250000"
    assert found[("need", 6, "column")].startswith("'persons_90_plus' is listed twice for base 'need_24h'")


def test_labour_sheet_reads_its_years_and_refuses_a_duplicate(tmp_path):
    sheets = feasible_sheets()
    sheets["labour"] = [["year", "max_work_years"], [2026, 400], [2027, 410.5]]
    assert read_input(write_workbook(tmp_path / "ok.xlsx", sheets)).data.labour == {2026: 400, 2027: 410.5}
    sheets["labour"].append([2027, 420])
    with pytest.raises(InputError) as caught:
        read_input(write_workbook(tmp_path / "bad.xlsx", sheets))
    (problem,) = caught.value.problems
    assert (problem.sheet, problem.row, problem.column) == ("labour", 4, "year")


def test_the_plan_workbook_shows_work_years_per_year_and_type(tmp_path):
    """Each type's work-years are work_years_per_place × its places in service; the ceiling holds every year."""
    from conftest import read_table, run_cli

    sheets = feasible_sheets()
    header = sheets["place_types"][0]
    header.append("work_years_per_place")
    for row, per_place in zip(sheets["place_types"][1:], (1.1, 1.6), strict=False):
        row.append(per_place)
    sheets["labour"] = [["year", "max_work_years"], *[[y, 400] for y in range(2026, 2031)]]
    path = write_workbook(tmp_path / "staffed.xlsx", sheets)
    run = run_cli("solve", path, "-o", tmp_path / "plan.xlsx", cwd=tmp_path)
    assert run.code == 0, run
    _, staff = read_table(tmp_path / "plan.xlsx", "staff")
    _, capacity = read_table(tmp_path / "plan.xlsx", "capacity")
    per_place = {row[0]: row[-1] for row in sheets["place_types"][1:]}
    for r in staff:
        places = next(c["places"] for c in capacity if c["year"] == r["year"] and c["type"] == r["type"])
        assert r["source"] == "places" and r["work_years"] == pytest.approx(per_place[r["type"]] * places)
    for year in range(2026, 2031):
        assert sum(r["work_years"] for r in staff if r["year"] == year) <= 400 + 1e-6


# ---- composition bands: a group's places as the base ------------------------------------------


def _dementia_case(hard: bool = True, penalty: float = 0.0):
    """Stock: 10 long-term places L (groups municipal). D (dementia) counts as municipal and dementia.

    Need 10 municipal places (100 % of 10 residents). New places cost 1 MNOK but need 5 years
    (nothing opens within the one-year horizon); converting L → D costs 0.1 MNOK a place.
    The composition band dementia ≥ 60 % of places:municipal then needs D ≥ 0.6 × (L + D) = 6.
    """
    from models import Conversion, StockRow

    long_ = ptype("L", groups=("municipal",), lead=5)
    dementia = ptype("D", groups=("municipal", "dementia"), lead=5)
    bands = [
        band("municipal", "municipal", lo=1.0),
        band("dementia_share", "dementia", lo=0.6, base="places:municipal", hard=hard, penalty=penalty),
    ]
    return planning_input(
        [long_, dementia],
        [10],
        bands,
        stock=[StockRow("old", "L", 10)],
        conversions=[Conversion("L", "D", 1e5, None, FIRST)],
    )


def test_a_composition_band_forces_a_conversion():
    """6 of the 10 L become D: 6 × 0.1 MNOK = 0.6 MNOK; municipal stays 10, dementia 6 = 60 % of 10."""
    from test_model_rules import conversions_of

    sol = solve(_dementia_case())
    assert conversions_of(sol) == {(FIRST, "L", "D"): 6}
    assert sol.objective_npv == money(6e5)
    row = sol.coverage[sol.coverage["band"] == "dementia_share"].iloc[0]
    assert (row["base"], row["population"], row["places"], row["share"]) == ("places:municipal", 10, 6, 0.6)


def test_a_soft_composition_band_is_missed_when_its_penalty_is_below_the_conversion():
    """Each place short costs 50,000 NOK a year, less than a 0.1 MNOK conversion: 6 places short, 0.3 MNOK."""
    sol = solve(_dementia_case(hard=False, penalty=5e4))
    row = sol.coverage[sol.coverage["band"] == "dementia_share"].iloc[0]
    assert row["shortfall_places"] == pytest.approx(6)
    assert sol.objective_npv == money(6 * 5e4)


def test_a_composition_base_must_name_another_known_group(tmp_path):
    sheets = feasible_sheets()
    header = sheets["bands"][0]
    sheets["bands"].append(["mix", "short_term", "places:municpal", 0.1, 0.2, None, None, "yes", None])
    sheets["bands"].append(["self", "municipal", "places:municipal", 0.1, None, None, None, "yes", None])
    with pytest.raises(InputError) as caught:
        read_input(write_workbook(tmp_path / "bad.xlsx", sheets))
    rows = len(sheets["bands"])
    found = {(p.row, p.column): p.message for p in caught.value.problems}
    assert found[(rows - 1, "base")].startswith("'municpal' after places: is no group in place_types.groups")
    assert found[(rows, "base")] == "is the band's own group 'municipal'; name another group after places:"
    assert header[2] == "base"


def test_a_labour_ceiling_below_the_stocks_staff_is_named_in_the_diagnosis(tmp_path):
    """10 places in stock at 1.0 work-year each, a band asking for 5, a ceiling of 8: no plan keeps the
    ceiling (stock cannot be closed), so the diagnosis meets the band and exceeds the ceiling by 2."""
    from models import StockRow
    from models.optimise import optimise
    from planner.commands.console import infeasibility_text

    a = dataclasses.replace(ptype("A"), work_years_per_place=1.0)
    data = planning_input([a], [10], [band(lo=0.5)], stock=[StockRow("old", "A", 10)])
    data = dataclasses.replace(data, labour={FIRST: 8.0})
    sol = optimise(data, solver="highs", time_limit=30)
    assert sol.status == "infeasible"
    assert sol.labour_excess == {FIRST: pytest.approx(2.0)}
    assert not (sol.coverage["shortfall_places"] > 1e-6).any()
    text = infeasibility_text(sol, tmp_path / "plan.xlsx", {b.band for b in data.bands})
    assert text.startswith("The hard bands cannot all be met within the labour ceiling.")
    assert "no place short and 2.0 work-years above the labour ceiling" in text
    assert f"the labour ceiling in 1 year(s) ({FIRST}), worst 2.0 work-years over in {FIRST}" in text
