"""`planner prognosis` as a library call: SSB's projection file → a population sheet, a scenario per alternative."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from planner.commands.paths import check_prognosis_output, write_or_rescue
from planner.inputs.ssb.prognosis import Prognosis, prognosis_from_file, write_population


def prognosis(
    file_path: Path, region: str, into_path: Path | None, output_path: Path, warn: Callable[[str], None] = print
) -> Prognosis:
    """Read FILE for REGION and write OUTPUT: the population sheet alone, or INTO's other sheets beside it.

    WARN is told what the reader noticed but could use, before anything is written.
    """
    check_prognosis_output(file_path, into_path, output_path)
    result = prognosis_from_file(file_path, region)
    for w in result.warnings:
        warn(f"warning: {file_path.name}: {w}")
    changed: list[str] = []
    write_or_rescue(output_path, lambda path: changed.extend(write_population(result, path, into_path)), "workbook")
    result.settings_changed = changed
    return result
