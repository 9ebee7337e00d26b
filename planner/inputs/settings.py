"""The settings sheet: one key and value a row, each parsed as its schema row says."""

from __future__ import annotations

import difflib
import re

from planner.inputs.cells import RowCells, parse_column
from planner.inputs.context import TYPO_CUTOFF, Reading
from planner.inputs.sheets import SETTING_KEYS, SETTINGS

MAX_HORIZON_YEARS = 100


def read_settings(r: Reading) -> dict:
    """Every setting: the value given, or the schema's default; the horizon checked."""
    values = {setting.name: setting.default for setting in SETTINGS}
    sheet = r.sheet("settings")
    seen: dict[str, int] = {}
    for cells in r.rows(sheet):
        key = (cells.text("key") or "").lower()
        if not key:
            if cells.raw("value") is not None:
                cells.fail("key", "is empty but the row has a value; name the setting")
            continue
        if key in seen:
            cells.fail("key", f"'{key}' is set twice (also in row {seen[key]}); keep one")
            continue
        seen[key] = cells.row
        r.setting_rows[key] = cells.row
        _read_setting(r, cells, key, values)
    if sheet is not None:
        _check_horizon(r, values, seen)
    return values


def _read_setting(r: Reading, cells: RowCells, key: str, values: dict) -> None:
    """One row's value; a key close to a known one is a typo, any other unknown key is ignored with a warning."""
    known = {setting.name: setting for setting in SETTINGS}
    cells.subject = f"setting {key}"  # every problem with the value names the key
    typo = difflib.get_close_matches(re.sub(r"[\s\-]+", "_", key), SETTING_KEYS, n=1, cutoff=TYPO_CUTOFF)
    if key in known:
        values[key] = parse_column(cells, known[key], {}, "value")
    elif typo:  # 'discount rate': its value would be ignored and the default used without a word
        cells.subject = None
        cells.fail("key", f"'{key}' is not a known setting; did you mean {typo[0]}? Rename the key to {typo[0]}")
    else:
        r.warn(cells, "key", f"unknown setting '{key}' is ignored; known: {', '.join(SETTING_KEYS)}")


def _check_horizon(r: Reading, values: dict, seen: dict[str, int]) -> None:
    """first_year and last_year given, in order, at most MAX_HORIZON_YEARS apart (else last_year is unset)."""
    sheet = r.sheets["settings"]
    for key in ("first_year", "last_year"):
        if key not in seen:
            r.problems.append(sheet.problem(f"setting '{key}' is missing; add a row with key {key}"))
    first, last = values.get("first_year"), values.get("last_year")
    if first is not None and last is not None and last < first:
        r.problems.append(
            sheet.problem(f"last_year {last} is before first_year {first}; swap them", seen["last_year"], "value")
        )
        values["last_year"] = None
    elif first is not None and last is not None and last - first + 1 > MAX_HORIZON_YEARS:
        message = f"the horizon {first}–{last} is longer than {MAX_HORIZON_YEARS} years; shorten it"
        r.problems.append(sheet.problem(message, seen["last_year"], "value"))
        values["last_year"] = None
