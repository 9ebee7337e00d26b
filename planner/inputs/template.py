"""A blank input workbook: every sheet and header, the default types and bands, a note per column."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill

from planner.files import append_row, save_atomically
from planner.inputs.schema import Column, show_value
from planner.inputs.sheets import DEFAULT_BASE, SETTINGS, SHEETS

HEADER_FILL = PatternFill("solid", fgColor="FFF2CC")


def header_note(column: Column) -> str:
    """The comment on a header cell: what the column holds, then its kind, unit and default."""
    return f"{column.note}\n({column.describe()})"


_TYPE_COLUMNS = [c.header for c in SHEETS["place_types"].columns]
_BAND_COLUMNS = [c.header for c in SHEETS["bands"].columns]


def _place_type(type_, label, groups, investment, grant, operating, rent, lifetime, lead_time, module) -> dict:
    """A default place type, by the schema's column names (a new column leaves the rows in place)."""
    return {
        "type": type_,
        "label": label,
        "groups": groups,
        "investment_per_place": investment,
        "grant_per_place": grant,
        "operating_per_place_year": operating,
        "rent_per_place_year": rent,
        "lifetime_years": lifetime,
        "lead_time_years": lead_time,
        "module_size": module,
        "max_new_per_year": None,
        "new_without_project": "yes",
        "kostra": _KOSTRA.get(type_, "none"),
    }


# What KOSTRA counts the default types as (the plan's key figures sheet).
_KOSTRA = {"institution_long": "long_term", "institution_short": "short_term", "service_housing": "housing_24h"}


# The four default place types: costs are illustrative assumptions, replace them with your own.
DEFAULT_PLACE_TYPES = [
    _place_type(
        "institution_long",
        "Sykehjem, langtidsplass",
        "municipal",
        4_500_000,
        1_800_000,
        1_250_000,
        0,
        40,
        4,
        8,
    ),
    _place_type(
        "institution_short",
        "Sykehjem, korttidsplass",
        "municipal,short_term",
        4_500_000,
        1_800_000,
        1_400_000,
        0,
        40,
        4,
        8,
    ),
    _place_type(
        "service_housing",
        "Omsorgsbolig med heldøgns bemanning",
        "municipal",
        3_500_000,
        1_600_000,
        1_156_000,
        120_000,
        50,
        3,
        6,
    ),
    _place_type("ppp_owned", "OPS-bolig (selveid)", "ppp", 300_000, 0, 900_000, 0, 30, 3, 1),
]


def _band(band: str, group: str, min_share: float, max_share: float | None, label: str) -> dict:
    """A default band on persons aged 80+, hard, over the whole horizon; labelled in the plan's default language."""
    return {
        "band": band,
        "group": group,
        "base": DEFAULT_BASE,
        "min_share": min_share,
        "max_share": max_share,
        "hard": "yes",
        "label": label,
    }


DEFAULT_BANDS = [
    _band("municipal_minimum", "municipal", 0.20, None, "Kommunal dekning, minst 20 % av 80+"),
    _band("ppp", "ppp", 0.03, 0.05, "OPS-boliger, 3–5 % av 80+"),
    _band("short_term", "short_term", 0.035, 0.04, "Korttidsplasser, 3,5–4 % av 80+"),
]


