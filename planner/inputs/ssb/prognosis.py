"""SSB's population projection (JSON-stat 2.0 or SSB's CSV export) to the input workbook's population sheet.

Three steps, each usable on its own:

1. ``read_projection(path)``: the file to one tidy DataFrame, a row per cell (region, sex, age, year,
   alternative, value, status). JSON-stat 2.0 is read by the small reader below (no pyjstat); the CSV
   reader takes the shapes SSB's table pages export (see ``read_csv``).
2. ``population_table(cells, region, file)``: one region's single-year ages summed over both sexes into
   persons_67_79, persons_80_plus, persons_80_89 and persons_90_plus per year and alternative; the
   scenario is the alternative's four-letter code (MMMM, LLML, ...).
3. ``write_population(table, output, into)``: a new workbook with that population sheet, and with
   ``into`` every other sheet of an input workbook copied unchanged.

Anything that cannot be used raises ``InputError`` naming the file and what to do.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from models.text import year_runs
from planner.files import append_row, save_atomically
from planner.inputs.ssb.codes import JSONSTAT_HINT, KNOWN_ALTERNATIVES, parse_age, refuse, year_in
from planner.inputs.ssb.jsonstat import read_jsonstat
from planner.inputs.ssb.table_csv import read_csv

# Output columns of the population sheet, and the age bands they sum (upper None = and older).
BANDS: dict[str, tuple[int, int | None]] = {
    "persons_67_79": (67, 79),
    "persons_80_plus": (80, None),
    "persons_80_89": (80, 89),
    "persons_90_plus": (90, None),
}
COLUMNS = ["year", "scenario", *BANDS]
MAX_BYTES = 200 * 1024 * 1024  # a municipality's projection is well under 1 MB; the whole country ~50 MB


@dataclass
class Prognosis:
    """The population table (COLUMNS) and what the reader noticed but could still use."""

    table: pd.DataFrame
    region: str
    region_label: str
    warnings: list[str] = field(default_factory=list)
    settings_changed: list[str] = field(default_factory=list)  # what --into's settings were made to follow

    @property
    def scenarios(self) -> list[str]:
        return list(dict.fromkeys(self.table["scenario"]))

    @property
    def years(self) -> list[int]:
        return sorted(set(self.table["year"]))


# ---- 1. reading ---------------------------------------------------------------------------------


def read_projection(path: Path) -> pd.DataFrame:
    """The file's cells as a tidy DataFrame (CELL_COLUMNS); JSON-stat 2.0 or SSB's CSV, told apart by content."""
    path = Path(path)
    file = path.name
    if not path.exists():
        raise refuse(file, f"file not found: {path}")
    if not path.is_file():
        raise refuse(file, "is a folder, not a JSON-stat or CSV file")
    if path.stat().st_size > MAX_BYTES:
        raise refuse(file, f"is larger than {MAX_BYTES // 2**20} MB; select one region in SSB's query")
    raw = path.read_bytes()
    text = _decode(raw) or ""
    head = text.lstrip()[:1]
    if head in ("{", "["):
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            raise refuse(file, f"looks like JSON but cannot be read ({exc}); download it again") from None
        return read_jsonstat(document, file)
    if _looks_like_csv(text):
        return read_csv(text, file)
    raise refuse(
        file,
        "is neither JSON-stat 2.0 nor SSB's semicolon-separated CSV; " + JSONSTAT_HINT,
    )


def _decode(raw: bytes) -> str | None:
    if b"\x00" in raw[:4096]:
        return None  # binary (an .xlsx, a zip, UTF-16 without BOM handling)
    for encoding in ("utf-8-sig", "cp1252"):  # SSB's Norwegian CSV has been both
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _looks_like_csv(text: str) -> bool:
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    return any(line.count(";") >= 2 or line.count(",") >= 2 or line.count("\t") >= 2 for line in lines)


# ---- 2. aggregation ----------------------------------------------------------------------------


def population_table(cells: pd.DataFrame, region: str, file: str) -> Prognosis:
    """One region's persons per band, year and alternative (summed over sexes), checked whole."""
    code, label = _region(cells, region, file)
    data = cells[cells["region"] == code].copy()
    warnings: list[str] = []
    years = _years(data, code, file)
    data["year"] = data["year"].map(lambda t: year_in(str(t)))
    spans = _ages(data, file)
    data = data[data["age"].map(lambda a: spans[a] != "total")]
    data = _one_sex_total(data, warnings)
    spans = {a: v for a, v in spans.items() if v != "total"}
    for column, (low, high) in BANDS.items():
        _check_band_ages(column, low, high, spans, warnings, file)
    records = []
    for alt in dict.fromkeys(data["alternative"]):
        if alt not in KNOWN_ALTERNATIVES:
            warnings.append(f"alternative {alt} is not one of SSB's usual {', '.join(KNOWN_ALTERNATIVES)}")
        part = data[data["alternative"] == alt]
        records += [_year_record(part[part["year"] == y], y, alt, spans, (code, label), file) for y in years]
        missing_years = [y for y in years if part[part["year"] == y].empty]
        if missing_years:
            raise refuse(file, f"alternative {alt} has no cells for year(s) {missing_years}")
    table = pd.DataFrame(records, columns=COLUMNS)
    return Prognosis(table=table, region=code, region_label=label, warnings=warnings)


