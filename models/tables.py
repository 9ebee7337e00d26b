"""Every machine-readable output sheet and its columns, stated once.

The writers take their column names from here (``OUTPUT_TABLES["plan"].names``), and the
documentation can be generated from the same data, so a column cannot be renamed in one place
and not the other. Pure data: no Excel, no command line, nothing from ``planner``.

Units: "year", "places", "place-years" (places short or over, summed over years), "persons",
"NOK", "share" (0.2 = 20 %), "percent", "seconds", "text", "yes/no", "work-years", "admissions/year",
"days", "years" (a number of years), "" (varies or none).
A name in angle brackets (``<type>.new_places``) stands for one column per type, change, ….
"""

from __future__ import annotations

from dataclasses import dataclass

from models.accounts import COST_COMPONENTS, signed_sum


@dataclass(frozen=True)
class Field:
    """A column of a sheet, or a key of a key/value sheet."""

    name: str
    unit: str
    description: str  # one sentence a finance reviewer reads


@dataclass(frozen=True)
class Table:
    """A machine-readable sheet: one header row, then plain values."""

    name: str  # the sheet's name
    description: str  # when it is written and what one row is
    columns: tuple[Field, ...]

    @property
    def names(self) -> list[str]:
        """The header, in order (a new list each time, so callers may change theirs)."""
        return [c.name for c in self.columns]


# ---- columns several sheets share ----------------------------------------------------------------

_YEAR = Field("year", "year", "The calendar year the row is about.")
_TYPE = Field("type", "text", "The place type, as named in the input's place_types sheet.")
_BAND = Field("band", "text", "The coverage band, as named in the input's bands sheet.")
_GROUP = Field("group", "text", "The group of place types whose places the band counts.")
_BASE = Field("base", "text", "The population column (e.g. persons_80_plus) the band's share is taken of.")
_POPULATION = Field("population", "persons", "The band's base population in that year.")
_PLACES_IN_GROUP = Field(
    "places",
    "places",
    "Places of the types in the band's group available that year: own places in service, plus bought, less sold.",
)
_SHARE = Field("share", "share", "Coverage: places divided by population (empty when the population is zero).")
_MIN_SHARE = Field("min_share", "share", "The band's minimum coverage (empty when it has none).")
_MAX_SHARE = Field("max_share", "share", "The band's maximum coverage (empty when it has none).")
_SHORTFALL = Field("shortfall_places", "places", "Places missing to reach the minimum coverage (0 when it is met).")
_EXCESS = Field("excess_places", "places", "Places above the maximum coverage (0 when it is kept).")
_KEY = Field("key", "text", "The name of the figure or setting recorded.")
_VALUE = Field("value", "", "Its value; the unit depends on the key.")
_INPUT_SHA256 = Field("input_sha256", "text", "SHA-256 of the input workbook the plan was made from.")
_STATUS_WORDS = "optimal, feasible (a plan not proven optimal), infeasible or no_solution"


# ---- the summary sheet's keys, in the order they are written ---------------------------------------

