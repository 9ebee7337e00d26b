"""Dekningsgrad (Coverage by year): per band and year the population, places, coverage, limits and misses."""

from __future__ import annotations

from models.inputs import FLOW_BASE, PLACE_TOLERANCE, Band, PlanningInput
from models.results import Solution
from planner.outputs.people.grid import (
    COUNT,
    OVER_FILL,
    PALETTE,
    SHARE,
    SHORT_FILL,
    F,
    Grid,
    Layout,
    Review,
    charts_below,
    dress,
    keep_together,
    year_columns,
)
from planner.outputs.words import Words


def coverage(g: Grid, review: Review) -> None:
    """A block per band, then a chart per band against its limits."""
    solution, data, say, layout = review.solution, review.data, review.say, review.layout
    plan = review.grids["sheet_plan"]
    year_columns(g)
    g.title(say("coverage_title"))
    g.note(say("coverage_note"))
    g.blank()
    share_rows: list[tuple[Band, int, int | None, int | None]] = []
    first_header = None
    for b in data.bands:
        start = g.row
        header, share, minimum, maximum = _coverage_band(g, b, solution, data, say, layout, plan)
        keep_together(g, start)
        first_header = header if first_header is None else first_header
        share_rows.append((b, share, minimum, maximum))
        g.blank()
    if share_rows and first_header is not None:
        _coverage_charts(g, share_rows, first_header, say)


def _coverage_band(
    g: Grid, b: Band, solution: Solution, data: PlanningInput, say: Words, layout: Layout, plan: Grid
) -> tuple:
    """One band's block: population, places, coverage, limits, the places they require, misses marked."""
    rows = solution.coverage[solution.coverage["band"] == b.band].set_index("year")
    inside = [y in rows.index for y in g.years]

    def per_year(make, fmt: str, label: str) -> int:
        """A row with make(column, year) in the band's years and blanks outside them."""
        return g.line(label, [make(g.col(y), y) if i else None for y, i in zip(g.years, inside, strict=True)], fmt)

    header = g.header(
        say("band_header", band=b.shown, group=b.group, base=say.base(b.base), kind=say("hard" if b.hard else "soft"))
    )
    pop = per_year(lambda c, y: rows["population"].get(y), COUNT, _base_label(b, say))
    types = data.group_types(b.group)
    places = per_year(
        lambda c, y: F(
            "=" + ("+".join(plan.ref(layout.counted[k], plan.col(y)) for k in types) or "0"), int(rows["places"][y])
        ),
        COUNT,
        say("group_places", group=b.group),
    )
    share = per_year(
        lambda c, y: (
            F(f"={g.a1(places, c)}/{g.a1(pop, c)}", g.value(places, c) / g.value(pop, c)) if g.value(pop, c) else None
        ),
        SHARE,
        say("share"),
    )
    minimum = maximum = short = over = None
    if b.min_share is not None:
        minimum = per_year(lambda c, y: b.min_share, SHARE, say("minimum"))
    if b.max_share is not None:
        maximum = per_year(lambda c, y: b.max_share, SHARE, say("maximum"))
    if minimum is not None:
        need = per_year(
            lambda c, y: F(f"={g.a1(minimum, c)}*{g.a1(pop, c)}", b.min_share * g.value(pop, c)),
            "#,##0.0",
            say("min_places"),
        )
        layout.min_places[b.band] = need
        short = per_year(lambda c, y: _beyond(g, need, places, c), "#,##0.0", say("short_places"))
    if maximum is not None:
        allow = per_year(
            lambda c, y: F(f"={g.a1(maximum, c)}*{g.a1(pop, c)}", b.max_share * g.value(pop, c)),
            "#,##0.0",
            say("max_places"),
        )
        over = per_year(lambda c, y: _beyond(g, places, allow, c), "#,##0.0", say("over_places"))
    misses = [(row, word) for row, word in ((short, "short"), (over, "over")) if row is not None]
    flags = per_year(lambda c, y: _miss_word(g, misses, c, say), "General", say("miss_status"))
    _mark_misses(g, misses, share, flags)
    return header, share, minimum, maximum


