"""Notater (Notes): every sheet and figure explained, the model's assumptions, where the plan comes from."""

from __future__ import annotations

import math

from models.accounts import signed_sum
from planner.outputs.people.costs import shown_components
from planner.outputs.people.grid import HEADER_FILL, Grid, Review
from planner.outputs.words import check_words, solver_words

NOTES_PAGE_POINTS = 470  # row heights (pt) a printed notes page holds below its repeated title
# The notes, in order, by their words' keys; a key starting with a heading's mark is a heading.
EXPLAINED = (
    "notes_people",
    "notes_overview",
    "notes_plan",
    "notes_sites",
    "notes_coverage",
    "notes_need_staff",
    "notes_key_figures",
    "notes_costs",
    "notes_budget",
    "notes_band_costs",
    "notes_stochastic",
    "notes_formulas",
    "notes_machine",
    "notes_machine_sheets",
    "notes_identities",
    "notes_assumptions",
    "notes_prices",
    "notes_new_place",
    "notes_bands",
    "notes_need",
    "notes_sites_contracts",
    "notes_provenance",
)


def notes(g: Grid, review: Review) -> None:
    """The notes, a paragraph a row; a heading starts a new printed page when its first paragraph would not fit."""
    g.ws.set_column(0, 0, 100)  # narrower than a landscape page, in any program's default font: full size
    lines = notes_lines(review)
    g.title(lines[0])
    wrap = g.styles(text_wrap=True, valign="top")
    heights = [15 if t.startswith("## ") else 15 * max(1, math.ceil(len(t) / 90)) for t in lines[1:]]
    used = 0.0
    for i, text in enumerate(lines[1:]):
        if text.startswith("## "):
            following = heights[i + 1] if i + 1 < len(heights) else 0
            if used + heights[i] + following > NOTES_PAGE_POINTS:  # a heading goes with its first paragraph
                g.ws.set_h_pagebreaks([*g.ws.hbreaks, g.row])
                used = 0.0
            g.put(g.row, 0, text[3:], g.styles(bold=True, bg_color=HEADER_FILL))
        else:
            g.put(g.row, 0, text, wrap)
            # spreadsheet programs do not grow a row for wrapped text they did not type themselves
            g.ws.set_row(g.row, heights[i])
        used += heights[i]
        if used > NOTES_PAGE_POINTS:
            used = heights[i]
        g.row += 1


def notes_lines(review: Review) -> list[str]:
    """The notes sheet's lines: the title, what this plan's status means, every sheet explained, provenance.

    Lines starting with '## ' are headings.
    """
    say, record, run = review.say, review.record, review.solution.run
    data = review.data
    has_sites_or_contracts = bool(data.sites or data.purchases or data.sales)
    explained = [
        say(key, net_cost=signed_sum(shown_components(data))) if key == "notes_identities" else say(key)
        for key in EXPLAINED
        if key != "notes_sites_contracts" or has_sites_or_contracts
    ]
    lines = [say("notes_title"), *status_notes(review), *explained]
    solver = solver_words(say, run.solver if run else record.solver)
    lines += [
        f"{say('notes_input_file')}: {record.input_file}",
        f"SHA-256: {record.input_sha256}",
        f"planner {record.planner_version}; {say('notes_solver')}: {solver}",
        f"{say('notes_created')}: {record.created_utc} (UTC)",
    ]
    if check := check_words(say, run):
        lines.append(f"{say('notes_check')}: {check}.")
    return lines


def status_notes(review: Review) -> list[str]:
    """What the status, the method and the solver mean for this plan."""
    say, record, solution = review.say, review.record, review.solution
    run = solution.run
    lines = []
    if solution.status == "infeasible":
        lines.append(say("note_diagnosis"))
    if record.method == "reoptimise":
        lines.append(say("note_replanned", file=record.baseline.file if record.baseline else None))
    if record.method == "ratio":
        lines.append(say("note_ratio"))
    elif solution.status == "feasible" and not (run and run.check == "refuted"):
        lines.append(say("note_stopped"))
    if run is not None and record.method != "ratio" and run.solver.startswith("cbc"):
        checked = run.check in ("verified", "refuted")
        lines.append(say("note_cbc") + ("" if checked else say("note_cbc_verify")))
    return lines
