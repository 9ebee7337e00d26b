"""The command line: parse the options, call the library, print what it says, exit with its status.

planner solve | reoptimise | diff | prognosis | sweep | validate | template | example. The work of each is the
module of its name in planner.commands; the texts are in planner.commands.console, the output checks in
planner.commands.paths. Nothing heavy is imported until a command runs, so `planner --help` stays instant.
"""

from __future__ import annotations

import _thread
import functools
import json
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path

import click

from planner import __version__
from planner.commands import paths
from planner.commands.console import ProgressLine, SweepBar
from planner.commands.outcome import EXIT_BROKEN_PIPE, EXIT_BUG, EXIT_INPUT, EXIT_INTERRUPTED, Outcome
from planner.problems import InputError, OutputError, Problem


def _interrupt_later(unraisable) -> None:
    """A Ctrl-C that lands where Python cannot raise it (a callback while a module is imported) is raised again at
    the next safe point: otherwise Python prints "Exception ignored … Traceback" and the interrupt is lost."""
    if isinstance(unraisable.exc_value, KeyboardInterrupt):
        # from another thread, a moment later: raised here, in the hook, it would be ignored again
        threading.Timer(0.01, _thread.interrupt_main).start()
        return
    sys.__unraisablehook__(unraisable)


sys.unraisablehook = _interrupt_later


def _report(problems: list[Problem], err: bool = True) -> None:
    for p in problems:
        click.echo(str(p), err=err)


# what a refused command did not do, where it is not "solved or written": those that write a workbook and solve
# nothing, and diff, which compares
NOT_DONE = {
    "template": "nothing was written",
    "example": "nothing was written",
    "prognosis": "nothing was written",
    "diff": "nothing was compared or written",
}


def _fail_input(problems: list[Problem], output: OutputError | None = None) -> None:
    """Exit 2 with every problem; OUTPUT: the work was done, but its file could not go where asked."""
    _report(problems)
    saved_to = output.saved_to if output else None
    ctx = click.get_current_context(silent=True)
    if output is None:
        done = NOT_DONE.get(ctx.info_name if ctx is not None else "", "nothing was solved or written")
        click.echo(f"{len(problems)} problem(s) found; {done}.", err=True)
    elif saved_to is None:
        click.echo("The work was done, but its file could not be written anywhere.", err=True)
    else:
        click.echo(f"The output is saved as {saved_to} instead.", err=True)
    if ctx is not None and ctx.meta.get("planner.json"):
        # --json promises one object on stdout, whatever happens
        payload = {"status": "invalid_input", "exit_code": EXIT_INPUT, "problems": [str(p) for p in problems]}
        if saved_to is not None:
            payload["saved_to"] = str(saved_to)
        click.echo(json.dumps(payload))
    sys.exit(EXIT_INPUT)


