"""models/tables.py states every machine-readable output sheet once: the written workbooks match it."""

from __future__ import annotations

import ast

import pytest
from conftest import HIGHS_PROOF, REPO, feasible_sheets, infeasible_sheets, read_table, run_cli, write_workbook
from openpyxl import load_workbook

from models.accounts import COST_COMPONENTS
from models.band_costs import BAND_COST_COLUMNS, BAND_COST_MONEY
from models.results import CAPACITY_COLUMNS, CONVERSION_COLUMNS, COST_COLUMNS, COVERAGE_COLUMNS, PLAN_COLUMNS
from models.scenarios import SCENARIO_COLUMNS, SCENARIO_COVERAGE_COLUMNS
from models.tables import OTHER_TABLES, OUTPUT_TABLES, SUMMARY_KEYS, Field, Table
from planner.outputs.changes import CHANGE_COLUMNS

UNITS = {
    "year",
    "places",
    "place-years",
    "persons",
    "NOK",
    "share",
    "percent",
    "seconds",
    "text",
    "yes/no",
    "work-years",
    "admissions/year",
    "days",
    "years",
    "",
}
MACHINE_ORDER = [
    "summary",
    "plan",
    "conversions",
    "capacity",
    "coverage",
    "costs",
    "site_decisions",
    "grant_streams",
    "purchased",
    "sold",
    "staff",
    "flows",
    "band_costs",
    "changes",
    "scenarios",
    "scenario_coverage",
    "stochastic",
]


def _all_fields() -> list[tuple[str, Field]]:
    tables = [*OUTPUT_TABLES.values(), *OTHER_TABLES.values()]
    return [(t.name, f) for t in tables for f in t.columns] + [("summary keys", f) for f in SUMMARY_KEYS]


def _header(book, sheet: str) -> list:
    header = [c.value for c in next(book[sheet].iter_rows(min_row=1, max_row=1))]
    while header and header[-1] is None:
        header.pop()
    return header


def _summary_keys(path) -> list[str]:
    return [r["key"] for r in read_table(path, "summary")[1]]


# ---- the plans, made once: the small instance with every option, its re-plan and diff, the example ----


@pytest.fixture(scope="module")
def plans(tmp_path_factory, solved_example):
    """Plan workbooks covering every machine sheet and summary key; each written by the real command line."""
    work = tmp_path_factory.mktemp("tables")
    sheets = feasible_sheets()
    # a second population series, slightly lower, in which the plan's hard bands still hold
    population = sheets["population"][1:]
    sheets["population"] = [
        ["year", "scenario", "persons_80_plus"],
        *([y, "main", p] for y, p in population),
        *([y, "low", round(p * 0.99)] for y, p in population),
    ]
    sheets["settings"].append(["scenario", "main", None])
    small = write_workbook(work / "small.xlsx", sheets)
    write_workbook(work / "tight.xlsx", infeasible_sheets())
    understaffed = feasible_sheets()  # the stock alone needs more staff than the labour ceiling allows
    understaffed["place_types"][0].append("work_years_per_place")
    for row in understaffed["place_types"][1:]:
        row.append(1.0)
    understaffed["labour"] = [["year", "max_work_years"], *[[y, 100] for y in range(2026, 2031)]]
    write_workbook(work / "understaffed-input.xlsx", understaffed)
    runs = {
        "full": ("solve", small, "--robust", "--band-costs", "--compare-ratio", "-o", "full.xlsx"),
        "replan": ("reoptimise", small, "--baseline", "full.xlsx", "-o", "replan.xlsx"),
        "diff": ("diff", "full.xlsx", "replan.xlsx", "-o", "diff.xlsx"),
        "ratio": ("solve", small, "--method", "ratio", "-o", "ratio.xlsx"),
        "infeasible": ("solve", "tight.xlsx", "-o", "infeasible.xlsx"),
        "understaffed": ("solve", "understaffed-input.xlsx", "-o", "understaffed.xlsx"),
        "stochastic": ("solve", small, "--stochastic", "-o", "stochastic.xlsx"),
    }
    paths = {}
    for name, args in runs.items():
        run = run_cli(*args, cwd=work)
        assert run.code in (0, 3), run  # 3: the infeasible diagnosis, written all the same
        paths[name] = work / f"{name}.xlsx"
    paths["example"], run = solved_example(*HIGHS_PROOF)  # the session's one solve of the example
    assert run.code == 0, run
    paths["input"] = small
    return paths


# ---- the module itself ----------------------------------------------------------------------------------


def test_every_field_has_a_unit_and_a_sentence():
    for table, f in _all_fields():
        assert f.description.strip(), f"{table}.{f.name} has no description"
        assert f.unit in UNITS, f"{table}.{f.name}: unit {f.unit!r}"
    for t in [*OUTPUT_TABLES.values(), *OTHER_TABLES.values()]:
        assert t.description.strip(), t.name
        assert len(t.names) == len(set(t.names)), f"{t.name} names a column twice"
    names = [f.name for f in SUMMARY_KEYS]
    assert len(names) == len(set(names)), "a summary key twice"


def test_output_tables_are_in_workbook_order_and_named_by_their_sheet():
    assert list(OUTPUT_TABLES) == MACHINE_ORDER
    assert all(key == t.name for key, t in OUTPUT_TABLES.items())
    assert {key: t.name for key, t in OTHER_TABLES.items()} == {
        "diff.plans": "plans",
        "sweep.cases": "cases",
        "sweep.summary": "summary",
    }
    assert isinstance(OUTPUT_TABLES["plan"], Table)