SUMMARY_KEYS: tuple[Field, ...] = (
    Field("status", "text", f"How the solve ended: {_STATUS_WORDS}."),
    Field(
        "objective_npv",
        "NOK",
        "Net present cost of the plan: sum of discounted_net_cost plus penalties_discounted minus "
        "residual_value_discounted (a stochastic plan: of the chosen scenario's path, which the costs sheet "
        "holds; expected_npv is the expectation over the scenarios).",
    ),
    Field("mip_gap", "share", "The solver's last relative gap between the plan's cost and the best bound."),
    Field("solver", "text", "The solver and its version (or the ratio rule) that made the plan."),
    Field("solve_seconds", "seconds", "Time the solver took."),
    Field("input_file", "text", "Name of the input workbook."),
    _INPUT_SHA256,
    Field("planner_version", "text", "Version of the planner that wrote the workbook."),
    Field("created_utc", "text", "When the workbook was written, as an ISO 8601 time in UTC."),
    Field("first_year", "year", "First year of the planning horizon."),
    Field("last_year", "year", "Last year of the planning horizon."),
    Field("discount_rate", "share", "Yearly discount rate used for the net present cost."),
    Field("scenario", "text", "The population scenario planned for (empty when the input has one series)."),
    Field(
        "residual_value_discounted",
        "NOK",
        "Value left in places and projects after the last year, discounted to the first year.",
    ),
    Field(
        "penalties_discounted",
        "NOK",
        "Discounted penalties paid for missing soft bands (penalty per place-year times places short or over).",
    ),
    Field("investment_timing", "text", "When investment is paid: at opening, or spread over the years of lead time."),
    Field("residual_value", "yes/no", "Whether residual value after the horizon is credited."),
    Field("time_limit_s", "seconds", "The time limit given to the solver."),
    Field("gap_requested", "share", "The relative gap at which the solver was allowed to stop."),
    Field(
        "optimality_check",
        "text",
        "How the optimum was proven: by HiGHS, CBC's unchecked claim, or verified with --verify.",
    ),
    Field("method", "text", "How the plan was made: optimise, ratio (today's ratio rule) or reoptimise."),
    Field("language", "text", "Language of the sheets for people: nb (bokmål) or en."),
    Field("municipality", "text", "The municipality the plan is for, as the setting municipality gives it (or empty)."),
    Field(
        "change_penalty",
        "NOK",
        "Re-optimisation only: the penalty paid for moving from the baseline plan; not part of objective_npv.",
    ),
    Field("ratio_npv", "NOK", "With --compare-ratio: net present cost of the ratio rule's plan."),
    Field("saving_vs_ratio", "NOK", "With --compare-ratio: ratio_npv minus objective_npv."),
    Field("saving_vs_ratio_percent", "percent", "With --compare-ratio: the saving as a percentage of ratio_npv."),
    Field(
        "ratio_hard_band_miss_places",
        "place-years",
        "With --compare-ratio: places the ratio plan misses the hard bands by, summed over bands and years.",
    ),
    Field("baseline_file", "text", "Re-optimisation only: the name of the baseline plan workbook."),
    Field("baseline_input_sha256", "text", "Re-optimisation only: the SHA-256 of the baseline plan's input workbook."),
    Field(
        "freeze_until",
        "year",
        "Re-optimisation only: openings and conversions up to this year are kept exactly (empty when not given).",
    ),
    Field(
        "change_penalty_per_place",
        "NOK",
        "Re-optimisation only: the price per place opened differently from the baseline.",
    ),
    Field(
        "robust_scenarios",
        "text",
        "Robust plans only: the other population scenarios in which the hard bands also hold.",
    ),
    Field("commit_years", "years", "Stochastic plans only: the years from first_year committed in every scenario."),
    Field("risk_aversion", "share", "Stochastic plans only: λ, the weight of CVaR in the objective."),
    Field("cvar_alpha", "share", "Stochastic plans only: CVaR's level α."),
    Field(
        "expected_npv",
        "NOK",
        "Stochastic plans only: Σ weight × stochastic_npv, the plan's expected net present cost.",
    ),
    Field(
        "evpi",
        "NOK",
        "Stochastic plans only: the expected value of perfect information, expected_npv − Σ weight × "
        "wait_and_see_npv: what a perfect prognosis would be worth.",
    ),
    Field(
        "vss",
        "NOK",
        "Stochastic plans only: the value of the stochastic solution, Σ weight × deterministic_first_stage_npv − "
        "expected_npv: what planning over the scenarios saves against committing to the chosen one's plan.",
    ),
    Field(
        "robust_expected_npv",
        "NOK",
        "Stochastic plans only: Σ weight × robust_npv, the robust plan's expected net present cost.",
    ),
    Field(
        "hard_band_miss_places",
        "place-years",
        "An infeasible diagnosis or a ratio plan only: places the hard bands are missed by, summed over bands "
        "and years.",
    ),
    Field(
        "labour_excess_work_years",
        "work-years",
        "An infeasible diagnosis only, when it must exceed the labour ceiling: work-years above it, summed over years.",
    ),
)


# A stochastic plan's plan, conversions and capacity sheets end in this column
_STAGE = (
    "A stochastic plan adds the column scenario: empty on the committed (first-stage) rows, written once, and "
    "the scenario's name on the rows of its own continuation."
)

# ---- the plan workbook's machine-readable sheets, in workbook order --------------------------------

