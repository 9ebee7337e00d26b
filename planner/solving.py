"""`planner solve` and `planner reoptimise` as library calls: read, solve, write the plan, and say how it went.

Options are plain arguments (None: the input's settings decide); the result is an Outcome with the
texts, the --json object and the exit status. Bad input raises InputError. Messages that belong
to a solve as it happens (warnings, long steps starting) go to NOTIFY at once, in order.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path

from models import optimise
from models.band_costs import band_costs as band_cost_table
from models.optimise import UnboundedCost
from models.ratio import ratio_plan
from models.scenarios import scenario_comparison, scenario_coverage_table
from models.solve import SolverUnavailable
from planner import __version__
from planner.console import comparison_text, infeasibility_text, ratio_text, solved_text
from planner.outcome import EXIT_OK, Outcome, status_code
from planner.paths import plan_output, replan_output, sha256, writing
from planner.problems import InputError, Problem
from planner.reading import read_input
from planner.replan import reoptimise
from planner.report import ratio_comparison, soft_band_misses
from planner.writing import write_plan

Progress = Callable[[float, float | None, float | None], None]
PLANNED = ("optimal", "feasible")


def _quiet(text: str) -> None:
    """The default NOTIFY: a library caller reads the warnings from the Outcome instead."""


def ratio_conflicts(
    method: str, verify: bool, gap: float | None, compare_ratio: bool, band_costs: bool, robust: bool | None, **_rest
) -> str:
    """What is wrong with these options of `solve`, or "": with --method ratio the rule is not solved for, so
    --verify, --gap, --compare-ratio, --band-costs and --robust have nothing to act on. Other options are ignored.
    """
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
        )
        if on
    ]
    return f"{', '.join(given)} cannot be used with --method ratio, which builds the rule's plan" if given else ""


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
    lang: str | None = None,
    scenario: str | None = None,
    robust: bool | None = None,
    notify: Callable[[str], None] = _quiet,
    progress: Progress | None = None,
) -> Outcome:
    """Validate INPUT, solve the plan (or build the ratio rule's), write the plan workbook; say what came of it."""
    started = time.perf_counter()
    input_sha256 = sha256(input_path)
    output_path = plan_output(input_path, output_path)

    book = read_input(input_path, scenario, robust)
    read_seconds = time.perf_counter() - started
    for w in book.warnings:
        notify(f"warning: {w}")
    settings = book.solver
    solver = solver or settings.solver
    time_limit = time_limit if time_limit is not None else settings.time_limit_s
    gap = gap if gap is not None else settings.mip_gap

    if verify and solver != "cbc":
        notify("note: --verify checks a CBC optimum; HiGHS proves its own, so there is nothing to verify")
    ratio_notes, comparison, costs_of_bands, scenario_sheets = [], None, None, {}
    try:
        if method == "ratio":
            ratio = ratio_plan(book.data, solver, time_limit)
            solution, ratio_notes = ratio.solution, ratio.notes
        else:
            solution = optimise(
                book.data, solver=solver, time_limit=time_limit, gap=gap, verify=verify, progress=progress
            )
            if compare_ratio and solution.status in PLANNED:
                ratio = ratio_plan(book.data, solver, time_limit)
                comparison = ratio_comparison(solution, ratio.solution, ratio.notes)
            if (band_costs or settings.band_costs) and solution.status in PLANNED:
                count = len(book.data.bands)
                notify(f"Band costs: re-solving without each of {count} band(s) and 0.1 pp tighter ...")
                costs_of_bands = band_cost_table(book.data, solution.objective_npv, solver, time_limit, gap)
            if book.data.robust_populations and solution.status in PLANNED:
                count = len(book.data.robust_populations) + 1
                notify(f"Robust plan: solving each of {count} scenario(s) alone for the comparison ...")
                summary, coverage = scenario_comparison(book.data, solution, solver, time_limit, gap)
                scenario_sheets = {"scenarios": summary, "scenario_coverage": coverage}
            elif book.data.robust_populations and solution.status == "infeasible" and len(solution.capacity):
                # the diagnosis may miss only in another scenario: show every scenario's coverage
                scenario_sheets = {"scenario_coverage": scenario_coverage_table(book.data, solution.capacity)}
    except UnboundedCost as exc:
        raise InputError([Problem(input_path.name, str(exc))]) from exc
    except SolverUnavailable as exc:
        other = "highs" if solver == "cbc" else "cbc"
        raise InputError([Problem(input_path.name, f"the solver cannot run: {exc}; try --solver {other}")]) from exc
    solve_seconds = time.perf_counter() - started - read_seconds

    meta = {
        "input_file": input_path.name,
        "input_sha256": input_sha256,
        "planner_version": __version__,
        "created_utc": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "time_limit_s": time_limit,
        "gap": gap,
        "solver": solver,
        "method": method,
        **({"robust_scenarios": ", ".join(book.data.robust_populations)} if book.data.robust_populations else {}),
        **{k: v for k, v in (comparison or {}).items() if k != "ratio_notes"},
    }
    with writing(output_path, "cannot write the plan: {reason}; choose another path with -o"):
        write_plan(
            output_path, solution, book.data, meta, costs_of_bands, book.tables, lang or settings.lang, scenario_sheets
        )
    total = time.perf_counter() - started

    soft_misses = soft_band_misses(solution, book.data)
    code = status_code(solution.status)
    texts = []
    if method == "ratio":
        texts.append(ratio_text(solution, output_path, ratio_notes))
    elif solution.status in PLANNED:
        texts.append(solved_text(solution, output_path, soft_misses))
        if solution.run.solver.startswith("cbc") and not solution.run.optimality_check.startswith("CBC called"):
            texts.append(f"note: optimality: {solution.run.optimality_check}")  # unchecked, verified or not verified
        if comparison:
            texts.append(comparison_text(comparison))
    elif solution.status == "infeasible":
        hard = {b.band for b in book.data.bands if b.hard}
        texts.append(infeasibility_text(solution, output_path, hard, book.data))
    else:
        texts.append(
            f"No feasible plan was found within the time limit ({time_limit:g} s per solve). "
            f"Raise it with --time-limit, or accept a gap with --gap. Summary written to {output_path}"
        )
    payload = {
        "status": solution.status,
        # an infeasible input has no plan: the diagnosis's cost includes its artificial misses
        "objective": None if solution.status == "infeasible" else solution.objective_npv,
        "diagnosis_cost": solution.objective_npv if solution.status == "infeasible" else None,
        "mip_gap": solution.run.mip_gap if solution.run else None,
        "soft_band_misses": soft_misses,
        "method": method,
        **(comparison or {}),
        # JSON has no NaN: an empty figure (no such plan) is null
        "band_costs": None
        if costs_of_bands is None
        else [
            {k: (None if isinstance(v, float) and v != v else v) for k, v in row.items()}
            for row in costs_of_bands.to_dict("records")
        ],
        "output": str(output_path),
        "exit_code": code,
        "timings": {
            "read_seconds": round(read_seconds, 3),
            "solve_seconds": round(solve_seconds, 3),
            "write_seconds": round(total - read_seconds - solve_seconds, 3),
            "total_seconds": round(total, 3),
        },
    }
    return Outcome(code, texts, payload, solution, output_path, [str(w) for w in book.warnings])


def replan(
    input_path: Path,
    baseline_path: Path,
    output_path: Path | None = None,
    *,
    freeze_until: int | None = None,
    if_changed: bool = False,
    solver: str | None = None,
    time_limit: float | None = None,
    gap: float | None = None,
    lang: str | None = None,
    progress: Progress | None = None,
) -> Outcome:
    """Re-plan INPUT against last year's plan (planner.replan.reoptimise); say what changed and why.

    The warnings are in the Outcome only: they are known when the solve is over, and are printed after
    its progress line ends.
    """
    output_path = replan_output(input_path, baseline_path, output_path)
    with writing(output_path, "cannot write the plan: {reason}; choose another path"):
        result = reoptimise(
            input_path, baseline_path, output_path, freeze_until, if_changed, solver, time_limit, gap, lang, progress
        )
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
        if solution.status in PLANNED:
            texts.append(solved_text(solution, output_path))
            texts.append("What changed:")
            texts.extend(f"- {line}" for line in changes.account)
        elif solution.status == "infeasible":
            texts.append(infeasibility_text(solution, output_path, result.hard_bands))
            if result.kept:
                texts.append(
                    f"Kept from {baseline_path.name}: {result.kept} committed or frozen opening(s) (see the changes "
                    "sheet); with --freeze-until, an earlier year leaves the plan more room."
                )
        else:
            texts.append(f"No feasible plan was found within the time limit. Summary written to {output_path}")
    payload = {
        "status": result.status,
        "changed": bool(changes and changes.changed),
        "places_added": changes.places_added if changes else 0,
        "places_removed": changes.places_removed if changes else 0,
        "npv_before": result.baseline.npv,
        "npv_after": solution.objective_npv if solution and result.status in PLANNED else None,
        "change_penalty": round(solution.change_penalty, 2)
        if solution and solution.change_penalty is not None
        else None,
        "account": changes.account if changes else [],
        "output": str(result.output) if result.output else None,
        "exit_code": code,
    }
    return Outcome(code, texts, payload, solution, result.output, result.warnings)
