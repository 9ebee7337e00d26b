"""Re-planning against last year's plan: what has happened, what is decided, what is open again.

Each opening of the baseline plan is treated one of four ways, in this order:
- happened: it opened before the new first_year, so its places exist. They are existing stock;
  when the new stock sheet already lists them (same site or project name and type) that row
  counts, otherwise they are added (and the user is told to move them into stock);
- committed: it opens before the new first_year + its lead time (a project: the longest lead time
  in its mix), so it is contracted or under construction: kept, same year, type, source and size;
- committed as well: a stochastic plan's first stage, decided once for every scenario;
- frozen: it opens in or before ``freeze_until``: kept as well (and nothing else opens then);
- re-optimised: everything else, priced with a small penalty per place of change so that equally
  cheap alternatives do not flip from run to run.

The baseline's site decisions (renovate, close) are treated alike: one begun before the new first_year has
happened (a closed site's stock rows are taken off from its year; a renovation's remaining works years take
its places off, and its end of life moves on by the renovation's life); one in or before ``freeze_until`` is
kept; the rest are decided again.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from models.inputs import Commitment, PlanningInput, Site, StockRow

HAPPENED_IN_STOCK = "happened: in the stock sheet"
HAPPENED_ADDED = "happened: added to stock (move it into the stock sheet)"
COMMITTED = "committed: kept (opens within its lead time)"
COMMITTED_STAGE = "committed: kept (the stochastic plan's committed years)"
FROZEN = "frozen: kept (--freeze-until)"
REOPTIMISED = "re-optimised"

# Default price of a place opened differently from the baseline: a thousandth of a place-year's
# operating cost (about 1.2 M NOK in the example), so it never outweighs a real cost difference.
DEFAULT_CHANGE_PENALTY = 1_000.0


@dataclass(frozen=True)
class Opening:
    """One row of a plan's `plan` sheet."""

    year: int
    type: str
    source: str
    places: int
    first_stage: bool = False  # a stochastic plan's committed decision (the same in every scenario)


@dataclass(frozen=True)
class Converted:
    """One row of a plan's `conversions` sheet."""

    year: int
    from_type: str
    to_type: str
    places: int


@dataclass(frozen=True)
class SiteDecision:
    """One row of a plan's `site_decisions` sheet."""

    site: str
    decision: str  # renovate | close
    year: int
    places: int


@dataclass(frozen=True)
class Treatment:
    opening: Opening
    how: str
    note: str = ""


class BaselineMismatch(ValueError):
    """The baseline names types or projects the new inputs no longer have."""


def carry_forward(
    data: PlanningInput,
    baseline: list[Opening],
    freeze_until: int | None = None,
    change_penalty: float = DEFAULT_CHANGE_PENALTY,
    conversions: list[Converted] = (),
    site_decisions: list[SiteDecision] = (),
    committed_until: int | None = None,
) -> tuple[PlanningInput, list[Treatment]]:
    """The new planning input with the baseline's commitments and history, and how each opening was treated.

    committed_until: a stochastic baseline's last committed year; its conversions and site works up to then are
    kept as they are, like --freeze-until's (its committed openings are kept by their first_stage mark)."""
    _check_names(data, baseline)
    stock = list(data.stock)
    commitments: list[Commitment] = []
    treatments: list[Treatment] = []
    for o in sorted(baseline, key=lambda o: (o.year, o.source, o.type)):
        how, note = _treatment(data, o, stock, freeze_until)
        if how in (COMMITTED, COMMITTED_STAGE, FROZEN):
            commitments.append(Commitment(o.year, o.type, o.source, o.places))
        treatments.append(Treatment(o, how, note))
    _check_modules(data, commitments)
    fixed = max((y for y in (freeze_until, committed_until) if y is not None), default=None)
    frozen_conversions = _carry_conversions(data, conversions, stock, fixed)
    sites, frozen_sites = _carry_sites(data, site_decisions, stock, fixed)
    planned = {(o.source, o.type, o.year): o.places for o in baseline if data.first_year <= o.year <= data.last_year}
    new = dataclasses.replace(
        data,
        stock=stock,
        commitments=commitments,
        baseline_openings=planned,
        change_penalty_per_place=change_penalty,
        frozen_until=freeze_until,
        committed_until=committed_until,
        frozen_conversions=frozen_conversions,
        sites=sites,
        frozen_sites=frozen_sites,
    )
    return new, treatments


def _check_names(data: PlanningInput, baseline: list[Opening]) -> None:
    """Every type the baseline opens, and every project it opens from the new first year on, is still an input."""
    missing_types = sorted({o.type for o in baseline} - set(data.place_types))
    projects = {p.project for p in data.projects}
    missing_projects = sorted(
        {o.source for o in baseline if o.source != "new" and o.source not in projects and o.year >= data.first_year}
    )
    parts = []
    if missing_types:
        parts.append(f"place type(s) {', '.join(missing_types)} (add them to place_types)")
    if missing_projects:
        parts.append(
            f"project(s) {', '.join(missing_projects)} (keep them in projects and project_mix: the re-plan may "
            "still leave them unbuilt)"
        )
    if parts:
        raise BaselineMismatch("the baseline plan opens " + " and ".join(parts) + ", which the new inputs do not have")


