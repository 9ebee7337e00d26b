"""Reading the input workbook: shares in every spelling, and problems that name sheet, row and column."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIRST, LAST, Fmt, feasible_sheets, write_workbook
from openpyxl import load_workbook

from planner.inputs import read_input
from planner.problems import InputError, Problem

BAND_ROW = {"municipal": 1, "short_term": 2, "short_soft": 3}  # index in sheets["bands"]
BANDS_MIN_SHARE = 3  # column index of min_share in the bands sheet (letter D)


def _read(tmp_path: Path, sheets, name: str = "input.xlsx"):
    return read_input(write_workbook(tmp_path / name, sheets))


def _problems(tmp_path: Path, sheets, name: str = "input.xlsx") -> list[Problem]:
    path = write_workbook(tmp_path / name, sheets)
    with pytest.raises(InputError) as caught:
        read_input(path)
    problems = caught.value.problems
    assert problems, "an InputError carries its problems"
    assert all(p.file == name for p in problems), problems
    return problems


def _find(problems: list[Problem], sheet: str, row: int | None, column: str | None) -> Problem:
    for p in problems:
        if p.sheet == sheet and p.row == row and p.column == column:
            return p
    raise AssertionError(f"no problem at {sheet} row {row} column {column}; got:\n" + "\n".join(map(str, problems)))


# ---- a good workbook ----------------------------------------------------------------------


def test_the_feasible_instance_reads(tmp_path):
    book = _read(tmp_path, feasible_sheets())
    data = book.data
    assert (data.first_year, data.last_year) == (FIRST, LAST)
    assert list(data.place_types) == ["institution_long", "institution_short"]
    assert data.place_types["institution_short"].groups == ("municipal", "short_term")
    assert data.place_types["institution_long"].module_size == 10
    assert data.place_types["institution_long"].max_new_per_year is None
    assert [b.band for b in data.bands] == ["municipal", "short_term", "short_soft"]
    municipal = data.bands[0]
    assert (municipal.min_share, municipal.max_share, municipal.hard) == (0.2, None, True)
    assert (municipal.from_year, municipal.to_year, municipal.base) == (FIRST, LAST, "persons_80_plus")
    assert data.bands[2].hard is False and data.bands[2].penalty_per_place_year == 50_000
    assert sum(s.places for s in data.stock) == 210
    assert [p.project for p in data.projects] == ["Hub"]
    assert data.projects[0].latest_year == LAST
    assert [(c.from_type, c.to_type, c.max_per_year) for c in data.conversions] == [
        ("institution_long", "institution_short", 3)
    ]
    assert data.population["persons_80_plus"][2028] == 1110
    assert data.discount_rate == pytest.approx(0.04)


# ---- shares ------------------------------------------------------------------------------------

SHARE_SPELLINGS = [
    pytest.param(Fmt(0.035, "0.0%"), id="percent-formatted-cell"),
    pytest.param(0.035, id="plain-fraction"),
    pytest.param("3,5 %", id="text-comma-percent"),
    pytest.param("3.5%", id="text-point-percent"),
]


@pytest.mark.parametrize("cell", SHARE_SPELLINGS)
def test_band_share_spellings_read_as_fraction(tmp_path, cell):
    sheets = feasible_sheets()
    sheets["bands"][BAND_ROW["short_term"]][BANDS_MIN_SHARE] = cell
    book = _read(tmp_path, sheets)
    band = next(b for b in book.data.bands if b.band == "short_term")
    assert band.min_share == pytest.approx(0.035, abs=1e-12)


def test_a_share_typed_as_a_percentage_number_suggests_the_percent(tmp_path):
    sheets = feasible_sheets()
    sheets["bands"][BAND_ROW["municipal"]][BANDS_MIN_SHARE] = 20  # meant 20 %
    [problem] = _problems(tmp_path, sheets)
    assert (problem.sheet, problem.column) == ("bands", "min_share")
    assert "found 20; a share is a fraction between 0 and 1" in problem.message
    assert "for 20 % write 20 % (or 0.2)" in problem.message


@pytest.mark.parametrize("cell", SHARE_SPELLINGS)
def test_max_share_spellings_read_as_fraction(tmp_path, cell):
    sheets = feasible_sheets()
    row = sheets["bands"][BAND_ROW["municipal"]]
    row[BANDS_MIN_SHARE], row[BANDS_MIN_SHARE + 1] = 0.01, cell
    book = _read(tmp_path, sheets)
    band = next(b for b in book.data.bands if b.band == "municipal")
    assert band.max_share == pytest.approx(0.035, abs=1e-12)


@pytest.mark.parametrize("cell", SHARE_SPELLINGS)
def test_discount_rate_spellings_read_as_fraction(tmp_path, cell):
    sheets = feasible_sheets()
    rate_row = next(r for r in sheets["settings"] if r[0] == "discount_rate")
    rate_row[1] = cell
    assert _read(tmp_path, sheets).data.discount_rate == pytest.approx(0.035, abs=1e-12)


def test_percent_cell_is_really_formatted_as_percent(tmp_path):
    """Guards the share test above: the helper does write a percent-formatted number."""
    sheets = feasible_sheets()
    sheets["bands"][BAND_ROW["short_term"]][BANDS_MIN_SHARE] = Fmt(0.035, "0.0%")
    path = write_workbook(tmp_path / "fmt.xlsx", sheets)
    book = load_workbook(path)
    cell = book["bands"]["D3"]
    assert cell.value == 0.035 and cell.number_format == "0.0%"
    book.close()


# ---- one problem each, at the right sheet, row and column --------------------------------------


def _unknown_stock_type(s):
    s["stock"][2][1] = "nursing_home"


def _band_group_unknown(s):
    s["bands"][1][1] = "nowhere"


def _min_above_max(s):
    s["bands"][2][3:5] = [0.05, 0.04]


def _bad_base(s):
    s["bands"][3][2] = "persons_90_plus"


def _duplicate_type(s):
    s["place_types"].append(list(s["place_types"][2]))


def _text_in_number(s):
    s["place_types"][2][5] = "a lot"  # operating_per_place_year, column F


def _text_in_stock_places(s):
    s["stock"][1][2] = "many"


def _mix_type_twice(s):
    s["project_mix"].append(["Hub", "institution_long", 0, 3])


def _conversion_to_itself(s):
    s["conversions"][1][1] = "institution_long"


def _min_above_max_percent_text(s):
    s["bands"][2][3:5] = ["5 %", "4 %"]


SINGLE_PROBLEMS = [
    pytest.param(_unknown_stock_type, "stock", 3, "type", "B", "nursing_home", id="unknown-type-in-stock"),
    pytest.param(_band_group_unknown, "bands", 2, "group", "B", "nowhere", id="band-group-unknown"),
    pytest.param(_min_above_max, "bands", 3, "min_share", "D", "max_share", id="min-share-above-max"),
    pytest.param(_min_above_max_percent_text, "bands", 3, "min_share", "D", "max_share", id="min-above-max-as-text"),
    pytest.param(_bad_base, "bands", 4, "base", "C", "persons_90_plus", id="band-base-not-a-column"),
    pytest.param(_duplicate_type, "place_types", 4, "type", "A", "institution_short", id="duplicate-type"),
    pytest.param(_text_in_number, "place_types", 3, "operating_per_place_year", "F", "a lot", id="text-in-number"),
    pytest.param(_text_in_stock_places, "stock", 2, "places", "C", "many", id="text-in-stock-places"),
    pytest.param(_mix_type_twice, "project_mix", 4, "type", "B", "institution_long", id="project-mix-type-twice"),
    pytest.param(
        _conversion_to_itself, "conversions", 2, "to_type", "B", "institution_long", id="conversion-to-itself"
    ),
]


@pytest.mark.parametrize(("mutate", "sheet", "row", "column", "letter", "mentions"), SINGLE_PROBLEMS)
def test_single_problem_is_located(tmp_path, mutate, sheet, row, column, letter, mentions):
    sheets = feasible_sheets()
    mutate(sheets)
    problems = _problems(tmp_path, sheets)
    problem = _find(problems, sheet, row, column)
    assert problem.letter == letter
    assert mentions in problem.message
    text = str(problem)
    for part in ("input.xlsx", sheet, f"row {row}", column, letter):
        assert part in text, text


def test_missing_population_year_names_sheet_and_column(tmp_path):
    sheets = feasible_sheets()
    sheets["population"] = [r for r in sheets["population"] if r[0] != 2028]
    problems = _problems(tmp_path, sheets)
    assert len(problems) == 1, problems
    (problem,) = problems
    assert problem.sheet == "population"
    assert problem.column == "persons_80_plus" and problem.letter == "B"
    assert "2028" in problem.message


def test_missing_year_of_a_second_base_is_reported(tmp_path):
    """A band on another base needs that base for every year of the band's range."""
    sheets = feasible_sheets()
    sheets["population"][0].append("persons_67_plus")
    for r in sheets["population"][1:]:
        r.append(None if r[0] == 2030 else 5000)
    sheets["bands"].append(["young", "municipal", "persons_67_plus", 0.01, None, None, None, "yes", None])
    problems = _problems(tmp_path, sheets)
    problem = next(p for p in problems if p.column == "persons_67_plus")
    assert problem.sheet == "population" and problem.letter == "C"
    assert "2030" in problem.message