def _region(cells: pd.DataFrame, region: str, file: str) -> tuple[str, str]:
    """The region asked for, by code (with or without SSB's K- prefix) or by name: its code and label."""
    regions = cells[["region", "region_label"]].drop_duplicates("region")
    wanted = region.strip()
    bare = re.sub(r"^[A-Z]-", "", wanted)
    match = regions[(regions["region"] == wanted) | (regions["region"].str.replace(r"^[A-Z]-", "", regex=True) == bare)]
    if match.empty:
        match = regions[regions["region_label"].str.strip().str.lower() == wanted.lower()]
    if match.empty:
        some = ", ".join(f"{r.region} {r.region_label}".strip() for r in regions.head(5).itertuples())
        more = f" and {len(regions) - 5} more" if len(regions) > 5 else ""
        raise refuse(
            file,
            f"has no region '{region}'; it has {some}{more}. Give one of those with --region, or download the "
            "projection for your municipality (codes changed in 2020 and 2024: Bærum is 3201, earlier 3024, 0219)",
        )
    return match.iloc[0]["region"], match.iloc[0]["region_label"]


def _years(data: pd.DataFrame, code: str, file: str) -> list[int]:
    """The years in the file, every one readable and none missing between the first and the last."""
    years = []
    for text in dict.fromkeys(data["year"]):
        y = year_in(str(text))
        if y is None:
            raise refuse(file, f"has a year '{text}' that is not a year; export whole years (Tid)")
        years.append(y)
    ordered = sorted(set(years))
    gaps = [(a, b) for a, b in zip(ordered, ordered[1:], strict=False) if b != a + 1]
    if gaps:
        jumps = ", ".join(f"{a} to {b}" for a, b in gaps)
        raise refuse(
            file,
            f"the years jump from {jumps} (region {code}); the population sheet needs every year, so select "
            "every year (Tid) in SSB's query",
        )
    return ordered


def _ages(data: pd.DataFrame, file: str) -> dict[str, tuple[int, int | None] | str]:
    """Age category -> (lowest, highest or None), or 'total' for all ages."""
    ages = {}
    for age_code, age_label in data[["age", "age_label"]].drop_duplicates("age").itertuples(index=False):
        parsed = parse_age(age_code, age_label)
        if parsed is None:
            raise refuse(file, f"has an age '{age_label}' the planner cannot read; use SSB's single ages ('80 år')")
        ages[age_code] = parsed
    return ages


def _one_sex_total(data: pd.DataFrame, warnings: list[str]) -> pd.DataFrame:
    """'Begge kjønn' beside men and women: the sum is given, so only it is kept."""
    sexes = data[["sex", "sex_label"]].drop_duplicates("sex")
    totals = [s for s, lab in sexes.itertuples(index=False) if parse_age("", lab) == "total" or s == "0"]
    if totals and len(sexes) > 1:
        warnings.append("the file has both sexes and their total; the total is used")
        return data[data["sex"].isin(totals[:1])]
    return data


def _check_band_ages(column: str, low: int, high: int | None, spans: dict, warnings: list[str], file: str) -> None:
    """An age group straddling a band is refused; ages of the band missing from the file are warned about."""
    inside = []
    high_top = math.inf if high is None else high
    for age_code, (a, b) in spans.items():
        b_top = math.inf if b is None else b
        if b_top < low or a > high_top:
            continue
        if a < low or b_top > high_top:
            raise refuse(
                file,
                f"age '{age_code}' straddles the band of {column} ({low}–{high or ''}); "
                "export single ages (Alder) instead of age groups",
            )
        inside.append((a, b))
    covered = set()
    for a, b in inside:
        covered.update(range(a, (b if b is not None else a) + 1))
    top = max((a for a, b in inside if b is None), default=None)
    last = high if high is not None else (top if top is not None else max(covered, default=low))
    absent = [n for n in range(low, last + 1) if n not in covered]
    parts = [f"ages {year_runs(absent)} are not in the file"] if absent else []
    if high is None and top is None:
        parts.append("no open top age ('105 år eller eldre') is")
    if parts:
        warnings.append(f"{column} counts only the ages in the file: {'; '.join(parts)}")


