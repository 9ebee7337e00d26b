"""The bands sheet: coverage bands (dekningsgrad) on a population, a need base or another group's places."""

from __future__ import annotations

import difflib

from models.inputs import PLACES_BASE, Band
from planner.inputs.cells import Row, RowCells, build
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
