"""A sweep's cases: the grid workbook's cases sheet, or every combination of --product KEY=V1,V2 values,
and a case applied to the planning input (factors and band levels; settings are read with the workbook)."""

from __future__ import annotations

import dataclasses
import difflib
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils import get_column_letter

from planner.inputs.cells import RowCells, parse_column, parse_number, parse_share
from planner.inputs.context import TYPO_CUTOFF
from planner.inputs.sheets import SETTING_KEYS, SETTINGS
from planner.inputs.workbook import Sheet, read_sheets
from planner.problems import InputError, Problem

FACTORS = {"investment_factor": "investment_per_place", "operating_factor": "operating_per_place_year"}
BOUNDS = ("min_share", "max_share")
IGNORED_COLUMNS = {"note"}  # a grid may explain its cases; the note is not a change


@dataclass(frozen=True)
class Case:
    """One case: its name and what it changes, column -> value, in the grid's column order."""

    name: str
    values: dict = field(default_factory=dict)
    # settings the command line gives every case (sweep --solver, --time-limit); a case's own values win
    run: dict = field(default_factory=dict)
    # every column the sweep's cases change: where this case changes one not, its row shows the input's value
    columns: tuple[str, ...] = ()


def band_names(input_path: Path) -> list[str]:
    """The band names of the input's bands sheet, read as written (the input need not be valid)."""
    sheets, _ = read_sheets(Path(input_path), {"bands": ["band", "group"]})
    sheet = sheets.get("bands")
    if sheet is None or "band" not in sheet.columns:
        return []
    index = sheet.columns["band"]
    names = (values[index] if index < len(values) else None for _, values in sheet.rows)
    return [str(n).strip() for n in names if n is not None and str(n).strip()]


def unused_stochastic_columns(input_path: Path, cases: list[Case]) -> str | None:
    """A warning when cases change settings only a stochastic plan uses, but none of them is one (the input's plan
    setting, or a plan column, says stochastic): every such case would solve the same single plan."""
    from planner.inputs.stochastic import STOCHASTIC_ONLY

    changed = sorted({c for case in cases for c in case.values if c in STOCHASTIC_ONLY})
    if not changed or any(str(case.values.get("plan", "")).strip().lower() == "stochastic" for case in cases):
        return None
    sheets, _ = read_sheets(Path(input_path), {"settings": ["key", "value"]})
    settings = sheets.get("settings")
    if settings is not None and {"key", "value"} <= set(settings.columns):
        key, value = settings.columns["key"], settings.columns["value"]
        for _, row in settings.rows:
            cells = (*row, None, None)
            if str(cells[key]).strip().lower() == "plan" and str(cells[value]).strip().lower() == "stochastic":
                return None
    return (
        f"{', '.join(changed)}: used only by a stochastic plan, and no case is one; add plan=stochastic "
        "(e.g. --product plan=stochastic …) or the cases solve the same single plan"
    )


def check_column(column: str, bands: Iterable[str]) -> str | None:
    """Why ``column`` is no change a case can make (None when it is one)."""
    if column in SETTING_KEYS or column in FACTORS:
        return None
    band, dot, bound = column.rpartition(".")
    if dot and bound in BOUNDS:
        known = sorted(set(bands))
        if band in known:
            return None
        return f"'{band}' is not a band of the input's bands sheet; known: {', '.join(known) or 'none'}"
    bounds = [f"{b}.{bound}" for b in bands for bound in BOUNDS]
    typo = difflib.get_close_matches(column, [*SETTING_KEYS, *FACTORS, *bounds], n=1, cutoff=TYPO_CUTOFF)
    if typo:
        return f"is not a setting, a factor or a band bound; did you mean {typo[0]}?"
    return (
        "is not a setting, a factor or a band bound; known: the settings keys "
        f"({', '.join(SETTING_KEYS)}), {', '.join(FACTORS)}, and <band>.min_share / <band>.max_share"
    )


def check_setting_value(key: str, value) -> str | None:
    """Why VALUE is no value of the setting KEY, in the settings sheet's words (None: it is one, or KEY is no
    setting). Checked before any case runs: a case's value written into the settings sheet would be reported at
    that sheet's cell, which holds the user's own value."""
    setting = next((s for s in SETTINGS if s.name == key), None)
    if setting is None or value is None:
        return None
    problems: list[Problem] = []
    parse_column(RowCells(Sheet("", "settings", {"value": 0}), 0, (value,), problems), setting, {}, "value")
    return problems[0].message if problems else None


