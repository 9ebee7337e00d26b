"""The bands sheet: coverage bands (dekningsgrad) on a population, a need base or another group's places."""

from __future__ import annotations

import difflib
import math

from models.inputs import PLACES_BASE, Band, PlanningInput
from models.text import year_runs
from planner.inputs.cells import Row, RowCells, build, column_texts
from planner.inputs.context import TYPO_CUTOFF, Reading
from planner.inputs.population import Series


def read_bands(r: Reading, population: Series) -> list[Band]:
    """The bands, clipped to the horizon; names unique, groups and bases known."""
    first, last = r.horizon.get("first_year"), r.horizon.get("last_year")
    bands: list[Band] = []
    seen: dict[str, int] = {}
    for c in r.rows(r.sheet("bands")):
        row = r.parse(c)
        name, group = row["band"], row["group"]
        ok = None not in (name, group, row["from_year"], row["to_year"], row["hard"])
        if row["hard"] and row["penalty_per_place_year"]:
            r.warn(
                c,
                "penalty_per_place_year",
                f"band '{name}' is hard, so its penalty is not used; set hard = no to make it soft",
            )
        if name is not None and name in seen:
            c.fail("band", f"'{name}' is listed twice (also in row {seen[name]}); band names must differ")
            ok = False
        if not r.known_group(c, group):
            ok = False
        if not _known_base(r, c, row, population):
            ok = False
        if {"min_share", "from_year", "penalty_per_place_year"} & row.failed:  # row rules: reported
            ok = False
        if not ok or first is None or last is None:
            continue
        seen[name] = c.row
        start, end = max(row["from_year"], first), min(row["to_year"], last)
        if start > end:
            c.fail("from_year", f"band '{name}' covers no planning year {first}–{last}; fix from_year/to_year")
            continue
        penalty = row["penalty_per_place_year"] or 0.0
        bands.append(build(Band, row, from_year=start, to_year=end, penalty_per_place_year=penalty))
    return bands


def _known_base(r: Reading, c: RowCells, row: Row, population: Series) -> bool:
    """A population column or need base, or places:<group> (a composition band) of another known group."""
    base, group, groups = row["base"], row["group"], r.groups
    other = base[len(PLACES_BASE) :] if base is not None and base.startswith(PLACES_BASE) else None
    if other is not None:  # a composition band: its base is the places of another group
        if groups and other not in groups:
            known = ", ".join(sorted(groups))
            c.fail(
                "base", f"'{other}' after {PLACES_BASE} is no group in place_types.groups nor a type; known: {known}"
            )
            return False
        if other == group:
            c.fail("base", f"is the band's own group '{group}'; name another group after {PLACES_BASE}")
            return False
        return True
    if population and base not in population:
        near = difflib.get_close_matches(base, sorted(population), n=1, cutoff=TYPO_CUTOFF)
        hint = f"; '{near[0]}' is close: fix the spelling" if near else ""
        c.fail(
            "base",
            f"'{base}' is not a column of the population sheet nor a need base; known: "
            f"{', '.join(sorted(population))}{hint}",
        )
        return False
    return True


def warn_narrow_bands(r: Reading, data: PlanningInput) -> None:
    """A warning for a hard band whose room between minimum and maximum is less than one module of its group's
    types in some year: modules alone cannot land inside it, so a plan needs a project's or a conversion's exact
    numbers (which may cost far more than the band is worth) or cannot exist. A small municipality meets this
    with the default short-term band: 0.5 % of 300 persons is 1.5 places."""
    sheet = r.sheets.get("bands")
    for b in data.bands:
        if not b.hard or b.min_share is None or b.max_share is None or b.of_places or b.base not in data.population:
            continue
        modular = [data.place_types[k] for k in data.group_types(b.group) if data.place_types[k].new_without_project]
        if not modular or sheet is None:
            continue
        smallest = min(modular, key=lambda pt: pt.module_size)
        series = data.population[b.base]
        room = {t: (b.max_share - b.min_share) * series[t] for t in b.years() if t in data.years and t in series}
        narrow = [t for t, places in room.items() if places < smallest.module_size]
        if not narrow:
            continue
        row = next((n for n, name in column_texts(sheet, "band") if name == b.band), None)
        most = math.floor(100 * max(room[t] for t in narrow)) / 100  # 1.9999 is 1.99, not "2.00 < 2"
        message = (
            f"band '{b.band}' leaves less than one module of {smallest.label or smallest.type} "
            f"({smallest.module_size} places) between its minimum and maximum in {year_runs(narrow)} (at most "
            f"{most:.2f} places): new modules alone cannot land inside it, so a plan must "
            "use a project's or a conversion's exact numbers (which can cost far more) or there is none; widen the "
            f"band (max_share) or give {smallest.type} a smaller module_size"
        )
        r.warnings.append(sheet.problem(message, row, "max_share"))
