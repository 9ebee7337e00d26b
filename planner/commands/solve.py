"""`planner solve` as a library call: read, solve (or build the ratio rule's plan), write the plan, say how it went.

Options are plain arguments (None: the input's settings decide); the result is an Outcome with the
texts, the --json object and the exit status. Bad input raises InputError. Messages that belong
to a solve as it happens (warnings, long steps starting) go to NOTIFY at once, in order.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from planner.commands.console import (
    comparison_text,
    infeasibility_text,
    ratio_text,
    robust_price,
    robust_text,
    soft_miss_lines,
    solved_text,
)
from planner.commands.outcome import Outcome, status_code
from planner.commands.paths import plan_output, write_or_rescue
from planner.commands.stochastic import stochastic_head, stochastic_optimum, stochastic_text
from planner.files import sha256
from planner.inputs import InputWorkbook, read_input
from planner.outputs.record import PlanRecord
from planner.problems import InputError, Problem

if TYPE_CHECKING:  # the model, pandas and the writer load only once the input is valid (see solve)
    import pandas as pd

    from models.inputs import PlanningInput
    from models.results import Solution
    from models.solve import Deadline, Progress

# A stochastic plan's figures in --json
STOCHASTIC_JSON = ("expected_npv", "evpi", "vss", "robust_expected_npv")
# Seconds kept for writing the plan out of --time-limit (the example writes in 0.5 s, the large case in 1.5 s),
# and at most this share of a short limit: --time-limit 3 left the solver half a second and ended at 2 s.
WRITE_RESERVE_S = 2.0
WRITE_RESERVE_SHARE = 0.15


def solving_seconds(time_limit: float, read_seconds: float) -> float:
    """What --time-limit leaves for solving: less what reading took and the moment writing needs."""
    return time_limit - read_seconds - min(WRITE_RESERVE_S, WRITE_RESERVE_SHARE * time_limit)


# With band costs, the ratio comparison or a robust plan's scenarios asked, the plan's share of the time.
PLAN_SHARE_WITH_EXTRAS = 0.6


def quiet(text: str) -> None:
    """The default NOTIFY: a library caller reads the warnings from the Outcome instead."""


def ratio_conflicts(
    method: str,
    verify: bool,
    gap: float | None,
    compare_ratio: bool,
    band_costs: bool,
    robust: bool | None,
    stochastic: bool | None = None,
    **_rest,
) -> str:
    """What is wrong with these options of `solve`, or "": with --method ratio the rule is not solved for, so
    --verify, --gap, --compare-ratio, --band-costs, --robust and --stochastic have nothing to act on; a stochastic
    plan is not robust, and its band costs and ratio comparison are not built. Other options are ignored.
    """
    if stochastic and method != "ratio":
        asked = (("--robust", robust), ("--band-costs", band_costs), ("--compare-ratio", compare_ratio))
        given = [flag for flag, on in asked if on]
        return f"{', '.join(given)} cannot be used with --stochastic (a plan over the scenarios)" if given else ""
    if method != "ratio":
        return ""
    given = [
        flag
        for flag, on in (
            ("--verify", verify),
            ("--gap", gap is not None),
            ("--compare-ratio", compare_ratio),
            ("--band-costs", band_costs),
            ("--robust", bool(robust)),
            ("--stochastic", bool(stochastic)),
        )
        if on
    ]
    return f"{', '.join(given)} cannot be used with --method ratio, which builds the rule's plan" if given else ""


@dataclass(frozen=True)
class Run:
    """How to solve: the options given, each falling back on the input's settings."""

    solver: str
    time_limit: float
    gap: float
    verify: bool = False
    progress: Progress | None = None
    workers: int | None = None  # processes for the band costs' re-solves (None: the cores)

    @classmethod
    def of(cls, book: InputWorkbook, solver: str | None, time_limit: float | None, gap: float | None, **rest) -> Run:
        settings = book.settings
        return cls(
            solver or settings.solver,
            time_limit if time_limit is not None else settings.time_limit_s,
            gap if gap is not None else settings.mip_gap,
            **rest,
        )


@dataclass
class Solved:
    """The plan and what was computed beside it."""

    solution: Solution
    ratio_notes: list[str] = field(default_factory=list)
    comparison: dict | None = None  # --compare-ratio
    band_costs: pd.DataFrame | None = None  # --band-costs
    scenario_sheets: dict[str, pd.DataFrame] = field(default_factory=dict)  # a robust or stochastic plan's
    stages: dict[str, pd.DataFrame] | None = None  # a stochastic plan's plan, conversions and capacity sheets
    stochastic: dict | None = None  # a stochastic plan's figures and settings (PlanRecord.stochastic)


