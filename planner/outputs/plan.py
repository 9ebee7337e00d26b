"""Solution tables → the plan workbook: sheets for people first, then the machine-readable ones, then the inputs.

Written with XlsxWriter, which stores a formula's cached result (openpyxl cannot), so the
people sheets' formulas show the model's numbers in readers that never recalculate.
openpyxl stays the reader.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import xlsxwriter

from models.inputs import PlanningInput
from models.results import Solution
from models.tables import OUTPUT_TABLES
from planner.files import save_atomically
from planner.outputs.machine import BOOK_OPTIONS, printable, summary_rows, table, write_rows
from planner.outputs.people import write_people_sheets
from planner.outputs.people.grid import Styles
from planner.outputs.record import PlanRecord


def _hide_machine_sheets(book: xlsxwriter.Workbook, people: set[str]) -> None:
    """Every sheet but those for people hidden: what a reviewer prints (the whole workbook, or to PDF) is theirs.

    Hidden sheets stay in the workbook for scripts (openpyxl and pandas read them alike); the notes say how to
    show them. A workbook without sheets for people (no plan) keeps its machine sheets visible.
    """
    if not people:
        return
    for ws in book.worksheets():
        if ws.name not in people:
            ws.hide()


def write_plan(
    path: Path,
    solution: Solution,
    data: PlanningInput,
    record: PlanRecord,
    band_costs: pd.DataFrame | None = None,
    inputs: dict[str, tuple[list, list[tuple]]] | None = None,
    extra: dict[str, pd.DataFrame] | None = None,
    stages: dict[str, pd.DataFrame] | None = None,
) -> None:
    """Write the whole workbook to a temporary file beside ``path``, then rename it into place.

    band_costs: the table of models.band_costs, when it was computed (``--band-costs``).
    inputs: the input sheets as read (``InputWorkbook.tables``), copied so the plan stands on its own.
    extra: more machine-readable sheets, after the contract's (``changes`` from ``planner reoptimise``).
    stages: a stochastic plan's plan, conversions and capacity, with their scenario column, written instead.
    """

    def write(target: str) -> None:
        book = xlsxwriter.Workbook(target, BOOK_OPTIONS)
        book.set_properties({"title": f"Plan {data.first_year}-{data.last_year}", "comments": record.input_sha256})
        write_people_sheets(book, solution, data, record, band_costs)
        people = {ws.name for ws in book.worksheets()}
        styles = Styles(book)
        summary = pd.DataFrame(summary_rows(solution, data, record), columns=OUTPUT_TABLES["summary"].names)
        table(book, styles, "summary", summary)
        for name in ("plan", "conversions", "capacity", "coverage", "costs"):
            table(book, styles, name, (stages or {}).get(name, getattr(solution, name)))
        streams = any(pt.has_replacement_grant for pt in data.place_types.values())
        for name, has in (
            ("site_decisions", data.sites),
            ("grant_streams", streams),
            ("purchased", data.purchases),
            ("sold", data.sales),
        ):
            if has:
                table(book, styles, name, getattr(solution, name))
        if data.labour or len(solution.staff):
            table(book, styles, "staff", solution.staff)
        if data.flows:
            table(book, styles, "flows", solution.flows)
        if band_costs is not None:
            table(book, styles, "band_costs", band_costs)
        else:
            ws = book.add_worksheet("band_costs")
            ws.write_string(0, 0, "Band costs were not computed: they take two or three more solves per band.")
            how = (
                "They are not computed for a plan over the scenarios (--stochastic); make them for one scenario."
                if stages
                else "Run planner solve with --band-costs (or the setting band_costs = yes) to add them."
            )
            ws.write_string(1, 0, how)
            ws.set_column(0, 0, 90)
            printable(ws)
        for name, frame in (extra or {}).items():
            table(book, styles, name, frame)
        for name, (header, rows) in (inputs or {}).items():
            write_rows(book, styles, f"input_{name}", header, rows)
        _hide_machine_sheets(book, people)
        book.close()

    save_atomically(Path(path), write)


def write_table_book(path: Path, tables: dict[str, pd.DataFrame]) -> None:
    """A workbook of machine-readable sheets only (``planner diff -o``), written whole or not at all."""

    def write(target: str) -> None:
        book = xlsxwriter.Workbook(target, BOOK_OPTIONS)
        styles = Styles(book)
        for name, frame in tables.items():
            table(book, styles, name, frame)
        book.close()

    save_atomically(Path(path), write)
