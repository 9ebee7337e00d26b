"""Kostnader per år (Costs by year): the stock's cost apart from what the plan adds; net, discounted, the NPV."""

from __future__ import annotations

import math

from xlsxwriter.utility import xl_col_to_name

from models.accounts import BUDGET_COMPONENTS, COST_COMPONENTS, NET_COST_SIGNS
from models.inputs import PlanningInput
from models.results import Solution
from planner.outputs.people.grid import FACTOR, MILLIONS, RATE, F, Grid, Layout, Review, nok, year_columns
from planner.outputs.words import Words

# The components the existing places (the stock) carry: each is shown as the stock's part and the plan's part.
STOCK_PARTS = {"operating": ("existing_operating", "added_operating"), "rent_income": ("existing_rent", "added_rent")}
# With sites, the plan's part also has the stock places that closures and works take out of service (a negative):
# its label says so.
STOCK_PARTS_WITH_SITES = {
    "operating": ("existing_operating", "added_operating_sites"),
    "rent_income": ("existing_rent", "added_rent_sites"),
}
# Existing sites with a fixed operating cost carry that too: kept, it is the stock's; closures and works save it.
SITE_PART = {"fixed_operating": ("existing_fixed_operating", "added_fixed_operating")}
# Components only an input with sites, purchases or sales can have: shown only then.
_FEATURE_COMPONENTS = {
    "sites": ("renovation", "renovation_grants", "closure_costs"),
    "purchases": ("purchases",),
    "sales": ("sales_income",),
}


def stock_parts(data: PlanningInput) -> dict[str, tuple[str, str]]:
    """The components shown as the stock's part and the plan's part, for this input."""
    parts = STOCK_PARTS_WITH_SITES if data.sites else STOCK_PARTS
    return parts | SITE_PART if has_site_operating(data) else parts


def has_site_operating(data: PlanningInput) -> bool:
    """Whether an existing site has a fixed operating cost: then the stock's part carries it, and says so."""
    return any(site.fixed_operating_year for site in data.sites)


def shown_components(data: PlanningInput, among: tuple[str, ...] = COST_COMPONENTS) -> tuple[str, ...]:
    """The cost components of ``among`` this input can have: sites', purchases' and sales' only when it has them."""
    unused = {c for feature, parts in _FEATURE_COMPONENTS.items() if not getattr(data, feature) for c in parts}
    return tuple(c for c in among if c not in unused)


def shown_budget_components(data: PlanningInput) -> tuple[str, ...]:
    return shown_components(data, BUDGET_COMPONENTS)


def costs_by_year(g: Grid, review: Review) -> None:
    """Existing places, what the plan adds (each component with its sign), net, discount factor, discounted, NPV."""
    solution, data, say, layout = review.solution, review.data, review.say, review.layout
    year_columns(g)
    g.title(say("costs_title"))
    g.note(f"{say('money_unit')}. {say('costs_note')}")
    rate_row = g.row
    g.put(rate_row, 0, say("discount_rate"))
    g.put(rate_row, 1, data.discount_rate, g.styles(num_format=RATE))
    g.row += 2
    costs = solution.costs.set_index("year").reindex(g.years)
    stock = _stock_costs(data, g.years)
    parts = stock_parts(data)
    header = _existing_block(g, stock, say, layout, parts)
    _added_block(g, costs, stock, say, layout, parts, shown_components(data))
    _net_block(g, costs, say, layout, header, rate_row)
    _npv_build_up(g, solution, say, layout)


def _stock_costs(data: PlanningInput, years: list[int]) -> dict[str, list[float]]:
    """The stock's operating cost, rent income and sites' fixed operating cost per year: existing places, as given."""
    types = data.place_types.values()
    return {
        "operating": [sum(data.stock_places(k.type, y) * k.operating_per_place_year for k in types) for y in years],
        "rent_income": [sum(data.stock_places(k.type, y) * k.rent_per_place_year for k in types) for y in years],
        "fixed_operating": [
            sum(site.fixed_operating_year for site in data.sites if data.site_places(site.site, y)) for y in years
        ],
    }


