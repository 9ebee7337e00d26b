"""`planner reoptimise` as a library call: new inputs + last year's plan workbook → a new plan that keeps what is
decided and moves no more than it must, with a `changes` sheet saying what changed and why.

The rule for each opening of the baseline (happened, committed, frozen, re-optimised) is the model's:
``models.reoptimise.carry_forward``.
"""

from __future__ import annotations

import dataclasses
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from models.inputs import PlanningInput
from models.reoptimise import (
    COMMITTED,
    COMMITTED_STAGE,
    FROZEN,
    HAPPENED_ADDED,
    BaselineMismatch,
    Treatment,
    carry_forward,
    converted_in_stock,
)
from models.results import Solution
from models.solve import Deadline, Progress
from planner.commands.console import comparison_text, infeasibility_text, robust_price, robust_text, solved_text
from planner.commands.outcome import EXIT_OK, Outcome, status_code
from planner.commands.paths import replan_output, write_or_rescue
from planner.commands.solve import WRITE_RESERVE_S, Run, optimum, quiet
from planner.files import sha256
from planner.inputs import InputWorkbook, read_input
from planner.inputs.plans import PlanBook, column_names, read_plan
from planner.outputs.changes import CHANGE_COLUMNS, Changes, compare
from planner.outputs.machine import summary_rows
from planner.outputs.plan import write_plan
from planner.outputs.record import Baseline, PlanRecord
from planner.problems import InputError, Problem


@dataclass
class Replanned:
    """What re-planning came to, before it is worded for the command line."""

    status: str  # optimal | feasible | infeasible | no_solution | unchanged
    baseline: PlanBook
    solution: Solution | None = None
    changes: Changes | None = None
    output: Path | None = None
    warnings: list[str] = field(default_factory=list)
    input_sha256: str = ""
    hard_bands: set[str] = field(default_factory=set)
    kept: int = 0  # baseline openings kept as committed or frozen
    comparison: dict | None = None  # --compare-ratio: the ratio rule's figures
    data: PlanningInput | None = None  # the input re-planned (with the baseline carried forward)
    robust_price: dict | None = None  # a robust re-plan: what holding the other scenarios costs in the chosen one
    timings: dict[str, float] = field(default_factory=dict)  # read, solve, write and total seconds, as solve's


@dataclass(frozen=True)
class Planning:
    """The planning options `solve` has, taken by `reoptimise` too (each as solve's option of that name)."""

    verify: bool = False
    compare_ratio: bool = False
    band_costs: bool = False
    workers: int | None = None
    lang: str | None = None
    scenario: str | None = None
    robust: bool | None = None


def reoptimise(
    input_path: Path,
    baseline_path: Path,
    output_path: Path | None = None,
    *,
    freeze_until: int | None = None,
    if_changed: bool = False,
    solver: str | None = None,
    time_limit: float | None = None,
    gap: float | None = None,
    notify: Callable[[str], None] = quiet,
    progress: Progress | None = None,
    **planning,
) -> Outcome:
    """Re-plan INPUT against BASELINE (last year's plan workbook); write OUTPUT unless nothing changed; say what
    changed and why. PLANNING: solve's planning options (Planning's fields: --scenario, --robust, --band-costs…).

    The warnings are in the Outcome only: they are known when the solve is over, and are printed after
    its progress line ends.
    """
    output_path = replan_output(input_path, baseline_path, output_path)
    options = Planning(**planning)
    result = _replan(
        input_path,
        baseline_path,
        output_path,
        freeze_until,
        if_changed,
        (solver, time_limit, gap),
        options,
        notify,
        progress,
    )
    return _outcome(result, baseline_path, output_path)


