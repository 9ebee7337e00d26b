"""The capacity-planning MILP, one function per rule family.

Notation (docs/formulation.md writes it out): years t ∈ T, place types k, candidate
projects p, conversions c = (k → k'), bands b. The model holds its variables and the
yearly cost expressions, so results are read from the same expressions the solver priced.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pulp

from models.inputs import PlanningInput

# The solver sees costs in million NOK: keeps coefficients near 1 for numerical stability.
OBJECTIVE_SCALE = 1e-6

# net_cost(t) = Σ sign × component(t): grants and rent income reduce it. The one statement of
# that formula; the model, the costs table and the overview sheet all read it from here.
NET_COST_SIGNS = {
    "investment": 1,
    "grants": -1,
    "fixed_costs": 1,
    "conversion_costs": 1,
    "operating": 1,
    "rent_income": -1,
    "fixed_operating": 1,
}
COST_COMPONENTS = tuple(NET_COST_SIGNS)

Key = tuple


@dataclass
class CapacityModel:
    data: PlanningInput
    problem: pulp.LpProblem
    elastic: bool = False
    new_modules: dict[Key, pulp.LpVariable] = field(default_factory=dict)  # (k, t)
    project_open: dict[Key, pulp.LpVariable] = field(default_factory=dict)  # (p, t)
    project_places: dict[Key, pulp.LpVariable] = field(default_factory=dict)  # (p, k, t)
    converted: dict[Key, pulp.LpVariable] = field(default_factory=dict)  # (k, k', t)
    shortfall: dict[Key, pulp.LpVariable] = field(default_factory=dict)  # (band, t)
    excess: dict[Key, pulp.LpVariable] = field(default_factory=dict)  # (band, t)
    capacity: dict[Key, pulp.LpAffineExpression] = field(default_factory=dict)  # (k, t)
    costs: dict[Key, pulp.LpAffineExpression] = field(default_factory=dict)  # (component, t)
    residual_value: pulp.LpAffineExpression = field(default_factory=pulp.LpAffineExpression)
    penalties: pulp.LpAffineExpression = field(default_factory=pulp.LpAffineExpression)
    hard_violation: pulp.LpAffineExpression = field(default_factory=pulp.LpAffineExpression)
    _names: set[str] = field(default_factory=set)

    def add(self, constraint: pulp.LpConstraint, name: str) -> None:
        self.problem += constraint, name

    def name(self, *parts: object) -> str:
        """A unique solver-safe name: PuLP writes names to LP/MPS files, so no spaces or symbols."""
        raw = "".join(ch if ch.isalnum() else "_" for ch in "_".join(str(p) for p in parts))
        name, n = raw, 1
        while name in self._names:
            n += 1
            name = f"{raw}_{n}"
        self._names.add(name)
        return name

    def net_present_cost(self) -> pulp.LpAffineExpression:
        """Σ_t d(t)·net_cost(t) + penalties − d(last_year+1)·residual value."""
        data = self.data
        total = pulp.LpAffineExpression()
        for t in data.years:
            total += data.discount_factor(t) * self.net_cost(t)
        return total + self.penalties - data.discount_factor(data.last_year + 1) * self.residual_value

    def net_cost(self, t: int) -> pulp.LpAffineExpression:
        """investment − grants + fixed costs + conversion costs + operating − rent + fixed operating."""
        return pulp.lpSum(sign * self.costs[component, t] for component, sign in NET_COST_SIGNS.items())

    def net_investment(self, t: int) -> pulp.LpAffineExpression:
        """What the budget limits: investment − grants + fixed costs + conversion costs."""
        c = self.costs
        return c["investment", t] - c["grants", t] + c["fixed_costs", t] + c["conversion_costs", t]

    def opening_places(self, k: str, t: int) -> pulp.LpAffineExpression:
        """New places of type k opening in year t, generic and through projects."""
        expr = self.data.place_types[k].module_size * self.new_modules[k, t]
        for p in self.data.projects:
            if (p.project, k, t) in self.project_places:
                expr += self.project_places[p.project, k, t]
        return expr


def build_model(data: PlanningInput, elastic: bool = False) -> CapacityModel:
    """Variables, constraints and the objective for one planning input.

    elastic=True turns every hard band soft with unpriced shortfall/excess, summed in
    ``hard_violation``: the infeasibility diagnosis minimises that first.
    """
    m = CapacityModel(data, pulp.LpProblem("capacity_plan", pulp.LpMinimize), elastic=elastic)
    decision_variables(m)
    lead_times(m)
    project_window(m)
    capacity_balance(m)
    project_once(m)
    project_sizes(m)
    max_new_per_year(m)
    conversion_limits(m)
    nonnegative_capacity(m)
    coverage_bands(m)
    yearly_costs(m)
    residual_value(m)
    investment_budget(m)
    m.problem.setObjective(OBJECTIVE_SCALE * m.net_present_cost())
    return m


def decision_variables(m: CapacityModel) -> None:
    """new(k,t) ∈ ℤ≥0 modules; open(p,t) ∈ {0,1}; x(p,k,t) ∈ ℤ≥0 places; conv(c,t) ∈ ℤ≥0."""
    data = m.data
    for k in data.place_types:
        for t in data.years:
            m.new_modules[k, t] = m.problem.add_variable(m.name("new", k, t), 0, cat="Integer")
    for p in data.projects:
        for t in data.years:
            m.project_open[p.project, t] = m.problem.add_variable(m.name("open", p.project, t), cat="Binary")
            for mix in p.mix:
                m.project_places[p.project, mix.type, t] = m.problem.add_variable(
                    m.name("x", p.project, mix.type, t), 0, cat="Integer"
                )
    for c in data.conversions:
        for t in data.years:
            m.converted[c.from_type, c.to_type, t] = m.problem.add_variable(
                m.name("conv", c.from_type, c.to_type, t), 0, cat="Integer"
            )


def lead_times(m: CapacityModel) -> None:
    """new(k,t) = 0 for t < first_year + lead_time(k), and always where new_without_project = no."""
    data = m.data
    for k, pt in data.place_types.items():
        for t in data.years:
            if t < data.first_year + pt.lead_time_years or not pt.new_without_project:
                m.new_modules[k, t].upBound = 0


def project_window(m: CapacityModel) -> None:
    """open(p,t) = 0 unless max(earliest_year, first_year + max lead time in mix) ≤ t ≤ latest_year."""
    data = m.data
    for p in data.projects:
        start = max(p.earliest_year, data.first_year + data.project_lead_time(p))
        for t in data.years:
            if not start <= t <= p.latest_year:
                m.project_open[p.project, t].upBound = 0


def capacity_balance(m: CapacityModel) -> None:
    """cap(k,t) = stock(k,t) + Σ_{s≤t} [opened(k,s) + conv_in(k,s) − conv_out(k,s)]."""
    data = m.data
    for k in data.place_types:
        running = pulp.LpAffineExpression()
        for t in data.years:
            running += m.opening_places(k, t)
            for c in data.conversions:
                if c.to_type == k:
                    running += m.converted[c.from_type, k, t]
                if c.from_type == k:
                    running -= m.converted[k, c.to_type, t]
            m.capacity[k, t] = running + data.stock_places(k, t)


def project_once(m: CapacityModel) -> None:
    """Σ_t open(p,t) ≤ 1: a candidate facility opens at most once."""
    for p in m.data.projects:
        m.add(pulp.lpSum(m.project_open[p.project, t] for t in m.data.years) <= 1, m.name("once", p.project))


def project_sizes(m: CapacityModel) -> None:
    """min·open(p,t) ≤ Σ_k x(p,k,t) ≤ max·open(p,t); mix_min·open ≤ x(p,k,t) ≤ mix_max·open."""
    for p in m.data.projects:
        for t in m.data.years:
            is_open = m.project_open[p.project, t]
            places = [m.project_places[p.project, mix.type, t] for mix in p.mix]
            m.add(pulp.lpSum(places) >= p.min_places * is_open, m.name("size_min", p.project, t))
            m.add(pulp.lpSum(places) <= p.max_places * is_open, m.name("size_max", p.project, t))
            for mix, x in zip(p.mix, places, strict=True):
                m.add(x >= mix.min_places * is_open, m.name("mix_min", p.project, mix.type, t))
                m.add(x <= mix.max_places * is_open, m.name("mix_max", p.project, mix.type, t))


def max_new_per_year(m: CapacityModel) -> None:
    """module(k)·new(k,t) + Σ_p x(p,k,t) ≤ max_new_per_year(k)."""
    for k, pt in m.data.place_types.items():
        if pt.max_new_per_year is None:
            continue
        for t in m.data.years:
            m.add(m.opening_places(k, t) <= pt.max_new_per_year, m.name("max_new", k, t))


def conversion_limits(m: CapacityModel) -> None:
    """conv(c,t) ≤ max_per_year(c), and conv(c,t) = 0 for t < earliest_year(c)."""
    for c in m.data.conversions:
        for t in m.data.years:
            var = m.converted[c.from_type, c.to_type, t]
            var.upBound = 0 if t < c.earliest_year else c.max_per_year


def nonnegative_capacity(m: CapacityModel) -> None:
    """cap(k,t) ≥ 0 for every type places can be converted out of."""
    sources = {c.from_type for c in m.data.conversions}
    for k in sources:
        for t in m.data.years:
            m.add(m.capacity[k, t] >= 0, m.name("cap_nonneg", k, t))


def coverage_bands(m: CapacityModel) -> None:
    """min_share·base(t) ≤ Σ_{k∈group} cap(k,t) [+ short] and [− over] ≤ max_share·base(t)."""
    data = m.data
    for b in data.bands:
        types = data.group_types(b.group)
        soft = not b.hard or m.elastic
        for t in b.years():
            places = pulp.lpSum(m.capacity[k, t] for k in types)
            population = data.population[b.base][t]
            if b.min_share is not None:
                lower = places
                if soft:
                    short = m.problem.add_variable(m.name("short", b.band, t), 0)
                    m.shortfall[b.band, t] = short
                    lower = places + short
                    _charge(m, b, t, short)
                m.add(lower >= b.min_share * population, m.name("band_min", b.band, t))
            if b.max_share is not None:
                upper = places
                if soft:
                    over = m.problem.add_variable(m.name("over", b.band, t), 0)
                    m.excess[b.band, t] = over
                    upper = places - over
                    _charge(m, b, t, over)
                m.add(upper <= b.max_share * population, m.name("band_max", b.band, t))


def _charge(m: CapacityModel, band, t: int, miss: pulp.LpVariable) -> None:
    """Soft bands cost their penalty; hard bands made elastic count toward the violation."""
    if band.hard:
        m.hard_violation += miss
    else:
        m.penalties += m.data.discount_factor(t) * band.penalty_per_place_year * miss


def yearly_costs(m: CapacityModel) -> None:
    """Each cost component per year, investment and grants timed by payment_shares."""
    data = m.data
    costs: dict[Key, pulp.LpAffineExpression] = defaultdict(pulp.LpAffineExpression)

    def pay(amount_per_unit: float, var, opening: int, lead: int, component: str) -> None:
        if amount_per_unit:
            for year, share in data.payment_shares(opening, lead).items():
                costs[component, year] += share * amount_per_unit * var

    for (k, t), var in m.new_modules.items():
        pt = data.place_types[k]
        pay(pt.investment_per_place * pt.module_size, var, t, pt.lead_time_years, "investment")
        pay(pt.grant_per_place * pt.module_size, var, t, pt.lead_time_years, "grants")
    for p in data.projects:
        lead = data.project_lead_time(p)
        for t in data.years:
            pay(p.fixed_cost, m.project_open[p.project, t], t, lead, "fixed_costs")
            for mix in p.mix:
                pt = data.place_types[mix.type]
                x = m.project_places[p.project, mix.type, t]
                pay(pt.investment_per_place, x, t, lead, "investment")
                pay(pt.grant_per_place, x, t, lead, "grants")
    for c in data.conversions:
        for t in data.years:
            costs["conversion_costs", t] += c.cost_per_place * m.converted[c.from_type, c.to_type, t]
    for (k, t), cap in m.capacity.items():
        pt = data.place_types[k]
        costs["operating", t] += pt.operating_per_place_year * cap
        costs["rent_income", t] += pt.rent_per_place_year * cap
    for p in data.projects:
        opened_by = pulp.LpAffineExpression()
        for t in data.years:
            opened_by += m.project_open[p.project, t]
            costs["fixed_operating", t] += p.fixed_operating_year * opened_by
    m.costs = {(comp, t): costs[comp, t] for comp in COST_COMPONENTS for t in data.years}


def residual_value(m: CapacityModel) -> None:
    """Σ net investment × max(0, 1 − (last_year − t + 1)/L); project fixed cost over its longest L."""
    data = m.data
    value = pulp.LpAffineExpression()
    for (k, t), var in m.new_modules.items():
        pt = data.place_types[k]
        value += pt.net_investment_per_place * pt.module_size * data.residual_share(t, pt.lifetime_years) * var
    for p in data.projects:
        life = data.project_lifetime(p)
        for t in data.years:
            value += p.fixed_cost * data.residual_share(t, life) * m.project_open[p.project, t]
            for mix in p.mix:
                pt = data.place_types[mix.type]
                share = data.residual_share(t, pt.lifetime_years)
                value += pt.net_investment_per_place * share * m.project_places[p.project, mix.type, t]
    m.residual_value = value


def investment_budget(m: CapacityModel) -> None:
    """investment(t) − grants(t) + fixed_costs(t) + conversion_costs(t) ≤ max_net_investment(t)."""
    for t, ceiling in m.data.budget.items():
        if t in m.data.years:
            m.add(m.net_investment(t) <= ceiling, m.name("budget", t))
