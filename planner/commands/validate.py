"""`planner validate` and `planner template` as library calls: check an input workbook, or write a blank one."""

from __future__ import annotations

from pathlib import Path

from planner.commands.console import valid_text
from planner.commands.paths import check_template_output, writing
from planner.inputs import read_input
from planner.inputs.template import write_template


def validate(input_path: Path) -> tuple[str, list[str]]:
    """The line saying INPUT is valid, and its warnings; InputError lists every problem when it is not."""
    book = read_input(input_path)
    return valid_text(input_path.name, book.data), [str(w) for w in book.warnings]


def template(output_path: Path, force: bool) -> None:
    """Write the template to OUTPUT (an existing file only with FORCE)."""
    check_template_output(output_path, force)
    with writing(output_path, "cannot write the template: {reason}; choose another path"):
        write_template(output_path)
