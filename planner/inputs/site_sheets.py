"""The schema of the buildings the municipality has and the places it buys or sells: sites, purchases, sales.

Part of the one statement of every input sheet (``planner.inputs.sheets`` gathers them); kept apart only so
that no module grows past the length the layout test allows.
"""

from __future__ import annotations

from planner.inputs.schema import Column, SheetSpec, year_span

SITE_SETTINGS: tuple[Column, ...] = (
    Column(
        "grant_replacement_window_years",
        "integer",
        "Husbanken's two streams: new places get grant_per_place only as far as they raise the total of granted "
        "place types above its first-year level in each of this many years from their opening; the rest are "
        "replacements and get replacement_grant_per_place.",
        default=10,
        minimum=1,
        unit="years",
    ),
    Column(
        "max_sold_share",
        "share",
        "With a sales sheet: places sold in a year are at most this share of the type's own places in service "
        "(the law let Bærum sell at most 20 %).",
        default=0.20,
    ),
    Column(
        "purchased_places_use_own_staff",
        "yes_no",
        "yes: bought places need the municipality's own staff (work_years_per_place) under the labour ceiling; "
        "no: the provider staffs them.",
        default=False,
    ),
)


SITES_SHEET = SheetSpec(
    "sites",
    False,
    "one existing site named in stock.site, as a decision: keep it, renovate it or close it (a site without a "
    "row here is kept as its stock rows say)",
    (
        Column("site", "text", "A site named in the stock sheet's site column (unique).", True),
        Column(
            "fixed_operating_year",
            "money",
            "NOK a year while the site has places in service, whatever their number (night staff, the building's "
            "running costs); not paid after a closure nor during works.",
            default=0.0,
            unit="NOK/year",
        ),
        Column(
            "end_of_life_year",
            "year",
            "The last year the building may be used without renovation: from the year after, it is renovated "
            "or it closes. Blank: no limit.",
        ),
        Column(
            "renovation_cost_per_place",
            "money",
            "Cost of renovating per place of the site (before the grant). Blank: the site cannot be renovated.",
        ),
        Column(
            "renovation_grant_per_place",
            "money",
            "State grant per renovated place (Husbanken's renovation stream, post 63).",
            default=0.0,
            at_most="renovation_cost_per_place",
            at_most_hint="a grant covers part of it",
        ),
        Column(
            "renovation_years",
            "count",
            "Years the site's places are out of service during the works; 0: renovated in service.",
            default=0,
            unit="years",
        ),
        Column(
            "renovation_lifetime_years",
            "integer",
            "Years of use a renovation gives after the works (also its depreciation for residual value).",
            default=30,
            minimum=1,
            unit="years",
        ),
        Column(
            "earliest_renovation_year",
            "year",
            "First year works may start; blank: first_year.",
            default_from="first_year",
        ),
        Column(
            "may_close",
            "yes_no",
            "yes: the planner may close the site in any year (saving its operating costs); no: only when its end "
            "of life has passed unrenovated.",
            default=False,
        ),
        Column("closure_cost", "money", "Paid once, in the year the site closes.", default=0.0),
    ),
)


PURCHASES_SHEET = SheetSpec(
    "purchases",
    False,
    "places the municipality may buy from one provider, of one type: they count toward the bands like own places",
    (
        Column("provider", "text", "Who sells the places (a private provider, a neighbouring municipality).", True),
        Column("type", "text", "A type from place_types: the bands count bought places as this type.", True),
        Column("price_per_place_year", "money", "Price per place per year.", True, unit="NOK/place-year"),
        Column(
            "min_places",
            "count",
            "Places bought every year from_year … to_year whatever the need (an agreement in force).",
            default=0,
            at_most="max_places",
        ),
        Column("max_places", "count", "Most places the provider offers in a year.", True),
        *year_span("places may be bought"),
        Column(
            "min_contract_years",
            "integer",
            "Places contracted in a year stay contracted at least this many years (a contract, not a day rate); "
            "a contract still running at to_year ends there.",
            default=1,
            minimum=1,
            unit="years",
        ),
    ),
)


SALES_SHEET = SheetSpec(
    "sales",
    False,
    "own places the municipality may sell to one buyer, of one type: income, and they do not count toward the bands",
    (
        Column("buyer", "text", "Who buys the places (a neighbouring municipality).", True),
        Column("type", "text", "A type from place_types: the own places sold.", True),
        Column("price_per_place_year", "money", "Price per place per year.", True, unit="NOK/place-year"),
        Column("max_places", "count", "Most places the buyer takes in a year.", True),
        *year_span("places may be sold"),
    ),
)
