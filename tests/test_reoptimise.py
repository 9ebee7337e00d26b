"""planner reoptimise and planner diff: keep what is decided, move little, say what changed and why."""

from __future__ import annotations

import json
import shutil
import tempfile
from datetime import datetime
from pathlib import Path

import pytest
from conftest import (
    HIGHS_PROOF,
    NEW_PLACES_EXAMPLE,
    example_to,
    feasible_sheets,
    read_summary,
    read_table,
    run_cli,
    write_workbook,
)
from openpyxl import load_workbook

from models.reoptimise import COMMITTED, FROZEN, HAPPENED_ADDED, HAPPENED_IN_STOCK

# The example without its buildings, planned to 2038: every rule re-planning meets, a third of the solving time.
LAST = 2038
WORKBOOK = example_to(LAST, Path(tempfile.mkdtemp(prefix="planner-reoptimise-")), NEW_PLACES_EXAMPLE)


def _openings(path) -> set[tuple]:
    _, rows = read_table(path, "plan")
    return {(r["year"], r["type"], r["source"], r["places"]) for r in rows}


def _changes(path) -> list[dict]:
    return read_table(path, "changes")[1]


def _edited_example(target, growth: float = 1.0, shift: int = 0, **settings):
    """The example with its 80+ series scaled from 2030 on, its horizon moved ``shift`` years, settings set."""
    book = load_workbook(WORKBOOK)
    ws = book["settings"]
    for row in ws.iter_rows(min_row=2):
        if row[0].value in ("first_year", "last_year"):
            row[1].value += shift
        if row[0].value in settings:
            row[1].value = settings.pop(row[0].value)
    for key, value in settings.items():
        ws.append([key, value, None])
    population = book["population"]
    header = [c.value for c in population[1]]
    persons = [i for i, name in enumerate(header) if str(name).startswith("persons_")]  # every age group
    last = None
    for row in population.iter_rows(min_row=2):
        if row[0].value is None:
            continue
        if row[0].value >= 2030:
            for i in persons:
                row[i].value = round(row[i].value * growth)
        last = row
    for k in range(shift):
        population.append([last[0].value + 1 + k, "main", *(last[i].value for i in persons)])
    book.save(target)
    return target


@pytest.fixture(scope="module")
def baseline(solved_example):
    """The example's plan, solved once per test session (tests only read it)."""
    plan, run = solved_example(*HIGHS_PROOF, workbook=WORKBOOK)
    assert run.code == 0, run
    return plan


def _committed(path, first_year: int) -> set[tuple]:
    """The baseline's openings inside the new horizon's lead times: what re-planning must keep."""
    rows = load_workbook(WORKBOOK, read_only=True)["place_types"].iter_rows(values_only=True)
    header = next(rows)
    lead = {r[0]: r[header.index("lead_time_years")] for r in rows if r[0]}
    return {o for o in _openings(path) if first_year <= o[0] < first_year + lead[o[1]]}


def test_same_inputs_give_the_same_plan_place_for_place(baseline, tmp_path):
    run = run_cli("reoptimise", WORKBOOK, "--baseline", baseline, "-o", tmp_path / "same.xlsx", cwd=tmp_path)
    assert run.code == 0, run
    assert _openings(tmp_path / "same.xlsx") == _openings(baseline)
    changes = _changes(tmp_path / "same.xlsx")
    assert not [c for c in changes if c["kind"] in ("places", "project")]
    assert "No change in the openings" in run.stdout
    assert read_summary(tmp_path / "same.xlsx")["change_penalty"] == 0


