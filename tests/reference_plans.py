"""Plans written once and kept, so that a change which should alter no workbook can be checked cell by cell.

Each case is a command line on an input kept in tests/fixtures/plans (or the example). The
references were written by ``python tests/reference_plans.py --write``; write them again only when a
change is meant to alter what the plan workbook holds, and say so in the commit.
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path

from conftest import REPO, feasible_sheets, infeasible_sheets, run_cli, write_workbook

FOLDER = REPO / "tests" / "fixtures" / "plans"
EXAMPLE = REPO / "inputs" / "baerum.xlsx"  # the example, with its buildings

# name -> (the command line's arguments after the input and before -o, the input, the exit code)
CASES: dict[str, tuple[list[str], Path, int]] = {
    "baerum-nb": ([], EXAMPLE, 0),
    "baerum-ratio-en": (["--method", "ratio", "--lang", "en"], EXAMPLE, 0),
    "small-en": (["--band-costs", "--compare-ratio", "--lang", "en"], FOLDER / "small.xlsx", 0),
    "tight-nb": ([], FOLDER / "tight.xlsx", 3),
    "robust-nb": (["--robust"], FOLDER / "robust.xlsx", 0),
}
# re-planned: (input, baseline case, arguments, exit code)
REPLANS = {"next-nb": (FOLDER / "next.xlsx", "small-en", ["--lang", "nb"], 0)}


def inputs() -> dict[str, dict]:
    """The small inputs: the feasible and the infeasible instance, two scenarios, next year's prognosis."""
    robust = feasible_sheets()
    robust["population"] = [["year", "scenario", "persons_80_plus"]] + [
        [year, name, round(persons * (factor if year >= 2028 else 1.0))]
        for name, factor in (("main", 1.0), ("high", 1.06))
        for year, persons in robust["population"][1:]
    ]
    robust["settings"].append(["scenario", "main", None])
    following = copy.deepcopy(feasible_sheets())
    following["population"] = [following["population"][0]] + [
        [year, round(persons * (1.05 if year >= 2028 else 1.0))] for year, persons in following["population"][1:]
    ]
    return {"small": feasible_sheets(), "tight": infeasible_sheets(), "robust": robust, "next": following}


def plan_path(name: str, folder: Path = FOLDER) -> Path:
    return folder / f"{name}-plan.xlsx"


def write(name: str, folder: Path, cwd: Path):
    """Write case NAME's plan into FOLDER; the real command line's result."""
    if name in CASES:
        arguments, source, _ = CASES[name]
        return run_cli("solve", source, *arguments, "-o", plan_path(name, folder), cwd=cwd, timeout=600)
    source, baseline, arguments, _ = REPLANS[name]
    return run_cli(
        "reoptimise", source, "--baseline", plan_path(baseline), *arguments, "-o", plan_path(name, folder), cwd=cwd
    )


def expected_code(name: str) -> int:
    return CASES[name][2] if name in CASES else REPLANS[name][3]


def main() -> int:
    if sys.argv[1:] != ["--write"]:
        print("usage: python tests/reference_plans.py --write   (rewrites tests/fixtures/plans)", file=sys.stderr)
        return 2
    FOLDER.mkdir(parents=True, exist_ok=True)
    for name, sheets in inputs().items():
        write_workbook(FOLDER / f"{name}.xlsx", sheets)
    for name in [*CASES, *REPLANS]:
        run = write(name, FOLDER, FOLDER)
        if run.code != expected_code(name):
            print(f"{name}: exit {run.code}\n{run}", file=sys.stderr)
            return 1
        print(f"wrote {plan_path(name)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
