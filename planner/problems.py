"""Problems found in an input: each names file, sheet, row and column, and what to do."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    file: str
    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None  # header name
    letter: str | None = None  # Excel column letter

    def __str__(self) -> str:
        where = [self.file]
        if self.sheet is not None:
            where.append(f"sheet '{self.sheet}'")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column}" + (f" ({self.letter})" if self.letter else ""))
        return ", ".join(where) + ": " + self.message


class InputError(Exception):
    """The input cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s) in the input")
        self.problems = problems


class OutputError(InputError):
    """The output could not be written where asked: what was made is saved at ``saved_to`` (None: nowhere)."""

    def __init__(self, problems: list[Problem], saved_to: Path | None):
        super().__init__(problems)
        self.saved_to = saved_to
