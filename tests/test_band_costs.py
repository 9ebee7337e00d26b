"""Band costs on tiny instances whose re-solves are computed by hand."""

from __future__ import annotations

import pandas as pd
import pytest
from test_model_rules import band, money, planning_input, ptype

from models import Conversion, StockRow
from models.band_costs import band_costs
from models.optimise import optimise


def _rows(data):
    plan = optimise(data, solver="highs", time_limit=30)
    assert plan.status == "optimal"
    table = band_costs(
        data,
        plan.objective_npv,
        solver="highs",
        time_limit=30,
        start=plan.values,
        proven_plan=plan.run.check == "proven",
    )
    return plan, {r["band"]: r for r in table.to_dict("records")}


def test_a_binding_floor_costs_its_places_and_each_tenth_of_a_point_more():
    """One year, 2,000 persons 80+, places at 1 MNOK. Floor 20 %: 400 places = 400 MNOK.

    Without the floor nothing is built (0 NOK); at 20.1 % 402 places are needed: 2 MNOK more.
    The cap of 30 % (600 places) does not bind: it costs nothing, and lowering it to 29.9 % neither.
    """
    data = planning_input(
        [ptype("A", inv=1e6)],
        [2000],
        [band("floor", lo=0.20), band("cap", hi=0.30)],
    )
    plan, rows = _rows(data)
    assert plan.objective_npv == money(400e6)
    floor, cap = rows["floor"], rows["cap"]
    assert floor["npv_without_band"] == money(0)
    assert floor["cost_of_band"] == money(400e6)
    assert floor["npv_min_raised"] == money(402e6)
    assert floor["marginal_cost_min"] == money(2e6)
    assert pd.isna(floor["npv_max_lowered"]) and pd.isna(floor["marginal_cost_max"])
    assert cap["cost_of_band"] == money(0)
    assert cap["marginal_cost_max"] == money(0)
    assert pd.isna(cap["npv_min_raised"])
    assert "without: optimal" in floor["status"] and "min +0.1 pp: optimal" in floor["status"]


def test_side_by_side_or_one_by_one_and_from_the_plan_or_not_the_same_table():
    """On worker processes, from the plan, and with the tighter bands the plan meets not re-solved: the same
    table as one process solving every re-solve from scratch."""
    data = planning_input(
        [ptype("A", inv=1e6), ptype("B", inv=1.5e6, groups=("care", "short"))],
        [2000, 2100],
        [band("floor", lo=0.20), band("short", group="short", lo=0.03, hi=0.04), band("cap", hi=0.30)],
    )
    plan = optimise(data, solver="highs", time_limit=30)
    alone = band_costs(data, plan.objective_npv, time_limit=30, workers=1)
    together = band_costs(
        data, plan.objective_npv, time_limit=30, start=plan.values, workers=2, proven_plan=plan.run.check == "proven"
    )
    pd.testing.assert_frame_equal(alone, together)
    assert alone["cost_of_band"].notna().all()


def test_a_binding_cap_forces_places_out_and_its_tightening_costs():
    """Stock of 620 places of A (running cost 1 MNOK a year, closing saves nothing by itself).

    A cap of 30 % of 2,000 (600) forces 20 places converted to B (0.5 MNOK each, running 1.2 MNOK):
    with the cap: 600 × 1 + 20 × (0.5 + 1.2) = 634 MNOK; without it: 620 MNOK (cost 14 MNOK);
    at 29.9 % (598): 598 + 22 × 1.7 = 635.4 MNOK, 1.4 MNOK more.
    """
    data = planning_input(
        [ptype("A", op=1e6), ptype("B", groups=("other",), op=1.2e6)],
        [2000],
        [band("cap", hi=0.30), band("keep", "other", lo=0.0)],
        stock=[StockRow("old", "A", 620)],
        conversions=[Conversion("A", "B", 0.5e6, None, 2025)],
    )
    plan, rows = _rows(data)
    assert plan.objective_npv == money(634e6)
    cap = rows["cap"]
    assert cap["npv_without_band"] == money(620e6)
    assert cap["cost_of_band"] == money(14e6)
    assert cap["npv_max_lowered"] == money(635.4e6)
    assert cap["marginal_cost_max"] == money(1.4e6)