def read_grid(grid_path: Path, bands: Iterable[str]) -> list[Case]:
    """The cases of the grid workbook's ``cases`` sheet; every problem is listed before failing."""
    grid_path = Path(grid_path)
    sheets, problems = read_sheets(grid_path, {"cases": ["case"]})
    sheet = sheets.get("cases")
    if sheet is None:
        problems.append(
            Problem(grid_path.name, "sheet 'cases' is missing; add it with a column 'case' and one column per change")
        )
        raise InputError(problems)
    if "case" not in sheet.columns and not sheet.header_misplaced:
        problems.append(sheet.problem("column 'case' is missing from the header row; add it to row 1", 1))
    columns = []
    for name, index in sorted(sheet.columns.items(), key=lambda pair: pair[1]):
        if name == "case" or name in IGNORED_COLUMNS:
            continue
        why = check_column(name, bands)
        if why:
            letter = get_column_letter(index + 1)
            problems.append(Problem(grid_path.name, why, sheet.name, 1, sheet.headers.get(index, name), letter))
        columns.append((name, index))
    cases = _grid_cases(grid_path, sheet, columns, problems)
    if not problems and not cases:
        problems.append(sheet.problem("has no cases; add a row per case below the header"))
    if problems:
        raise InputError(problems)
    return cases


def _grid_cases(grid_path: Path, sheet: Sheet, columns: list[tuple[str, int]], problems: list[Problem]) -> list[Case]:
    """A case per row of the cases sheet: named once, each setting's value one the settings sheet would take."""
    cases: list[Case] = []
    seen: dict[str, int] = {}
    for number, values in sheet.rows if "case" in sheet.columns else []:
        width = max([len(values), sheet.columns["case"] + 1, *(i + 1 for _, i in columns)])
        values = tuple(values) + (None,) * (width - len(values))
        name = values[sheet.columns["case"]]
        name = None if name is None else str(name).strip()
        if not name:
            problems.append(sheet.problem("the case has no name; fill in the case column", number, "case"))
            continue
        if name in seen:
            problems.append(sheet.problem(f"case '{name}' is listed twice (also in row {seen[name]})", number, "case"))
            continue
        seen[name] = number
        for c, i in columns:
            if why := check_setting_value(c, values[i]):
                problems.append(
                    Problem(grid_path.name, why, sheet.name, number, sheet.headers.get(i, c), get_column_letter(i + 1))
                )
        cases.append(Case(name, {c: _plain(values[i]) for c, i in columns if values[i] is not None}))
    return cases


def product_cases(specs: Iterable[str], bands: Iterable[str], source: str = "--product") -> list[Case]:
    """Cases from KEY=V1,V2 … specs: their Cartesian product, named by the keys that vary."""
    problems, axes = [], []
    for spec in specs:
        key, eq, values = spec.partition("=")
        key = key.strip().lower()
        listed = [v.strip() for v in values.split(",")]
        if not eq or not key or not all(listed):
            problems.append(Problem(source, f"'{spec}' is not KEY=VALUE[,VALUE…]; e.g. discount_rate=0.02,0.04"))
            continue
        why = check_column(key, bands)
        if why:
            problems.append(Problem(source, f"'{key}' {why}"))
            continue
        if key in (k for k, _ in axes):
            problems.append(Problem(source, f"'{key}' is given twice; list all its values once"))
            continue
        typed = [_typed(v) for v in listed]
        wrong = [f"'{key}={v}': {why}" for v in typed if (why := check_setting_value(key, v))]
        problems += [Problem(source, message) for message in wrong]
        axes.append((key, typed))
    if not problems and not axes:
        problems.append(Problem(source, "no KEY=VALUES given; e.g. --product discount_rate=0.02,0.04"))
    if problems:
        raise InputError(problems)
    varying = [k for k, values in axes if len(values) > 1] or [k for k, _ in axes]
    cases = []
    for combination in itertools.product(*(values for _, values in axes)):
        values = dict(zip((k for k, _ in axes), combination, strict=True))
        cases.append(Case(" ".join(f"{k}={_text(values[k])}" for k in varying), values))
    return cases


