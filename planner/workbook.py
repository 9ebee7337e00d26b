"""Raw sheets of an input workbook: header names and rows, with their Excel positions."""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from planner.problems import InputError, Problem


@dataclass
class Sheet:
    """One sheet: lower-case header name -> column index, and the non-empty data rows."""

    file: str
    name: str
    columns: dict[str, int] = field(default_factory=dict)
    rows: list[tuple[int, tuple]] = field(default_factory=list)  # (Excel row number, values)

    def letter(self, column: str) -> str | None:
        index = self.columns.get(column)
        return get_column_letter(index + 1) if index is not None else None

    def problem(self, message: str, row: int | None = None, column: str | None = None) -> Problem:
        return Problem(self.file, message, self.name, row, column, self.letter(column) if column else None)


def read_sheets(path: Path) -> tuple[dict[str, Sheet], list[Problem]]:
    """Every sheet of the workbook by lower-case name; cached values are read, never formulas."""
    file = path.name
    if not path.exists():
        raise InputError([Problem(file, f"file not found: {path}")])
    if not zipfile.is_zipfile(path):
        raise InputError([Problem(file, "not an Excel .xlsx workbook; save it as .xlsx and try again")])
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on damaged files
        raise InputError(
            [Problem(file, f"cannot be opened as an .xlsx workbook ({exc}); save it again as .xlsx")]
        ) from exc
    sheets: dict[str, Sheet] = {}
    problems: list[Problem] = []
    try:
        for ws in book.worksheets:
            key = ws.title.strip().lower()
            if key in sheets:
                problems.append(Problem(file, f"two sheets are named '{key}'; keep one", ws.title))
                continue
            sheet = Sheet(file, ws.title)
            rows = ws.iter_rows(values_only=True)
            header = next(rows, None) or ()
            for index, name in enumerate(header):
                if name is None or str(name).strip() == "":
                    continue
                col = str(name).strip().lower()
                if col in sheet.columns:
                    problems.append(
                        Problem(
                            file,
                            f"column '{col}' appears twice in the header; keep one",
                            ws.title,
                            1,
                            col,
                            get_column_letter(index + 1),
                        )
                    )
                    continue
                sheet.columns[col] = index
            for number, values in enumerate(rows, start=2):
                cleaned = tuple(_clean(v) for v in values)
                if any(v is not None for v in cleaned):
                    sheet.rows.append((number, cleaned))
            sheets[key] = sheet
    finally:
        book.close()
    return sheets, problems


def _clean(value):
    """Blank strings are empty cells; dates are not expected anywhere and stay as found."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, (dt.datetime, dt.date)):
        return value
    return value
