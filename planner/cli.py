"""The command line: planner solve | reoptimise | diff | validate | template."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
import sys
import time
import traceback
from pathlib import Path

import click

from planner import __version__
from planner.problems import InputError, Problem

EXIT_OK, EXIT_BUG, EXIT_INPUT, EXIT_INFEASIBLE, EXIT_NO_SOLUTION = 0, 1, 2, 3, 4
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, as a shell reports a command whose reader closed the pipe


def _report(problems: list[Problem], err: bool = True) -> None:
    for p in problems:
        click.echo(str(p), err=err)


def _fail_input(problems: list[Problem]) -> None:
    _report(problems)
    click.echo(f"{len(problems)} problem(s) found; nothing was solved or written.", err=True)
    ctx = click.get_current_context(silent=True)
    if ctx is not None and ctx.meta.get("planner.json"):
        # --json promises one object on stdout, whatever happens
        payload = {"status": "invalid_input", "exit_code": EXIT_INPUT, "problems": [str(p) for p in problems]}
        click.echo(json.dumps(payload))
    sys.exit(EXIT_INPUT)


def _guarded(command):
    """Bad input exits 2 with its problems; anything unexpected is a bug: exit 1."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except InputError as exc:
            _fail_input(exc.problems)
        except (SystemExit, click.exceptions.Exit, click.ClickException):
            raise
        except BrokenPipeError:  # the reader went away (`planner … | head`): not a bug; leave as a pipe would
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(EXIT_BROKEN_PIPE)
        except Exception:  # noqa: BLE001 - last line of defence, reported as a bug
            click.echo("planner: internal error (a bug; please report it with the lines below)", err=True)
            click.echo(traceback.format_exc(), err=True)
            sys.exit(EXIT_BUG)

    return wrapper


class _Planner(click.Group):
    """With --json, usage errors too end in one JSON object on stdout (scripts parse nothing else)."""

    def main(self, args=None, **kwargs):
        args = list(sys.argv[1:] if args is None else args)
        if "--json" not in args:
            return super().main(args, **kwargs)
        try:
            return super().main(args, standalone_mode=False, **kwargs)
        except click.UsageError as exc:
            exc.show()
            payload = {"status": "invalid_input", "exit_code": EXIT_INPUT, "problems": [exc.format_message()]}
            click.echo(json.dumps(payload))
            sys.exit(EXIT_INPUT)
        except click.exceptions.Abort:
            sys.exit(EXIT_BUG)


@click.group(cls=_Planner, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="planner")
def main() -> None:
    """Capacity planning of round-the-clock care places (heldøgns omsorgsplasser)."""


@main.command()
@click.argument("input_path", metavar="INPUT.xlsx", type=click.Path(path_type=Path))
@click.option("-o", "--output", "output_path", type=click.Path(path_type=Path), help="Plan workbook to write.")
@click.option("--solver", type=click.Choice(["highs", "cbc"]), help="Overrides settings.solver (default highs).")
@click.option("--time-limit", type=click.FloatRange(min=0, min_open=True), help="Seconds per solve.")
@click.option("--gap", type=click.FloatRange(min=0, max=1), help="Relative MIP gap to stop at (0.01 = 1 %).")
@click.option(
    "--verify",
    is_flag=True,
    help="Cross-check a CBC optimum with HiGHS (CBC 2.10 can call a plan optimal that is not).",
)
@click.option(
    "--method",
    type=click.Choice(["optimise", "ratio"]),
    default="optimise",
    show_default=True,
    help="ratio: today's practice instead of the optimum (year by year, the cheapest places that hold each band).",
)
@click.option("--compare-ratio", is_flag=True, help="Also build the ratio-rule plan and print the optimum's saving.")
@click.option(
    "--band-costs",
    is_flag=True,
    help="Add each band's cost: the plan re-solved without it and 0.1 pp tighter (slow; also a setting).",
)
@click.option(
    "--lang",
    type=click.Choice(["nb", "en"]),
    help="Language of the sheets for people: nb (Norwegian bokmål, the default) or en (also a setting).",
)
@click.option("--scenario", help="Plan for this population scenario (overrides settings.scenario), e.g. LHML.")
@click.option(
    "--robust",
    is_flag=True,
    default=None,
    help="One plan whose hard bands hold in every scenario (settings robust_scenarios), costed on the chosen one.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object on stdout and nothing else there.")
