"""The sites sheet: existing sites as decisions (keep, renovate, close); and the sheets the planner does not read."""

from __future__ import annotations

from models.inputs import Site, StockRow
from planner.inputs.cells import build, column_texts
from planner.inputs.context import Reading
from planner.inputs.sheets import SHEETS
from planner.problems import Problem

# The template's own explanation sheet: not input, and no warning.
TEMPLATE_README = "readme"


def read_sites(r: Reading, stock: list[StockRow]) -> list[Site]:
    """One Site per row: named in stock.site, once; a renovation that fits in the horizon."""
    named = {s.site for s in stock if s.site} | _stock_site_names(r)
    seen: dict[str, int] = {}
    sites: list[Site] = []
    for c in r.rows(r.optional("sites")):
        row = r.parse(c)
        name = row["site"]
        if name is None or row.failed:
            continue
        if name in seen:
            c.fail("site", f"'{name}' is listed twice (also in row {seen[name]}); keep one")
            continue
        seen[name] = c.row
        if _stock_readable(r) and name not in named:
            known = ", ".join(sorted(named)) or "none: the stock sheet names no site"
            c.fail(
                "site", f"'{name}' has no places in the stock sheet; name it in stock.site or fix the name ({known})"
            )
            continue
        if not _renovation_fits(r, c, row):
            continue
        site = build(Site, row)
        _warn_past_life(r, c, site)
        sites.append(site)
    return sites


def _stock_site_names(r: Reading) -> set[str]:
    """Every site the stock sheet names, its row read or not: a stock row with a bad cell is reported there, and
    its site is not reported again as unknown here."""
    sheet = r.sheets.get("stock")
    if sheet is None or "site" not in sheet.columns:
        return set()
    return {name for _, name in column_texts(sheet, "site") if name}


def _stock_readable(r: Reading) -> bool:
    """The stock sheet is there with its required columns (else its own problem says so, and no site is checked)."""
    sheet = r.sheets.get("stock")
    required = {c.name for c in SHEETS["stock"].columns if c.required or c.header_required}
    return sheet is not None and not sheet.refused and required <= set(sheet.columns)


def _renovation_fits(r: Reading, c, row) -> bool:
    """Works no longer than the horizon; renovation figures only where the site can be renovated."""
    first, last = r.first_year, r.last_year
    works = row["renovation_years"]
    if row["renovation_cost_per_place"] is None:
        if row["renovation_grant_per_place"]:
            c.fail("renovation_cost_per_place", "is empty but the row has a renovation grant; give the cost per place")
            return False
        return True
    if first is not None and works is not None and works > last - first + 1:
        c.fail(
            "renovation_years",
            f"works of {works} years are longer than the horizon {first}–{last}; shorten them or lengthen the horizon",
        )
        return False
    start = row["earliest_renovation_year"]
    if first is not None and start is not None and works is not None and start > last - works + 1:
        r.warn(
            c,
            "earliest_renovation_year",
            f"{start} leaves no time for {works} years of works by {last}: the site cannot be renovated in this plan",
        )
    return True


def _warn_past_life(r: Reading, c, site: Site) -> None:
    """A site past its end of life at the start that can be neither renovated nor kept: it closes, said once."""
    first = r.first_year
    if first is None or site.end_of_life_year is None or site.end_of_life_year >= first or site.renovatable:
        return
    message = (
        f"end_of_life_year {site.end_of_life_year} is before first_year {first} and the site cannot be renovated "
        "(no renovation_cost_per_place): its places are closed from the first year"
    )
    r.warn(c, "end_of_life_year", message)


def warn_ignored_sheets(r: Reading, ignored: list[str]) -> None:
    """A sheet the planner does not read is named, with the sheets it reads: a user must not think it was used."""
    known = ", ".join(SHEETS)
    for title in ignored:
        if title.strip().lower() != TEMPLATE_README:
            message = f"is not a sheet the planner reads; it is ignored. The planner reads: {known}"
            r.warnings.append(Problem(r.file, message, title))
