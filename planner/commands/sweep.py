"""Many cases of one input workbook, solved in parallel: planner sweep.

A case changes settings (any key of the settings sheet), scales costs (``investment_factor``,
``operating_factor``) or overrides a band's level (``<band>.min_share``, ``<band>.max_share``).
It is applied by writing a copy of the input workbook with its settings rows changed and reading
that with :func:`planner.inputs.read_input`, so validation and the scenario choice are exactly
those of ``planner solve``; factors and band levels are then applied to the PlanningInput.

Each case runs in a worker process (or on a Dask cluster) through :func:`run_case`, which never
raises: a failing case is a row with status ``error`` or ``infeasible`` and its message. Finished
rows go to a partial file (one JSON object a line) as they arrive, so an interrupted sweep can
``--resume``.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import socket
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from planner.inputs.cases import (
    Case,
    apply_changes,
    input_values,
    sweep_cases,
    unused_stochastic_columns,
    write_case_settings,
)

__all__ = [
    "run_case",
    "run_sweep",
    "save_sweep",
    "sweep_cases",
    "sweep_meta",
    "partial_path",
    "unused_stochastic_columns",
]
from planner.inputs.sheets import SETTING_KEYS
from planner.problems import InputError, Problem

# A band's minimum (maximum) binds in a year when the places are within this many of it, or miss it.
BIND_PLACES = 1.0


# ---- one case -------------------------------------------------------------------------------


def _error_row(case: Case, error: str) -> dict:
    """A case's row before (or instead of) a solve: status error until the solve says otherwise."""
    return {
        "case": case.name,
        "values": case.values,
        "columns": list(case.columns),  # the sweep's change columns, in the grid's order
        "status": "error",
        "objective_npv": None,
        "mip_gap": None,
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
    from models.optimise import UnboundedCost
    from models.solve import SolverUnavailable
    from planner.inputs import read_input

    changed = {k: v for k, v in (case.run | case.values).items() if k in SETTING_KEYS}
    with tempfile.TemporaryDirectory(prefix="planner-sweep-") as folder:
        path = Path(folder) / input_name  # the same name: problems name the user's file
        path.write_bytes(input_bytes)
        if changed:
            write_case_settings(path, changed)
        book = read_input(path)
    data = apply_changes(book.data, case.values)
    settings = book.settings
    unchanged = input_values(book, (c for c in case.columns if c not in case.values))
    try:
        solution, npv = _plan(data, settings)
    except (UnboundedCost, SolverUnavailable) as exc:
        raise InputError([Problem(input_name, str(exc))]) from exc
    plan = solution.plan
    new_places = {t: int(plan.loc[plan["type"] == t, "places"].sum()) if len(plan) else 0 for t in data.place_types}
    result = {"status": solution.status, "new_places": new_places, "input_values": unchanged}
    if solution.has_plan:
        result["objective_npv"] = npv
        result["mip_gap"] = solution.run.mip_gap
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
        result["error"] = f"no feasible plan found within the time limit ({settings.time_limit_s:g} s)"
    return result


def _plan(data, settings) -> tuple:
    """The case's plan and its cost: a single plan's NPV; a stochastic plan's expected NPV, with the chosen
    scenario's path as its plan (its worth beside it is left to planner solve: it takes 2n + 1 more solves)."""
    from models.optimise import optimise
    from models.results import Solution
    from models.stochastic import solve_stochastic

    options = dict(solver=settings.solver, time_limit=settings.time_limit_s, gap=settings.mip_gap)
    if data.plan != "stochastic":
        solution = optimise(data, **options)
        return solution, solution.objective_npv if solution.has_plan else None
    plan = solve_stochastic(data, **options, worth=False)
    if not plan.has_plan:
        return Solution(status=plan.status, run=plan.run), None
    return next(iter(plan.solutions.values())), plan.expected_npv


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


def check_partial(partial: Path, resume: bool, restart: bool) -> None:
    """An interrupted run's finished cases are never discarded silently: --resume keeps them, --restart drops them."""
    if resume or restart or not Path(partial).exists():
        return
    finished = sum(1 for line in Path(partial).read_text(encoding="utf-8").splitlines() if _finished_row(line))
    if finished:
        message = (
            f"an interrupted sweep left {finished} finished case(s) here; add --resume to keep them, "
            "or --restart to solve every case again"
        )
        raise InputError([Problem(str(Path(partial).resolve()), message)])


def _finished_row(line: str) -> dict | None:
    """The case's row a line of the partial file holds; None for a torn last line (or anything else)."""
    try:
        row = json.loads(line)
    except json.JSONDecodeError:
        return None
    return row if isinstance(row, dict) and "case" in row else None


def read_partial(path: Path, cases: list[Case], input_sha256: str) -> dict[str, dict]:
    """Rows already finished for these cases of this input (a torn last line is ignored)."""
    wanted = {c.name: c.values for c in cases}
    done = {}
    if not Path(path).exists():
        return done
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        row = _finished_row(line) or {}
        name = row.get("case")
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
    if dask_address:
        require_dask()  # before the partial file is made
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


@contextmanager
def _workers_ignore_interrupt() -> Iterator[None]:
    """Workers started in here ignore Ctrl-C from their first instruction (an ignored signal stays ignored in a
    new interpreter): a terminal sends Ctrl-C to every process of the sweep, and a worker still starting would
    print a traceback. The initializer alone comes too late. A Ctrl-C in these milliseconds is not seen."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _run_local(name: str, data: bytes, cases: list[Case], finished, workers: int | None, _address) -> None:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    count = max(1, min(len(cases), workers or os.cpu_count() or 1))
    context = multiprocessing.get_context("spawn")  # clean workers, the same on every platform
    pool = ProcessPoolExecutor(max_workers=count, mp_context=context, initializer=_ignore_interrupt)
    try:
        with _workers_ignore_interrupt():
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


def require_dask() -> None:
    """--dask needs Dask's distributed, the optional extra planner[dask]: a problem to fix (exit 2) if it is missing."""
    try:
        import distributed  # noqa: F401
    except ImportError as exc:
        message = (
            "Dask's distributed package is not installed: install the planner with its dask extra "
            '(pip install "planner-<version>-py3-none-any.whl[dask]", or pipx inject planner distributed)'
        )
        raise InputError([Problem("--dask", message)]) from exc


def _refused(address: str) -> None:
    """Raise ConnectionRefusedError when nothing listens at a tcp:// ADDRESS's port; any other answer (or other
    address) is left to Dask's client, which waits its timeout for a scheduler that is slow to answer."""
    scheme, _, rest = address.rpartition("://")
    host, _, port = rest.rpartition(":")
    if scheme not in ("", "tcp") or not port.isdigit():
        return
    try:
        socket.create_connection((host.strip("[]") or "localhost", int(port)), timeout=2).close()
    except ConnectionRefusedError as exc:
        raise ConnectionRefusedError(f"nothing answers at port {port} of {host or 'localhost'}") from exc
    except OSError:
        return  # a timeout or a name to resolve: Dask's client says what it finds


def _run_dask(name: str, data: bytes, cases: list[Case], finished, _workers, address: str) -> None:
    from distributed import Client, as_completed  # require_dask said it is there

    try:
        _refused(address)  # at once, where Dask would retry for its whole timeout
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


def _share(value) -> float | None:
    return None if value is None or value != value else float(value)  # NaN: no bound


def sweep_meta(
    input_path: Path, grid_path: Path | None, specs: Iterable[str], dask_address: str | None, started: float
) -> dict:
    """The comparison workbook's record of the run; STARTED is the time.perf_counter() the cases started at."""
    from planner.outputs.record import provenance  # here: only the command's last step needs it

    made = provenance(input_path)
    return {
        "input_file": made["input_file"],
        "input_sha256": made["input_sha256"],
        "grid": grid_path.name if grid_path else "--product " + " ".join(specs),
        "ran_on": f"dask {dask_address}" if dask_address else "worker processes",
        "created_utc": made["created_utc"],
        "wall_seconds": round(time.perf_counter() - started, 3),
    }


def save_sweep(output_path: Path, rows: list[dict], meta: dict) -> None:
    """Write the comparison workbook, then drop the partial file: everything it held is in the workbook now."""
    from planner.commands.paths import write_or_rescue
    from planner.outputs.sweep import write_sweep

    write_or_rescue(output_path, lambda path: write_sweep(path, rows, meta), "sweep")
    partial_path(output_path).unlink(missing_ok=True)
