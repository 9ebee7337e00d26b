"""Budsjett (Budget): the investment ceiling, the net investment the plan pays, the headroom; two charts."""

from __future__ import annotations

from models.accounts import signed_sum
from planner.outputs.people.costs import shown_budget_components
from planner.outputs.people.grid import (
    MILLIONS,
    PALETTE,
    SHORT_FILL,
    F,
    Grid,
    Review,
    charts_below,
    dress,
    series,
    year_columns,
)


def budget(g: Grid, review: Review) -> None:
    """Per year the ceiling, the net investment the plan pays (from the costs sheet) and the headroom; charts."""
    data, say, layout = review.data, review.say, review.layout
    costs = review.grids["sheet_costs"]
    year_columns(g)
    g.title(say("budget_title"))
    components = shown_budget_components(data)
    formula = signed_sum(components, lambda component: say(f"term_{component}"))
    g.note(f"{say('money_unit')}. {say('budget_note', formula=formula)}")
    if not data.budget:
        g.note(say("no_ceiling"))
    g.blank()
    header = g.header(say("year"))
    rows = layout.cost_rows
    ceiling = g.line(say("ceiling"), [data.budget.get(y) for y in g.years], MILLIONS, total=True)
    paid = []
    for y in g.years:
        c = costs.col(y)
        parts = [rows[k] for k in components]
        paid.append(F("=" + "+".join(costs.ref(r, c) for r in parts), sum(costs.value(r, c) for r in parts)))
    net_investment = g.line(say("net_investment"), paid, MILLIONS, total=True, bold=True)
    headroom = []
    for y in g.years:
        c = g.col(y)
        if y in data.budget:
            headroom.append(
                F(f"={g.a1(ceiling, c)}-{g.a1(net_investment, c)}", g.value(ceiling, c) - g.value(net_investment, c))
            )
        else:
            headroom.append(None)
    headroom_row = g.line(say("headroom"), headroom, MILLIONS)
    g.ws.conditional_format(
        f"{g.a1(headroom_row, 1)}:{g.a1(headroom_row, len(g.years))}",
        {"type": "cell", "criteria": "<", "value": -0.5, "format": g.styles(bg_color=SHORT_FILL, font_color="#9C0006")},
    )
    net = g.line(
        say("net_cost"),
        [
            F(f"={costs.ref(rows['net_cost'], costs.col(y))}", costs.value(rows["net_cost"], costs.col(y)))
            for y in g.years
        ],
        MILLIONS,
        total=True,
    )
    g.blank()

    chart = g.book.add_chart({"type": "column"})
    chart.add_series(series(g, net_investment, header, fill={"color": PALETTE[0]}, gap=60))
    if data.budget:
        ceiling_line = g.book.add_chart({"type": "line"})
        red = {"color": "#C00000"}
        line = {**red, "width": 2.25, "dash_type": "dash"}
        ceiling_line.add_series(
            series(g, ceiling, header, line=line, marker={"type": "square", "size": 5, "fill": red, "border": red})
        )
        chart.combine(ceiling_line)
    dress(chart, say("chart_budget"), say("axis_money"), "#,##0,,")
    # net cost is mostly running cost, ten times the investment: its own chart, on its own scale
    # (a secondary axis would do, but openpyxl cannot read such a chart back)
    running = g.book.add_chart({"type": "column"})
    running.add_series(series(g, net, header, fill={"color": PALETTE[1]}, gap=60))
    dress(running, say("chart_net_cost"), say("axis_money"), "#,##0,,")
    charts_below(g, [chart, running], height_ratio=0.22)  # both on the table's page
