"""A corpus of broken input workbooks, each with the problem lines `planner validate` must print.

Run ``python tests/broken_corpus.py OUTDIR`` to write every file into OUTDIR, with
``expected.json`` listing what each one must produce; tests/test_broken_corpus.py imports
this module and runs the real command line on every file.

Most cases take the small feasible instance (conftest.feasible_sheets()) or
inputs/baerum_new_places.xlsx (the example without its buildings sheets) and break exactly one thing.
The file-level cases (not a workbook, damaged, encrypted, oversized, merged or displaced headers,
formulas without a saved value) build the bytes directly.

An expectation is ``(fragment, sheet, row, letter)``: a problem line must name the file, then
exactly that sheet, row and column letter (None: the line names none; ANY: not checked), and
its message must contain the fragment (a tuple of fragments: any one of them). Fragments are
compared case-insensitively, with en dashes and hyphens treated alike.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import struct
import sys
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from xml.etree import ElementTree

from openpyxl import load_workbook

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # run as a script: conftest sits next to this file
    sys.path.insert(0, str(HERE))

from conftest import REPO, feasible_sheets, write_workbook  # noqa: E402

BAERUM = REPO / "inputs" / "baerum_new_places.xlsx"
EXAMPLE = REPO / "inputs" / "baerum.xlsx"  # the example with its buildings (sites)


class _Any:
    """Wildcard for a sheet, row or column letter the check does not pin down."""

    def __repr__(self) -> str:
        return "ANY"


ANY = _Any()

Expected = tuple[str | tuple[str, ...], object, object, object]


class Unavailable(Exception):
    """A case cannot be built on this machine (a library is missing); the test skips it."""


@dataclass(frozen=True)
class Case:
    name: str
    write: Callable[[Path], None]
    expected: list[Expected]
    suffix: str = ".xlsx"
    exit_code: int = 2  # 0 for the positive controls
    solve: bool = False  # also run `planner solve` on it
    note: str = ""
    more_ok: str = ""  # why further problem lines (beyond the expected) are acceptable, if they are
    level: str = "cell"  # "cell" (one cell, row or sheet broken) or "file" (the file itself)

    @property
    def filename(self) -> str:
        return self.name + self.suffix


# ---- building blocks -----------------------------------------------------------------------

Sheets = dict[str, list[list]]


def _from_feasible(mutate: Callable[[Sheets], None]) -> Callable[[Path], None]:
    """Writer: the small feasible instance with ``mutate`` applied to its sheets."""

    def write(path: Path) -> None:
        sheets = feasible_sheets()
        mutate(sheets)
        write_workbook(path, sheets)

    return write


def _from_baerum(mutate: Callable[..., None], source: Path = BAERUM) -> Callable[[Path], None]:
    """Writer: inputs/baerum_new_places.xlsx (or source) opened with openpyxl, ``mutate(book)`` applied, saved."""

    def write(path: Path) -> None:
        book = load_workbook(source)
        mutate(book)
        book.save(path)

    return write


def _col(ws, name: str) -> int:
    """1-based column index of header ``name`` in row 1."""
    for cell in ws[1]:
        if cell.value == name:
            return cell.column
    raise KeyError(f"no column {name} in {ws.title}")


def _set(sheet: str, row: int, column: str, value) -> Callable:
    """Baerum mutator: set one cell (None empties it), addressed by Excel row and header name."""

    def mutate(book) -> None:
        ws = book[sheet]
        ws.cell(row, _col(ws, column)).value = value  # ws.cell(r, c, None) would leave the value as it was

    return mutate


def _add_high_scenario(book) -> None:
    """A second population scenario 'high' (10 % above 'main') after the main rows."""
    ws = book["population"]
    year, scenario, persons = _col(ws, "year"), _col(ws, "scenario"), _col(ws, "persons_80_plus")
    rows = [(r[year - 1].value, r[persons - 1].value) for r in ws.iter_rows(min_row=2) if r[year - 1].value]
    for y, p in rows:
        new = ws.max_row + 1
        ws.cell(new, year, y)
        ws.cell(new, scenario, "high")
        ws.cell(new, persons, round(p * 1.1))


def _delete_row_where(sheet: str, **match) -> Callable:
    """Baerum mutator: delete the one row whose cells equal ``match`` (header name -> value)."""

    def mutate(book) -> None:
        ws = book[sheet]
        columns = {name: _col(ws, name) for name in match}
        hits = [r for r in range(2, ws.max_row + 1) if all(ws.cell(r, c).value == match[n] for n, c in columns.items())]
        if len(hits) != 1:
            raise KeyError(f"{sheet}: {len(hits)} rows match {match}")
        ws.delete_rows(hits[0])

    return mutate


def _chain(*mutators: Callable) -> Callable:
    def mutate(target) -> None:
        for m in mutators:
            m(target)

    return mutate


def _feasible_bytes() -> bytes:
    buffer = io.BytesIO()
    write_workbook_to(buffer, feasible_sheets())
    return buffer.getvalue()


def write_workbook_to(target, sheets: Sheets) -> None:
    """write_workbook into a temporary file, then copy its bytes to ``target`` (a path or a stream)."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = write_workbook(Path(tmp) / "book.xlsx", sheets)
        data = path.read_bytes()
    if hasattr(target, "write"):
        target.write(data)
    else:
        Path(target).write_bytes(data)