def _replan(
    input_path: Path,
    baseline_path: Path,
    output_path: Path,
    freeze_until: int | None,
    if_changed: bool,
    solving: tuple[str | None, float | None, float | None],
    options: Planning,
    notify: Callable[[str], None],
    progress: Progress | None,
) -> Replanned:
    """Read both, carry the baseline forward, solve, compare and write the plan (all within the time limit)."""
    started = time.perf_counter()
    baseline = read_plan(baseline_path, role="the baseline (--baseline)")
    digest = sha256(input_path)
    if if_changed and digest and digest == str(baseline.summary.get("input_sha256")):
        seconds = time.perf_counter() - started
        return Replanned("unchanged", baseline, input_sha256=digest, timings=_timings(seconds, seconds, seconds))
    book = read_input(input_path, options.scenario, options.robust)
    data = book.data
    if data.plan == "stochastic":  # re-planning follows one path: the chosen scenario's, from last year's plan
        notify(
            "note: planner reoptimise re-plans the chosen scenario's path (the setting plan = stochastic is "
            "left aside); planner solve --stochastic makes a new plan over the scenarios"
        )
        data = dataclasses.replace(data, plan="single", robust_populations={})
    _check_municipality(book.settings.municipality, baseline, Path(input_path).name)
    _check_horizons(baseline, data, freeze_until, Path(input_path).name)
    settings = book.settings
    try:
        planned, treatments = carry_forward(
            data,
            baseline.openings,
            freeze_until,
            settings.change_penalty_per_place,
            baseline.conversions,
            baseline.site_decisions,
            committed_until(baseline),
        )
    except BaselineMismatch as exc:
        raise InputError([Problem(baseline.file, str(exc))]) from exc
    run = Run.of(book, *solving, verify=options.verify, progress=progress, workers=options.workers)
    read_seconds = time.perf_counter() - started
    left = run.time_limit - (time.perf_counter() - started) - WRITE_RESERVE_S  # the limit bounds the command
    band_costs = options.band_costs or settings.band_costs
    solved = optimum(
        replace(book, data=planned), run, Deadline(max(0.5, left)), options.compare_ratio, band_costs, notify
    )
    solution = solved.solution
    solved_seconds = time.perf_counter() - started
    record = PlanRecord.made_from(
        input_path,
        run.solver,
        input_sha256=digest,
        time_limit_s=run.time_limit,
        gap=run.gap,
        method="reoptimise",
        lang=options.lang or settings.lang,
        robust_scenarios=", ".join(data.robust_populations) if data.robust_populations else None,
        robust_price=robust_price(solved.scenario_sheets.get("scenarios")),
        ratio=solved.comparison,
        baseline=Baseline(
            baseline.file, baseline.summary.get("input_sha256"), freeze_until, settings.change_penalty_per_place
        ),
        municipality=settings.municipality,
    )
    changes, extra = None, {}
    if solution.has_plan:
        new = plan_book(solution, planned, record, book.tables, Path(output_path).name)
        whys = {COMMITTED: "committed", COMMITTED_STAGE: "stage", FROZEN: "frozen"}
        kept = [
            (t.opening.year, t.opening.type, t.opening.source, t.opening.places, whys[t.how])
            for t in treatments
            if t.how in whys
        ]
        changes = compare(baseline, new, kept=kept)
        account = compare(baseline, new, record.lang, kept).account
        record = dataclasses.replace(record, changes_account=tuple(account))
    if solution.status != "no_solution":
        extra["changes"] = _changes_sheet(changes, treatments)
    extra |= solved.scenario_sheets
    write_or_rescue(
        Path(output_path),
        lambda path: write_plan(path, solution, planned, record, solved.band_costs, book.tables, extra),
        "plan",
    )
    hard = {b.band for b in data.bands if b.hard}
    kept = sum(1 for t in treatments if t.how in (COMMITTED, COMMITTED_STAGE, FROZEN))
    warnings = _warnings(book, baseline, treatments, Path(input_path).name)
    return Replanned(
        solution.status,
        baseline,
        solution,
        changes,
        Path(output_path),
        warnings,
        digest,
        hard,
        kept,
        solved.comparison,
        planned,
        record.robust_price,
        _timings(read_seconds, solved_seconds, time.perf_counter() - started),
    )


def _timings(read: float, solved: float, total: float) -> dict[str, float]:
    """--json's timings as solve gives them: seconds reading (both workbooks), solving, writing and in all."""
    return {
        "read_seconds": read,
        "solve_seconds": solved - read,
        "write_seconds": total - solved,
        "total_seconds": total,
    }


NOT_A_NAME = {"kommune", "kommunen", "municipality", "of"}  # "Bærum kommune" is Bærum


def same_municipality(a: str, b: str) -> bool | None:
    """Whether two ways of naming a municipality name the same one; None: cannot tell.

    Numbers are compared as numbers (0301 is 301) when both give one, names (case, spacing and the word
    "kommune" aside) when both give one. The same name under another number is None, not False:
    municipalities are renumbered in reforms (Bærum: 0219, 3024, 3201). So is "3201" against "Bærum".
    """
    numbers = [[int(n) for n in re.findall(r"\d+", x)] for x in (a, b)]
    names = [" ".join(w for w in re.findall(r"[^\W\d_]+", x.casefold()) if w not in NOT_A_NAME) for x in (a, b)]
    both_named = bool(names[0] and names[1])
    if numbers[0] and numbers[1]:
        if numbers[0] == numbers[1]:
            return True
        return None if both_named and names[0] == names[1] else False
    if both_named:
        return names[0] == names[1]
    return None


