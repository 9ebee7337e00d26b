"""Oversikt (Overview): the plan on a page or two: what it does, what it costs, where the bands bind, what it builds.

Each block is a function; a block that would straddle a printed page starts on a new one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from models.inputs import FLOW_BASE, Band
from planner.outputs.people.costs import has_site_operating, shown_components, stock_parts
from planner.outputs.people.grid import COUNT, HEADER_FILL, MILLIONS, F, Grid, Review, discounted_costs_row, label
from planner.outputs.people.paragraph import band_summaries, plain_words
from planner.outputs.words import Words, check_words, solver_words

OVERVIEW_PAGE_POINTS = 560  # row heights (pt) a printed overview page holds, with room for any program's scaling


@dataclass
class _Page:
    """The overview as it is written: its grid, the row heights set, where the printed page began."""

    g: Grid
    heights: dict[int, float] = field(default_factory=dict)
    page_start: int = 0
    places_total: int = 0  # the row of the new places' total, which the projects block refers to

    def grow(self, row: int, points: float) -> None:
        self.heights[row] = points
        self.g.ws.set_row(row, points)

    def block(self, write, review: Review) -> None:
        """Write a block; if it would straddle a printed page, start it on a new one."""
        g, start = self.g, self.g.row
        write(self, review)
        used = sum(self.heights.get(r, 15) for r in range(self.page_start, start))
        size = sum(self.heights.get(r, 15) for r in range(start, g.row))
        if used + size > OVERVIEW_PAGE_POINTS and start > self.page_start:
            g.ws.set_h_pagebreaks([*g.ws.hbreaks, start])
            self.page_start = start
        g.row += 1  # the blank row between blocks

    def header(self, *labels: str, align: str = "right") -> None:
        """A block's header; figures below it are right-aligned, so their titles are too."""
        g = self.g
        for c, text in enumerate(labels):
            props = {"bold": True, "bg_color": HEADER_FILL, "bottom": 1, "text_wrap": True, "valign": "bottom"}
            g.put(g.row, c, text, g.styles(**props, align=align) if c else g.styles(**props))
        if any(len(text) > 17 for text in labels[1:4]):
            self.grow(g.row, 30)
        g.row += 1

    def total_row(self, text: str, col: int, first: int, fmt) -> int:
        """A bold SUM of the rows from FIRST in column COL; its row."""
        g = self.g
        g.put(g.row, 0, text, g.styles(bold=True, top=1))
        for c in range(1, col):
            g.ws.write_blank(g.row, c, None, g.styles(top=1))
        cached = sum(g.value(r, col) for r in range(first, g.row))
        g.put(g.row, col, F(f"=SUM({g.a1(first, col)}:{g.a1(g.row - 1, col)})", cached), fmt)
        g.row += 1
        return g.row - 1

    def money(self, bold: bool = False):
        return self.g.styles(num_format=MILLIONS, bold=True, top=1) if bold else self.g.styles(num_format=MILLIONS)

    def count(self, bold: bool = False):
        return self.g.styles(num_format=COUNT, bold=True, top=1) if bold else self.g.styles(num_format=COUNT)

    @property
    def wrap(self):
        return self.g.styles(text_wrap=True, valign="top")


def overview(g: Grid, review: Review) -> None:
    """The plan on a page or two: what it does, what it costs, where the bands bind, what it builds."""
    say, record, run = review.say, review.record, review.solution.run
    ws = g.ws
    ws.set_column(0, 0, 62)
    ws.set_column(1, 3, 17)
    ws.set_column(4, 4, 30)
    page = _Page(g)
    title = _title(review)
    g.title(f"{review.record.municipality}: {title}" if review.record.municipality else title)
    page.heights[0] = 20
    solver = run.solver if run else record.solver
    provenance = say(
        "provenance",
        file=record.input_file,
        sha=str(record.input_sha256)[:12] + "…",
        version=record.planner_version,
        solver=solver_words(say, solver),
        created=record.created_utc,
    )
    g.note(provenance)
    g.blank()
    blocks = [_paragraph, _changes] if record.changes_account else [_paragraph]
    blocks += [_present_value, _bands, _totals, _places, _projects]
    if review.band_costs is not None:
        blocks.append(_costs_of_bands)
    for write in [*blocks, _solved]:
        page.block(write, review)


