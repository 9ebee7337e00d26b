"""Behov og bemanning (Need and staff): need bases, each short-term flow's load and service, work-years."""

from __future__ import annotations

import pandas as pd

from models.inputs import PLACE_TOLERANCE, Flow, PlanningInput
from planner.outputs.people.grid import COUNT, SHARE, SHORT_FILL, F, Grid, Layout, Review, label, year_columns
from planner.outputs.words import Words

DECIMAL = '#,##0.0;-#,##0.0;"–"'
PROBABILITY = "0.00%"


def need_and_staff(g: Grid, review: Review) -> None:
    """Derived need bases, each short-term flow's load and service, and work-years against the ceiling."""
    solution, data, say, layout = review.solution, review.data, review.say, review.layout
    plan = review.grids["sheet_plan"]
    year_columns(g, label_width=54)
    g.title(say("need_staff_title"))
    g.note(say("need_staff_note"))
    g.blank()
    for base, terms in data.need.items():
        g.header(say("need_header", base=base))
        rows = [
            g.line(
                say("need_term", weight=f"{weight:g}", column=column),
                [weight * data.population[column][y] for y in g.years],
                DECIMAL,
            )
            for column, weight in terms.items()
        ]
        g.sum_line(say("need_total", base=base), rows, DECIMAL)
        g.blank()
    for f in data.flows:
        _flow_block(g, f, solution.flows, data, say, plan, layout)
    staffed = [k for k, pt in data.place_types.items() if pt.work_years_per_place]
    fixed = [p for p in data.projects if p.fixed_work_years]
    if not (data.labour or staffed or fixed):
        return
    g.header(say("staff_header"))
    rows = []
    for k in staffed:
        rate = data.place_types[k].work_years_per_place
        cells = []
        for y in g.years:
            source = layout.in_service[k]
            cells.append(F(f"={plan.ref(source, plan.col(y))}*{rate!r}", plan.value(source, plan.col(y)) * rate))
        rows.append(g.line(say("staff_type", label=label(data, k), rate=f"{rate:g}"), cells, DECIMAL))
    staff = solution.staff
    for p in fixed:
        opened = staff[staff["source"] == p.project].set_index("year")["work_years"]
        rows.append(
            g.line(
                say("staff_project", project=p.project),
                [float(opened.get(y, 0.0)) for y in g.years],
                DECIMAL,
            )
        )
    total = g.sum_line(say("staff_total"), rows, DECIMAL)
    if data.labour:
        ceiling = g.line(say("labour_ceiling"), [data.labour.get(y) for y in g.years], DECIMAL)
        room = g.line(
            say("labour_room"),
            [
                F(f"={g.a1(ceiling, g.col(y))}-{g.a1(total, g.col(y))}", data.labour[y] - g.value(total, g.col(y)))
                if y in data.labour
                else None
                for y in g.years
            ],
            DECIMAL,
        )
        g.ws.conditional_format(
            f"{g.a1(room, 1)}:{g.a1(room, len(g.years))}",
            {
                "type": "cell",
                "criteria": "<",
                "value": -PLACE_TOLERANCE,
                "format": g.styles(bg_color=SHORT_FILL, bold=True),
            },
        )


def _flow_block(
    g: Grid, f: Flow, flows: pd.DataFrame, data: PlanningInput, say: Words, plan: Grid, layout: Layout
) -> None:
    """One flow row's years: admissions, stay, load (a formula), places required and the plan's service."""
    rows = flows[flows["band"] == f.band].set_index("year")
    inside = [y in rows.index for y in g.years]

    def per_year(label: str, make, fmt: str, bold: bool = False) -> int:
        cells = [make(g.col(y), y) if i else None for y, i in zip(g.years, inside, strict=True)]
        return g.line(label, cells, fmt, bold=bold)

    g.header(say("flow_header", band=f.label or f.band, group=f.group, kind=say("hard" if f.hard else "soft")))
    admissions = per_year(say("admissions"), lambda c, y: float(rows["admissions"][y]), DECIMAL)
    stay = per_year(say("mean_stay"), lambda c, y: f.mean_stay_days, DECIMAL)
    per_year(
        say("offered_load"),
        lambda c, y: F(f"={g.a1(admissions, c)}*{g.a1(stay, c)}/365", float(rows["offered_load"][y])),
        DECIMAL,
    )
    required = per_year(say("places_required"), lambda c, y: int(rows["places_required"][y]), COUNT, bold=True)
    types = data.group_types(f.group)
    places = per_year(
        say("flow_places", group=f.group),
        lambda c, y: F(
            "=" + ("+".join(plan.ref(layout.counted[k], plan.col(y)) for k in types) or "0"),
            int(rows["places"][y]),
        ),
        COUNT,
    )
    short = per_year(
        say("flow_short"),
        lambda c, y: F(
            f"=MAX(0,{g.a1(required, c)}-{g.a1(places, c)})", max(0.0, g.value(required, c) - g.value(places, c))
        ),
        COUNT,
    )
    g.ws.conditional_format(
        f"{g.a1(short, 1)}:{g.a1(short, len(g.years))}",
        {"type": "cell", "criteria": ">", "value": 0.5, "format": g.styles(bg_color=SHORT_FILL, bold=True)},
    )
    per_year(say("occupancy"), lambda c, y: float(rows["occupancy"][y]), SHARE)
    per_year(say("refusal"), lambda c, y: float(rows["refusal_probability"][y]), PROBABILITY)
    if f.max_occupancy is not None:
        per_year(say("max_occupancy"), lambda c, y: f.max_occupancy, SHARE)
    if f.max_refusal_probability is not None:
        per_year(say("max_refusal"), lambda c, y: f.max_refusal_probability, PROBABILITY)
    g.blank()