def test_a_higher_prognosis_keeps_every_commitment_and_adds_places_later(baseline, tmp_path):
    source = _edited_example(tmp_path / "higher.xlsx", growth=1.05, shift=1)  # next year's inputs
    run = run_cli("reoptimise", source, "--baseline", baseline, "-o", tmp_path / "p.xlsx", "--json", cwd=tmp_path)
    assert run.code == 0, run
    payload = json.loads(run.stdout)
    committed = _committed(baseline, 2027)
    assert committed, "the example must have commitments for this to mean anything"
    assert committed <= _openings(tmp_path / "p.xlsx")
    assert payload["changed"] and payload["places_added"] > payload["places_removed"]
    # the yearly job reads what solve's --json gives: the plan's cost, its gap and where the time went
    assert (
        payload["objective"]
        == payload["npv_after"]
        == pytest.approx(read_summary(tmp_path / "p.xlsx")["objective_npv"])
    )
    assert payload["mip_gap"] is not None and payload["diagnosis_cost"] is None
    timings = payload["timings"]
    assert set(timings) == {"read_seconds", "solve_seconds", "write_seconds", "total_seconds"}
    assert all(v > 0 for v in timings.values())
    assert 0 < payload["solver_seconds"] <= timings["solve_seconds"]
    assert timings["total_seconds"] == pytest.approx(
        sum(v for k, v in timings.items() if k != "total_seconds"), abs=0.01
    )
    added = [c for c in _changes(tmp_path / "p.xlsx") if c["kind"] == "places" and c["difference"] > 0]
    assert min(c["year"] for c in added) >= 2030  # the growth starts in 2030: nothing earlier needs to move
    # the account names the cause, once: every age group grew alike, so one line says so for all four
    grown = [line for line in run.stderr.splitlines() if "higher than in the baseline's prognosis" in line]
    assert len(grown) == 1, grown
    assert "persons_67_79, persons_80_89, persons_80_plus and persons_90_plus are each up to 5.0% higher" in grown[0]
    assert "in 2030–2045 (persons_80_plus in 20" in grown[0]  # the bands' base gives the figures
    treated = {
        (c["year"], c["type"], c["source"]): c["note"]
        for c in _changes(tmp_path / "p.xlsx")
        if c["kind"] == "baseline_opening"
    }
    assert all(treated[o[:3]].startswith(COMMITTED) for o in committed)
    # the account names what was kept, each opening by its year and places, and why
    kept = [line for line in payload["account"] if line.startswith("Kept from ")]
    assert len(kept) == 1 and "(committed: their building has started;" in kept[0], payload["account"]
    assert kept[0].count(" places") == min(len(committed), 8)
    assert all(f", {o[0]}: {o[3]} places" in kept[0] for o in sorted(committed)[:8])
    overview = load_workbook(tmp_path / "p.xlsx", read_only=True)["Oversikt"]
    texts = [r[0] for r in overview.iter_rows(values_only=True) if r and r[0]]
    assert texts[0].endswith(f"lagt på nytt mot {baseline.name})")  # page 1 says it is a re-plan, and of what
    assert f"Endringer fra forrige plan ({baseline.name})" in texts
    assert any("høyere enn i forrige prognose" in t for t in texts)


def test_a_lower_prognosis_never_cancels_a_commitment(baseline, tmp_path):
    source = _edited_example(tmp_path / "lower.xlsx", growth=0.9, shift=1)
    run = run_cli("reoptimise", source, "--baseline", baseline, "-o", tmp_path / "p.xlsx", cwd=tmp_path)
    assert run.code == 0, run
    committed = _committed(baseline, 2027)
    assert committed and committed <= _openings(tmp_path / "p.xlsx")
    assert "lower than in the baseline's prognosis" in run.stdout


def test_freeze_until_keeps_every_opening_up_to_that_year_exactly(baseline, tmp_path):
    # a lower prognosis: re-planned freely, fewer places would open early; frozen, they open as decided
    source = _edited_example(tmp_path / "lower.xlsx", growth=0.95, shift=1)
    out = tmp_path / "p.xlsx"
    run = run_cli("reoptimise", source, "--baseline", baseline, "--freeze-until", 2034, "-o", out, cwd=tmp_path)
    assert run.code == 0, run
    free = run_cli("reoptimise", source, "--baseline", baseline, "-o", tmp_path / "free.xlsx", cwd=tmp_path)
    assert free.code == 0, free
    upto = {o for o in _openings(baseline) if 2027 <= o[0] <= 2034}
    assert {o for o in _openings(tmp_path / "free.xlsx") if o[0] <= 2034} != upto, "the freeze must matter here"
    assert {o for o in _openings(out) if o[0] <= 2034} == upto
    notes = [c["note"] for c in _changes(out) if c["kind"] == "baseline_opening" and 2027 <= c["year"] <= 2034]
    assert notes and all(n.startswith((COMMITTED, FROZEN)) for n in notes)
    assert read_summary(out)["freeze_until"] == 2034
    _, frozen = read_table(out, "conversions")
    _, base = read_table(baseline, "conversions")

    def upto_2034(rows):
        return {(r["year"], r["from_type"], r["to_type"], r["places"]) for r in rows if 2027 <= r["year"] <= 2034}

    assert upto_2034(frozen) == upto_2034(base)  # a frozen year is exactly last year's plan, conversions included