def _sheet_part(archive: zipfile.ZipFile, sheet: str) -> str:
    """The zip member holding worksheet ``sheet`` (via workbook.xml and its relationships)."""
    ns = {
        "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        "p": "http://schemas.openxmlformats.org/package/2006/relationships",
    }
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels.findall("p:Relationship", ns)}
    for s in book.findall("m:sheets/m:sheet", ns):
        if s.get("name") == sheet:
            target = targets[s.get(f"{{{ns['r']}}}id")]
            return target.lstrip("/") if target.startswith("/") else "xl/" + target
    raise KeyError(sheet)


def _rewrite_members(
    source: bytes, path: Path, replace: dict[str, Callable[[bytes], Iterable[bytes]]], compresslevel: int = 1
) -> None:
    """Copy the zip ``source`` to ``path``; the members in ``replace`` are streamed from old bytes -> chunks."""
    with (
        zipfile.ZipFile(io.BytesIO(source)) as old,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as new,
    ):
        for info in old.infolist():
            if info.filename in replace:
                with new.open(info.filename, "w", force_zip64=True) as handle:
                    for chunk in replace[info.filename](old.read(info.filename)):
                        handle.write(chunk)
            else:
                new.writestr(info.filename, old.read(info.filename))


def _patch_sheet(sheets: Sheets, sheet: str, patch: Callable[[bytes], Iterable[bytes]]) -> Callable[[Path], None]:
    """Writer: ``sheets`` written by openpyxl, then worksheet ``sheet``'s XML replaced by ``patch(old xml)``."""

    def write(path: Path) -> None:
        buffer = io.BytesIO()
        write_workbook_to(buffer, sheets)
        data = buffer.getvalue()
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            part = _sheet_part(archive, sheet)
        _rewrite_members(data, path, {part: patch}, compresslevel=1)

    return write


# ---- file-level writers ---------------------------------------------------------------------


def _write_text(path: Path) -> None:
    path.write_text("year;persons_80_plus\n2026;6350\n2027;6600\n", encoding="utf-8")


def _write_empty(path: Path) -> None:
    path.write_bytes(b"")


