"""planner prognosis: SSB's projection (JSON-stat 2.0, CSV) to the population sheet."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import REPO, feasible_sheets, read_table, run_cli, sha256, write_workbook
from openpyxl import load_workbook

from planner.inputs.ssb.codes import parse_age
from planner.inputs.ssb.jsonstat import jsonstat_cells
from planner.inputs.ssb.prognosis import COLUMNS, prognosis_from_file, read_projection
from planner.problems import InputError

FIXTURES = Path(__file__).resolve().parent / "fixtures"
JSON, CSV = FIXTURES / "prognosis.json", FIXTURES / "prognosis.csv"


def by_hand(region_base: int, ages: list[int], low_alt: bool, year_step: int) -> int:
    """The fixture's value() summed over both sexes: men base+age, women base+100+age (+5000 LHML, +10/year)."""
    one = sum(region_base + age + (5000 if low_alt else 0) + 10 * year_step for age in ages)
    return 2 * one + 100 * len(ages)


@pytest.mark.parametrize("source", ["prognosis.json", "prognosis-sparse.json", "prognosis.csv"])
def test_hand_computed_totals_for_each_column(source):
    result = prognosis_from_file(FIXTURES / source, "3201")
    table = result.table
    assert list(table.columns) == COLUMNS
    assert result.scenarios == ["MMMM", "LHML"] and result.years == [2026, 2027, 2028]
    bands = {"persons_67_79": [67, 68, 79], "persons_80_plus": [80, 81, 89, 90, 91, 105]}
    bands |= {"persons_80_89": [80, 81, 89], "persons_90_plus": [90, 91, 105]}
    for row in table.itertuples(index=False):
        for column, ages in bands.items():
            expected = by_hand(1000, ages, row.scenario == "LHML", row.year - 2026)
            assert getattr(row, column) == expected, (source, row, column)
    first = table.iloc[0]
    # spelled out once: MMMM 2026, 80-89 = men 1080+1081+1089 = 3250, women 3550
    assert (first["persons_80_89"], first["persons_90_plus"], first["persons_80_plus"]) == (6800, 6872, 13672)
    assert first["persons_67_79"] == 2 * (1067 + 1068 + 1079) + 300  # 6728
    # the fixture has only some ages: each band says which it lacks
    assert any("69–78" in w for w in result.warnings)


def test_other_region_and_csv_equals_json():
    oslo = prognosis_from_file(JSON, "0301").table
    assert oslo.iloc[0]["persons_80_89"] == by_hand(2000, [80, 81, 89], False, 0)
    assert prognosis_from_file(CSV, "0301").table.equals(oslo)


def refused(function, *args) -> str:
    """The one problem ``function(*args)`` raises, as the command line prints it."""
    with pytest.raises(InputError) as caught:
        function(*args)
    return str(caught.value.problems[0])


# ---- the JSON-stat 2.0 reader against the specification's rules -----------------------------------


def spec_dataset(**changes) -> dict:
    """Three dimensions A (3), B (2), C (4): value index = a*8 + b*4 + c (row-major, last fastest)."""
    ds = {
        "version": "2.0",
        "class": "dataset",
        "id": ["A", "B", "C"],
        "size": [3, 2, 4],
        "dimension": {
            "A": {"category": {"index": ["a1", "a2", "a3"]}},
            "B": {"category": {"index": {"b1": 0, "b2": 1}}},
            "C": {"category": {"index": {"c4": 3, "c1": 0, "c2": 1, "c3": 2}}},
        },
        "value": list(range(24)),
    }
    ds.update(changes)
    return ds


def test_jsonstat_row_major_order_and_index_forms():
    ids, categories, cells = jsonstat_cells(spec_dataset())
    assert ids == ["A", "B", "C"]
    assert categories == [["a1", "a2", "a3"], ["b1", "b2"], ["c1", "c2", "c3", "c4"]]
    # the spec's rule: A=a2, B=b2, C=c3 is at 1*(2*4) + 1*4 + 2 = 14
    assert cells[14] == (14, 14, None)


def test_jsonstat_sparse_value_object_and_status_forms():
    _, _, cells = jsonstat_cells(spec_dataset(value={"0": 1.5, "14": 7}))
    assert [c[1] for c in cells if c[1] is not None] == [1.5, 7] and cells[5][1] is None
    _, _, cells = jsonstat_cells(spec_dataset(status="e"))
    assert {c[2] for c in cells} == {"e"}
    _, _, cells = jsonstat_cells(spec_dataset(status={"3": ".."}))
    assert cells[3][2] == ".." and cells[4][2] is None
    _, _, cells = jsonstat_cells(spec_dataset(status=["a"] * 24))
    assert cells[23][2] == "a"


