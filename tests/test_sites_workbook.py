"""The sites, purchases and sales sheets through the real command: what a user gets for a good and a bad workbook."""

from __future__ import annotations

from conftest import FIRST, LAST, feasible_sheets, header, read_table, write_workbook
from openpyxl import load_workbook
from recalc import formula_cells, mismatches, recalculate_with_formulas


def _with_sites(sheets: dict) -> dict:
    """The small instance with its old home as a decision, a provider and a buyer (2026–2030); its types say what
    KOSTRA counts them as, so the plan has its key figures."""
    types = sheets["place_types"]
    types[0] = [*types[0], "kostra"]
    for row, kind in zip(types[1:], ("long_term", "short_term"), strict=True):
        row.append(kind)
    sheets["settings"].append(["max_sold_share", "10 %", None])
    sheets["sites"] = [
        header("sites"),
        ["Old home", 2_000_000, 2028, 900_000, 300_000, 1, 30, None, "no", 0],
        ["Short unit", 500_000, None, None, 0, 0, 30, None, "yes", 100_000],
    ]
    sheets["purchases"] = [header("purchases"), ["Private AS", "institution_long", 1_500_000, 0, 40, None, None, 2]]
    sheets["sales"] = [header("sales"), ["Neighbour", "institution_long", 1_300_000, 20, None, None]]
    return sheets


def test_a_plan_with_sites_bought_and_sold_places_writes_their_sheets(tmp_path, cli):
    book = write_workbook(tmp_path / "sites.xlsx", _with_sites(feasible_sheets()))
    run = cli("solve", book, "-o", "plan.xlsx", "--lang", "en")
    assert run.code == 0, run
    plan = tmp_path / "plan.xlsx"
    _, decisions = read_table(plan, "site_decisions")
    # the old home's life ends in 2028: from 2029 it is renovated (its works then) or closed
    assert any(d["site"] == "Old home" and d["decision"] in ("renovate", "close") for d in decisions), decisions
    header_, _ = read_table(plan, "purchased")
    assert header_ == ["provider", "type", "year", "places", "cost"]
    header_, sold = read_table(plan, "sold")
    assert header_ == ["buyer", "type", "year", "places", "income"]
    _, capacity = read_table(plan, "capacity")
    own = {(r["year"], r["type"]): r["places"] for r in capacity}
    for r in sold:  # at most 10 % of the type's own places in service
        assert r["places"] <= 0.10 * own[r["year"], r["type"]] + 1e-9
    _, costs = read_table(plan, "costs")
    for row in costs:  # the net cost adds up with the new components, each with its sign
        parts = (
            row["investment"]
            - row["grants"]
            + row["fixed_costs"]
            + row["conversion_costs"]
            + row["operating"]
            - row["rent_income"]
            + row["fixed_operating"]
            + row["renovation"]
            - row["renovation_grants"]
            + row["closure_costs"]
            + row["purchases"]
            - row["sales_income"]
        )
        assert abs(parts - row["net_cost"]) < 1e-3 * max(1.0, abs(row["net_cost"]))
    # the people sheets' formulas (in service less the sites' places out, plus bought, less sold) give the model's
    assert mismatches(formula_cells(plan), recalculate_with_formulas(plan)) == []
    # KOSTRA's institution places available to the municipality: own in service + bought − sold, every year
    _, bought = read_table(plan, "purchased")
    expected = {year: sum(r["places"] for r in capacity if r["year"] == year) for year in range(FIRST, LAST + 1)}
    for rows, sign in ((bought, 1), (sold, -1)):
        for r in rows:
            expected[r["year"]] += sign * r["places"]
    people = load_workbook(plan, read_only=True, data_only=True)
    # the sites sheet: a row per site, with what the plan does with it
    rows = {r[0]: r for r in people["Sites"].iter_rows(values_only=True) if r[0] in ("Old home", "Short unit")}
    assert rows["Old home"][3] == "closed 2029" and rows["Short unit"][3] == "kept"
    assert rows["Old home"][4] > 0 and rows["Old home"][6] > 0  # its cost kept and a new place's, per place-year
    overview = " ".join(str(r[0]) for r in people["Overview"].iter_rows(values_only=True) if r and r[0])
    assert "Of the existing sites: Old home closed 2029." in overview
    assert f"sells {sum(r['places'] for r in sold)} place-years (sold places do not count toward the bands)" in overview
    # the rows of places sold carry their price (bought ones their contract's terms too: test_plan_review)
    labels = [str(r[0]) for r in people["Plan by year"].iter_rows(values_only=True) if r and r[0]]
    assert "Neighbour: Long-term institution, sold (NOK 1.30 million a place-year)" in labels
    sheet = people["Key figures (KOSTRA)"]
    [row] = [r for r in sheet.iter_rows(values_only=True) if r[0] and "KOSinstdispplass" in str(r[0])]
    assert list(row[1 : 1 + LAST - FIRST + 1]) == [expected[y] for y in range(FIRST, LAST + 1)]