def test_the_change_penalty_moves_the_npv_by_no_more_than_it_documents(baseline, tmp_path):
    free = _edited_example(tmp_path / "free.xlsx", growth=1.05, shift=1, change_penalty_per_place=0)
    priced = _edited_example(tmp_path / "priced.xlsx", growth=1.05, shift=1, change_penalty_per_place=1000)
    for source, out in ((free, "free-plan.xlsx"), (priced, "priced-plan.xlsx")):
        run = run_cli("reoptimise", source, "--baseline", baseline, "-o", tmp_path / out, cwd=tmp_path)
        assert run.code == 0, run
    npv_free = read_summary(tmp_path / "free-plan.xlsx")["objective_npv"]
    npv_priced = read_summary(tmp_path / "priced-plan.xlsx")["objective_npv"]
    # the unpriced optimum is still open to the priced model, at the penalty times its places moved
    # (per source, type and year over the new horizon): the price of stability is bounded by that
    moved = _moved(baseline, tmp_path / "free-plan.xlsx", 2027, LAST + 1)
    assert moved > 0
    assert npv_free <= npv_priced + 1.0
    assert npv_priced - npv_free <= 1000 * moved + 1.0
    assert read_summary(tmp_path / "priced-plan.xlsx")["change_penalty"] <= 1000 * moved + 1e-6


def _moved(baseline, plan, first: int, last: int) -> int:
    """Σ |places opened − baseline's| per (source, type, year) over first..last."""

    def keyed(path):
        return {(o[2], o[1], o[0]): o[3] for o in _openings(path) if first <= o[0] <= last}

    a, b = keyed(baseline), keyed(plan)
    return sum(abs(a.get(k, 0) - b.get(k, 0)) for k in set(a) | set(b))


def test_if_changed_skips_when_the_inputs_are_the_baselines(baseline, tmp_path):
    source = _edited_example(tmp_path / "next.xlsx", growth=1.05, shift=1)
    first = run_cli(
        "reoptimise", source, "--baseline", baseline, "-o", tmp_path / "next-plan.xlsx", "--if-changed", cwd=tmp_path
    )
    assert first.code == 0, first
    assert "What changed:" in first.stdout and f"The horizon moved from 2026–{LAST} to 2027–{LAST + 1}" in first.stdout
    args = ["--baseline", tmp_path / "next-plan.xlsx", "-o", tmp_path / "x.xlsx", "--if-changed", "--json"]
    again = run_cli("reoptimise", source, *args, cwd=tmp_path)
    assert again.code == 0, again
    payload = json.loads(again.stdout)
    assert payload["status"] == "unchanged" and payload["changed"] is False and payload["output"] is None
    assert payload["objective"] is None and payload["timings"]["total_seconds"] > 0
    assert datetime.fromisoformat(payload["finished_at"]).tzinfo is not None  # the job's log says when it ran
    assert not (tmp_path / "x.xlsx").exists()


def _tiny(first: int = 2026, last: int = 2030, stock_rows=()) -> dict:
    """The small instance with short-term places buildable at once (lead time 0), so openings start in 2026."""
    sheets = feasible_sheets()
    sheets["place_types"][2][8] = 0  # institution_short: lead_time_years
    sheets["bands"][2][3] = 0.035  # short_term needs 35 places in 2026: 5 open (or are converted) at once
    sheets["conversions"][1][4] = 2026  # conversions from the first year, so the baseline converts early too
    for row in sheets["settings"]:
        if row[0] == "first_year":
            row[1] = first
        if row[0] == "last_year":
            row[1] = last
    sheets["population"] += [[y, 1230 + 60 * (y - 2030)] for y in range(2031, last + 1)]
    sheets["stock"] += [list(r) for r in stock_rows]
    return sheets


