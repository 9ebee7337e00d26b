"""The files a command reads and writes: default outputs, refusals to overwrite an input, fingerprints.

Each refusal is an InputError (exit 2, nothing written) with the command's own wording.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from planner.problems import InputError, Problem


def same_file(output: Path | None, other: Path | None) -> bool:
    """Whether writing OUTPUT would overwrite OTHER (an existing file).

    An output that does not exist yet is compared where it will be once its folders are made:
    'new/x/../../input.xlsx' is the input itself.
    """
    if output is None or other is None or not other.exists():
        return False
    if output.exists():
        return output.resolve() == other.resolve()
    return Path(os.path.normpath(os.path.abspath(output))).resolve() == other.resolve()


def _refuse(path: Path, message: str) -> InputError:
    return InputError([Problem(path.name, message)])


def _require_xlsx(path: Path, message: str) -> None:
    if path.suffix.lower() != ".xlsx":
        raise _refuse(path, message)


@contextmanager
def writing(path: Path, message: str) -> Iterator[None]:
    """An OSError while writing PATH (a full disk, a locked file) is the user's to fix: a problem, not a bug.

    MESSAGE says so, with {reason} where the system's reason goes.
    """
    try:
        yield
    except OSError as exc:
        raise _refuse(path, message.format(reason=exc.strerror or exc)) from exc


def plan_output(input_path: Path, output_path: Path | None) -> Path:
    """`planner solve`'s plan workbook: -o, or outputs/INPUT-plan.xlsx; never the input."""
    output_path = output_path or Path("outputs") / f"{input_path.stem}-plan.xlsx"
    if same_file(output_path, input_path):
        raise _refuse(input_path, "the output path is the input workbook; choose another with -o")
    _require_xlsx(output_path, "the output must be an .xlsx file; give -o PLAN.xlsx")
    return output_path


def replan_output(input_path: Path, baseline_path: Path, output_path: Path | None) -> Path:
    """`planner reoptimise`'s plan workbook: -o, or outputs/INPUT-plan.xlsx; neither the input nor the baseline."""
    given = output_path is not None
    output_path = output_path or Path("outputs") / f"{input_path.stem}-plan.xlsx"
    for other, role in ((input_path, "the input workbook"), (baseline_path, "the baseline plan")):
        if same_file(output_path, other):
            where = "-o" if given else f"the default output {output_path}"
            raise _refuse(other, f"{where} would overwrite {role}; give another path with -o")
    _require_xlsx(output_path, "the output must be an .xlsx file; give -o PLAN.xlsx")
    return output_path


def check_diff_output(a_path: Path, b_path: Path, output_path: Path | None) -> None:
    """`planner diff -o`: an .xlsx file that is neither plan compared."""
    if output_path is None:
        return
    _require_xlsx(output_path, "the output must be an .xlsx file; give -o DIFF.xlsx")
    for plan in (a_path, b_path):
        if same_file(output_path, plan):
            raise _refuse(plan, "-o would overwrite a plan being compared; give another path with -o")


def check_prognosis_output(file_path: Path, into_path: Path | None, output_path: Path) -> None:
    """`planner prognosis -o`: an .xlsx file that is neither the projection nor the --into workbook."""
    for other, role in ((file_path, "the projection file"), (into_path, "the --into workbook")):
        if same_file(output_path, other):
            raise _refuse(other, f"-o would overwrite {role}; inputs are never changed, give another path")
    _require_xlsx(output_path, "the output must be an .xlsx file; give -o NEW.xlsx")


def sweep_output(input_path: Path, grid_path: Path | None, output_path: Path | None) -> Path:
    """`planner sweep`'s comparison workbook: -o, or outputs/INPUT-sweep.xlsx; never an input."""
    output_path = output_path or Path("outputs") / f"{input_path.stem}-sweep.xlsx"
    _require_xlsx(output_path, "the output must be an .xlsx file; give -o SWEEP.xlsx")
    for given in (input_path, grid_path):
        if same_file(output_path, given):
            raise _refuse(given, "-o would overwrite an input; choose another path with -o")
    return output_path


def check_template_output(output_path: Path, force: bool) -> None:
    """`planner template OUT.xlsx`: a new .xlsx file, or an existing one with --force."""
    if output_path.exists() and not force:
        raise _refuse(output_path, "already exists; choose another name or add --force to overwrite")
    _require_xlsx(output_path, "the template must be an .xlsx file")
