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

import csv
import io
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from models.text import year_runs
from planner.files import append_row, save_atomically
from planner.problems import InputError, Problem

# Output columns of the population sheet, and the age bands they sum (upper None = and older).
BANDS: dict[str, tuple[int, int | None]] = {
    "persons_67_79": (67, 79),
    "persons_80_plus": (80, None),
    "persons_80_89": (80, 89),
    "persons_90_plus": (90, None),
}
COLUMNS = ["year", "scenario", *BANDS]
# SSB's projection alternatives: fertility, life expectancy, internal migration, immigration.
KNOWN_ALTERNATIVES = ("MMMM", "LLML", "HHMH", "LHML", "HLMH", "MMML", "MMMH", "MMM0", "MM00")
MAX_BYTES = 200 * 1024 * 1024  # a municipality's projection is well under 1 MB; the whole country ~50 MB
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


@dataclass
class Prognosis:
    """The population table (COLUMNS) and what the reader noticed but could still use."""

    table: pd.DataFrame
    region: str
    region_label: str
    warnings: list[str] = field(default_factory=list)

    @property
    def scenarios(self) -> list[str]:
        return list(dict.fromkeys(self.table["scenario"]))

    @property
    def years(self) -> list[int]:
        return sorted(set(self.table["year"]))


def _refuse(file: str, message: str) -> InputError:
    return InputError([Problem(file, message)])


# ---- 1. reading ---------------------------------------------------------------------------------


