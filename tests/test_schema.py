"""The schema (planner/inputs/sheets.py) is the one statement of the input workbook: reading, template and
reference follow from it, so a new optional column is one schema row plus the field that uses it."""

from __future__ import annotations

import dataclasses

import pytest
from conftest import feasible_sheets, write_workbook
from openpyxl import load_workbook

import planner.inputs.context as context
import planner.inputs.place_types as place_types
from models.inputs import PlaceType
from planner.inputs import read_input
from planner.inputs.schema import Column, SheetSpec
from planner.inputs.sheets import SETTINGS, SHEETS
from planner.inputs.template import header_note, write_template
from planner.problems import InputError


@dataclasses.dataclass(frozen=True)
class MeasuredPlaceType(PlaceType):
    """A place type as a later version of the model might have it: one more field."""

    square_metres_per_place: float = 0.0


@pytest.fixture
def measured_schema(monkeypatch):
    """place_types with one more optional column, and the model object with its field: nothing else."""
    spec = SHEETS["place_types"]
    extra = Column("square_metres_per_place", "number", "Floor area per place, for the property plan.", default=0.0)
    monkeypatch.setitem(SHEETS, "place_types", dataclasses.replace(spec, columns=(*spec.columns, extra)))
    monkeypatch.setattr(place_types, "PlaceType", MeasuredPlaceType)


def _with_floor_area(tmp_path, values):
    sheets = feasible_sheets()
    rows = sheets["place_types"]
    rows[0] = [*rows[0], "square_metres_per_place"]
    for row, value in zip(rows[1:], values, strict=True):
        row.append(value)
    return write_workbook(tmp_path / "measured.xlsx", sheets)


def test_a_new_optional_column_is_read_from_its_schema_row_alone(tmp_path, measured_schema):
    path = _with_floor_area(tmp_path, [1.2, None])
    types = read_input(path).data.place_types
    first, second = types.values()
    assert first.square_metres_per_place == pytest.approx(1.2)
    assert second.square_metres_per_place == 0.0  # the schema's default for a blank cell


def test_a_new_optional_column_is_checked_from_its_schema_row_alone(tmp_path, measured_schema):
    path = _with_floor_area(tmp_path, ["lots", -1])
    with pytest.raises(InputError) as caught:
        read_input(path)
    found = [(p.sheet, p.row, p.column, p.message) for p in caught.value.problems]
    assert found == [
        ("place_types", 2, "square_metres_per_place", "found 'lots'; expected a number such as 1250000"),
        ("place_types", 3, "square_metres_per_place", "found -1; expected a number of at least 0"),
    ]


def test_without_the_schema_row_the_column_is_an_ignored_extra(tmp_path):
    path = _with_floor_area(tmp_path, ["lots", -1])
    types = read_input(path).data.place_types
    assert not any(hasattr(t, "square_metres_per_place") for t in types.values())


def test_required_columns_and_sheets_come_from_the_schema():
    assert context.REQUIRED_COLUMNS["stock"] == ["site", "type", "places"]
    assert context.REQUIRED_COLUMNS["place_types"] == [
        "type",
        "groups",
        "investment_per_place",
        "grant_per_place",
        "operating_per_place_year",
        "rent_per_place_year",
        "lifetime_years",
        "lead_time_years",
    ]
    assert [name for name, spec in SHEETS.items() if spec.required] == [
        "settings",
        "population",
        "place_types",
        "stock",
        "bands",
    ]


def test_every_setting_default_is_what_the_reader_uses(tmp_path):
    """A workbook that sets only the horizon gets each setting's schema default."""
    sheets = feasible_sheets()
    sheets["settings"] = [r for r in sheets["settings"] if r[0] in ("key", "first_year", "last_year")]
    read = read_input(write_workbook(tmp_path / "bare.xlsx", sheets))
    defaults = {s.name: s.default for s in SETTINGS}
    assert read.data.discount_rate == defaults["discount_rate"]
    assert read.data.investment_timing == defaults["investment_timing"]
    assert read.data.residual_value is defaults["residual_value"]
    assert read.settings.solver == defaults["solver"]
    assert read.settings.time_limit_s == defaults["time_limit_s"]
    assert read.settings.mip_gap == defaults["mip_gap"]
    assert read.settings.band_costs is defaults["band_costs"]
    assert read.settings.lang == defaults["lang"]
    assert read.settings.change_penalty_per_place == defaults["change_penalty_per_place"]


def test_the_template_carries_every_schema_column_setting_and_note(tmp_path):
    path = tmp_path / "blank.xlsx"
    write_template(path, 2027)
    book = load_workbook(path)
    for name, spec in SHEETS.items():
        header = [cell for cell in book[name][1] if cell.value is not None]
        by_name = {cell.value: cell for cell in header}
        for column in spec.columns:
            cell = by_name[column.header]
            assert cell.comment is not None and cell.comment.text == header_note(column), (name, column.name)
    keys = [row[0] for row in book["settings"].iter_rows(min_row=2, values_only=True)]
    assert keys == [s.name for s in SETTINGS]
    assert "(money, NOK; required)" in book["place_types"]["D1"].comment.text


def test_a_choice_setting_names_its_words(tmp_path):
    sheets = feasible_sheets()
    sheets["settings"].append(["solver", "gurobi"])
    with pytest.raises(InputError) as caught:
        read_input(write_workbook(tmp_path / "bad.xlsx", sheets))
    (problem,) = caught.value.problems
    assert problem.message == "setting solver: found 'gurobi'; expected one of highs, cbc"


def test_pattern_columns_match_by_prefix():
    population: SheetSpec = SHEETS["population"]
    assert population.column("persons_90_plus").name == "persons_"
    assert population.is_known("persons_67_79") and not population.is_known("people_80_plus")
