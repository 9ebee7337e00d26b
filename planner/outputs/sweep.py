"""A sweep's comparison workbook: ``cases`` (a row per case, plain values), ``charts`` and ``summary``."""

from __future__ import annotations

from pathlib import Path

import xlsxwriter

from models.tables import OTHER_TABLES
from planner import __version__
from planner.files import save_atomically
from planner.outputs.machine import BOOK_OPTIONS, printable

# The cases sheet's columns, from models.tables; two of them stand for one column per change or type.
CASES_TABLE = OTHER_TABLES["sweep.cases"]
CHANGE_PATTERN = "<change>"
NEW_PLACES_PATTERN = "<type>.new_places"


def write_sweep(path: Path, rows: list[dict], meta: dict) -> None:
    """The comparison workbook: ``cases`` (a row per case, plain values), ``charts`` and ``summary``."""
    header, body, types = _cases_table(rows)

    def write(target: str) -> None:
        book = xlsxwriter.Workbook(target, BOOK_OPTIONS)
        bold = book.add_format({"bold": True})
        npv_col = _cases_sheet(book, header, body, bold)
        _charts_sheet(book, header, types, len(body), npv_col)
        _summary_sheet(book, rows, meta, bold)
        book.close()

    save_atomically(Path(path), write)


def _cases_table(rows: list[dict]) -> tuple[list[str], list[list], list[str]]:
    """The header as models.tables states it, each pattern column spelled out per change and per type; the rows."""
    value_columns = list(dict.fromkeys(k for r in rows for k in r["values"]))
    types = list(dict.fromkeys(t for r in rows for t in r["new_places"]))
    spelled = {CHANGE_PATTERN: value_columns, NEW_PLACES_PATTERN: [f"{t}.new_places" for t in types]}
    header = [name for column in CASES_TABLE.names for name in spelled.get(column, [column])]
    body = []
    for r in rows:
        places = [r["new_places"].get(t) for t in types]
        total = sum(places) if r["new_places"] else None
        # Each row in the header's order: the pattern columns spelled out as the header spells them.
        cells = {
            CHANGE_PATTERN: [r["values"].get(c) for c in value_columns],
            NEW_PLACES_PATTERN: places,
            "total_new_places": [total],
        }
        body.append([v for column in CASES_TABLE.names for v in (cells[column] if column in cells else [r[column]])])
    return header, body, types


def _cases_sheet(book: xlsxwriter.Workbook, header: list[str], body: list[list], bold) -> int:
    """A row per case, plain values, filterable; the objective's column."""
    money = book.add_format({"num_format": "#,##0"})
    ws = book.add_worksheet("cases")
    ws.write_row(0, 0, header, bold)
    ws.freeze_panes(1, 1)
    npv_col = header.index("objective_npv")
    for i, values in enumerate(body, start=1):
        for j, value in enumerate(values):
            if value is None or value == "":
                continue
            if isinstance(value, str):
                ws.write_string(i, j, value)
            elif isinstance(value, bool):
                ws.write_boolean(i, j, value)
            elif isinstance(value, int | float):
                ws.write_number(i, j, value, money if j == npv_col else None)
            else:
                ws.write_string(i, j, str(value))
    for j, title in enumerate(header):  # wide enough for each header and its values
        shown = (len(f"{v:,.0f}" if isinstance(v, float) else str(v)) for v in (b[j] for b in body) if v is not None)
        ws.set_column(j, j, min(40, max(10, max([len(str(title)), *shown]) + 2)))
    ws.set_column(npv_col, npv_col, 16)
    ws.autofilter(0, 0, len(body), len(header) - 1)
    printable(ws)
    return npv_col


def _charts_sheet(book: xlsxwriter.Workbook, header: list[str], types: list[str], n: int, npv_col: int) -> None:
    """The cases' net present cost, and their new places by type, each chart on a page of its own."""
    charts = book.add_worksheet("charts")
    npv = book.add_chart({"type": "bar"})
    npv.add_series(
        {
            "name": "Net present cost (NOK)",
            "categories": ["cases", 1, 0, n, 0],
            "values": ["cases", 1, npv_col, n, npv_col],
        }
    )
    npv.set_title({"name": "Net present cost per case"})
    npv.set_x_axis({"num_format": "#,##0", "name": "NOK"})
    npv.set_y_axis({"reverse": True})  # the first case on top, as in the cases sheet
    npv.set_legend({"none": True})
    npv.set_size({"width": 900, "height": max(300, 28 * n + 120)})
    charts.insert_chart(1, 0, npv)
    below = 1 + (max(300, 28 * n + 120) + 40) // 20  # rows of 20 px: the second chart starts under the first
    if types:
        places = book.add_chart({"type": "column", "subtype": "stacked"})
        first = header.index(f"{types[0]}.new_places")
        for j, t in enumerate(types):
            places.add_series(
                {"name": t, "categories": ["cases", 1, 0, n, 0], "values": ["cases", 1, first + j, n, first + j]}
            )
        places.set_title({"name": "New places over the horizon per case, by type"})
        places.set_size({"width": 900, "height": 400})
        charts.set_h_pagebreaks([below])  # each chart on a page of its own, whole
        charts.insert_chart(below + 1, 0, places)
    printable(charts, repeat_header=False)


def _summary_sheet(book: xlsxwriter.Workbook, rows: list[dict], meta: dict, bold) -> None:
    """The run's record, the planner's version, and how many cases ended how."""
    summary = book.add_worksheet("summary")
    summary.write_row(0, 0, OTHER_TABLES["sweep.summary"].names, bold)
    counts = {s: sum(r["status"] == s for r in rows) for s in dict.fromkeys(r["status"] for r in rows)}
    items = [*meta.items(), ("planner_version", __version__), ("cases", len(rows))]
    items += [(f"cases_{status}", count) for status, count in counts.items()]
    for i, (key, value) in enumerate(items, start=1):
        summary.write_string(i, 0, key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            summary.write_number(i, 1, value)
        else:
            summary.write_string(i, 1, "" if value is None else str(value))
    summary.set_column(0, 0, 24)
    summary.set_column(1, 1, 70)
    printable(summary)