def read_projection(path: Path) -> pd.DataFrame:
    """The file's cells as a tidy DataFrame (CELL_COLUMNS); JSON-stat 2.0 or SSB's CSV, told apart by content."""
    path = Path(path)
    file = path.name
    if not path.exists():
        raise _refuse(file, f"file not found: {path}")
    if not path.is_file():
        raise _refuse(file, "is a folder, not a JSON-stat or CSV file")
    if path.stat().st_size > MAX_BYTES:
        raise _refuse(file, f"is larger than {MAX_BYTES // 2**20} MB; select one region in SSB's query")
    raw = path.read_bytes()
    text = _decode(raw) or ""
    head = text.lstrip()[:1]
    if head in ("{", "["):
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            raise _refuse(file, f"looks like JSON but cannot be read ({exc}); download it again") from None
        return read_jsonstat(document, file)
    if _looks_like_csv(text):
        return read_csv(text, file)
    raise _refuse(
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


# ---- JSON-stat 2.0 ----------------------------------------------------------------------------


def jsonstat_cells(ds: dict, file: str = "JSON-stat") -> tuple[list[str], list[list[str]], list[tuple]]:
    """A JSON-stat 2.0 dataset's dimension ids, each dimension's category ids in order, and every cell.

    Each cell is (flat index, value or None, status or None). Follows the specification: ``id`` and
    ``size`` give the order of ``value`` (row-major, the last dimension fastest); ``value`` is an array
    or an object keyed by flat index (absent = no value); ``status`` is a string for every cell, an
    array, or an object keyed by flat index; a category ``index`` is an array or an object (category
    -> position), and may be left out for a dimension of one category (its ``label`` names it).
    """
    if not isinstance(ds, dict):
        raise _refuse(file, "is JSON but not a JSON-stat 2.0 dataset; " + JSONSTAT_HINT)
    if ds.get("class") == "collection" or "link" in ds and "dimension" not in ds:
        raise _refuse(file, "is a JSON-stat collection, not a dataset; download the table's data itself")
    if "dimension" not in ds or "value" not in ds:
        if any(isinstance(v, dict) and "dimension" in v for v in ds.values()):
            raise _refuse(file, "is JSON-stat 1.x (a bundle); ask SSB's API for outputFormat=json-stat2")
        raise _refuse(file, "is JSON but not a JSON-stat 2.0 dataset (no 'dimension' and 'value'); " + JSONSTAT_HINT)
    ids, sizes, dims = ds.get("id"), ds.get("size"), ds["dimension"]
    if not isinstance(ids, list) or not isinstance(sizes, list) or len(ids) != len(sizes):
        raise _refuse(file, "is not valid JSON-stat 2.0: 'id' and 'size' must be lists of the same length")
    categories = []
    for dim_id, size in zip(ids, sizes, strict=True):
        category = (dims.get(dim_id) or {}).get("category") or {}
        index = category.get("index")
        if index is None:
            labels = category.get("label") or {}
            codes = list(labels)
        elif isinstance(index, list):
            codes = [str(c) for c in index]
        elif isinstance(index, dict):
            codes = [str(c) for c, _ in sorted(index.items(), key=lambda item: item[1])]
        else:
            codes = []
        if len(codes) != size:
            raise _refuse(
                file, f"is not valid JSON-stat 2.0: dimension '{dim_id}' has {len(codes)} categories but size {size}"
            )
        categories.append(codes)
    total = math.prod(sizes)
    values, status = ds["value"], ds.get("status")
    if isinstance(values, list):
        if len(values) != total:
            raise _refuse(file, f"is not valid JSON-stat 2.0: 'value' has {len(values)} items, the sizes give {total}")
        value_at = dict(enumerate(values))
    elif isinstance(values, dict):
        value_at = {int(k): v for k, v in values.items()}
    else:
        raise _refuse(file, "is not valid JSON-stat 2.0: 'value' must be an array or an object")
    if status is None:
        status_at = {}
    elif isinstance(status, str):
        status_at = dict.fromkeys(range(total), status)
    elif isinstance(status, list):
        # a one-item array applies to every cell (JSON-stat 1.x habit, still seen)
        status_at = dict.fromkeys(range(total), status[0]) if len(status) == 1 else dict(enumerate(status))
    elif isinstance(status, dict):
        status_at = {int(k): v for k, v in status.items()}
    else:
        status_at = {}
    cells = []
    for flat in range(total):
        value = value_at.get(flat)
        if value is not None and not isinstance(value, int | float):
            value = _number(str(value))
        cells.append((flat, value, status_at.get(flat)))
    return [str(i) for i in ids], categories, cells


def read_jsonstat(ds: dict, file: str) -> pd.DataFrame:
    """A JSON-stat 2.0 dataset from SSB as tidy cells."""
    ids, categories, cells = jsonstat_cells(ds, file)
    dims = ds["dimension"]
    roles = ds.get("role") or {}
    labels = [((dims[d].get("category") or {}).get("label") or {}) for d in ids]
    names = [str(dims[d].get("label") or d) for d in ids]

    def find(names_set: set[str], role: str | None = None) -> int | None:
        for i, d in enumerate(ids):
            if d.lower() in names_set or names[i].lower() in names_set:
                return i
        for d in roles.get(role, []) if role else []:
            if d in ids:
                return ids.index(d)
        return None

    age = find(AGE_NAMES)
    if age is None:
        raise _refuse(
            file,
            f"has no age dimension (Alder); its dimensions are {', '.join(ids)}. Select the ages (Alder) in "
            "SSB's query, e.g. valueCodes[Alder]=*",
        )
    region, sex, year = find(REGION_NAMES, "geo"), find(SEX_NAMES), find(YEAR_NAMES, "time")
    if region is None:
        raise _refuse(file, f"has no region dimension (Region); its dimensions are {', '.join(ids)}")
    if year is None:
        raise _refuse(file, f"has no year dimension (Tid); its dimensions are {', '.join(ids)}")
    known = {age, region, sex, year}
    rest = [i for i in range(len(ids)) if i not in known]
    alternative = None
    for i in rest:  # the alternative: the dimension whose categories carry the four-letter code
        if all(_alternative_code(c, labels[i].get(c)) for c in categories[i]):
            alternative = i
            break
    if alternative is None:
        preferred = find(ALTERNATIVE_NAMES, "metric")
        examples = ", ".join(f"'{labels[i].get(c, c)}'" for i in rest for c in categories[i][:2]) or "none"
        where = f" (dimension '{ids[preferred]}')" if preferred is not None else ""
        raise _refuse(
            file,
            f"no dimension names the projection alternative{where}: its categories ({examples}) carry no "
            "four-letter code such as (MMMM); download table 14288 (or another projection table) with "
            "ContentsCode, whose labels end in the alternative's code",
        )
    for i in rest:
        if i != alternative and len(categories[i]) > 1:
            raise _refuse(
                file,
                f"has a dimension '{ids[i]}' with {len(categories[i])} categories the planner does not use; "
                "select one of them in SSB's query",
            )
    sizes = [len(c) for c in categories]
    strides = [math.prod(sizes[i + 1 :]) for i in range(len(sizes))]

    def at(flat: int, i: int | None) -> tuple[str, str]:
        if i is None:
            return "", ""
        code = categories[i][(flat // strides[i]) % sizes[i]]
        return code, str(labels[i].get(code, code))

    rows = []
    for flat, value, status in cells:
        region_code, region_label = at(flat, region)
        sex_code, sex_label = at(flat, sex)
        age_code, age_label = at(flat, age)
        year_code, _ = at(flat, year)
        alt_code, alt_label = at(flat, alternative)
        if status is not None and str(status).strip() in MISSING_SYMBOLS:
            value = None
        rows.append(
            (
                region_code,
                region_label,
                sex_code,
                sex_label,
                age_code,
                age_label,
                year_code,
                _alternative_code(alt_code, alt_label),
                value,
            )
        )
    return pd.DataFrame(rows, columns=CELL_COLUMNS)


# ---- SSB's CSV ---------------------------------------------------------------------------------


def read_csv(text: str, file: str) -> pd.DataFrame:
    """SSB's CSV export as tidy cells.

    Accepted: ``;`` (Norwegian: decimal comma), ``,`` (English: decimal point) or tab separated, quoted
    or not, UTF-8 or Windows-1252, with title lines above the header. The header row is the first that
    names an age column (``alder``/``age``); it must also name ``region``, and may name ``kjønn``
    (summed), ``år`` and the alternative (``statistikkvariabel``/``alternativ``). Every other column
    holds values; a value column's header may itself carry the year (``2026``) and/or the alternative
    (``Hovedalternativet (MMMM)``, ``Personer MMMM 2026``), so the long form (one value column), one
    column per alternative and SSB's pivot with years across all read alike. Region cells are
    ``3201 Bærum`` (code first) or a bare code; ages ``80 år``, ``105 år eller eldre``, ``80-84 år``.
    """
    lines = text.splitlines()
    header_at, delimiter = None, ";"
    for n, line in enumerate(lines[:50]):
        delimiter = max((";", ",", "\t"), key=line.count)
        cells = [_norm(c) for c in next(csv.reader([line], delimiter=delimiter), [])]
        if any(c in AGE_NAMES for c in cells):
            header_at = n
            break
    if header_at is None:
        raise _refuse(
            file,
            "has no age column (alder) in its header; export the table with the age (alder) variable "
            "selected, one age per row",
        )
    reader = csv.reader(io.StringIO("\n".join(lines[header_at:])), delimiter=delimiter)
    header = [c.strip() for c in next(reader)]
    norm = [_norm(c) for c in header]

    def column(names: set[str]) -> int | None:
        return next((i for i, c in enumerate(norm) if c in names), None)

    age, region, sex = column(AGE_NAMES), column(REGION_NAMES), column(SEX_NAMES)
    year, alternative = column(YEAR_NAMES), column(ALTERNATIVE_NAMES)
    if region is None:
        raise _refuse(file, f"has no region column in its header ({'; '.join(header)}); export it with region")
    known = {age, region, sex, year, alternative} - {None}
    value_columns = []
    for i, name in enumerate(header):
        if i in known or not name:
            continue
        value_columns.append((i, _year_in(name), _alternative_code("", name)))
    if not value_columns:
        raise _refuse(file, "has no value column beside region, kjønn, alder and år")
    if len(value_columns) > 1 and any(y is None and a is None for _, y, a in value_columns):
        unknown = [header[i] for i, y, a in value_columns if y is None and a is None]
        raise _refuse(
            file,
            f"cannot tell what the column(s) {', '.join(unknown)} hold: a value column's header names its "
            "year or its alternative's code such as (MMMM) when there are several",
        )
    decimal_comma = delimiter != ","
    rows = []
    for record in reader:
        if not any(c.strip() for c in record) or len(record) < len(header):
            continue  # blank lines and the footnotes SSB puts below the table
        record = [c.strip() for c in record]
        region_code, region_label = _region_cell(record[region])
        for i, col_year, col_alt in value_columns:
            year_text = str(col_year) if col_year is not None else (record[year] if year is not None else "")
            if col_alt is not None:
                alt = col_alt
            elif alternative is not None:
                alt = _alternative_code("", record[alternative])
                if alt is None:
                    raise _refuse(
                        file,
                        f"cannot tell the projection alternative of '{record[alternative]}': SSB's labels end "
                        "in its four-letter code, e.g. 'Hovedalternativet (MMMM)'",
                    )
            else:
                raise _refuse(
                    file,
                    "names no projection alternative: add the statistikkvariabel column, or headers with "
                    "the code such as 'Hovedalternativet (MMMM)'",
                )
            sex_text = record[sex] if sex is not None else ""
            rows.append(
                (
                    region_code,
                    region_label,
                    sex_text,
                    sex_text,
                    record[age],
                    record[age],
                    year_text,
                    alt,
                    _number(record[i], decimal_comma),
                )
            )
    if year is None and all(y is None for _, y, _a in value_columns):
        raise _refuse(file, "names no year: add the år column, or value columns headed by their year")
    return pd.DataFrame(rows, columns=CELL_COLUMNS)


def _norm(text: str) -> str:
    return text.strip().strip('"').strip().lower()


def _year_in(text: str) -> int | None:
    found = re.findall(r"(?<!\d)(1[89]\d\d|2\d\d\d)(?!\d)", text)
    return int(found[-1]) if found else None


def _region_cell(text: str) -> tuple[str, str]:
    """'3201 Bærum' -> ('3201', 'Bærum'); 'K-3201 Bærum' -> ('3201', ...); a bare code or name as it is."""
    m = re.match(r"^(?:[A-Z]-)?(\d{1,6})\b\s*(.*)$", text.strip())
    return (m.group(1), m.group(2) or m.group(1)) if m else (text.strip(), text.strip())


def _alternative_code(code: str, label: str | None) -> str | None:
    """'Hovedalternativet (MMMM)' -> 'MMMM'; a bare four-letter code as it is; else None."""
    for text in (label or "", code or ""):
        m = re.search(r"\(([A-Z0-9]{4})\)", text)
        if m and re.search(r"[A-Z]", m.group(1)):
            return m.group(1)
        for word in re.findall(r"\b[A-Z0-9]{4}\b", text):
            if re.search(r"[A-Z]", word) and (word in KNOWN_ALTERNATIVES or text.strip() == word):
                return word
    return None


def _number(text: str, decimal_comma: bool = True) -> float | None:
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


# ---- 2. aggregation ----------------------------------------------------------------------------


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


def population_table(cells: pd.DataFrame, region: str, file: str) -> Prognosis:
    """One region's persons per band, year and alternative (summed over sexes), checked whole."""
    regions = cells[["region", "region_label"]].drop_duplicates("region")
    wanted = region.strip()
    bare = re.sub(r"^[A-Z]-", "", wanted)
    match = regions[(regions["region"] == wanted) | (regions["region"].str.replace(r"^[A-Z]-", "", regex=True) == bare)]
    if match.empty:
        match = regions[regions["region_label"].str.strip().str.lower() == wanted.lower()]
    if match.empty:
        some = ", ".join(f"{r.region} {r.region_label}".strip() for r in regions.head(5).itertuples())
        more = f" and {len(regions) - 5} more" if len(regions) > 5 else ""
        raise _refuse(
            file,
            f"has no region '{region}'; it has {some}{more}. Give one of those with --region, or download the "
            "projection for your municipality (codes changed in 2020 and 2024: Bærum is 3201, earlier 3024, 0219)",
        )
    code, label = match.iloc[0]["region"], match.iloc[0]["region_label"]
    data = cells[cells["region"] == code].copy()
    warnings: list[str] = []

    years = []
    for text in dict.fromkeys(data["year"]):
        y = _year_in(str(text))
        if y is None:
            raise _refuse(file, f"has a year '{text}' that is not a year; export whole years (Tid)")
        years.append(y)
    data["year"] = data["year"].map(lambda t: _year_in(str(t)))
    ordered = sorted(set(years))
    gaps = [(a, b) for a, b in zip(ordered, ordered[1:], strict=False) if b != a + 1]
    if gaps:
        jumps = ", ".join(f"{a} to {b}" for a, b in gaps)
        raise _refuse(
            file,
            f"the years jump from {jumps} (region {code}); the population sheet needs every year, so select "
            "every year (Tid) in SSB's query",
        )

    ages = {}
    for age_code, age_label in data[["age", "age_label"]].drop_duplicates("age").itertuples(index=False):
        parsed = parse_age(age_code, age_label)
        if parsed is None:
            raise _refuse(file, f"has an age '{age_label}' the planner cannot read; use SSB's single ages ('80 år')")
        ages[age_code] = parsed
    data = data[data["age"].map(lambda a: ages[a] != "total")]
    sexes = data[["sex", "sex_label"]].drop_duplicates("sex")
    totals = [s for s, lab in sexes.itertuples(index=False) if parse_age("", lab) == "total" or s == "0"]
    if totals and len(sexes) > 1:
        data = data[data["sex"].isin(totals[:1])]  # 'Begge kjønn' beside men and women: the sum is given
        warnings.append("the file has both sexes and their total; the total is used")

    spans = {a: v for a, v in ages.items() if v != "total"}
    for column, (low, high) in BANDS.items():
        inside = []
        for age_code, (a, b) in spans.items():
            b_top = math.inf if b is None else b
            high_top = math.inf if high is None else high
            if b_top < low or a > high_top:
                continue
            if a < low or b_top > high_top:
                raise _refuse(
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
        if absent or (high is None and top is None):
            parts = []
            if absent:
                parts.append(f"ages {year_runs(absent)} are not in the file")
            if high is None and top is None:
                parts.append("no open top age ('105 år eller eldre') is")
            warnings.append(f"{column} counts only the ages in the file: {'; '.join(parts)}")

    records = []
    by_alt = dict.fromkeys(data["alternative"])
    for alt in by_alt:
        if alt not in KNOWN_ALTERNATIVES:
            warnings.append(f"alternative {alt} is not one of SSB's usual {', '.join(KNOWN_ALTERNATIVES)}")
        part = data[data["alternative"] == alt]
        for y in ordered:
            rows = part[part["year"] == y]
            record = {"year": y, "scenario": alt}
            for column, (low, high) in BANDS.items():
                total = 0.0
                for r in rows.itertuples(index=False):
                    a, b = spans[r.age]
                    if a < low or (high is not None and (b is None or b > high)):
                        continue
                    if r.value is None or (isinstance(r.value, float) and math.isnan(r.value)):
                        sex = f", sex {r.sex_label}" if r.sex_label else ""
                        raise _refuse(
                            file,
                            f"has no value for region {code} {label}, age {r.age_label}{sex}, year {y}, "
                            f"alternative {alt} (marked missing), needed for {column}; download the table again "
                            "or choose another alternative",
                        )
                    total += float(r.value)
                record[column] = int(total) if float(total).is_integer() else round(total, 6)
            records.append(record)
        missing_years = [y for y in ordered if part[part["year"] == y].empty]
        if missing_years:
            raise _refuse(file, f"alternative {alt} has no cells for year(s) {missing_years}")
    table = pd.DataFrame(records, columns=COLUMNS)
    return Prognosis(table=table, region=code, region_label=label, warnings=warnings)


# ---- 3. writing ------------------------------------------------------------------------------


def write_population(prognosis: Prognosis, output: Path, into: Path | None = None) -> None:
    """Write ``output``: ``into``'s sheets with the population sheet replaced, or that sheet alone."""
    from openpyxl import Workbook, load_workbook
    from openpyxl.styles import Font

    if into is not None:
        from planner.workbook import check_container

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
    else:
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


def _plain(value):
    """numpy scalars as Python numbers, for openpyxl."""
    return value.item() if hasattr(value, "item") else value


def prognosis_from_file(path: Path, region: str) -> Prognosis:
    """Read ``path`` and build the region's population table (steps 1 and 2)."""
    cells = read_projection(path)
    if cells.empty:
        raise _refuse(Path(path).name, "holds no cells; download the projection again")
    return population_table(cells, region, Path(path).name)