def apply_changes(data, values: dict):
    """The PlanningInput with cost factors and band levels of a case applied (settings are already read)."""
    problems = []
    place_types = dict(data.place_types)
    for column, field_name in FACTORS.items():
        factor = _non_negative(values, column, parse_number, "a number of 0 or more", problems)
        if factor is None:
            continue
        place_types = {
            k: dataclasses.replace(pt, **{field_name: getattr(pt, field_name) * factor})
            for k, pt in place_types.items()
        }
    bands = []
    for band in data.bands:
        changes = {}
        for bound in BOUNDS:
            column = f"{band.band}.{bound}"
            share = _non_negative(values, column, parse_share, "a share (e.g. 0.2 or 20 %)", problems)
            if share is not None:
                changes[bound] = share
        band = dataclasses.replace(band, **changes)
        if band.min_share is not None and band.max_share is not None and band.min_share > band.max_share:
            problems.append(
                Problem(
                    "case", f"band '{band.band}': min_share {band.min_share:g} is above max_share {band.max_share:g}"
                )
            )
        bands.append(band)
    if problems:
        raise InputError(problems)
    return dataclasses.replace(data, place_types=place_types, bands=bands)


def _non_negative(values: dict, column: str, parse, what: str, problems: list) -> float | None:
    """The case's value in ``column`` parsed, or None: not given, or not ``what`` (a problem is added)."""
    if column not in values:
        return None
    value = parse(values[column])
    if value is None or value < 0:
        problems.append(Problem("case", f"{column} '{values[column]}' is not {what}"))
        return None
    return value


def write_case_settings(path: Path, settings: dict) -> None:
    """Change (or add) the settings rows of the workbook at ``path``; cached values, not formulas, are kept."""
    from openpyxl import load_workbook

    book = load_workbook(path, data_only=True)
    sheet = next((ws for ws in book.worksheets if ws.title.strip().lower() == "settings"), None)
    if sheet is None:
        return  # read_input reports the missing sheet
    header = {str(c.value).strip().lower(): c.column for c in sheet[1] if c.value is not None}
    if "key" not in header or "value" not in header:
        return  # read_input reports the missing column
    rows = {}
    for r in range(2, sheet.max_row + 1):
        key = sheet.cell(r, header["key"]).value
        if key is not None and str(key).strip():
            rows.setdefault(str(key).strip().lower(), r)
    last = max([1, *rows.values()])
    for key, value in settings.items():
        if key not in rows:
            last += 1
            rows[key] = last
            sheet.cell(last, header["key"], key)
        sheet.cell(rows[key], header["value"]).value = value
    book.save(path)


def sweep_cases(
    input_path: Path,
    grid_path: Path | None,
    specs: Iterable[str] = (),
    solver: str | None = None,
    time_limit: float | None = None,
) -> list[Case]:
    """The cases: the grid workbook's, or without one every combination of the KEY=V1,V2 specs.

    solver, time_limit: sweep's --solver and --time-limit, for every case that does not set them itself.
    """
    bands = band_names(input_path)
    cases = read_grid(grid_path, bands) if grid_path is not None else product_cases(specs, bands)
    run = {key: value for key, value in (("solver", solver), ("time_limit_s", time_limit)) if value is not None}
    columns = tuple(dict.fromkeys(column for case in cases for column in case.values))
    return [dataclasses.replace(case, run=run, columns=columns) for case in cases]


def input_values(book, columns: Iterable[str]) -> dict:
    """What the input itself holds in each change column (a book read and validated): a setting's value, 1 for a
    cost factor, a band's share (None where the input has none: a band without that bound, or an unset setting)."""
    bands = {band.band: band for band in book.data.bands}
    values = {}
    for column in columns:
        band, _, bound = column.rpartition(".")
        if column in FACTORS:
            values[column] = 1.0
        elif bound in BOUNDS and band in bands:
            values[column] = getattr(bands[band], bound)
        else:
            value = getattr(book.settings, column, getattr(book.data, column, None))
            values[column] = value if isinstance(value, str | int | float | bool) else None
    return values


def _typed(text: str):
    """A --product value as a cell would hold it: 2030 an int, 0.02 a float, anything else text."""
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text


def _text(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _plain(value):
    """A grid cell as JSON can carry it (dates and the like as text)."""
    return value if value is None or isinstance(value, str | int | float | bool) else str(value)