def test_every_mistake_in_the_new_sheets_is_named_by_sheet_row_and_column(tmp_path, cli):
    sheets = _with_sites(feasible_sheets())
    sheets["settings"].append(["max_sold_share", 1.5, None])
    sheets["settings"].pop(-2)  # the good max_sold_share, so the bad one is the only one
    sheets["sites"] += [
        ["Nowhere", 0, None, None, 0, 0, 30, None, "no", 0],  # no stock row
        ["Old home", 0, None, None, 0, 0, 30, None, "no", 0],  # twice
    ]
    sheets["sites"][1][5] = LAST - FIRST + 2  # works longer than the horizon
    sheets["purchases"].append(["Other AS", "institution_long", 1_000_000, 30, 20, None, None, 1])  # min > max
    sheets["purchases"].append(["Third AS", "no_such_type", 1_000_000, 0, 20, None, None, 1])
    sheets["sales"].append(["Neighbour", "institution_long", 1_000_000, 5, None, None])  # twice
    run = cli("validate", write_workbook(tmp_path / "bad.xlsx", sheets))
    assert run.code == 2, run
    out = run.stdout + run.stderr
    for expected in (
        "sheet 'settings', row 7, column value (B): setting max_sold_share",
        "sheet 'sites', row 2, column renovation_years",
        "longer than the horizon",
        "sheet 'sites', row 4, column site (A): 'Nowhere' has no places in the stock sheet",
        "sheet 'sites', row 5, column site (A): 'Old home' is listed twice",
        "sheet 'purchases', row 3, column min_places",
        "sheet 'purchases', row 4, column type (B): 'no_such_type' is not a type",
        "sheet 'sales', row 3, column buyer (A): 'Neighbour' with type 'institution_long' is listed twice",
    ):
        assert expected in out, f"{expected!r} not in\n{out}"


def test_an_unknown_sheet_is_named_in_a_warning_by_validate(tmp_path, cli):
    """A 'kjøp' sheet is not read: validate still passes, and says so with the sheets it reads."""
    sheets = feasible_sheets()
    sheets["kjøp"] = [["provider", "type"], ["Private AS", "institution_long"]]
    run = cli("validate", write_workbook(tmp_path / "extra.xlsx", sheets), "--no-band-check")
    assert run.code == 0, run
    assert "sheet 'kjøp': is not a sheet the planner reads; it is ignored" in run.stdout + run.stderr


def test_reoptimise_keeps_site_decisions_frozen_and_lists_a_moved_one(tmp_path, cli):
    """Re-planned on the same input (--freeze-until 2028), the old home's closure in 2029 stays and the changes
    sheet has no site row; re-planned on the input without its sites sheet, the closure is gone, and the changes
    sheet and the account on screen say so."""
    book = write_workbook(tmp_path / "sites.xlsx", _with_sites(feasible_sheets()))
    assert cli("solve", book, "-o", "plan.xlsx").code == 0
    run = cli("reoptimise", book, "--baseline", "plan.xlsx", "--freeze-until", "2028", "-o", "next.xlsx")
    assert run.code == 0, run
    _, before = read_table(tmp_path / "plan.xlsx", "site_decisions")
    _, after = read_table(tmp_path / "next.xlsx", "site_decisions")
    assert before == after
    _, changes = read_table(tmp_path / "next.xlsx", "changes")
    assert [c for c in changes if c["kind"] == "site"] == []
    # the same input without the sites sheet: the home is kept, and the account says the closure is gone
    sheets = feasible_sheets()
    plain = write_workbook(tmp_path / "plain.xlsx", sheets)
    run = cli("reoptimise", plain, "--baseline", "plan.xlsx", "-o", "kept.xlsx")
    assert run.code == 0, run
    _, changes = read_table(tmp_path / "kept.xlsx", "changes")
    site_rows = [c for c in changes if c["kind"] == "site"]
    assert [(c["source"], c["type"], c["baseline"], c["new"]) for c in site_rows] == [("Old home", "close", 2029, None)]
    assert "Old home no longer closes (the baseline: in 2029)" in run.stdout