def _guarded(command):
    """Bad input exits 2 with its problems; anything unexpected is a bug: exit 1."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except InputError as exc:
            _fail_input(exc.problems, exc if isinstance(exc, OutputError) else None)
        except (SystemExit, click.exceptions.Exit, click.ClickException):
            raise
        except KeyboardInterrupt:  # Ctrl-C outside a command's own handling: outputs are written whole or not
            click.echo("\nInterrupted; nothing more was done, and no output was left half-written.", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except BrokenPipeError:  # the reader went away (`planner … | head`): not a bug; leave as a pipe would
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(EXIT_BROKEN_PIPE)
        except Exception:  # noqa: BLE001 - last line of defence, reported as a bug
            click.echo("planner: internal error (a bug; please report it with the lines below)", err=True)
            click.echo(traceback.format_exc(), err=True)
            sys.exit(EXIT_BUG)

    return wrapper


def _warn(text: str) -> None:
    click.echo(text, err=True)


def _finish(outcome: Outcome, as_json: bool) -> None:
    """Print what a solve came to (on stderr under --json, whose stdout is one JSON object) and exit."""
    for text in outcome.texts:
        click.echo(text, err=as_json)
    if as_json:
        click.echo(json.dumps(outcome.payload))
    sys.exit(outcome.code)


# ---- options shared by commands, each declared once -------------------------------------------


def _options(*options: Callable) -> Callable:
    """Apply click options in the order written, which is the order --help lists them."""

    def apply(command):
        for option in reversed(options):
            command = option(command)
        return command

    return apply


input_argument = click.argument("input_path", metavar="INPUT.xlsx", type=click.Path(path_type=Path))


def output_option(text: str, required: bool = False) -> Callable:
    return click.option("-o", "--output", "output_path", required=required, type=click.Path(path_type=Path), help=text)


def solver_option(text: str) -> Callable:
    return click.option("--solver", type=click.Choice(["highs", "cbc"]), help=text)


def time_limit_option(text: str) -> Callable:
    return click.option("--time-limit", type=click.FloatRange(min=0, min_open=True), help=text)


solver_options = _options(
    solver_option("Overrides settings.solver (default highs)."),
    time_limit_option(
        "Seconds for the whole command: reading, solving, writing (default: the setting time_limit_s, 60)."
    ),
    click.option("--gap", type=click.FloatRange(min=0, max=1), help="Relative MIP gap to stop at (0.01 = 1 %)."),
)


def lang_option(text: str) -> Callable:
    return click.option("--lang", type=click.Choice(["nb", "en"]), help=text)


def _remember_json(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    ctx.meta["planner.json"] = value  # so that _fail_input, too, ends in one JSON object
    return value


json_option = click.option(
    "--json",
    "as_json",
    is_flag=True,
    callback=_remember_json,
    help="Print one JSON object on stdout and nothing else there.",
)


class _Planner(click.Group):
    """With --json, usage errors too end in one JSON object on stdout (scripts parse nothing else)."""

    def main(self, args=None, **kwargs):
        """Click's own handling, but Ctrl-C is exit 130 with a line (click says "Aborted!" and exits 1)."""
        args = list(sys.argv[1:] if args is None else args)
        kwargs.pop("standalone_mode", None)
        try:
            code = super().main(args, standalone_mode=False, **kwargs)
        except click.UsageError as exc:
            exc.show()
            if "--json" in args:
                payload = {"status": "invalid_input", "exit_code": EXIT_INPUT, "problems": [exc.format_message()]}
                click.echo(json.dumps(payload))
            sys.exit(EXIT_INPUT)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.exceptions.Abort:  # Ctrl-C while click read the command line
            click.echo("Interrupted.", err=True)
            sys.exit(EXIT_INTERRUPTED)
        sys.exit(code if isinstance(code, int) else 0)


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    import platform

    from models.versions import solver_versions  # here: --help must not load the solvers

    click.echo(f"planner {__version__}")
    for name, version in solver_versions().items():
        click.echo(f"{name} {version}")
    click.echo(f"Python {platform.python_version()}")
    ctx.exit()


@click.group(cls=_Planner, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show the version, the solvers' versions and Python's, and exit.",
)
def main() -> None:
    """Capacity planning of round-the-clock care places (heldøgns omsorgsplasser)."""


# ---- the commands ------------------------------------------------------------------------------


# What a plan is made with, beyond the solver: solve and reoptimise both take these.
planning_options = _options(
    click.option(
        "--verify",
        is_flag=True,
        help="Cross-check a CBC optimum with HiGHS (CBC 2.10 can call a plan optimal that is not).",
    ),
    click.option(
        "--compare-ratio", is_flag=True, help="Also build the ratio-rule plan and print the optimum's saving."
    ),
    click.option(
        "--band-costs",
        is_flag=True,
        help="Add each band's cost: the plan re-solved without it and 0.1 pp tighter (also a setting).",
    ),
    click.option(
        "--workers", type=click.IntRange(min=1), help="Processes for the --band-costs re-solves (default: the cores)."
    ),
    lang_option("Language of the sheets for people: nb (Norwegian bokmål, the default) or en (also a setting)."),
    click.option("--scenario", help="Plan for this population scenario (overrides settings.scenario), e.g. LHML."),
    click.option(
        "--robust",
        is_flag=True,
        default=None,
        help="One plan whose hard bands hold in every scenario (settings robust_scenarios), costed on the chosen one.",
    ),
)