@_guarded
def solve(
    input_path: Path,
    output_path: Path | None,
    solver,
    time_limit,
    gap,
    verify: bool,
    method: str,
    compare_ratio: bool,
    band_costs: bool,
    lang: str | None,
    scenario: str | None,
    robust: bool | None,
    as_json: bool,
) -> None:
    """Validate INPUT.xlsx, solve the plan and write the plan workbook."""
    from models import optimise
    from models.band_costs import band_costs as band_cost_table
    from models.optimise import UnboundedCost
    from models.ratio import ratio_plan
    from models.scenarios import scenario_comparison
    from models.solve import SolverUnavailable
    from planner.reading import read_input
    from planner.report import ratio_comparison, soft_band_misses
    from planner.writing import write_plan

    click.get_current_context().meta["planner.json"] = as_json
    if method == "ratio":  # the rule is not solved for, so these have nothing to act on
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
        if given:
            raise click.UsageError(
                f"{', '.join(given)} cannot be used with --method ratio, which builds the rule's plan"
            )
    started = time.perf_counter()
    input_sha256 = _sha256(input_path)
    say = (lambda text: click.echo(text, err=True)) if as_json else click.echo
    output_path = output_path or Path("outputs") / f"{input_path.stem}-plan.xlsx"
    if output_path.exists() and input_path.exists() and output_path.resolve() == input_path.resolve():
        _fail_input([Problem(input_path.name, "the output path is the input workbook; choose another with -o")])
    if output_path.suffix.lower() != ".xlsx":
        _fail_input([Problem(output_path.name, "the output must be an .xlsx file; give -o PLAN.xlsx")])

    book = read_input(input_path, scenario, robust)
    read_seconds = time.perf_counter() - started
    for w in book.warnings:
        click.echo(f"warning: {w}", err=True)
    settings = book.solver
    solver = solver or settings.solver
    time_limit = time_limit if time_limit is not None else settings.time_limit_s
    gap = gap if gap is not None else settings.mip_gap

    if verify and solver != "cbc":
        click.echo("note: --verify checks a CBC optimum; HiGHS proves its own, so there is nothing to verify", err=True)
    progress = ProgressLine()
    ratio_notes, comparison, costs_of_bands, scenario_sheets = [], None, None, {}
    try:
        if method == "ratio":
            ratio = ratio_plan(book.data, solver, time_limit)
            solution, ratio_notes = ratio.solution, ratio.notes
        else:
            solution = optimise(
                book.data, solver=solver, time_limit=time_limit, gap=gap, verify=verify, progress=progress
            )
            if compare_ratio and solution.status in ("optimal", "feasible"):
                ratio = ratio_plan(book.data, solver, time_limit)
                comparison = ratio_comparison(solution, ratio.solution, ratio.notes)
            if (band_costs or settings.band_costs) and solution.status in ("optimal", "feasible"):
                count = len(book.data.bands)
                click.echo(f"Band costs: re-solving without each of {count} band(s) and 0.1 pp tighter ...", err=True)
                costs_of_bands = band_cost_table(book.data, solution.objective_npv, solver, time_limit, gap)
            if book.data.robust_populations and solution.status in ("optimal", "feasible"):
                count = len(book.data.robust_populations) + 1
                click.echo(f"Robust plan: solving each of {count} scenario(s) alone for the comparison ...", err=True)
                summary, coverage = scenario_comparison(book.data, solution, solver, time_limit, gap)
                scenario_sheets = {"scenarios": summary, "scenario_coverage": coverage}
    except UnboundedCost as exc:
        _fail_input([Problem(input_path.name, str(exc))])
    except SolverUnavailable as exc:
        other = "highs" if solver == "cbc" else "cbc"
        _fail_input([Problem(input_path.name, f"the solver cannot run: {exc}; try --solver {other}")])
    finally:
        progress.close()
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
    try:
        write_plan(
            output_path, solution, book.data, meta, costs_of_bands, book.tables, lang or settings.lang, scenario_sheets
        )
    except OSError as exc:
        _fail_input(
            [Problem(output_path.name, f"cannot write the plan: {exc.strerror or exc}; choose another path with -o")]
        )
    total = time.perf_counter() - started

    soft_misses = soft_band_misses(solution, book.data)
    code = {"optimal": EXIT_OK, "feasible": EXIT_OK, "infeasible": EXIT_INFEASIBLE}.get(
        solution.status, EXIT_NO_SOLUTION
    )
    if method == "ratio":
        say(_ratio_text(solution, output_path, ratio_notes))
    elif solution.status in ("optimal", "feasible"):
        say(_solved_text(solution, output_path, soft_misses))
        if solution.run.solver.startswith("cbc") and not solution.run.optimality_check.startswith("CBC called"):
            say(f"note: optimality: {solution.run.optimality_check}")  # unchecked, verified or not verified
        if comparison:
            say(_comparison_text(comparison))
    elif solution.status == "infeasible":
        say(infeasibility_text(solution, output_path, {b.band for b in book.data.bands if b.hard}))
    else:
        say(
            f"No feasible plan was found within the time limit ({time_limit:g} s per solve). "
            f"Raise it with --time-limit, or accept a gap with --gap. Summary written to {output_path}"
        )
    if as_json:
        click.echo(
            json.dumps(
                {
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
            )
        )
    sys.exit(code)


@main.command()
@click.argument("input_path", metavar="INPUT.xlsx", type=click.Path(path_type=Path))
@click.option(
    "--baseline",
    "baseline_path",
    required=True,
    type=click.Path(path_type=Path),
    help="Last year's plan workbook (written by planner solve or reoptimise).",
)
@click.option("-o", "--output", "output_path", type=click.Path(path_type=Path), help="Plan workbook to write.")
@click.option("--freeze-until", type=int, help="Also keep every opening up to this year, exactly as in the baseline.")
@click.option(
    "--if-changed", is_flag=True, help="Do nothing (exit 0) when the inputs are the ones the baseline was made from."
)
@click.option("--solver", type=click.Choice(["highs", "cbc"]), help="Overrides settings.solver (default highs).")
@click.option("--time-limit", type=click.FloatRange(min=0, min_open=True), help="Seconds per solve.")
@click.option("--gap", type=click.FloatRange(min=0, max=1), help="Relative MIP gap to stop at (0.01 = 1 %).")
@click.option("--lang", type=click.Choice(["nb", "en"]), help="Language of the sheets for people.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object on stdout and nothing else there.")
@_guarded
def reoptimise(
    input_path: Path, baseline_path: Path, output_path, freeze_until, if_changed, solver, time_limit, gap, lang, as_json
) -> None:
    """Re-plan INPUT.xlsx against last year's plan, keeping what is decided; say what changed and why."""
    from planner.replan import reoptimise as replan

    click.get_current_context().meta["planner.json"] = as_json
    say = (lambda text: click.echo(text, err=True)) if as_json else click.echo
    given = output_path is not None
    output_path = output_path or Path("outputs") / f"{input_path.stem}-plan.xlsx"
    for other, role in ((input_path, "the input workbook"), (baseline_path, "the baseline plan")):
        if output_path.exists() and other.exists() and output_path.resolve() == other.resolve():
            where = "-o" if given else f"the default output {output_path}"
            _fail_input([Problem(other.name, f"{where} would overwrite {role}; give another path with -o")])
    if output_path.suffix.lower() != ".xlsx":
        _fail_input([Problem(output_path.name, "the output must be an .xlsx file; give -o PLAN.xlsx")])
    progress = ProgressLine()
    try:
        result = replan(
            input_path, baseline_path, output_path, freeze_until, if_changed, solver, time_limit, gap, lang, progress
        )
    except OSError as exc:
        _fail_input([Problem(output_path.name, f"cannot write the plan: {exc.strerror or exc}; choose another path")])
    finally:
        progress.close()
    for w in result.warnings:
        click.echo(f"warning: {w}", err=True)
    baseline_npv = result.baseline.npv
    if result.status == "unchanged":
        say(
            f"The inputs are the ones {baseline_path.name} was made from (SHA-256 {result.input_sha256[:12]}…): "
            "nothing to re-plan; nothing solved or written."
        )
        code = EXIT_OK
    else:
        solution = result.solution
        code = {"optimal": EXIT_OK, "feasible": EXIT_OK, "infeasible": EXIT_INFEASIBLE}.get(
            solution.status, EXIT_NO_SOLUTION
        )
        if solution.status in ("optimal", "feasible"):
            say(_solved_text(solution, output_path))
            say("What changed:")
            for line in result.changes.account:
                say(f"- {line}")
        elif solution.status == "infeasible":
            say(infeasibility_text(solution, output_path, result.hard_bands))
            if result.kept:
                say(
                    f"Kept from {baseline_path.name}: {result.kept} committed or frozen opening(s) (see the changes "
                    "sheet); with --freeze-until, an earlier year leaves the plan more room."
                )
        else:
            say(f"No feasible plan was found within the time limit. Summary written to {output_path}")
    if as_json:
        changes = result.changes
        click.echo(
            json.dumps(
                {
                    "status": result.status,
                    "changed": bool(changes and changes.changed),
                    "places_added": changes.places_added if changes else 0,
                    "places_removed": changes.places_removed if changes else 0,
                    "npv_before": baseline_npv,
                    "npv_after": result.solution.objective_npv
                    if result.solution and result.status in ("optimal", "feasible")
                    else None,
                    "change_penalty": round(result.solution.change_penalty, 2)
                    if result.solution and result.solution.change_penalty is not None
                    else None,
                    "account": changes.account if changes else [],
                    "output": str(result.output) if result.output else None,
                    "exit_code": code,
                }
            )
        )
    sys.exit(code)


@main.command()
@click.argument("a_path", metavar="A.xlsx", type=click.Path(path_type=Path))
@click.argument("b_path", metavar="B.xlsx", type=click.Path(path_type=Path))
@click.option("-o", "--output", "output_path", type=click.Path(path_type=Path), help="Also write the comparison here.")
@_guarded
def diff(a_path: Path, b_path: Path, output_path) -> None:
    """Compare two plan workbooks: openings by year and type, projects, NPV, coverage, and why."""
    from planner.replan import diff as compare_plans

    if output_path is not None and output_path.suffix.lower() != ".xlsx":
        _fail_input([Problem(output_path.name, "the output must be an .xlsx file; give -o DIFF.xlsx")])
    for plan in (a_path, b_path):
        if (
            output_path is not None
            and output_path.exists()
            and plan.exists()
            and output_path.resolve() == plan.resolve()
        ):
            _fail_input([Problem(plan.name, "-o would overwrite a plan being compared; give another path with -o")])
    changes = compare_plans(a_path, b_path, output_path)
    for line in changes.account:
        click.echo(f"- {line}")
    if output_path is not None:
        click.echo(f"Comparison written to {output_path}")


@main.command()
@click.argument("file_path", metavar="FILE", type=click.Path(path_type=Path))
@click.option("--region", required=True, help="Municipality code as in SSB's file, e.g. 3201 (Bærum).")
@click.option(
    "--into",
    "into_path",
    type=click.Path(path_type=Path),
    help="Input workbook whose other sheets are copied unchanged; its population sheet is replaced.",
)
@click.option(
    "-o", "--output", "output_path", required=True, type=click.Path(path_type=Path), help="Workbook to write."
)
@_guarded
def prognosis(file_path: Path, region: str, into_path: Path | None, output_path: Path) -> None:
    """SSB's population projection (JSON-stat 2.0 or SSB's CSV) to a population sheet, a scenario per alternative."""
    from planner.prognosis import prognosis_from_file, write_population

    for other, role in ((file_path, "the projection file"), (into_path, "the --into workbook")):
        if other is not None and output_path.exists() and other.exists() and output_path.resolve() == other.resolve():
            _fail_input(
                [Problem(other.name, f"-o would overwrite {role}; inputs are never changed, give another path")]
            )
    if output_path.suffix.lower() != ".xlsx":
        _fail_input([Problem(output_path.name, "the output must be an .xlsx file; give -o NEW.xlsx")])
    result = prognosis_from_file(file_path, region)
    for w in result.warnings:
        click.echo(f"warning: {file_path.name}: {w}", err=True)
    try:
        write_population(result, output_path, into_path)
    except OSError as exc:
        _fail_input([Problem(output_path.name, f"cannot write: {exc.strerror or exc}; choose another path with -o")])
    years, scenarios = result.years, result.scenarios
    click.echo(
        f"Population of {result.region} {result.region_label}: {years[0]}–{years[-1]}, scenario(s) "
        f"{', '.join(scenarios)}; persons_67_79, persons_80_plus, persons_80_89, persons_90_plus."
    )
    first = result.table.iloc[0]
    click.echo(f"{first['scenario']} {first['year']}: persons_80_plus {first['persons_80_plus']:,}.")
    where = f"{into_path.name}'s other sheets and the new population sheet" if into_path else "the population sheet"
    click.echo(f"Written to {output_path} ({where}).")
    if len(scenarios) > 1:
        click.echo(
            f"Choose the scenario to plan for with the setting 'scenario' (e.g. {scenarios[0]}), "
            f"then check it with: planner validate {output_path}"
        )


@main.command()
@click.argument("input_path", metavar="INPUT.xlsx", type=click.Path(path_type=Path))
@click.option(
    "--grid", "grid_path", type=click.Path(path_type=Path), help="Workbook whose 'cases' sheet lists the cases."
)
@click.option(
    "--product",
    is_flag=True,
    help="Build the cases from the KEY=V1,V2 … arguments after INPUT.xlsx: every combination of the values.",
)
@click.argument("specs", nargs=-1, metavar="[KEY=V1,V2 …]")
@click.option("-o", "--output", "output_path", type=click.Path(path_type=Path), help="Comparison workbook to write.")
@click.option(
    "--workers", type=click.IntRange(min=1), help="Worker processes (default: one per case, at most the CPUs)."
)
@click.option(
    "--dask", "dask_address", metavar="ADDRESS", help="Run the cases on this Dask scheduler (tcp://host:8786)."
)
@click.option("--resume", is_flag=True, help="Keep the cases finished in OUTPUT.partial.jsonl by an interrupted run.")
@_guarded
def sweep(input_path: Path, grid_path, product: bool, specs, output_path, workers, dask_address, resume) -> None:
    """Solve many cases of INPUT.xlsx in parallel and compare them in one workbook."""
    from tqdm import tqdm

    from planner import sweep as sweeping

    if (grid_path is None) == (not product):
        raise click.UsageError("give the cases with --grid GRID.xlsx or with --product KEY=V1,V2 …, one of the two")
    if specs and not product:
        raise click.UsageError(f"unexpected argument(s) {' '.join(specs)}; KEY=VALUES go with --product")
    if workers is not None and dask_address:
        raise click.UsageError("--workers sets local worker processes; with --dask the cluster's workers run the cases")
    output_path = output_path or Path("outputs") / f"{input_path.stem}-sweep.xlsx"
    if output_path.suffix.lower() != ".xlsx":
        _fail_input([Problem(output_path.name, "the output must be an .xlsx file; give -o SWEEP.xlsx")])
    for given in (input_path, grid_path):
        if given is not None and output_path.exists() and given.exists() and output_path.resolve() == given.resolve():
            _fail_input([Problem(given.name, "-o would overwrite an input; choose another path with -o")])
    bands = sweeping.band_names(input_path)
    cases = sweeping.product_cases(specs, bands) if product else sweeping.read_grid(grid_path, bands)
    partial = sweeping.partial_path(output_path)
    where = f"the Dask cluster at {dask_address}" if dask_address else "worker processes"
    click.echo(f"Sweep: {len(cases)} case(s) of {input_path.name} on {where}.", err=True)
    bar = tqdm(total=len(cases), unit="case", file=sys.stderr, disable=None, dynamic_ncols=True)

    fresh = []

    def on_row(row: dict, finished: int, total: int) -> None:
        fresh.append(row["case"])
        npv = f"{row['objective_npv'] / 1e6:,.1f} M NOK" if row["objective_npv"] is not None else row["error"]
        tqdm.write(f"[{finished}/{total}] {row['case']}: {row['status']}, {npv} ({row['seconds']} s)", file=sys.stderr)
        bar.update(1)

    started = time.perf_counter()
    try:
        rows = sweeping.run_sweep(input_path, cases, partial, workers, dask_address, resume, on_row)
    except KeyboardInterrupt:
        bar.close()
        click.echo(f"\nInterrupted: the finished cases are kept in {partial}; run again with --resume.", err=True)
        sys.exit(130)
    finally:
        bar.close()
    reused = len(cases) - len(fresh)
    if reused:
        click.echo(f"Resumed: {reused} case(s) were already finished in {partial}.", err=True)
    meta = {
        "input_file": input_path.name,
        "input_sha256": _sha256(input_path),
        "grid": grid_path.name if grid_path else "--product " + " ".join(specs),
        "ran_on": f"dask {dask_address}" if dask_address else "worker processes",
        "created_utc": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "wall_seconds": round(time.perf_counter() - started, 3),
    }
    try:
        sweeping.write_sweep(output_path, rows, meta)
    except OSError as exc:
        _fail_input([Problem(output_path.name, f"cannot write the sweep: {exc.strerror or exc}; choose another path")])
    partial.unlink(missing_ok=True)  # everything it held is in the workbook now
    counts = ", ".join(f"{sum(r['status'] == s for r in rows)} {s}" for s in dict.fromkeys(r["status"] for r in rows))
    click.echo(f"{len(rows)} case(s): {counts}. Comparison written to {output_path}")


class ProgressLine:
    """Elapsed time, best plan's cost and gap on stderr while a long solve runs.

    Silent for the first seconds; then one updating line on a terminal, or a line every few
    seconds when stderr is a file or a pipe (logs of scheduled jobs). Never on stdout.
    """

    def __init__(self, stream=None, quiet_seconds: float = 3.0, every_seconds: float = 5.0):
        self.stream = stream or sys.stderr
        self.quiet_seconds, self.every_seconds = quiet_seconds, every_seconds
        self.terminal = self.stream.isatty()
        self.last_line = None
        self.shown = False

    def __call__(self, seconds: float, best: float | None, gap: float | None) -> None:
        if seconds < self.quiet_seconds:
            return
        if not self.terminal and self.last_line is not None and seconds - self.last_line < self.every_seconds:
            return
        best_text = f"best plan {best / 1e6:,.1f} M NOK" if best is not None else "no plan yet"
        gap_text = f", gap {gap:.2%}" if gap is not None else ""
        line = f"solving: {seconds:5.0f} s, {best_text}{gap_text}"
        if self.terminal:
            self.stream.write("\r" + line.ljust(70))
        else:
            self.stream.write(line + "\n")
        self.stream.flush()
        self.last_line, self.shown = seconds, True

    def close(self) -> None:
        if self.terminal and self.shown:
            self.stream.write("\n")
            self.stream.flush()


def _sha256(path: Path) -> str:
    """The input's fingerprint, recorded in the plan; read in chunks, before the workbook is parsed."""
    if not path.is_file():
        return ""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _ratio_text(solution, output_path: Path, notes: list[str]) -> str:
    opened = int(solution.plan["places"].sum()) if len(solution.plan) else 0
    text = (
        f"Ratio-rule plan (today's practice, not optimised): net present cost {solution.objective_npv:,.0f} NOK, "
        f"{opened:,} new places.\nPlan written to {output_path}"
    )
    for note in notes:
        text += f"\nwarning: the ratio rule leaves {note}"
    return text


def _comparison_text(comparison: dict) -> str:
    percent = comparison["saving_vs_ratio_percent"]
    text = (
        f"Ratio rule (today's practice): net present cost {comparison['ratio_npv']:,.0f} NOK; "
        f"the optimum saves {comparison['saving_vs_ratio']:,.0f} NOK"
        + (f" ({percent:.2f} %)." if percent is not None else ".")
    )
    if comparison["ratio_hard_band_miss_places"]:
        text += (
            "\nnote: the ratio plan leaves hard bands short that the optimum meets, "
            "so the saving understates the difference."
        )
    for note in comparison["ratio_notes"]:
        text += f"\nnote: the ratio plan: {note}"
    return text


def _solved_text(solution, output_path: Path, soft_misses: list[dict] = ()) -> str:
    from models.solve import REFUTED  # here, not at the top: --help must not load the model
    from models.text import year_runs

    opened = int(solution.plan["places"].sum()) if len(solution.plan) else 0
    run = solution.run
    head = "Optimal plan" if solution.status == "optimal" else "Feasible plan, not proven optimal"
    text = (
        f"{head}: net present cost {solution.objective_npv:,.0f} NOK, {opened:,} new places "
        f"({run.solver}, {run.seconds:.1f} s).\nPlan written to {output_path}"
    )
    if run.optimality_check.startswith(REFUTED):
        text += f"\nwarning: {run.optimality_check}. This is CBC's plan; solve with --solver highs for the optimum."
    elif solution.status == "feasible":
        bound = f"at most {run.mip_gap:.2%} above" if run.mip_gap is not None else "of unknown distance from"
        text += (
            f"\nwarning: the solver stopped at the time limit or the requested gap; this plan's cost is {bound} "
            "the best possible. Raise --time-limit or lower --gap for a proven optimum."
        )
    # a soft band is missed by choice (its penalty is cheaper than the places), but a reader should know
    for m in soft_misses:
        text += (
            f"\nSoft band '{m['band']}' is missed in {len(m['years'])} year(s) ({year_runs(m['years'])}): "
            f"worst {m['worst_places']:.2f} places {m['worst_kind']} in {m['worst_year']}; penalty paid "
            f"{m['penalty_discounted']:,.0f} NOK (discounted, included in the net present cost). See coverage."
        )
    return text


def infeasibility_text(solution, output_path: Path, hard_bands: set[str]) -> str:
    """One paragraph: the hard bands cannot hold; where the least-miss plan falls short or over."""
    from models.results import band_misses  # here, not at the top: --help must not load the model
    from models.text import year_runs

    cov = solution.coverage
    if not len(cov):
        return (
            "The hard bands cannot be met, and no diagnosis plan was found within the time limit. "
            f"Summary written to {output_path}"
        )
    misses = band_misses(cov, [b for b in dict.fromkeys(cov["band"]) if b in hard_bands])
    parts = [
        f"band '{m['band']}' in {len(m['years'])} year(s) ({year_runs(m['years'])}), "
        f"worst {m['worst_places']:.1f} places {m['worst_kind']} in {m['worst_year']}"
        for m in misses
    ]
    hard_rows = cov[cov["band"].isin(hard_bands)]
    total = solution.hard_violation_places or float((hard_rows["shortfall_places"] + hard_rows["excess_places"]).sum())
    return (
        "The hard bands cannot all be met. Missing them by as few places as possible still leaves "
        f"{total:.1f} place-years short or over: " + "; ".join(parts) + ". "
        "Typical causes: existing stock cannot cover the years before new places can open (lead times), "
        "a band is narrower than a module or project size, or a budget or max_new_per_year cap. "
        "Loosen a band (or make it soft with hard = no), add stock or committed projects, or relax the caps. "
        f"The diagnosis is in {output_path}: in words on its first sheet (the overview), per band and year on "
        "its coverage sheets"
    )


@main.command()
@click.argument("input_path", metavar="INPUT.xlsx", type=click.Path(path_type=Path))
@_guarded
def validate(input_path: Path) -> None:
    """Check INPUT.xlsx and list every problem found; changes nothing."""
    from planner.reading import read_input

    book = read_input(input_path)
    for w in book.warnings:
        click.echo(f"warning: {w}", err=True)
    d = book.data
    click.echo(
        f"{input_path.name} is valid: years {d.first_year}–{d.last_year}, {len(d.place_types)} place types, "
        f"{len(d.bands)} bands, {len(d.stock)} stock rows, {len(d.projects)} candidate projects, "
        f"{len(d.conversions)} conversions, {len(d.budget)} budget years."
    )


@main.command()
@click.argument("output_path", metavar="OUT.xlsx", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite OUT.xlsx if it exists.")
@_guarded
def template(output_path: Path, force: bool) -> None:
    """Write a blank input workbook with every sheet, default types and bands, and notes."""
    from planner.template import write_template

    if output_path.exists() and not force:
        _fail_input([Problem(output_path.name, "already exists; choose another name or add --force to overwrite")])
    if output_path.suffix.lower() != ".xlsx":
        _fail_input([Problem(output_path.name, "the template must be an .xlsx file")])
    try:
        write_template(output_path)
    except OSError as exc:
        _fail_input(
            [Problem(output_path.name, f"cannot write the template: {exc.strerror or exc}; choose another path")]
        )
    click.echo(f"Template written to {output_path}")


if __name__ == "__main__":  # pragma: no cover
    main()
