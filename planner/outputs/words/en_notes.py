"""The notes sheet in English: how to read the plan, by key (part of WORDS in en.py)."""

from __future__ import annotations

NOTES: dict[str, str] = {
    "notes_title": "How to read this plan",
    "notes_people": "## The sheets for people",
    "notes_overview": (
        "Overview: what the plan does in one paragraph; the net present cost and how it builds up; totals over the "
        "horizon, undiscounted and discounted; new places per type and project; where the bands bind and are missed; "
        "the solution."
    ),
    "notes_plan": (
        "Plan by year: new places per type and project, conversions, existing places and places in service (existing + "
        "new up to the year + converted in − converted out − out of service), places bought and sold, and the places "
        "each band's minimum requires. The chart "
        "stacks places in service by type against them."
    ),
    "notes_sites": (
        "Sites (when the input has a sites sheet): per existing site its places, when its life ends, what the plan "
        "does (keeps it, renovates it with its years of works, closes it) and why, and for comparison per place and "
        "year what a place costs kept, what a renovation adds and what a new place costs."
    ),
    "notes_coverage": (
        "Coverage by year: per band and year its base, the places, the coverage (places in service + bought − sold, "
        "÷ the base), the limits, the places they require and allow, and places short of the minimum or over the "
        "maximum (red and orange)."
    ),
    "notes_need_staff": (
        "Need and staff (when the input has a need, flows or labour sheet or staff figures): each need base as the sum "
        "of weight × age group; per short-term flow admissions, mean stay, load (admissions × stay ÷ 365), the places "
        "required (the least whole number meeting the refusal target by the Erlang loss formula and the occupancy "
        "target), the plan's places, expected occupancy and refusal probability; work-years per type (places in "
        "service × work-years per place), projects' fixed work-years, total, ceiling and room (negative is red)."
    ),
    "notes_key_figures": (
        "Key figures (KOSTRA) (when the place types have a kostra column): the plan's figures per year as SSB "
        "publishes them in KOSTRA, with the indicator's code, as formulas on the plan's rows and the residents aged "
        "80 and over; so the plan can be read beside the municipality's own statistics."
    ),
    "notes_costs": (
        "Costs by year: what the existing places and sites cost (operating less rent, and the sites' fixed operating) "
        "on their own, and what the plan adds (investment, grants, fixed costs, conversions, operating and rent of new "
        "and converted places less the places out of service where sites close or are renovated, projects' fixed "
        "operating, renovation, closures, places bought and sold); net, discount factor, discounted; the net present "
        "cost built up at the bottom."
    ),
    "notes_budget": (
        "Budget: per year the investment ceiling, the net investment the plan pays and the headroom (negative is red); "
        "the chart shows net investment and net cost against the ceiling."
    ),
    "notes_band_costs": (
        "Band costs (with --band-costs): per band the NPV without it, the band's cost (the plan's NPV less that) and "
        "the marginal cost of raising its minimum (lowering its maximum) by 0.1 percentage point, each by a re-solve."
    ),
    "notes_stochastic": (
        "Uncertainty (with --stochastic): per scenario its weight, its cost under this plan, its own optimum, the "
        "chosen scenario's plan adapted and the robust plan's cost; the expected figures, EVPI and VSS as formulas; "
        "then the committed decisions (the same in every scenario) and each scenario's continuation."
    ),
    "notes_formulas": (
        "Totals, net cost, discounting, coverage, the net present cost and headroom are formulas you can trace; each "
        "cell also stores the planner's number, so programs that do not recalculate show the same figure. Amounts show "
        "in NOK million with one decimal; the cells hold NOK to the øre."
    ),
    "notes_machine": "## The machine-readable sheets (fixed columns)",
    "notes_machine_sheets": (
        "summary, plan, conversions, capacity, coverage, costs, site_decisions, grant_streams, purchased, sold, staff, "
        "flows, band_costs, changes, scenarios, scenario_coverage and stochastic are long tables of plain values for "
        "scripts; their columns are fixed by the planner's contract (each only when the plan has what it holds: "
        "sites, purchases and sales, staff, short-term flows, band costs, an earlier plan, scenarios). "
        "input_<sheet> are copies of the input sheets. They are hidden, so that "
        "printing the workbook prints the sheets for people only; scripts read them as usual. To see them: in Excel "
        "right-click a sheet tab and choose Unhide; in LibreOffice choose Sheet > Show Sheet."
    ),
    "notes_identities": (
        "capacity = stock − out of service (site_decisions) + places opened (plan) + converted in − converted out; "
        "places the bands count = capacity + purchased − sold; net_cost = {net_cost}; "
        "discounted_net_cost = net_cost × discount_factor; objective_npv = Σ discounted_net_cost + "
        "penalties_discounted − residual_value_discounted."
    ),
    "notes_assumptions": "## The model's assumptions",
    "notes_prices": (
        "All amounts in fixed prices (the inputs' price level). Discount factor d(t) = 1 ÷ (1 + rate)^(t − first "
        "year). Investment is paid in the opening year, or spread over the lead time (investment_timing = spread)."
    ),
    "notes_new_place": (
        "A new place is in service from its opening year to the horizon end; the investment not yet depreciated "
        "(straight line over its lifetime) is deducted as residual value, and so is a renovation's (over the years it "
        "gives, from the end of its works). Operating cost and rent apply to every place in service, the existing "
        "ones included."
    ),
    "notes_bands": (
        "Coverage = the places of the band's group ÷ the population it is measured against, every year. Hard bands "
        "must hold; soft bands may be missed at a penalty per place and year. A project opens once, all its types in "
        "the same year, at the earliest first year + its longest lead time. The investment ceiling limits net "
        "investment per year."
    ),
    "notes_need": (
        "A need base (need sheet) is a weighted sum of age groups; a composition band (base places:<group>) measures "
        "places against the places of another group; a short-term flow becomes a band <group>_flow whose minimum is "
        "the places it requires. The labour ceiling (labour sheet) limits work-years per year: places in service × "
        "work-years per place + the fixed work-years of opened projects."
    ),
    "notes_sites_contracts": (
        "Existing sites (the sites sheet) may be kept until their life ends, renovated (their places out of service "
        "in the years of works, the site given new years) or closed (their places out of service from then on); past "
        "its life a site must be renovated or closed. Bought places (the purchases sheet) count toward the bands at "
        "their price, in contracts of at least min_contract_years years, so the plan may buy and sell one type in one "
        "year while a contract still runs; sold places (the sales sheet) do not count and bring income, at most "
        "max_sold_share of the type's own places in service. Husbanken's investment grant has two streams: net new "
        "places (grant_per_place) for new places that raise the granted place types above their first-year level, "
        "and replacement (replacement_grant_per_place) for the rest (grant_streams)."
    ),
    "notes_provenance": "## Provenance",
    "notes_input_file": "Input file",
    "notes_solver": "solver",
    "notes_created": "Created",
    "notes_check": "How the optimum was checked",
}