@pytest.mark.parametrize("sheet", ["settings", "population", "place_types", "stock", "bands"])
def test_missing_required_sheet(tmp_path, sheet):
    sheets = feasible_sheets()
    del sheets[sheet]
    problems = _problems(tmp_path, sheets)
    assert any(f"'{sheet}'" in str(p) and "missing" in p.message for p in problems), problems


@pytest.mark.parametrize(
    ("sheet", "column"),
    [
        ("place_types", "operating_per_place_year"),
        ("place_types", "type"),
        ("stock", "type"),
        ("bands", "group"),
        ("settings", "value"),
    ],
)
def test_missing_required_column(tmp_path, sheet, column):
    sheets = feasible_sheets()
    index = sheets[sheet][0].index(column)
    sheets[sheet][0][index] = f"{column}_renamed"
    problems = _problems(tmp_path, sheets)
    matching = [p for p in problems if p.sheet == sheet and p.row == 1 and column in str(p)]
    assert matching, problems


def test_missing_first_year_setting(tmp_path):
    sheets = feasible_sheets()
    sheets["settings"] = [r for r in sheets["settings"] if r[0] != "first_year"]
    problems = _problems(tmp_path, sheets)
    assert any(p.sheet == "settings" and "first_year" in p.message for p in problems), problems


