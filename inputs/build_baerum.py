"""Build the example workbooks from the readable CSV files in inputs/baerum/.

inputs/baerum.xlsx, the example (`make run`): the municipality with its old sites as decisions (keep,
renovate, close), a private provider selling places and a neighbour buying them; inputs/baerum/buildings/
holds the sheets it adds or replaces (stock, with the old homes apart) and the settings rows it adds.
inputs/baerum_new_places.xlsx: the same municipality deciding new places only, every existing building
fixed as stock (no sites, purchases or sales sheets): it solves in a third of the time, and the tests of
the commands lean on it.

The figures are illustrative (from Bærum's published plans, 2013–2021): the 80+ series is not an SSB
projection, and costs marked ASSUMED are assumptions. Edit the CSVs, then run
`make example` (or `python inputs/build_baerum.py`).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from planner.inputs.template import write_input_workbook  # noqa: E402

SHEETS = [
    "settings",
    "population",
    "place_types",
    "stock",
    "bands",
    "projects",
    "project_mix",
    "conversions",
    "budget",
    "need",
    "flows",
    "labour",
]


def _cell(text: str):
    """CSV text to a cell value: blank is empty, numbers are numbers, the rest stays text."""
    if text == "":
        return None
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def read_tables(folder: Path = HERE / "baerum") -> dict[str, tuple[list[str], list[list]]]:
    tables = {}
    for name in SHEETS:
        with open(folder / f"{name}.csv", newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        tables[name] = (rows[0], [[_cell(v) for v in row] for row in rows[1:]])
    return tables


BUILDINGS = HERE / "baerum" / "buildings"
BUILDING_SHEETS = ["stock", "sites", "purchases", "sales"]


def read_example_tables() -> dict[str, tuple[list[str], list[list]]]:
    """The example's sheets: the new-places tables with the buildings folder's sheets and settings added."""
    tables = read_tables()
    for name in BUILDING_SHEETS:
        tables[name] = _read_csv(BUILDINGS / f"{name}.csv")
    header, rows = tables["settings"]
    tables["settings"] = (header, rows + _read_csv(BUILDINGS / "settings.csv")[1])
    # Husbanken's two streams: a new place replacing a closed one gets the renovation stream's grant (ASSUMED)
    header, rows = tables["place_types"]
    at = header.index("note")
    replacement = {"institution_long": 1_300_000, "institution_dementia": 1_300_000, "institution_short": 1_300_000}
    tables["place_types"] = (
        [*header[:at], "replacement_grant_per_place", *header[at:]],
        [[*row[:at], replacement.get(row[0]), *row[at:]] for row in rows],
    )
    order = ["settings", "population", "place_types", "stock", "sites", "bands", "projects", "project_mix"]
    order += ["conversions", "purchases", "sales", "budget", "need", "flows", "labour"]
    return {name: tables[name] for name in order}


def _read_csv(path: Path) -> tuple[list[str], list[list]]:
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    return rows[0], [[_cell(v) for v in row] for row in rows[1:]]


def build(target: Path = HERE / "baerum.xlsx") -> Path:
    """The example, with its buildings."""
    write_input_workbook(target, read_example_tables())
    return target


def build_new_places(target: Path = HERE / "baerum_new_places.xlsx") -> Path:
    """The example without its buildings' decisions: new places only."""
    write_input_workbook(target, read_tables())
    return target


if __name__ == "__main__":
    print(f"wrote {build()}")
    print(f"wrote {build_new_places()}")