OUTPUT_TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "summary",
            "Always written; one row per key: the plan's status, cost, solver and inputs (the keys below).",
            (_KEY, _VALUE),
        ),
        Table(
            "plan",
            "Always written; one row per year, place type and source with new places opening. " + _STAGE,
            (
                _YEAR,
                _TYPE,
                Field("source", "text", "new for generic places, or the name of the project that opens them."),
                Field("places", "places", "Places opening that year."),
            ),
        ),
        Table(
            "conversions",
            "Always written; one row per year and pair of types with places converted from one to the other. " + _STAGE,
            (
                _YEAR,
                Field("from_type", "text", "The place type the places are converted from."),
                Field("to_type", "text", "The place type the places are converted to."),
                Field("places", "places", "Places converted that year."),
            ),
        ),
        Table(
            "capacity",
            "Always written; one row per year and place type. " + _STAGE,
            (
                _YEAR,
                _TYPE,
                Field("places", "places", "Own places of the type in service that year (after closures and works)."),
            ),
        ),
        Table(
            "coverage",
            "Always written; one row per band and year it applies, with the plan's coverage against its limits.",
            (
                _YEAR,
                _BAND,
                _GROUP,
                _BASE,
                _POPULATION,
                _PLACES_IN_GROUP,
                _SHARE,
                _MIN_SHARE,
                _MAX_SHARE,
                _SHORTFALL,
                _EXCESS,
            ),
        ),
        Table(
            "costs",
            "Always written; one row per year of the horizon, in NOK of the year paid (undiscounted unless said). "
            "The components of existing sites, bought and sold places come after discounted_net_cost, so the "
            "columns before it stay where scripts find them.",
            (
                _YEAR,
                Field("investment", "NOK", "Investment in new places paid that year."),
                Field("grants", "NOK", "Investment grants received that year (subtracted from the net cost)."),
                Field("fixed_costs", "NOK", "Projects' one-off fixed costs paid that year."),
                Field("conversion_costs", "NOK", "Cost of the places converted that year."),
                Field("operating", "NOK", "Operating cost of all places in service that year."),
                Field("rent_income", "NOK", "Rent received for places in service that year (subtracted)."),
                Field(
                    "fixed_operating",
                    "NOK",
                    "Fixed operating cost that year of the projects opened and of the existing sites with places in "
                    "service (not closed, not under works).",
                ),
                Field("net_cost", "NOK", signed_sum(COST_COMPONENTS, minus="-") + "."),
                Field("discount_factor", "", "1 / (1 + discount_rate) to the power of years since first_year."),
                Field("discounted_net_cost", "NOK", "net_cost times discount_factor."),
                Field("renovation", "NOK", "Renovation of existing sites paid that year (before the grant)."),
                Field("renovation_grants", "NOK", "Renovation grants received that year (subtracted)."),
                Field("closure_costs", "NOK", "One-off costs of the sites closed that year."),
                Field("purchases", "NOK", "Places bought from providers that year, at their yearly price."),
                Field("sales_income", "NOK", "Income from places sold to other municipalities that year (subtracted)."),
            ),
        ),
        Table(
            "site_decisions",
            "When the input has a sites sheet; one row per renovation or closure of an existing site.",
            (
                Field("site", "text", "The site, as named in the input's stock and sites sheets."),
                Field("decision", "text", "renovate (the works start that year) or close (from that year on)."),
                _YEAR,
                Field("places", "places", "The site's places renovated, or in service the year it closes."),
                Field("cost", "NOK", "Renovation cost (all works years) or closure cost, before grants."),
                Field("grant", "NOK", "Renovation grant (Husbanken's renovation stream); 0 for a closure."),
            ),
        ),
        Table(
            "grant_streams",
            "When a type's replacement_grant_per_place is below its grant_per_place; one row per year and such type "
            "with new places: how many get Husbanken's grant for net new places and how many the replacement grant.",
            (
                _YEAR,
                _TYPE,
                Field("places", "places", "New places of the type opening that year (generic and in projects)."),
                Field("net_new_places", "places", "Of them, places that raise the total: grant_per_place."),
                Field(
                    "replacement_places",
                    "places",
                    "Of them, places that replace closed or expiring ones within grant_replacement_window_years: "
                    "replacement_grant_per_place.",
                ),
                Field("grant", "NOK", "net_new_places × grant_per_place + replacement_places × replacement grant."),
            ),
        ),
        Table(
            "purchased",
            "When the input has a purchases sheet; one row per provider, type and year with places bought.",
            (
                Field("provider", "text", "The provider, as named in the purchases sheet."),
                _TYPE,
                _YEAR,
                Field("places", "places", "Places bought that year; they count toward the bands like own places."),
                Field("cost", "NOK", "places × price_per_place_year."),
            ),
        ),
        Table(
            "sold",
            "When the input has a sales sheet; one row per buyer, type and year with places sold.",
            (
                Field("buyer", "text", "The buyer, as named in the sales sheet."),
                _TYPE,
                _YEAR,
                Field("places", "places", "Own places sold that year; they do not count toward the bands."),
                Field("income", "NOK", "places × price_per_place_year."),
            ),
        ),
        Table(
            "staff",
            "When the input has a labour sheet or staff figures; one row per year and type of places in service "
            "(source places), and per year and opened project with fixed staff (source: the project).",
            (
                _YEAR,
                Field("type", "text", "The place type (empty for a project's fixed staff)."),
                Field("source", "text", "places: work_years_per_place × places in service; else the project's name."),
                Field("work_years", "work-years", "Staff needed that year, in work-years (årsverk)."),
            ),
        ),
        Table(
            "flows",
            "When the input has a flows sheet; one row per flow row and year it applies: the short-term places its "
            "admissions require and the service the plan's places give (Erlang loss formula).",
            (
                _YEAR,
                Field("band", "text", "The band the flow row became (<group>_flow), as in the coverage sheet."),
                _GROUP,
                Field("admissions", "admissions/year", "Stays begun that year (per 1,000 of the base times the base)."),
                Field("mean_stay_days", "days", "Mean length of a stay."),
                Field(
                    "offered_load",
                    "places",
                    "admissions × mean_stay_days / 365: places that would be busy if no one were turned away.",
                ),
                Field("places_required", "places", "The least whole number of places meeting every target given."),
                Field("places", "places", "Places of the group in service that year in the plan."),
                Field(
                    "occupancy",
                    "share",
                    "Expected share of the plan's places occupied: offered_load × (1 − refusal_probability) / places.",
                ),
                Field(
                    "refusal_probability",
                    "share",
                    "Probability that an admission finds every place taken, Erlang B with the plan's places.",
                ),
                Field("max_occupancy", "share", "The row's occupancy target on the offered load (empty when none)."),
                Field("max_refusal_probability", "share", "The row's refusal target (empty when none)."),
            ),
        ),
        Table(
            "band_costs",
            "With --band-costs or the setting band_costs = yes (otherwise one line saying how to get it); one row "
            "per band: what the band costs, by re-solving without it and with it 0.1 percentage point tighter.",
            (
                _BAND,
                _GROUP,
                _BASE,
                Field("hard", "yes/no", "Whether the band is hard (must hold) or soft (may be missed at a penalty)."),
                _MIN_SHARE,
                _MAX_SHARE,
                Field("npv_plan", "NOK", "objective_npv of the plan."),
                Field("npv_without_band", "NOK", "Net present cost of the optimum without this band."),
                Field("cost_of_band", "NOK", "npv_plan - npv_without_band: what the band costs in all."),
                Field("npv_min_raised", "NOK", "Net present cost of the optimum with the minimum 0.1 pp higher."),
                Field("marginal_cost_min", "NOK", "npv_min_raised - npv_plan: the cost of 0.1 pp more minimum."),
                Field("npv_max_lowered", "NOK", "Net present cost of the optimum with the maximum 0.1 pp lower."),
                Field("marginal_cost_max", "NOK", "npv_max_lowered - npv_plan: the cost of 0.1 pp less maximum."),
                Field("status", "text", "How each re-solve ended; figures are empty where no such plan exists."),
            ),
        ),
        Table(
            "changes",
            "planner reoptimise (and planner diff -o); one row per difference between the baseline and the new "
            "plan, per baseline opening and how it was treated, and one sentence per change in the account.",
            (
                Field(
                    "kind",
                    "text",
                    "places, project, conversion, site, npv, coverage, baseline_opening or account: what the row "
                    "compares (a site row: type is renovate or close, baseline and new are its years).",
                ),
                Field("year", "year", "The year compared (empty where the row is about no single year)."),
                Field("type", "text", "The place type, or from -> to for a conversion."),
                Field(
                    "source", "text", "The project's name (project and baseline_opening rows; new for generic places)."
                ),
                Field("band", "text", "The band, for a coverage row."),
                Field(
                    "baseline", "", "The figure in the baseline plan: places, NOK (npv rows) or share (coverage rows)."
                ),
                Field("new", "", "The same figure in the new plan."),
                Field("difference", "", "new minus baseline."),
                Field("note", "text", "What changed and why, in words; for a baseline opening, how it was treated."),
            ),
        ),
        Table(
            "scenarios",
            "With --robust or the setting robust = yes; one row per population scenario, the plan priced on it.",
            (
                Field("scenario", "text", "The population scenario."),
                Field("chosen", "yes/no", "Whether it is the scenario the plan's costs are priced on."),
                Field(
                    "hard_shortfall_place_years",
                    "place-years",
                    "Places short of the hard bands' minimums in this scenario, summed over bands and years.",
                ),
                Field(
                    "hard_excess_place_years",
                    "place-years",
                    "Places over the hard bands' maximums in this scenario, summed over bands and years.",
                ),
                Field(
                    "plan_npv",
                    "NOK",
                    "This plan priced on the scenario: the same costs, that scenario's soft-band penalties.",
                ),
                Field("own_optimal_npv", "NOK", "Net present cost of the scenario's own optimal plan."),
                Field("own_status", "text", f"How the scenario's own solve ended: {_STATUS_WORDS}."),
                Field("regret", "NOK", "plan_npv - own_optimal_npv: what committing to this plan costs there."),
            ),
        ),
        Table(
            "scenario_coverage",
            "With --robust or the setting robust = yes; one row per scenario, band and year: the plan's coverage.",
            (
                Field("scenario", "text", "The population scenario."),
                _YEAR,
                _BAND,
                _POPULATION,
                _PLACES_IN_GROUP,
                _SHARE,
                _MIN_SHARE,
                _MAX_SHARE,
                _SHORTFALL,
                _EXCESS,
            ),
        ),
        Table(
            "stochastic",
            "A stochastic plan only (plan = stochastic or --stochastic); one row per population scenario: what "
            "planning over the scenarios is worth.",
            (
                Field("scenario", "text", "The population scenario."),
                Field("weight", "share", "Its weight, the weights normalised to sum to 1."),
                Field(
                    "stochastic_npv",
                    "NOK",
                    "Net present cost if this scenario comes true: the committed decisions, then its continuation.",
                ),
                Field(
                    "wait_and_see_npv",
                    "NOK",
                    "The scenario's own optimum, as if it were known today: the best plan found for it alone (this "
                    "plan's path in it where that is cheaper, or where its own solve found none in time); "
                    "wait_and_see_gap says how far from proven.",
                ),
                Field(
                    "deterministic_first_stage_npv",
                    "NOK",
                    "The chosen scenario's single plan with its committed decisions kept and the rest re-optimised "
                    "in this scenario (empty: they cannot hold this scenario's hard bands).",
                ),
                Field(
                    "robust_npv",
                    "NOK",
                    "The robust plan (every hard band in every scenario, decided today) priced on this scenario.",
                ),
                Field(
                    "wait_and_see_gap",
                    "share",
                    "How far wait_and_see_npv can be above the scenario's own optimum (0: proven; empty: not known, "
                    "its solve found no plan in time).",
                ),
                Field(
                    "deterministic_first_stage_gap",
                    "share",
                    "How far deterministic_first_stage_npv can be above its optimum (0: proven; empty with it).",
                ),
            ),
        ),
    )
}


