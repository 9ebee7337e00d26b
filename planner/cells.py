"""Parsing one cell into a typed value, or recording what is wrong with it."""

from __future__ import annotations

import math
import re

from planner.problems import Problem
from planner.workbook import Sheet

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

    def number(self, column: str, required: bool = False, default: float | None = None, minimum: float | None = 0.0):
        value = self.raw(column)
        if value is None:
            return self._blank(column, required, default)
        number = parse_number(value)
        if number is None:
            self.fail(column, f"found '{value}'; expected a number such as 1250000")
            return None
        if minimum is not None and number < minimum:
            self.fail(column, f"found {_show(number)}; expected a number of at least {_show(minimum)}")
            return None
        return number

    def integer(self, column: str, required: bool = False, default: int | None = None, minimum: int | None = 0):
        value = self.raw(column)
        if value is None:
            return self._blank(column, required, default)
        number = parse_number(value)
        if number is None or not float(number).is_integer():
            self.fail(column, f"found '{value}'; expected a whole number")
            return None
        if minimum is not None and number < minimum:
            self.fail(column, f"found {_show(number)}; expected a whole number of at least {minimum}")
            return None
        return int(number)

    def share(self, column: str, required: bool = False, default: float | None = None) -> float | None:
        value = self.raw(column)
        if value is None:
            return self._blank(column, required, default)
        share = parse_share(value)
        if share is None:
            self.fail(column, f"found '{value}'; expected a share such as 0.035 or 3.5 %")
            return None
        if not 0.0 <= share <= 1.0:
            self.fail(column, f"found {_show(share)}; a share is a fraction between 0 and 1 (0.035 or 3.5 %)")
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
