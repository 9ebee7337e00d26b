"""`planner template` as a library call: a blank input workbook to fill in."""

from __future__ import annotations

from pathlib import Path

from planner.commands.paths import check_new_workbook, writing
from planner.inputs.template import write_template


def template(output_path: Path, force: bool) -> None:
    """Write the template to OUTPUT (an existing file only with FORCE)."""
    check_new_workbook(output_path, force, "template")
    with writing(output_path, "cannot write the template: {reason}; choose another path"):
        write_template(output_path)
