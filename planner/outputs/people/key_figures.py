"""Nøkkeltall (Key figures): the plan's figures per year in the form SSB's KOSTRA publishes them.

So a plan can be read beside the municipality's own statistics. Each figure is a formula on the plan sheet's
rows (places counted in coverage: own in service + bought − sold; own places in service) and on the residents
aged 80+ written here, with the KOSTRA indicator's code beside its name. Which places count as what comes from
the place_types column kostra.
"""

from __future__ import annotations

from models.inputs import INSTITUTION_KINDS, PlanningInput
from models.results import out_of_service
from planner.inputs.sheets import DEFAULT_BASE
from planner.outputs.people.grid import COUNT, SHARE, F, Grid, Review, year_columns

DECIMAL = '#,##0.0;-#,##0.0;"–"'


def has_key_figures(data: PlanningInput) -> bool:
    """Whether the input says what KOSTRA counts its places as (some type's kostra is not none)."""
    return any(pt.kostra != "none" for pt in data.place_types.values())


def key_figures(g: Grid, review: Review) -> None:
    """Residents 80+, institution places available, places per 80+ and the shares, places per site."""
    data, say, layout = review.data, review.say, review.layout
    plan = review.grids["sheet_plan"]
    year_columns(g, label_width=58)
    g.title(say("kostra_title"))
    g.note(say("kostra_note"))
    g.blank()
    g.header(say("year"), total=False)
    kinds = {kind: [k for k, pt in data.place_types.items() if pt.kostra == kind] for kind in INSTITUTION_KINDS}
    kinds["housing_24h"] = [k for k, pt in data.place_types.items() if pt.kostra == "housing_24h"]
    institution = [k for kind in INSTITUTION_KINDS for k in kinds[kind]]

    def summed(types: list[str], rows: dict) -> list:
        cells = []
        for y in g.years:
            c = plan.col(y)
            refs = "+".join(plan.ref(rows[k], c) for k in types) or "0"
            cells.append(F(f"={refs}", sum(plan.value(rows[k], c) for k in types)))
        return cells

    available = g.line(say("kostra_available"), summed(institution, layout.counted), COUNT, bold=True)
    parts = {kind: g.line(say(f"kostra_{kind}"), summed(kinds[kind], layout.counted), COUNT) for kind in kinds}
    own = g.line(say("kostra_own_institution"), summed(institution, layout.in_service), COUNT)
    sites = g.line(
        say("kostra_sites"), [_sites_with_institution_places(review, institution, y) for y in g.years], COUNT
    )
    g.blank()
    g.header(say("kostra_ratios"), total=False)
    residents = None
    if DEFAULT_BASE in data.population:
        residents = g.line(say("kostra_residents"), [data.population[DEFAULT_BASE][y] for y in g.years], COUNT)
        for key, row in (
            ("kostra_per_80", available),
            ("kostra_housing_per_80", parts["housing_24h"]),
        ):
            g.line(say(key), _ratio(g, row, residents), SHARE)
        long_term = [parts["long_term"], parts["dementia"]]
        g.line(say("kostra_long_per_80"), _ratio(g, long_term, residents), SHARE)
    g.line(say("kostra_short_share"), _ratio(g, [parts["short_term"]], available), SHARE)
    g.line(say("kostra_dementia_share"), _ratio(g, [parts["dementia"]], available), SHARE)
    g.line(say("kostra_per_site"), _ratio(g, [own], sites), DECIMAL)


def _ratio(g: Grid, numerator, denominator: int) -> list:
    """(Σ numerator rows) / denominator row per year, blank where the denominator is 0."""
    rows = numerator if isinstance(numerator, list) else [numerator]
    cells = []
    for y in g.years:
        c = g.col(y)
        below = g.value(denominator, c)
        if not below:
            cells.append(None)
            continue
        top = "+".join(g.a1(r, c) for r in rows)
        cells.append(F(f"=({top})/{g.a1(denominator, c)}", sum(g.value(r, c) for r in rows) / below))
    return cells


def _sites_with_institution_places(review: Review, institution: list[str], year: int) -> int:
    """Existing sites with institution places in service that year (not closed, not under works) and projects
    opened with institution places by then."""
    data, solution = review.data, review.solution
    out = {
        r.site
        for r in solution.site_decisions.itertuples()
        if year in out_of_service(data, r.site, r.decision, int(r.year))
    }
    net: dict[str, int] = {}  # a site's places net of rows that take some off (re-planning's happened closures)
    for s in data.stock:
        if s.type in institution and s.in_service(year) and not s.site.endswith("(baseline plan)"):
            net[s.site] = net.get(s.site, 0) + s.places
    sites = {name for name, places in net.items() if places > 0} - out
    plan = solution.plan
    built = plan[(plan["source"] != "new") & (plan["year"] <= year) & plan["type"].isin(institution)]
    return len(sites) + built["source"].nunique()
