"""`planner validate` as a library call: check an input workbook and list every problem."""

from __future__ import annotations

from pathlib import Path

from planner.commands.console import valid_text
from planner.inputs import read_input


def validate(input_path: Path) -> tuple[str, list[str]]:
    """The line saying INPUT is valid, and its warnings; InputError lists every problem when it is not."""
    book = read_input(input_path)
    return valid_text(input_path.name, book.data), [str(w) for w in book.warnings]