def test_the_code_takes_its_names_from_the_tables():
    assert PLAN_COLUMNS == OUTPUT_TABLES["plan"].names
    assert CONVERSION_COLUMNS == OUTPUT_TABLES["conversions"].names
    assert CAPACITY_COLUMNS == OUTPUT_TABLES["capacity"].names
    assert COVERAGE_COLUMNS == OUTPUT_TABLES["coverage"].names
    assert COST_COLUMNS == OUTPUT_TABLES["costs"].names
    assert BAND_COST_COLUMNS == OUTPUT_TABLES["band_costs"].names
    assert SCENARIO_COLUMNS == OUTPUT_TABLES["scenarios"].names
    assert SCENARIO_COVERAGE_COLUMNS == OUTPUT_TABLES["scenario_coverage"].names
    assert CHANGE_COLUMNS == OUTPUT_TABLES["changes"].names


def test_cost_columns_are_the_models_cost_components():
    # the solver's tables are built from COST_COMPONENTS: a component added there must be stated here
    assert [c for c in COST_COLUMNS if c in COST_COMPONENTS] == list(COST_COMPONENTS)
    # the spec's columns first, in its order; the components of sites and contracts after discounted_net_cost
    spec = COST_COLUMNS[: COST_COLUMNS.index("discounted_net_cost") + 1]
    assert spec[1:8] == list(COST_COMPONENTS)[:7] and spec[-3:] == [
        "net_cost",
        "discount_factor",
        "discounted_net_cost",
    ]
    assert BAND_COST_MONEY == tuple(n for n in BAND_COST_COLUMNS if n.startswith(("npv_", "cost_", "marginal_")))


@pytest.mark.parametrize("module", ["tables", "accounts"])
def test_the_tables_module_is_pure_data(module):
    """models.tables, and the accounts it takes the net-cost formula from, import no library and nothing of planner."""
    tree = ast.parse((REPO / "models" / f"{module}.py").read_text(encoding="utf-8"))
    imported = {
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert imported <= {"__future__", "dataclasses", "collections.abc", "models.accounts"}, imported


# ---- the written workbooks --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["full", "replan", "ratio", "infeasible", "example", "stochastic"])
def test_machine_sheets_have_exactly_the_stated_columns(plans, name):
    book = load_workbook(plans[name], read_only=True)
    try:
        present = [s for s in book.sheetnames if s in OUTPUT_TABLES]
        assert present == [s for s in OUTPUT_TABLES if s in present], "machine sheets out of order"
        for sheet in present:
            header = _header(book, sheet)
            if sheet == "band_costs" and header[0] != "band":
                assert header[0].startswith("Band costs were not computed")  # one line saying how to get them
                continue
            staged = name == "stochastic" and sheet in ("plan", "conversions", "capacity")
            assert header == OUTPUT_TABLES[sheet].names + (["scenario"] if staged else []), sheet
    finally:
        book.close()
    expected = {"full": {"band_costs", "scenarios", "scenario_coverage"}, "replan": {"changes"}}.get(name, set())
    expected |= {"stochastic"} if name == "stochastic" else set()
    always = set(MACHINE_ORDER[:6]) | {"band_costs"}  # staff only with staff figures
    assert always | expected <= set(present)


def test_every_summary_key_written_is_stated_in_order(plans):
    order = [f.name for f in SUMMARY_KEYS]
    written = set()
    for name in ("full", "replan", "ratio", "infeasible", "understaffed", "example", "stochastic"):
        keys = _summary_keys(plans[name])
        unknown = [k for k in keys if k not in order]
        assert not unknown, f"{name}: summary keys not in SUMMARY_KEYS: {unknown}"
        assert keys == sorted(keys, key=order.index), f"{name}: summary keys in another order than SUMMARY_KEYS"
        written |= set(keys)
    # and nothing stated that no plan writes: the plans above take every path
    assert written == set(order)


def test_the_diff_workbook_matches_the_stated_tables(plans):
    book = load_workbook(plans["diff"], read_only=True)
    try:
        assert book.sheetnames == ["plans", "changes"]
        assert _header(book, "plans") == OTHER_TABLES["diff.plans"].names
        assert _header(book, "changes") == OUTPUT_TABLES["changes"].names
    finally:
        book.close()


def test_the_sweep_workbook_matches_the_stated_tables(plans, tmp_path):
    from planner.commands.sweep import run_case
    from planner.inputs.cases import Case
    from planner.outputs.sweep import write_sweep

    data = plans["input"].read_bytes()
    cases = [Case("low rate", {"discount_rate": 0.02}), Case("dear", {"investment_factor": "lots"})]
    rows = [run_case("small.xlsx", data, case) for case in cases]  # in this process: no workers to start
    assert [r["status"] for r in rows] == ["optimal", "error"]
    out = tmp_path / "sweep.xlsx"
    write_sweep(out, rows, {"input_file": "small.xlsx", "grid": "test", "wall_seconds": 0.1})
    spelled = {
        "<change>": ["discount_rate", "investment_factor"],
        "<type>.new_places": ["institution_long.new_places", "institution_short.new_places"],
    }
    expected = [n for column in OTHER_TABLES["sweep.cases"].names for n in spelled.get(column, [column])]
    book = load_workbook(out, read_only=True)
    try:
        assert _header(book, "cases") == expected
        assert _header(book, "summary") == OTHER_TABLES["sweep.summary"].names
    finally:
        book.close()
