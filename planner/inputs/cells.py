"""Parsing one cell, or one row, into typed values, or recording what is wrong; and a row into its input object."""

from __future__ import annotations

import dataclasses
import math
import re

from planner.inputs.workbook import Sheet
from planner.problems import Problem

_SHARE_TEXT = re.compile(r"^([-+]?\d+(?:[.,]\d+)?)\s*%$")
_NUMBER_TEXT = re.compile(r"^[-+]?\d+(?:[.,]\d+)?(?:[eE][-+]?\d+)?$")
_YES = {"yes", "y", "true", "1", "ja", "j"}
_NO = {"no", "n", "false", "0", "nei"}


def parse_number(value) -> float | None:
    """A number from a numeric cell or text: '1 250 000', '0,035', '3.5' (None if not one)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, str):
        text = value.replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
        if _NUMBER_TEXT.match(text):
            return float(text.replace(",", "."))
    return None


def parse_share(value) -> float | None:
    """A share as a fraction: a percent-formatted cell or 0.035 as is; '3,5 %' and '3.5%' as 0.035."""
    if isinstance(value, str):
        match = _SHARE_TEXT.match(value.replace("\u00a0", " ").strip())
        if match:
            return float(match.group(1).replace(",", ".")) / 100.0
    return parse_number(value)


class RowCells:
    """The cells of one data row, read by header name; problems go to a shared list."""

    def __init__(self, sheet: Sheet, row: int, values: tuple, problems: list[Problem], subject: str | None = None):
        self.sheet, self.row, self.values, self.problems = sheet, row, values, problems
        # what the row is about when row and column do not say it (a settings row: "setting last_year")
        self.subject = subject

    def raw(self, column: str):
        index = self.sheet.columns.get(column)
        if index is None or index >= len(self.values):
            return None
        return self.values[index]

    def fail(self, column: str, message: str) -> None:
        if self.subject:
            message = f"{self.subject}: {message}"
        self.problems.append(self.sheet.problem(message, self.row, column))

    def _blank(self, column: str, required: bool, default):
        """An empty cell: its default, or None and a problem when a value is required."""
        if not required:
            return default
        if (self.row, self.sheet.columns.get(column)) not in self.sheet.unreadable_cells:
            self.fail(column, "is empty; " + _REQUIRED_HINT)  # (a formula's cell is already reported)
        return None

    def text(self, column: str, required: bool = False, default: str | None = None) -> str | None:
        value = self.raw(column)
        if value is None:
            return self._blank(column, required, default)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    def number(
        self,
        column: str,
        required: bool = False,
        default: float | None = None,
        minimum: float | None = 0.0,
        expected: str | None = None,
    ):
        """A number; EXPECTED, where the schema gives one, says what the column takes in its own words."""
        value = self.raw(column)
        if value is None:
            return self._blank(column, required, default)
        number = parse_number(value)
        if number is None:
            self.fail(column, f"found {_found(value)}; expected {expected or 'a number such as 1250000'}")
            return None
        if minimum is not None and number < minimum:
            self.fail(column, f"found {_show(number)}; expected {expected or f'a number of at least {_show(minimum)}'}")
            return None
        return number

    def integer(self, column: str, required: bool = False, default: int | None = None, minimum: int | None = 0):
        value = self.raw(column)
        if value is None:
            return self._blank(column, required, default)
        number = parse_number(value)
        if number is None or not float(number).is_integer():
            self.fail(column, f"found {_found(value)}; expected a whole number")
            return None
        if minimum is not None and number < minimum:
            self.fail(column, f"found {_show(number)}; expected a whole number of at least {minimum}")
            return None
        return int(number)

    def share(
        self, column: str, required: bool = False, default: float | None = None, expected: str | None = None
    ) -> float | None:
        """A fraction 0–1; EXPECTED, where the schema gives one (a weight, not a percentage), replaces the hint
        that a number above 1 was meant as a percentage."""
        value = self.raw(column)
        if value is None:
            return self._blank(column, required, default)
        share = parse_share(value)
        if share is None:
            self.fail(column, f"found {_found(value)}; expected {expected or 'a share such as 0.035 or 3.5 %'}")
            return None
        if not 0.0 <= share <= 1.0:
            if expected:
                self.fail(column, f"found {_show(share)}; expected {expected}")
                return None
            meant = ""
            if 1.0 < share <= 100.0:  # a percentage typed as a number: 20 for 20 %
                meant = f"; for {_show(share)} % write {_show(share)} % (or {_show(share / 100)})"
            self.fail(column, f"found {_show(share)}; a share is a fraction between 0 and 1 (0.035 or 3.5 %){meant}")
            return None
        return share

    def yes_no(self, column: str, default: bool) -> bool | None:
        value = self.raw(column)
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if isinstance(value, (int, float)) and float(value) in (0.0, 1.0):
            word = str(int(value))
        if word in _YES:
            return True
        if word in _NO:
            return False
        self.fail(column, f"found '{value}'; expected yes or no")
        return None


_REQUIRED_HINT = "fill in a value"


def _show(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else repr(float(number))


def column_texts(sheet: Sheet, column: str) -> list[tuple[int, str | None]]:
    """(row, text) of one column in every data row, read without reporting: where another sheet needs its names
    (a cell's problems are reported where its own sheet is read)."""
    return [(row, RowCells(sheet, row, values, []).text(column)) for row, values in sheet.rows]


def _found(value) -> str:
    """A cell's value in a message: text quoted, a number as a number (2.5, not '2.5')."""
    return f"'{value}'" if isinstance(value, str) else _show(value) if isinstance(value, int | float) else f"'{value}'"


def parse_column(cells: RowCells, column, context: dict, header: str | None = None):
    """One cell read as its schema column (planner.inputs.schema.Column) says: kind, range, required, default.

    context holds the settings and this row's values read so far, for a default_from.
    header: the sheet's header when the column is a pattern (persons_80_plus for persons_).
    """
    name = header or column.name
    default = context.get(column.default_from) if column.default_from else column.default
    kind, required = column.kind, column.required
    if kind == "text":
        text = cells.text(name, required=required, default=default)
        return (text or default) if column.default_from else text
    if kind == "list":
        text = cells.text(name, required=required)
        # ';' is the list separator of Norwegian Excel, so it counts too
        return tuple(w.strip() for w in re.split(r"[,;]", text) if w.strip()) if text else default
    if kind == "choice":
        word = cells.text(name, required=required)
        if word is None:
            return default
        word = word.lower()
        if word not in column.choices:
            cells.fail(name, f"found '{word}'; expected {column.expected_text}")
            return None
        return word
    if kind in ("year", "count", "integer"):
        return cells.integer(name, required=required, default=default, minimum=column.lowest)
    if kind in ("money", "number"):
        return cells.number(name, required=required, default=default, minimum=column.lowest, expected=column.expected)
    if kind == "share":
        return cells.share(name, required=required, default=default, expected=column.expected)
    if kind == "yes_no":
        return cells.yes_no(name, default=default)
    raise ValueError(f"unknown kind {kind!r}")


class Row(dict):
    """A row's values by column name; ``failed`` names the columns whose cell was reported wrong."""

    failed: set[str]


def parse_row(cells: RowCells, spec, context: dict | None = None) -> Row:
    """Every column the schema states for this sheet (planner.inputs.schema.SheetSpec), in its order.

    A cell that is wrong is reported and read as None; the reader's cross-row rules skip on None.
    Pattern columns are read under each matching header.
    """
    values = Row()
    values.failed = set()
    scope = dict(context or {})
    for column in spec.columns:
        if not column.read:
            continue
        headers = [h for h in cells.sheet.columns if h.startswith(column.name)] if column.pattern else [None]
        for header in headers:
            before = len(cells.problems)
            values[header or column.name] = parse_column(cells, column, scope | values, header)
            if len(cells.problems) > before:
                values.failed.add(header or column.name)
    for group in spec.at_least_one:
        if all(cells.raw(name) is None for name in group):
            cells.fail(group[0], f"{' and '.join(group)} are both empty; fill in at least one")
            values.failed.add(group[0])
    for column in spec.columns:
        if column.required_when:
            other, value, message = column.required_when
            if values.get(other) is value and values.get(column.name) is None and cells.raw(column.name) is None:
                cells.fail(column.name, message)
                values.failed.add(column.name)
        low, high = values.get(column.name), values.get(column.at_most) if column.at_most else None
        if low is not None and high is not None and low > high:
            word = "after" if column.kind == "year" else "above"
            cells.fail(
                column.name,
                f"{_shown(low, column)} is {word} {column.at_most} {_shown(high, column)}; {column.at_most_hint}",
            )
            values.failed.add(column.name)
    return values


def _shown(value, column) -> str:
    """A value in a message as the planner wrote it before: 4,500,000 for money, 0.35 for a share."""
    if column.kind == "money":
        return f"{value:,.0f}"
    if column.kind == "share":
        return f"{value:g}"
    return str(value)


def build(cls, row: dict, **overrides):
    """An input object from a row: every schema column whose name is one of its fields, then overrides.

    So a new optional column reaches the model by one row in planner.inputs.sheets and one field of
    the object it describes.
    """
    names = {f.name for f in dataclasses.fields(cls)}
    return cls(**{k: v for k, v in (dict(row) | overrides).items() if k in names})
