"""The conversions sheet: places that may change type at the start of a year."""

from __future__ import annotations

from models.inputs import Conversion
from planner.inputs.cells import build
from planner.inputs.context import Reading


def read_conversions(r: Reading) -> list[Conversion]:
    if "conversions" not in r.sheets:
        return []
    first = r.horizon.get("first_year")
    result: list[Conversion] = []
    seen: dict[tuple, int] = {}
    for c in r.rows(r.sheet("conversions")):
        row = r.parse(c)
        a, b, start = row["from_type"], row["to_type"], row["earliest_year"]
        ok = None not in (a, b, row["cost_per_place"])
        for column, t in (("from_type", a), ("to_type", b)):
            if not r.known_type(c, column, t):
                ok = False
        if ok and a == b:
            c.fail("to_type", f"is the same as from_type '{a}'; a conversion changes the type")
            ok = False
        if ok and (a, b) in seen:
            c.fail("from_type", f"{a} → {b} is listed twice (also in row {seen[a, b]}); keep one")
            ok = False
        if ok and start is not None and r.last_year is not None and start > r.last_year:
            c.fail("earliest_year", f"{start} is after last_year {r.last_year}: the conversion could never happen")
            ok = False
        if ok:
            seen[a, b] = c.row
            result.append(build(Conversion, row, earliest_year=start if start is not None else (first or 0)))
    return result
