"""Prove that a workbook's formulas agree with the values saved beside them.

A plan workbook written with XlsxWriter stores each formula together with a cached result
(``worksheet.write_formula(cell, formula, fmt, value=cached)``). Excel shows the cached result
until it recalculates, a file viewer or a phone shows nothing else, and LibreOffice keeps it
unless told to recalculate on load. So the cached value must be what the formula gives. These
helpers let a test check that for every formula cell, by two independent routes:

* ``formula_cells(path)``: every formula cell, ``(sheet, "B5") -> (formula text, cached value)``.
* ``recalculate_with_formulas(path)``: recalculated in Python by the ``formulas`` package (a dev
  dependency), ``(sheet, "B5") -> value``. Fast enough for a plan workbook (about 4 s for a
  thousand formulas) and needs nothing outside Python.
* ``recalculate_with_libreoffice(path, workdir)``: LibreOffice headless, the real client, opens the
  file with recalculation forced on load and saves it as .xlsx again; read the result with
  ``read_values``. About 1-1.5 s a conversion on this machine, a fresh profile included.
* ``convert_to_pdf(path, outdir)``: the same LibreOffice set-up, printing to PDF.
* ``mismatches(expected, actual)``: readable lines, one per formula cell whose cached value differs
  from its recalculated value.

Typical use::

    cells = formula_cells(path)
    assert mismatches(cells, recalculate_with_formulas(path)) == []
    if libreoffice_available():
        again = read_values(recalculate_with_libreoffice(path, tmp_path))
        assert mismatches(cells, again) == []

LibreOffice recalculation. ``soffice --convert-to`` on its own keeps an .xlsx file's cached results
(the default of ``/org.openoffice.Office.Calc/Formula/Load/OOXMLRecalcMode`` is 1, "never
recalculate"), so a wrong cached value would pass unseen. Every call here runs LibreOffice with a
throwaway profile (``-env:UserInstallation=file:///...``) whose ``user/registrymodifications.xcu``
sets ``OOXMLRecalcMode`` and ``ODFRecalcMode`` to 0, "always recalculate" (see ``RECALC_XCU``).
One such profile is made per process on first use and reused (a profile's first start is the slow
one); calls are serialised by a lock, because two soffice processes cannot share a profile. The
profile is removed at exit. ``tests/test_recalc_tools.py`` shows that without the setting a wrong
cached value survives the conversion and with it the value is recalculated.

Limitations of the ``formulas`` package (1.3.x) found while building this:

* Sheet names: its result keys look like ``'[plan.xlsx]KOSTNADER PER ÅR'!B5``: the sheet name
  upper-cased with ``str.upper`` (so ``Straße`` becomes ``STRASSE``); they are mapped back to the
  real names here. Spaces and Norwegian letters (æ, ø, å) work, in references too.
* A sheet name with an apostrophe (``'Bob''s ark'!A1``) is NOT supported: a reference to such a
  sheet evaluates to ``#REF!`` (the package logs "Missing Reference"), which shows up here as a
  mismatch. Do not put apostrophes in sheet names that formulas refer to, or rely on LibreOffice.
* Array arithmetic inside a non-array function, e.g. ``=SUM(A1:A2*2)`` written with
  ``write_formula``: ``formulas`` computes it element-wise (as Excel 365 does), LibreOffice and
  older Excel give ``#VALUE!`` (implicit intersection). Use SUMPRODUCT, which agrees everywhere.
* Verified to agree with LibreOffice: cross-sheet references to names with spaces and æøå, SUM
  (also of a whole column ``A:A``), SUMPRODUCT, MAX, MIN, IF returning strings (also ""), ``&``,
  ``^`` (and ``-A1^2`` = 9, as in Excel), ``%``, division, ``#DIV/0!``, IFERROR, ROUND, ROUNDUP,
  CEILING, SUMIF, COUNTIF, COUNT, AVERAGE, INDEX, MATCH, AND, TEXT, NPV, ABS, comparisons giving
  TRUE/FALSE, a reference to an empty cell (0), workbook-level defined names, array formulas
  (``write_array_formula``) and workbooks with a chartsheet.
* It prints a tqdm progress bar on stderr while compiling; that is silenced here.

Values are given as plain Python: numbers (int/float), str, bool, None for an empty result, and
an error as its text (``"#DIV/0!"``), as openpyxl reads a cached error.
"""

