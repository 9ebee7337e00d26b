"""SSB's names, symbols and cell formats, as its projection files use them (JSON-stat ids and CSV headers)."""

from __future__ import annotations

import math
import re

from planner.problems import InputError, Problem

# SSB's projection alternatives: fertility, life expectancy, internal migration, immigration.
KNOWN_ALTERNATIVES = ("MMMM", "LLML", "HHMH", "LHML", "HLMH", "MMML", "MMMH", "MMM0", "MM00")
CELL_COLUMNS = ["region", "region_label", "sex", "sex_label", "age", "age_label", "year", "alternative", "value"]

# Dimension names as SSB writes them (JSON-stat ids, CSV headers), lower case.
REGION_NAMES = {"region", "kommune", "municipality"}
SEX_NAMES = {"kjonn", "kjønn", "kjnn", "sex", "kjønn/sex"}
AGE_NAMES = {"alder", "age"}
YEAR_NAMES = {"tid", "år", "ar", "aar", "year", "time"}
ALTERNATIVE_NAMES = {
    "contentscode",
    "contents",
    "statistikkvariabel",
    "alternativ",
    "alternative",
    "framskrivingsalternativ",
    "variable",
}
TOTAL_WORDS = ("i alt", "alle aldre", "all ages", "total", "begge kjønn", "both sexes", "sum")
# SSB's symbols for a cell without a number; '-' is SSB's "null" (nothing to report), i.e. 0.
MISSING_SYMBOLS = {"..", ".", ":", "…", "...", "x"}
ZERO_SYMBOLS = {"-", "–"}

JSONSTAT_HINT = "ask SSB's API for outputFormat=json-stat2, or export the table page as semicolon-separated CSV"


def refuse(file: str, message: str) -> InputError:
    return InputError([Problem(file, message)])


def norm(text: str) -> str:
    return text.strip().strip('"').strip().lower()


def year_in(text: str) -> int | None:
    found = re.findall(r"(?<!\d)(1[89]\d\d|2\d\d\d)(?!\d)", text)
    return int(found[-1]) if found else None


def region_cell(text: str) -> tuple[str, str]:
    """'3201 Bærum' -> ('3201', 'Bærum'); 'K-3201 Bærum' -> ('3201', ...); a bare code or name as it is."""
    m = re.match(r"^(?:[A-Z]-)?(\d{1,6})\b\s*(.*)$", text.strip())
    return (m.group(1), m.group(2) or m.group(1)) if m else (text.strip(), text.strip())


def alternative_code(code: str, label: str | None) -> str | None:
    """'Hovedalternativet (MMMM)' -> 'MMMM'; a bare four-letter code as it is; else None."""
    for text in (label or "", code or ""):
        m = re.search(r"\(([A-Z0-9]{4})\)", text)
        if m and re.search(r"[A-Z]", m.group(1)):
            return m.group(1)
        for word in re.findall(r"\b[A-Z0-9]{4}\b", text):
            if re.search(r"[A-Z]", word) and (word in KNOWN_ALTERNATIVES or text.strip() == word):
                return word
    return None


def number(text: str, decimal_comma: bool = True) -> float | None:
    """A CSV or JSON value: '1 234,5' -> 1234.5; SSB's symbols '..', '.', ':' -> None; '-' -> 0."""
    text = text.strip().strip('"').replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if text == "" or text in MISSING_SYMBOLS:
        return None
    if text in ZERO_SYMBOLS:
        return 0.0
    if decimal_comma:
        text = text.replace(".", "").replace(",", ".") if "," in text else text
    else:
        text = text.replace(",", "")
    try:
        return float(text)
    except ValueError:
        return math.nan  # reported where the value is needed


def parse_age(code: str, label: str) -> tuple[int, int | None] | str | None:
    """(lowest, highest or None for 'and older'), 'total' for an all-ages category, None if unreadable."""
    for text in (label, code):
        t = str(text).strip().lower()
        if not t:
            continue
        if any(word in t for word in TOTAL_WORDS):
            return "total"
        m = re.match(r"^(\d+)\s*(?:år|years?)?\s*(?:-|–|til|to)\s*(\d+)\s*(?:år|years?)?$", t)
        if m:
            return int(m.group(1)), int(m.group(2))
        m = re.match(r"^(\d+)\s*(?:år|years?)?\s*(?:\+|eller eldre|og eldre|or older|and over|and older|eller mer)$", t)
        if m:
            return int(m.group(1)), None
        m = re.match(r"^(\d+)\s*(?:år|years?)?$", t)
        if m:
            return int(m.group(1)), int(m.group(1))
    return None
