"""Raw sheets of an input workbook: header names and rows, with their Excel positions.

Guards come first, so that whatever file arrives is refused in bounded time and memory
with a message a planner can act on: old .xls, encrypted, damaged, zip bombs, huge sheets.
"""

from __future__ import annotations

import difflib
import re
import xml.etree.ElementTree as ET
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_from_string, range_boundaries

from planner.problems import InputError, Problem

# Refuse workbooks that unpack to more than this: an input workbook is a few hundred KB.
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
# Refuse sheets with more data rows than this (a 100-year horizon needs a few hundred).
MAX_DATA_ROWS = 100_000
# How far down a misplaced header row is looked for.
HEADER_SEARCH_ROWS = 10

ENCRYPTED = (
    "is password-protected (encrypted); remove the password in Excel (File › Info › Protect Workbook) "
    "and save it again as .xlsx"
)
OLD_XLS = "is an old Excel 97–2003 (.xls) workbook; open it in Excel or LibreOffice and save it as .xlsx"
NOT_XLSX = "is not an Excel .xlsx workbook ({why}); save it from Excel or LibreOffice as .xlsx"
DAMAGED = "is damaged or truncated ({why}); save it again as .xlsx"
TOO_LARGE = (
    "unpacks to {size:,.0f} MB uncompressed, more than the {limit:,.0f} MB the planner reads; refused. "
    "Remove unused sheets, rows or pictures and save again"
)
TOO_MANY_ROWS = (
    "has more than {limit:,} rows; an input sheet needs a few hundred. Delete the unused rows "
    "(or move the data to another sheet)"
)
FORMULA_WITHOUT_VALUE = (
    "holds the formula {formula} with no saved value; open and save the workbook in Excel or LibreOffice "
    "so it is calculated, or type the value"
)
MERGED = "{where} {ref} are merged; unmerge them so every column has its own header and every cell its own value"

_OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")
_FORMULA_OR_MERGE = re.compile(rb"<(?:\w+:)?(?:f|mergeCell)[\s>/]")


@dataclass
class Sheet:
    """One sheet: lower-case header name -> column index, and the non-empty data rows."""

    file: str
    name: str
    columns: dict[str, int] = field(default_factory=dict)
    headers: dict[int, str] = field(default_factory=dict)  # column index -> header as written, for messages
    rows: list[tuple[int, tuple]] = field(default_factory=list)  # (Excel row number, values)
    # Already reported as unusable: a misplaced header, formulas without a saved value.
    header_misplaced: bool = False
    refused: bool = False  # too large to read
    unreadable_cells: set[tuple[int, int]] = field(default_factory=set)  # (row, column index)

    @property
    def key(self) -> str:
        """The sheet's name as the schema knows it: names are matched in lower case ('Bands' is bands)."""
        return self.name.strip().lower()

    def letter(self, column: str) -> str | None:
        index = self.columns.get(column)
        return get_column_letter(index + 1) if index is not None else None

    def problem(self, message: str, row: int | None = None, column: str | None = None) -> Problem:
        return Problem(self.file, message, self.name, row, column, self.letter(column) if column else None)


def read_sheets(
    path: Path, wanted: dict[str, list[str]], ignored: list[str] | None = None
) -> tuple[dict[str, Sheet], list[Problem]]:
    """The wanted sheets (by lower-case name) with their headers and rows; cached values, never formulas.

    ``wanted`` maps a sheet name to the columns its header must hold (used to find a header
    row that is not row 1). Other sheets are never read; their names are added to ``ignored``.
    """
    path = Path(path)
    file = path.name
    check_container(path)
    try:
        with open(path, "rb") as handle:
            book = load_workbook(handle, read_only=True, data_only=True, keep_links=False)
            try:
                return _read_wanted(book, file, wanted, ignored if ignored is not None else [])
            finally:
                book.close()
    except InputError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError, ET.ParseError, OSError) as exc:
        _refuse(file, DAMAGED.format(why=_short(exc)), exc)
    except Exception as exc:  # openpyxl raises many kinds on files it cannot parse
        _refuse(file, NOT_XLSX.format(why=_short(exc)), exc)


def check_container(path: Path) -> None:
    """Refuse what is not a readable .xlsx before any parser sees it."""
    file = path.name
    if not path.exists():
        raise InputError([Problem(file, f"file not found: {path}")])
    if not path.is_file():
        raise InputError([Problem(file, "is a folder, not an Excel .xlsx workbook")])
    with open(path, "rb") as handle:
        head = handle.read(8)
    if head == _OLE2_SIGNATURE:
        _refuse(file, ENCRYPTED if _is_encrypted(path) else OLD_XLS)
    if not head.startswith(b"PK"):
        _refuse(file, NOT_XLSX.format(why="it is not a zip package"))
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        _refuse(file, DAMAGED.format(why=_short(exc)), exc)
    unpacked = sum(i.file_size for i in infos)
    if unpacked > MAX_UNCOMPRESSED_BYTES:
        _refuse(file, TOO_LARGE.format(size=unpacked / 2**20, limit=MAX_UNCOMPRESSED_BYTES / 2**20))
    if not any(i.filename.lower() == "xl/workbook.xml" or i.filename.lower().endswith("/workbook.xml") for i in infos):
        _refuse(file, NOT_XLSX.format(why="a zip package without a workbook inside"))


def _refuse(file: str, message: str, cause: Exception | None = None) -> NoReturn:
    raise InputError([Problem(file, message)]) from cause


def _is_encrypted(path: Path) -> bool:
    """An encrypted .xlsx is an OLE2 container holding an EncryptionInfo stream; an .xls is not."""
    tail = b""
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            if _ENCRYPTION_STREAM in tail + chunk:
                return True
            tail = chunk[-len(_ENCRYPTION_STREAM) :]
    return False


