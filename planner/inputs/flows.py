"""The flows sheet: short-term places sized by flow (korttid), each row named as the band it becomes."""

from __future__ import annotations

from models.flows import required_places
from models.inputs import Band, Flow
from planner.inputs.cells import Row, RowCells, build
from planner.inputs.context import Reading
from planner.inputs.population import Series


def read_flows(r: Reading, population: Series, bands: list[Band]) -> list[Flow]:
    """Short-term flow rows, each named as the band it becomes: <group>_flow (with its years if several)."""
    if "flows" not in r.sheets:
        return []
    first, last = r.horizon.get("first_year"), r.horizon.get("last_year")
    read: list[tuple[RowCells, dict]] = []
    for c in r.rows(r.sheet("flows")):
        row = r.parse(c)
        ok = _row_usable(r, c, row, population)
        if not ok or first is None or last is None:
            continue
        group, start, end = row["group"], max(row["from_year"], first), min(row["to_year"], last)
        if start > end:
            c.fail("from_year", f"the row covers no planning year {first}–{last}; fix from_year/to_year")
            continue
        overlap = next(
            (o for o, e in read if e["group"] == group and start <= e["to_year"] and e["from_year"] <= end), None
        )
        if overlap is not None:
            message = f"the years {start}–{end} overlap row {overlap.row}'s for group '{group}'; give each year one row"
            c.fail("from_year", message)
        else:
            read.append((c, row | {"from_year": start, "to_year": end}))
    return _named_flows(read, population, {b.band for b in bands})


def _row_usable(r: Reading, c: RowCells, row: Row, population: Series) -> bool:
    """The row's own rules: one way to give admissions, a base they are per 1,000 of, targets that can be met."""
    group = row["group"]
    ok = not row.failed and None not in (group, row["from_year"], row["to_year"], row["mean_stay_days"], row["hard"])
    if not r.known_group(c, group):
        ok = False
    per_year, per_1000, base = row["admissions_per_year"], row["admissions_per_1000"], row["base"]
    if per_year is not None and per_1000 is not None:
        c.fail(
            "admissions_per_1000", "is filled and so is admissions_per_year; give admissions one way: clear one of them"
        )
        ok = False
    elif per_1000 is not None and base is None:
        c.fail("base", "is empty; admissions_per_1000 needs the base they are per 1,000 of, e.g. persons_80_plus")
        ok = False
    elif per_1000 is not None and population and base not in population:
        c.fail("base", f"'{base}' is no population column nor need base; known: {', '.join(sorted(population))}")
        ok = False
    elif per_year is not None and base is not None:
        r.warn(c, "base", f"base '{base}' is not used: admissions_per_year is given as a number; it is ignored")
    if row["mean_stay_days"] == 0:
        c.fail("mean_stay_days", "is 0; give the mean length of a stay in days, more than 0")
        ok = False
    refusal = row["max_refusal_probability"]
    if refusal is not None and not 0 < refusal < 1:
        message = f"{refusal:g} can never be met or means no target; give a share above 0 and below 1, e.g. 0.05"
        c.fail("max_refusal_probability", message)
        ok = False
    if row["max_occupancy"] == 0:
        c.fail("max_occupancy", "is 0, which no number of places meets; give a share above 0, e.g. 0.85")
        ok = False
    if row["hard"] and row["penalty_per_place_year"]:
        r.warn(
            c, "penalty_per_place_year", "the row is hard, so its penalty is not used; set hard = no to make it soft"
        )
    return ok


def _named_flows(read: list[tuple[RowCells, dict]], population: Series, band_names: set[str]) -> list[Flow]:
    """Each row as a Flow named <group>_flow (with its years when the group has several rows)."""
    flows: list[Flow] = []
    for c, row in read:
        several = sum(1 for _, r in read if r["group"] == row["group"]) > 1
        name = f"{row['group']}_flow" + (f"_{row['from_year']}-{row['to_year']}" if several else "")
        if name in band_names:
            c.fail("group", f"the band this row becomes, '{name}', is a name in the bands sheet; rename that band")
            continue
        flow = build(Flow, row, band=name, penalty_per_place_year=row["penalty_per_place_year"] or 0.0)
        try:
            required_places(flow, population)
        except ValueError as error:
            c.fail("mean_stay_days", f"needs {error}; check admissions and mean_stay_days")
            continue
        except KeyError:
            pass  # a base year missing: reported by check_population_years
        flows.append(flow)
    return flows
