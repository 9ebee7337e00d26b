"""`planner example` as a library call: the example workbook, shipped inside the package, to start from."""

from __future__ import annotations

import shutil
from importlib.resources import as_file, files
from pathlib import Path

from planner.commands.paths import check_new_workbook, writing
from planner.files import save_atomically

EXAMPLE = "baerum.xlsx"  # in planner.examples: inputs/ of the source tree, package data in the wheel


def example(output_path: Path, force: bool) -> None:
    """Write the example workbook to OUTPUT (an existing file only with FORCE); the bytes are the shipped file's."""
    check_new_workbook(output_path, force, "example")
    with writing(output_path, "cannot write the example: {reason}; choose another path"):
        with as_file(files("planner.examples").joinpath(EXAMPLE)) as shipped:
            save_atomically(output_path, lambda tmp: shutil.copyfile(shipped, tmp))


def example_notes() -> str:
    """Where the example's figures come from (inputs/README.md, shipped beside it)."""
    return files("planner.examples").joinpath("README.md").read_text(encoding="utf-8")