def _write_truncated(path: Path) -> None:
    data = BAERUM.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _write_zip_of_text(path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("readme.txt", "This zip holds a text file, not a workbook.\n")


def ole2_compound_file(streams: dict[str, bytes]) -> bytes:
    """A minimal, valid OLE2 / CFB v3 compound file whose streams are >= 4096 bytes (regular sectors).

    Layout: header, one FAT sector, one directory sector (up to 3 streams), then the stream sectors.
    """
    sector = 512
    free, end, fat_sect, no_stream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    if len(streams) > 3:
        raise ValueError("at most 3 streams fit in one directory sector")
    fat = [fat_sect, end]  # sector 0: the FAT, sector 1: the directory
    starts, bodies = [], []
    for data in streams.values():
        data = data.ljust(max(4096, len(data)), b"\0")
        data += b"\0" * (-len(data) % sector)
        n = len(data) // sector
        start = len(fat)
        fat += [start + i + 1 for i in range(n - 1)] + [end]
        starts.append((start, len(data)))
        bodies.append(data)
    if len(fat) > sector // 4:
        raise ValueError("streams too large for one FAT sector")
    fat += [free] * (sector // 4 - len(fat))

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le") if name else b""
        return struct.pack(
            "<64sHBBIII16sIQQIQ",
            encoded,
            len(encoded),
            kind,
            1 if name else 0,  # black
            no_stream,
            right,
            child,
            b"\0" * 16,
            0,
            0,
            0,
            start,
            size,
        )

    names = list(streams)
    directory = entry("Root Entry", 5, 1 if names else no_stream, no_stream, end, 0)
    for i, (name, (start, size)) in enumerate(zip(names, starts, strict=True)):
        # siblings as a right-leaning chain: fine for a reader (a red-black tree is not required to open it)
        directory += entry(name, 2, no_stream, i + 2 if i + 1 < len(names) else no_stream, start, size)
    while len(directory) < sector:
        directory += entry("", 0, no_stream, no_stream, 0, 0)

    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        bytes.fromhex("D0CF11E0A1B11AE1"),
        b"\0" * 16,
        0x003E,
        0x0003,
        0xFFFE,
        9,
        6,
        b"\0" * 6,
        0,  # directory sectors (0 in v3)
        1,  # FAT sectors
        1,  # first directory sector
        0,
        4096,  # mini stream cutoff
        end,  # no mini FAT
        0,
        end,  # no DIFAT sectors
        0,
    )
    header += struct.pack("<109I", 0, *([free] * 108))
    assert len(header) == sector
    return header + struct.pack(f"<{sector // 4}I", *fat) + directory + b"".join(bodies)


def _biff8_workbook_stream() -> bytes:
    """BOF (BIFF8, workbook globals) + EOF: the start of every Excel 97–2003 Workbook stream."""
    bof = struct.pack("<HH", 0x0809, 16) + struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 0x06)
    eof = struct.pack("<HH", 0x000A, 0)
    return bof + eof


def _write_xls(path: Path) -> None:
    path.write_bytes(ole2_compound_file({"Workbook": _biff8_workbook_stream()}))


def _write_encrypted(path: Path) -> None:
    try:
        from msoffcrypto.format.ooxml import OOXMLFile
    except ImportError as exc:
        raise Unavailable("msoffcrypto-tool is not installed (pip install msoffcrypto-tool)") from exc
    plain = io.BytesIO(_feasible_bytes())
    with open(path, "wb") as out:
        OOXMLFile(plain).encrypt("secret", out)


ZIP_BOMB_BYTES = 250 * 1024 * 1024