def solve(
    input_path: Path,
    output_path: Path | None = None,
    *,
    solver: str | None = None,
    time_limit: float | None = None,
    gap: float | None = None,
    verify: bool = False,
    method: str = "optimise",
    compare_ratio: bool = False,
    band_costs: bool = False,
    workers: int | None = None,
    lang: str | None = None,
    scenario: str | None = None,
    robust: bool | None = None,
    stochastic: bool | None = None,
    notify: Callable[[str], None] = quiet,
    progress: Progress | None = None,
) -> Outcome:
    """Validate INPUT, solve the plan (or build the ratio rule's), write the plan workbook; say what came of it."""
    started = time.perf_counter()
    input_sha256 = sha256(input_path)  # of the file as it is read
    output_path = plan_output(input_path, output_path)
    book = read_input(input_path, scenario, robust, stochastic)
    read_seconds = time.perf_counter() - started
    # Loaded only now: a workbook with problems is refused without loading PuLP, pandas or the writer.
    from models.optimise import UnboundedCost
    from models.ratio import ratio_plan
    from models.solve import Deadline, SolverUnavailable
    from planner.outputs.plan import write_plan

    for w in book.warnings:
        notify(f"warning: {w}")
    if book.data.plan == "stochastic" and (
        conflict := ratio_conflicts(method, False, None, compare_ratio, band_costs, False, True)
    ):
        raise InputError(
            [Problem(input_path.name, f"{conflict}; the workbook's setting plan = stochastic asks for one")]
        )
    run = Run.of(book, solver, time_limit, gap, verify=verify, progress=progress, workers=workers)
    # --time-limit bounds the whole command: what reading took is gone, and writing needs its moment
    deadline = Deadline(solving_seconds(run.time_limit, read_seconds))
    if verify and run.solver != "cbc":
        notify("note: --verify checks a CBC optimum; HiGHS proves its own, so there is nothing to verify")
    try:
        if method == "ratio":
            ratio = ratio_plan(book.data, run.solver, deadline.left())
            solved = Solved(ratio.solution, ratio.notes)
        elif book.data.plan == "stochastic":
            solved = stochastic_optimum(book, run, deadline, notify)
        else:
            solved = optimum(book, run, deadline, compare_ratio, band_costs or book.settings.band_costs, notify)
    except UnboundedCost as exc:
        raise InputError([Problem(input_path.name, str(exc))]) from exc
    except SolverUnavailable as exc:
        other = "highs" if run.solver == "cbc" else "cbc"
        raise InputError([Problem(input_path.name, f"the solver cannot run: {exc}; try --solver {other}")]) from exc
    solve_seconds = time.perf_counter() - started - read_seconds
    data = book.data
    record = PlanRecord.made_from(
        input_path,
        run.solver,
        input_sha256=input_sha256,
        time_limit_s=run.time_limit,
        gap=run.gap,
        method=method,
        lang=lang or book.settings.lang,
        robust_scenarios=", ".join(data.robust_populations)
        if data.robust_populations and data.plan != "stochastic"
        else None,
        robust_price=robust_price(solved.scenario_sheets.get("scenarios")),
        ratio=solved.comparison,
        municipality=book.settings.municipality,
        stochastic=solved.stochastic,
    )
    write_or_rescue(
        output_path,
        lambda path: write_plan(
            path, solved.solution, data, record, solved.band_costs, book.tables, solved.scenario_sheets, solved.stages
        ),
        "plan",
    )
    total = time.perf_counter() - started
    timings = {"read_seconds": read_seconds, "solve_seconds": solve_seconds}
    timings |= {"write_seconds": total - read_seconds - solve_seconds, "total_seconds": total}
    warnings = [str(w) for w in book.warnings]
    return _outcome(solved, data, method, run, output_path, timings, warnings, record.robust_price)