def _paragraph(page: _Page, review: Review) -> None:
    g, say = page.g, review.say
    page.header(say("what_the_plan_does"), "", "", "", "")
    text = plain_words(review)
    g.ws.merge_range(g.row, 0, g.row, 4, "", page.wrap)
    g.put(g.row, 0, text, page.wrap)
    page.grow(g.row, 15 * math.ceil(len(text) / 170 + 0.5))
    g.row += 1


def _changes(page: _Page, review: Review) -> None:
    g, record = page.g, review.record
    page.header(
        review.say("changes_block", file=record.baseline.file if record.baseline else ""), "", "", "", "", align="left"
    )
    for line in record.changes_account:
        g.ws.merge_range(g.row, 0, g.row, 4, "", page.wrap)
        g.put(g.row, 0, line, page.wrap)
        page.grow(g.row, 15 * math.ceil(len(line) / 170 + 0.3))
        g.row += 1


def _present_value(page: _Page, review: Review) -> None:
    g, say, layout = page.g, review.say, review.layout
    costs, rows = review.grids["sheet_costs"], layout.cost_rows
    page.header(say("npv_block"), say("axis_money"))
    first = g.row
    existing = "npv_existing_sites" if has_site_operating(review.data) else "npv_existing"
    for key, row in ((existing, rows["existing_net"]), ("npv_added", rows["added_net"])):
        part = discounted_costs_row(review, row)
        g.put(g.row, 0, say(key))
        g.put(g.row, 1, F("=" + part.formula, part.value), page.money())
        g.row += 1
    for key in ("npv_penalties", "npv_residual"):
        r, c = layout.npv_cells[key]
        g.put(g.row, 0, say(key))
        g.put(g.row, 1, F(f"={costs.ref(r, c)}", costs.value(r, c)), page.money())
        g.row += 1
    page.total_row(say("npv_total"), 1, first, page.money(bold=True))
    g.put(g.row, 0, say("npv_explained"), g.styles(italic=True, font_color="#595959"))
    g.row += 1


def _bands(page: _Page, review: Review) -> None:
    g, say = page.g, review.say
    page.header(say("bands_block"), say("limits"), say("binds_in"), "", say("missed_in"), align="left")
    for b, binds, missed in band_summaries(review):
        g.put(g.row, 0, f"{b.shown} ({say('hard' if b.hard else 'soft')})", g.styles(valign="top"))
        g.put(g.row, 1, _limits(b, say), page.wrap)
        g.ws.merge_range(g.row, 2, g.row, 3, "", page.wrap)
        g.put(g.row, 2, binds, page.wrap)
        flagged = g.styles(text_wrap=True, valign="top", bold=True, font_color="#9C0006")
        g.put(g.row, 4, missed, page.wrap if missed == say("none") else flagged)
        page.grow(g.row, 15 * max(1, math.ceil(len(binds) / 32), math.ceil(len(missed) / 28)))
        g.row += 1


def _totals(page: _Page, review: Review) -> None:
    """Each cost component over the horizon, undiscounted and discounted (the stock's part and the plan's)."""
    g, say = page.g, review.say
    costs, rows = review.grids["sheet_costs"], review.layout.cost_rows
    page.header(say("horizon_totals"), say("undiscounted"), say("discounted"))
    first = g.row
    parts = stock_parts(review.data)
    for component in shown_components(review.data):
        sources = parts.get(component, (component,))
        g.put(g.row, 0, say(component))
        refs = "+".join(costs.ref(rows[s], costs.total_col) for s in sources)
        total = sum(costs.value(rows[s], costs.total_col) for s in sources)
        g.put(g.row, 1, F(f"={refs}", total), page.money())
        pieces = [discounted_costs_row(review, rows[s]) for s in sources]
        g.put(g.row, 2, F("=" + "+".join(p.formula for p in pieces), sum(p.value for p in pieces)), page.money())
        g.row += 1
    net = page.total_row(say("net_before_residual"), 1, first, page.money(bold=True))
    cached = sum(g.value(r, 2) for r in range(first, net))
    g.put(net, 2, F(f"=SUM({g.a1(first, 2)}:{g.a1(net - 1, 2)})", cached), page.money(bold=True))


def _places(page: _Page, review: Review) -> None:
    g, say, plan = page.g, review.say, review.grids["sheet_plan"]
    page.header(say("places_by_type"), say("places"))
    first = g.row
    for k, row in review.layout.new_by_type.items():
        g.put(g.row, 0, label(review.data, k))
        g.put(g.row, 1, F(f"={plan.ref(row, plan.total_col)}", plan.value(row, plan.total_col)), page.count())
        g.row += 1
    page.places_total = page.total_row(say("places_total"), 1, first, page.count(bold=True))