def _bomb(xml: bytes) -> Iterator[bytes]:
    """The sheet XML with ~250 MB of whitespace inside <sheetData>: deflates to about 1 MB (level 1, fast)."""
    head, tag, tail = xml.partition(b"<sheetData>")
    if not tag:
        raise ValueError("no <sheetData> in the sheet XML")
    yield head + tag
    chunk = b" " * (1024 * 1024)
    for _ in range(ZIP_BOMB_BYTES // len(chunk)):
        yield chunk
    yield tail


MANY_ROWS = 1_000_000


def _million_rows(xml: bytes) -> Iterator[bytes]:
    """The population sheet with its header and 1,000,000 data rows (year, persons)."""
    start = xml.index(b"<sheetData>") + len(b"<sheetData>")
    end = xml.index(b"</sheetData>")
    head, tail = xml[:start], xml[end:]
    head, n = re.subn(rb'<dimension ref="[^"]*"\s*/>', f'<dimension ref="A1:B{MANY_ROWS + 1}"/>'.encode(), head)
    if n != 1:
        raise ValueError("no <dimension> in the population sheet XML")
    yield head
    yield b'<row r="1"><c r="A1" t="inlineStr"><is><t>year</t></is></c>'
    yield b'<c r="B1" t="inlineStr"><is><t>persons_80_plus</t></is></c></row>'
    batch: list[str] = []
    for i in range(MANY_ROWS):
        r = i + 2
        batch.append(f'<row r="{r}"><c r="A{r}"><v>{2026 + i}</v></c><c r="B{r}"><v>{1000 + i % 500}</v></c></row>')
        if len(batch) == 10_000:
            yield "".join(batch).encode()
            batch.clear()
    yield "".join(batch).encode()
    yield tail


def _write_merged_header(path: Path) -> None:
    write_workbook(path, feasible_sheets())
    book = load_workbook(path)
    book["bands"].merge_cells("A1:B1")  # keeps "band" in A1, clears "group" in B1
    book.save(path)


def _header_in_row_3(sheets: Sheets) -> None:
    sheets["place_types"] = [["Place types (Bærum 2026)"], [], *sheets["place_types"]]


def _cached_formula(xml: bytes) -> Iterator[bytes]:
    """Stock C2 (places, 180) as a formula with its saved value, the way Excel stores it."""
    cell = rb'<c r="C2"( s="\d+")?( t="n")?><v>180</v></c>'
    patched, n = re.subn(cell, rb'<c r="C2"\1><f>90*2</f><v>180</v></c>', xml)
    if n != 1:
        raise ValueError("stock C2 = 180 not found in the sheet XML")
    yield patched


def _write_xlsm(path: Path) -> None:
    write_workbook_to(path, feasible_sheets())


# ---- the cases ------------------------------------------------------------------------------


def _drop_column(sheet: str, name: str) -> Callable[[Sheets], None]:
    def mutate(s: Sheets) -> None:
        index = s[sheet][0].index(name)
        for row in s[sheet]:
            if len(row) > index:
                del row[index]

    return mutate


def _assign(sheet: str, row: int, col: int, value) -> Callable[[Sheets], None]:
    """feasible_sheets mutator: sheets[sheet][row][col] = value (row 0 is the header = Excel row 1)."""

    def mutate(s: Sheets) -> None:
        s[sheet][row][col] = value

    return mutate


def _append(sheet: str, *rows: list) -> Callable[[Sheets], None]:
    def mutate(s: Sheets) -> None:
        s[sheet].extend([list(r) for r in rows])

    return mutate


def _delete(sheet: str, row: int) -> Callable[[Sheets], None]:
    def mutate(s: Sheets) -> None:
        del s[sheet][row]

    return mutate


def _del_sheet(sheet: str) -> Callable[[Sheets], None]:
    def mutate(s: Sheets) -> None:
        del s[sheet]

    return mutate


def _both(*mutators: Callable[[Sheets], None]) -> Callable[[Sheets], None]:
    return _chain(*mutators)


F = _from_feasible
B = _from_baerum


def E(mutate: Callable[..., None]) -> Callable[[Path], None]:
    """Writer: the example with its sites, mutated."""
    return _from_baerum(mutate, EXAMPLE)


def _delete_column(sheet: str, column: str) -> Callable:
    def mutate(book) -> None:
        ws = book[sheet]
        ws.delete_cols(_col(ws, column))

    return mutate


LONG, SHORT = "institution_long", "institution_short"
AT_LEAST_0 = "expected a number of at least 0"
WHOLE_AT_LEAST_0 = "expected a whole number of at least 0"
WHOLE_AT_LEAST_1 = "expected a whole number of at least 1"

# feasible_sheets() layout (Excel row = list index + 1; letters by header position):
#   settings    A key, B value; rows 2 first_year, 3 last_year, 4 discount_rate, 5 investment_timing,
#               6 residual_value
#   population  A year, B persons_80_plus; rows 2-6 = 2026-2030
#   place_types A type .. D investment, F operating, H lifetime, I lead_time, J module_size; 2 long, 3 short
#   stock       A site, B type, C places, D first_year, E last_year; 2 long (180), 3 short (30)
#   bands       A band, B group, C base, D min_share, E max_share, F from_year, G to_year, H hard,
#               I penalty; 2 municipal, 3 short_term, 4 short_soft (hard = no)
#   projects    A project, B earliest, C latest, D fixed_cost, E fixed_operating, F min, G max; 2 Hub
#   project_mix A project, B type, C min, D max; 2 Hub long 8-20, 3 Hub short 0-6
#   conversions A from_type, B to_type, C cost, D max_per_year, E earliest_year; 2 long -> short
# baerum_new_places.xlsx rows are the CSV lines of inputs/baerum/*.csv (header = row 1).


def cases() -> list[Case]:
    """Every case: the cell-level and cross-sheet ones, then the file-level ones (level = "file")."""
    return [*_cell_cases(), *[replace(c, level="file") for c in _file_cases()]]


def _cell_cases() -> list[Case]:
    return [
        # ---- references to things that do not exist ----
        Case(
            "unknown_type_stock",
            F(_assign("stock", 1, 1, "institution_lng")),
            [("'institution_lng' is not a type in place_types", "stock", 2, "B")],
            solve=True,
        ),
        Case(
            "unknown_type_project_mix",
            F(_assign("project_mix", 2, 1, "service_housing")),
            [("'service_housing' is not a type in place_types", "project_mix", 3, "B")],
        ),
        Case(
            "unknown_type_conversions",
            F(_assign("conversions", 1, 1, "nursing")),
            [("'nursing' is not a type in place_types", "conversions", 2, "B")],
        ),
        Case(
            "baerum_unknown_type_stock",
            B(_set("stock", 6, "type", "korttidsplass")),
            [("'korttidsplass' is not a type in place_types", "stock", 6, "B")],
        ),
        Case(
            "baerum_unknown_type_project_mix",
            B(_set("project_mix", 2, "type", "sykehjem")),
            [("'sykehjem' is not a type in place_types", "project_mix", 2, "B")],
        ),
        Case(
            "band_group_without_types",
            F(_assign("bands", 1, 1, "municipality")),
            [("'municipality' is no group in place_types.groups nor a type", "bands", 2, "B")],
        ),
        Case(
            "band_base_not_in_population",
            F(_assign("bands", 2, 2, "persons_90_plus")),
            [("'persons_90_plus' is not a column of the population sheet", "bands", 3, "C")],
        ),
        # ---- population and scenarios ----
        Case(
            "population_years_missing_for_scenario",
            B(
                _chain(
                    _add_high_scenario,
                    _delete_row_where("population", year=2031, scenario="main"),
                    _delete_row_where("population", year=2030, scenario="main"),
                )
            ),
            [
                (
                    "persons_80_plus, persons_80_89, persons_90_plus and persons_67_79 have no value for scenario "
                    "'main' for planning year(s) 2030–2031",
                    "population",
                    None,
                    "C",
                )
            ],
            note="the 'high' rows keep 2030-2031; only 'main' lacks them",
        ),
        Case(
            "stock_site_row_places_empty",
            E(_set("stock", 4, "places", None)),
            [("is empty", "stock", 4, "C")],
            note="the row's site (Solvang) is not reported again as unknown on the sites sheet",
        ),
        Case(
            "stock_site_column_gone",
            E(_delete_column("stock", "site")),
            [("column 'site' is missing from the header row", "stock", 1, None)],
            note="the sites sheet's rows are not each reported as naming no stock site",
        ),
        Case(
            "population_cell_text",
            B(_set("population", 3, "persons_80_89", "abc")),
            [("found 'abc'; expected a number", "population", 3, "D")],
            note="one unreadable cell: the year it leaves empty is not reported again as missing",
        ),
        Case(
            "population_year_missing",
            F(_delete("population", 3)),
            [("persons_80_plus has no value for planning year(s) 2028", "population", None, "B")],
        ),
        Case(
            "scenario_not_in_population",
            B(_set("settings", 5, "value", "high")),
            [("scenario 'high' is not in the population sheet", "settings", 5, "B")],
            solve=True,
            note="the problem is in one cell (settings B5): the line should name its row and column",
        ),
        Case(
            "several_scenarios_no_setting",
            B(_chain(_add_high_scenario, _delete_row_where("settings", key="scenario"))),
            [
                (
                    "the population sheet has scenarios main, high; choose one with the setting 'scenario'",
                    "settings",
                    None,
                    None,
                )
            ],
        ),
        # ---- shares ----
        Case(
            "min_share_above_max_share",
            F(_assign("bands", 2, 3, 0.05)),
            [("0.05 is above max_share 0.04", "bands", 3, "D")],
        ),
        Case(
            "share_20_meaning_percent",
            F(_assign("bands", 1, 3, 20)),
            [("found 20; a share is a fraction between 0 and 1", "bands", 2, "D")],
        ),
        Case(
            "baerum_max_share_5",
            B(_set("bands", 3, "max_share", 5)),
            [("found 5; a share is a fraction between 0 and 1", "bands", 3, "E")],
        ),
        Case(
            "both_shares_blank",
            F(_assign("bands", 1, 3, None)),
            [("and max_share are both empty; fill in at least one", "bands", 2, "D")],
        ),
        # ---- duplicates ----
        Case(
            "duplicate_type",
            F(_append("place_types", ["institution_long", "Again", "municipal", 1, 0, 1, 0, 40, 2, 1, None])),
            [("'institution_long' is listed twice (also in row 2)", "place_types", 4, "A")],
        ),
        Case(
            "duplicate_band",
            F(_append("bands", ["municipal", "municipal", "persons_80_plus", 0.25, None, None, None, "yes", None])),
            [("'municipal' is listed twice (also in row 2); band names must differ", "bands", 5, "A")],
        ),
        Case(
            "duplicate_project",
            F(_append("projects", ["Hub", 2029, None, 100_000, 0, 4, 8])),
            [("'Hub' is listed twice (also in row 2)", "projects", 3, "A")],
        ),
        Case(
            "duplicate_population_year",
            F(_append("population", [2028, 1111])),
            [("2028 is listed twice for this scenario (also in row 4)", "population", 7, "A")],
        ),
        Case(
            "duplicate_budget_year",
            B(_set("budget", 4, "year", 2027)),
            [("2027 is listed twice (also in row 3)", "budget", 4, "A")],
        ),
        Case(
            "duplicate_settings_key",
            F(_append("settings", ["first_year", 2027, None])),
            [("'first_year' is set twice (also in row 2)", "settings", 7, "A")],
        ),
        Case(
            "duplicate_conversion_pair",
            F(_append("conversions", [LONG, SHORT, 20_000, 2, 2028])),
            [("institution_long → institution_short is listed twice (also in row 2)", "conversions", 3, "A")],
        ),
        Case(
            "baerum_duplicate_conversion_pair",
            B(_chain(_set("conversions", 3, "from_type", LONG), _set("conversions", 3, "to_type", SHORT))),
            [("institution_long → institution_short is listed twice (also in row 2)", "conversions", 3, "A")],
        ),
        Case(
            "duplicate_header_column",
            F(lambda s: [row.append(row[2]) for row in s["stock"]]),
            [("column 'places' appears twice in the header", "stock", 1, "F")],
        ),
        # ---- projects ----
        Case(
            "project_mix_type_twice",
            F(_append("project_mix", ["Hub", LONG, 0, 4])),
            [("'institution_long' is listed twice for project 'Hub'", "project_mix", 4, "B")],
        ),
        Case(
            "project_without_mix",
            F(_append("projects", ["Annex", 2028, None, 0, 0, 4, 8])),
            [("project 'Annex' has no rows in project_mix", "projects", 3, "A")],
        ),
        Case(
            "mix_for_unknown_project",
            F(_append("project_mix", ["Hubb", LONG, 0, 4])),
            [("'Hubb' is not in the projects sheet", "project_mix", 4, "A")],
        ),
        Case(
            "project_min_above_max",
            F(_assign("projects", 1, 5, 30)),
            [("min_places 30 is above max_places 24", "projects", 2, "F")],
        ),
        Case(
            "project_never_opens",
            F(_both(_assign("project_mix", 1, 2, 20), _assign("project_mix", 2, 2, 6))),
            [("project 'Hub' can never open: its mix ranges in project_mix do not fit", "projects", 2, "G")],
        ),
        Case(
            "baerum_project_never_opens",
            B(_chain(_set("project_mix", 2, "min_places", 120), _set("project_mix", 3, "min_places", 30))),
            [("project 'Sandvika helsehus' can never open", "projects", 2, "G")],
        ),
        # ---- numbers out of range ----
        Case(
            "negative_investment",
            F(_assign("place_types", 1, 3, -3_000_000)),
            [(f"found -3000000; {AT_LEAST_0}", "place_types", 2, "D")],
            solve=True,
        ),
        Case(
            "negative_operating",
            F(_assign("place_types", 2, 5, -1_400_000)),
            [(f"found -1400000; {AT_LEAST_0}", "place_types", 3, "F")],
        ),
        Case(
            "negative_fixed_cost",
            F(_assign("projects", 1, 3, -300_000)),
            [(f"found -300000; {AT_LEAST_0}", "projects", 2, "D")],
        ),
        Case(
            "negative_budget",
            B(_set("budget", 3, "max_net_investment", -700_000_000)),
            [(f"found -700000000; {AT_LEAST_0}", "budget", 3, "B")],
        ),
        Case(
            "negative_stock_places",
            F(_assign("stock", 1, 2, -180)),
            [(f"found -180; {WHOLE_AT_LEAST_0}", "stock", 2, "C")],
        ),
        Case(
            "lifetime_zero",
            F(_assign("place_types", 1, 7, 0)),
            [(f"found 0; {WHOLE_AT_LEAST_1}", "place_types", 2, "H")],
        ),
        Case(
            "negative_lead_time",
            F(_assign("place_types", 2, 8, -1)),
            [(f"found -1; {WHOLE_AT_LEAST_0}", "place_types", 3, "I")],
        ),
        Case(
            "module_size_zero",
            F(_assign("place_types", 1, 9, 0)),
            [(f"found 0; {WHOLE_AT_LEAST_1}", "place_types", 2, "J")],
        ),
        # ---- text where a number belongs ----
        Case(
            "text_abc_in_operating",
            F(_assign("place_types", 1, 5, "abc")),
            [("found 'abc'; expected a number such as 1250000", "place_types", 2, "F")],
        ),
        Case(
            "text_12_places_in_stock",
            F(_assign("stock", 2, 2, "12 places")),
            [("found '12 places'; expected a whole number", "stock", 3, "C")],
        ),
        Case(
            "fractional_first_year",
            F(_assign("settings", 1, 1, 2026.5)),
            [("found 2026.5; expected a whole number", "settings", 2, "B")],
        ),
        Case(
            "fractional_stock_year",
            F(_assign("stock", 2, 3, 2027.5)),
            [("found 2027.5; expected a whole number", "stock", 3, "D")],
        ),
        # ---- words where yes/no or a choice belongs ----
        Case(
            "conversion_to_itself",
            F(_assign("conversions", 1, 1, LONG)),
            [("is the same as from_type 'institution_long'", "conversions", 2, "B")],
        ),
        Case(
            "investment_timing_unknown",
            F(_assign("settings", 4, 1, "yearly")),
            [("setting investment_timing: found 'yearly'; expected opening or spread", "settings", 5, "B")],
        ),
        Case(
            "residual_value_not_yes_no",
            F(_assign("settings", 5, 1, "maybe")),
            [("found 'maybe'; expected yes or no", "settings", 6, "B")],
        ),
        Case(
            "hard_not_yes_no",
            F(_assign("bands", 1, 7, "sometimes")),
            [("found 'sometimes'; expected yes or no", "bands", 2, "H")],
        ),
        Case(
            "soft_band_without_penalty",
            F(_assign("bands", 3, 8, None)),
            [("is empty for a soft band (hard = no)", "bands", 4, "I")],
        ),
        # ---- horizon and year ranges ----
        Case(
            "first_year_missing",
            F(_delete("settings", 1)),
            [("setting 'first_year' is missing", "settings", None, None)],
            solve=True,
        ),
        Case(
            "last_year_before_first_year",
            F(_assign("settings", 2, 1, 2024)),
            [("last_year 2024 is before first_year 2026", "settings", 3, "B")],
        ),
        Case(
            "stock_first_year_after_last_year",
            F(_both(_assign("stock", 2, 3, 2029), _assign("stock", 2, 4, 2027))),
            [("2029 is after last_year 2027", "stock", 3, "D")],
        ),
        Case(
            "band_from_year_after_to_year",
            F(_both(_assign("bands", 1, 5, 2030), _assign("bands", 1, 6, 2027))),
            [("2030 is after to_year 2027", "bands", 2, "F")],
        ),
        # ---- missing sheets and columns ----
        Case(
            "missing_sheet_bands",
            F(_del_sheet("bands")),
            [("sheet 'bands' is missing", None, None, None)],
        ),
        Case(
            "baerum_missing_sheet_population",
            B(lambda book: book.remove(book["population"])),
            [("sheet 'population' is missing", None, None, None)],
        ),
        Case(
            "missing_column_lead_time",
            F(_drop_column("place_types", "lead_time_years")),
            [("column 'lead_time_years' is missing from the header row", "place_types", 1, None)],
        ),
    ]


def _file_cases() -> list[Case]:
    return [
        Case(
            "text_file",
            _write_text,
            [("not an Excel .xlsx workbook", None, None, None)],
            solve=True,
        ),
        Case("empty_file", _write_empty, [("not an Excel .xlsx workbook", None, None, None)]),
        Case("truncated", _write_truncated, [("damaged or truncated", None, None, None)], solve=True),
        Case(
            "zip_not_a_workbook",
            _write_zip_of_text,
            [(("damaged or truncated", "not an Excel"), None, None, None)],
        ),
        Case(
            "old_excel",
            _write_xls,
            [("old Excel 97–2003 (.xls) workbook", None, None, None)],
            suffix=".xls",
        ),
        Case(
            "old_excel_renamed",
            _write_xls,
            [("old Excel 97–2003 (.xls) workbook", None, None, None)],
            note="an .xls saved under an .xlsx name",
        ),
        Case(
            "encrypted",
            _write_encrypted,
            [("password-protected", None, None, None)],
            solve=True,
        ),
        Case(
            "zip_bomb",
            _patch_sheet(feasible_sheets(), "settings", _bomb),
            [("uncompressed", ANY, ANY, ANY)],
            note="settings sheet XML inflates to ~250 MB of whitespace",
        ),
        Case(
            "million_rows",
            _patch_sheet(feasible_sheets(), "population", _million_rows),
            [("more than 100,000 rows", "population", ANY, ANY)],
        ),
        Case(
            "merged_header",
            _write_merged_header,
            [("merged", "bands", 1, ANY)],
            more_ok="merging cleared B1, so column 'group' is indeed missing too",
        ),
        Case(
            "header_in_row_3",
            F(_header_in_row_3),
            [("header must be in row 1", "place_types", ANY, ANY)],
        ),
        Case(
            "formula_without_saved_value",
            F(_assign("stock", 1, 2, "=1+1")),
            [("formula", "stock", 2, "C"), ("no saved value", "stock", 2, "C")],
        ),
        # ---- positive controls: these must validate (exit 0) ----
        Case("valid_xlsm_copy", _write_xlsm, [], suffix=".xlsm", exit_code=0),
        Case(
            "valid_formula_with_saved_value",
            _patch_sheet(feasible_sheets(), "stock", _cached_formula),
            [],
            exit_code=0,
            note="stock C2 holds =90*2 with its saved value 180",
        ),
        Case("valid_baerum_copy", lambda p: shutil.copyfile(BAERUM, p), [], exit_code=0),
        Case("valid_example", lambda p: shutil.copyfile(REPO / "inputs" / "baerum.xlsx", p), [], exit_code=0),
    ]


# ---- generation -----------------------------------------------------------------------------


@dataclass
class Built:
    case: Case
    path: Path
    skipped: str | None = None
    extra: dict = field(default_factory=dict)


def generate(outdir: Path, only: Iterable[str] | None = None) -> dict[str, Built]:
    """Write every case (or those named in ``only``) into ``outdir``; return name -> Built."""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    wanted = set(only) if only is not None else None
    built: dict[str, Built] = {}
    for case in cases():
        if wanted is not None and case.name not in wanted:
            continue
        path = outdir / case.filename
        try:
            case.write(path)
        except Unavailable as exc:
            path.unlink(missing_ok=True)
            built[case.name] = Built(case, path, skipped=str(exc))
            continue
        built[case.name] = Built(case, path)
    return built


def _jsonable(value):
    if value is ANY:
        return "ANY"
    if isinstance(value, tuple):
        return list(value)
    return value


def write_manifest(outdir: Path, built: dict[str, Built]) -> Path:
    manifest = {
        name: {
            "file": b.case.filename,
            "exit_code": b.case.exit_code,
            "expected": [
                dict(zip(("fragment", "sheet", "row", "letter"), map(_jsonable, e), strict=True))
                for e in b.case.expected
            ],
            "skipped": b.skipped,
            "note": b.case.note,
        }
        for name, b in built.items()
    }
    path = Path(outdir) / "expected.json"
    path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python tests/broken_corpus.py OUTDIR", file=sys.stderr)
        return 2
    outdir = Path(argv[0])
    built = generate(outdir)
    write_manifest(outdir, built)
    for b in built.values():
        print(f"{'skipped' if b.skipped else 'wrote  '} {b.case.filename}" + (f"  ({b.skipped})" if b.skipped else ""))
    broken = sum(1 for b in built.values() if b.case.exit_code != 0)
    print(f"{len(built)} files ({broken} broken, {len(built) - broken} valid controls) in {outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