def test_jsonstat_single_category_without_index():
    ds = spec_dataset()
    ds["dimension"]["A"] = {"category": {"label": {"only": "The only one"}}}
    ds["size"] = [1, 2, 4]
    ds["value"] = list(range(8))
    _, categories, _ = jsonstat_cells(ds)
    assert categories[0] == ["only"]


def test_jsonstat_value_count_must_match_sizes(tmp_path):
    assert "'value' has 5 items" in refused(jsonstat_cells, spec_dataset(value=[1, 2, 3, 4, 5]))


@pytest.mark.parametrize(
    ("label", "parsed"),
    [("80 år", (80, 80)), ("105 år eller eldre", (105, None)), ("105+", (105, None)), ("80-84 år", (80, 84))],
)
def test_age_labels(label, parsed):
    assert parse_age("", label) == parsed


# ---- errors -------------------------------------------------------------------------------------


def test_status_marked_missing_value_is_an_error_when_needed():
    with pytest.raises(InputError) as caught:
        prognosis_from_file(FIXTURES / "prognosis-missing.json", "3201")
    text = str(caught.value.problems[0])
    for part in ("3201", "90 år", "2027", "LHML", "Kvinner"):
        assert part in text
    # Oslo's missing cell is age 66, which no column needs
    assert prognosis_from_file(FIXTURES / "prognosis-missing.json", "0301").table.shape == (6, 6)


@pytest.mark.parametrize(
    ("fixture", "region", "words"),
    [
        ("prognosis-no-age.json", "3201", ["no age dimension", "Alder"]),
        ("prognosis.json", "9999", ["no region '9999'", "3201 Bærum", "0301 Oslo"]),
        ("prognosis.csv", "4601", ["no region '4601'", "3201 Bærum"]),
        ("prognosis-gap.json", "3201", ["2027 to 2029"]),
    ],
)
def test_errors_name_file_and_what_to_do(fixture, region, words):
    with pytest.raises(InputError) as caught:
        prognosis_from_file(FIXTURES / fixture, region)
    text = str(caught.value.problems[0])
    assert text.startswith(fixture)
    for word in words:
        assert word in text


def test_csv_without_age_column(tmp_path):
    path = tmp_path / "no-age.csv"
    path.write_text('"region";"kjønn";"år";"Hovedalternativet (MMMM)"\n"3201 Bærum";"Menn";"2026";5\n')
    assert "no age column (alder)" in refused(read_projection, path)


def test_csv_long_form_with_alternative_column_and_decimal_comma(tmp_path):
    path = tmp_path / "long.csv"
    lines = ['"region";"kjønn";"alder";"statistikkvariabel";"år";"Framskrevet folkemengde"']
    for sex in ("Menn", "Kvinner"):
        for age in ("80 år", "105 år eller eldre"):
            for alt in ("Hovedalternativet (MMMM)", "Lav nasjonal vekst (LLML)"):
                lines.append(f'"3201 Bærum";"{sex}";"{age}";"{alt}";"2030";"1 000,5"')
    path.write_text("\n".join(lines), encoding="cp1252")
    table = prognosis_from_file(path, "3201").table
    assert list(table["scenario"]) == ["MMMM", "LLML"]
    assert table.iloc[0]["persons_80_plus"] == pytest.approx(4002.0)
    assert table.iloc[0]["persons_90_plus"] == pytest.approx(2001.0)


def test_neither_json_stat_nor_csv(tmp_path):
    path = tmp_path / "picture.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    assert "neither JSON-stat 2.0 nor" in refused(read_projection, path)
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"hello": "world"}))
    assert "not a JSON-stat 2.0 dataset" in refused(read_projection, other)


# ---- the command line ---------------------------------------------------------------------------


def test_cli_writes_population_sheet_alone(tmp_path):
    run = run_cli("prognosis", JSON, "--region", "3201", "-o", "new.xlsx", cwd=tmp_path)
    assert run.code == 0, run
    assert "MMMM, LHML" in run.stdout and "warning" in run.stderr
    book = load_workbook(tmp_path / "new.xlsx")
    assert book.sheetnames == ["population"]
    header, rows = read_table(tmp_path / "new.xlsx", "population")
    assert header == COLUMNS and len(rows) == 6
    assert rows[0] == {"year": 2026, "scenario": "MMMM", "persons_67_79": 6728, "persons_80_plus": 13672} | {
        "persons_80_89": 6800,
        "persons_90_plus": 6872,
    }