def _recorded_municipality(baseline: PlanBook) -> str:
    """The municipality the baseline plan records ("" when it records none)."""
    return str(baseline.summary.get("municipality") or "").strip()


def _check_municipality(municipality: str | None, baseline: PlanBook, input_name: str) -> None:
    """A baseline plan of another municipality is refused: its openings are not this one's commitments."""
    theirs = _recorded_municipality(baseline)
    if municipality and theirs and same_municipality(municipality, theirs) is False:
        message = (
            f"is a plan for {theirs}, but {input_name} is for {municipality} (the setting municipality); "
            "give this municipality's last plan as --baseline"
        )
        raise InputError([Problem(baseline.file, message)])


def municipality_warnings(municipality: str | None, baseline: PlanBook, input_name: str) -> list[str]:
    """What cannot be checked: a side that does not say which municipality it is for."""
    theirs = _recorded_municipality(baseline)
    warnings = []
    if not municipality:
        warnings.append(
            f"{input_name} does not say which municipality it is for: add the setting municipality "
            "(e.g. 3201 Bærum) so that a baseline of another municipality is refused"
        )
    if not theirs:
        warnings.append(f"the baseline {baseline.file} records no municipality: it cannot be checked to be this one's")
    elif municipality and same_municipality(municipality, theirs) is None:
        warnings.append(f"cannot tell whether {municipality} and the baseline's {theirs} are the same municipality")
    return warnings


def _check_horizons(baseline: PlanBook, data: PlanningInput, freeze_until: int | None, input_name: str) -> None:
    """The baseline starts no later than the new inputs; --freeze-until lies inside the new horizon."""
    problems = []
    base_first = int(baseline.summary.get("first_year") or data.first_year)
    if base_first > data.first_year:
        message = (
            f"the baseline plan starts in {base_first}, after the inputs' first_year {data.first_year}; "
            "give an earlier plan (last year's) as --baseline"
        )
        problems.append(Problem(baseline.file, message))
    if freeze_until is not None and not data.first_year <= freeze_until <= data.last_year:
        message = (
            f"{freeze_until} is outside the new horizon of {input_name}; give a year from "
            f"{data.first_year} to {data.last_year}"
        )
        problems.append(Problem("--freeze-until", message))
    if problems:
        raise InputError(problems)


def _warnings(book: InputWorkbook, baseline: PlanBook, treatments: list[Treatment], input_name: str) -> list[str]:
    """The input's warnings, and what of the baseline happened but is not in the stock sheet yet."""
    data = book.data
    happened = [c for c in baseline.conversions if c.year < data.first_year and not converted_in_stock(data.stock, c)]
    return (
        [str(w) for w in book.warnings]
        + municipality_warnings(book.settings.municipality, baseline, input_name)
        + [
            f"{c.places} places converted from {c.from_type} to {c.to_type} in {c.year} according to {baseline.file} "
            "are applied to the stock; update the stock sheet to show them"
            for c in happened
        ]
        + [
            f"{t.opening.places} {t.opening.type} places ({t.opening.source}) opened in {t.opening.year} according to "
            f"{baseline.file} but are not in the stock sheet: counted as stock from {t.opening.year}; add them to "
            "the stock sheet"
            for t in treatments
            if t.how == HAPPENED_ADDED
        ]
    )


def _changes_sheet(changes: Changes | None, treatments: list[Treatment]) -> pd.DataFrame:
    """The changes sheet: the comparison's rows, then a row per baseline opening saying how it was treated."""
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
    return pd.concat([table, treated], ignore_index=True) if len(treated) else table


def plan_book(solution: Solution, data: PlanningInput, record: PlanRecord, tables: dict, file: str) -> PlanBook:
    """A plan held in memory, in the shape a plan workbook is read back in."""
    summary = dict(summary_rows(solution, data, record))
    inputs = {name: pd.DataFrame(rows, columns=column_names(header)) for name, (header, rows) in tables.items()}
    return PlanBook(
        file, summary, solution.plan, solution.coverage, inputs, solution.conversions, solution.site_decisions
    )


