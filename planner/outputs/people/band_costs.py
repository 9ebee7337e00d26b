"""Båndkostnader (Band costs): what each band costs, by re-solving without it and 0.1 pp tighter."""

from __future__ import annotations

import math

from planner.outputs.people.grid import HEADER_FILL, MILLIONS, SHARE, F, Grid, Review, nok
from planner.outputs.words import resolve_words

BAND_COST_FIGURES = [  # (column of models.band_costs, label key, formula from other columns or None)
    ("npv_plan", "npv_plan", None),
    ("npv_without_band", "npv_without", None),
    ("cost_of_band", "cost_of_band", ("npv_plan", "npv_without_band")),
    ("npv_min_raised", "npv_min_raised", None),
    ("marginal_cost_min", "marginal_min", ("npv_min_raised", "npv_plan")),
    ("npv_max_lowered", "npv_max_lowered", None),
    ("marginal_cost_max", "marginal_max", ("npv_max_lowered", "npv_plan")),
]


def band_costs(g: Grid, review: Review) -> None:
    """A row per band: the NPV without it, its cost, and the cost of 0.1 pp more (or how to get them)."""
    table, say, layout = review.band_costs, review.say, review.layout
    g.title(say("band_costs_title"))
    if table is None:
        g.note(say("band_costs_absent"))
        # a stochastic plan has none: telling its reader to ask for them would be refused (exit 2)
        g.note(say("band_costs_stochastic" if review.record.stochastic is not None else "band_costs_how"))
        g.ws.set_column(0, 0, 100)
        return
    g.note(f"{say('money_unit')}. {say('band_costs_note')}")
    g.blank()
    heads = [
        say("band"),
        say("kind"),
        say("minimum"),
        say("maximum"),
        *(say(label) for _, label, _ in BAND_COST_FIGURES),
        say("band_status"),
    ]
    head_fmt = g.styles(bold=True, bg_color=HEADER_FILL, bottom=1, text_wrap=True, valign="top")
    for c, text in enumerate(heads):
        g.put(g.row, c, text, head_fmt)
    g.ws.set_row(g.row, 45)
    g.row += 1
    column_of = {name: 4 + i for i, (name, _, _) in enumerate(BAND_COST_FIGURES)}
    layout.band_cost_columns = column_of
    for record in table.to_dict("records"):
        r = g.row
        layout.band_cost_rows[str(record["band"])] = r
        g.put(r, 0, review.band_label(str(record["band"])))
        g.put(r, 1, say("hard") if record["hard"] in (True, "yes") else say("soft"))
        g.put(r, 2, record["min_share"], g.styles(num_format=SHARE))
        g.put(r, 3, record["max_share"], g.styles(num_format=SHARE))
        for name, _, parts in BAND_COST_FIGURES:
            value = record.get(name)
            present = value is not None and not (isinstance(value, float) and value != value)
            if parts and present:
                a, b = (g.a1(r, column_of[p]) for p in parts)
                # what the spreadsheet computes from the two NPVs beside it (equal to the table's, to float noise)
                value = F(f"={a}-{b}", g.value(r, column_of[parts[0]]) - g.value(r, column_of[parts[1]]))
            if present and not isinstance(value, F):
                value = nok(value)
            g.put(r, column_of[name], value if present else None, g.styles(num_format=MILLIONS, bold=parts is not None))
        note = resolve_words(say, str(record.get("status") or ""))
        g.put(r, 4 + len(BAND_COST_FIGURES), note)
        g.ws.set_row(r, 15 * max(1, math.ceil(len(note) / 40)))
        g.row += 1
    g.ws.set_column(0, 0, 18)
    g.ws.set_column(1, 3, 10)
    g.ws.set_column(4, 3 + len(BAND_COST_FIGURES), 15)
    g.ws.set_column(4 + len(BAND_COST_FIGURES), 4 + len(BAND_COST_FIGURES), 44, g.styles(text_wrap=True))