def optimum(book: InputWorkbook, run: Run, deadline: Deadline, compare_ratio: bool, band_costs: bool, notify) -> Solved:
    """The optimum, and with it the ratio comparison, the band costs and a robust plan's scenarios if asked.

    All within the deadline: the plan gets its share first, what is asked beside it shares the rest.
    """
    from models.band_costs import band_costs as band_cost_table
    from models.optimise import optimise
    from models.ratio import ratio_comparison, ratio_plan
    from models.scenarios import scenario_comparison, scenario_coverage_table

    data = book.data
    extras = [compare_ratio, band_costs, bool(data.robust_populations)]
    share = 1.0 if not any(extras) else PLAN_SHARE_WITH_EXTRAS
    solution = optimise(
        data, solver=run.solver, time_limit=deadline.left(share), gap=run.gap, verify=run.verify, progress=run.progress
    )
    solved = Solved(solution)
    if compare_ratio and solution.has_plan:
        ratio = ratio_plan(data, run.solver, deadline.left(1 / sum(extras)))
        solved.comparison = ratio_comparison(solution, ratio.solution, ratio.notes)
    if band_costs and solution.has_plan:
        notify(f"Band costs: re-solving without each of {len(data.bands)} band(s) and 0.1 pp tighter ...")
        solved.band_costs = band_cost_table(
            data,
            solution.objective_npv,
            run.solver,
            deadline.left(1 / (1 + bool(data.robust_populations))),
            run.gap,
            start=solution.values,
            workers=run.workers,
            proven_plan=solution.status == "optimal" and solution.run.check in ("proven", "verified"),
            on_done=lambda done, total: notify(f"  band costs: {done} of {total} re-solves done"),
        )
    if data.robust_populations and solution.has_plan:
        count = len(data.robust_populations) + 1
        notify(f"Robust plan: solving each of {count} scenario(s) alone for the comparison ...")
        summary, coverage = scenario_comparison(
            data,
            solution,
            run.solver,
            deadline.left(),
            run.gap,
            on_done=lambda done, total: notify(f"  scenarios: {done} of {total} solved alone"),
        )
        solved.scenario_sheets = {"scenarios": summary, "scenario_coverage": coverage}
    elif data.robust_populations and solution.status == "infeasible" and len(solution.capacity):
        # the diagnosis may miss only in another scenario: show every scenario's coverage
        solved.scenario_sheets = {"scenario_coverage": scenario_coverage_table(data, solution.available)}
    return solved


def _outcome(
    solved: Solved,
    data: PlanningInput,
    method: str,
    run: Run,
    output_path: Path,
    timings: dict[str, float],
    warnings: list[str],
    robust: dict | None = None,
) -> Outcome:
    """What the command line prints, its --json object and exit status (robust: the record's robust_price)."""
    from models.results import soft_band_misses

    solution, comparison = solved.solution, solved.comparison
    soft_misses = soft_band_misses(solution, data)
    code = status_code(solution.status)
    texts = []
    if method == "ratio":
        texts.append(ratio_text(solution, output_path, solved.ratio_notes))
    elif solution.has_plan and solved.stochastic:
        head = stochastic_head(solution, data.scenario or "the chosen one")
        texts.append("\n".join([head, *soft_miss_lines(soft_misses)]))
        texts.append(stochastic_text(solved.stochastic, output_path, solution.status, solution.run.mip_gap))
    elif solution.has_plan:
        texts.append(solved_text(solution, output_path, soft_misses))
        if robust:
            texts.append(robust_text(robust, list(data.robust_populations)))
        if solution.run.solver.startswith("cbc") and solution.run.check != "refuted":
            texts.append(f"note: optimality: {solution.run.optimality_check}")  # unchecked, verified or not verified
        if comparison:
            texts.append(comparison_text(comparison))
    elif solution.status == "infeasible":
        hard = {b.band for b in data.bands if b.hard}
        texts.append(infeasibility_text(solution, output_path, hard, data))
    else:
        texts.append(
            f"No feasible plan was found within the time limit ({run.time_limit:g} s for the whole command). "
            f"Raise it with --time-limit (a gap cannot help: there is no plan yet). Summary written to {output_path}"
        )
    infeasible = solution.status == "infeasible"
    payload = {
        "status": solution.status,
        # an infeasible input has no plan: the diagnosis's cost includes its artificial misses
        "objective": None if infeasible else solution.objective_npv,
        "diagnosis_cost": solution.objective_npv if infeasible else None,
        "mip_gap": solution.run.mip_gap if solution.run else None,
        "soft_band_misses": soft_misses,
        "method": method,
        **(comparison or {}),
        "band_costs": _json_rows(solved.band_costs),
        **({k: solved.stochastic.get(k) for k in STOCHASTIC_JSON} if solved.stochastic else {}),
        "output": str(output_path),
        "exit_code": code,
        "timings": {key: round(seconds, 3) for key, seconds in timings.items()},
        # the solver's own run: the summary's solve_seconds and the console's figure (timings' solve_seconds also
        # holds building the model and any re-solves)
        "solver_seconds": round(solution.run.seconds, 3) if solution.run else None,
    }
    return Outcome(code, texts, payload, solution, output_path, warnings)


def _json_rows(table: pd.DataFrame | None) -> list[dict] | None:
    """A table's rows for --json: an empty figure (no such plan) is null, as JSON has no NaN."""
    if table is None:
        return None
    return [
        {k: (None if isinstance(v, float) and v != v else v) for k, v in r.items()} for r in table.to_dict("records")
    ]
