"""The input workbook, stated once: every sheet, column and setting with its type, unit, default and note.

Reading (``planner.reading``), the template (``planner.template``) and the reference page
(``docs/workbooks.md``, written by ``make docs``) all follow from these tables, as PyPSA's
component attribute tables drive its reading, defaults and documentation. A new optional column
is one row here; the reader passes it on to the input object whose field has its name.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.reoptimise import DEFAULT_CHANGE_PENALTY
from models.solve import SOLVERS

# What a cell may hold. Each kind has one parser (planner.cells) and one line in the reference.
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
    expected: str | None = None  # how a message names the choices ("opening or spread")
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


def _hard_or_soft(noun: str, miss: str) -> tuple[Column, Column]:
    """hard and penalty_per_place_year, as bands and flow rows both have them: a soft one needs its penalty."""
    return (
        Column("hard", "yes_no", "yes: must hold; no: may be missed at penalty_per_place_year.", default=True),
        Column(
            "penalty_per_place_year",
            "money",
            f"Soft {noun}s (hard = no): NOK per place {miss} per year.",
            unit="NOK/place-year",
            required_when=(
                "hard",
                False,
                f"is empty for a soft {noun} (hard = no); give NOK per place {miss} per year",
            ),
        ),
    )


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


SETTINGS: tuple[Column, ...] = (
    Column("first_year", "year", "First planning year; nothing new opens before first_year + lead time.", True),
    Column("last_year", "year", "Last planning year (at most 100 years after first_year).", True),
    Column("discount_rate", "share", "Yearly rate for net present value.", default=0.04),
    Column(
        "scenario",
        "text",
        "The population scenario to plan for; blank: the only one in population (--scenario overrides).",
    ),
    Column(
        "investment_timing",
        "choice",
        "opening: investment paid in the opening year; spread: spread evenly over the lead-time years "
        "before opening (a lead time of 0 pays in the opening year; years before first_year are paid "
        "in first_year).",
        default="opening",
        choices=("opening", "spread"),
    ),
    Column(
        "residual_value", "yes_no", "Credit the undepreciated part of new investment at the horizon end.", default=True
    ),
    Column(
        "solver",
        "choice",
        "The solver: highs (HiGHS) or cbc (COIN-OR CBC); --solver overrides.",
        default="highs",
        choices=tuple(SOLVERS),
        expected="one of " + ", ".join(SOLVERS),
    ),
    Column(
        "time_limit_s", "number", "Seconds per solve; --time-limit overrides.", default=60.0, minimum=0.001, unit="s"
    ),
    Column(
        "mip_gap",
        "share",
        "Relative gap at which the solver may stop; 0: run to a proven optimum (gap below 10⁻⁷). --gap overrides.",
        default=0.0,
    ),
    Column(
        "band_costs",
        "yes_no",
        "yes: add each band's cost to the plan (re-solves; --band-costs does the same).",
        default=False,
    ),
    Column(
        "lang",
        "choice",
        "Language of the plan's sheets for people: nb (Norwegian bokmål) or en (English); --lang overrides.",
        default="nb",
        choices=("nb", "en"),
        expected="nb (Norwegian bokmål) or en (English)",
    ),
    Column(
        "change_penalty_per_place",
        "money",
        "planner reoptimise: NOK per place opened differently from the baseline plan (keeps plans "
        "stable; not part of the NPV).",
        default=DEFAULT_CHANGE_PENALTY,
    ),
    Column(
        "robust",
        "yes_no",
        "yes: plan so the hard bands also hold in the other population scenarios (--robust does the same).",
        default=False,
    ),
    Column(
        "robust_scenarios",
        "list",
        "With robust: the other scenarios the hard bands must hold in; blank: every other one.",
    ),
)
SETTING_KEYS: tuple[str, ...] = tuple(s.name for s in SETTINGS)

DEFAULT_BASE = "persons_80_plus"

SHEETS: dict[str, SheetSpec] = {
    s.name: s
    for s in (
        SheetSpec(
            "settings",
            True,
            "one setting (the keys below)",
            (
                Column(
                    "key",
                    "text",
                    "Setting name: " + ", ".join(SETTING_KEYS) + ". A row without a key is skipped.",
                    header_required=True,
                ),
                Column(
                    "value",
                    "text",
                    "The setting's value; each key's kind and default: the notes beside it and docs/workbooks.md.",
                    header_required=True,
                ),
                Column("note", "text", "Free text, ignored.", read=False),
            ),
        ),
        SheetSpec(
            "population",
            True,
            "one year (of one scenario)",
            (
                Column("year", "year", "Planning year (every year from first_year to last_year is needed).", True),
                Column(
                    "scenario",
                    "text",
                    "Population scenario name (e.g. MMMM, LHML), for several series in one sheet; without this "
                    "column the sheet holds one series. Choose one with the setting scenario or --scenario.",
                ),
                Column(
                    "persons_",
                    "number",
                    "Residents in an age group, one column each, e.g. persons_80_plus (residents aged 80 and "
                    "over), persons_90_plus; a band's base names one.",
                    unit="persons",
                    pattern=True,
                    example="persons_80_plus",
                ),
            ),
        ),
        SheetSpec(
            "place_types",
            True,
            "one type of place",
            (
                Column(
                    "type",
                    "text",
                    "Identifier, e.g. institution_long. Used in stock, bands, projects and conversions.",
                    True,
                ),
                Column("label", "text", "Human name, shown in the plan; blank: the type.", default_from="type"),
                Column(
                    "groups",
                    "list",
                    "Band groups this type counts toward, e.g. municipal,short_term.",
                    header_required=True,
                    default=(),
                ),
                Column(
                    "investment_per_place",
                    "money",
                    "Investment per new place, before the state grant (the plan subtracts grant_per_place).",
                    True,
                ),
                Column(
                    "grant_per_place",
                    "money",
                    "State grant per new place (Husbanken investeringstilskudd); at most investment_per_place.",
                    header_required=True,
                    default=0.0,
                    at_most="investment_per_place",
                    at_most_hint="a grant covers part of it",
                ),
                Column(
                    "operating_per_place_year",
                    "money",
                    "Operating cost per place per year in service.",
                    True,
                    unit="NOK/year",
                ),
                Column(
                    "rent_per_place_year",
                    "money",
                    "Rent income per place per year (0 if none).",
                    header_required=True,
                    default=0.0,
                    unit="NOK/year",
                ),
                Column(
                    "lifetime_years",
                    "integer",
                    "Years over which the investment depreciates (for residual value).",
                    True,
                    minimum=1,
                    unit="years",
                ),
                Column(
                    "lead_time_years",
                    "integer",
                    "Years from decision to opening: nothing new opens before first_year + this.",
                    True,
                    unit="years",
                ),
                Column(
                    "module_size",
                    "integer",
                    "New generic places come in multiples of this.",
                    default=1,
                    minimum=1,
                    unit="places",
                ),
                Column(
                    "max_new_per_year",
                    "count",
                    "Cap on new places of this type opening in one year, projects included; blank: none.",
                ),
                Column(
                    "new_without_project",
                    "yes_no",
                    "yes: generic new places allowed; no: new places only through candidate projects.",
                    default=True,
                ),
                Column(
                    "work_years_per_place",
                    "number",
                    "Work-years (årsverk) of staff per place in service per year, for the labour sheet's ceiling.",
                    default=0.0,
                    unit="work-years",
                ),
            ),
        ),
        SheetSpec(
            "stock",
            True,
            "one existing or already decided building part",
            (
                Column("site", "text", "Building or site name.", header_required=True, default=""),
                Column("type", "text", "A type from place_types.", True),
                Column("places", "count", "Number of places.", True),
                Column(
                    "first_year",
                    "year",
                    "First year in service; blank: open before the horizon. Inside the horizon: a committed project.",
                    at_most="last_year",
                ),
                Column("last_year", "year", "Last year in service; blank: stays open."),
            ),
        ),
        SheetSpec(
            "bands",
            True,
            "one coverage band (dekningsgrad): min_share × base ≤ places of the group ≤ max_share × base",
            (
                Column("band", "text", "Band name (unique).", True),
                Column("group", "text", "A group from place_types.groups, or a type identifier.", True),
                Column(
                    "base",
                    "text",
                    "What the shares are of: a population column (persons_<name>), a base from the need sheet, or "
                    "places:<group>, the places of another group or type (a composition band, e.g. dementia "
                    "places ≥ 60 % of places:municipal).",
                    default=DEFAULT_BASE,
                ),
                Column(
                    "min_share",
                    "share",
                    "Lower bound as a share of the base (0.2 or 20 %); blank: none.",
                    at_most="max_share",
                ),
                Column("max_share", "share", "Upper bound as a share of the base; blank: none."),
                Column(
                    "from_year",
                    "year",
                    "First year the band applies; blank: first_year.",
                    default_from="first_year",
                    at_most="to_year",
                ),
                Column("to_year", "year", "Last year the band applies; blank: last_year.", default_from="last_year"),
                *_hard_or_soft("band", "short or over"),
            ),
            at_least_one=(("min_share", "max_share"),),
        ),
        SheetSpec(
            "projects",
            False,
            "one candidate facility: opens at most once, all its types in the same year (needs project_mix)",
            (
                Column("project", "text", "Candidate facility name (unique).", True),
                Column(
                    "earliest_year",
                    "year",
                    "Earliest opening year; blank: first_year (and never before first_year + the longest lead "
                    "time of its types).",
                    default_from="first_year",
                    at_most="latest_year",
                ),
                Column("latest_year", "year", "Latest opening year; blank: last_year.", default_from="last_year"),
                Column("fixed_cost", "money", "Paid once at opening (timed like investment).", default=0.0),
                Column(
                    "fixed_operating_year",
                    "money",
                    "Paid every year from opening (e.g. night staffing).",
                    default=0.0,
                    unit="NOK/year",
                ),
                Column("min_places", "count", "Smallest total size.", default=0),
                Column("max_places", "count", "Largest total size; blank: the sum of the mix maxima."),
                Column(
                    "fixed_work_years",
                    "number",
                    "Work-years per year from opening whatever the size (e.g. the night staff base).",
                    default=0.0,
                    unit="work-years",
                ),
            ),
        ),
        SheetSpec(
            "project_mix",
            False,
            "one type of place in a project",
            (
                Column("project", "text", "A project from the projects sheet.", True),
                Column("type", "text", "A type from place_types.", True),
                Column(
                    "min_places",
                    "count",
                    "Fewest places of this type if the project opens.",
                    default=0,
                    at_most="max_places",
                ),
                Column("max_places", "count", "Most places of this type; blank: the project's max_places."),
            ),
        ),
        SheetSpec(
            "conversions",
            False,
            "one allowed conversion: places change type at the start of a year",
            (
                Column("from_type", "text", "Type places are converted from.", True),
                Column("to_type", "text", "Type they become.", True),
                Column("cost_per_place", "money", "Cost per converted place.", default=0.0),
                Column("max_per_year", "count", "Most places converted in one year; blank: no cap."),
                Column(
                    "earliest_year",
                    "year",
                    "First year a conversion may happen; blank: first_year.",
                    default_from="first_year",
                ),
            ),
        ),
        SheetSpec(
            "budget",
            False,
            "one year's ceiling",
            (
                Column("year", "year", "Planning year.", True),
                Column(
                    "max_net_investment",
                    "money",
                    "Ceiling on investment − grants + fixed costs + conversion costs paid that year.",
                    True,
                ),
            ),
        ),
        SheetSpec(
            "need",
            False,
            "one term of a named need base: the base is the sum over its rows of weight × the population column",
            (
                Column("base", "text", "The need base's name, e.g. need_24h; a band's base may name it.", True),
                Column("column", "text", "A population column (persons_<name>), e.g. persons_90_plus.", True),
                Column(
                    "weight",
                    "number",
                    "Persons counted per resident of that column, e.g. 0.34 for the share of 90+ needing a place.",
                    True,
                    unit="persons per person",
                ),
            ),
        ),
        SheetSpec(
            "flows",
            False,
            "short-term places sized by flow (korttid) for one group and period: the least whole number of places "
            "that meets every target given, by the Erlang loss formula, becomes a minimum on the group",
            (
                Column("group", "text", "A group from place_types.groups, or a type identifier.", True),
                Column(
                    "from_year",
                    "year",
                    "First year the row applies; blank: first_year.",
                    default_from="first_year",
                    at_most="to_year",
                ),
                Column("to_year", "year", "Last year the row applies; blank: last_year.", default_from="last_year"),
                Column(
                    "admissions_per_year",
                    "number",
                    "Stays begun per year; give this or admissions_per_1000.",
                    unit="admissions/year",
                ),
                Column(
                    "admissions_per_1000",
                    "number",
                    "Stays begun per year per 1,000 of the base, so admissions follow the prognosis; needs base.",
                    unit="admissions/year per 1,000",
                ),
                Column(
                    "base",
                    "text",
                    "With admissions_per_1000: a population column (persons_<name>) or a base from the need sheet.",
                ),
                Column("mean_stay_days", "number", "Mean length of a stay in days (more than 0).", True, unit="days"),
                Column(
                    "max_refusal_probability",
                    "share",
                    "Highest probability that an admission finds no free place (Erlang B), e.g. 0.05 or 5 %.",
                ),
                Column(
                    "max_occupancy",
                    "share",
                    "Highest share of places occupied on average, on the offered load, e.g. 0.85 or 85 %.",
                ),
                *_hard_or_soft("row", "short"),
            ),
            at_least_one=(("max_refusal_probability", "max_occupancy"), ("admissions_per_year", "admissions_per_1000")),
        ),
        SheetSpec(
            "labour",
            False,
            "one year's staff ceiling: work-years of places in service plus projects' fixed staff ≤ max_work_years",
            (
                Column("year", "year", "Planning year.", True),
                Column(
                    "max_work_years",
                    "number",
                    "Most work-years (årsverk) the municipality can staff that year; one work-year is about 1,695 "
                    "hours.",
                    True,
                    unit="work-years",
                ),
            ),
        ),
    )
}
REQUIRED_SHEETS: tuple[str, ...] = tuple(name for name, spec in SHEETS.items() if spec.required)