def test_cli_into_keeps_other_sheets_sets_the_main_alternative_and_validates(tmp_path):
    sheets = feasible_sheets()
    sheets["settings"][1][1], sheets["settings"][2][1] = 2026, 2028  # the fixture's years
    sheets["settings"].append(["scenario", "main", None])  # the old sheet's name, not in SSB's file
    sheets["stock"][1][2], sheets["stock"][2][2] = 2_700, 480  # enough for Bærum's 80+ (about 14,000)
    sheets["stock"].append(["Formula-looking", "institution_long", 1, None, None])
    inputs = write_workbook(tmp_path / "inputs.xlsx", sheets)
    book = load_workbook(inputs)  # a site name that looks like a formula must stay text
    book["stock"]["A4"].value, book["stock"]["A4"].data_type = "=1+1", "s"
    book.save(inputs)
    before = sha256(inputs)
    run = run_cli("prognosis", CSV, "--region", "3201", "--into", inputs, "-o", "next.xlsx", cwd=tmp_path)
    assert run.code == 0, run
    assert "In next.xlsx's settings, scenario is now MMMM (SSB's main alternative; it was main)." in run.stdout
    assert sha256(inputs) == before  # never modified
    new = load_workbook(tmp_path / "next.xlsx")
    old = load_workbook(inputs)
    assert new.sheetnames == old.sheetnames
    for name in old.sheetnames:
        if name not in ("population", "settings"):
            assert [list(r) for r in new[name].iter_rows(values_only=True)] == [
                list(r) for r in old[name].iter_rows(values_only=True)
            ], name
    assert new["stock"]["A4"].value == "=1+1" and new["stock"]["A4"].data_type == "s"
    settings = [list(r) for r in new["settings"].iter_rows(values_only=True)]
    assert settings == [
        r if r[0] != "scenario" else ["scenario", "MMMM", None]
        for r in old["settings"].iter_rows(values_only=True)
        for r in [list(r)]
    ]
    run = run_cli("validate", "next.xlsx", cwd=tmp_path)  # the planner validate it suggests
    assert run.code == 0, run
    assert "hard bands can be met" in run.stdout


def test_cli_refuses_to_overwrite_an_input(tmp_path):
    copy = shutil.copy(JSON, tmp_path / "p.json")
    run = run_cli("prognosis", copy, "--region", "3201", "-o", copy, cwd=tmp_path)
    assert run.code == 2 and "overwrite" in run.stderr
    inputs = write_workbook(tmp_path / "inputs.xlsx", feasible_sheets())
    before = sha256(inputs)
    run = run_cli("prognosis", copy, "--region", "3201", "--into", inputs, "-o", inputs, cwd=tmp_path)
    assert run.code == 2 and "--into" in run.stderr and sha256(inputs) == before


@pytest.mark.parametrize(
    ("fixture", "region"),
    [("prognosis-no-age.json", "3201"), ("prognosis.json", "9999"), ("prognosis-gap.json", "3201")],
)
def test_cli_bad_input_exits_2_and_writes_nothing(tmp_path, fixture, region):
    run = run_cli("prognosis", FIXTURES / fixture, "--region", region, "-o", "x.xlsx", cwd=tmp_path)
    assert run.code == 2, run
    assert run.stderr.startswith(fixture)
    assert not (tmp_path / "x.xlsx").exists()


def test_cli_missing_region_option_is_usage_error(tmp_path):
    run = run_cli("prognosis", JSON, "-o", "x.xlsx", cwd=tmp_path)
    assert run.code == 2 and "--region" in run.stderr


def test_fixtures_are_what_the_script_makes(tmp_path, monkeypatch):
    import make_prognosis_fixtures as maker

    monkeypatch.setattr(maker, "HERE", tmp_path)
    maker.write_all()
    for made in tmp_path.iterdir():
        assert made.read_bytes() == (FIXTURES / made.name).read_bytes(), made.name


def test_into_follows_the_settings_whatever_their_spelling(tmp_path):
    """'Scenario' = mmmm and a robust list with names in other cases or gone: validate must still pass after."""
    book = load_workbook(REPO / "inputs" / "baerum_new_places.xlsx")
    ws = book["settings"]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == "scenario":
            row[0].value, row[1].value = "Scenario", "mmmm"
    ws.append(["robust", "yes", None])
    ws.append(["robust_scenarios", "LLML, hhmh, MMMM", None])
    book.save(tmp_path / "in.xlsx")
    projection = REPO / "tests" / "fixtures" / "baerum-projection.json"  # MMMM, LHML, HHMH
    run = run_cli("prognosis", projection, "--region", "3201", "--into", "in.xlsx", "-o", "next.xlsx", cwd=tmp_path)
    assert run.code == 0, run
    settings = {r[0]: r[1] for r in load_workbook(tmp_path / "next.xlsx")["settings"].iter_rows(values_only=True)}
    assert settings["Scenario"] == "MMMM" and settings["robust_scenarios"] == "HHMH"
    assert "robust_scenarios no longer names LLML" in run.stdout
    checked = run_cli("validate", "next.xlsx", "--no-band-check", cwd=tmp_path)
    assert checked.code == 0, checked
