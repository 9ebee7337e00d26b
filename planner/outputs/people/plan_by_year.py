"""Plan etter år (Plan by year): new places by type and project, conversions, stock, places in service, the chart."""

from __future__ import annotations

import pandas as pd
from xlsxwriter.utility import xl_col_to_name

from models.inputs import PlanningInput
from models.results import site_places_out
from planner.outputs.people.grid import (
    COUNT,
    PALETTE,
    F,
    Grid,
    Layout,
    Review,
    charts_below,
    dress,
    label,
    series,
    year_columns,
)
from planner.outputs.words import Words


def plan_by_year(g: Grid, review: Review) -> None:
    """New places by type and project, conversions, stock, places in service (a formula), rows for the bands."""
    solution, data, say, layout = review.solution, review.data, review.say, review.layout
    year_columns(g)
    g.title(say("plan_title"))
    g.note(say("plan_note_sites" if data.sites or data.purchases or data.sales else "plan_note"))
    g.blank()
    plan = solution.plan
    opened = plan.groupby(["type", "year"])["places"].sum() if len(plan) else pd.Series(dtype=float)

    g.header(say("new_by_type"))
    for k in data.place_types:
        layout.new_by_type[k] = g.line(label(data, k), [int(opened.get((k, y), 0)) for y in g.years], COUNT, total=True)
    g.sum_line(say("places_total"), list(layout.new_by_type.values()), COUNT, total=True)
    g.blank()
    _replacements(g, review)

    projects = plan[plan["source"] != "new"] if len(plan) else plan
    if len(projects):
        g.header(say("new_by_project"))
        rows = []
        for (p, k), group in projects.groupby(["source", "type"], sort=False):
            by_year = group.groupby("year")["places"].sum()
            rows.append(g.line(f"{p}: {label(data, k)}", [int(by_year.get(y, 0)) for y in g.years], COUNT, total=True))
        g.sum_line(say("places_total"), rows, COUNT, total=True)
        g.blank()

    conv_in: dict[str, list[int]] = {k: [] for k in data.place_types}
    conv_out: dict[str, list[int]] = {k: [] for k in data.place_types}
    if len(solution.conversions):
        g.header(say("conversions"))
        for (a, b), group in solution.conversions.groupby(["from_type", "to_type"], sort=False):
            by_year = group.groupby("year")["places"].sum()
            row = g.line(
                f"{label(data, a)} → {label(data, b)}", [int(by_year.get(y, 0)) for y in g.years], COUNT, total=True
            )
            conv_out[a].append(row)
            conv_in[b].append(row)
        g.blank()

    g.header(say("existing"), total=False)
    stock_rows = {
        k: g.line(label(data, k), [data.stock_places(k, y) for y in g.years], COUNT) for k in data.place_types
    }
    g.sum_line(say("existing_total"), list(stock_rows.values()), COUNT)
    g.blank()
    out_rows = _sites_out(g, review)

    layout.in_service_header = g.header(say("in_service"), total=False)
    capacity = solution.capacity.set_index(["type", "year"])["places"]
    for k in data.place_types:
        cells = []
        for y in g.years:
            c = g.col(y)
            formula = f"={g.a1(stock_rows[k], c)}+{_running(layout.new_by_type[k], c)}"
            formula += f"-{g.a1(out_rows[k], c)}" if k in out_rows else ""
            formula += "".join(f"+{_running(r, c)}" for r in conv_in[k])
            formula += "".join(f"-{_running(r, c)}" for r in conv_out[k])
            cells.append(F(formula, int(capacity[k, y])))
        layout.in_service[k] = g.line(label(data, k), cells, COUNT)
    g.sum_line(say("in_service_total"), list(layout.in_service.values()), COUNT)
    g.blank()
    layout.counted = dict(layout.in_service)
    _contracts(g, review)

    minimum_bands = [b for b in data.bands if b.min_share is not None]
    if minimum_bands:
        g.header(say("required_by_band"), total=False)
        for b in minimum_bands:  # written once the coverage sheet has its rows
            layout.required_rows[b.band] = g.row
            g.row += 1


def _replacements(g: Grid, review: Review) -> None:
    """Of the new places, those that replace closed or expiring ones and get the replacement grant (Husbanken)."""
    streams = review.solution.grant_streams
    if not len(streams):
        return
    g.header(review.say("replacement_places"))
    for k, group in streams.groupby("type", sort=False):
        by_year = group.set_index("year")["replacement_places"]
        g.line(label(review.data, k), [int(by_year.get(y, 0)) for y in g.years], COUNT, total=True)
    g.blank()


def _sites_out(g: Grid, review: Review) -> dict[str, int]:
    """Per type, existing places out of service (sites closed or under works): the in-service formula takes them off."""
    data, say = review.data, review.say
    out = site_places_out(data, review.solution.site_decisions)
    types = [k for k in data.place_types if any(out.get((k, y)) for y in g.years)]
    if not types:
        return {}
    g.header(say("sites_out"), total=False)
    rows = {k: g.line(label(data, k), [out.get((k, y), 0) for y in g.years], COUNT) for k in types}
    g.blank()
    return rows


