"""Many cases of one input workbook, solved in parallel: planner sweep.

A case changes settings (any key of the settings sheet), scales costs (``investment_factor``,
``operating_factor``) or overrides a band's level (``<band>.min_share``, ``<band>.max_share``).
It is applied by writing a copy of the input workbook with its settings rows changed and reading
that with :func:`planner.reading.read_input`, so validation and the scenario choice are exactly
those of ``planner solve``; factors and band levels are then applied to the PlanningInput.

Each case runs in a worker process (or on a Dask cluster) through :func:`run_case`, which never
raises: a failing case is a row with status ``error`` or ``infeasible`` and its message. Finished
rows go to a partial file (one JSON object a line) as they arrive, so an interrupted sweep can
``--resume``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
import os
import signal
import tempfile
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import xlsxwriter
from openpyxl.utils import get_column_letter

from models.tables import OTHER_TABLES
from planner import __version__
from planner.cells import parse_number, parse_share
from planner.files import save_atomically
from planner.problems import InputError, Problem
from planner.reading import SETTING_KEYS
from planner.workbook import read_sheets

FACTORS = {"investment_factor": "investment_per_place", "operating_factor": "operating_per_place_year"}
BOUNDS = ("min_share", "max_share")
IGNORED_COLUMNS = {"note"}  # a grid may explain its cases; the note is not a change
# A band's minimum (maximum) binds in a year when the places are within this many of it, or miss it.
BIND_PLACES = 1.0
_BOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}
# The cases sheet's columns, from models.tables; two of them stand for one column per change or type.
CASES_TABLE = OTHER_TABLES["sweep.cases"]
CHANGE_PATTERN = "<change>"
NEW_PLACES_PATTERN = "<type>.new_places"


@dataclass(frozen=True)
class Case:
    """One case: its name and what it changes, column -> value, in the grid's column order."""

    name: str
    values: dict = field(default_factory=dict)


# ---- building the cases -------------------------------------------------------------------


def band_names(input_path: Path) -> list[str]:
    """The band names of the input's bands sheet, read as written (the input need not be valid)."""
    sheets, _ = read_sheets(Path(input_path), {"bands": ["band", "group"]})
    sheet = sheets.get("bands")
    if sheet is None or "band" not in sheet.columns:
        return []
    index = sheet.columns["band"]
    names = (values[index] if index < len(values) else None for _, values in sheet.rows)
    return [str(n).strip() for n in names if n is not None and str(n).strip()]


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
    return (
        "is not a setting, a factor or a band bound; known: the settings keys "
        f"({', '.join(SETTING_KEYS)}), {', '.join(FACTORS)}, and <band>.min_share / <band>.max_share"
    )


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
        cases.append(Case(name, {c: _plain(values[i]) for c, i in columns if values[i] is not None}))
    if not problems and not cases:
        problems.append(sheet.problem("has no cases; add a row per case below the header"))
    if problems:
        raise InputError(problems)
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
        axes.append((key, [_typed(v) for v in listed]))
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


# ---- one case -------------------------------------------------------------------------------


def _error_row(case: Case, error: str) -> dict:
    """A case's row before (or instead of) a solve: status error until the solve says otherwise."""
    return {
        "case": case.name,
        "values": case.values,
        "status": "error",
        "objective_npv": None,
        "new_places": {},
        "binding_bands": "",
        "seconds": None,
        "error": error,
    }


def run_case(input_name: str, input_bytes: bytes, case: Case) -> dict:
    """Solve one case; never raises. A row: case, values, status, objective_npv, new places, binding bands …"""
    started = time.perf_counter()
    row = {**_error_row(case, ""), "input_sha256": hashlib.sha256(input_bytes).hexdigest()}
    try:
        row.update(_solve_case(input_name, input_bytes, case))
    except InputError as exc:
        row["error"] = "; ".join(str(p) for p in exc.problems)
    except Exception as exc:  # noqa: BLE001 - one case failing is that case's row, never the sweep's end
        last = traceback.extract_tb(exc.__traceback__)[-1:]
        where = f" (at {Path(last[0].filename).name}:{last[0].lineno})" if last else ""
        row["error"] = f"{type(exc).__name__}: {exc}{where}"
    row["seconds"] = round(time.perf_counter() - started, 3)
    return row


