"""The language the input workbook is stated in: the kinds of cell, a column, a sheet.

Every sheet, column and setting is stated once, in ``planner.inputs.sheets``, with these classes;
reading (``planner.inputs.cells`` and the per-sheet readers), the template and the reference page
(``docs/workbooks.md``, written by ``make docs``) all follow from those statements, as PyPSA's
component attribute tables drive its reading, defaults and documentation.
"""

from __future__ import annotations

from dataclasses import dataclass

# What a cell may hold. Each kind has one parser (planner.inputs.cells) and one line in the reference.
KINDS = {
    "text": "text, as written (surrounding spaces dropped)",
    "list": "a comma list of words (`;` also separates, as in Norwegian Excel)",
    "year": "a whole year, 1900 or later",
    "count": "a whole number, 0 or more",
    "integer": "a whole number, at least the minimum given",
    "money": "an amount in NOK of one price year, 0 or more; `1 250 000` and `1250000` alike",
    "number": "a number, at least the minimum given (0 unless stated)",
    "share": "a fraction 0–1: a percent-formatted cell, `0.035`, `3,5 %` or `3.5%` all mean 0.035",
    "yes_no": "yes or no (also ja/nei, true/false, 1/0)",
    "choice": "one of the words listed (any case)",
}
UNITS = {"money": "NOK", "count": "places"}  # the kind's name says the rest (a year, a share)


@dataclass(frozen=True)
class Column:
    """One column of an input sheet (or one settings key: then ``name`` is the key)."""

    name: str
    kind: str  # a key of KINDS
    note: str  # what a planner reads in the template's header comment and in the reference
    required: bool = False  # the cell must be filled
    header_required: bool | None = None  # the header must be present (None: same as required)
    default: object = None  # used when the cell is empty (None: no value)
    default_from: str | None = None  # empty cell: the value of this setting or of this row's column
    minimum: float | None = None  # for integer and number (None: the kind's own: 0, 1900 for years)
    choices: tuple[str, ...] = ()  # for choice
    expected: str | None = None  # how a message names what it takes: choices ("opening or spread"), a range
    unit: str | None = None  # None: from the kind (NOK, share, year, places)
    read: bool = True  # False: a column the planner never reads (a settings note)
    pattern: bool = False  # the name is a prefix: every header starting with it is such a column
    example: str | None = None  # pattern columns: the header the template writes (persons_80_plus)
    at_most: str | None = None  # another column of the row this value may not exceed (min ≤ max)
    at_most_hint: str = "swap them"  # what to do when it does
    # (column, value, message): the cell must be filled when that column of the row holds that value
    required_when: tuple[str, object, str] | None = None

    @property
    def header(self) -> str:
        """The header a workbook carries: the name, or for a pattern its example."""
        return self.example if self.pattern and self.example else self.name

    def describe(self) -> str:
        """Kind, unit, required or default, and range in a few words: '(NOK; default 0)'."""
        parts = [{"share": "share 0–1, e.g. 0.035 or 3.5 %"}.get(self.kind, self.kind.replace("_", "/"))]
        if self.unit_text:
            parts[0] += f", {self.unit_text}"
        if self.required:
            parts.append("required")
        elif self.default_from:
            parts.append(f"blank: {self.default_from}")
        elif self.default not in (None, (), ""):
            parts.append(f"default {show_value(self.default)}")
        if self.kind == "integer":
            parts.append(f"at least {self.lowest:g}")
        if self.kind == "number" and self.minimum:
            parts.append(f"at least {self.minimum:g}")
        if self.kind == "choice":
            parts.append(" | ".join(self.choices))
        if self.at_most:
            parts.append(f"not above {self.at_most}")
        if self.required_when:
            other, value, _ = self.required_when
            parts.append(f"required when {other} = {show_value(value)}")
        return "; ".join(parts)

    def __post_init__(self) -> None:
        assert self.kind in KINDS, self.kind
        assert self.kind != "choice" or self.choices, self.name

    @property
    def must_be_in_header(self) -> bool:
        return self.required if self.header_required is None else self.header_required

    @property
    def lowest(self) -> float | None:
        """The smallest value accepted (None: any)."""
        if self.minimum is not None:
            return self.minimum
        return {"year": 1900, "count": 0, "integer": 0, "money": 0, "number": 0}.get(self.kind)

    @property
    def unit_text(self) -> str:
        return self.unit if self.unit is not None else UNITS.get(self.kind, "")

    @property
    def expected_text(self) -> str:
        if self.expected:
            return self.expected
        words = list(self.choices)
        return " or ".join(words) if len(words) == 2 else "one of " + ", ".join(words)


def show_value(value: object) -> str:
    """A default as a planner writes it in a cell: yes/no, 0.04, 60."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@dataclass(frozen=True)
class SheetSpec:
    """One input sheet: whether the workbook must have it, what one row is, and its columns."""

    name: str
    required: bool
    row: str  # what one row is, for the reference
    columns: tuple[Column, ...]
    # groups of columns of which a row must fill at least one (a band needs a bound)
    at_least_one: tuple[tuple[str, ...], ...] = ()

    def column(self, name: str) -> Column | None:
        for column in self.columns:
            if column.name == name or (column.pattern and name.startswith(column.name)):
                return column
        return None

    @property
    def header_required(self) -> list[str]:
        return [c.name for c in self.columns if c.must_be_in_header]

    @property
    def known(self) -> list[str]:
        """Columns the sheet may have, by their exact names (not the patterns)."""
        return [c.name for c in self.columns if not c.pattern]

    def is_known(self, header: str) -> bool:
        return any(header == c.name or (c.pattern and header.startswith(c.name)) for c in self.columns)


def year_span(subject: str) -> tuple[Column, Column]:
    """from_year and to_year of a row that holds for some years ("the band applies"): blank, the horizon's ends."""
    return (
        Column(
            "from_year",
            "year",
            f"First year {subject}; blank: first_year.",
            default_from="first_year",
            at_most="to_year",
        ),
        Column("to_year", "year", f"Last year {subject}; blank: last_year.", default_from="last_year"),
    )