@pytest.mark.parametrize("listed", [False, True], ids=["added-with-a-warning", "already-in-stock"])
def test_openings_before_the_new_horizon_are_neither_lost_nor_counted_twice(tmp_path, listed):
    base_input = write_workbook(tmp_path / "base-in.xlsx", _tiny())
    run = run_cli("solve", base_input, "-o", tmp_path / "base.xlsx", cwd=tmp_path)
    assert run.code == 0, run
    early = [o for o in _openings(tmp_path / "base.xlsx") if o[0] == 2026 and o[1] == "institution_short"]
    assert early, "the baseline must open places in 2026 for this to mean anything"
    opened = sum(o[3] for o in early)
    extra_stock = [("Short unit 2", "institution_short", opened, 2026, None)] if listed else []
    new_input = write_workbook(tmp_path / "new-in.xlsx", _tiny(2027, 2031, extra_stock))
    run = run_cli(
        "reoptimise", new_input, "--baseline", tmp_path / "base.xlsx", "-o", tmp_path / "p.xlsx", cwd=tmp_path
    )
    assert run.code == 0, run
    assert ("add them to the stock sheet" in run.stderr) is not listed
    notes = {
        c["note"].split(";")[0]
        for c in _changes(tmp_path / "p.xlsx")
        if c["kind"] == "baseline_opening" and c["year"] == 2026
    }
    assert notes == {HAPPENED_IN_STOCK if listed else HAPPENED_ADDED}

    # per type, capacity(2027) − what 2027 opens and converts = the baseline's capacity in 2026:
    # every opening and conversion before the new horizon counted, and counted once
    _, base_capacity = read_table(tmp_path / "base.xlsx", "capacity")
    _, capacity = read_table(tmp_path / "p.xlsx", "capacity")
    _, conversions = read_table(tmp_path / "p.xlsx", "conversions")
    _, base_conversions = read_table(tmp_path / "base.xlsx", "conversions")
    assert any(r["year"] == 2026 for r in base_conversions), "the baseline must convert in 2026 to test that too"
    for k in ("institution_long", "institution_short"):
        cap = next(r["places"] for r in capacity if r["year"] == 2027 and r["type"] == k)
        new = sum(o[3] for o in _openings(tmp_path / "p.xlsx") if o[0] == 2027 and o[1] == k)
        moved = sum(
            r["places"] * ((r["to_type"] == k) - (r["from_type"] == k)) for r in conversions if r["year"] == 2027
        )
        before = next(r["places"] for r in base_capacity if r["year"] == 2026 and r["type"] == k)
        assert cap - new - moved == before, k


def test_diff_of_a_plan_with_itself_is_empty_and_of_two_plans_lists_the_moves(baseline, tmp_path):
    run = run_cli("diff", baseline, baseline, "-o", tmp_path / "d.xlsx", cwd=tmp_path)
    assert run.code == 0, run
    assert "No change in the openings" in run.stdout
    _, rows = read_table(tmp_path / "d.xlsx", "changes")
    assert not [r for r in rows if r["kind"] in ("places", "project")]
    source = _edited_example(tmp_path / "higher.xlsx", growth=1.05)
    assert run_cli("solve", source, "-o", tmp_path / "h.xlsx", cwd=tmp_path).code == 0
    run = run_cli("diff", baseline, tmp_path / "h.xlsx", cwd=tmp_path)
    assert run.code == 0, run
    assert "more places of" in run.stdout and "5.0% higher" in run.stdout