from __future__ import annotations

import atexit
import contextlib
import io
import math
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from collections.abc import Mapping
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.cell import get_column_letter, range_boundaries

CellKey = tuple[str, str]  # (sheet name as in the workbook, "B5")

# The throwaway LibreOffice profile's settings: recalculate formulas of .xlsx (OOXML) and .ods
# (ODF) files on load, always (0 = always, 1 = never (the default), 2 = ask).
RECALC_XCU = """\
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" \
xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">\
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">\
<prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""

LIBREOFFICE_TIMEOUT = 180  # seconds for one conversion; a normal one takes 1-2 s


class LibreOfficeError(RuntimeError):
    """LibreOffice did not produce the file it was asked for."""


# --- the file as written ------------------------------------------------------------------------


def formula_cells(path: str | os.PathLike) -> dict[CellKey, tuple[str, object]]:
    """Every formula cell: ``(sheet, "B5") -> (formula text with "=", cached value)``.

    The workbook is read twice with openpyxl: ``data_only=False`` for the formulas and
    ``data_only=True`` for the values saved beside them. Of an array formula only its top-left
    cell is a formula cell (as openpyxl reads it). Chartsheets have no cells and are skipped.
    """
    formulas_book = load_workbook(path, data_only=False)
    values_book = load_workbook(path, data_only=True)
    found: dict[CellKey, tuple[str, object]] = {}
    for sheet in formulas_book.worksheets:
        cached = values_book[sheet.title]
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type != "f":
                    continue
                value = cell.value
                text = value if isinstance(value, str) else getattr(value, "text", None) or str(value)
                found[(sheet.title, cell.coordinate)] = (text, cached[cell.coordinate].value)
    return found


def read_values(path: str | os.PathLike) -> dict[CellKey, object]:
    """Every non-empty cell's value (a formula cell's cached value): ``(sheet, "B5") -> value``.

    Use it on the file ``recalculate_with_libreoffice`` returns.
    """
    book = load_workbook(path, data_only=True)
    return {
        (sheet.title, cell.coordinate): cell.value
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    }


# --- route 1: the formulas package --------------------------------------------------------------


def recalculate_with_formulas(path: str | os.PathLike) -> dict[CellKey, object]:
    """Recalculate the workbook in Python: ``(sheet, "B5") -> value`` for every cell it computes.

    Formula cells get their recalculated value, and the input cells the formulas read their own
    value. Keys use the workbook's real sheet names, although ``formulas`` upper-cases them.
    See the module docstring for what ``formulas`` cannot do.
    """
    import formulas  # a dev dependency; imported here so the LibreOffice route works without it

    path = Path(path)
    sheet_names = {name.upper(): name for name in load_workbook(path, read_only=True).sheetnames}
    with contextlib.redirect_stderr(io.StringIO()):  # its tqdm progress bar
        model = formulas.ExcelModel().loads(str(path)).finish()
    solution = model.calculate()

    values: dict[CellKey, object] = {}
    ranges: list[tuple[str, str, object]] = []
    for key, result in solution.items():
        parsed = _parse_formulas_key(key, path.name)
        if parsed is None:
            continue
        upper_sheet, ref = parsed
        sheet = sheet_names.get(upper_sheet)
        if sheet is None:
            continue
        array = getattr(result, "value", result)
        if ":" in ref:
            ranges.append((sheet, ref, array))
        else:
            values[(sheet, ref)] = _plain(_first(array))
    # An array formula's results come as one range; cells not known otherwise are filled from it.
    for sheet, ref, array in ranges:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        if None in (min_col, min_row, max_col, max_row):
            continue  # a whole column or row, e.g. A:A
        try:
            rows = list(array)
        except TypeError:
            continue
        for r, row in enumerate(rows):
            for c, item in enumerate(row):
                address = f"{get_column_letter(min_col + c)}{min_row + r}"
                values.setdefault((sheet, address), _plain(item))
    return values


def _parse_formulas_key(key: object, filename: str) -> tuple[str, str] | None:
    """``"'[plan.xlsx]KOSTNADER PER ÅR'!B5"`` -> ``("KOSTNADER PER ÅR", "B5")``; None for other keys.

    Other keys are defined names (``'[plan.xlsx]'!TOTAL``), error tokens and the like, and cells of
    another (linked) workbook.
    """
    if not isinstance(key, str) or "!" not in key:
        return None
    left, ref = key.rsplit("!", 1)
    if len(left) >= 2 and left[0] == "'" and left[-1] == "'":
        left = left[1:-1]
    if not left.startswith("["):
        return None
    book, _, sheet = left[1:].partition("]")
    if book.upper() != filename.upper() or not sheet:
        return None
    ref = ref.replace("$", "").upper()
    if not ref[:1].isalpha():
        return None
    return sheet.replace("''", "'"), ref


def _first(array: object) -> object:
    """The single value of a one-cell result (a 1x1 numpy array)."""
    ravel = getattr(array, "ravel", None)
    if ravel is None:
        return array
    flat = ravel()
    return flat[0] if len(flat) else None


def _plain(value: object) -> object:
    """A ``formulas`` value as plain Python: empty -> None, error -> its text, numpy -> int/float/bool."""
    import schedula  # comes with formulas
    from formulas.tokens.operand import XlError

    if value is schedula.EMPTY:
        return None
    if isinstance(value, XlError):
        return str.__str__(value)
    item = getattr(value, "item", None)  # numpy scalars
    if item is not None and not isinstance(value, str | bytes):
        value = item()
    return value


# --- route 2: LibreOffice -----------------------------------------------------------------------


def soffice_binary() -> str | None:
    """The LibreOffice program to run, or None if it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def libreoffice_available() -> bool:
    return soffice_binary() is not None