def committed_until(baseline: PlanBook) -> int | None:
    """A stochastic baseline's last committed year (its first year + commit_years − 1); None for any other."""
    years, first = baseline.summary.get("commit_years"), baseline.summary.get("first_year")
    if years is None or first is None:  # commit_years is in a stochastic plan's summary only
        return None
    return int(first) + int(years) - 1


def frozen_text(data: PlanningInput | None) -> str:
    """What --freeze-until (or a stochastic baseline's committed years) fixes besides openings: the baseline's
    conversions and site works up to that year, and none other (empty without either)."""
    if data is None or data.baseline_fixed_until is None:
        return ""
    conversions = [f"{n} {a} to {b} in {t}" for (a, b, t), n in sorted(data.frozen_conversions.items(), key=_by_year)]
    works = [f"{d} {s} in {t}" for (s, d, t), kept in sorted(data.frozen_sites.items(), key=_by_year) if kept]
    kept = "; ".join(
        f"{what} {', '.join(items)}" for what, items in (("conversions", conversions), ("site works", works)) if items
    )
    return f", and up to {data.baseline_fixed_until} the baseline's conversions and site works, no others" + (
        f" ({kept})" if kept else " (it has none)"
    )


def _more_room(data: PlanningInput | None) -> str:
    """What gives an infeasible re-plan more room: an earlier --freeze-until; past a stochastic baseline's committed
    years, only a new stochastic plan decides them again."""
    if data is not None and data.committed_until is not None and data.committed_until >= (data.frozen_until or 0):
        return (
            f"up to {data.committed_until} they are the stochastic plan's commitments: planner solve --stochastic "
            "with the new inputs decides those years again."
        )
    return "with --freeze-until, an earlier year leaves the plan more room."


def _by_year(item: tuple) -> tuple:
    return item[0][-1], item[0]


def _outcome(result: Replanned, baseline_path: Path, output_path: Path) -> Outcome:
    """What the command line prints, its --json object and exit status."""
    solution, changes = result.solution, result.changes
    texts = []
    if result.status == "unchanged":
        texts.append(
            f"The inputs are the ones {baseline_path.name} was made from (SHA-256 {result.input_sha256[:12]}…): "
            "nothing to re-plan; nothing solved or written."
        )
        code = EXIT_OK
    else:
        code = status_code(solution.status)
        if solution.has_plan:
            texts.append(solved_text(solution, output_path))
            if result.robust_price:
                texts.append(robust_text(result.robust_price, list(result.data.robust_populations)))
            texts += ["What changed:", *(f"- {line}" for line in changes.account)]
            if result.comparison:
                texts.append(comparison_text(result.comparison))
        elif solution.status == "infeasible":
            texts.append(infeasibility_text(solution, output_path, result.hard_bands, result.data))
            if result.kept or (result.data and result.data.baseline_fixed_until is not None):
                texts.append(
                    f"Kept from {baseline_path.name}: {result.kept} committed or frozen opening(s) (see the changes "
                    f"sheet){frozen_text(result.data)}; {_more_room(result.data)}"
                )
        else:
            texts.append(f"No feasible plan was found within the time limit. Summary written to {output_path}")
    planned = solution is not None and solution.has_plan
    infeasible = result.status == "infeasible"
    payload = {
        "status": result.status,
        # as solve's: the plan's net present cost (npv_after, kept for scripts written before), and the gap
        "objective": solution.objective_npv if planned else None,
        "diagnosis_cost": solution.objective_npv if infeasible else None,
        "mip_gap": solution.run.mip_gap if solution is not None and solution.run else None,
        "changed": bool(changes and changes.changed),
        "places_added": changes.places_added if changes else 0,
        "places_removed": changes.places_removed if changes else 0,
        "npv_before": result.baseline.npv,
        "npv_after": solution.objective_npv if planned else None,
        "change_penalty": round(solution.change_penalty, 2)
        if solution and solution.change_penalty is not None
        else None,
        "account": changes.account if changes else [],
        "output": str(result.output) if result.output else None,
        "exit_code": code,
        "timings": {key: round(seconds, 3) for key, seconds in result.timings.items()},
        "solver_seconds": round(solution.run.seconds, 3) if solution is not None and solution.run else None,
        # a scheduled job's log line says when it ran (the plan's summary records when it was made)
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    return Outcome(code, texts, payload, solution, result.output, result.warnings)
