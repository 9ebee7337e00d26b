"""A plan workbook as plain data, cell by cell, so that two workbooks can be compared.

What a reader sees is kept: every sheet in order; each cell's formula or value, its cached
value, number format, font, fill, border and alignment; merged ranges, column widths, row
heights, frozen panes, conditional formats, print settings, headers and footers, page breaks;
and the charts' and drawings' XML as written. What differs from run to run of the same input is
masked: the creation time (and date) and the solve's seconds.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from openpyxl import load_workbook

CREATED = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
DATE = re.compile(r"\d{4}-\d\d-\d\d")
# Rows whose figure is the solve's wall time: (label in column A, column of the figure)
TIMED_LABELS = {"solve_seconds", "Løsetid (sekunder)", "Solve time (seconds)"}


def _masked(value):
    if isinstance(value, str):
        return CREATED.sub("<created>", value)
    return value


def _style(cell) -> tuple:
    font, fill, border, align = cell.font, cell.fill, cell.border, cell.alignment
    return (
        cell.number_format,
        (font.b, font.i, font.sz, font.color.rgb if font.color is not None else None),
        (fill.fill_type, fill.fgColor.rgb if fill.fill_type else None),
        tuple(getattr(border, side).style for side in ("left", "right", "top", "bottom")),
        (align.horizontal, align.vertical, align.wrap_text),
    )


def _sheet(ws, cached) -> dict:
    cells = {}
    timed_rows = {c.row for c in ws["A"] if c.value in TIMED_LABELS}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is None and not cell.has_style:
                continue
            value, kept = cell.value, cached[cell.coordinate].value
            if cell.row in timed_rows and cell.column > 1:
                value = kept = "<seconds>"
            cells[cell.coordinate] = (_masked(value), _masked(kept), _style(cell))
    setup = ws.page_setup
    margins = ws.page_margins
    return {
        "cells": cells,
        "merged": sorted(str(r) for r in ws.merged_cells.ranges),
        "widths": {k: d.width for k, d in sorted(ws.column_dimensions.items()) if d.width},
        "heights": {k: d.height for k, d in sorted(ws.row_dimensions.items()) if d.height},
        "freeze": ws.freeze_panes,
        "conditional": sorted(
            (str(rng.sqref), rule.type, rule.operator, tuple(rule.formula or ()))
            for rng in ws.conditional_formatting
            for rule in rng.rules
        ),
        "print": (
            setup.orientation,
            setup.paperSize,
            setup.fitToWidth,
            setup.fitToHeight,
            ws.sheet_properties.pageSetUpPr.fitToPage if ws.sheet_properties.pageSetUpPr else None,
            ws.print_title_rows,
            ws.print_title_cols,
            (margins.left, margins.right, margins.top, margins.bottom),
        ),
        "footer": DATE.sub("<date>", str(ws.oddFooter.left.text or "") + "|" + str(ws.oddFooter.right.text or ""))
        + "|"
        + str(ws.oddFooter.center.text or ""),
        "breaks": [b.id for b in ws.row_breaks.brk],
        "charts": len(ws._charts),
    }


def snapshot(path: Path) -> dict:
    """The workbook at ``path`` as plain data (see the module's docstring)."""
    formulas = load_workbook(path)
    values = load_workbook(path, data_only=True)
    try:
        sheets = {ws.title: _sheet(ws, values[ws.title]) for ws in formulas.worksheets}
    finally:
        formulas.close()
        values.close()
    with zipfile.ZipFile(path) as archive:
        parts = {
            name: archive.read(name).decode("utf-8")
            for name in sorted(archive.namelist())
            if name.startswith(("xl/charts/", "xl/drawings/"))
        }
    return {"order": list(sheets), "sheets": sheets, "parts": parts}


def differences(reference: dict, written: dict, most: int = 20) -> list[str]:
    """What differs between two snapshots, as readable lines (at most ``most``)."""
    lines: list[str] = []
    if reference["order"] != written["order"]:
        lines.append(f"sheets: {reference['order']} != {written['order']}")
    for name in reference["order"]:
        if name not in written["sheets"]:
            continue
        a, b = reference["sheets"][name], written["sheets"][name]
        for key in a:
            if key == "cells":
                for ref in sorted(set(a["cells"]) | set(b["cells"])):
                    if a["cells"].get(ref) != b["cells"].get(ref):
                        lines.append(f"{name}!{ref}: {a['cells'].get(ref)} != {b['cells'].get(ref)}")
            elif a[key] != b[key]:
                lines.append(f"{name} {key}: {a[key]} != {b[key]}")
    for part in sorted(set(reference["parts"]) | set(written["parts"])):
        if reference["parts"].get(part) != written["parts"].get(part):
            lines.append(f"{part} differs")
    return lines[:most] + ([f"… and {len(lines) - most} more"] if len(lines) > most else [])
