"""Shared helpers: input workbooks built from Python lists, and the CLI run as a real process."""

from __future__ import annotations

import copy
import hashlib
import os
import pickle
import re
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import forked
import pytest
from openpyxl import Workbook, load_workbook

REPO = Path(__file__).resolve().parents[1]

# Sheet name -> [header, row, row, ...]; a cell may be a Fmt to give it a number format.
Sheets = dict[str, list[list]]


@dataclass(frozen=True)
class Fmt:
    """A cell value with an Excel number format, e.g. Fmt(0.035, "0.0%")."""

    value: object
    number_format: str


def write_workbook(path: Path, sheets: Sheets) -> Path:
    """Write ``sheets`` (sheet name -> header list + rows) as a real .xlsx file at ``path``."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if isinstance(value, Fmt):
                    cell = ws.cell(r, c, value.value)
                    cell.number_format = value.number_format
                elif value is not None:
                    ws.cell(r, c, value)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


# ---- the small instances --------------------------------------------------------------

FIRST, LAST = 2026, 2030
YEARS = list(range(FIRST, LAST + 1))
# The example's proven optimum (HiGHS and CBC agree), in NOK: tests that solve inputs/baerum.xlsx check it.
EXAMPLE_OPTIMUM = 40_481_954_752
# inputs/baerum_new_places.xlsx, the example without its buildings' decisions (new places only)
NEW_PLACES_OPTIMUM = 40_853_801_338

POPULATION = {2026: 1000, 2027: 1050, 2028: 1110, 2029: 1170, 2030: 1230}


def header(sheet: str, until: str | None = None) -> list[str]:
    """The sheet's header as the schema orders its columns, up to and including UNTIL: stated once, there."""
    from planner.inputs.sheets import SHEETS

    names = [c.header for c in SHEETS[sheet].columns]
    return names[: names.index(until) + 1] if until else names


PLACE_TYPES_HEADER = header("place_types", until="max_new_per_year")


def feasible_sheets() -> Sheets:
    """2026–2030, two types, stock covering the first years, hard and soft bands, a project, a conversion.

    institution_long (lead time 2, modules of 4) counts toward municipal; institution_short
    (lead time 1) toward municipal and short_term. Stock gives 210 municipal places and 30
    short-term places, enough for municipal ≥ 20 % of 1000 and 1050 persons 80+ in 2026–2027;
    growth after that needs new places, a project or conversions.
    """
    return copy.deepcopy(
        {
            "settings": [
                header("settings"),
                ["first_year", FIRST, None],
                ["last_year", LAST, None],
                ["discount_rate", 0.04, None],
                ["investment_timing", "opening", None],
                ["residual_value", "yes", None],
            ],
            "population": [["year", "persons_80_plus"], *[[y, POPULATION[y]] for y in YEARS]],
            "place_types": [
                PLACE_TYPES_HEADER,
                [
                    "institution_long",
                    "Long-term institution",
                    "municipal",
                    3_000_000,
                    1_000_000,
                    1_200_000,
                    200_000,
                    40,
                    2,
                    10,
                    None,
                ],
                [
                    "institution_short",
                    "Short-term institution",
                    "municipal,short_term",
                    3_500_000,
                    1_000_000,
                    1_400_000,
                    0,
                    30,
                    1,
                    1,
                    10,
                ],
            ],
            "stock": [
                header("stock"),
                ["Old home", "institution_long", 180, None, None],
                ["Short unit", "institution_short", 30, None, None],
            ],
            "bands": [
                header("bands"),
                ["municipal", "municipal", "persons_80_plus", 0.20, None, None, None, "yes", None],
                ["short_term", "short_term", "persons_80_plus", 0.03, 0.04, None, None, "yes", None],
                # Soft and cheap to miss: gives a nonzero penalties_discounted.
                ["short_soft", "institution_short", "persons_80_plus", 0.035, None, None, None, "no", 50_000],
            ],
            "projects": [
                header("projects", until="max_places"),
                ["Hub", 2028, None, 300_000, 50_000, 12, 24],
            ],
            "project_mix": [
                header("project_mix"),
                ["Hub", "institution_long", 8, 20],
                ["Hub", "institution_short", 0, 6],
            ],
            "conversions": [
                header("conversions"),
                ["institution_long", "institution_short", 10_000, 3, 2027],
            ],
        }
    )


