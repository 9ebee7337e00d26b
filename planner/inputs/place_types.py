"""The place_types sheet: one type of place a row; the names, groups and lead times other sheets use."""

from __future__ import annotations

from models.inputs import PlaceType
from planner.inputs.cells import build
from planner.inputs.context import REQUIRED_COLUMNS, Reading


def read_place_types(r: Reading) -> dict[str, PlaceType]:
    types: dict[str, PlaceType] = {}
    seen: dict[str, int] = {}
    sheet = r.sheet("place_types")
    if sheet is not None and not sheet.rows:
        r.problems.append(sheet.problem("has no place types; add at least one row below the header", 2))
    for c in r.rows(sheet):
        row = r.parse(c)
        name = row["type"]
        if name in seen:
            c.fail("type", f"'{name}' is listed twice (also in row {seen[name]}); keep one")
            continue
        if name is not None:
            r.type_names.add(name)
            r.group_names.update(row["groups"] or ())
        if row.failed or any(row[k] is None for k in REQUIRED_COLUMNS["place_types"]):
            continue
        if row["rent_per_place_year"] > row["operating_per_place_year"] and row["max_new_per_year"] is None:
            message = (
                f"rent_per_place_year is above operating_per_place_year for '{name}': every new place earns "
                "money, so only a max_share band, max_new_per_year or the budget limits how many are built"
            )
            r.warn(c, "rent_per_place_year", message)
        seen[name] = c.row
        r.lead_times[name] = row["lead_time_years"]
        types[name] = build(PlaceType, row)
    return types