# ---- the other workbooks: planner diff -o and planner sweep -----------------------------------------

OTHER_TABLES: dict[str, Table] = {
    "diff.plans": Table(
        "plans",
        "planner diff -o, before its changes sheet; one row per plan compared (a, then b).",
        (
            Field("plan", "text", "a or b: the plan's place on the command line."),
            Field("file", "text", "Name of the plan workbook."),
            _INPUT_SHA256,
            Field("status", "text", f"The plan's summary status: {_STATUS_WORDS}."),
        ),
    ),
    "sweep.cases": Table(
        "cases",
        "planner sweep; one row per case of the grid, with the values it set and its solve's outcome.",
        (
            Field("case", "text", "The case's name, as given in the grid."),
            Field(
                "<change>",
                "",
                "One column per change a case can make (a settings key, investment_factor, operating_factor, "
                "<band>.min_share or <band>.max_share): the value this case set; where it sets none, the input's "
                "own value in grey italics (a factor's is 1; empty where the input has none).",
            ),
            Field("status", "text", f"How the case ended: {_STATUS_WORDS}, or error."),
            Field(
                "objective_npv",
                "NOK",
                "Net present cost of the case's plan (a stochastic case: its expected cost; empty without a plan).",
            ),
            Field(
                "mip_gap",
                "share",
                "How far the case's cost can at most be above the best possible (0 = proven optimal; empty without "
                "a plan).",
            ),
            Field("<type>.new_places", "places", "One column per place type: new places over the horizon."),
            Field("total_new_places", "places", "New places over the horizon, all types."),
            Field("binding_bands", "text", "The bands whose minimum or maximum binds in some year of the plan."),
            Field("seconds", "seconds", "Time the case took, reading and solving."),
            Field("error", "text", "Why the case has no proven optimal plan (empty when it has one)."),
        ),
    ),
    "sweep.summary": Table(
        "summary",
        "planner sweep; one row per key: input file and SHA-256, grid, where it ran, time, planner version, "
        "the number of cases and the count per status (cases_<status>); `note` when the cases' net present "
        "costs do not compare (different discount rates).",
        (_KEY, _VALUE),
    ),
}