def _projects(page: _Page, review: Review) -> None:
    g, say, plan = page.g, review.say, review.solution.plan
    built = plan[plan["source"] != "new"] if len(plan) else plan
    page.header(say("projects_opened"), say("opening_year"), say("places"))
    first = g.row
    for (p, year), group in sorted(built.groupby(["source", "year"]), key=lambda item: (item[0][1], item[0][0])):
        g.put(g.row, 0, str(p))
        g.put(g.row, 1, int(year), g.styles(num_format="0"))
        g.put(g.row, 2, int(group["places"].sum()), page.count())
        g.row += 1
    if not len(built):
        g.put(g.row, 0, say("no_projects"))
        g.row += 1
    # the rest of the new places: generic places, built where the municipality chooses
    in_projects = sum(g.value(r, 2) for r in range(first, g.row))
    total = g.a1(page.places_total, 1)
    g.put(g.row, 0, say("outside_projects"))
    project_sum = f"SUM({g.a1(first, 2)}:{g.a1(g.row - 1, 2)})" if g.row > first else "0"
    g.put(g.row, 2, F(f"={total}-{project_sum}", g.value(page.places_total, 1) - in_projects), page.count())
    g.row += 1
    page.total_row(say("places_total"), 2, first, page.count(bold=True))


def _costs_of_bands(page: _Page, review: Review) -> None:
    g, say, layout = page.g, review.say, review.layout
    sheet = review.grids["sheet_band_costs"]
    page.header(say("band_cost_answer"), say("cost_of_band"), say("marginal_min"), say("marginal_max"))
    for band, r in layout.band_cost_rows.items():
        g.put(g.row, 0, review.band_label(band))
        for c, name in ((1, "cost_of_band"), (2, "marginal_cost_min"), (3, "marginal_cost_max")):
            source = layout.band_cost_columns[name]
            if (r, source) in sheet.values:
                g.put(g.row, c, F(f"={sheet.ref(r, source)}", sheet.value(r, source)), page.money())
            else:
                g.put(g.row, c, say("no_such_plan"), g.styles(align="right", italic=True))
        g.row += 1


def _solved(page: _Page, review: Review) -> None:
    g, say, solution, record = page.g, review.say, review.solution, review.record
    run = solution.run
    page.header(say("solution_block"), "", "", "", "", align="left")
    gap = run.mip_gap if run else None
    status = solution.status
    # the gap and the seconds are numbers a reader can compute with, formatted as the sheet's language shows them
    percent, seconds = g.styles(num_format="0.00%", align="left"), g.styles(num_format="0.0", align="left")
    facts = [
        ("status", say("status_" + status) if status in ("optimal", "feasible", "infeasible") else status, None),
        ("gap", gap if gap is not None else "–", percent),
        ("solver", solver_words(say, run.solver if run else record.solver), None),
        ("optimality_check", check_words(say, run) or "–", None),
        ("solve_seconds", round(run.seconds, 1) if run else "–", seconds),
    ]
    if record.method == "ratio":
        facts[0] = ("status", say("status_ratio"), None)
    for key, value, fmt in facts:
        g.put(g.row, 0, say(key))
        g.ws.merge_range(g.row, 1, g.row, 4, "")
        g.put(g.row, 1, value, fmt if not isinstance(value, str) else None)
        g.row += 1


def _title(review: Review) -> str:
    solution, data, record, say = review.solution, review.data, review.record, review.say
    span = {"first": data.first_year, "last": data.last_year}
    if solution.status == "infeasible":
        return say("title_diagnosis")
    if record.method == "ratio":
        title = say("title_ratio", **span)
        if solution.hard_violation_places:
            title += say("title_ratio_short", places=say.number(solution.hard_violation_places))
        return title
    status = say("status_" + solution.status)
    if record.method == "reoptimise":
        status += say("title_replanned", file=record.baseline.file if record.baseline else "")
    if record.robust_scenarios:
        status += say("title_robust", chosen=data.scenario, others=record.robust_scenarios)
    return f"{say('title_plan', **span)} ({status})"


def _limits(b: Band, say: Words) -> str:
    if b.base.startswith(FLOW_BASE):  # a flow row's band: its minimum is a number of places, not a share
        return f"≥ {say('population_flow').lower()}"
    parts = []
    if b.min_share is not None:
        parts.append(f"≥ {say.percent(b.min_share)}")
    if b.max_share is not None:
        parts.append(f"≤ {say.percent(b.max_share)}")
    return ", ".join(parts)