def infeasible_sheets() -> Sheets:
    """Like the feasible instance, but the hard bands cannot hold in the first years.

    The stock gives 120 + 45 = 165 municipal places against the 200 needed in 2026, and nothing
    new can open before 2027 (lead times): 35 places short. The 45 short-term places are also
    over short_term's 4 % of 1000 (5 over in 2026) and nothing converts them away, while the soft
    band (raised to 5 %) is missed too.
    """
    sheets = feasible_sheets()
    sheets["stock"][1][2] = 120
    sheets["stock"][2][2] = 45
    sheets["bands"][3][3] = 0.05
    return sheets


@pytest.fixture
def feasible_workbook(tmp_path: Path) -> Path:
    return write_workbook(tmp_path / "small.xlsx", feasible_sheets())


@pytest.fixture
def infeasible_workbook(tmp_path: Path) -> Path:
    return write_workbook(tmp_path / "tight.xlsx", infeasible_sheets())


# ---- the command line as a real process -----------------------------------------------


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    def __str__(self) -> str:  # shown by pytest when an assertion on a Run fails
        return f"exit {self.code}\n--- stdout ---\n{self.stdout}\n--- stderr ---\n{self.stderr}"


def run_cli(*args: object, cwd: Path, timeout: float = 120, extra_env: dict | None = None) -> Run:
    """``planner ARGS`` in ``cwd`` as a real process, real exit code: forked from this worker (tests/forked.py),
    or ``python -m planner.cli ARGS`` in a fresh interpreter when PLANNER_TEST_SPAWN=1."""
    env = dict(os.environ) | (extra_env or {})
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env["PYTHONIOENCODING"] = "utf-8"
    if os.environ.get("PLANNER_TEST_SPAWN") != "1":
        return Run(*forked.run_forked(list(map(str, args)), cwd, env, timeout))
    proc = subprocess.run(
        [sys.executable, "-m", "planner.cli", *map(str, args)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def cli(tmp_path: Path):
    """``cli("solve", path, ...)`` runs the planner with cwd = tmp_path."""

    def call(*args: object, cwd: Path | None = None) -> Run:
        return run_cli(*args, cwd=cwd or tmp_path)

    return call


# ---- reading a plan workbook ----------------------------------------------------------


def read_table(path: Path, sheet: str) -> tuple[list[str], list[dict]]:
    """A machine-readable sheet: its header and its rows as dicts (raw cell values)."""
    book = load_workbook(path, read_only=True)  # parses that sheet only: a plan has some twenty
    try:
        rows = list(book[sheet].iter_rows(values_only=True))
    finally:
        book.close()
    header = [h for h in rows[0] if h is not None]
    body = [dict(zip(header, r, strict=False)) for r in rows[1:] if any(v is not None for v in r)]
    return header, body


def read_summary(path: Path) -> dict:
    _, rows = read_table(path, "summary")
    return {r["key"]: r["value"] for r in rows}


# ---- the example solved once per test session -------------------------------------------------

EXAMPLE = REPO / "inputs" / "baerum.xlsx"  # the example, with its buildings: what `make run` plans
# The same without the buildings' decisions: a third of the solve time, so the commands' tests use it
NEW_PLACES_EXAMPLE = REPO / "inputs" / "baerum_new_places.xlsx"


def once_per_session(tmp_path_factory, name: str, compute):
    """compute(folder), run once in this test session however many xdist workers share it; its (pickled) result.

    The folder is the session's, shared by the workers; a plain run uses its own temporary folder.
    """
    from filelock import FileLock

    base = tmp_path_factory.getbasetemp()
    shared = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "once" / name
    shared.mkdir(parents=True, exist_ok=True)
    result = shared / "result.pickle"
    with FileLock(str(shared.parent / f"{name}.lock")):
        if not result.is_file():
            result.write_bytes(pickle.dumps(compute(shared)))
    return pickle.loads(result.read_bytes())


def example_to(last_year: int, folder: Path, workbook: Path | None = None) -> Path:
    """The example (or WORKBOOK) planned to LAST_YEAR only (its last_year setting): every rule and building as in
    the whole example, about half the years, a fraction of the solving time. Written into FOLDER."""
    from openpyxl import load_workbook

    workbook = workbook or EXAMPLE
    cut = folder / f"{workbook.stem}-{last_year}.xlsx"
    book = load_workbook(workbook)
    next(row for row in book["settings"].iter_rows(min_row=2) if row[0].value == "last_year")[1].value = last_year
    book.save(cut)
    _fixed_save_times(cut)
    return cut


def _fixed_save_times(path: Path) -> None:
    """openpyxl stamps the time of saving (docProps/core.xml, each zip entry): fixed here, so that every cut of a
    workbook is the same bytes, whichever xdist worker made it (the plans shared between them record its hash)."""
    import zipfile

    with zipfile.ZipFile(path) as z:
        items = [(info, z.read(info.filename)) for info in z.infolist()]
    with zipfile.ZipFile(path, "w") as z:
        for info, data in items:
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2026-01-01T00:00:00Z", data)
            fixed = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0))
            z.writestr(fixed, data, compress_type=info.compress_type)