SHEET_TYPO_CUTOFF = 0.8  # 'Budget1' → budget (0.92), 'conversion' → conversions (0.95); 'notes' → nothing


def _read_wanted(
    book, file: str, wanted: dict[str, list[str]], ignored: list[str]
) -> tuple[dict[str, Sheet], list[Problem]]:
    sheets: dict[str, Sheet] = {}
    problems: list[Problem] = []
    absent = [name for name in wanted if name not in {ws.title.strip().lower() for ws in book.worksheets}]
    for ws in book.worksheets:
        key = ws.title.strip().lower()
        if key not in wanted:
            # extra sheets are ignored, and never read; but 'Budget1' or 'conversion' beside a missing
            # budget or conversions sheet is a typo, and ignoring it would drop the user's data unsaid
            guess = difflib.get_close_matches(re.sub(r"[\s\-]+", "_", key), absent, n=1, cutoff=SHEET_TYPO_CUTOFF)
            if guess:
                message = f"is not a sheet the planner reads; did you mean {guess[0]}? Rename it to {guess[0]}"
                problems.append(Problem(file, message, ws.title))
            else:
                ignored.append(ws.title)
            continue
        if key in sheets:
            problems.append(Problem(file, f"two sheets are named '{key}'; keep one", ws.title))
            continue
        sheet = Sheet(file, ws.title)
        sheet_problems = _read_sheet(ws, sheet, wanted[key])
        problems += sheet_problems
        if not sheet_problems:
            problems += _scan_xml(book, ws, sheet)
        sheets[key] = sheet
    return sheets, problems


def _read_sheet(ws, sheet: Sheet, required: list[str]) -> list[Problem]:
    problems: list[Problem] = []
    ws.reset_dimensions()  # never trust the stored used range: data beyond it would be missed
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None) or ()
    names = [None if v is None or str(v).strip() == "" else str(v).strip().lower() for v in header]
    if required and not set(required) & set(names):
        found = _find_header(rows, required)
        if found:
            sheet.header_misplaced = True
            message = f"the header must be in row 1, but it is in row {found}; delete the rows above it"
            return [sheet.problem(message, 1)]
    for index, name in enumerate(names):
        if name is None:
            continue
        if name in sheet.columns:
            message = f"column '{name}' appears twice in the header; keep one"
            problems.append(Problem(sheet.file, message, sheet.name, 1, name, get_column_letter(index + 1)))
            continue
        sheet.columns[name] = index
        sheet.headers[index] = str(header[index]).strip()
    count = 0
    for number, values in enumerate(rows, start=2):
        cleaned = tuple(_clean(v) for v in values)
        if any(v is not None for v in cleaned):
            count += 1
            if count > MAX_DATA_ROWS:
                problems.append(sheet.problem(TOO_MANY_ROWS.format(limit=MAX_DATA_ROWS)))
                sheet.rows.clear()
                sheet.refused = True
                break
            sheet.rows.append((number, cleaned))
    return problems


def _find_header(rows, required: list[str]) -> int | None:
    """The row (2…HEADER_SEARCH_ROWS) holding the required column names, if row 1 does not."""
    for number, values in enumerate(rows, start=2):
        if number > HEADER_SEARCH_ROWS:
            return None
        names = {str(v).strip().lower() for v in values if v is not None}
        if set(required) <= names:
            return number
    return None


def _scan_xml(book, ws, sheet: Sheet) -> list[Problem]:
    """Merged cells, and formulas without a saved value: read_only openpyxl shows neither."""
    archive, part = getattr(book, "_archive", None), getattr(ws, "_worksheet_path", None)
    if archive is None or part is None or not _mentions_formula_or_merge(archive, part):
        return []
    by_index = {index: name for name, index in sheet.columns.items()}
    problems: list[Problem] = []
    with archive.open(part) as stream:
        for _, element in ET.iterparse(stream, events=("end",)):
            tag = element.tag.rsplit("}", 1)[-1]
            if tag == "c":
                formula = _child(element, "f")
                value = _child(element, "v")
                if formula is not None and (value is None or value.text in (None, "")) and element.get("r"):
                    letter, row = coordinate_from_string(element.get("r"))
                    index = range_boundaries(f"{letter}1")[0] - 1
                    if row == 1 or index in by_index:
                        text = f"={formula.text}" if formula.text else "a shared formula"
                        sheet.unreadable_cells.add((row, index))
                        message = FORMULA_WITHOUT_VALUE.format(formula=text)
                        column = by_index.get(index, "(header)")
                        problems.append(Problem(sheet.file, message, sheet.name, row, column, letter))
                element.clear()
            elif tag == "row":
                element.clear()
            elif tag == "mergeCell" and element.get("ref"):
                ref = element.get("ref")
                min_col, min_row, _, _ = range_boundaries(ref)
                message = MERGED.format(where="header cells" if min_row == 1 else "cells", ref=ref)
                column = by_index.get(min_col - 1)
                problems.append(Problem(sheet.file, message, sheet.name, min_row, column, get_column_letter(min_col)))
    return problems


def _mentions_formula_or_merge(archive: zipfile.ZipFile, part: str) -> bool:
    """A cheap streaming search, so sheets without formulas or merges are parsed only once."""
    tail = b""
    with archive.open(part) as stream:
        while chunk := stream.read(1 << 20):
            if _FORMULA_OR_MERGE.search(tail + chunk):
                return True
            tail = chunk[-32:]
    return False


def _child(element, name: str):
    for child in element:
        if child.tag.rsplit("}", 1)[-1] == name:
            return child
    return None


def _short(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "..."


def _clean(value):
    """Blank strings are empty cells; everything else stays as found."""
    if isinstance(value, str):
        return value.strip() or None
    return value