def test_bad_baselines_are_refused_with_exit_2_and_nothing_written(baseline, tmp_path):
    out = tmp_path / "out.xlsx"
    run = run_cli("diff", baseline, WORKBOOK, cwd=tmp_path)
    assert run.code == 2 and "plan B (the second): is not a plan workbook written by planner" in run.stderr, run
    assert "1 problem(s) found; nothing was compared or written." in run.stderr  # one mistake, one line
    shutil.copy(baseline, tmp_path / "a.xlsx")
    run = run_cli("diff", tmp_path / "a.xlsx", baseline, "-o", tmp_path / "a.xlsx", cwd=tmp_path)
    assert run.code == 2 and "-o would overwrite a plan being compared" in run.stderr, run
    assert read_summary(tmp_path / "a.xlsx")["status"] == "optimal"  # untouched
    run = run_cli("reoptimise", WORKBOOK, "--baseline", baseline, "--freeze-until", 2050, "-o", out, cwd=tmp_path)
    assert run.code == 2 and "--freeze-until: 2050 is outside the new horizon" in run.stderr, run
    run = run_cli("reoptimise", WORKBOOK, "--baseline", WORKBOOK, "-o", out, cwd=tmp_path)
    assert run.code == 2 and "the baseline (--baseline): is not a plan workbook written by planner" in run.stderr, run

    tight = load_workbook(WORKBOOK)
    tight["bands"]["D4"], tight["bands"]["E4"] = 0.045, 0.05
    tight.save(tmp_path / "tight.xlsx")
    assert run_cli("solve", tmp_path / "tight.xlsx", "-o", tmp_path / "diag.xlsx", cwd=tmp_path).code == 3
    run = run_cli("reoptimise", WORKBOOK, "--baseline", tmp_path / "diag.xlsx", "-o", out, cwd=tmp_path)
    assert run.code == 2 and "its status is infeasible" in run.stderr, run

    gone, built = load_workbook(WORKBOOK), next(o[2] for o in sorted(_openings(baseline)) if o[2] != "new")
    for sheet in ("projects", "project_mix"):
        ws = gone[sheet]
        for row in range(ws.max_row, 1, -1):
            if ws.cell(row, 1).value == built:
                ws.delete_rows(row)
    gone.save(tmp_path / "gone.xlsx")
    run = run_cli("reoptimise", tmp_path / "gone.xlsx", "--baseline", baseline, "-o", out, "--json", cwd=tmp_path)
    assert run.code == 2, run
    assert built in run.stderr and "keep them in projects and project_mix" in run.stderr
    assert json.loads(run.stdout)["status"] == "invalid_input"
    assert not out.exists()

    shutil.copy(baseline, tmp_path / "copy.xlsx")
    run = run_cli("reoptimise", WORKBOOK, "--baseline", tmp_path / "missing.xlsx", "-o", out, cwd=tmp_path)
    assert run.code == 2 and "file not found" in run.stderr, run


