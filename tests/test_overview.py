"""The overview sheet for people: every bold total is the sum of the rows above it in its block."""

from __future__ import annotations

import pytest
from conftest import REPO, read_summary, run_cli
from openpyxl import load_workbook

EXAMPLE = REPO / "inputs" / "baerum.xlsx"


@pytest.fixture(scope="module")
def overview(tmp_path_factory):
    folder = tmp_path_factory.mktemp("overview")
    plan = folder / "plan.xlsx"
    assert run_cli("solve", EXAMPLE, "-o", plan, cwd=folder).code == 0
    rows = list(load_workbook(plan)["overview"].iter_rows(values_only=True))
    return _blocks(rows), read_summary(plan), plan


def _blocks(rows) -> dict[str, dict[str, list]]:
    """Block title -> {row label -> values}; a block starts at a filled header row, ends at a blank row."""
    blocks: dict[str, dict[str, list]] = {}
    current = None
    for row in rows[3:]:
        if not row or row[0] is None:
            current = None
        elif current is None:
            current = blocks.setdefault(row[0], {})
        else:
            current[row[0]] = list(row[1:])
    return blocks


def _years(row):
    return [v for v in row if v is not None]


def test_place_totals_add_up(overview):
    blocks, _, _ = overview
    labels = ["Institution, long-term (langtidsplass)", "Institution, short-term (korttidsplass)",
              "Service housing with 24h staff (omsorgsbolig)", "PPP self-owned unit (OPS selveier)"]  # fmt: skip
    places, new = blocks["Places in service"], blocks["New places opening"]
    totals = places["Total places"]
    assert totals == [sum(col) for col in zip(*[places[label] for label in labels], strict=True)]
    assert new["Total new places"] == [sum(col) for col in zip(*[new[label] for label in labels], strict=True)]
    changes = blocks["Change in places in service (conversions only move places between types)"]
    change = changes["Change from the year before"]
    assert change[0] is None
    assert change[1:] == [b - a for a, b in zip(totals, totals[1:], strict=False)]
    opened = changes["New places opening"]
    stock = changes["Existing stock opened (+) or closed (−): committed projects, closures"]
    assert change[1:] == [a + b for a, b in zip(opened[1:], stock[1:], strict=True)]
    assert opened[1:] == new["Total new places"][1:]


def test_cost_block_sums_to_net_cost_and_npv_block_to_the_objective(overview):
    blocks, summary, _ = overview
    lines = blocks["Costs (NOK)"] | blocks["Net present cost"]
    parts = ["Investment", "Grants (Husbanken)", "Project fixed costs", "Conversion costs", "Operating",
             "Rent income", "Project fixed operating"]  # fmt: skip
    assert all(v <= 0 for v in lines["Grants (Husbanken)"] + lines["Rent income"])
    for year, net in enumerate(lines["Net cost"]):
        assert sum(lines[p][year] for p in parts) == pytest.approx(net, rel=1e-12, abs=1e-6)
    npv = [
        lines["Sum of discounted net cost"][0],
        lines["Penalties for missed soft bands (discounted)"][0],
        lines["Residual value of new investment at the horizon end (discounted)"][0],
    ]
    assert sum(npv) == pytest.approx(lines["Net present cost (summary objective_npv)"][0], rel=1e-12)
    assert lines["Net present cost (summary objective_npv)"][0] == pytest.approx(summary["objective_npv"], rel=1e-12)
    assert npv[0] == pytest.approx(sum(_years(lines["Discounted net cost (net cost × discount factor)"])), rel=1e-12)


def test_infeasible_overview_is_titled_a_diagnosis(tmp_path):
    book = load_workbook(EXAMPLE)
    book["bands"]["D4"], book["bands"]["E4"] = 0.045, 0.05  # short-term band out of reach early on
    book.save(tmp_path / "tight.xlsx")
    run = run_cli("solve", tmp_path / "tight.xlsx", "-o", tmp_path / "plan.xlsx", cwd=tmp_path)
    assert run.code == 3, run
    title = load_workbook(tmp_path / "plan.xlsx")["overview"]["A1"].value
    assert title.startswith("Diagnosis: the hard bands cannot all be met")
