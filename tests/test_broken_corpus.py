"""The broken-workbook corpus (tests/broken_corpus.py) through the command line.

Every file-level case and a representative set of the others run as `planner validate FILE` in
their own process, a few at a time, each with a timeout so a hang or a runaway read fails
instead of blocking; the remaining cell-level cases go through planner.inputs.read_input in
this process and are reported the way the CLI reports them (PLANNER_CORPUS_CLI=all sends every
case through the CLI). A broken file must exit 2 with no traceback and print each expected
problem on one stderr line that names the file, the sheet, the row and the column letter in the
Problem format ("file, sheet 'x', row N, column name (L): message"). A handful also go through
`planner solve`, which must exit 2 and write nothing.
"""

from __future__ import annotations

import os
import re
import subprocess
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import broken_corpus as corpus
import pytest
from conftest import Run, once_per_session, run_cli

TIMEOUT = 60  # seconds per run; the oversized files must be refused well within it
WORKERS = max(2, min(8, os.cpu_count() or 2))

CASES = {case.name: case for case in corpus.cases()}
HEAVY = ("zip_bomb", "million_rows")  # started first, so they do not make the tail
# Cell-level cases that also go through the real CLI (file-level cases always do).
REPRESENTATIVE = {
    "unknown_type_stock",
    "baerum_unknown_type_project_mix",
    "population_years_missing_for_scenario",
    "scenario_not_in_population",
    "min_share_above_max_share",
    "duplicate_conversion_pair",  # a non-ASCII arrow in the message
    "project_never_opens",
    "text_12_places_in_stock",
    "missing_sheet_bands",
    "missing_column_lead_time",
}
ALL_CLI = os.environ.get("PLANNER_CORPUS_CLI") == "all"


def via_cli(case: corpus.Case) -> bool:
    return ALL_CLI or case.level == "file" or case.name in REPRESENTATIVE


SOLVE_CASES = [name for name, case in CASES.items() if case.solve]

# "file, sheet 'x', row N, column name (L): message"; every part but the file is optional.
LINE = re.compile(
    r"^(?P<file>[^,:]+?)"
    r"(?:, sheet '(?P<sheet>[^']*)')?"
    r"(?:, row (?P<row>\d+))?"
    r"(?:, column (?P<column>[^:()]+?)(?: \((?P<letter>[A-Z]{1,3})\))?)?"
    r": (?P<message>.+)$"
)


@dataclass(frozen=True)
class Line:
    file: str
    sheet: str | None
    row: int | None
    column: str | None
    letter: str | None
    message: str
    text: str


def parse(text: str) -> Line | None:
    m = LINE.match(text)
    if m is None:
        return None
    row = int(m["row"]) if m["row"] else None
    return Line(m["file"], m["sheet"], row, m["column"], m["letter"], m["message"], text)


def _norm(text: str) -> str:
    return text.replace("\u2013", "-").replace("\u2014", "-").casefold()


def matches(line: Line, expected: corpus.Expected) -> bool:
    fragment, sheet, row, letter = expected
    for want, got in ((sheet, line.sheet), (row, line.row), (letter, line.letter)):
        if want is not corpus.ANY and want != got:
            return False
    fragments = fragment if isinstance(fragment, tuple) else (fragment,)
    return any(_norm(f) in _norm(line.message) for f in fragments)


def problem_lines(run: Run, filename: str) -> list[str]:
    """The stderr lines that report a problem in ``filename`` (not warnings, not the count line)."""
    return [s for s in run.stderr.splitlines() if s.startswith((f"{filename}:", f"{filename}, "))]


@dataclass
class Outcome:
    run: Run | None = None
    timed_out: bool = False
    skipped: str | None = None
    cwd: Path | None = None
    how: str = "cli"


def _run(args: list, cwd: Path) -> Outcome:
    cwd.mkdir(parents=True, exist_ok=True)
    try:
        return Outcome(run_cli(*args, cwd=cwd, timeout=TIMEOUT), cwd=cwd)
    except subprocess.TimeoutExpired:
        return Outcome(timed_out=True, cwd=cwd)