def _year_record(rows: pd.DataFrame, year: int, alt: str, spans: dict, region: tuple[str, str], file: str) -> dict:
    """One row of the population sheet: each band's persons in one year of one alternative."""
    record = {"year": year, "scenario": alt}
    for column, (low, high) in BANDS.items():
        total = 0.0
        for r in rows.itertuples(index=False):
            a, b = spans[r.age]
            if a < low or (high is not None and (b is None or b > high)):
                continue
            if r.value is None or (isinstance(r.value, float) and math.isnan(r.value)):
                sex = f", sex {r.sex_label}" if r.sex_label else ""
                raise refuse(
                    file,
                    f"has no value for region {region[0]} {region[1]}, age {r.age_label}{sex}, year {year}, "
                    f"alternative {alt} (marked missing), needed for {column}; download the table again "
                    "or choose another alternative",
                )
            total += float(r.value)
        record[column] = int(total) if float(total).is_integer() else round(total, 6)
    return record


# ---- 3. writing ------------------------------------------------------------------------------


MAIN_ALTERNATIVE = "MMMM"  # SSB's main alternative (hovedalternativet): middle fertility, life expectancy, migration


def write_population(prognosis: Prognosis, output: Path, into: Path | None = None) -> list[str]:
    """Write ``output``: ``into``'s sheets with the population sheet replaced, or that sheet alone.

    With ``into``, the settings follow the new sheet: a scenario it no longer has becomes the main
    alternative written (robust_scenarios likewise loses names it no longer has). Returns what was changed
    there, in words, for the user to read.
    """
    from openpyxl import Workbook, load_workbook
    from openpyxl.styles import Font

    if into is not None:
        from planner.inputs.workbook import check_container

        check_container(Path(into))
        # values as written: a formula is copied as the value it shows (the planner reads only those,
        # and openpyxl cannot keep a formula's saved value); styles, widths and comments stay
        book = load_workbook(into, data_only=True, keep_links=False)
        position = len(book.sheetnames)
        for ws in list(book.worksheets):
            if ws.title.strip().lower() == "population":
                position = book.sheetnames.index(ws.title)
                book.remove(ws)
        ws = book.create_sheet("population", position)
        changed = _settings_follow(book, prognosis.scenarios)
    else:
        changed = []
        book = Workbook()
        ws = book.active
        ws.title = "population"
    append_row(ws, COLUMNS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        ws.column_dimensions[cell.column_letter].width = max(12, len(str(cell.value)) + 4)
    for row in prognosis.table.itertuples(index=False):
        append_row(ws, [_plain(v) for v in row])
    ws.freeze_panes = "A2"
    save_atomically(Path(output), book.save)
    return changed


def _settings_follow(book, scenarios: list[str]) -> list[str]:
    """The settings sheet's scenario (and robust_scenarios) made to name scenarios the new sheet has."""
    sheet = next((ws for ws in book.worksheets if ws.title.strip().lower() == "settings"), None)
    if sheet is None:
        return []
    rows = {
        str(row[0].value).strip().lower(): row
        for row in sheet.iter_rows(min_row=2, max_col=2)
        if row[0].value is not None and len(row) > 1
    }
    named = {s.casefold(): s for s in scenarios}  # 'mmmm' is MMMM: the file's spelling is the one kept
    chosen = rows.get("scenario")
    was = str(chosen[1].value).strip() if chosen and chosen[1].value is not None else ""
    now = named.get(was.casefold(), "")
    changed = []
    if not now and (was or len(scenarios) > 1):
        now = MAIN_ALTERNATIVE if MAIN_ALTERNATIVE in scenarios else scenarios[0]
        why = "SSB's main alternative" if now == MAIN_ALTERNATIVE else "the first alternative in the file"
        changed.append(f"scenario is now {now} ({why}" + (f"; it was {was})" if was else ")"))
    elif now != was:
        changed.append(f"scenario is now {now}, as the file spells it (it was {was})")
    if changed:
        if chosen is None:
            append_row(sheet, ["scenario", now])
        else:
            chosen[1].value = now
    return changed + _robust_follows(rows.get("robust_scenarios"), named, now)


def _robust_follows(robust, named: dict[str, str], chosen: str) -> list[str]:
    """robust_scenarios: names the new sheet lacks dropped, the rest spelled as the file does, the chosen one left
    out (a robust plan holds in the others); blank, every other one, when none is left."""
    if not robust or not robust[1].value:
        return []
    names = [n.strip() for n in str(robust[1].value).split(",") if n.strip()]
    kept = [named[n.casefold()] for n in names if n.casefold() in named and named[n.casefold()] != chosen]
    if kept == names:
        return []
    robust[1].value = ", ".join(kept) or None
    gone = [n for n in names if n.casefold() not in named]
    said = f"no longer names {', '.join(gone)}, which the new sheet does not have" if gone else "is respelled"
    return [f"robust_scenarios {said}" + ("; blank now: every scenario but the chosen one" if not kept else "")]


def _plain(value):
    """numpy scalars as Python numbers, for openpyxl."""
    return value.item() if hasattr(value, "item") else value


def prognosis_from_file(path: Path, region: str) -> Prognosis:
    """Read ``path`` and build the region's population table (steps 1 and 2)."""
    cells = read_projection(path)
    if cells.empty:
        raise refuse(Path(path).name, "holds no cells; download the projection again")
    return population_table(cells, region, Path(path).name)