@main.command()
@input_argument
@output_option("Plan workbook to write (default outputs/INPUT-plan.xlsx).")
@solver_options
@click.option(
    "--method",
    type=click.Choice(["optimise", "ratio"]),
    default="optimise",
    show_default=True,
    help="ratio: today's practice instead of the optimum (year by year, the cheapest places that hold each band).",
)
@planning_options
@click.option(
    "--stochastic",
    is_flag=True,
    default=None,
    help="One plan over the scenarios (settings robust_scenarios): the first commit_years years' decisions the "
    "same in all, then each scenario its own best continuation, at least expected cost (the setting plan).",
)
@json_option
@_guarded
def solve(input_path: Path, output_path: Path | None, as_json: bool, **options) -> None:
    """Validate INPUT.xlsx, solve the plan and write the plan workbook."""
    from planner.commands import solve as solving

    if conflicts := solving.ratio_conflicts(**options):
        raise click.UsageError(conflicts)
    with ProgressLine() as progress:
        outcome = solving.solve(input_path, output_path, **options, notify=_warn, progress=progress)
    _finish(outcome, as_json)


@main.command()
@input_argument
@click.option(
    "--baseline",
    "baseline_path",
    required=True,
    type=click.Path(path_type=Path),
    help="Last year's plan workbook (written by planner solve or reoptimise).",
)
@output_option("Plan workbook to write (default outputs/INPUT-plan.xlsx).")
@click.option("--freeze-until", type=int, help="Also keep every opening up to this year, exactly as in the baseline.")
@click.option(
    "--if-changed", is_flag=True, help="Do nothing (exit 0) when the inputs are the ones the baseline was made from."
)
@solver_options
@planning_options
@json_option
@_guarded
def reoptimise(input_path: Path, baseline_path: Path, output_path: Path | None, as_json: bool, **options) -> None:
    """Re-plan INPUT.xlsx against last year's plan, keeping what is decided; say what changed and why."""
    from planner.commands import reoptimise as reoptimising

    with ProgressLine() as progress:
        outcome = reoptimising.reoptimise(
            input_path, baseline_path, output_path, **options, notify=_warn, progress=progress
        )
    for w in outcome.warnings:
        _warn(f"warning: {w}")
    _finish(outcome, as_json)


@main.command()
@click.argument("a_path", metavar="A.xlsx", type=click.Path(path_type=Path))
@click.argument("b_path", metavar="B.xlsx", type=click.Path(path_type=Path))
@output_option("Also write the comparison here.")
@_guarded
def diff(a_path: Path, b_path: Path, output_path: Path | None) -> None:
    """Compare two plan workbooks: openings by year and type, projects, NPV, coverage, and why."""
    from planner.commands import diff as diffing
    from planner.commands.console import diff_lines

    paths.check_diff_output(a_path, b_path, output_path)
    changes = diffing.diff(a_path, b_path, output_path)
    for line in diff_lines(changes.account, output_path):
        click.echo(line)


@main.command()
@click.argument("file_path", metavar="FILE", type=click.Path(path_type=Path))
@click.option("--region", required=True, help="Municipality code as in SSB's file, e.g. 3201 (Bærum).")
@click.option(
    "--into",
    "into_path",
    type=click.Path(path_type=Path),
    help="Input workbook whose other sheets are copied unchanged; its population sheet is replaced.",
)
@output_option("Workbook to write.", required=True)
@_guarded
def prognosis(file_path: Path, region: str, into_path: Path | None, output_path: Path) -> None:
    """SSB's population projection (JSON-stat 2.0 or SSB's CSV) to a population sheet, a scenario per alternative."""
    from planner.commands import prognosis as importing
    from planner.commands.console import prognosis_text

    result = importing.prognosis(file_path, region, into_path, output_path, warn=_warn)
    click.echo(prognosis_text(result, output_path, into_path))


def _check_sweep_flags(
    grid_path: Path | None, product: bool, specs: tuple, workers, dask_address, resume: bool, restart: bool
) -> None:
    if (grid_path is None) == (not product):
        raise click.UsageError("give the cases with --grid GRID.xlsx or with --product KEY=V1,V2 …, one of the two")
    if specs and not product:
        raise click.UsageError(f"unexpected argument(s) {' '.join(specs)}; KEY=VALUES go with --product")
    if resume and restart:
        raise click.UsageError("--resume keeps the finished cases and --restart discards them: give one of the two")
    if workers is not None and dask_address:
        raise click.UsageError("--workers sets local worker processes; with --dask the cluster's workers run the cases")