def test_blank_first_year_value(tmp_path):
    sheets = feasible_sheets()
    next(r for r in sheets["settings"] if r[0] == "first_year")[1] = None
    problems = _problems(tmp_path, sheets)
    problem = _find(problems, "settings", 2, "value")
    assert problem.letter == "B"


# ---- every problem at once ---------------------------------------------------------------------


def test_all_problems_come_back_in_one_error(tmp_path):
    sheets = feasible_sheets()
    # a third type, referenced nowhere, with text in investment_per_place (D4)
    sheets["place_types"].append(["ppp_owned", "PPP", "ppp", "lots", 0, 1_000_000, 0, 40, 2, 1, None])
    _unknown_stock_type(sheets)  # stock B3
    _min_above_max(sheets)  # bands D3
    _conversion_to_itself(sheets)  # conversions B2
    _mix_type_twice(sheets)  # project_mix B4
    next(r for r in sheets["settings"] if r[0] == "discount_rate")[1] = "soon"  # settings B4
    problems = _problems(tmp_path, sheets)
    expected = [
        ("place_types", 4, "investment_per_place", "D"),
        ("stock", 3, "type", "B"),
        ("bands", 3, "min_share", "D"),
        ("conversions", 2, "to_type", "B"),
        ("project_mix", 4, "type", "B"),
        ("settings", 4, "value", "B"),
    ]
    for sheet, row, column, letter in expected:
        assert _find(problems, sheet, row, column).letter == letter
    assert len(problems) == len(expected), "\n".join(map(str, problems))


def test_missing_first_year_does_not_hide_other_problems(tmp_path):
    sheets = feasible_sheets()
    sheets["settings"] = [r for r in sheets["settings"] if r[0] != "first_year"]
    _min_above_max(sheets)
    _mix_type_twice(sheets)
    problems = _problems(tmp_path, sheets)
    assert any(p.sheet == "settings" and "first_year" in p.message for p in problems)
    _find(problems, "bands", 3, "min_share")
    _find(problems, "project_mix", 4, "type")


