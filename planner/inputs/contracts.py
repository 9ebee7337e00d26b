"""The purchases and sales sheets: places bought from providers and sold to other municipalities."""

from __future__ import annotations

from models.inputs import Purchase, Sale
from planner.inputs.cells import build
from planner.inputs.context import Reading


def read_purchases(r: Reading) -> list[Purchase]:
    return _contracts(r, "purchases", "provider", Purchase)


def read_sales(r: Reading) -> list[Sale]:
    return _contracts(r, "sales", "buyer", Sale)


def _contracts(r: Reading, name: str, party: str, cls) -> list:
    """One object per row: a known type, one row per party and type, and years that meet the horizon."""
    rows = []
    seen: dict[tuple[str, str], int] = {}
    for c in r.rows(r.optional(name)):
        row = r.parse(c)
        who, type_ = row[party], row["type"]
        if who is None or type_ is None or row.failed or not r.known_type(c, "type", type_):
            continue
        if (who, type_) in seen:
            c.fail(party, f"'{who}' with type '{type_}' is listed twice (also in row {seen[who, type_]}); keep one")
            continue
        seen[who, type_] = c.row
        if None in row.values():
            continue  # a required cell is empty: reported
        first, last = r.first_year, r.last_year
        if first is not None and (row["from_year"] > last or row["to_year"] < first):
            r.warn(c, "from_year", f"{row['from_year']}–{row['to_year']} is outside the planning years; ignored")
            continue
        rows.append(build(cls, row))
    return rows
