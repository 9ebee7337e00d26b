"""Inputs a planner plausibly produces that once slipped through: each must be caught or read right."""

from __future__ import annotations

import json

import pytest
from conftest import (
    NEW_PLACES_EXAMPLE,
    NEW_PLACES_OPTIMUM,
    example_to,
    feasible_sheets,
    read_summary,
    run_cli,
    write_workbook,
)
from openpyxl import load_workbook

from planner.inputs import read_input
from planner.problems import InputError


def _problems(tmp_path, sheets):
    with pytest.raises(InputError) as caught:
        read_input(write_workbook(tmp_path / "input.xlsx", sheets))
    return [str(p) for p in caught.value.problems]


def test_place_types_with_only_a_header_is_a_problem_not_a_crash(tmp_path):
    sheets = feasible_sheets()
    sheets["place_types"] = sheets["place_types"][:1]
    problems = _problems(tmp_path, sheets)
    assert problems == [
        "input.xlsx, sheet 'place_types', row 2: has no place types; add at least one row below the header"
    ]


def test_groups_separated_by_semicolons_count_like_commas(tmp_path):
    sheets = feasible_sheets()
    sheets["place_types"][2][2] = "municipal;short_term"  # Norwegian Excel's list separator
    data = read_input(write_workbook(tmp_path / "input.xlsx", sheets)).data
    assert data.place_types["institution_short"].groups == ("municipal", "short_term")


def test_scenario_setting_without_scenario_column_is_a_problem(tmp_path):
    sheets = feasible_sheets()
    sheets["settings"].append(["scenario", "high", None])
    problems = _problems(tmp_path, sheets)
    assert len(problems) == 1
    assert problems[0].startswith("input.xlsx, sheet 'settings', row 7, column value (B): scenario 'high' is set")


def test_grant_above_investment_is_a_problem(tmp_path):
    sheets = feasible_sheets()
    sheets["place_types"][1][4] = 4_000_000  # grant above the 3,000,000 investment
    problems = _problems(tmp_path, sheets)
    assert problems == [
        "input.xlsx, sheet 'place_types', row 2, column grant_per_place (E): 4,000,000 is above "
        "investment_per_place 3,000,000; a grant covers part of it"
    ]


def test_penalty_on_a_hard_band_is_a_warning(tmp_path):
    sheets = feasible_sheets()
    header = sheets["bands"][0]
    sheets["bands"][1][header.index("penalty_per_place_year")] = 500_000  # municipal is hard
    book = read_input(write_workbook(tmp_path / "input.xlsx", sheets))
    assert any("is hard, so its penalty is not used" in str(w) and w.row == 2 for w in book.warnings)


def test_a_budget_of_1e20_is_no_ceiling(tmp_path):
    book = load_workbook(NEW_PLACES_EXAMPLE)
    for (cell,) in book["budget"].iter_rows(min_row=2, min_col=2, max_col=2):
        cell.value = 1e20  # a typical "no limit" entry; CBC mis-solved such a row
    book.save(tmp_path / "nolimit.xlsx")
    assert read_input(tmp_path / "nolimit.xlsx").data.budget == {}
    run = run_cli("solve", tmp_path / "nolimit.xlsx", "-o", tmp_path / "plan.xlsx", cwd=tmp_path)
    assert run.code == 0, run
    assert read_summary(tmp_path / "plan.xlsx")["objective_npv"] == pytest.approx(NEW_PLACES_OPTIMUM, rel=1e-9)


@pytest.mark.parametrize("solver", ["cbc", "highs"])
def test_unbounded_cost_is_named_not_called_infeasible(tmp_path, solver):
    book = load_workbook(NEW_PLACES_EXAMPLE)
    row = next(r for r in book["place_types"].iter_rows(min_row=2) if r[0].value == "service_housing")
    row[6].value = 1_300_000  # rent above the 1,156,000 operating cost
    row[10].value = None  # and no yearly cap
    del book["budget"]
    del book["labour"]  # the staff ceiling would limit them too
    bands = book["bands"]  # and so would the dementia share: each municipal place asks for 0.3 dementia places
    bands.delete_rows(next(r[0].row for r in bands.iter_rows(min_row=2) if r[0].value == "dementia_share"))
    book.save(tmp_path / "unbounded.xlsx")
    run = run_cli("solve", tmp_path / "unbounded.xlsx", "--solver", solver, cwd=tmp_path)
    assert run.code == 2, run
    assert "the cost has no lower bound" in run.stderr and "service_housing" in run.stderr
    assert "warning:" in run.stderr and "rent_per_place_year is above operating_per_place_year" in run.stderr
    assert not (tmp_path / "outputs").exists()


def test_json_usage_error_is_one_json_object(tmp_path):
    run = run_cli("solve", NEW_PLACES_EXAMPLE, "--gap", "2", "--json", cwd=tmp_path)
    assert run.code == 2, run
    payload = json.loads(run.stdout)
    assert payload["status"] == "invalid_input" and payload["exit_code"] == 2
    assert "--gap" in payload["problems"][0]


def test_years_a_cut_horizon_leaves_out_are_one_warning_per_sheet(tmp_path):
    """The example with last_year 2035 (as the README suggests for speed): its budget and labour sheets' ten later
    years each gave a line of their own; now one line per sheet names them all."""
    book = read_input(example_to(2035, tmp_path))
    lines = [str(w) for w in book.warnings if "outside the planning years" in str(w)]
    assert lines == [
        "baerum-2035.xlsx, sheet 'budget', column year (A): budget year(s) 2036–2045 (rows 12–21) are outside the "
        "planning years 2026–2035; ignored",
        "baerum-2035.xlsx, sheet 'labour', column year (A): labour year(s) 2036–2045 (rows 12–21) are outside the "
        "planning years 2026–2035; ignored",
    ]


def test_a_hard_band_narrower_than_a_module_is_warned_of(tmp_path):
    """short_term 3–4 % of 1,000–1,230 persons is 10–12 places of room; with modules of 16 short-term places no
    module lands inside it (a small municipality meets this with the template's defaults)."""
    sheets = feasible_sheets()
    sheets["place_types"][2][9] = 16  # institution_short: module_size
    book = read_input(write_workbook(tmp_path / "narrow.xlsx", sheets))
    lines = [str(w) for w in book.warnings if "less than one module" in str(w)]
    assert lines == [
        "narrow.xlsx, sheet 'bands', row 3, column max_share (E): band 'short_term' leaves less than one module of "
        "Short-term institution (16 places) between its minimum and maximum in 2026–2030 (at most 12.30 places): new "
        "modules alone cannot land inside it, so a plan must use a project's or a conversion's exact numbers (which "
        "can cost far more) or there is none; widen the band (max_share) or give institution_short a smaller "
        "module_size"
    ]
    sheets["place_types"][2][9] = 10  # a module that fits the room in every year: no warning
    assert not [w for w in read_input(write_workbook(tmp_path / "fits.xlsx", sheets)).warnings if "module" in str(w)]
