"""The files a command reads and writes: default outputs, refusals to overwrite an input, fingerprints.

Each refusal is an InputError (exit 2, nothing written) with the command's own wording.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from planner.problems import InputError, OutputError, Problem


def same_file(output: Path | None, other: Path | None) -> bool:
    """Whether writing OUTPUT would overwrite OTHER (an existing file).

    An output that does not exist yet is compared where it will be once its folders are made:
    'new/x/../../input.xlsx' is the input itself.
    """
    if output is None or other is None or not other.exists():
        return False
    if output.exists():
        return output.resolve() == other.resolve()
    return full_path(output).resolve() == other.resolve()


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
        raise InputError([Problem(str(full_path(path)), message.format(reason=exc.strerror or exc))]) from exc


def full_path(path: Path) -> Path:
    """The path as the user can find it from anywhere: absolute, '..' resolved."""
    return Path(os.path.normpath(os.path.abspath(path)))


def check_writable(path: Path, what: str, option: str = "-o") -> None:
    """Before anything is read or solved: PATH can be written (nothing in its way, its folder there or makeable).

    A check, not a promise (the folder can change while a solve runs): write_or_rescue covers the rest.
    option: how the user gives the path ("-o", or "" where it is the command's argument).
    """
    with_option = f" with {option}" if option else ""
    full = full_path(path)
    folder = full.parent
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if full.is_dir():
        why = f"it is a folder; give a file name ending in .xlsx{with_option}"
    elif not existing.is_dir():
        why = f"{existing} is a file, not a folder; choose another path{with_option}"
    elif full.exists() and _read_only(full):
        why = f"the file is read-only; choose another path{with_option}"
    elif full.exists() and _in_use(full):
        why = f"{IN_USE}; close it there, or choose another path{with_option}"
    elif full.exists() and (marker := lock_marker(full)):
        why = (
            f"the file is open in another program ({marker.name} beside it is the lock file LibreOffice or Excel "
            f"keeps while a workbook is open); close it there, or choose another path{with_option} "
            "(if nothing has it open, the lock file is left over from a crash: delete it)"
        )
    else:
        why = _cannot_write_in(existing)
        why = why and f"{why}; choose another path{with_option}"
    if why:
        raise InputError([Problem(str(full), f"cannot write the {what} there: {why}")])


def _read_only(path: Path) -> bool:
    """Marked read-only (no write permission for anyone, or the Windows attribute), or not writable by this user:
    an administrator's or root's run refuses it too, since someone meant to keep that file as it is."""
    return not os.stat(path).st_mode & 0o222 or not os.access(path, os.W_OK)


IN_USE = "the file is open in another program (Excel on Windows keeps an open workbook from being written)"


def lock_marker(path: Path) -> Path | None:
    """The lock file a spreadsheet program keeps beside an open workbook (LibreOffice's .~lock.NAME#, Excel's
    ~$NAME, on any system and on shared folders), or None. Overwriting the file under it loses the user's view of
    the plan, and their next save overwrites the new plan."""
    for name in (f".~lock.{path.name}#", f"~${path.name}"):
        marker = path.with_name(name)
        if marker.exists():
            return marker
    return None


def _in_use(path: Path) -> bool:
    """Whether PATH is locked by another program: Windows refuses to open a file Excel has open for writing."""
    try:
        with open(path, "r+b"):
            return False
    except PermissionError:
        return True
    except OSError:
        return False


def _cannot_write_in(folder: Path) -> str | None:
    """Why no file can be made in FOLDER (tried for real: permissions, a read-only disk), or None."""
    try:
        handle, probe = tempfile.mkstemp(prefix=".planner-check-", dir=folder)
    except OSError as exc:
        return f"the folder {folder} is not writable ({exc.strerror or exc})"
    os.close(handle)
    os.unlink(probe)
    return None


def write_or_rescue(path: Path, write: Callable[[Path], None], what: str) -> None:
    """write(PATH); if that fails, write(another path) beside it or in the temporary folder, then OutputError.

    A plan that took minutes to solve is never lost because its file could not be written at the end.
    """
    try:
        write(path)
        return
    except OSError as exc:
        reason = exc.strerror or str(exc)
        if isinstance(exc, PermissionError) and full_path(path).exists():
            reason = f"{reason}; is it open in another program, such as Excel? Close it there"
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for folder in (full_path(path).parent, Path(tempfile.gettempdir())):
        place = folder / f"{path.stem}-saved-{stamp}-{os.getpid()}.xlsx"
        try:
            write(place)
        except OSError:
            continue
        message = (
            f"cannot write the {what}: {reason}; it is saved as {place} instead: "
            "move it where it belongs, or run again with another -o"
        )
        raise OutputError([Problem(str(full_path(path)), message)], saved_to=place)
    message = f"cannot write the {what}: {reason}, nor beside it or in the temporary folder; choose another -o"
    raise OutputError([Problem(str(full_path(path)), message)], saved_to=None)


def plan_output(input_path: Path, output_path: Path | None) -> Path:
    """`planner solve`'s plan workbook: -o, or outputs/INPUT-plan.xlsx; never the input."""
    output_path = output_path or Path("outputs") / f"{input_path.stem}-plan.xlsx"
    if same_file(output_path, input_path):
        raise _refuse(input_path, "the output path is the input workbook; choose another with -o")
    _require_xlsx(output_path, "the output must be an .xlsx file; give -o PLAN.xlsx")
    check_writable(output_path, "plan")
    return output_path


def replan_output(input_path: Path, baseline_path: Path, output_path: Path | None) -> Path:
    """`planner reoptimise`'s plan workbook: -o, or outputs/INPUT-plan.xlsx (outputs/INPUT-replan.xlsx when that is
    the baseline: solve's default plan re-planned is the usual case); neither the input nor the baseline."""
    given = output_path is not None
    if output_path is None:
        output_path = Path("outputs") / f"{input_path.stem}-plan.xlsx"
        if same_file(output_path, baseline_path):
            output_path = output_path.with_name(f"{input_path.stem}-replan.xlsx")
    for other, role in ((input_path, "the input workbook"), (baseline_path, "the baseline plan")):
        if same_file(output_path, other):
            where = "-o" if given else f"the default output {output_path}"
            raise _refuse(other, f"{where} would overwrite {role}; give another path with -o")
    _require_xlsx(output_path, "the output must be an .xlsx file; give -o PLAN.xlsx")
    check_writable(output_path, "plan")
    return output_path


def check_diff_output(a_path: Path, b_path: Path, output_path: Path | None) -> None:
    """`planner diff -o`: an .xlsx file that is neither plan compared."""
    if output_path is None:
        return
    _require_xlsx(output_path, "the output must be an .xlsx file; give -o DIFF.xlsx")
    for plan in (a_path, b_path):
        if same_file(output_path, plan):
            raise _refuse(plan, "-o would overwrite a plan being compared; give another path with -o")
    check_writable(output_path, "comparison")


def check_prognosis_output(file_path: Path, into_path: Path | None, output_path: Path) -> None:
    """`planner prognosis -o`: an .xlsx file that is neither the projection nor the --into workbook."""
    for other, role in ((file_path, "the projection file"), (into_path, "the --into workbook")):
        if same_file(output_path, other):
            raise _refuse(other, f"-o would overwrite {role}; inputs are never changed, give another path")
    _require_xlsx(output_path, "the output must be an .xlsx file; give -o NEW.xlsx")
    check_writable(output_path, "workbook")


def sweep_output(input_path: Path, grid_path: Path | None, output_path: Path | None) -> Path:
    """`planner sweep`'s comparison workbook: -o, or outputs/INPUT-sweep.xlsx; never an input."""
    output_path = output_path or Path("outputs") / f"{input_path.stem}-sweep.xlsx"
    _require_xlsx(output_path, "the output must be an .xlsx file; give -o SWEEP.xlsx")
    for given in (input_path, grid_path):
        if same_file(output_path, given):
            raise _refuse(given, "-o would overwrite an input; choose another path with -o")
    check_writable(output_path, "sweep")
    return output_path


def check_new_workbook(output_path: Path, force: bool, what: str) -> None:
    """`planner template|example OUT.xlsx`: a new .xlsx file, or an existing one with --force."""
    if output_path.exists() and not force:
        raise _refuse(output_path, "already exists; choose another name or add --force to overwrite")
    _require_xlsx(output_path, f"the {what} must be an .xlsx file")
    check_writable(output_path, what, option="")  # the path is the command's argument: these commands have no -o