@main.command()
@input_argument
@click.option(
    "--grid", "grid_path", type=click.Path(path_type=Path), help="Workbook whose 'cases' sheet lists the cases."
)
@click.option(
    "--product",
    is_flag=True,
    help="Build the cases from the KEY=V1,V2 … arguments after INPUT.xlsx: every combination of the values.",
)
@click.argument("specs", nargs=-1, metavar="[KEY=V1,V2 …]")
@output_option("Comparison workbook to write.")
@click.option(
    "--workers", type=click.IntRange(min=1), help="Worker processes (default: one per case, at most the CPUs)."
)
@click.option(
    "--dask", "dask_address", metavar="ADDRESS", help="Run the cases on this Dask scheduler (tcp://host:8786)."
)
@click.option("--resume", is_flag=True, help="Keep the cases finished in OUTPUT.partial.jsonl by an interrupted run.")
@click.option("--restart", is_flag=True, help="Start over, discarding the cases an interrupted run finished.")
@solver_option("Every case's solver, unless its grid row sets solver.")
@time_limit_option("Seconds for each case, unless its grid row sets time_limit_s (default: the setting time_limit_s).")
@_guarded
def sweep(
    input_path: Path,
    grid_path,
    product: bool,
    specs,
    output_path,
    workers,
    dask_address,
    resume: bool,
    restart: bool,
    solver,
    time_limit,
) -> None:
    """Solve many cases of INPUT.xlsx in parallel and compare them in one workbook."""
    from planner.commands import sweep as sweeping
    from planner.commands.console import sweep_start_text, sweep_text

    _check_sweep_flags(grid_path, product, specs, workers, dask_address, resume, restart)
    if dask_address:
        sweeping.require_dask()
    output_path = paths.sweep_output(input_path, grid_path, output_path)
    cases = sweeping.sweep_cases(input_path, grid_path, specs, solver=solver, time_limit=time_limit)
    partial = sweeping.partial_path(output_path)
    sweeping.check_partial(partial, resume, restart)
    if unused := sweeping.unused_stochastic_columns(input_path, cases):
        click.echo(f"warning: {unused}", err=True)
    click.echo(sweep_start_text(len(cases), input_path, dask_address), err=True)
    started = time.perf_counter()
    try:
        with SweepBar(len(cases)) as bar:
            rows = sweeping.run_sweep(input_path, cases, partial, workers, dask_address, resume, bar.on_row)
    except KeyboardInterrupt:
        click.echo(f"\nInterrupted: the finished cases are kept in {partial}; run again with --resume.", err=True)
        sys.exit(EXIT_INTERRUPTED)
    if reused := len(cases) - len(bar.fresh):
        click.echo(f"Resumed: {reused} case(s) were already finished in {partial}.", err=True)
    sweeping.save_sweep(output_path, rows, sweeping.sweep_meta(input_path, grid_path, specs, dask_address, started))
    click.echo(sweep_text(rows, output_path))


@main.command()
@input_argument
@click.option(
    "--no-band-check",
    "check_bands",
    flag_value=False,
    default=True,
    help="Only read and check the workbook; do not ask whether the hard bands can be met (exit 3 if not).",
)
@_guarded
def validate(input_path: Path, check_bands: bool) -> None:
    """Check INPUT.xlsx and list every problem found, then whether its hard bands can be met; changes nothing."""
    from planner.commands import validate as validating

    text, warnings, code = validating.validate(input_path, check_bands)
    for w in warnings:
        _warn(f"warning: {w}")
    click.echo(text)
    sys.exit(code)


@main.command()
@click.argument("output_path", metavar="OUT.xlsx", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite OUT.xlsx if it exists.")
@_guarded
def template(output_path: Path, force: bool) -> None:
    """Write an input workbook to fill in: every sheet, default types and bands, placeholders, notes."""
    from planner.commands import template as templating

    templating.template(output_path, force)
    click.echo(f"Template written to {output_path}")


@main.command()
@click.argument("output_path", metavar="OUT.xlsx", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite OUT.xlsx if it exists.")
@click.option("--notes", is_flag=True, help="Also print what the example holds and where its figures come from.")
@_guarded
def example(output_path: Path, force: bool, notes: bool) -> None:
    """Write the example input workbook (Bærum, illustrative figures) to start from or to try the planner on."""
    from planner.commands import example as examples
    from planner.commands.console import example_text

    examples.example(output_path, force)
    if notes:
        click.echo(examples.example_notes())
    click.echo(example_text(output_path))


if __name__ == "__main__":  # pragma: no cover
    main()