def _in_process(path: Path) -> Outcome:
    """read_input in this process, its outcome shaped like `planner validate` output."""
    from planner.inputs import read_input
    from planner.problems import InputError

    try:
        book = read_input(path)
    except InputError as exc:
        lines = [str(p) for p in exc.problems]
        lines.append(f"{len(lines)} problem(s) found; nothing was solved or written.")
        return Outcome(Run(2, "", "\n".join(lines) + "\n"), how="in-process")
    except Exception:  # noqa: BLE001 - the CLI would call this a bug (exit 1)
        return Outcome(Run(1, "", traceback.format_exc()), how="in-process")
    warnings = "".join(f"warning: {w}\n" for w in book.warnings)
    return Outcome(Run(0, f"{path.name} is valid\n", warnings), how="in-process")


def _built(folder: Path) -> dict[str, tuple[Path, str | None, dict]]:
    """The corpus written into FOLDER: name -> (path, why skipped, extra), which pickles (a case's writer does not)."""
    result = corpus.generate(folder)
    corpus.write_manifest(folder, result)
    return {name: (b.path, b.skipped, b.extra) for name, b in result.items()}


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> dict[str, corpus.Built]:
    """The corpus, written once per test session for every xdist worker."""
    cases = {case.name: case for case in corpus.cases()}
    written = once_per_session(tmp_path_factory, "broken_corpus", _built)
    return {name: corpus.Built(cases[name], path, skipped, extra) for name, (path, skipped, extra) in written.items()}


@pytest.fixture(scope="session")
def outcomes(built, tmp_path_factory) -> dict[tuple[str, str], Outcome]:
    """(case, 'validate' | 'solve') -> outcome, once per test session for every xdist worker."""
    return once_per_session(tmp_path_factory, "broken_corpus_runs", lambda folder: _outcomes(built, folder))


def _outcomes(built: dict[str, corpus.Built], base: Path) -> dict[tuple[str, str], Outcome]:
    """CLI runs a few processes at a time, read_input runs meanwhile."""
    jobs: dict[tuple[str, str], tuple[list, Path]] = {}
    order = sorted(built, key=lambda name: name not in HEAVY)
    for name in order:
        b = built[name]
        if b.skipped:
            continue
        if via_cli(b.case):
            jobs[name, "validate"] = (["validate", b.path], base / "validate" / name)
        if b.case.solve:
            jobs[name, "solve"] = (["solve", b.path], base / "solve" / name)
    with ThreadPoolExecutor(WORKERS) as pool:
        futures = {key: pool.submit(_run, *job) for key, job in jobs.items()}
        result = {}
        for name, b in built.items():  # meanwhile, the rest in this process
            if not b.skipped and not via_cli(b.case):
                result[name, "validate"] = _in_process(b.path)
        result.update({key: f.result() for key, f in futures.items()})
    for name, b in built.items():
        if b.skipped:
            result[name, "validate"] = result[name, "solve"] = Outcome(skipped=b.skipped)
    return result


def _outcome(outcomes, name: str, command: str) -> Run:
    outcome = outcomes[name, command]
    if outcome.skipped:
        pytest.skip(outcome.skipped)
    assert not outcome.timed_out, f"`planner {command}` on {CASES[name].filename} took more than {TIMEOUT} s"
    if outcome.how != "cli":
        print(f"(validated {outcome.how})")
    return outcome.run


def _assert_no_crash(run: Run) -> None:
    assert "Traceback" not in run.stdout + run.stderr, run
    assert "internal error" not in run.stdout + run.stderr, run
    assert run.code != 1, run


