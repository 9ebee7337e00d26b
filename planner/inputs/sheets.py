"""Every input sheet, column and setting, stated once: kind, unit, default, note and the rules within a row.

A new optional column is one row here and a field of the same name on the input object it
describes (``models.inputs``); reading, checking, the template and ``docs/workbooks.md`` follow.
Defaults the model states itself (the discount rate, investment timing, residual value) are taken
from ``models.inputs.PlanningInput``; the default solver list and re-planning price from the model too.
"""

from __future__ import annotations

import dataclasses

from models.accounts import BUDGET_COMPONENTS, signed_sum
from models.inputs import KOSTRA_KINDS, PlanningInput
from models.reoptimise import DEFAULT_CHANGE_PENALTY
from models.solve import SOLVERS
from planner.inputs.schema import Column, SheetSpec, year_span
from planner.inputs.site_sheets import PURCHASES_SHEET, SALES_SHEET, SITE_SETTINGS, SITES_SHEET
from planner.inputs.stochastic_sheets import SCENARIO_WEIGHTS_SHEET, STOCHASTIC_SETTINGS


def _model_default(name: str) -> object:
    """A planning setting's default as the model states it (a field of models.inputs.PlanningInput)."""
    return next(f.default for f in dataclasses.fields(PlanningInput) if f.name == name)


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


SETTINGS: tuple[Column, ...] = (
    Column("first_year", "year", "First planning year; nothing new opens before first_year + lead time.", True),
    Column("last_year", "year", "Last planning year (at most 100 years after first_year).", True),
    Column("discount_rate", "share", "Yearly rate for net present value.", default=_model_default("discount_rate")),
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
        default=_model_default("investment_timing"),
        choices=("opening", "spread"),
    ),
    Column(
        "residual_value",
        "yes_no",
        "Credit the undepreciated part of new investment at the horizon end.",
        default=_model_default("residual_value"),
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
        "time_limit_s",
        "number",
        "Seconds for the whole command (reading, solving, writing); --time-limit overrides.",
        default=60.0,
        minimum=0.001,
        unit="s",
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
        "With robust: the other scenarios the hard bands must hold in; with plan = stochastic: the other "
        "scenarios the plan is made over. Blank: every other one.",
    ),
    Column(
        "municipality",
        "text",
        "The municipality the plan is for, by number, name or both (3201 Bærum). Recorded in every plan; "
        "planner reoptimise refuses a baseline plan of another municipality.",
    ),
    *SITE_SETTINGS,
    *STOCHASTIC_SETTINGS,
)
SETTING_KEYS: tuple[str, ...] = tuple(s.name for s in SETTINGS)

DEFAULT_BASE = "persons_80_plus"

SETTINGS_SHEET = SheetSpec(
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
)


POPULATION_SHEET = SheetSpec(
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
)


PLACE_TYPES_SHEET = SheetSpec(
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
        Column(
            "kostra",
            "choice",
            "What SSB's KOSTRA counts these places as, for the plan's key figures: long_term, short_term or "
            "dementia (institution places), housing_24h (housing with 24-hour staff) or none.",
            default="none",
            choices=KOSTRA_KINDS,
            expected="long_term, short_term, dementia, housing_24h or none",
        ),
        Column(
            "replacement_grant_per_place",
            "money",
            "State grant per new place that replaces places closed or expiring within "
            "grant_replacement_window_years (Husbanken's renovation stream, post 63); blank: grant_per_place.",
            at_most="investment_per_place",
            at_most_hint="a grant covers part of it",
        ),
    ),
)


STOCK_SHEET = SheetSpec(
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
)


BANDS_SHEET = SheetSpec(
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
        *year_span("the band applies"),
        *_hard_or_soft("band", "short or over"),
        Column("label", "text", "Human name, shown in the plan's sheets for people; blank: the band's name."),
    ),
    at_least_one=(("min_share", "max_share"),),
)


PROJECTS_SHEET = SheetSpec(
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
)


PROJECT_MIX_SHEET = SheetSpec(
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
)


CONVERSIONS_SHEET = SheetSpec(
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
)


BUDGET_SHEET = SheetSpec(
    "budget",
    False,
    "one year's ceiling",
    (
        Column("year", "year", "Planning year.", True),
        Column(
            "max_net_investment",
            "money",
            f"Ceiling on {signed_sum(BUDGET_COMPONENTS, lambda c: c.replace('_', ' '))} paid that year.",
            True,
        ),
    ),
)


NEED_SHEET = SheetSpec(
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
)


FLOWS_SHEET = SheetSpec(
    "flows",
    False,
    "short-term places sized by flow (korttid) for one group and period: the least whole number of places "
    "that meets every target given, by the Erlang loss formula, becomes a minimum on the group",
    (
        Column("group", "text", "A group from place_types.groups, or a type identifier.", True),
        *year_span("the row applies"),
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
        Column("label", "text", "Human name of the band the row becomes, shown in the plan; blank: its name."),
    ),
    at_least_one=(("max_refusal_probability", "max_occupancy"), ("admissions_per_year", "admissions_per_1000")),
)


LABOUR_SHEET = SheetSpec(
    "labour",
    False,
    "one year's staff ceiling: work-years of places in service plus projects' fixed staff ≤ max_work_years",
    (
        Column("year", "year", "Planning year.", True),
        Column(
            "max_work_years",
            "number",
            "Most work-years (årsverk) the municipality can staff that year; one work-year is about 1,695 hours.",
            True,
            unit="work-years",
        ),
    ),
)


# Every input sheet, in the order the reference page and the template show them.
SHEETS: dict[str, SheetSpec] = {
    s.name: s
    for s in (
        SETTINGS_SHEET,
        POPULATION_SHEET,
        SCENARIO_WEIGHTS_SHEET,
        PLACE_TYPES_SHEET,
        STOCK_SHEET,
        SITES_SHEET,
        BANDS_SHEET,
        PROJECTS_SHEET,
        PROJECT_MIX_SHEET,
        CONVERSIONS_SHEET,
        PURCHASES_SHEET,
        SALES_SHEET,
        BUDGET_SHEET,
        NEED_SHEET,
        FLOWS_SHEET,
        LABOUR_SHEET,
    )
}
REQUIRED_SHEETS: tuple[str, ...] = tuple(name for name, spec in SHEETS.items() if spec.required)
