"""Yearly re-optimisation and plan comparison, as library functions the command line calls.

reoptimise: new inputs + last year's plan workbook → a new plan that keeps what is decided and
moves no more than it must, with a `changes` sheet saying what changed and why.
diff: any two plan workbooks → the same comparison.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from models import optimise
from models.reoptimise import (
    COMMITTED,
    FROZEN,
    HAPPENED_ADDED,
    BaselineMismatch,
    carry_forward,
    converted_in_stock,
)
from models.results import Solution
from models.tables import OTHER_TABLES
from planner import __version__
from planner.baseline import PlanBook, read_plan
from planner.changes import CHANGE_COLUMNS, Changes, compare
from planner.problems import InputError, Problem
from planner.reading import read_input
from planner.writing import summary_rows, write_plan


@dataclass
class Replan:
    """What `planner reoptimise` did."""

    status: str  # optimal | feasible | infeasible | no_solution | unchanged
    baseline: PlanBook
    solution: Solution | None = None
    changes: Changes | None = None
    output: Path | None = None
    warnings: list[str] = field(default_factory=list)
    input_sha256: str = ""
    hard_bands: set[str] = field(default_factory=set)
    kept: int = 0  # baseline openings kept as committed or frozen


def sha256(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def reoptimise(
    input_path: Path,
    baseline_path: Path,
    output_path: Path,
    freeze_until: int | None = None,
    if_changed: bool = False,
    solver: str | None = None,
    time_limit: float | None = None,
    gap: float | None = None,
    lang: str | None = None,
    progress=None,
) -> Replan:
    """Re-plan INPUT against BASELINE (last year's plan workbook); write OUTPUT unless nothing changed."""
    baseline = read_plan(baseline_path, role="the baseline (--baseline)")
    digest = sha256(input_path) if Path(input_path).is_file() else ""
    if if_changed and digest and digest == str(baseline.summary.get("input_sha256")):
        return Replan("unchanged", baseline, input_sha256=digest)
    book = read_input(input_path)
    data = book.data
    problems = []
    base_first = int(baseline.summary.get("first_year") or data.first_year)
    if base_first > data.first_year:
        problems.append(
            Problem(
                baseline.file,
                f"the baseline plan starts in {base_first}, after the inputs' first_year {data.first_year}; "
                "give an earlier plan (last year's) as --baseline",
            )
        )
    if freeze_until is not None and not data.first_year <= freeze_until <= data.last_year:
        problems.append(
            Problem(
                "--freeze-until",
                f"{freeze_until} is outside the new horizon of {Path(input_path).name}; give a year from "
                f"{data.first_year} to {data.last_year}",
            )
        )
    if problems:
        raise InputError(problems)
    settings = book.solver
    try:
        planned, treatments = carry_forward(
            data, baseline.openings, freeze_until, settings.change_penalty_per_place, baseline.conversions
        )
        happened_conversions = [
            c for c in baseline.conversions if c.year < data.first_year and not converted_in_stock(data.stock, c)
        ]
    except BaselineMismatch as exc:
        raise InputError([Problem(baseline.file, str(exc))]) from exc
    warnings = (
        [str(w) for w in book.warnings]
        + [
            f"{c.places} places converted from {c.from_type} to {c.to_type} in {c.year} according to {baseline.file} "
            "are applied to the stock; update the stock sheet to show them"
            for c in happened_conversions
        ]
        + [
            f"{t.opening.places} {t.opening.type} places ({t.opening.source}) opened in {t.opening.year} according to "
            f"{baseline.file} but are not in the stock sheet: counted as stock from {t.opening.year}; add them to "
            "the stock sheet"
            for t in treatments
            if t.how == HAPPENED_ADDED
        ]
    )
    solution = optimise(
        planned,
        solver=solver or settings.solver,
        time_limit=time_limit if time_limit is not None else settings.time_limit_s,
        gap=gap if gap is not None else settings.mip_gap,
        progress=progress,
    )
    meta = {
        "input_file": Path(input_path).name,
        "input_sha256": digest,
        "planner_version": __version__,
        "created_utc": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "time_limit_s": time_limit if time_limit is not None else settings.time_limit_s,
        "gap": gap if gap is not None else settings.mip_gap,
        "solver": solver or settings.solver,
        "method": "reoptimise",
        "baseline_file": baseline.file,
        "baseline_input_sha256": baseline.summary.get("input_sha256"),
        "freeze_until": freeze_until,
        "change_penalty_per_place": settings.change_penalty_per_place,
    }
    changes = None
    extra = {}
    if solution.status in ("optimal", "feasible"):
        new = plan_book(solution, planned, meta, book.tables, Path(output_path).name)
        changes = compare(baseline, new)
        meta["changes_account"] = compare(baseline, new, lang or settings.lang).account
    if solution.status != "no_solution":
        treated = pd.DataFrame(
            [
                {
                    "kind": "baseline_opening",
                    "year": t.opening.year,
                    "type": t.opening.type,
                    "source": t.opening.source,
                    "baseline": t.opening.places,
                    "note": f"{t.how}{'; ' + t.note if t.note else ''}",
                }
                for t in treatments
            ],
            columns=CHANGE_COLUMNS,
        )
        table = changes.table if changes else pd.DataFrame(columns=CHANGE_COLUMNS)
        extra["changes"] = pd.concat([table, treated], ignore_index=True) if len(treated) else table
    write_plan(Path(output_path), solution, planned, meta, None, book.tables, lang or settings.lang, extra)
    hard = {b.band for b in data.bands if b.hard}
    kept = sum(1 for t in treatments if t.how in (COMMITTED, FROZEN))
    return Replan(solution.status, baseline, solution, changes, Path(output_path), warnings, digest, hard, kept)


def plan_book(solution: Solution, data, meta: dict, tables: dict, file: str) -> PlanBook:
    """A plan held in memory, in the shape a plan workbook is read back in."""
    summary = dict(summary_rows(solution, data, meta))
    inputs = {name: pd.DataFrame(rows, columns=_names(header)) for name, (header, rows) in tables.items()}
    return PlanBook(file, summary, solution.plan, solution.coverage, inputs, solution.conversions)


def _names(header: list) -> list[str]:
    return [str(h).strip().lower() if h is not None else f"column_{i}" for i, h in enumerate(header)]


def diff(a_path: Path, b_path: Path, output_path: Path | None = None) -> Changes:
    """Compare two plan workbooks; with output_path, write the comparison as a workbook."""
    a, b = read_plan(a_path, usable_only=False, role="A"), read_plan(b_path, usable_only=False, role="B")
    changes = compare(a, b)
    if output_path is not None:
        from planner.writing import write_table_book

        head = pd.DataFrame(
            [
                ("a", a.file, a.summary.get("input_sha256"), a.status),
                ("b", b.file, b.summary.get("input_sha256"), b.status),
            ],
            columns=OTHER_TABLES["diff.plans"].names,
        )
        write_table_book(Path(output_path), {"plans": head, "changes": changes.table})
    return changes