def _contracts(g: Grid, review: Review) -> None:
    """Bought and sold places per provider or buyer; per type the places the bands count: in service + bought − sold."""
    data, say, layout, solution = review.data, review.say, review.layout, review.solution
    if not (len(solution.purchased) or len(solution.sold)):
        return
    g.header(say("contracts"), total=True)
    signed: dict[str, list[tuple[str, int]]] = {}
    for frame, party, sign, key in (
        (solution.purchased, "provider", "+", "bought"),
        (solution.sold, "buyer", "-", "sold"),
    ):
        terms = {(getattr(c, party), c.type): c for c in (data.purchases if key == "bought" else data.sales)}
        for (who, k), group in frame.groupby([party, "type"], sort=False):
            by_year = group.groupby("year")["places"].sum()
            contract = terms.get((who, k))  # its price and, for a purchase, how long a contract binds
            price = say.number(contract.price_per_place_year / 1e6, 2) if contract else "?"
            years = getattr(contract, "min_contract_years", 1)
            text = say(key, party=who, label=label(data, k), price=price, years=years, count=years)
            row = g.line(text, [int(by_year.get(y, 0)) for y in g.years], COUNT, total=True)
            signed.setdefault(k, []).append((sign, row))
    g.blank()
    g.header(say("counted"), total=False)
    available = solution.available.set_index(["type", "year"])["places"]
    for k in data.place_types:
        cells = []
        for y in g.years:
            c = g.col(y)
            formula = f"={g.a1(layout.in_service[k], c)}" + "".join(f"{s}{g.a1(r, c)}" for s, r in signed.get(k, []))
            cells.append(F(formula, int(available[k, y])))
        layout.counted[k] = g.line(label(data, k), cells, COUNT)
    g.blank()


def _running(row: int, col: int) -> str:
    """The running total of a row from the first year to this column: SUM($B5:F5)."""
    return f"SUM($B{row + 1}:{xl_col_to_name(col)}{row + 1})"


def required_rows(g: Grid, review: Review) -> None:
    """On the plan sheet: the places each band's minimum requires (from the coverage sheet), and the chart."""
    data, say, layout, coverage = review.data, review.say, review.layout, review.grids["sheet_coverage"]
    for band, row in layout.required_rows.items():
        source = layout.min_places[band]
        top = {"valign": "top"} if g.put_label(row, say("required_row", band=review.band_label(band))) else {}
        for y in g.years:
            c = coverage.col(y)
            if (source, c) in coverage.values:
                g.put(
                    row,
                    g.col(y),
                    F(f"={coverage.ref(source, c)}", coverage.value(source, c)),
                    g.styles(num_format="#,##0.0", **top),
                )
    g.row = max(layout.required_rows.values(), default=g.row - 1) + 1
    _capacity_chart(g, data, say, layout)


def _capacity_chart(g: Grid, data: PlanningInput, say: Words, layout: Layout) -> None:
    """Places in service by type, stacked, against the places a band's minimum requires.

    The types of the widest band with a minimum are stacked first, so its line compares with the
    top of their stack; a band whose types do not form the bottom of the stack is not drawn (its
    line would cut across unrelated bars: its own chart is on the coverage sheet).
    """
    book = g.book
    widest = max(
        (b for b in data.bands if b.min_share is not None), key=lambda b: len(data.group_types(b.group)), default=None
    )
    first = data.group_types(widest.group) if widest else []
    order = [*first, *(k for k in data.place_types if k not in first)]
    drawn = [
        b.band
        for b in data.bands
        if b.band in layout.required_rows
        and set(data.group_types(b.group)) == set(order[: len(data.group_types(b.group))])
    ]
    header_row = layout.in_service_header
    columns = book.add_chart({"type": "column", "subtype": "stacked"})
    for k in order:
        color = PALETTE[list(data.place_types).index(k) % len(PALETTE)]
        columns.add_series(series(g, layout.in_service[k], header_row, fill={"color": color}, gap=40))
    if drawn:
        lines = book.add_chart({"type": "line"})
        for i, row in enumerate(layout.required_rows[b] for b in drawn):
            color = "#000000" if i == 0 else PALETTE[(i + 3) % len(PALETTE)]
            line = {"color": color, "width": 2.25, "dash_type": "dash"}
            lines.add_series(series(g, row, header_row, line=line, marker={"type": "none"}))
        columns.combine(lines)
    title = say("chart_capacity")
    others = [label(data, k) for k in order if k not in first]
    if drawn and others:  # the line compares with the lowest types only: say so under the title
        how = say("chart_capacity_how", band=widest.shown, others=say.join(others))
        title = f"{title}\n{how}"
    dress(columns, title, say("axis_places"), "#,##0")
    charts_below(g, [columns])
