"""Bygg (Sites): what the plan does with each existing site, and its cost per place-year against a new place's.

One row per site of the sites sheet: its places, end of life, what the plan decides (kept, renovated, closed),
and, for comparison, what a place there costs a year kept (its types' operating cost less rent, plus the
site's fixed cost shared over its places), what a renovation adds a year, and what a new place of its main
type costs a year (operating less rent, plus the net investment as an annuity over its lifetime at the plan's
discount rate). The plan weighs more than these figures (lead times, bands, the years of works), so they
explain a decision rather than make it.
"""

from __future__ import annotations

import math

from models.inputs import PlanningInput, Site
from planner.outputs.people.grid import HEADER_FILL, Grid, Review

MONEY = '#,##0;-#,##0;"–"'
COLUMNS = (
    "site_name",
    "site_places",
    "site_end_of_life",
    "site_decision",
    "site_cost_kept",
    "site_renovation",
    "site_new",
    "site_why",
)
WIDTHS = (22, 8, 9, 22, 12, 13, 12, 52)
CHARS_PER_WIDTH = 0.9  # characters of prose a line of a column holds per unit of its width, with a margin


def sites_sheet(g: Grid, review: Review) -> None:
    """The title, the header, a row per site; text wraps in the why column."""
    data, say = review.data, review.say
    g.title(say("sites_title"))
    # the note wraps across the table's width, so the sheet prints one page wide at a readable size
    note = g.styles(italic=True, font_color="#595959", text_wrap=True, valign="top")
    g.ws.merge_range(g.row, 0, g.row, len(COLUMNS) - 1, say("sites_note"), note)
    g.values[g.row, 0] = say("sites_note")
    g.ws.set_row(g.row, 48)
    g.row += 2
    head = g.styles(bold=True, bg_color=HEADER_FILL, bottom=1, text_wrap=True, valign="top")
    for c, (key, width) in enumerate(zip(COLUMNS, WIDTHS, strict=True)):
        g.ws.set_column(c, c, width)
        g.put(g.row, c, say(key), head)
    g.ws.set_row(g.row, 44)
    g.row += 1
    wrap = g.styles(text_wrap=True, valign="top")
    money = g.styles(num_format=MONEY, valign="top")
    decisions = review.solution.site_decisions
    for site in data.sites:
        mine = decisions[decisions["site"] == site.site]
        first = next((t for t in data.years if data.site_places(site.site, t)), None)
        kept, renovation, new = _per_place_year(data, site, first)
        places = data.site_places(site.site, first or data.first_year)  # the places the figures beside it are per
        what = _decision(mine, say, site)
        dearer = None not in (kept, renovation, new) and kept + renovation > new
        cells = (site.site, places, site.end_of_life_year, what, kept, renovation, new, _why(mine, say, site, dearer))
        for c, value in enumerate(cells):
            g.put(g.row, c, value, money if c in (4, 5, 6) else wrap)
        # tall enough for the longest wrapped text: programs do not grow a row for text they did not type
        lines = max(math.ceil(len(str(v)) / (w * CHARS_PER_WIDTH)) for v, w in zip(cells, WIDTHS, strict=True) if v)
        g.ws.set_row(g.row, 15 * max(3, lines))
        g.row += 1


def _per_place_year(
    data: PlanningInput, site: Site, first: int | None
) -> tuple[float | None, float | None, float | None]:
    """Kept, renovation's annuity and a new place's cost, each per place-year in FIRST, the site's first year with
    places (None where it does not apply)."""
    if first is None:
        return None, None, None
    places = data.site_places(site.site, first)
    by_type = {k: data.site_places(site.site, first, k) for k in data.place_types}
    running = sum(n * data.place_types[k].net_operating_per_place_year for k, n in by_type.items() if n)
    kept = (running + site.fixed_operating_year) / places
    renovation = (
        site.net_renovation_per_place * _annuity(data.discount_rate, site.renovation_lifetime_years)
        if site.renovatable
        else None
    )
    main = data.place_types[max(by_type, key=by_type.get)]
    new = main.net_operating_per_place_year + main.net_investment_per_place * _annuity(
        data.discount_rate, main.lifetime_years
    )
    return kept, renovation, new


def _annuity(rate: float, years: int) -> float:
    """The yearly payment that repays 1 over YEARS at RATE: r / (1 − (1 + r)^−n), or 1/n at no interest."""
    return rate / (1 - (1 + rate) ** -years) if rate else 1.0 / years


def _decision(mine, say, site: Site) -> str:
    """'closed 2026', 'renovated 2029 (works 2029–2030)' or 'kept'."""
    parts = []
    for r in mine.itertuples():
        year = int(r.year)
        if r.decision == "close":
            parts.append(say("site_closed", year=year))
        elif site.renovation_years:
            end = year + site.renovation_years - 1
            parts.append(say("site_renovated_works", year=year, works=f"{year}–{end}" if end > year else str(year)))
        else:
            parts.append(say("site_renovated", year=year))
    return "; ".join(parts) or say("site_kept")


def _why(mine, say, site: Site, dearer: bool = False) -> str:
    """The reason in words: its end of life, may it close, what the figures beside it compare (dearer: kept and
    renovated, a place costs more a year than a new one, so the reason is not the figures but the plan as a whole)."""
    closed = any(r.decision == "close" for r in mine.itertuples())
    renovated = any(r.decision == "renovate" for r in mine.itertuples())
    eol = site.end_of_life_year
    if closed and not site.may_close:
        return say("why_closed_life", eol=eol)
    if closed:
        return say("why_closed")
    if renovated:
        return say("why_renovated_dearer" if dearer else "why_renovated", eol=eol)
    if eol is not None:
        return say("why_kept_life", eol=eol)
    return say("why_kept_may_close" if site.may_close else "why_kept")
