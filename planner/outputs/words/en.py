"""The sheets for people in English: every word and sentence, by key (the same keys as bokmål)."""

from __future__ import annotations

from models.band_costs import RESOLVES
from models.ratio import PRICED_BY
from models.solve import OPTIMALITY_CHECKS
from planner.outputs.words.en_notes import NOTES

# Numbers: 1,234,567.8; a negative difference with a hyphen-minus, as Python writes it.
THOUSANDS, DECIMAL, MINUS = ",", ".", "-"

WORDS: dict[str, str] = {
    **NOTES,
    # a stochastic plan (Uncertainty)
    "sheet_stochastic": "Uncertainty",
    "stochastic_title": "One plan over {n} prognoses: committed {years}, then each its own",
    "stochastic_note": (
        "The decisions committed in the first years (and buildings whose construction starts in them) are the same "
        "whichever prognosis comes true; after them each scenario has its own best continuation. The plan "
        "minimises the expected net present cost over the scenarios' weights."
    ),
    "stochastic_risk_note": (
        "Risk aversion λ = {risk}: the plan minimises (1 − λ) × expected cost + λ × the mean cost of the dearest "
        "{tail:.0%} of the scenarios' weight (CVaR at α = {alpha}); EVPI and VSS are on expected cost."
    ),
    "stochastic_scenario": "Scenario",
    "worth_weight": "Weight",
    "worth_stochastic_npv": "This plan (M NOK)",
    "worth_wait_and_see_npv": "Its own optimum, known today (M NOK)",
    "worth_deterministic_first_stage_npv": "The chosen scenario's plan, adapted (M NOK)",
    "worth_wait_and_see_gap": "Gap, own optimum (0 = proven)",
    "worth_deterministic_first_stage_gap": "Gap, the chosen scenario's plan adapted",
    "gap_unknown": "not known",
    "worth_robust_npv": "The robust plan (M NOK)",
    "figure_expected_npv": "Expected net present cost of this plan",
    "figure_evpi": "Value of a perfect prognosis (EVPI)",
    "figure_vss": "Saved by planning over the scenarios (VSS)",
    "figure_robust_expected_npv": "Expected cost of the robust plan",
    "figure_expected_npv_means": "Σ weight × this plan's cost in each scenario",
    "figure_evpi_means": "This plan's expected cost less that of knowing the scenario today",
    "figure_vss_means": "The chosen scenario's plan, its committed years kept and the rest adapted, less this plan",
    "figure_robust_expected_npv_means": "One plan holding every scenario's hard bands, decided today",
    "figure_unknown": "not known",
    "committed_openings": "Places opening, committed (every scenario)",
    "scenario_openings": "Places opening in scenario {scenario}, after the committed years",
    "no_openings": "none",
    "chart_scenario_costs": "Net present cost per scenario",
    # sheet names (Excel compares them without case: none may equal a machine sheet's name)
    "sheet_overview": "Overview",
    "sheet_plan": "Plan by year",
    "sheet_coverage": "Coverage by year",
    "sheet_costs": "Costs by year",
    "sheet_budget": "Budget",
    "sheet_need_staff": "Need and staff",
    "sheet_band_costs": "Band costs",
    "sheet_notes": "Notes",
    # common
    "total": "Total",
    "year": "Year",
    "money_unit": "Amounts in NOK million (the inputs' price level)",
    "footer_page": "Page &P of &N",
    "footer_ratio": "ratio-rule plan, not optimised",
    "footer_diagnosis": "diagnosis, not a plan",
    "status_ratio": "rule's plan, not optimised",
    "npv_explained": "Net present cost = sum of discounted net cost (the table below) + penalties − residual value.",
    "net_before_residual": "Net cost (before residual value and penalties)",
    "outside_projects": "New places outside the projects",
    "no_such_plan": "no such plan",
    "created": "created",
    # titles
    "title_plan": "Plan for round-the-clock care places {first}–{last}",
    "title_ratio": "Ratio-rule plan (today's practice, not optimised) {first}–{last}",
    "title_ratio_short": ": it leaves hard bands {places} place-years short",
    "title_diagnosis": "Diagnosis: the hard bands cannot all be met. This is not a plan to follow (see Notes).",
    "status_optimal": "optimal",
    "title_robust": ", robust: {chosen}, also holds in {others}",
    "title_replanned": ", re-planned against {file}",
    "changes_block": "Changes from the previous plan ({file})",
    "status_feasible": "feasible, not proven optimal",
    "status_infeasible": "diagnosis",
    "provenance": "Input: {file} (SHA-256 {sha}) · planner {version} · solver {solver} · created {created}",
    # overview
    "what_the_plan_does": "What the plan does",
    "npv_block": "Net present cost",
    "npv_existing": "Running the existing places, discounted (operating less rent)",
    "npv_existing_sites": "Running the existing places and sites, discounted (with the sites' fixed operating)",
    "npv_added": "What the plan adds, discounted",
    "npv_sum_discounted": "Sum of discounted net cost",
    "npv_penalties": "Penalties for missed soft bands, discounted",
    "npv_residual": "Residual value of new investment and renovations at the horizon end, discounted (deducted)",
    "npv_total": "Net present cost",
    "horizon_totals": "Totals over the horizon",
    "undiscounted": "Undiscounted",
    "discounted": "Discounted",
    "places_by_type": "New places per type, whole horizon",
    "places_total": "Total new places",
    "projects_opened": "Projects built",
    "project": "Project",
    "opening_year": "Opens",
    "places": "Places",
    "no_projects": "None of the candidate projects is built.",
    "bands_block": "Bands: where they bind and where they are missed",
    "band": "Band",
    "limits": "Limits",
    "binds_in": "Binds (less than one place to spare)",
    "missed_in": "Missed",
    "none": "no year",
    "solution_block": "Solution",
    "status": "Status",
    "gap": "Gap (distance to a proven optimum)",
    "solver": "Solver",
    "optimality_check": "How the optimum was checked",
    "solve_seconds": "Solve time (seconds)",
    "band_cost_answer": "What do the bands cost? (see Band costs)",
    # plan by year
    "plan_title": "Plan by year: new places and places in service",
    "plan_note_sites": (
        "Places in service = existing − out of service + new places up to the year + converted in − converted out; "
        "coverage counts them + bought − sold."
    ),
    "plan_note": "Places in service = existing + new places up to the year + converted in − converted out.",
    "new_by_type": "New places per type",
    "new_by_project": "New places per project",
    "conversions": "Conversions (places changing type)",
    "existing": "Existing places (stock, as decided)",
    "site_renovate_added": "{site} is now renovated, from {year}",
    "site_renovate_dropped": "{site} is no longer renovated (the baseline: from {year})",
    "site_renovate_moved": "{site}'s renovation moves from {old} to {new}",
    "site_close_added": "{site} now closes in {year}",
    "site_close_dropped": "{site} no longer closes (the baseline: in {year})",
    "site_close_moved": "{site}'s closure moves from {old} to {new}",
    "sheet_key_figures": "Key figures (KOSTRA)",
    "kostra_title": "Key figures as KOSTRA publishes them",
    "kostra_note": (
        "The plan's places per year in the form of SSB's KOSTRA indicators (code in brackets), so the plan can "
        "be read beside the municipality's own statistics. Which places count as what: the place_types column kostra."
    ),
    "kostra_available": "Institution places available to the municipality, own + bought − sold (KOSinstdispplass)",
    "kostra_long_term": "of which long-term places",
    "kostra_short_term": "of which short-term places",
    "kostra_dementia": "of which places in dementia units",
    "kostra_housing_24h": "Places in housing with 24-hour staff, own + bought − sold",
    "kostra_own_institution": "Own institution places in service",
    "kostra_sites": "Sites with own institution places (count)",
    "kostra_ratios": "Ratios",
    "kostra_residents": "Residents aged 80 and over",
    "kostra_per_80": "Institution places per resident 80+ (KOSsykhjand80aar)",
    "kostra_housing_per_80": "Housing with 24-hour staff per resident 80+ (KOSinnbbolig80aa)",
    "kostra_long_per_80": "Long-term places per resident 80+ (KOSlangtid80aaro)",
    "kostra_short_share": "Short-term share of institution places (KOSkorttidplass)",
    "kostra_dementia_share": "Dementia-unit share of institution places (KOSplasskjermet)",
    "kostra_per_site": "Own institution places per site",
    "cause_renovate": (
        "renovating {site} in {year} (its {places} places out of service {out}) leaves {band} short in {short}"
    ),
    "cause_close": (
        "closing {site} in {year} (its {places} places out of service {out}) leaves {band} short in {short}"
    ),
    "sheet_sites": "Sites",
    "sites_title": "Existing sites: kept, renovated or closed",
    "sites_note": (
        "For comparison, per place-year in NOK: a place kept (operating less rent, plus the site's fixed cost"
        " over its places), what a renovation adds (its net cost as an annuity over its life) and a new place"
        " of the site's main type (operating less rent, plus the net investment as an annuity). The plan also"
        " weighs lead times, the bands and the years of works."
    ),
    "site_name": "Site",
    "site_places": "Places",
    "site_end_of_life": "End of life",
    "site_decision": "In the plan",
    "site_kept": "kept",
    "site_cost_kept": "Kept, per place-year",
    "site_renovation": "Renovation adds, per place-year",
    "site_new": "New place, per place-year",
    "site_why": "Why",
    "site_closed": "closed {year}",
    "site_renovated": "renovated {year}",
    "site_renovated_works": "renovated {year} (works {works})",
    "why_closed_life": (
        "Its life ends in {eol}, and renovating it (with its places out during the works) was dearer than "
        "replacing them."
    ),
    "why_closed": (
        "Closing it and serving its residents elsewhere costs less than keeping it: compare its cost kept "
        "with a new place's."
    ),
    "why_renovated": (
        "Its life ends in {eol}: renovated, its places cost what it costs kept plus the renovation, less than"
        " new places."
    ),
    "why_renovated_dearer": (
        "Its life ends in {eol}. Renovated, a place here costs somewhat more a year than a new one, but new places "
        "come only after their lead time (and some types only with a project), and the bands need the places: the "
        "plan found renovating cheaper as a whole."
    ),
    "why_kept_life": "Kept: until its life ends in {eol}, keeping it costs less than replacing its places.",
    "why_kept_may_close": (
        "Kept although it may close: its places cost less kept than new ones, or the bands need them."
    ),
    "why_kept": "Kept: it may not close (may_close = no) and has no end of life in the horizon.",
    "replacement_places": "Of which replacements (Husbanken's replacement grant, not the net-new-places grant)",
    "plan_sites": "Of the existing sites: {listed}.",
    "plan_contracts": (
        "It buys {bought} place-years and sells {sold} place-years (sold places do not count toward the bands)."
    ),
    "sites_out": "Out of service (sites closed, renovated)",
    "contracts": "Places bought and sold (sold places are subtracted below)",
    "bought": "{party}: {label}, bought (NOK {price} million a place-year, contracts of at least {years} years)",
    "bought_1": "{party}: {label}, bought (NOK {price} million a place-year)",
    "sold": "{party}: {label}, sold (NOK {price} million a place-year)",
    "counted": "Counted in coverage (+ bought − sold)",
    "in_service": "Places in service",
    "in_service_total": "Total places in service",
    "existing_total": "Total existing places",
    "required_by_band": "Places each band's minimum requires",
    "required_row": "{band}: minimum requires",
    "chart_capacity_how": (
        "dashed line: the minimum of {band}; it counts the lowest types only, not {others}, before places "
        "bought and sold"
    ),
    "chart_capacity": "Places in service by type against band minimums",
    "axis_places": "places",
    # coverage
    "coverage_title": "Coverage by band and year",
    "coverage_note": (
        "Coverage = places ÷ the population the band is measured against. Misses are marked: red short of the minimum, "
        "orange over the maximum."
    ),
    "band_header": "{band}: {group} against {base}, {kind}",
    "hard": "hard",
    "soft": "soft",
    "population": "Population, {base}",
    "ages_plus": "aged {low} and over",
    "ages_range": "aged {low}–{high}",
    "group_places": "Places in {group}",
    "share": "Coverage",
    "minimum": "Minimum",
    "maximum": "Maximum",
    "min_places": "Places the minimum requires",
    "max_places": "Places the maximum allows",
    "short_places": "Places short of the minimum",
    "over_places": "Places over the maximum",
    "miss_status": "Miss (short of the minimum, over the maximum)",
    "short": "short",
    "over": "over",
    "chart_coverage": "Coverage against its limits",
    "axis_share": "share of the population",
    "axis_share_places": "share of the places in {group}",
    "axis_share_flow": "places against those the flow requires",
    "population_flow": "Places the flow requires",
    "population_places": "Places in {group} (the base)",
    # need and staff
    "need_staff_title": "Need, short-term flow and staff by year",
    "need_staff_note": (
        "Need base = sum of weight × age group. Short-term: load = admissions × mean stay ÷ 365; the places required "
        "are the least whole number meeting the targets (Erlang loss formula). Work-years = places in service × "
        "work-years per place + projects' fixed work-years."
    ),
    "need_header": "Need base {base} (persons)",
    "need_term": "{weight} × {column}",
    "need_total": "{base} in all",
    "flow_header": "Short-term flow {band}: {group} ({kind})",
    "admissions": "Admissions per year",
    "mean_stay": "Mean stay (days)",
    "offered_load": "Offered load (admissions × stay ÷ 365)",
    "places_required": "Places required",
    "flow_places": "Places in {group} in the plan",
    "flow_short": "Places short of the requirement",
    "occupancy": "Expected occupancy with the plan's places",
    "refusal": "Probability of refusal (Erlang B)",
    "max_occupancy": "Target: highest occupancy",
    "max_refusal": "Target: highest refusal probability",
    "staff_header": "Staff (work-years)",
    "staff_type": "{label} ({rate} work-years per place)",
    "staff_project": "{project}: fixed work-years",
    "staff_total": "Work-years in all",
    "labour_ceiling": "Work-years the municipality can staff",
    "labour_room": "Room (ceiling − work-years in all)",
    # costs by year
    "costs_title": "Costs by year",
    "costs_note": (
        "Grants and rent income are negative. Net cost = existing places + what the plan adds; discounted = net × "
        "discount factor."
    ),
    "discount_rate": "Discount rate",
    "existing_block": "Existing places (the stock)",
    "existing_operating": "Operating, existing places",
    "existing_rent": "Rent income, existing places",
    "existing_net": "Net, existing places",
    "added_block": "What the plan adds",
    "investment": "Investment",
    "grants": "Grants (Husbanken)",
    "fixed_costs": "Project fixed costs",
    "conversion_costs": "Conversion costs",
    "operating": "Operating",
    "rent_income": "Rent income",
    "added_operating": "Operating, new and converted places",
    "added_rent": "Rent income, new and converted places",
    "added_operating_sites": "Operating, new and converted places, less places out of service (closures, works)",
    "added_rent_sites": "Rent income, new and converted places, less places out of service (closures, works)",
    "fixed_operating": "Fixed operating (projects, sites)",
    "renovation": "Renovation of existing sites",
    "renovation_grants": "Renovation grants for existing sites (Husbanken)",
    "closure_costs": "Closure costs",
    "purchases": "Places bought",
    "sales_income": "Income from places sold",
    "existing_fixed_operating": "Fixed operating, existing sites",
    "added_fixed_operating": "Fixed operating: projects, less sites closed or under works",
    "added_net": "Net, what the plan adds",
    "net_block": "Net and present value",
    "net_cost": "Net cost",
    "discount_factor": "Discount factor 1 ÷ (1 + rate)^(year − first year)",
    "discounted_net_cost": "Discounted net cost",
    # budget
    "budget_title": "Budget: investment ceiling and headroom",
    "budget_note": ("Net investment = {formula} (what the ceiling limits). Headroom = ceiling − net investment."),
    "term_investment": "investment",
    "term_grants": "grants",
    "term_fixed_costs": "project fixed costs",
    "term_conversion_costs": "conversion costs",
    "term_renovation": "renovation",
    "term_renovation_grants": "renovation grants",
    "term_closure_costs": "closure costs",
    "ceiling": "Investment ceiling",
    "net_investment": "Net investment the plan pays",
    "headroom": "Headroom (ceiling − net investment)",
    "no_ceiling": "No investment ceiling is given (the input's budget sheet).",
    "chart_net_cost": "Net cost per year (running all places, investment and grants)",
    "chart_budget": "Net investment against the ceiling",
    "axis_money": "NOK million",
    # band costs
    "band_costs_title": "Band costs: what each band costs",
    "band_costs_note": (
        "The plan is re-solved without each band, and with its minimum 0.1 percentage point higher (maximum 0.1 lower)."
    ),
    "band_costs_absent": "Band costs were not computed: they take two or three more solves per band.",
    "band_costs_how": "Run planner solve with --band-costs (or the setting band_costs = yes) to add them.",
    "band_costs_stochastic": "Not computed for a plan over the scenarios (--stochastic); make them for one scenario.",
    "npv_plan": "NPV, the plan",
    "npv_without": "NPV without the band",
    "cost_of_band": "Cost of the band",
    "npv_min_raised": "NPV, min. +0.1 pp",
    "marginal_min": "Per 0.1 pp higher min.",
    "npv_max_lowered": "NPV, max. −0.1 pp",
    "marginal_max": "Per 0.1 pp lower max.",
    "kind": "Kind",
    "band_status": "Note",
    # what the status, the method and the solver mean (the notes sheet; its paragraphs: en_notes.py)
    "note_diagnosis": (
        "Diagnosis: the hard bands cannot all be met. This workbook holds the plan that misses them by the fewest "
        "places in total (and costs least among those), not a plan to follow. Coverage by year shows, per band and "
        "year, the places short (red) or over (orange); the Overview says how to resolve it. In the coverage sheet "
        "these are the columns shortfall_places and excess_places."
    ),
    "note_replanned": (
        "This plan is re-planned against the previous plan ({file}): openings that happened are existing places, "
        "committed (within the lead time) and frozen openings are kept, the rest is re-optimised with a small penalty "
        "per place moved (change_penalty, not in the NPV). The changes sheet shows what changed and why, and how each "
        "opening of the previous plan was treated."
    ),
    "note_ratio": (
        "This is the ratio rule's plan (today's practice), not an optimum: year by year, with no look-ahead, the "
        "cheapest places that hold each hard band's minimum that year. It is priced by the same cost formulas as an "
        "optimised plan; Coverage by year shows the years it misses a band, and then its net present cost is not "
        "directly comparable."
    ),
    "note_stopped": (
        "The solver stopped before proving optimality; summary.mip_gap says how far from proven it may be."
    ),
    "note_cbc": (
        "CBC 2.10 has called plans optimal that were not (a few hundred thousand NOK above the optimum on test "
        "instances); HiGHS, the default, proves its optimum."
    ),
    "note_cbc_verify": " Solve with --verify to have HiGHS check CBC.",
    # what the plan does (the overview's paragraph)
    "miss_in_years": "{band} in {years} ({place_years} place-years, worst {worst} places {kind} in {year})",
    "miss_short": "short",
    "miss_over": "over",
    "band_in_scenario": "{band} (scenario {scenario})",
    "plan_cannot_hold": (
        "The hard bands cannot all be met with the places that can be built within lead times, yearly limits and the "
        "investment ceiling. The smallest misses: {missed}. Resolve it by lowering a minimum, letting the band start "
        "later, allowing more new places a year or a larger ceiling, or making the band soft (hard = no, with a "
        "penalty per place-year). The figures in this workbook are for the plan with the fewest misses; it is not a "
        "plan to follow."
    ),
    "plan_is_ratio": (
        "This is the ratio rule's plan (today's practice), not an optimised plan: year by year the rule opens the "
        "cheapest places that hold each hard band that year, without looking ahead."
    ),
    "plan_opens": "The plan opens {count} new places in {span} ({listed}).",
    "plan_opens_none": "The plan opens no new places in {span}.",
    "project_opening": "{project} ({year}, {places} places)",
    "plan_projects": "Of them, {count} are in {built}.",
    "plan_converts": "Besides, {count} existing places are converted to another type.",
    "ratio_misses": (
        "The rule still misses hard bands: {missed}, because it does not build in time for the years ahead. Its net "
        "present cost is therefore not directly comparable with a plan that holds them."
    ),
    "plan_binding": (
        "New places open when a band would otherwise be missed; these bands bind (less than one place to spare): "
        "{listed}."
    ),
    "plan_chooses": (
        "Where the bands leave room, it chooses the places with the lowest present cost (investment less grants, "
        "operating less rent), within lead times, yearly limits and the investment ceiling."
    ),
    "stochastic_plan_sentence": (
        "This is one plan over {count} scenarios ({scenarios}): the decisions of {years} are the same in all, the "
        "rest adapts to each. The figures above and the sheets after this follow the chosen scenario's path "
        "({chosen}); the plan minimises the expected net present cost over the scenarios, {expected} (see "
        "Uncertainty)."
    ),
    "robust_price": (
        "The plan holds the hard bands in {others} too; that costs {regret} ({share}) more in {scenario} than the "
        "scenario's own optimum, {own}."
    ),
    "robust_price_unproven": (
        "The plan holds the hard bands in {others} too; that costs {regret} ({share}) more in {scenario} than the "
        "best plan found for the scenario alone, {own} (not proven optimal)."
    ),
    "plan_npv_sites": (
        "Its net present cost is {npv}; {existing} of it is running the stock (the places that exist or are "
        "committed) and the sites over the whole horizon, as if all were kept; the rest is what the plan adds, less "
        "what closures and renovations save."
    ),
    "plan_npv": (
        "Its net present cost is {npv}; {existing} of it is running the stock (the places that exist or are "
        "committed) over the whole horizon, the rest is what the plan adds."
    ),
    "soft_missed": "The soft band {band} is missed in {years}, where paying its penalty is cheaper.",
    "band_cost_sentence": "The band {band} costs {cost} in present value.",
    "and": "and",
    "place_years": "place-years",
    "millions": "{amount} NOK million",
    # changes from the previous plan (the account)
    "converted_more": "{count} more places converted from {source} to {target} in {year}",
    "converted_more_1": "1 more place converted from {source} to {target} in {year}",
    "converted_fewer": "{count} fewer places converted from {source} to {target} in {year}",
    "converted_fewer_1": "1 place fewer converted from {source} to {target} in {year}",
    "not_a_plan": "{file} ({name}) has status {status}: it is not a plan to follow.",
    "horizon_moved": (
        "The horizon moved from {old} to {new}; openings are compared over {first}–{last}, and the net present costs "
        "are over different years (each discounted to its own first year)."
    ),
    "npv_moved": "Net present cost: {before} M NOK before, {now} M NOK now ({change} M NOK).",
    "no_change": "No change in the openings or conversions: the plan is the baseline's, place for place.",
    "project_built": "{project} is now built: {places} places opening in {year}.",
    "project_dropped": "{project} is no longer built (it was to open in {year} with {places} places).",
    "project_moved": "opens in {year} instead of {before}",
    "project_resized": "has {places} places instead of {before}",
    "opened_more": "{count} more places of {type} open in {year}",
    "opened_more_1": "1 more place of {type} opens in {year}",
    "opened_fewer": "{count} fewer places of {type} open in {year}",
    "opened_fewer_1": "1 place fewer of {type} opens in {year}",
    "stock_changed": "stock: {site} ({type}) has {now} places in {years} where the baseline's inputs had {before}.",
    "stock_new": "stock: {site} ({type}) is new, with {now} places in {years}.",
    "stock_gone": "stock: {site} ({type}) is gone; the baseline's inputs had {before} places in {years}.",
    "smaller_changes": "; and {count} smaller change(s)",
    "population_higher": (
        "{base} in {year} is {share} higher than in the baseline's prognosis ({now} against {before}; moved in "
        "{years})."
    ),
    "population_lower": (
        "{base} in {year} is {share} lower than in the baseline's prognosis ({now} against {before}; moved in {years})."
    ),
    "population_all_higher": (
        "{bases} are each up to {share} higher than in the baseline's prognosis in {years} ({base} in {year}: {now} "
        "against {before})."
    ),
    "population_all_lower": (
        "{bases} are each up to {share} lower than in the baseline's prognosis in {years} ({base} in {year}: {now} "
        "against {before})."
    ),
    "kept_item": "{what}, {year}: {places} places",
    "kept_openings": "Kept from {file}: {items} ({why}; the changes sheet says how each opening was treated).",
    "kept_committed": "committed: their building has started",
    "kept_stage": "committed in the stochastic plan's committed years",
    "kept_frozen": "frozen by --freeze-until",
    "more_changes": "; and {count} more",
    "input_changed": "{sheet}: {column} of {name} changed from {before} to {now}.",
    "input_new": "{sheet}: {name} is new.",
    "input_gone": "{sheet}: {name} is gone.",
    # the model's and the solver's phrases (the summary and band_costs keep them in English)
    "check_proven": OPTIMALITY_CHECKS["proven"],
    "check_unchecked": OPTIMALITY_CHECKS["unchecked"],
    "check_verified": OPTIMALITY_CHECKS["verified"],
    "check_not_verified": OPTIMALITY_CHECKS["not_verified"],
    "check_refuted": OPTIMALITY_CHECKS["refuted"],
    "solver_ratio": PRICED_BY + "{solver}",
    "resolve_without": RESOLVES["without"],
    "resolve_min": RESOLVES["min"],
    "resolve_max": RESOLVES["max"],
    "outcome_optimal": "optimal",
    "outcome_feasible": "feasible",
    "outcome_infeasible": "infeasible",
    "outcome_no_solution": "no_solution",
    "outcome_unbounded": "unbounded",
}