def _solve_case(input_name: str, input_bytes: bytes, case: Case) -> dict:
    from models import optimise
    from models.optimise import UnboundedCost
    from models.solve import SolverUnavailable
    from planner.reading import read_input

    settings = {k: v for k, v in case.values.items() if k in SETTING_KEYS}
    with tempfile.TemporaryDirectory(prefix="planner-sweep-") as folder:
        path = Path(folder) / input_name  # the same name: problems name the user's file
        path.write_bytes(input_bytes)
        if settings:
            _write_settings(path, settings)
        book = read_input(path)
    data = apply_changes(book.data, case.values)
    solver = book.solver
    try:
        solution = optimise(data, solver=solver.solver, time_limit=solver.time_limit_s, gap=solver.mip_gap)
    except (UnboundedCost, SolverUnavailable) as exc:
        raise InputError([Problem(input_name, str(exc))]) from exc
    plan = solution.plan
    new_places = {t: int(plan.loc[plan["type"] == t, "places"].sum()) if len(plan) else 0 for t in data.place_types}
    result = {"status": solution.status, "new_places": new_places}
    if solution.status in ("optimal", "feasible"):
        result["objective_npv"] = solution.objective_npv
        result["binding_bands"] = binding_bands(solution.coverage)
        if solution.status == "feasible":
            gap = solution.run.mip_gap
            result["error"] = "not proven optimal: stopped at the time limit or gap" + (
                f" ({gap:.2%} gap)" if gap is not None else ""
            )
    elif solution.status == "infeasible":
        from models.results import band_misses

        hard = [b.band for b in data.bands if b.hard]
        missed = [m["band"] for m in band_misses(solution.coverage, hard)]
        places = solution.hard_violation_places
        result["error"] = "the hard bands cannot all be met" + (
            f": {places:.1f} place-years short or over ({', '.join(missed)})" if places is not None else ""
        )
    else:
        result["error"] = f"no feasible plan found within the time limit ({solver.time_limit_s:g} s)"
    return result


def _write_settings(path: Path, settings: dict) -> None:
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


def apply_changes(data, values: dict):
    """The PlanningInput with cost factors and band levels of a case applied (settings are already read)."""
    problems = []
    place_types = dict(data.place_types)
    for column, field_name in FACTORS.items():
        if column not in values:
            continue
        factor = parse_number(values[column])
        if factor is None or factor < 0:
            problems.append(Problem("case", f"{column} '{values[column]}' is not a number of 0 or more"))
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
            if column not in values:
                continue
            share = parse_share(values[column])
            if share is None or share < 0:
                problems.append(Problem("case", f"{column} '{values[column]}' is not a share (e.g. 0.2 or 20 %)"))
                continue
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


def binding_bands(coverage) -> str:
    """Bands whose minimum or maximum binds in some year, as 'municipal (min); short_term (min, max)'."""
    if not len(coverage):
        return ""
    found: dict[str, list[str]] = {}
    for r in coverage.itertuples():
        kinds = found.setdefault(r.band, [])
        low, high = _share(r.min_share), _share(r.max_share)
        if low is not None and "min" not in kinds and r.places - low * r.population < BIND_PLACES:
            kinds.append("min")
        if high is not None and "max" not in kinds and high * r.population - r.places < BIND_PLACES:
            kinds.append("max")
    return "; ".join(f"{band} ({', '.join(sorted(kinds, reverse=True))})" for band, kinds in found.items() if kinds)


# ---- running many ----------------------------------------------------------------------------


def partial_path(output: Path) -> Path:
    return Path(output).with_name(Path(output).name + ".partial.jsonl")


def read_partial(path: Path, cases: list[Case], input_sha256: str) -> dict[str, dict]:
    """Rows already finished for these cases of this input (a torn last line is ignored)."""
    wanted = {c.name: c.values for c in cases}
    done = {}
    if not Path(path).exists():
        return done
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            continue
        name = row.get("case") if isinstance(row, dict) else None
        if name in wanted and row.get("values") == wanted[name] and row.get("input_sha256") == input_sha256:
            done[name] = row
    return done


