"""What each plan costs, year by year and at the horizon's end: the yearly cost expressions and the residual value.

Investment and grants are timed by investment_timing (payment_shares); existing sites, Husbanken's
two grant streams and contracts add their own terms (models.sites, models.grants, models.contracts).
The kept sites' fixed operating cost is a constant of its year's expression.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

import pulp

from models.accounts import COST_COMPONENTS
from models.contracts import contract_costs
from models.grants import replacement_grant_costs, replacement_residual
from models.sites import renovation_residual, site_costs

if TYPE_CHECKING:
    from models.capacity import CapacityModel, Key, Terms


def yearly_costs(m: CapacityModel) -> None:
    """Each cost component per year, investment and grants timed by payment_shares."""
    data = m.data
    costs: dict[Key, Terms] = defaultdict(lambda: defaultdict(float))
    constants: dict[Key, float] = {}  # existing sites' fixed operating cost while they stay open
    _investment_costs(m, costs)
    _project_costs(m, costs)
    site_costs(m, costs, constants)
    replacement_grant_costs(m, costs)
    contract_costs(m, costs)
    for c in data.conversions:
        if c.cost_per_place:
            for t in data.years:
                costs["conversion_costs", t][m.converted[c.from_type, c.to_type, t]] += c.cost_per_place
    for (k, t), cap in m.capacity.items():
        pt = data.place_types[k]
        if pt.operating_per_place_year:
            costs["operating", t][cap] += pt.operating_per_place_year
        if pt.rent_per_place_year:
            costs["rent_income", t][cap] += pt.rent_per_place_year
    m.costs = {
        (comp, t): pulp.LpAffineExpression(costs.get((comp, t), {}), constant=constants.get((comp, t), 0.0))
        for comp in COST_COMPONENTS
        for t in data.years
    }


def _pay(m: CapacityModel, costs: dict, amount_per_unit: float, var, opening: int, lead: int, component: str) -> None:
    """amount × var, paid in the years payment_shares gives for an opening in OPENING after LEAD years."""
    if amount_per_unit:
        for year, share in m.data.payment_shares(opening, lead).items():
            costs[component, year][var] += share * amount_per_unit


def _investment_costs(m: CapacityModel, costs: dict) -> None:
    """Investment and grants of generic new places, paid as investment_timing says."""
    for (k, t), var in m.new_modules.items():
        pt = m.data.place_types[k]
        if var.upBound == 0:
            continue  # cannot open: no cost terms to carry
        _pay(m, costs, pt.investment_per_place * pt.module_size, var, t, pt.lead_time_years, "investment")
        _pay(m, costs, pt.grant_per_place * pt.module_size, var, t, pt.lead_time_years, "grants")


def _project_costs(m: CapacityModel, costs: dict) -> None:
    """A project's fixed cost, its places' investment and grants (timed by its longest lead time), fixed operating."""
    data = m.data
    for p in data.projects:
        lead = data.project_lead_time(p)
        for t in m.windows[p.project]:
            _pay(m, costs, p.fixed_cost, m.project_open[p.project, t], t, lead, "fixed_costs")
            for mix in p.mix:
                pt = data.place_types[mix.type]
                x = m.project_places[p.project, mix.type, t]
                _pay(m, costs, pt.investment_per_place, x, t, lead, "investment")
                _pay(m, costs, pt.grant_per_place, x, t, lead, "grants")
        if p.fixed_operating_year:
            for t in data.years:
                if (p.project, t) in m.built:
                    costs["fixed_operating", t][m.built[p.project, t]] += p.fixed_operating_year


def residual_value(m: CapacityModel) -> None:
    """Σ net investment × max(0, 1 − (last_year − t + 1)/L); project fixed cost over its longest L."""
    data = m.data
    value: Terms = defaultdict(float)
    for (k, t), var in m.new_modules.items():
        pt = data.place_types[k]
        share = data.residual_share(t, pt.lifetime_years)
        if share and var.upBound != 0:
            value[var] += pt.net_investment_per_place * pt.module_size * share
    for p in data.projects:
        life = data.project_lifetime(p)
        for t in m.windows[p.project]:
            if p.fixed_cost and data.residual_share(t, life):
                value[m.project_open[p.project, t]] += p.fixed_cost * data.residual_share(t, life)
            for mix in p.mix:
                pt = data.place_types[mix.type]
                share = data.residual_share(t, pt.lifetime_years)
                if share:
                    value[m.project_places[p.project, mix.type, t]] += pt.net_investment_per_place * share
    renovation_residual(m, value)
    replacement_residual(m, value)
    m.residual_value = pulp.LpAffineExpression(value)
