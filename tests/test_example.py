"""The example workbook: rebuilt from its CSVs it is unchanged, and it solves to a proven optimum."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys

import pytest
from conftest import REPO, read_summary, read_table, run_cli
from openpyxl import load_workbook

sys.path.insert(0, str(REPO / "inputs"))
import build_baerum  # noqa: E402

EXAMPLE = REPO / "inputs" / "baerum.xlsx"


def _values(path):
    book = load_workbook(path, data_only=True)
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book.worksheets}


def test_committed_example_matches_its_csv_sources(tmp_path):
    rebuilt = tmp_path / "baerum.xlsx"
    build_baerum.build(rebuilt)
    assert _values(rebuilt) == _values(EXAMPLE), "run `make example` and commit inputs/baerum.xlsx"


def test_example_has_what_the_issue_asks_for():
    tables = build_baerum.read_tables()
    settings = dict((row[0], row[1]) for row in tables["settings"][1])
    assert (settings["first_year"], settings["last_year"]) == (2026, 2045)
    header, rows = tables["population"]
    persons = {r[0]: r[header.index("persons_80_plus")] for r in rows}
    assert "ILLUSTRATIVE" in rows[0][header.index("note")]
    assert persons[2035] / persons[2026] > 1.4  # steep growth after 2025
    header, rows = tables["projects"]
    assert len(rows) >= 2 and all(r[header.index("min_places")] >= 100 for r in rows)
    assert all(r[header.index("fixed_operating_year")] > 0 for r in rows)
    stock_header, stock = tables["stock"]
    assert any(r[stock_header.index("places")] == 72 and r[stock_header.index("type")] == "ppp_owned" for r in stock)
    assert any(r[stock_header.index("last_year")] is not None for r in stock)  # closures
    assert [r[0] for r in tables["bands"][1]] == ["municipal_minimum", "ppp", "short_term"]


@pytest.mark.parametrize("solver", ["cbc", "highs"])
def test_example_solves_to_proven_optimum(tmp_path, solver):
    run = run_cli("solve", EXAMPLE, "-o", tmp_path / "plan.xlsx", "--solver", solver, cwd=tmp_path)
    assert run.code == 0, run.stderr
    summary = read_summary(tmp_path / "plan.xlsx")
    assert summary["status"] == "optimal"
    assert summary["mip_gap"] == 0
    # both solvers must reach the same optimum (CBC's preprocessing once stopped short)
    assert summary["objective_npv"] == pytest.approx(38_956_308_808, rel=1e-9)
    _, plan = read_table(tmp_path / "plan.xlsx", "plan")
    assert {r["source"] for r in plan} - {"new"}, "a candidate facility should open in the example"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_plan_opens_in_libreoffice(tmp_path):
    """A real spreadsheet program reads the plan: convert its costs sheet to CSV and compare."""
    plan = tmp_path / "plan.xlsx"
    assert run_cli("solve", EXAMPLE, "-o", plan, cwd=tmp_path).code == 0
    out = tmp_path / "csv"
    all_sheets_raw = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    profile = f"-env:UserInstallation=file://{tmp_path}/lo"
    command = ["soffice", "--headless", profile, "--convert-to", all_sheets_raw, "--outdir", str(out), str(plan)]
    subprocess.run(command, check=True, capture_output=True, timeout=180)
    costs_csv = next(p for p in out.glob("*.csv") if p.stem.endswith("-costs"))  # not band_costs
    rows = list(csv.DictReader(costs_csv.open(encoding="utf-8")))
    _, expected = read_table(plan, "costs")
    assert [int(r["year"]) for r in rows] == [r["year"] for r in expected]
    for got, want in zip(rows, expected, strict=True):
        assert float(got["net_cost"]) == pytest.approx(want["net_cost"], rel=1e-9)