def test_bad_cell_in_a_type_gives_no_spurious_unknown_type_problems(tmp_path):
    sheets = feasible_sheets()
    sheets["place_types"][1][5] = "a lot"  # institution_long: operating_per_place_year
    problems = _problems(tmp_path, sheets)
    assert _find(problems, "place_types", 2, "operating_per_place_year").letter == "F"
    spurious = [p for p in problems if "is not a type" in p.message or "can never open" in p.message]
    assert not spurious, "\n".join(map(str, spurious))


def test_validation_is_read_only(tmp_path):
    sheets = feasible_sheets()
    _min_above_max(sheets)
    path = write_workbook(tmp_path / "input.xlsx", sheets)
    before = path.read_bytes()
    with pytest.raises(InputError):
        read_input(path)
    read_input(write_workbook(tmp_path / "good.xlsx", feasible_sheets()))
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["good.xlsx", "input.xlsx"]


# ---- headers the planner does not know -----------------------------------------------------------


def test_renamed_optional_header_is_named_with_a_suggestion(tmp_path):
    """'Min share' for min_share: the header is the problem, not the rows' 'both empty' shares."""
    sheets = feasible_sheets()
    sheets["bands"][0][BANDS_MIN_SHARE] = "Min share"
    problems = _problems(tmp_path, sheets)
    assert len(problems) == 1, "\n".join(map(str, problems))
    (problem,) = problems
    assert (problem.sheet, problem.row) == ("bands", 1)
    assert "column D 'Min share' is not a known column; did you mean min_share?" in problem.message
    assert not any("both empty" in p.message for p in problems)


def test_renamed_required_header_is_named_once_and_its_column_still_read(tmp_path):
    sheets = feasible_sheets()
    index = sheets["place_types"][0].index("lead_time_years")
    sheets["place_types"][0][index] = "Lead-time years"
    sheets["place_types"][2][index] = "soon"  # row 3: a bad value under the renamed header is found too
    problems = _problems(tmp_path, sheets)
    header = [p for p in problems if p.sheet == "place_types" and p.row == 1]
    assert len(header) == 1, "\n".join(map(str, problems))
    assert "'Lead-time years' is not a known column; did you mean lead_time_years?" in header[0].message
    assert not any("missing" in p.message for p in problems), "\n".join(map(str, problems))
    assert _find(problems, "place_types", 3, "lead_time_years").letter == "I"


def test_unrelated_extra_columns_are_still_ignored(tmp_path):
    sheets = feasible_sheets()
    sheets["bands"][0].append("comment")
    sheets["bands"][1] += [None] * (len(sheets["bands"][0]) - 1 - len(sheets["bands"][1])) + ["the law's minimum"]
    sheets["settings"][0][2] = "Notes"  # like note, which is never read: no reason to rename it
    sheets["stock"][0].append("Min share")  # a known column of another sheet only
    book = _read(tmp_path, sheets)
    plain = _read(tmp_path, feasible_sheets(), "plain.xlsx")
    assert book.warnings == []  # nothing to warn about: every known column is there
    assert (book.data.bands, book.data.stock) == (plain.data.bands, plain.data.stock)
    assert book.settings == plain.settings


@pytest.mark.parametrize(
    ("sheet", "header"),
    [("stock", "year"), ("bands", "basis"), ("projects", "fixed_work_years"), ("bands", "share")],
)
def test_an_extra_column_merely_like_a_missing_one_is_ignored(tmp_path, sheet, header):
    """Only a near-certain typo is refused: 'year' is not last_year, nor 'basis' base."""
    sheets = feasible_sheets()
    if sheet == "stock":  # stock has no last_year column here: 'year' resembles the missing one
        index = sheets["stock"][0].index("last_year")
        for row in sheets["stock"]:
            del row[index]
    sheets[sheet][0].append(header)
    book = _read(tmp_path, sheets)
    warnings = [(w.sheet, w.row, w.message) for w in book.warnings]
    if sheet == "stock":  # last_year is missing and 'year' may be meant: said, not refused
        assert warnings == [
            (
                "stock",
                1,
                "has no column last_year, so blank or default values are used for it; row 1 also has E 'year', "
                "which the planner does not read: if one of them is meant, rename it",
            )
        ]
        assert all(s.last_year is None for s in book.data.stock)
    else:
        assert warnings == []