def _existing_block(g: Grid, stock: dict[str, list[float]], say: Words, layout: Layout, parts: dict) -> int:
    """What the existing places cost on their own, each part with its sign; the header row's index."""
    rows = layout.cost_rows
    header = g.header(say("existing_block"))
    for component, (key, _) in parts.items():
        values = [NET_COST_SIGNS[component] * v for v in stock[component]]
        rows[key] = g.line(say(key), values, MILLIONS, total=True)
    rows["existing_net"] = g.sum_line(
        say("existing_net"), [rows[key] for key, _ in parts.values()], MILLIONS, total=True
    )
    g.blank()
    return header


def _added_block(
    g: Grid, costs, stock: dict[str, list[float]], say: Words, layout: Layout, parts: dict, components: tuple
) -> None:
    """What the plan adds: every cost component with its sign, the stock's part taken out."""
    rows = layout.cost_rows
    g.header(say("added_block"))
    added = []
    for component in components:
        sign = NET_COST_SIGNS[component]
        if component in parts:
            key = parts[component][1]
            values = [sign * (v - s) for v, s in zip(costs[component], stock[component], strict=True)]
        else:
            key, values = component, [sign * v for v in costs[component]]
        rows[key] = g.line(say(key), values, MILLIONS, total=True)
        added.append(rows[key])
    rows["added_net"] = g.sum_line(say("added_net"), added, MILLIONS, total=True)
    g.blank()


def _net_block(g: Grid, costs, say: Words, layout: Layout, header: int, rate_row: int) -> None:
    """Net cost (existing + added, checked against the model's), the discount factor, the discounted net cost."""
    rows = layout.cost_rows
    g.header(say("net_block"))
    net_cells, factor_cells, discounted_cells = [], [], []
    for y, model_net, model_factor in zip(g.years, costs["net_cost"], costs["discount_factor"], strict=True):
        c = g.col(y)
        net = g.value(rows["existing_net"], c) + g.value(rows["added_net"], c)
        if not math.isclose(net, model_net, rel_tol=1e-9, abs_tol=1.0):  # the split must add up to the model's net
            raise ArithmeticError(f"net cost {y}: parts give {net}, the model {model_net}")
        net_cells.append(F(f"={g.a1(rows['existing_net'], c)}+{g.a1(rows['added_net'], c)}", net))
        year, first = f"{xl_col_to_name(c)}${header + 1}", f"$B${header + 1}"
        factor_cells.append(F(f"=1/(1+$B${rate_row + 1})^({year}-{first})", model_factor))
    rows["net_cost"] = g.line(say("net_cost"), net_cells, MILLIONS, total=True, bold=True)
    rows["discount_factor"] = g.line(say("discount_factor"), factor_cells, FACTOR)
    for y in g.years:
        c = g.col(y)
        cached = g.value(rows["net_cost"], c) * g.value(rows["discount_factor"], c)
        discounted_cells.append(F(f"={g.a1(rows['net_cost'], c)}*{g.a1(rows['discount_factor'], c)}", cached))
    rows["discounted_net_cost"] = g.line(say("discounted_net_cost"), discounted_cells, MILLIONS, total=True, bold=True)
    g.blank()


def _npv_build_up(g: Grid, solution: Solution, say: Words, layout: Layout) -> None:
    """The NPV built up: label in A, figure in the total column beside the discounted total above it."""
    rows = layout.cost_rows
    g.header(say("npv_block"), years=False, total=False)
    col = g.total_col
    cells = layout.npv_cells
    total_discounted = g.value(rows["discounted_net_cost"], col)
    build = [
        ("npv_sum_discounted", F(f"={g.a1(rows['discounted_net_cost'], col)}", total_discounted)),
        ("npv_penalties", nok(solution.penalties_discounted or 0.0)),
        ("npv_residual", nok(-(solution.residual_value_discounted or 0.0))),
    ]
    for key, value in build:
        g.put_label(g.row, say(key))
        g.put(g.row, col, value, g.styles(num_format=MILLIONS))
        cells[key] = (g.row, col)
        g.row += 1
    first, last = cells["npv_sum_discounted"][0], cells["npv_residual"][0]
    g.put_label(g.row, say("npv_total"), bold=True, top=1)
    g.put(
        g.row,
        col,
        F(f"=SUM({g.a1(first, col)}:{g.a1(last, col)})", sum(g.value(r, col) for r in range(first, last + 1))),
        g.styles(num_format=MILLIONS, bold=True, top=1),
    )
    cells["npv_total"] = (g.row, col)
    g.row += 1