def test_a_tightening_that_cannot_hold_is_named_not_priced():
    """Places can only come from stock (no investment possible): 20 % holds exactly, 20.1 % cannot."""
    data = planning_input(
        [ptype("A", lead=5)],
        [1000],
        [band("floor", lo=0.20)],
        stock=[StockRow("old", "A", 200)],
    )
    plan, rows = _rows(data)
    floor = rows["floor"]
    assert pd.isna(floor["npv_min_raised"]) and pd.isna(floor["marginal_cost_min"])
    assert "min +0.1 pp: infeasible" in floor["status"]
    assert floor["cost_of_band"] == pytest.approx(0, abs=1e-3)


# ---- through the command line ------------------------------------------------------------------


def _sheet(path, name):
    return pd.read_excel(path, sheet_name=name)


def test_band_costs_sheet_through_the_command_line(tmp_path):
    from conftest import feasible_sheets, read_summary, run_cli, write_workbook

    source = write_workbook(tmp_path / "small.xlsx", feasible_sheets())
    run = run_cli("solve", source, "--band-costs", "-o", tmp_path / "plan.xlsx", cwd=tmp_path)
    assert run.code == 0, run
    table = _sheet(tmp_path / "plan.xlsx", "band_costs")
    bands = [r[0] for r in feasible_sheets()["bands"][1:]]
    assert list(table["band"]) == bands
    npv = read_summary(tmp_path / "plan.xlsx")["objective_npv"]
    assert all(v == pytest.approx(npv, rel=1e-12) for v in table["npv_plan"])
    # each difference is recomputable from the NPVs beside it
    for r in table.itertuples():
        assert r.cost_of_band == pytest.approx(r.npv_plan - r.npv_without_band, abs=0.01)
        if not pd.isna(r.npv_min_raised):
            assert r.marginal_cost_min == pytest.approx(r.npv_min_raised - r.npv_plan, abs=0.01)
        assert r.npv_without_band <= r.npv_plan + 0.01  # dropping a band never costs more


def test_without_the_flag_the_sheet_says_how_to_get_it(tmp_path):
    from conftest import feasible_sheets, run_cli, write_workbook

    sheets = feasible_sheets()
    source = write_workbook(tmp_path / "small.xlsx", sheets)
    assert run_cli("solve", source, "-o", tmp_path / "plan.xlsx", cwd=tmp_path).code == 0
    text = " ".join(str(v) for v in _sheet(tmp_path / "plan.xlsx", "band_costs").columns)
    assert "not computed" in text

    sheets["settings"].append(["band_costs", "yes", None])
    source = write_workbook(tmp_path / "with-setting.xlsx", sheets)
    assert run_cli("solve", source, "-o", tmp_path / "set.xlsx", cwd=tmp_path).code == 0
    assert "cost_of_band" in _sheet(tmp_path / "set.xlsx", "band_costs").columns


def test_band_costs_in_json_are_valid_json_with_nulls(tmp_path):
    import json

    from conftest import feasible_sheets, run_cli, write_workbook

    source = write_workbook(tmp_path / "small.xlsx", feasible_sheets())
    run = run_cli("solve", source, "--band-costs", "--json", "-o", tmp_path / "plan.xlsx", cwd=tmp_path)
    assert run.code == 0, run
    payload = json.loads(run.stdout)
    rows = {r["band"]: r for r in payload["band_costs"]}
    assert set(rows) == {r[0] for r in feasible_sheets()["bands"][1:]}
    assert "NaN" not in run.stdout  # Python parses NaN, the JSON standard (and other readers) do not
    assert any(r["marginal_cost_max"] is None for r in rows.values())  # min-only bands have no max figure
    plain = run_cli("solve", source, "--json", "-o", tmp_path / "p2.xlsx", cwd=tmp_path)
    assert json.loads(plain.stdout)["band_costs"] is None


def test_without_bands_there_is_nothing_to_price():
    data = planning_input([ptype("A", inv=1e6)], [2000], [])
    plan = optimise(data, solver="highs", time_limit=30)
    table = band_costs(data, plan.objective_npv, time_limit=30, start=plan.values, workers=2)
    assert table.empty and list(table.columns) == list(band_costs.__globals__["BAND_COST_COLUMNS"])
