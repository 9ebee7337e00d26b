"""Usikkerhet (Uncertainty): a stochastic plan's committed decisions apart from each scenario's continuation.

First what planning over the scenarios is worth: per scenario its weight, its cost under this plan, its own
optimum, the chosen scenario's plan with recourse and the robust plan's cost; the expected figures, EVPI and
VSS are formulas on those rows. Then the places opening per year and type: the committed ones (the same in
every scenario) and each scenario's own, and a chart of the scenarios' costs.
"""

from __future__ import annotations

import pandas as pd

from planner.outputs.people.grid import HEADER_FILL, PALETTE, F, Grid, Review, charts_below, label, year_columns

MONEY = '#,##0.0,,;-#,##0.0,,;"–"'  # NOK shown in millions: the cells hold whole NOK
WORTH_COLUMNS = ("weight", "stochastic_npv", "wait_and_see_npv", "deterministic_first_stage_npv", "robust_npv")
GAP_COLUMNS = ("wait_and_see_gap", "deterministic_first_stage_gap")  # how far those two are from proven


def stochastic_sheet(g: Grid, review: Review) -> None:
    """The title and note, the worth table with its expected figures, the openings by stage, the chart."""
    say, data, record = review.say, review.data, review.record
    info = record.stochastic
    last = data.first_year + data.commit_years - 1
    year_columns(g, label_width=46, width=10)
    years = str(last) if last == data.first_year else f"{data.first_year}–{last}"
    g.title(say("stochastic_title").format(years=years, n=len(info["weights"])))
    g.note(say("stochastic_note"))
    if data.risk_aversion:
        g.note(
            say("stochastic_risk_note").format(
                risk=f"{data.risk_aversion:g}".replace(".", say.decimal),
                alpha=f"{data.cvar_alpha:g}".replace(".", say.decimal),
                tail=1 - data.cvar_alpha,
            )
        )
    g.blank()
    rows = _worth_table(g, review, info["worth"])
    g.blank()
    _figures(g, review, rows)
    g.blank()
    _openings(g, review, info["stages"]["plan"])
    chart = g.book.add_chart({"type": "column"})
    first, end = rows
    for i in range(2, len(WORTH_COLUMNS) + 1):
        chart.add_series(
            {
                "name": [g.name, first - 1, i],
                "categories": [g.name, first, 0, end, 0],
                "values": [g.name, first, i, end, i],
                "fill": {"color": PALETTE[i - 2]},
            }
        )
    chart.set_title({"name": say("chart_scenario_costs"), "name_font": {"size": 12}})
    chart.set_y_axis({"name": say("axis_money"), "num_format": "#,##0,,", "major_gridlines": {"visible": True}})
    charts_below(g, [chart], height_ratio=0.3)


def _worth_table(g: Grid, review: Review, worth: pd.DataFrame) -> tuple[int, int]:
    """A row per scenario; (its first row, its last row)."""
    say = review.say
    head = g.styles(bold=True, bg_color=HEADER_FILL, bottom=1, text_wrap=True, valign="top")
    g.put(g.row, 0, say("stochastic_scenario"), head)
    for c, column in enumerate(WORTH_COLUMNS + GAP_COLUMNS, start=1):
        g.put(g.row, c, say(f"worth_{column}"), head)
    g.ws.set_row(g.row, 80)
    g.row += 1
    first = g.row
    money, share, gap = g.styles(num_format=MONEY), g.styles(num_format="0.0%"), g.styles(num_format="0.00%")
    for r in worth.itertuples(index=False):
        g.put(g.row, 0, r.scenario)
        for c, column in enumerate(WORTH_COLUMNS, start=1):
            value = getattr(r, column)
            g.put(g.row, c, None if pd.isna(value) else float(value), share if column == "weight" else money)
        for c, column in enumerate(GAP_COLUMNS, start=len(WORTH_COLUMNS) + 1):
            value, known = getattr(r, column), getattr(r, column.replace("_gap", "_npv"))
            if not pd.isna(known):  # a figure without its gap: its solve found a plan but no bound
                g.put(g.row, c, say("gap_unknown") if pd.isna(value) else float(value), gap)
        g.row += 1
    return first, g.row - 1


def _figures(g: Grid, review: Review, rows: tuple[int, int]) -> None:
    """Expected cost, EVPI, VSS and the robust plan's expected cost, each a SUMPRODUCT of the rows above."""
    say, figures = review.say, review.record.stochastic
    first, last = rows

    def weighted(col: int) -> str:
        span = f"{g.a1(first, col, True)}:{g.a1(last, col, True)}"
        return f"SUMPRODUCT({g.a1(first, 1, True)}:{g.a1(last, 1, True)},{span})"

    bold_money = g.styles(num_format=MONEY, bold=True)
    expected_row = g.row
    lines = [
        ("expected_npv", F(weighted(2), figures["expected_npv"])),
        ("evpi", F(f"{g.a1(expected_row, 1)}-{weighted(3)}", figures.get("evpi"))),
        ("vss", F(f"{weighted(4)}-{g.a1(expected_row, 1)}", figures.get("vss"))),
        ("robust_expected_npv", F(weighted(5), figures.get("robust_expected_npv"))),
    ]
    for key, value in lines:
        g.put(g.row, 0, say(f"figure_{key}"), g.styles(bold=key == "expected_npv"))
        known = value.value is not None
        g.put(g.row, 1, value if known else say("figure_unknown"), bold_money)
        g.put(g.row, 2, say(f"figure_{key}_means"), g.styles(italic=True, font_color="#595959"))
        g.row += 1


def _openings(g: Grid, review: Review, plan: pd.DataFrame) -> None:
    """Places opening per year and type: the committed rows, then each scenario's own."""
    say = review.say
    money = g.styles(num_format="#,##0;-#,##0;")
    blocks = [(say("committed_openings"), plan[plan["scenario"].isna()])]
    for name in review.record.stochastic["weights"]:
        blocks.append((say("scenario_openings").format(scenario=name), plan[plan["scenario"] == name]))
    for title, rows in blocks:
        g.header(title, total=False)
        types = sorted(set(rows["type"]))
        if not types:
            g.note(say("no_openings"))
        for k in types:
            mine = rows[rows["type"] == k].groupby("year")["places"].sum()
            g.put(g.row, 0, label(review.data, k))
            for year in g.years:
                g.put(g.row, g.col(year), int(mine.get(year, 0)) or None, money)
            g.row += 1
        g.blank()