def test_a_header_duplicating_a_present_column_is_ignored(tmp_path):
    sheets = feasible_sheets()
    sheets["bands"][0].append("Min share")
    sheets["bands"][1].append(0.5)  # under the extra header: never read
    book = _read(tmp_path, sheets)
    assert book.warnings == []
    assert [b.min_share for b in book.data.bands] == [0.20, 0.03, 0.035]  # the min_share column's


# ---- settings: a bad value names its key ------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value", "found"),
    [
        ("last_year", "abc", "found 'abc'"),  # a whole number
        ("first_year", None, "is empty"),  # required
        ("discount_rate", "soon", "found 'soon'"),  # a share
        ("residual_value", "maybe", "found 'maybe'"),  # yes/no
        ("investment_timing", "yearly", "found 'yearly'"),  # a choice
        ("time_limit_s", "-5", "found -5"),  # below the minimum
    ],
)
def test_bad_setting_value_names_the_setting(tmp_path, key, value, found):
    """The row number alone makes the user count rows; the key says which setting at once."""
    sheets = feasible_sheets()
    if key not in [r[0] for r in sheets["settings"]]:
        sheets["settings"].append([key, None, None])
    row = next(i for i, r in enumerate(sheets["settings"]) if r[0] == key)
    sheets["settings"][row][1] = value
    problems = _problems(tmp_path, sheets)
    problem = _find(problems, "settings", row + 1, "value")
    assert problem.message.startswith(f"setting {key}: {found}"), problem
    assert str(problem).startswith(f"input.xlsx, sheet 'settings', row {row + 1}, column value (B): setting {key}: ")


@pytest.mark.parametrize(("given", "meant"), [("Budget1", "budget"), ("conversion", "conversions")])
def test_a_misnamed_optional_sheet_is_named_not_ignored(tmp_path, given, meant):
    """An optional sheet under a near-miss name would otherwise be dropped without a word."""
    sheets = feasible_sheets()
    sheets["budget"] = [["year", "max_net_investment"], [2027, 1e9]]
    sheets[given] = sheets.pop(meant)
    problems = _problems(tmp_path, sheets)
    assert [(p.sheet, p.message) for p in problems] == [
        (given, f"is not a sheet the planner reads; did you mean {meant}? Rename it to {meant}")
    ]


def test_an_unrelated_extra_sheet_is_ignored_and_named_in_a_warning(tmp_path):
    """Ignored, but said: a user must not believe a sheet the planner does not read was used (the template's
    readme is the planner's own and passes without a word)."""
    sheets = feasible_sheets()
    sheets["notes to self"] = [["anything"]]
    sheets["readme"] = [["what to fill first"]]
    sheets["budget_old"] = [["year", "max_net_investment"], [2027, 1]]  # budget is not missing: no guess
    sheets["budget"] = [["year", "max_net_investment"], [2027, 1e12]]
    book = _read(tmp_path, sheets)
    assert [(w.sheet, w.message.split(";")[0]) for w in book.warnings] == [
        ("notes to self", "is not a sheet the planner reads"),
        ("budget_old", "is not a sheet the planner reads"),
    ]
    assert all("purchases, sales" in w.message for w in book.warnings)  # the sheets it does read
    assert book.data.budget == {2027: 1e12}  # the budget sheet's, not budget_old's
    assert "budget_old" not in book.tables and "notes to self" not in book.tables


def test_a_short_typo_in_a_required_header_is_caught_or_named(tmp_path):
    """'plases' is taken for places; 'yaer' is too unlike year to guess, so the message names it."""
    sheets = feasible_sheets()
    sheets["stock"][0][sheets["stock"][0].index("places")] = "plases"
    sheets["population"][0][0] = "yaer"
    messages = [p.message for p in _problems(tmp_path, sheets)]
    assert "column C 'plases' is not a known column; did you mean places? Rename the header to places" in messages
    assert (
        "column 'year' is missing from the header row; add it to row 1 "
        "(row 1 also has A 'yaer', which the planner does not know)"
    ) in messages


