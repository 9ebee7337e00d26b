"""The plan carries a copy of every input sheet it was made from, so it stands on its own."""

from __future__ import annotations

from conftest import feasible_sheets, read_summary, run_cli, sha256, write_workbook
from openpyxl import load_workbook


def _values(ws) -> list[list]:
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    rows = [r for r in rows if any(v is not None for v in r)]
    width = max((max((i for i, v in enumerate(r) if v is not None), default=-1) for r in rows), default=-1) + 1
    return [r[:width] + [None] * (width - len(r[:width])) for r in rows]


def test_every_input_sheet_is_copied_into_the_plan(tmp_path):
    sheets = feasible_sheets()
    sheets["notes to self"] = [["anything"], ["not an input sheet"]]  # extra sheets are not inputs
    source = write_workbook(tmp_path / "small.xlsx", sheets)
    run = run_cli("solve", source, "-o", tmp_path / "plan.xlsx", cwd=tmp_path)
    assert run.code == 0, run
    assert read_summary(tmp_path / "plan.xlsx")["input_sha256"] == sha256(source)

    given, plan = load_workbook(source), load_workbook(tmp_path / "plan.xlsx")
    try:
        copies = [name for name in plan.sheetnames if name.startswith("input_")]
        assert copies == [f"input_{name}" for name in feasible_sheets()]
        for name in feasible_sheets():
            assert _values(plan[f"input_{name}"]) == _values(given[name]), name
    finally:
        given.close()
        plan.close()