@pytest.fixture(scope="session")
def solved_example(tmp_path_factory):
    """``solved_example("--solver", "cbc")`` → the example's plan and run, solved once per session with those
    options and shared by every test (and every xdist worker) that only reads it. Tests must not change it.
    workbook: another example (NEW_PLACES_EXAMPLE)."""

    def solve(*options: str, workbook: Path = EXAMPLE) -> tuple[Path, Run]:
        def run(folder: Path) -> tuple[Path, Run]:
            plan = folder / "plan.xlsx"
            return plan, run_cli("solve", workbook, *options, "-o", plan, cwd=folder, timeout=600)

        key = f"{workbook.stem}-" + hashlib.sha256(" ".join(options).encode()).hexdigest()[:16]
        return once_per_session(tmp_path_factory, key, run)

    return solve


# The example as most tests read it: HiGHS, and time enough for a slow machine to prove it.
HIGHS_PROOF = ("--solver", "highs", "--time-limit", "300")


# ---- the slowest first ---------------------------------------------------------------------------------------

# Tests that take tens of seconds (CBC's proofs of the example, the example with band costs, robust plans, the
# corpus): started first, so the parallel workers end together instead of one finishing a long test alone.
SLOW_FIRST = (
    "test_example.py::test_cbc_and_highs_prove_the_same_optimum_of_the_example_to_2035",
    "test_plan_review.py",
    "test_broken_corpus.py",
    "test_scenarios.py",
    "test_first_plan.py",
    "test_reoptimise.py",
    # a dozen seconds each: dealt early, so no worker is left with one at the end while the other waits
    "test_sweep.py::test_ctrl_c_keeps_finished_cases_and_resume_finishes",
    "test_properties.py",
    "test_plan_unchanged.py",
    "test_solver_trust.py::test_progress_reports_the_best_plan_in_nok_while_highs_solves",
)


def pytest_collection_modifyitems(config, items) -> None:
    def rank(item) -> int:
        where = item.nodeid.split("/")[-1]
        return next((i for i, slow in enumerate(SLOW_FIRST) if where.startswith(slow)), len(SLOW_FIRST))

    items.sort(key=rank)  # stable: the order within each group stays as collected


# ---- the planner as a user starts it, for Ctrl-C ---------------------------------------------------------------


def interruptible() -> None:
    """In the child before it starts: Ctrl-C as a terminal gives it. A shell starts a background job with SIGINT
    ignored, and Python then keeps ignoring it: the tests would fail only when the suite itself runs in the
    background (`.ci/run &`)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def started_planner(args: list[str], folder: Path, own_group: bool = False) -> subprocess.Popen:
    """The planner in a fresh interpreter, as a user starts it (Ctrl-C tests cannot use a forked run).

    own_group: its own process group, as a terminal's foreground job, so a signal can reach all of it.
    """
    return subprocess.Popen(
        [sys.executable, "-m", "planner.cli", *args],
        preexec_fn=interruptible,
        cwd=folder,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=own_group,
    )
