"""`planner diff` as a library call: any two plan workbooks compared, on screen and (with -o) as a workbook."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from models.tables import OTHER_TABLES
from planner.inputs.plans import read_plan
from planner.outputs.changes import Changes, compare
from planner.outputs.plan import write_table_book


def diff(a_path: Path, b_path: Path, output_path: Path | None = None) -> Changes:
    """Compare two plan workbooks; with output_path, write the comparison as a workbook."""
    a, b = (
        read_plan(a_path, usable_only=False, role="plan A (the first)"),
        read_plan(b_path, usable_only=False, role="plan B (the second)"),
    )
    changes = compare(a, b)
    if output_path is not None:
        head = pd.DataFrame(
            [
                ("a", a.file, a.summary.get("input_sha256"), a.status),
                ("b", b.file, b.summary.get("input_sha256"), b.status),
            ],
            columns=OTHER_TABLES["diff.plans"].names,
        )
        write_table_book(Path(output_path), {"plans": head, "changes": changes.table})
    return changes
