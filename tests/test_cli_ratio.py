"""solve --method ratio and --compare-ratio through the real command line."""

from __future__ import annotations

import json

import pytest
from conftest import feasible_sheets, read_summary, run_cli, write_workbook


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    return write_workbook(tmp_path_factory.mktemp("ratio") / "small.xlsx", feasible_sheets())


def test_method_ratio_writes_todays_practice_as_a_plan(workbook, tmp_path):
    run = run_cli("solve", workbook, "--method", "ratio", "-o", tmp_path / "ratio.xlsx", cwd=tmp_path)
    assert run.code == 0, run
    assert "Ratio-rule plan (today's practice, not optimised)" in run.stdout
    summary = read_summary(tmp_path / "ratio.xlsx")
    assert summary["method"] == "ratio"
    assert summary["status"] == "feasible"
    assert "ratio rule" in summary["solver"]
    from openpyxl import load_workbook

    title = load_workbook(tmp_path / "ratio.xlsx")["Oversikt"]["A1"].value
    assert title.startswith("Forholdstallsregelens plan (dagens praksis, ikke optimert)")  # page 1 alone must say so
    optimum = run_cli("solve", workbook, "-o", tmp_path / "opt.xlsx", cwd=tmp_path)
    assert optimum.code == 0, optimum
    best = read_summary(tmp_path / "opt.xlsx")
    assert best["method"] == "optimise"
    assert summary["objective_npv"] >= best["objective_npv"] * (1 - 1e-9)


def test_compare_ratio_prints_and_records_the_saving(workbook, tmp_path):
    run = run_cli("solve", workbook, "--compare-ratio", "--json", "-o", tmp_path / "opt.xlsx", cwd=tmp_path)
    assert run.code == 0, run
    payload = json.loads(run.stdout)
    assert payload["saving_vs_ratio"] == pytest.approx(payload["ratio_npv"] - payload["objective"], rel=1e-9)
    assert payload["saving_vs_ratio"] >= 0
    assert payload["saving_vs_ratio_percent"] == pytest.approx(
        100 * payload["saving_vs_ratio"] / payload["ratio_npv"], rel=1e-9
    )
    assert "the optimum saves" in run.stderr
    summary = read_summary(tmp_path / "opt.xlsx")
    assert summary["ratio_npv"] == pytest.approx(payload["ratio_npv"], rel=1e-12)
    assert summary["saving_vs_ratio"] == pytest.approx(payload["saving_vs_ratio"], rel=1e-9)
    ratio = run_cli("solve", workbook, "--method", "ratio", "-o", tmp_path / "ratio.xlsx", cwd=tmp_path)
    assert read_summary(tmp_path / "ratio.xlsx")["objective_npv"] == pytest.approx(payload["ratio_npv"], rel=1e-9)
    assert ratio.code == 0


@pytest.mark.parametrize("flag", [["--verify"], ["--gap", "0.01"], ["--compare-ratio"], ["--band-costs"]])
def test_method_ratio_refuses_what_only_an_optimum_uses(workbook, tmp_path, flag):
    run = run_cli("solve", workbook, "--method", "ratio", *flag, "-o", tmp_path / "r.xlsx", cwd=tmp_path)
    assert run.code == 2, run
    assert f"{flag[0]} cannot be used with --method ratio" in run.stderr
    assert not (tmp_path / "r.xlsx").exists()