def test_the_line_matcher_is_strict():
    line = parse("f.xlsx, sheet 'stock', row 2, column type (B): 'x' is not a type in place_types; known: a")
    assert line is not None and (line.sheet, line.row, line.column, line.letter) == ("stock", 2, "type", "B")
    assert matches(line, ("'X' IS NOT A TYPE", "stock", 2, "B"))
    for wrong in [
        ("'y' is not a type", "stock", 2, "B"),
        ("'x' is not a type", "stock", 3, "B"),
        ("'x' is not a type", "stock", 2, "C"),
        ("'x' is not a type", "bands", 2, "B"),
        ("'x' is not a type", "stock", None, "B"),
        ("'x' is not a type", None, None, None),
    ]:
        assert not matches(line, wrong), wrong
    bare = parse("f.xlsx: is an old Excel 97-2003 (.xls) workbook; save it as .xlsx")
    assert (bare.file, bare.sheet, bare.row, bare.letter) == ("f.xlsx", None, None, None)
    assert matches(bare, ("old Excel 97\u20132003 (.xls) workbook", None, None, None))
    assert not matches(bare, ("old Excel", "settings", None, None))
    whole_column = parse("f.xlsx, sheet 'population', column persons_80_plus (C): persons_80_plus has no value")
    assert (whole_column.row, whole_column.column, whole_column.letter) == (None, "persons_80_plus", "C")
    assert problem_lines(Run(2, "", "f.xlsx: bad\nwarning: f.xlsx: meh\n1 problem(s) found\n"), "f.xlsx") == [
        "f.xlsx: bad"
    ]


def test_the_corpus_is_big_enough():
    broken = [c for c in CASES.values() if c.exit_code != 0]
    assert len(broken) >= 45
    assert all(c.expected for c in broken), "every broken case says what it must produce"
    assert len({c.filename for c in CASES.values()}) == len(CASES)


@pytest.mark.parametrize("name", list(CASES))
def test_validate_reports_the_problem(name, outcomes):
    case = CASES[name]
    run = _outcome(outcomes, name, "validate")
    _assert_no_crash(run)
    assert run.code == case.exit_code, run
    lines = problem_lines(run, case.filename)
    if case.exit_code == 0:
        assert not lines, run
        assert f"{case.filename} is valid" in run.stdout, run
        return
    unparsed = [s for s in lines if parse(s) is None]
    assert not unparsed, f"problem lines not in the Problem format: {unparsed}\n{run}"
    parsed = [parse(s) for s in lines]
    for expected in case.expected:
        assert any(matches(line, expected) for line in parsed), (
            f"no problem line matches {expected}\n(fragment, sheet, row, column letter; None = not named)\n{run}"
        )


@pytest.mark.parametrize("name", [n for n, c in CASES.items() if c.exit_code != 0])
def test_validate_reports_nothing_else(name, outcomes):
    """One thing is broken, so every problem line is one of the expected ones (no follow-on noise)."""
    case = CASES[name]
    if case.more_ok:
        pytest.skip(f"follow-on problems are acceptable here: {case.more_ok}")
    run = _outcome(outcomes, name, "validate")
    parsed = [parse(s) for s in problem_lines(run, case.filename)]
    # by message only: where each line points is test_validate_reports_the_problem's business
    wanted = [(fragment, corpus.ANY, corpus.ANY, corpus.ANY) for fragment, *_ in case.expected]
    extra = [line.text for line in parsed if line is None or not any(matches(line, w) for w in wanted)]
    assert not extra, f"problem lines beyond the expected {case.expected}:\n" + "\n".join(extra)


@pytest.mark.parametrize("name", SOLVE_CASES)
def test_solve_refuses_and_writes_nothing(name, outcomes, built):
    case = CASES[name]
    outcome = outcomes.get((name, "solve"))
    run = _outcome(outcomes, name, "solve")
    _assert_no_crash(run)
    assert run.code == 2, run
    assert problem_lines(run, case.filename), run
    written = sorted(p.relative_to(outcome.cwd) for p in outcome.cwd.rglob("*"))
    assert written == [], f"solve wrote {written} (default outputs/ is under its working directory)"
    path = built[name].path
    assert not (path.parent / f"{path.stem}-plan.xlsx").exists()