def run_sweep(
    input_path: Path,
    cases: list[Case],
    partial: Path,
    workers: int | None = None,
    dask_address: str | None = None,
    resume: bool = False,
    on_row: Callable[[dict, int, int], None] | None = None,
) -> list[dict]:
    """Solve every case (skipping finished ones with ``resume``); rows in the cases' order.

    Each finished row is appended to ``partial`` at once. on_row(row, finished, total) is called
    as rows arrive. KeyboardInterrupt stops the workers and propagates; finished rows stay in ``partial``.
    """
    input_path = Path(input_path)
    input_bytes = input_path.read_bytes()
    sha = hashlib.sha256(input_bytes).hexdigest()
    done = read_partial(partial, cases, sha) if resume else {}
    pending = [c for c in cases if c.name not in done]
    partial.parent.mkdir(parents=True, exist_ok=True)
    with open(partial, "a" if resume else "w", encoding="utf-8") as log:
        if resume and done:  # rewrite only what is reused, so a torn line never sits before new ones
            log.seek(0)
            log.truncate()
            for row in done.values():
                log.write(json.dumps(row) + "\n")
            log.flush()

        def finished(row: dict) -> None:
            done[row["case"]] = row
            log.write(json.dumps(row, default=str) + "\n")
            log.flush()
            os.fsync(log.fileno())
            if on_row:
                on_row(row, len(done), len(cases))

        if pending:
            run = _run_dask if dask_address else _run_local
            run(input_path.name, input_bytes, pending, finished, workers, dask_address)
    return [done[c.name] for c in cases]


def _ignore_interrupt() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops the workers


def _run_local(name: str, data: bytes, cases: list[Case], finished, workers: int | None, _address) -> None:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    count = max(1, min(len(cases), workers or os.cpu_count() or 1))
    context = multiprocessing.get_context("spawn")  # clean workers, the same on every platform
    pool = ProcessPoolExecutor(max_workers=count, mp_context=context, initializer=_ignore_interrupt)
    try:
        futures = {pool.submit(run_case, name, data, case): case for case in cases}
        for future in as_completed(futures):
            finished(_result(future, futures[future]))
    except BaseException:
        processes = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:  # a solve in C does not see Ctrl-C: end it
            process.terminate()
        raise
    pool.shutdown()


def _run_dask(name: str, data: bytes, cases: list[Case], finished, _workers, address: str) -> None:
    from distributed import Client, as_completed

    try:
        client = Client(address, timeout="20s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise InputError(
            [Problem("--dask", f"cannot reach the Dask scheduler at {address}: {exc}; is `dask scheduler` running?")]
        ) from exc
    try:
        futures = {client.submit(run_case, name, data, case, pure=False): case for case in cases}
        for future in as_completed(list(futures)):
            finished(_result(future, futures[future]))
    except BaseException:
        client.cancel(list(futures))
        raise
    finally:
        client.close()


def _result(future, case: Case) -> dict:
    """The row of a finished future; a worker that died is that case's error row."""
    try:
        return future.result()
    except Exception as exc:  # noqa: BLE001 - e.g. a worker process killed by the system
        return _error_row(case, f"the worker failed: {type(exc).__name__}: {exc}")


# ---- the comparison workbook ---------------------------------------------------------------------


def _printable(ws, repeat_header: bool = False) -> None:
    """Printed or exported to PDF: landscape A4, one page wide."""
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    if repeat_header:
        ws.repeat_rows(0)


