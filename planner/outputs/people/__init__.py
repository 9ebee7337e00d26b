"""Sheets for people: the plan as finance reviews it, on screen and printed, one module per sheet.

Oversikt, Plan etter år, Dekningsgrad, Behov og bemanning, Kostnader per år, Budsjett,
Båndkostnader and Notater (in English with lang = en), written on the shared grid of
``planner.outputs.people.grid``.
"""

from __future__ import annotations

import math

import pandas as pd
import xlsxwriter

from models.inputs import PlanningInput
from models.results import Solution
from planner.outputs.people.band_costs import band_costs as band_costs_sheet
from planner.outputs.people.budget import budget
from planner.outputs.people.costs import costs_by_year
from planner.outputs.people.coverage import coverage
from planner.outputs.people.grid import YEARS_PER_PAGE, Grid, Review, Styles, footer
from planner.outputs.people.key_figures import has_key_figures, key_figures
from planner.outputs.people.need_and_staff import need_and_staff
from planner.outputs.people.notes import notes
from planner.outputs.people.overview import overview
from planner.outputs.people.plan_by_year import plan_by_year, required_rows
from planner.outputs.people.sites import sites_sheet
from planner.outputs.people.stochastic import stochastic_sheet
from planner.outputs.record import PlanRecord
from planner.outputs.words import Words

# Sheets a year wide across: printed as many page widths as the horizon needs, labels repeated.
WIDE = ("sheet_plan", "sheet_coverage", "sheet_need_staff", "sheet_key_figures", "sheet_costs", "sheet_budget")


def write_people_sheets(
    book: xlsxwriter.Workbook,
    solution: Solution,
    data: PlanningInput,
    record: PlanRecord,
    band_costs: pd.DataFrame | None,
) -> None:
    """Add the sheets for people, first in the workbook (so it opens on the overview)."""
    say = Words(record.lang)
    styles = Styles(book)
    years = list(data.years)
    review = Review(solution, data, record, band_costs, say)
    has_tables = solution.status != "no_solution" and len(solution.capacity) > 0  # a plan or a diagnosis
    names = ["sheet_overview", "sheet_plan", "sheet_coverage", "sheet_costs", "sheet_budget", "sheet_band_costs"]
    if data.need or data.flows or data.labour or len(solution.staff):
        names.insert(3, "sheet_need_staff")
    if data.sites:
        names.insert(names.index("sheet_coverage"), "sheet_sites")
    if record.stochastic is not None:
        names.insert(1, "sheet_stochastic")
    if has_key_figures(data):
        names.insert(names.index("sheet_costs"), "sheet_key_figures")
    grids = review.grids
    if has_tables:
        for key in names:
            total = key in ("sheet_plan", "sheet_costs", "sheet_budget")
            grid = Grid(book, book.add_worksheet(say(key)), say(key), years, styles, total=total)
            grid.say_total = say("total")
            grids[key] = grid
    notes_grid = Grid(book, book.add_worksheet(say("sheet_notes")), say("sheet_notes"), years, styles)
    page_footer = footer(say, record, solution.status)
    if has_tables:
        _write_sheets(review)
        pages_wide = max(1, math.ceil(len(years) / YEARS_PER_PAGE))
        for key, grid in grids.items():
            wide = key in WIDE
            grid.printable(page_footer, pages_wide if wide else 1, title_column=wide)
        grids["sheet_overview"].ws.activate()
    notes(notes_grid, review)
    notes_grid.printable(page_footer, title_rows=1, title_column=False)


def _write_sheets(review: Review) -> None:
    """The sheets in the order their figures are needed: later sheets refer to rows of earlier ones."""
    grids = review.grids
    plan_by_year(grids["sheet_plan"], review)
    coverage(grids["sheet_coverage"], review)
    required_rows(grids["sheet_plan"], review)  # the places each band requires, from the coverage sheet
    if "sheet_need_staff" in grids:
        need_and_staff(grids["sheet_need_staff"], review)
    if "sheet_sites" in grids:
        sites_sheet(grids["sheet_sites"], review)
    if "sheet_key_figures" in grids:
        key_figures(grids["sheet_key_figures"], review)
    if "sheet_stochastic" in grids:
        stochastic_sheet(grids["sheet_stochastic"], review)
    costs_by_year(grids["sheet_costs"], review)
    budget(grids["sheet_budget"], review)
    band_costs_sheet(grids["sheet_band_costs"], review)
    overview(grids["sheet_overview"], review)