_profiles: dict[bool, Path] = {}
_soffice_lock = threading.Lock()


def libreoffice_profile(recalc_on_load: bool = True) -> Path:
    """This process's throwaway LibreOffice profile directory, made on first use.

    With ``recalc_on_load`` its ``user/registrymodifications.xcu`` is ``RECALC_XCU``; without it the
    profile starts empty, i.e. with LibreOffice's defaults (keep an .xlsx file's cached results).
    """
    with _soffice_lock:
        profile = _profiles.get(recalc_on_load)
        if profile is None:
            profile = Path(tempfile.mkdtemp(prefix="recalc-lo-profile-"))
            atexit.register(shutil.rmtree, profile, ignore_errors=True)
            if recalc_on_load:
                (profile / "user").mkdir()
                (profile / "user" / "registrymodifications.xcu").write_text(RECALC_XCU, encoding="utf-8")
            _profiles[recalc_on_load] = profile
        return profile


def recalculate_with_libreoffice(
    path: str | os.PathLike,
    workdir: str | os.PathLike,
    *,
    recalc_on_load: bool = True,
    timeout: float = LIBREOFFICE_TIMEOUT,
) -> Path:
    """Open ``path`` in LibreOffice headless, recalculating every formula, and save it as .xlsx.

    Returns the new file, ``<workdir>/libreoffice/<name>.xlsx``; read it with ``read_values``.
    ``recalc_on_load=False`` uses LibreOffice's default (keep cached results): only to show
    that the setting matters. Raises ``LibreOfficeError`` if no file came out.
    """
    return _convert(path, Path(workdir) / "libreoffice", "xlsx", "xlsx:Calc MS Excel 2007 XML", recalc_on_load, timeout)


def convert_to_pdf(path: str | os.PathLike, outdir: str | os.PathLike, *, timeout: float = LIBREOFFICE_TIMEOUT) -> Path:
    """Print the workbook to ``<outdir>/<name>.pdf`` with LibreOffice headless (formulas recalculated).

    Returns the PDF's path; raises ``LibreOfficeError`` if none came out. A workbook LibreOffice
    cannot open does not print.
    """
    return _convert(path, Path(outdir), "pdf", "pdf:calc_pdf_Export", True, timeout)