def _treatment(data: PlanningInput, o: Opening, stock: list[StockRow], freeze_until: int | None) -> tuple[str, str]:
    """How one baseline opening is treated (the module's four ways), and a note; a happened one joins STOCK."""
    if o.year < data.first_year:
        row = _stock_row_for(stock, o)
        if row is not None:
            return HAPPENED_IN_STOCK, f"stock row {row.site}"
        site = o.source if o.source != "new" else f"new {o.type} {o.year} (baseline plan)"
        stock.append(StockRow(site, o.type, o.places, first_year=o.year))
        return HAPPENED_ADDED, f"added as stock site '{site}'"
    if o.year > data.last_year:
        return REOPTIMISED, "after the new horizon"
    if o.year < data.first_year + _lead_time(data, o):
        return COMMITTED, ""
    if o.first_stage:
        return COMMITTED_STAGE, ""
    if freeze_until is not None and o.year <= freeze_until:
        return FROZEN, ""
    return REOPTIMISED, ""


def _check_modules(data: PlanningInput, commitments: list[Commitment]) -> None:
    """Committed generic openings come in whole modules of the new inputs."""
    uneven = [
        f"{c.places} {c.type} places in {c.year} (module_size {data.place_types[c.type].module_size})"
        for c in commitments
        if c.source == "new" and c.places % data.place_types[c.type].module_size
    ]
    if uneven:
        raise BaselineMismatch(
            "the baseline plan has committed openings that are not whole modules of the new inputs: "
            + "; ".join(uneven)
            + " (set module_size back, or move them into the stock sheet as committed places)"
        )


def _carry_conversions(
    data: PlanningInput, conversions: list[Converted], stock: list[StockRow], freeze_until: int | None
) -> dict[tuple[str, str, int], int]:
    """Happened conversions join STOCK (unless the stock sheet has them); frozen ones are kept, (from, to, t) -> n."""
    frozen = {}
    allowed = {(c.from_type, c.to_type) for c in data.conversions}
    for c in conversions:
        if c.year < data.first_year:
            if not converted_in_stock(stock, c):
                # the places changed type: one stock row takes them off the old type, one puts them on the new
                stock.append(
                    StockRow(f"converted to {c.to_type} {c.year} (baseline plan)", c.to_type, c.places, c.year)
                )
                stock.append(
                    StockRow(f"converted from {c.from_type} {c.year} (baseline plan)", c.from_type, -c.places, c.year)
                )
        elif freeze_until is not None and c.year <= freeze_until:
            if (c.from_type, c.to_type) not in allowed:
                raise BaselineMismatch(
                    f"the baseline plan converts {c.from_type} to {c.to_type} in {c.year}, a year it keeps "
                    "(--freeze-until, or a stochastic plan's committed years), but the new inputs' conversions sheet "
                    "has no such row; add it back"
                )
            frozen[c.from_type, c.to_type, c.year] = c.places
    return frozen


def _carry_sites(
    data: PlanningInput, decisions: list[SiteDecision], stock: list[StockRow], freeze_until: int | None
) -> tuple[list[Site], dict[tuple[str, str, int], int]]:
    """Happened site decisions change STOCK and the sites; frozen ones are kept: (site, decision, year) -> 1."""
    sites = {site.site: site for site in data.sites}
    frozen: dict[tuple[str, str, int], int] = {}
    for d in sorted(decisions, key=lambda d: d.year):
        site = sites.get(d.site)
        if d.year < data.first_year:
            if d.decision == "close":
                _take_off(stock, d.site, d.year, None)
                sites.pop(d.site, None)
            elif site is not None:
                works_end = d.year + site.renovation_years - 1
                if works_end >= data.first_year:
                    _take_off(stock, d.site, data.first_year, works_end)
                renewed = works_end + site.renovation_lifetime_years
                if site.end_of_life_year is not None and site.end_of_life_year < renewed:
                    earliest = max(site.earliest_renovation_year or 0, works_end + 1)
                    sites[d.site] = dataclasses.replace(
                        site, end_of_life_year=renewed, earliest_renovation_year=earliest
                    )
        elif freeze_until is not None and d.year <= freeze_until and site is not None:
            frozen[d.site, d.decision, d.year] = 1
    return list(sites.values()), frozen


def _take_off(stock: list[StockRow], site: str, start: int, end: int | None) -> None:
    """Negative copies of a site's stock rows from START to END (None: for good), under the site's own name: its
    places net to none then, so the new plan can neither count them nor close or renovate them again."""
    for row in [r for r in stock if r.site == site and r.places > 0]:
        first = max(start, row.first_year or start)
        last = end if row.last_year is None else (row.last_year if end is None else min(end, row.last_year))
        if last is None or first <= last:
            stock.append(StockRow(site, row.type, -row.places, first, last))


def _lead_time(data: PlanningInput, o: Opening) -> int:
    if o.source != "new":
        project = next((p for p in data.projects if p.project == o.source), None)
        if project is not None:
            return data.project_lead_time(project)
    pt = data.place_types.get(o.type)
    return pt.lead_time_years if pt else 0


def _stock_row_for(stock: list[StockRow], o: Opening) -> StockRow | None:
    """The stock row that already holds a happened opening: same site (project) name and type, or for
    generic places the same type opened that year."""
    for row in stock:
        if row.type != o.type:
            continue
        if o.source != "new" and row.site == o.source:
            return row
        if o.source == "new" and row.first_year == o.year and row.places >= o.places:
            return row
    return None


def converted_in_stock(stock: list[StockRow], c: Converted) -> bool:
    """The stock sheet already shows a happened conversion: a row of the new type from that year, large enough."""
    return any(
        r.type == c.to_type
        and r.first_year == c.year
        and r.places >= c.places
        and not r.site.endswith("(baseline plan)")
        for r in stock
    )
