"""Solution tables → the plan workbook: sheets for people first, then the machine-readable ones.

Written with XlsxWriter, which stores a formula's cached result (openpyxl cannot), so the
people sheets' formulas show the model's numbers in readers that never recalculate.
openpyxl stays the reader.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import xlsxwriter

from models.band_costs import BAND_COST_MONEY
from models.capacity import COST_COMPONENTS
from models.inputs import PlanningInput
from models.results import Solution
from models.tables import OUTPUT_TABLES
from planner.files import save_atomically
from planner.review import Styles, write_people_sheets

MONEY = "#,##0"
SHARE = "0.0%"

# Column formats of the machine-readable sheets (plain values; formats only help reading).
_FORMATS = {
    "share": SHARE,
    "min_share": SHARE,
    "max_share": SHARE,
    "discount_factor": "0.0000",
    "population": "#,##0",
}
_MONEY_COLUMNS = {*COST_COMPONENTS, "net_cost", "discounted_net_cost", *BAND_COST_MONEY}
_SUMMARY_MONEY = {
    "objective_npv",
    "residual_value_discounted",
    "penalties_discounted",
    "ratio_npv",
    "saving_vs_ratio",
}
# Text stays text: never turned into a formula, a number or a link, whatever it starts with.
_BOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}


def summary_rows(solution: Solution, data: PlanningInput, meta: dict) -> list[tuple[str, object]]:
    """The summary sheet's key/value rows, in the spec's order, then planner extras."""
    run = solution.run
    rows = [
        ("status", solution.status),
        ("objective_npv", solution.objective_npv),
        ("mip_gap", run.mip_gap if run else None),
        ("solver", run.solver if run else meta.get("solver")),
        ("solve_seconds", round(run.seconds, 3) if run else None),
        ("input_file", meta["input_file"]),
        ("input_sha256", meta["input_sha256"]),
        ("planner_version", meta["planner_version"]),
        ("created_utc", meta["created_utc"]),
        ("first_year", data.first_year),
        ("last_year", data.last_year),
        ("discount_rate", data.discount_rate),
        ("scenario", data.scenario),
        ("residual_value_discounted", solution.residual_value_discounted),
        ("penalties_discounted", solution.penalties_discounted),
        ("investment_timing", data.investment_timing),
        ("residual_value", "yes" if data.residual_value else "no"),
        ("time_limit_s", meta.get("time_limit_s")),
        ("gap_requested", meta.get("gap")),
        ("optimality_check", run.optimality_check if run else ""),
        ("method", meta.get("method", "optimise")),
        ("language", meta.get("lang", "nb")),
    ]
    extras = ("ratio_npv", "saving_vs_ratio", "saving_vs_ratio_percent", "ratio_hard_band_miss_places")
    extras += ("baseline_file", "baseline_input_sha256", "freeze_until", "change_penalty_per_place")
    extras += ("robust_scenarios",)
    if solution.change_penalty is not None:
        rows.append(("change_penalty", round(solution.change_penalty, 2)))  # not in objective_npv
    for key in extras:
        if key in meta:
            rows.append((key, meta[key]))
    if solution.hard_violation_places is not None:
        rows.append(("hard_band_miss_places", round(solution.hard_violation_places, 6)))
    if solution.labour_excess:
        rows.append(("labour_excess_work_years", round(sum(solution.labour_excess.values()), 6)))
    return rows


def write_plan(
    path: Path,
    solution: Solution,
    data: PlanningInput,
    meta: dict,
    band_costs: pd.DataFrame | None = None,
    inputs: dict[str, tuple[list, list[tuple]]] | None = None,
    lang: str = "nb",
    extra: dict[str, pd.DataFrame] | None = None,
) -> None:
    """Write the whole workbook to a temporary file beside ``path``, then rename it into place.

    band_costs: the table of models.band_costs, when it was computed (``--band-costs``).
    inputs: the input sheets as read (``InputWorkbook.tables``), copied so the plan stands on its own.
    lang: the people sheets' language, nb (bokmål) or en.
    extra: more machine-readable sheets, after the contract's (``changes`` from ``planner reoptimise``).
    """
    meta = {**meta, "lang": lang}

    def write(target: str) -> None:
        book = xlsxwriter.Workbook(target, _BOOK_OPTIONS)
        book.set_properties({"title": f"Plan {data.first_year}-{data.last_year}", "comments": meta["input_sha256"]})
        write_people_sheets(book, solution, data, meta, band_costs, lang)
        styles = Styles(book)
        _table(
            book,
            styles,
            "summary",
            pd.DataFrame(summary_rows(solution, data, meta), columns=OUTPUT_TABLES["summary"].names),
        )
        _table(book, styles, "plan", solution.plan)
        _table(book, styles, "conversions", solution.conversions)
        _table(book, styles, "capacity", solution.capacity)
        _table(book, styles, "coverage", solution.coverage)
        _table(book, styles, "costs", solution.costs)
        if data.labour or len(solution.staff):
            _table(book, styles, "staff", solution.staff)
        if data.flows:
            _table(book, styles, "flows", solution.flows)
        if band_costs is not None:
            _table(book, styles, "band_costs", band_costs)
        else:
            ws = book.add_worksheet("band_costs")
            ws.write_string(0, 0, "Band costs were not computed: they take two or three more solves per band.")
            ws.write_string(1, 0, "Run planner solve with --band-costs (or the setting band_costs = yes) to add them.")
            ws.set_column(0, 0, 90)
            _printable(ws)
        for name, table in (extra or {}).items():
            _table(book, styles, name, table)
        for name, (header, rows) in (inputs or {}).items():
            _rows(book, styles, f"input_{name}", header, rows)
        book.close()

    save_atomically(Path(path), write)


def _table(book: xlsxwriter.Workbook, styles: Styles, name: str, frame: pd.DataFrame) -> None:
    """A machine-readable sheet: one header row, plain values (never formulas)."""
    formats = [MONEY if c in _MONEY_COLUMNS else _FORMATS.get(c) for c in frame.columns]
    rows = [[_plain(v) for v in row] for row in frame.itertuples(index=False)]
    _rows(book, styles, name, list(frame.columns), rows, formats)
    if name == "summary":
        ws = book.get_worksheet_by_name(name)
        ws.set_column(0, 0, 28)
        ws.set_column(1, 1, 44)
        money = styles(num_format="#,##0.00")
        for r, (key, value) in enumerate(rows, start=1):
            if key in _SUMMARY_MONEY and isinstance(value, int | float):
                ws.write_number(r, 1, value, money)  # the same plain value, shown with thousands separators


def _rows(book, styles: Styles, name: str, header: list, rows: list, formats: list | None = None) -> None:
    """Header and rows as plain values; text as text; widths that show names and whole NOK amounts."""
    ws = book.add_worksheet(name)
    bold = styles(bold=True)
    formats = formats or [None] * len(header)
    for c, title in enumerate(header):
        _cell(ws, 0, c, title, bold)
    cell_formats = [styles(num_format=f) if f else None for f in formats]
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            _cell(ws, r, c, _plain(value), cell_formats[c] if c < len(cell_formats) else None)
    for c, title in enumerate(header):
        fmt = formats[c] if c < len(formats) else None
        shown = [
            v if isinstance(v, str) else f"{v:,.0f}"
            for v in (row[c] for row in rows if c < len(row))
            if isinstance(v, str) or (fmt == MONEY and isinstance(v, int | float) and v == v)
        ]
        longest = max(map(len, shown), default=0)
        ws.set_column(c, c, min(40, max(12, len(str(title or "")) + 2, longest + 2)))
    ws.freeze_panes(1, 0)
    _printable(ws)


def _cell(ws, row: int, col: int, value, fmt=None) -> None:
    if value is None:
        return
    if isinstance(value, bool):
        ws.write_boolean(row, col, value, fmt)
    elif isinstance(value, int | float):
        ws.write_number(row, col, value, fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


def _printable(ws) -> None:
    """Printed or exported to PDF: landscape A4, one page wide, the header row repeated."""
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)


def _plain(value):
    """Plain cell values: numpy scalars become Python numbers, NaN and infinities an empty cell."""
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return None
    return value


def write_table_book(path: Path, tables: dict[str, pd.DataFrame]) -> None:
    """A workbook of machine-readable sheets only (``planner diff -o``), written whole or not at all."""

    def write(target: str) -> None:
        book = xlsxwriter.Workbook(target, _BOOK_OPTIONS)
        styles = Styles(book)
        for name, table in tables.items():
            _table(book, styles, name, table)
        book.close()

    save_atomically(Path(path), write)