def write_sweep(path: Path, rows: list[dict], meta: dict) -> None:
    """The comparison workbook: ``cases`` (a row per case, plain values), ``charts`` and ``summary``."""
    value_columns = list(dict.fromkeys(k for r in rows for k in r["values"]))
    types = list(dict.fromkeys(t for r in rows for t in r["new_places"]))
    # The header as models.tables states it, each pattern column spelled out per change and per type.
    spelled = {CHANGE_PATTERN: value_columns, NEW_PLACES_PATTERN: [f"{t}.new_places" for t in types]}
    header = [name for column in CASES_TABLE.names for name in spelled.get(column, [column])]
    body = []
    for r in rows:
        places = [r["new_places"].get(t) for t in types]
        total = sum(places) if r["new_places"] else None
        # Each row in the header's order: the pattern columns spelled out as the header spells them.
        cells = {
            CHANGE_PATTERN: [r["values"].get(c) for c in value_columns],
            NEW_PLACES_PATTERN: places,
            "total_new_places": [total],
        }
        body.append([v for column in CASES_TABLE.names for v in (cells[column] if column in cells else [r[column]])])

    def write(target: str) -> None:
        book = xlsxwriter.Workbook(target, _BOOK_OPTIONS)
        bold = book.add_format({"bold": True})
        money = book.add_format({"num_format": "#,##0"})
        ws = book.add_worksheet("cases")
        ws.write_row(0, 0, header, bold)
        ws.freeze_panes(1, 1)
        npv_col = header.index("objective_npv")
        for i, values in enumerate(body, start=1):
            for j, value in enumerate(values):
                if value is None or value == "":
                    continue
                if isinstance(value, str):
                    ws.write_string(i, j, value)
                elif isinstance(value, bool):
                    ws.write_boolean(i, j, value)
                elif isinstance(value, int | float):
                    ws.write_number(i, j, value, money if j == npv_col else None)
                else:
                    ws.write_string(i, j, str(value))
        for j, title in enumerate(header):  # wide enough for each header and its values
            longest = max(
                [
                    len(str(title)),
                    *(
                        len(f"{v:,.0f}" if isinstance(v, float) else str(v))
                        for v in (b[j] for b in body)
                        if v is not None
                    ),
                ]
            )
            ws.set_column(j, j, min(40, max(10, longest + 2)))
        ws.set_column(npv_col, npv_col, 16)
        ws.autofilter(0, 0, len(body), len(header) - 1)
        _printable(ws, repeat_header=True)

        charts = book.add_worksheet("charts")
        n = len(body)
        npv = book.add_chart({"type": "bar"})
        npv.add_series(
            {
                "name": "Net present cost (NOK)",
                "categories": ["cases", 1, 0, n, 0],
                "values": ["cases", 1, npv_col, n, npv_col],
            }
        )
        npv.set_title({"name": "Net present cost per case"})
        npv.set_x_axis({"num_format": "#,##0", "name": "NOK"})
        npv.set_y_axis({"reverse": True})  # the first case on top, as in the cases sheet
        npv.set_legend({"none": True})
        npv.set_size({"width": 900, "height": max(300, 28 * n + 120)})
        charts.insert_chart(1, 0, npv)
        below = 1 + (max(300, 28 * n + 120) + 40) // 20  # rows of 20 px: the second chart starts under the first
        if types:
            places = book.add_chart({"type": "column", "subtype": "stacked"})
            first = header.index(f"{types[0]}.new_places")
            for j, t in enumerate(types):
                places.add_series(
                    {"name": t, "categories": ["cases", 1, 0, n, 0], "values": ["cases", 1, first + j, n, first + j]}
                )
            places.set_title({"name": "New places over the horizon per case, by type"})
            places.set_size({"width": 900, "height": 400})
            charts.set_h_pagebreaks([below])  # each chart on a page of its own, whole
            charts.insert_chart(below + 1, 0, places)
        _printable(charts)

        summary = book.add_worksheet("summary")
        summary.write_row(0, 0, OTHER_TABLES["sweep.summary"].names, bold)
        counts = {s: sum(r["status"] == s for r in rows) for s in dict.fromkeys(r["status"] for r in rows)}
        items = [*meta.items(), ("planner_version", __version__), ("cases", len(rows))]
        items += [(f"cases_{status}", count) for status, count in counts.items()]
        for i, (key, value) in enumerate(items, start=1):
            summary.write_string(i, 0, key)
            if isinstance(value, int | float) and not isinstance(value, bool):
                summary.write_number(i, 1, value)
            else:
                summary.write_string(i, 1, "" if value is None else str(value))
        summary.set_column(0, 0, 24)
        summary.set_column(1, 1, 70)
        _printable(summary, repeat_header=True)
        book.close()

    save_atomically(Path(path), write)


# ---- helpers -------------------------------------------------------------------------------------


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


def _share(value) -> float | None:
    return None if value is None or value != value else float(value)  # NaN: no bound


# ---- the command's steps, for planner sweep ------------------------------------------------------
# Kept apart from the pieces above so the command line only parses, calls and prints.


def sweep_cases(input_path: Path, grid_path: Path | None, specs: Iterable[str] = ()) -> list[Case]:
    """The cases: the grid workbook's, or without one every combination of the KEY=V1,V2 specs."""
    bands = band_names(input_path)
    return read_grid(grid_path, bands) if grid_path is not None else product_cases(specs, bands)


def sweep_meta(
    input_path: Path, grid_path: Path | None, specs: Iterable[str], dask_address: str | None, started: float
) -> dict:
    """The comparison workbook's record of the run; STARTED is the time.perf_counter() the cases started at."""
    import datetime as dt  # here: only the command's last step needs it

    from planner.paths import sha256

    return {
        "input_file": input_path.name,
        "input_sha256": sha256(input_path),
        "grid": grid_path.name if grid_path else "--product " + " ".join(specs),
        "ran_on": f"dask {dask_address}" if dask_address else "worker processes",
        "created_utc": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "wall_seconds": round(time.perf_counter() - started, 3),
    }


def save_sweep(output_path: Path, rows: list[dict], meta: dict) -> None:
    """Write the comparison workbook, then drop the partial file: everything it held is in the workbook now."""
    from planner.paths import writing

    with writing(output_path, "cannot write the sweep: {reason}; choose another path"):
        write_sweep(output_path, rows, meta)
    partial_path(output_path).unlink(missing_ok=True)
