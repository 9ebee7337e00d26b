"""A blank input workbook: every sheet and header, the default types and bands, a note per column."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill

from planner.files import append_row, save_atomically

HEADER_FILL = PatternFill("solid", fgColor="FFF2CC")

# sheet -> [(column, note)], in the order of the contract (docs/contract.md).
COLUMNS: dict[str, list[tuple[str, str]]] = {
    "settings": [
        (
            "key",
            "Setting name (first_year, last_year, discount_rate, scenario, investment_timing, "
            "residual_value, solver, time_limit_s, mip_gap, band_costs, lang).",
        ),
        ("value", "Its value. Shares as 0.04 or 4 %."),
        ("note", "Free text, ignored."),
    ],
    "population": [
        ("year", "Planning year (every year from first_year to last_year is needed)."),
        ("scenario", "Optional: population scenario name (e.g. main, high). Choose one with settings.scenario."),
        ("persons_80_plus", "Residents aged 80 and over. Add more persons_<name> columns for other band bases."),
    ],
    "place_types": [
        ("type", "Identifier, e.g. institution_long. Used in stock, bands, projects and conversions."),
        ("label", "Human name, shown in the plan."),
        ("groups", "Comma list of band groups this type counts toward, e.g. municipal,short_term."),
        ("investment_per_place", "NOK paid by the municipality per new place."),
        ("grant_per_place", "NOK state grant per new place (Husbanken investeringstilskudd)."),
        ("operating_per_place_year", "NOK per place per year in service."),
        ("rent_per_place_year", "NOK rent income per place per year (0 if none)."),
        ("lifetime_years", "Years over which the investment depreciates (for residual value)."),
        ("lead_time_years", "Years from decision to opening: nothing new opens before first_year + this."),
        ("module_size", "New generic places come in multiples of this (default 1)."),
        ("max_new_per_year", "Cap on new places of this type opening in one year, projects included (blank: none)."),
        (
            "new_without_project",
            "yes (default): generic new places allowed; no: new places only through candidate projects.",
        ),
    ],
    "stock": [
        ("site", "Building or site name."),
        ("type", "A type from place_types."),
        ("places", "Number of places."),
        (
            "first_year",
            "First year in service; blank = open before the horizon. Inside the horizon = committed project.",
        ),
        ("last_year", "Last year in service; blank = stays open."),
    ],
    "bands": [
        ("band", "Band name (unique)."),
        ("group", "A group from place_types.groups, or a type identifier."),
        ("base", "Population column, default persons_80_plus."),
        ("min_share", "Lower bound as a share of the base (0.2 or 20 %); blank = none."),
        ("max_share", "Upper bound as a share of the base; blank = none."),
        ("from_year", "First year the band applies; blank = first_year."),
        ("to_year", "Last year the band applies; blank = last_year."),
        ("hard", "yes (default): must hold; no: may be missed at penalty_per_place_year."),
        ("penalty_per_place_year", "Soft bands: NOK per place short or over per year."),
    ],
    "projects": [
        ("project", "Candidate facility name (unique)."),
        (
            "earliest_year",
            "Earliest opening year; blank = first_year (and never before first_year + longest lead time).",
        ),
        ("latest_year", "Latest opening year; blank = last_year."),
        ("fixed_cost", "NOK paid once at opening (timed like investment)."),
        ("fixed_operating_year", "NOK per year from opening (e.g. night staffing)."),
        ("min_places", "Smallest total size."),
        ("max_places", "Largest total size; blank = sum of the mix maxima."),
    ],
    "project_mix": [
        ("project", "A project from the projects sheet."),
        ("type", "A type from place_types."),
        ("min_places", "Fewest places of this type if the project opens (default 0)."),
        ("max_places", "Most places of this type; blank = the project's max_places."),
    ],
    "conversions": [
        ("from_type", "Type places are converted from."),
        ("to_type", "Type they become (at the start of a year)."),
        ("cost_per_place", "NOK per converted place."),
        ("max_per_year", "Most places converted in one year; blank = no cap."),
        ("earliest_year", "First year a conversion may happen; blank = first_year."),
    ],
    "budget": [
        ("year", "Planning year."),
        ("max_net_investment", "Ceiling on investment − grants + fixed costs + conversion costs paid that year (NOK)."),
    ],
}

# The four default place types: costs are illustrative assumptions, replace them with your own.
DEFAULT_PLACE_TYPES = [
    [
        "institution_long",
        "Institution, long-term (langtidsplass)",
        "municipal",
        4_500_000,
        1_800_000,
        1_250_000,
        0,
        40,
        4,
        8,
        None,
        "yes",
    ],
    [
        "institution_short",
        "Institution, short-term (korttidsplass)",
        "municipal,short_term",
        4_500_000,
        1_800_000,
        1_400_000,
        0,
        40,
        4,
        8,
        None,
        "yes",
    ],
    [
        "service_housing",
        "Service housing with 24h staff (omsorgsbolig)",
        "municipal",
        3_500_000,
        1_600_000,
        1_156_000,
        120_000,
        50,
        3,
        6,
        None,
        "yes",
    ],
    ["ppp_owned", "PPP self-owned unit (OPS selveier)", "ppp", 300_000, 0, 900_000, 0, 30, 3, 1, None, "yes"],
]

DEFAULT_BANDS = [
    ["municipal_minimum", "municipal", "persons_80_plus", 0.20, None, None, None, "yes", None],
    ["ppp", "ppp", "persons_80_plus", 0.03, 0.05, None, None, "yes", None],
    ["short_term", "short_term", "persons_80_plus", 0.035, 0.04, None, None, "yes", None],
]


def write_template(path: Path, first_year: int | None = None) -> None:
    """Write the template to ``path``; a valid workbook once the placeholders are replaced."""
    first = first_year or dt.date.today().year + 1
    last = first + 19
    book = Workbook()
    book.remove(book.active)
    sheets = {name: _sheet(book, name, [c for c, _ in columns]) for name, columns in COLUMNS.items()}
    for row in [
        ["first_year", first, "First planning year."],
        ["last_year", last, "Last planning year."],
        ["discount_rate", 0.04, "Yearly rate for net present value."],
        ["scenario", None, "Blank: the only scenario in population."],
        ["investment_timing", "opening", "opening or spread (over the lead-time years before opening)."],
        ["residual_value", "yes", "Credit the undepreciated part of new investment at the horizon end."],
        ["solver", "highs", "highs (default) or cbc; --solver overrides."],
        ["band_costs", "no", "yes: add each band's cost to the plan (re-solves; --band-costs does the same)"],
        [
            "change_penalty_per_place",
            1000,
            "planner reoptimise: NOK per place opened differently from the baseline plan (keeps plans stable)",
        ],
        ["lang", "nb", "Language of the plan's sheets for people: nb (Norwegian bokmål) or en (--lang does the same)"],
        ["time_limit_s", 60, "Seconds per solve; --time-limit overrides."],
        ["mip_gap", 0, "Relative gap to stop at; --gap overrides."],
    ]:
        sheets["settings"].append(row)
    for year in range(first, last + 1):
        sheets["population"].append([year, None, 5000])  # placeholder series
    sheets["population"]["E1"] = "PLACEHOLDER: replace persons_80_plus with your municipality's prognosis (SSB/KOMPAS)."
    for row in DEFAULT_PLACE_TYPES:
        sheets["place_types"].append(row)
    sheets["place_types"]["N1"] = "Costs are illustrative assumptions: replace them with your own."
    for row in DEFAULT_BANDS:
        sheets["bands"].append(row)
    for cell in sheets["bands"]["D"][1:] + sheets["bands"]["E"][1:]:
        cell.number_format = "0.0%"
    sheets["settings"]["B4"].number_format = "0.0%"
    readme = book.create_sheet("readme", 0)
    for text in [
        "planner input workbook",
        "Fill in settings, population, place_types, stock and bands; "
        "projects, project_mix, conversions and budget are optional.",
        "Every header cell carries a note. Money in NOK of one price year; shares as 0.035 or 3.5 %.",
        "Check it with: planner validate THIS.xlsx    Solve it with: planner solve THIS.xlsx",
    ]:
        readme.append([text])
    readme["A1"].font = Font(bold=True, size=13)
    readme.column_dimensions["A"].width = 110
    save_atomically(path, book.save)


def _sheet(book: Workbook, name: str, columns: list[str]):
    """A sheet with a header row; each known column carries its note as a cell comment."""
    notes = dict(COLUMNS.get(name, []))
    ws = book.create_sheet(name)
    append_row(ws, columns)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        if cell.value in notes:
            cell.comment = Comment(notes[cell.value], "planner")
        ws.column_dimensions[cell.column_letter].width = max(14, len(str(cell.value)) + 4)
    ws.freeze_panes = "A2"
    return ws


SHARE_COLUMNS = {"min_share", "max_share"}


def write_input_workbook(path: Path, tables: dict[str, tuple[list[str], list[list]]]) -> None:
    """Write an input workbook from sheet -> (header, rows), with the notes and share formats."""
    book = Workbook()
    book.remove(book.active)
    for name, (header, rows) in tables.items():
        ws = _sheet(book, name, header)
        for row in rows:
            append_row(ws, row)
        for index, column in enumerate(header, start=1):
            if column in SHARE_COLUMNS:
                for (cell,) in ws.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = "0.0%"
    # Fixed document dates: the same data gives the same workbook.
    book.properties.created = book.properties.modified = dt.datetime(2026, 1, 1)
    save_atomically(path, book.save)
