"""Plans written now hold, cell by cell, what the kept reference plans hold (tests/reference_plans.py)."""

from __future__ import annotations

import pytest
from conftest import read_summary
from plan_snapshot import differences, snapshot
from reference_plans import CASES, REPLANS, expected_code, plan_path, write


@pytest.mark.parametrize("name", [*CASES, *REPLANS])
def test_the_plan_workbook_is_the_reference_cell_by_cell(name, tmp_path):
    reference = plan_path(name)
    run = write(name, tmp_path, tmp_path)
    assert run.code == expected_code(name), run
    written = plan_path(name, tmp_path)
    kept, now = read_summary(reference)["solver"], read_summary(written)["solver"]
    if kept != now:  # another solver version may choose another of several optimal plans
        pytest.skip(f"the reference was solved by {kept}, this machine has {now}; rewrite the references")
    assert differences(snapshot(reference), snapshot(written)) == []