# ---- mistakes that would otherwise change the plan without a word ---------------------------


@pytest.mark.parametrize("written", ["discount rate", "discount_rat", "Discount-Rate"])
def test_a_misspelt_setting_key_is_a_problem_not_a_silent_default(tmp_path, written):
    sheets = feasible_sheets()
    row = next(r for r in sheets["settings"] if r[0] == "discount_rate")
    row[0], row[1] = written, 0.02
    (problem,) = _problems(tmp_path, sheets)
    assert (problem.sheet, problem.row, problem.column) == ("settings", 4, "key")
    assert problem.message == (
        f"'{written.lower()}' is not a known setting; did you mean discount_rate? Rename the key to discount_rate"
    )


def test_an_unrelated_setting_key_is_still_only_a_warning(tmp_path):
    sheets = feasible_sheets()
    sheets["settings"].append(["colour", "blue"])
    (warning,) = _read(tmp_path, sheets).warnings
    assert "unknown setting 'colour' is ignored" in warning.message


def test_a_known_column_renamed_beyond_recognition_is_warned_about(tmp_path):
    """'minste andel' is no typo of min_share, so it is an extra column; the bands then have no minimum."""
    sheets = feasible_sheets()
    sheets["bands"][0][BANDS_MIN_SHARE] = "minste andel"
    for row in sheets["bands"][1:]:
        row[BANDS_MIN_SHARE + 1] = row[BANDS_MIN_SHARE + 1] or 0.9  # every band keeps a bound
    book = _read(tmp_path, sheets)
    assert all(b.min_share is None for b in book.data.bands)
    (warning,) = [w for w in book.warnings if w.sheet == "bands"]
    assert warning.row == 1
    assert warning.message.startswith("has no column min_share, so blank or default values are used for it")
    assert "D 'minste andel', which the planner does not read" in warning.message


def test_an_extra_column_beside_all_known_ones_is_not_warned_about(tmp_path):
    sheets = feasible_sheets()
    for r, row in enumerate(sheets["stock"]):
        row.append("comment" if r == 0 else "x")
    assert not [w for w in _read(tmp_path, sheets).warnings if w.sheet == "stock"]


def test_an_empty_stock_sheet_is_warned_about(tmp_path):
    sheets = feasible_sheets()
    sheets["stock"] = sheets["stock"][:1]
    sheets["bands"] = sheets["bands"][:1] + [["m", "municipal", None, 0.0, None]]  # still solvable
    warnings = [w for w in _read(tmp_path, sheets).warnings if w.sheet == "stock"]
    assert [w.row for w in warnings] == [2]
    assert "has no rows: until new places can open" in warnings[0].message


def test_stock_opening_after_the_horizon_is_warned_about(tmp_path):
    sheets = feasible_sheets()
    sheets["stock"].append(["Later", "institution_long", 10, LAST + 5, None])
    (warning,) = [w for w in _read(tmp_path, sheets).warnings if w.sheet == "stock"]
    assert (warning.row, warning.column) == (len(sheets["stock"]), "first_year")
    assert warning.message == f"{LAST + 5} is after last_year {LAST}: these places are never in service in the plan"


def test_a_band_group_close_to_a_known_group_names_it(tmp_path):
    sheets = feasible_sheets()
    sheets["bands"][BAND_ROW["municipal"]][1] = "municpal"
    (problem,) = _problems(tmp_path, sheets)
    assert problem.message.endswith("; 'municipal' is close: fix the spelling here or in place_types.groups")


def test_sheet_names_are_matched_in_lower_case(tmp_path):
    """'Bands' is the bands sheet, as docs/workbooks.md says (it used to stop the reader with an internal error)."""
    sheets = feasible_sheets()
    sheets["Bands"] = sheets.pop("bands")
    sheets["Settings"] = sheets.pop("settings")
    book = _read(tmp_path, sheets)
    plain = _read(tmp_path, feasible_sheets(), "plain.xlsx")
    assert book.data.bands == plain.data.bands and book.data.first_year == plain.data.first_year
    sheets["Bands"][1][3] = "lots"
    problems = _problems(tmp_path, sheets, "bad.xlsx")
    assert [(p.sheet, p.row, p.column) for p in problems] == [("Bands", 2, "min_share")]  # named as written
