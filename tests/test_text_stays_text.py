"""Names from the input are written as text, never as formulas, even when they start with '='."""

from __future__ import annotations

from conftest import feasible_sheets, read_summary, run_cli, write_workbook
from openpyxl import load_workbook

PROJECT = "=1+1"  # a formula if it were stored as one: the plan would show 2, or run worse
LABEL = '=HYPERLINK("http://example.invalid","click")'


def _as_text(path, cells: dict[str, list[str]]) -> None:
    """Store these sheets' cells as text: what a user gets typing '=1+1 in a spreadsheet program."""
    book = load_workbook(path)
    for sheet, refs in cells.items():
        for ref in refs:
            book[sheet][ref].data_type = "s"
    book.save(path)


def test_a_project_and_a_label_that_look_like_formulas_stay_text(tmp_path):
    sheets = feasible_sheets()
    sheets["projects"][1][0] = PROJECT
    for row in sheets["project_mix"][1:]:
        row[0] = PROJECT
    sheets["place_types"][1][1] = LABEL
    source = write_workbook(tmp_path / "names.xlsx", sheets)
    _as_text(source, {"projects": ["A2"], "project_mix": ["A2", "A3"], "place_types": ["B2"]})

    run = run_cli("solve", source, "-o", tmp_path / "plan.xlsx", cwd=tmp_path)
    assert run.code == 0, run
    assert read_summary(tmp_path / "plan.xlsx")["status"] == "optimal"

    book = load_workbook(tmp_path / "plan.xlsx")  # not data_only: a formula would show as one
    try:
        # the people sheets hold formulas of their own; none may be the user's text
        texts = {PROJECT, LABEL}
        formulas = [
            cell.value for ws in book.worksheets for row in ws.iter_rows() for cell in row if cell.data_type == "f"
        ]
        assert formulas, "the people sheets' totals are formulas"
        assert not [f for f in formulas if any(t in f or t.lstrip("=") in f for t in texts)]
        names = [
            (ws.title, cell.coordinate, cell.data_type)
            for ws in book.worksheets
            for row in ws.iter_rows()
            for cell in row
            if isinstance(cell.value, str) and any(t in cell.value for t in texts)
        ]
        assert names and all(kind == "s" for _, _, kind in names), names
        sources = {ws.cell(r, 3).value for ws in [book["plan"]] for r in range(2, ws.max_row + 1)}
        assert PROJECT in sources, "the case must open the project for the check to mean anything"
        sheets_with_names = {sheet for sheet, _, _ in names}
        assert {"Oversikt", "Plan etter år", "plan", "input_projects"} <= sheets_with_names
        labels = [c.value for c in book["Plan etter år"]["A"] if c.value]
        assert LABEL in labels
    finally:
        book.close()