def write_template(path: Path, first_year: int | None = None) -> None:
    """Write the template to ``path``; a valid workbook once the placeholders are replaced."""
    first = first_year or dt.date.today().year + 1
    last = first + 19
    book = Workbook()
    book.remove(book.active)
    sheets = {name: _sheet(book, name, [c.header for c in spec.columns]) for name, spec in SHEETS.items()}
    horizon = {"first_year": first, "last_year": last}
    for setting in SETTINGS:
        value = horizon.get(setting.name, setting.default)
        sheets["settings"].append([setting.name, None if value is None else _cell(value), setting.note])
        if setting.kind == "share":
            sheets["settings"].cell(sheets["settings"].max_row, 2).number_format = "0.0%"
    for year in range(first, last + 1):
        sheets["population"].append([year, None, 5000])  # placeholder series
    sheets["population"]["E1"] = "PLACEHOLDER: replace persons_80_plus with your municipality's prognosis (SSB/KOMPAS)."
    for row in DEFAULT_PLACE_TYPES:
        sheets["place_types"].append([row.get(c) for c in _TYPE_COLUMNS])
    # beside the header, past its last column: a note, not a column the reader would take for one
    sheets["place_types"].cell(
        1, len(_TYPE_COLUMNS) + 2
    ).value = "Costs are illustrative assumptions: replace them with your own."
    for row in DEFAULT_BANDS:
        sheets["bands"].append([row.get(c) for c in _BAND_COLUMNS])
    for cell in sheets["bands"]["D"][1:] + sheets["bands"]["E"][1:]:
        cell.number_format = "0.0%"
    required = ", ".join(name for name, spec in SHEETS.items() if spec.required)
    optional = ", ".join(name for name, spec in SHEETS.items() if not spec.required)
    readme = book.create_sheet("readme", 0)
    for text in [
        "planner input workbook",
        f"Fill in {required}; {optional} are optional.",
        "Fill these first, in this order, or no plan can meet the bands:",
        "  1. settings: first_year and last_year.",
        "  2. population: your municipality's 80+ prognosis for every year (the 5,000 here is a placeholder).",
        "  3. stock: today's buildings, by type and the years their places exist. New places cannot open before "
        "first_year + the type's lead time, so until then every band's minimum must come from this stock.",
        "  4. bands: check the shares against your stock (a stock above a maximum, as short-term places above "
        "4 %, cannot be met either). The ppp band (3–5 % in PPP self-owned units, OPS) is one municipality's "
        "policy: delete its row and the ppp_owned type if yours has none. With few persons aged 80+ the "
        "short-term band of 3.5–4 % is a place or two wide: widen it or use smaller modules (validate warns).",
        "Every header cell carries a note. Money in NOK of one price year; shares as 0.035 or 3.5 %.",
        "Check it with: planner validate THIS.xlsx (exit 3 and where the bands are missed while they cannot "
        "be met)    Solve it with: planner solve THIS.xlsx",
        "Every header cell's note says what its column holds; every sheet, column and setting is described in "
        "docs/workbooks.md of the planner's source, which an installed planner writes with: "
        "python -m planner.inputs.reference workbooks.md",
    ]:
        readme.append([text])
    readme["A1"].font = Font(bold=True, size=13)
    readme.column_dimensions["A"].width = 110
    save_atomically(path, book.save)


def _sheet(book: Workbook, name: str, columns: list[str]):
    """A sheet with a header row; each known column carries its note as a cell comment."""
    spec = SHEETS.get(name)
    ws = book.create_sheet(name)
    append_row(ws, columns)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        column = spec.column(str(cell.value)) if spec else None
        if column is not None:
            cell.comment = Comment(header_note(column), "planner")
        ws.column_dimensions[cell.column_letter].width = max(14, len(str(cell.value)) + 4)
    ws.freeze_panes = "A2"
    return ws


def _cell(value: object) -> object:
    """A default as the template writes it: yes/no for booleans, numbers as numbers."""
    return show_value(value) if isinstance(value, bool) else value


def write_input_workbook(path: Path, tables: dict[str, tuple[list[str], list[list]]]) -> None:
    """Write an input workbook from sheet -> (header, rows), with the notes and share formats."""
    book = Workbook()
    book.remove(book.active)
    for name, (header, rows) in tables.items():
        ws = _sheet(book, name, header)
        for row in rows:
            append_row(ws, row)
        spec = SHEETS.get(name)
        for index, column in enumerate(header, start=1):
            known = spec.column(str(column)) if spec and column else None
            if known is not None and known.kind == "share":
                for (cell,) in ws.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = "0.0%"
    # Fixed document dates: the same data gives the same workbook.
    book.properties.created = book.properties.modified = dt.datetime(2026, 1, 1)
    save_atomically(path, book.save)
