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
    header, body, types, inherited = _cases_table(rows)
    if note := incomparable_note(rows):
        meta = {**meta, "note": note}

    def write(target: str) -> None:
        book = xlsxwriter.Workbook(target, BOOK_OPTIONS)
        bold = book.add_format({"bold": True})
        npv_col = _cases_sheet(book, header, body, inherited, bold)
        _charts_sheet(book, header, types, len(body), npv_col)
        _summary_sheet(book, rows, meta, bold)
        book.close()

    save_atomically(Path(path), write)


def case_value(row: dict, column: str):
    """The value a case ran with in a change column: its own, else the input's (None where neither is known)."""
    if column in row["values"]:
        return row["values"][column]
    return row.get("input_values", {}).get(column)


def incomparable_note(rows: list[dict]) -> str | None:
    """Why the cases' net present costs do not compare, when they do not: each is discounted at its own rate."""
    rates = {case_value(r, "discount_rate") for r in rows if r.get("objective_npv") is not None}
    if len(rates) < 2 or any(not isinstance(rate, int | float) for rate in rates):
        return None
    shown = ", ".join(f"{rate:g}" for rate in sorted(rates))
    return (
        f"The cases are discounted at different rates ({shown}): their net present costs do not compare as "
        "costs; compare their new places instead."
    )


def _cases_table(rows: list[dict]) -> tuple[list[str], list[list], list[str], set[tuple[int, int]]]:
    """The header as models.tables states it, each pattern column spelled out per change and per type; the rows;
    the cells (row, column) that hold the input's own value, which the case left unchanged."""
    value_columns = list(dict.fromkeys(k for r in rows for k in [*r.get("columns", ()), *r["values"]]))
    types = list(dict.fromkeys(t for r in rows for t in r["new_places"]))
    spelled = {CHANGE_PATTERN: value_columns, NEW_PLACES_PATTERN: [f"{t}.new_places" for t in types]}
    header = [name for column in CASES_TABLE.names for name in spelled.get(column, [column])]
    first_change = header.index(value_columns[0]) if value_columns else 0
    body, inherited = [], set()
    for i, r in enumerate(rows, start=1):
        places = [r["new_places"].get(t) for t in types]
        total = sum(places) if r["new_places"] else None
        inherited |= {(i, first_change + j) for j, c in enumerate(value_columns) if c not in r["values"]}
        # Each row in the header's order: the pattern columns spelled out as the header spells them.
        cells = {
            CHANGE_PATTERN: [case_value(r, c) for c in value_columns],
            NEW_PLACES_PATTERN: places,
            "total_new_places": [total],
        }
        body.append(
            [v for column in CASES_TABLE.names for v in (cells[column] if column in cells else [r.get(column)])]
        )
    return header, body, types, inherited


def _cases_sheet(
    book: xlsxwriter.Workbook, header: list[str], body: list[list], inherited: set[tuple[int, int]], bold
) -> int:
    """A row per case, plain values, filterable (the input's own values in grey italics); the objective's column."""
    formats = {
        header.index("objective_npv"): book.add_format({"num_format": "#,##0"}),
        header.index("mip_gap"): book.add_format({"num_format": "0.00%"}),
    }
    grey = book.add_format({"italic": True, "font_color": "#595959"})
    ws = book.add_worksheet("cases")
    ws.write_row(0, 0, header, bold)
    ws.freeze_panes(1, 1)
    npv_col = header.index("objective_npv")
    for i, values in enumerate(body, start=1):
        for j, value in enumerate(values):
            if value is None or value == "":
                continue
            style = grey if (i, j) in inherited else formats.get(j)
            if isinstance(value, str):
                ws.write_string(i, j, value, style)
            elif isinstance(value, bool):
                ws.write_boolean(i, j, value, style)
            elif isinstance(value, int | float):
                ws.write_number(i, j, value, style)
            else:
                ws.write_string(i, j, str(value), style)
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