def test_diff_and_reoptimise_through_clicks_runner(baseline, tmp_path):
    """The commands are thin layers over planner.commands.reoptimise: the same through click's CliRunner, in-process."""
    from click.testing import CliRunner

    from planner.cli import main

    runner = CliRunner()
    result = runner.invoke(main, ["diff", str(baseline), str(baseline)])
    assert result.exit_code == 0, result.output
    assert "No change in the openings" in result.output
    out = tmp_path / "same.xlsx"
    result = runner.invoke(main, ["reoptimise", str(WORKBOOK), "--baseline", str(baseline), "-o", str(out), "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout.strip().splitlines()[-1])
    assert payload["changed"] is False and payload["npv_after"] == pytest.approx(payload["npv_before"], rel=1e-9)


def test_a_commitment_that_is_not_whole_modules_of_the_new_inputs_is_refused():
    from test_model_rules import planning_input, ptype

    from models.reoptimise import BaselineMismatch, Opening, carry_forward

    data = planning_input([ptype("A", lead=3, module=4)], [0, 0, 0])
    with pytest.raises(BaselineMismatch, match=r"6 A places in 2026 \(module_size 4\)"):
        carry_forward(data, [Opening(2026, "A", "new", 6)])
    planned, treatments = carry_forward(data, [Opening(2026, "A", "new", 8)])
    assert [c.places for c in planned.commitments] == [8] and treatments[0].how == COMMITTED


# ---- re-planning that cannot be fooled: whose plan, what changed, the options solve has -------------


def test_a_baseline_of_another_municipality_is_refused_with_exit_2(baseline, tmp_path):
    book = load_workbook(baseline)  # the same plan, but made for Oslo as its summary records
    row = next(r for r in book["summary"].iter_rows(min_row=2) if r[0].value == "municipality")
    row[1].value = "0301 Oslo"
    book.save(tmp_path / "oslo-plan.xlsx")
    out = tmp_path / "re.xlsx"
    run = run_cli("reoptimise", WORKBOOK, "--baseline", tmp_path / "oslo-plan.xlsx", "-o", out, cwd=tmp_path)
    assert run.code == 2, run
    assert f"oslo-plan.xlsx: is a plan for 0301 Oslo, but {WORKBOOK.name} is for 3201 Bærum" in run.stderr
    assert not out.exists()
    assert read_summary(baseline)["municipality"] == "3201 Bærum"  # every plan records it


def test_a_side_that_does_not_say_its_municipality_is_warned_of(baseline, tmp_path):
    nameless = _edited_example(tmp_path / "nameless.xlsx", municipality=None)
    run = run_cli("reoptimise", nameless, "--baseline", baseline, "-o", tmp_path / "re.xlsx", cwd=tmp_path)
    assert run.code == 0, run
    assert "nameless.xlsx does not say which municipality it is for" in run.stderr


def test_a_municipality_is_the_same_by_number_or_by_name():
    from planner.commands.reoptimise import same_municipality

    assert same_municipality("3201 Bærum", "Bærum") is True  # names compared when one has no number
    assert same_municipality("3201", "3201 Bærum kommune") is True
    assert same_municipality("3201 Bærum", "0301 Oslo") is False
    assert same_municipality("bærum", "BÆRUM") is True
    assert same_municipality("3201 Bærum", "Bærum kommune") is True
    assert same_municipality("0301 Oslo", "301 Oslo") is True  # numbers as numbers
    assert same_municipality("3201 Bærum", "3024 Bærum") is None  # renumbered in a reform: warned of, not refused
    assert same_municipality("3201", "Bærum") is None  # cannot tell: warned of, not refused


def test_the_account_names_a_cut_stock_row_with_labels_and_a_single_place(baseline, tmp_path):
    cut = tmp_path / "cut.xlsx"
    book = load_workbook(WORKBOOK)
    row = next(r for r in book["stock"].iter_rows(min_row=2) if r[1].value == "institution_long")
    site, places = row[0].value, row[2].value
    row[2].value = places - 40
    book.save(cut)
    run = run_cli("reoptimise", cut, "--baseline", baseline, "-o", tmp_path / "re.xlsx", "--lang", "en", cwd=tmp_path)
    assert run.code == 0, run
    expected = f"stock: {site} (Sykehjem, langtidsplass) has {places - 40} places in 2026–{LAST} where the baseline's"
    assert expected in run.stdout
    assert "of institution_" not in run.stdout and "of service_housing" not in run.stdout  # labels, not keys


def test_one_place_is_said_in_the_singular():
    from planner.outputs.words import Words

    assert (
        Words("en")("opened_more", count=1, type="Omsorgsbolig", year=2030)
        == "1 more place of Omsorgsbolig opens in 2030"
    )
    assert Words("en")("opened_more", count=2, type="X", year=2030) == "2 more places of X open in 2030"
    assert Words("nb")("opened_fewer", count=1, type="X", year=2030) == "1 plass færre av typen X åpner i 2030"


def test_reoptimise_takes_solves_planning_options(baseline, tmp_path):
    out = tmp_path / "re.xlsx"
    options = ("--compare-ratio", "--lang", "en", "--scenario", "main", "--solver", "highs")
    run = run_cli("reoptimise", WORKBOOK, "--baseline", baseline, "-o", out, *options, cwd=tmp_path)
    assert run.code == 0, run
    assert "Ratio rule (today's practice)" in run.stdout
    summary = read_summary(out)
    assert summary["method"] == "reoptimise" and summary["language"] == "en" and summary["ratio_npv"] > 0
    help_text = run_cli("reoptimise", "--help", cwd=tmp_path).stdout
    for option in ("--scenario", "--robust", "--band-costs", "--compare-ratio", "--verify", "--lang", "--workers"):
        assert option in help_text


def test_an_unchanged_cost_reads_as_no_change_not_as_minus_nothing():
    """The re-plan account's difference: 'before, now (0 M NOK)' for float noise, signed otherwise."""
    from planner.outputs.words import Words

    for lang, minus in (("nb", "\u2212"), ("en", "-")):
        say = Words(lang)
        assert say.signed(-0.0001) == "0" and say.signed(0.4) == "0"
        assert say.signed(39.4) == "+39" and say.signed(-39.4) == f"{minus}39"


def test_re_planning_solves_default_plan_writes_beside_it_by_default(tmp_path):
    """solve INPUT then reoptimise INPUT --baseline outputs/INPUT-plan.xlsx, both without -o (the usual yearly
    step): the re-plan goes to outputs/INPUT-replan.xlsx, the baseline kept as it was."""
    source = write_workbook(tmp_path / "tiny.xlsx", _tiny())
    assert run_cli("solve", source, cwd=tmp_path).code == 0
    baseline = tmp_path / "outputs" / "tiny-plan.xlsx"
    before = baseline.read_bytes()
    run = run_cli("reoptimise", source, "--baseline", Path("outputs") / "tiny-plan.xlsx", cwd=tmp_path)
    assert run.code == 0, run
    assert (tmp_path / "outputs" / "tiny-replan.xlsx").exists() and baseline.read_bytes() == before
    assert "tiny-replan.xlsx" in run.stdout


def test_a_changed_input_figure_is_said_with_thousands_apart(tmp_path):
    """Read back from a plan, the input sheets hold numpy numbers: 'from 1156000 to 1250000' read as text."""
    import numpy as np
    import pandas as pd

    from planner.inputs.plans import PlanBook
    from planner.outputs.changes import _input_account
    from planner.outputs.words import Words

    def book(operating, share) -> PlanBook:
        types = pd.DataFrame({"type": ["service_housing"], "operating_per_place_year": [np.int64(operating)]})
        bands = pd.DataFrame({"band": ["short_term"], "min_share": [np.float64(share)]})
        return PlanBook("x.xlsx", {}, pd.DataFrame(), pd.DataFrame(), {"place_types": types, "bands": bands})

    lines = _input_account(book(1156000, 0.035), book(1250000, 0.04), Words("en"), {"service_housing": "Housing"})
    assert "place_types: operating_per_place_year of Housing changed from 1,156,000 to 1,250,000." in lines
    assert "bands: min_share of short_term changed from 0.035 to 0.04." in lines
    nb = _input_account(book(1156000, 0.035), book(1250000, 0.04), Words("nb"), {})
    assert any("fra 1 156 000 til 1 250 000" in line for line in nb) and any("0,035" in line for line in nb), nb


def test_an_infeasible_freeze_names_the_frozen_conversions_too(tmp_path):
    """Frozen up to 2027 and a short-term band raised for every year: nothing up to 2027 may change, so the bands
    cannot hold there; the message names what was kept, the baseline's 2026 conversion among it."""
    run = run_cli("solve", write_workbook(tmp_path / "in.xlsx", _tiny()), "-o", tmp_path / "base.xlsx", cwd=tmp_path)
    assert run.code == 0, run
    _, converted = read_table(tmp_path / "base.xlsx", "conversions")
    early = [r for r in converted if r["year"] == 2026 and r["places"]]
    assert early, "the baseline must convert in 2026 for this to mean anything"
    sheets = _tiny()
    sheets["bands"][2][3:5] = [0.045, 0.05]  # short_term: 45 places from 2026 on, where the baseline has 35
    tighter = write_workbook(tmp_path / "tighter.xlsx", sheets)
    args = ["--baseline", tmp_path / "base.xlsx", "--freeze-until", 2027, "-o", tmp_path / "p.xlsx"]
    run = run_cli("reoptimise", tighter, *args, cwd=tmp_path)
    assert run.code == 3, run
    r = early[0]
    conversion = f"{r['places']} {r['from_type']} to {r['to_type']} in 2026"
    assert "and up to 2027 the baseline's conversions and site works, no others (conversions " in run.stdout
    assert conversion in run.stdout
