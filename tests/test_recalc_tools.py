"""The recalculation helpers in tests/recalc.py find a wrong cached value, and only that one.

The workbooks here are written like the plan workbooks: XlsxWriter, ``write_formula`` with a cached
value, sheet names with spaces and Norwegian letters, cross-sheet references, SUM, SUMPRODUCT,
MAX, MIN, IF giving text, the power operator and division. The cached values are worked out in
plain Python here, not by either recalculation route, so a route that returned the cached values
unchanged, or computed nonsense, would fail.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import recalc
import xlsxwriter
from recalc import (
    LibreOfficeError,
    convert_to_pdf,
    formula_cells,
    libreoffice_available,
    mismatches,
    read_values,
    recalculate_with_formulas,
    recalculate_with_libreoffice,
)

COSTS = "Kostnader per år"
OVERVIEW = "Oversikt"

YEARS = [2025, 2026, 2027, 2028, 2029]
COST = [1_250_000.5, 980_000.0, 1_410_250.25, 0.0, 2_000_000.75]
PLACES = [12, 0, 7, 3, 15]
RATE = 0.04
MINIMUM = 10


def _expected() -> dict[tuple[str, str], tuple[str, object]]:
    """Every formula of the test workbook with its correct value, worked out in Python."""
    costs = f"'{COSTS}'"
    cells: dict[tuple[str, str], tuple[str, object]] = {}
    factors = []
    for i, year in enumerate(YEARS):
        row = i + 2
        factor = 1 / (1 + RATE) ** (year - YEARS[0])
        factors.append(factor)
        cells[(COSTS, f"D{row}")] = (f"=1/(1+$F$1)^(A{row}-$F$2)", factor)
        cells[(COSTS, f"E{row}")] = (f"=B{row}*D{row}", COST[i] * factor)
        cells[(COSTS, f"G{row}")] = (f'=IF(C{row}=0,"",B{row}/C{row})', "" if PLACES[i] == 0 else COST[i] / PLACES[i])
    cells[(COSTS, "B7")] = ("=SUM(B2:B6)", sum(COST))
    cells[(COSTS, "C7")] = ("=SUM(C2:C6)", sum(PLACES))
    cells[(COSTS, "E7")] = ("=SUM(E2:E6)", sum(c * f for c, f in zip(COST, factors, strict=True)))

    cells[(OVERVIEW, "B2")] = (f"={costs}!B7", sum(COST))
    cells[(OVERVIEW, "B3")] = (
        f"=SUMPRODUCT({costs}!B2:B6,{costs}!D2:D6)",
        sum(c * f for c, f in zip(COST, factors, strict=True)),
    )
    cells[(OVERVIEW, "B4")] = (f"=MAX({costs}!C2:C6)", max(PLACES))
    cells[(OVERVIEW, "B5")] = (f"=MIN({costs}!C2:C6)", min(PLACES))
    cells[(OVERVIEW, "B7")] = ('=IF(B5<B6,"under minimum","")', "under minimum" if min(PLACES) < MINIMUM else "")
    cells[(OVERVIEW, "B8")] = ('=IF(B4<B6,"under minimum","")', "under minimum" if max(PLACES) < MINIMUM else "")
    cells[(OVERVIEW, "B9")] = (
        f"={costs}!E7/{costs}!C7",
        sum(c * f for c, f in zip(COST, factors, strict=True)) / sum(PLACES),
    )
    cells[(OVERVIEW, "B10")] = ("=MAX(0,B6-B5)", max(0, MINIMUM - min(PLACES)))
    return cells


def build(path: Path, wrong: dict[tuple[str, str], object] | None = None) -> Path:
    """The test workbook, every formula cached with its correct value except those in ``wrong``."""
    wrong = wrong or {}
    book = xlsxwriter.Workbook(str(path))
    sheets = {COSTS: book.add_worksheet(COSTS), OVERVIEW: book.add_worksheet(OVERVIEW)}
    costs = sheets[COSTS]
    for col, header in enumerate(["År", "Kostnad", "Plasser", "Diskonteringsfaktor", "Nåverdi", "Rente", "Per plass"]):
        costs.write_string(0, col, header)
    for i, (year, cost, places) in enumerate(zip(YEARS, COST, PLACES, strict=True)):
        costs.write_number(i + 1, 0, year)
        costs.write_number(i + 1, 1, cost)
        costs.write_number(i + 1, 2, places)
    costs.write_string("A7", "Sum")
    costs.write_number("F1", RATE)
    costs.write_number("F2", YEARS[0])
    overview = sheets[OVERVIEW]
    for row, label in enumerate(["Kostnad", "Nåverdi", "Flest plasser", "Færrest plasser", "Minimum"], start=2):
        overview.write_string(f"A{row}", label)
    overview.write_number("B6", MINIMUM)
    for (sheet, cell), (formula, value) in _expected().items():
        sheets[sheet].write_formula(cell, formula, None, wrong.get((sheet, cell), value))
    book.close()
    return path


# --- formula_cells and the formulas package -----------------------------------------------------


def test_formula_cells_reads_every_formula_with_its_cached_value(tmp_path):
    cells = formula_cells(build(tmp_path / "plan.xlsx"))
    expected = _expected()
    assert set(cells) == set(expected)
    for key, (formula, value) in expected.items():
        assert cells[key][0] == formula
        if value == "":  # XlsxWriter saves an empty text result as an empty value
            assert cells[key][1] in (None, "")
        elif isinstance(value, str):
            assert cells[key][1] == value
        else:
            assert cells[key][1] == pytest.approx(value, rel=1e-12)


def test_formulas_route_maps_back_to_the_real_sheet_names(tmp_path):
    values = recalculate_with_formulas(build(tmp_path / "plan.xlsx"))
    assert {sheet for sheet, _ in values} == {COSTS, OVERVIEW}
    assert values[(COSTS, "D3")] == pytest.approx(1 / 1.04)
    assert values[(COSTS, "B2")] == COST[0]  # an input the formulas read
    assert values[(OVERVIEW, "B7")] == "under minimum"
    assert values[(OVERVIEW, "B8")] in (None, "")
    assert all(type(v) in (int, float, str, bool, type(None)) for v in values.values())


def test_formulas_route_agrees_with_correct_cached_values(tmp_path):
    path = build(tmp_path / "plan.xlsx")
    assert mismatches(formula_cells(path), recalculate_with_formulas(path)) == []


@pytest.mark.parametrize(
    ("cell", "wrong"),
    [
        ((COSTS, "D4"), 0.9),  # the power operator
        ((COSTS, "G3"), 0),  # IF giving "" cached as a number
        ((OVERVIEW, "B3"), 4_000_000.0),  # SUMPRODUCT across sheets
        ((OVERVIEW, "B7"), ""),  # IF giving text
        ((OVERVIEW, "B8"), "under minimum"),  # IF giving ""
        ((OVERVIEW, "B9"), 123_456.0),  # division across sheets
    ],
)
def test_formulas_route_reports_exactly_the_one_wrong_cell(tmp_path, cell, wrong):
    path = build(tmp_path / "plan.xlsx", wrong={cell: wrong})
    found = mismatches(formula_cells(path), recalculate_with_formulas(path))
    assert len(found) == 1, found
    sheet, address = cell
    cached = None if wrong == "" else wrong  # XlsxWriter saves an empty text result as an empty value
    assert found[0].startswith(f"'{sheet}'!{address} {_expected()[cell][0]}: cached {cached!r}, recalculated ")


def test_a_cached_value_off_in_the_ninth_digit_is_caught(tmp_path):
    value = _expected()[(OVERVIEW, "B3")][1]
    path = build(tmp_path / "plan.xlsx", wrong={(OVERVIEW, "B3"): value * (1 + 1e-7)})
    found = mismatches(formula_cells(path), recalculate_with_formulas(path))
    assert [line.split(" ")[0] for line in found] == [f"'{OVERVIEW}'!B3"]


# --- mismatches ---------------------------------------------------------------------------------


def test_mismatches_compares_numbers_with_tolerance_and_text_exactly():
    expected = {
        ("S", "A1"): ("=1/3", 1 / 3),
        ("S", "A2"): ("=X", 1e12),
        ("S", "A3"): ("=Y", 0.0),
        ("S", "A4"): ('=""', None),
        ("S", "A5"): ("=Z", ""),
        ("S", "A6"): ("=T", "under minimum"),
        ("S", "A7"): ("=1/0", "#DIV/0!"),
        ("S", "A8"): ("=1=1", True),
        ("S", "A9"): ("=N", 5),
    }
    actual = {
        ("S", "A1"): 0.3333333333333333,
        ("S", "A2"): 1e12 + 1,  # within rel 1e-9
        ("S", "A3"): 4e-7,  # within abs 1e-6
        ("S", "A4"): "",
        ("S", "A5"): None,
        ("S", "A6"): "under minimum",
        ("S", "A7"): "#DIV/0!",
        ("S", "A8"): True,
        ("S", "A9"): 5.0,
    }
    assert mismatches(expected, actual) == []

    wrong = dict(actual)
    wrong[("S", "A2")] = 1e12 + 10_000
    wrong[("S", "A3")] = 2e-6
    wrong[("S", "A5")] = 0
    wrong[("S", "A6")] = "Under minimum"
    wrong[("S", "A8")] = 1
    del wrong[("S", "A9")]
    assert mismatches(expected, wrong) == [
        "'S'!A2 =X: cached 1000000000000.0, recalculated 1000000010000.0",
        "'S'!A3 =Y: cached 0.0, recalculated 2e-06",
        "'S'!A5 =Z: cached '', recalculated 0",
        "'S'!A6 =T: cached 'under minimum', recalculated 'Under minimum'",
        "'S'!A8 =1=1: cached True, recalculated 1",
        "'S'!A9 =N: cached 5, recalculated None (not recalculated)",
    ]


def test_mismatches_lists_cells_in_workbook_order_and_takes_plain_values():
    expected = {("Oversikt", "B10"): 1, ("Oversikt", "B9"): 1, ("Kostnader per år", "C2"): 1, ("Oversikt", "A10"): 1}
    lines = mismatches(expected, {})  # sheets in the order they first appear, then row, then column
    assert [line.split(":")[0] for line in lines] == [
        "'Oversikt'!B9",
        "'Oversikt'!A10",
        "'Oversikt'!B10",
        "'Kostnader per år'!C2",
    ]


# --- LibreOffice --------------------------------------------------------------------------------

needs_libreoffice = pytest.mark.skipif(not libreoffice_available(), reason="LibreOffice (soffice) is not installed")


@needs_libreoffice
def test_libreoffice_route_agrees_with_correct_cached_values(tmp_path):
    path = build(tmp_path / "plan.xlsx")
    converted = recalculate_with_libreoffice(path, tmp_path)
    assert converted == tmp_path / "libreoffice" / "plan.xlsx"
    assert mismatches(formula_cells(path), read_values(converted)) == []


@needs_libreoffice
def test_libreoffice_route_recalculates_and_reports_exactly_the_one_wrong_cell(tmp_path):
    cell, wrong = (OVERVIEW, "B3"), 4_000_000.0
    path = build(tmp_path / "plan.xlsx", wrong={cell: wrong})
    found = mismatches(formula_cells(path), read_values(recalculate_with_libreoffice(path, tmp_path)))
    assert len(found) == 1, found
    assert found[0].startswith(f"'{OVERVIEW}'!B3 {_expected()[cell][0]}: cached 4000000.0, recalculated ")
    assert float(found[0].rsplit(" ", 1)[1]) == pytest.approx(_expected()[cell][1])


@needs_libreoffice
def test_without_the_recalc_setting_libreoffice_keeps_the_wrong_cached_value(tmp_path):
    """Why the profile's OOXMLRecalcMode=0 matters: LibreOffice's default keeps cached results.

    Only informative: a LibreOffice that recalculates anyway makes this skip, not fail; the
    assertion that counts is in the test above.
    """
    cell, wrong = (OVERVIEW, "B3"), 4_000_000.0
    path = build(tmp_path / "plan.xlsx", wrong={cell: wrong})
    values = read_values(recalculate_with_libreoffice(path, tmp_path, recalc_on_load=False))
    if values[cell] != wrong:
        pytest.skip("this LibreOffice recalculates .xlsx formulas on load even without the setting")
    assert mismatches(formula_cells(path), values) == []  # the wrong value went through unseen


@needs_libreoffice
def test_the_throwaway_profile_holds_the_recalc_setting():
    xcu = recalc.libreoffice_profile() / "user" / "registrymodifications.xcu"
    text = xcu.read_text(encoding="utf-8")
    assert '<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop>' in text
    assert '<prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop>' in text


@needs_libreoffice
def test_convert_to_pdf_prints_the_workbook(tmp_path):
    pdf = convert_to_pdf(build(tmp_path / "plan.xlsx"), tmp_path / "pdf")
    assert pdf == tmp_path / "pdf" / "plan.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")


@needs_libreoffice
def test_a_file_libreoffice_cannot_open_is_an_error_not_silence(tmp_path):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip file")
    with pytest.raises(LibreOfficeError, match="did not convert broken.xlsx"):
        recalculate_with_libreoffice(broken, tmp_path)


@needs_libreoffice
def test_libreoffice_will_not_overwrite_its_input(tmp_path):
    (tmp_path / "libreoffice").mkdir()
    path = build(tmp_path / "libreoffice" / "plan.xlsx")
    with pytest.raises(ValueError, match="overwrite its input"):
        recalculate_with_libreoffice(path, tmp_path)
