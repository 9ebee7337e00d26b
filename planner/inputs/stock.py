"""The stock sheet: the places that exist or are already decided, by site and type."""

from __future__ import annotations

from models.inputs import StockRow
from planner.inputs.cells import build
from planner.inputs.context import Reading


def read_stock(r: Reading) -> list[StockRow]:
    stock: list[StockRow] = []
    for c in r.rows(r.sheet("stock")):
        row = r.parse(c)
        type_, places = row["type"], row["places"]
        if not r.known_type(c, "type", type_):
            continue
        if "first_year" in row.failed:  # after last_year
            continue
        opens = row["first_year"]
        if opens is not None and r.last_year is not None and opens > r.last_year:
            message = f"{opens} is after last_year {r.last_year}: these places are never in service in the plan"
            r.warn(c, "first_year", message)
        if type_ is not None and places is not None:
            stock.append(build(StockRow, row))
    sheet = r.sheets.get("stock")
    if sheet is not None and not sheet.rows and not sheet.refused:
        message = (
            "has no rows: until new places can open (first_year + each type's lead_time_years), every band's "
            "minimum must come from places listed here; add today's buildings"
        )
        r.warnings.append(sheet.problem(message, 2))
    return stock