def _base_label(b: Band, say: Words) -> str:
    """What the band's shares are of: the places a flow requires, another group's places, or a population."""
    if b.base.startswith(FLOW_BASE):
        return say("population_flow")
    if b.of_places is not None:
        return say("population_places", group=b.of_places)
    return say("population", base=say.base(b.base))


def _axis_title(b: Band, say: Words) -> str:
    """What a band's coverage is a share of, as _base_label says it: a population, a group's places, or a flow's."""
    if b.base.startswith(FLOW_BASE):
        return say("axis_share_flow")
    if b.of_places is not None:
        return say("axis_share_places", group=b.of_places)
    return say("axis_share")


def _beyond(g: Grid, row: int, limit: int, c: int) -> F:
    """MAX(0, row − limit): the places short of a minimum, or over a maximum."""
    return F(f"=MAX(0,{g.a1(row, c)}-{g.a1(limit, c)})", max(0.0, g.value(row, c) - g.value(limit, c)))


def _miss_word(g: Grid, misses: list[tuple[int, str]], c: int, say: Words) -> F:
    """'short', 'over' or blank: the first miss row with more than the tolerance in this column."""
    formula, cached = '""', ""
    for row, word in reversed(misses):
        formula = f'IF({g.a1(row, c)}>{PLACE_TOLERANCE:f},"{say(word)}",{formula})'
        if g.value(row, c) > PLACE_TOLERANCE:
            cached = say(word)
    return F(f"={formula}", cached)


def _mark_misses(g: Grid, misses: list[tuple[int, str]], share: int, flags: int) -> None:
    """Red where a minimum is missed, orange where a maximum is: on the coverage, the miss and the word."""
    last = len(g.years)
    fills = {
        "short": g.styles(bg_color=SHORT_FILL, font_color="#9C0006", bold=True),
        "over": g.styles(bg_color=OVER_FILL, font_color="#7F6000", bold=True),
    }
    for row, word in misses:
        rule = {"type": "formula", "criteria": f"={g.a1(row, 1, False)}>{PLACE_TOLERANCE:f}", "format": fills[word]}
        g.ws.conditional_format(f"{g.a1(share, 1)}:{g.a1(share, last)}", rule)
        fixed = {**rule, "criteria": f"={g.a1(row, 1)}>{PLACE_TOLERANCE:f}"}
        g.ws.conditional_format(f"{g.a1(row, 1)}:{g.a1(row, last)}", fixed)
        g.ws.conditional_format(f"{g.a1(flags, 1)}:{g.a1(flags, last)}", fixed)


def _coverage_charts(g: Grid, share_rows, header_row: int, say: Words) -> None:
    """One chart per band (each on its own scale): its coverage against its minimum and maximum."""
    charts = []
    last = len(g.years)
    categories = [g.name, header_row, 1, header_row, last]
    for i, (band, share, minimum, maximum) in enumerate(share_rows):  # the band named by its label, as its table
        color = PALETTE[i % len(PALETTE)]
        chart = g.book.add_chart({"type": "line"})
        chart.add_series(
            {
                "name": say("share"),
                "categories": categories,
                "values": [g.name, share, 1, share, last],
                "line": {"color": color, "width": 2.75},
                "marker": {"type": "circle", "size": 5, "fill": {"color": color}, "border": {"color": color}},
            }
        )
        for row, word, limit_color in ((minimum, say("minimum"), "#C00000"), (maximum, say("maximum"), "#ED7D31")):
            if row is not None:
                chart.add_series(
                    {
                        "name": word,
                        "categories": categories,
                        "values": [g.name, row, 1, row, last],
                        "line": {"color": limit_color, "width": 2, "dash_type": "dash"},
                        "marker": {"type": "none"},
                    }
                )
        dress(chart, f"{say('chart_coverage')}: {band.shown}", _axis_title(band, say), "0.0%")
        charts.append(chart)
    charts_below(g, charts, height_ratio=0.26)