def _convert(path, outdir: Path, suffix: str, convert_to: str, recalc_on_load: bool, timeout: float) -> Path:
    soffice = soffice_binary()
    if soffice is None:
        raise LibreOfficeError("LibreOffice is not installed: neither soffice nor libreoffice is on PATH")
    source = Path(path).resolve()
    if not source.is_file():
        raise FileNotFoundError(source)
    outdir = outdir.resolve()
    outdir.mkdir(parents=True, exist_ok=True)
    target = outdir / f"{source.stem}.{suffix}"
    if target == source:
        raise ValueError(f"LibreOffice would overwrite its input {source}; give another output directory")
    target.unlink(missing_ok=True)  # so an old file cannot pass for a new one

    profile = libreoffice_profile(recalc_on_load)
    command = [
        soffice,
        "--headless",
        "--norestore",
        f"-env:UserInstallation={profile.as_uri()}",
        "--convert-to",
        convert_to,
        "--outdir",
        str(outdir),
        str(source),
    ]
    with _soffice_lock:  # one soffice per profile at a time
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,  # its own process group, so a hung run can be ended whole
        )
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            stdout, stderr = process.communicate()
            raise LibreOfficeError(
                f"LibreOffice took more than {timeout:g} s to convert {source.name} to {suffix}\n"
                f"command: {' '.join(command)}\nstdout: {stdout.strip()}\nstderr: {stderr.strip()}"
            ) from None
    if process.returncode != 0 or not target.is_file() or target.stat().st_size == 0:
        raise LibreOfficeError(
            f"LibreOffice did not convert {source.name} to {target} (exit code {process.returncode}; "
            f"it can exit 0 without writing anything)\n"
            f"command: {' '.join(command)}\nstdout: {stdout.strip()}\nstderr: {stderr.strip()}"
        )
    return target


# --- comparing ----------------------------------------------------------------------------------


def mismatches(
    expected: Mapping[CellKey, object],
    actual: Mapping[CellKey, object],
    rel: float = 1e-9,
    abs_: float = 1e-6,
) -> list[str]:
    """One readable line per cell of ``expected`` whose value ``actual`` does not match.

    ``expected`` is normally ``formula_cells(path)`` (values ``(formula, cached)``); a plain value
    instead of a pair is taken as the cached value with no formula. ``actual`` is a recalculated
    ``(sheet, cell) -> value`` mapping. Numbers match within ``rel`` (relative) or ``abs_``
    (absolute) tolerance, strings (and error texts such as ``#DIV/0!``) exactly, TRUE/FALSE only
    TRUE/FALSE, and None and "" (an empty result) each other. A cell missing from ``actual``
    counts as None. Lines come in workbook order: sheet, then row, then column.
    """
    lines = []
    for key in sorted(expected, key=_order(expected)):
        item = expected[key]
        if isinstance(item, tuple) and len(item) == 2:
            formula, cached = item
        else:
            formula, cached = None, item
        recalculated = actual.get(key)
        if _same(cached, recalculated, rel, abs_):
            continue
        sheet, cell = key
        missing = " (not recalculated)" if key not in actual else ""
        shown = f" {formula}" if formula else ""
        lines.append(f"'{sheet}'!{cell}{shown}: cached {cached!r}, recalculated {recalculated!r}{missing}")
    return lines


def _order(keys):
    sheets: dict[str, int] = {}
    for sheet, _ in keys:
        sheets.setdefault(sheet, len(sheets))

    def order(key: CellKey):
        sheet, cell = key
        min_col, min_row, _, _ = range_boundaries(cell)
        return sheets[sheet], min_row or 0, min_col or 0

    return order


def _same(a: object, b: object, rel: float, abs_: float) -> bool:
    if a in (None, "") or b in (None, ""):
        return a in (None, "") and b in (None, "")
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return math.isclose(a, b, rel_tol=rel, abs_tol=abs_)
    if isinstance(a, str) and isinstance(b, str):
        return a == b
    return a == b
