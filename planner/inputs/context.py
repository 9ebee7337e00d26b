"""One input workbook being read: its sheets, what was found wrong so far, and the names sheets refer to.

Every per-sheet reader takes a :class:`Reading` and adds its problems and warnings to it, so every
problem in the workbook is listed at once.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from planner.inputs.cells import Row, RowCells, parse_row
from planner.inputs.sheets import REQUIRED_SHEETS, SHEETS
from planner.inputs.workbook import Sheet
from planner.problems import Problem

# How alike an unknown name must be to a known one to be taken for a typo of it: 'Min share' →
# min_share and 'plases' → places (0.83) are; 'year' → last_year (0.62), 'basis' → base (0.67) or
# 'lead_time' → lead_time_years (0.75) are other columns, which the contract lets a workbook carry
# and the planner ignores (a missing required column still names them).
TYPO_CUTOFF = 0.8

# Sheet -> columns its header must have (from the schema); other columns are optional.
REQUIRED_COLUMNS = {name: spec.header_required for name, spec in SHEETS.items()}


@dataclass
class Reading:
    """The workbook's sheets, the problems and warnings found, and the names and years other sheets use.

    Names from place_types are kept even when a row has a bad cell: other sheets are checked
    against them, so one bad cost does not make every reference an error.
    """

    file: str
    sheets: dict[str, Sheet]
    problems: list[Problem]
    warnings: list[Problem] = field(default_factory=list)
    scenario_option: str | None = None  # --scenario
    robust_option: bool | None = None  # --robust
    stochastic_option: bool | None = None  # --stochastic
    type_names: set[str] = field(default_factory=set)
    group_names: set[str] = field(default_factory=set)
    lead_times: dict[str, int] = field(default_factory=dict)
    setting_rows: dict[str, int] = field(default_factory=dict)  # settings key -> its row
    horizon: dict[str, int | None] = field(default_factory=dict)  # first_year and last_year as set, for defaults
    need: dict[str, dict[str, float]] = field(default_factory=dict)  # need base -> population column -> weight

    @property
    def first_year(self) -> int | None:
        """The first planning year, when the horizon is whole (both years set and in order)."""
        return self.horizon.get("first_year") if self.last_year is not None else None

    @property
    def last_year(self) -> int | None:
        first, last = self.horizon.get("first_year"), self.horizon.get("last_year")
        return last if first is not None else None

    @property
    def groups(self) -> set[str]:
        """What a band or flow row may count: a group from place_types.groups, or a type."""
        return self.group_names | self.type_names

    def sheet(self, name: str) -> Sheet | None:
        """The sheet with its required columns, or None (a missing required sheet or column is a problem)."""
        sheet = self.sheets.get(name)
        if sheet is None:
            if name in REQUIRED_SHEETS:
                self.problems.append(
                    Problem(self.file, f"sheet '{name}' is missing; add it (planner template shows it)")
                )
            return None
        missing = [c for c in REQUIRED_COLUMNS[name] if c not in sheet.columns]
        if sheet.refused:
            return None  # already reported; its rows are not read
        unknown = unknown_headers(name, sheet)
        # a header the planner does not know may be the missing column misspelt ('yaer'): say so
        hint = f" (row 1 also has {unknown}, which the planner does not know)" if unknown and missing else ""
        for column in [] if sheet.header_misplaced else missing:
            self.problems.append(
                sheet.problem(f"column '{column}' is missing from the header row; add it to row 1{hint}", 1, None)
            )
        return None if missing else sheet

    def optional(self, name: str) -> Sheet | None:
        """An optional sheet: None when the workbook does not have it (which is no problem)."""
        return self.sheet(name) if name in self.sheets else None

    def rows(self, sheet: Sheet | None) -> Iterator[RowCells]:
        if sheet is None:
            return
        for number, values in sheet.rows:
            yield RowCells(sheet, number, values, self.problems)

    def parse(self, cells: RowCells) -> Row:
        """The row's cells parsed as the schema states; defaults from the settings where it says so."""
        return parse_row(cells, SHEETS[cells.sheet.key], self.horizon)

    def warn(self, cells: RowCells, column: str, message: str) -> None:
        self.warnings.append(cells.sheet.problem(message, cells.row, column))

    def known_type(self, cells: RowCells, column: str, type_: str | None) -> bool:
        """A reference to a place type; unknown names are problems (unless place_types is unreadable)."""
        if type_ is None or not self.type_names or type_ in self.type_names:  # no names: reported already
            return True
        known = ", ".join(sorted(self.type_names))
        cells.fail(column, f"'{type_}' is not a type in place_types; known: {known}")
        return False

    def known_group(self, cells: RowCells, group: str | None) -> bool:
        """A row's group: a group from place_types.groups or a type; an unknown one is a problem, with a near match."""
        groups = self.groups
        if group is None or not groups or group in groups:
            return True
        near = difflib.get_close_matches(group, sorted(groups), n=1, cutoff=TYPO_CUTOFF)
        hint = f"; '{near[0]}' is close: fix the spelling here or in place_types.groups" if near else ""
        known = ", ".join(sorted(groups))
        cells.fail("group", f"'{group}' is no group in place_types.groups nor a type; known: {known}{hint}")
        return False


def unknown_headers(name: str, sheet: Sheet) -> str:
    """The sheet's headers that are no column of it, as "C 'yaer', F 'plases'"."""
    spec = SHEETS[name]
    return ", ".join(
        f"{get_column_letter(index + 1)} '{sheet.headers.get(index, header)}'"
        for header, index in sorted(sheet.columns.items(), key=lambda pair: pair[1])
        if not spec.is_known(header)
    )
