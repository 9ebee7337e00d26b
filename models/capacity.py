"""The capacity-planning MILP, one function per rule family.

Notation (docs/formulation.md writes it out): years t ∈ T, place types k, candidate
projects p, conversions c = (k → k'), bands b. Capacity has its own variables, linked by
one sparse balance row per type and year, so every band, cost and budget row stays short
however long the horizon. Rows are built in one pass from dictionaries of coefficients.
The model holds its variables and the yearly cost expressions, so results are read from
the same expressions the solver priced.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

import pulp

from models.accounts import BUDGET_COMPONENTS, NET_COST_SIGNS
from models.contracts import (
    contract_variables,
    contracted_places,
    minimum_contract,
    purchased_staff,
    sold_share,
)
from models.costs import residual_value, yearly_costs
from models.grants import grant_streams
from models.inputs import PLACE_TOLERANCE, PlanningInput
from models.sites import (
    close_once,
    end_of_life,
    frozen_site_decisions,
    renovation_interval,
    site_losses,
    site_variables,
    works_or_closed,
)

WHOLE_PLACE_LIMITS = True  # round hard band limits to whole places (bench/experiments.py measures it off)

# The solver sees costs in million NOK: keeps coefficients near 1 for numerical stability.
OBJECTIVE_SCALE = 1e-6

Key = tuple
Terms = dict  # variable -> coefficient: one row (or expression) before it becomes a PuLP object


@dataclass
class CapacityModel:
    data: PlanningInput
    problem: pulp.LpProblem
    elastic: bool = False
    new_modules: dict[Key, pulp.LpVariable] = field(default_factory=dict)  # (k, t)
    project_open: dict[Key, pulp.LpVariable] = field(default_factory=dict)  # (p, t), years in its window
    project_places: dict[Key, pulp.LpVariable] = field(default_factory=dict)  # (p, k, t), years in its window
    converted: dict[Key, pulp.LpVariable] = field(default_factory=dict)  # (k, k', t)
    capacity: dict[Key, pulp.LpVariable] = field(default_factory=dict)  # (k, t)
    built: dict[Key, pulp.LpVariable] = field(default_factory=dict)  # (p, t): opened in a year ≤ t
    shortfall: dict[Key, pulp.LpVariable] = field(default_factory=dict)  # (band, t)
    excess: dict[Key, pulp.LpVariable] = field(default_factory=dict)  # (band, t)
    labour_excess: dict[int, pulp.LpVariable] = field(default_factory=dict)  # t: work-years over (diagnosis)
    site_close: dict[Key, pulp.LpVariable] = field(default_factory=dict)  # (s, t): the site closes in t
    site_closed: dict[Key, pulp.LpVariable] = field(default_factory=dict)  # (s, t): closed in a year ≤ t
    renovate: dict[Key, pulp.LpVariable] = field(default_factory=dict)  # (s, t): its works start in t
    bought: dict[Key, pulp.LpVariable] = field(default_factory=dict)  # (j, t): places of purchase row j
    sold: dict[Key, pulp.LpVariable] = field(default_factory=dict)  # (i, t): places of sale row i
    full_grant: dict[Key, pulp.LpVariable] = field(default_factory=dict)  # (k, t): new places with the full grant
    costs: dict[Key, pulp.LpAffineExpression] = field(default_factory=dict)  # (component, t)
    residual_value: pulp.LpAffineExpression = field(default_factory=pulp.LpAffineExpression)
    penalties: pulp.LpAffineExpression = field(default_factory=pulp.LpAffineExpression)
    hard_violation: pulp.LpAffineExpression = field(default_factory=pulp.LpAffineExpression)
    change_penalty: pulp.LpAffineExpression = field(default_factory=pulp.LpAffineExpression)
    windows: dict[str, list[int]] = field(default_factory=dict)  # p -> the years it may open, ascending
    # (k, t) -> [(coefficient, variable)]: the places of type k opening in year t
    openings: dict[Key, list] = field(default_factory=lambda: defaultdict(list))
    prefix: str = ""  # before every name: several scenarios' models in one problem (models.stochastic)
    _names: set[str] = field(default_factory=set)

    def add(self, terms: Terms, sense: int, rhs: float, name: str) -> None:
        """One row: Σ coef·var (sense) rhs, from a dict built in one pass."""
        self.problem.addConstraint(pulp.LpConstraint(pulp.LpAffineExpression(terms), sense, name, rhs))

    def variable(self, *parts: object, low: float | None = 0, up: float | None = None, cat: str = "Continuous"):
        return self.problem.add_variable(self.name(*parts), low, up, cat=cat)

    def name(self, *parts: object) -> str:
        """A unique solver-safe name: PuLP writes names to LP/MPS files, so no spaces or symbols."""
        parts = (self.prefix, *parts) if self.prefix else parts
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
        total: Terms = defaultdict(float)
        constant = 0.0  # the kept sites' fixed operating cost: part of the cost a plan is judged by
        for (component, t), expr in self.costs.items():
            weight = NET_COST_SIGNS[component] * data.discount_factor(t)
            constant += weight * expr.constant
            for var, coef in expr.items():
                total[var] += weight * coef
        for var, coef in self.penalties.items():
            total[var] += coef
        end = data.discount_factor(data.last_year + 1)
        for var, coef in self.residual_value.items():
            total[var] -= end * coef
        return pulp.LpAffineExpression(total, constant=constant)

    def net_investment(self, t: int) -> Terms:
        """What the budget limits: investment − grants + fixed costs + conversion costs."""
        terms: Terms = defaultdict(float)
        for component in BUDGET_COMPONENTS:
            for var, coef in self.costs[component, t].items():
                terms[var] += NET_COST_SIGNS[component] * coef
        return terms

    def facility_openings(self) -> dict[str, str]:
        """Each open(p,t) variable's name -> p: what models.first_plan restricts."""
        return {var.name: p for (p, _t), var in self.project_open.items()}

    def places_available(self, k: str, t: int) -> Terms:
        """cap(k,t) + bought − sold: the places of type k the bands count in year t."""
        terms: Terms = defaultdict(float, contracted_places(self, k, t))
        terms[self.capacity[k, t]] += 1.0
        return terms

    def opening_places(self, k: str, t: int) -> Terms:
        """New places of type k opening in year t, generic and through projects."""
        terms: Terms = defaultdict(float)
        for coef, var in self.openings[k, t]:
            terms[var] += coef
        return terms


def build_model(
    data: PlanningInput, elastic: bool = False, problem: pulp.LpProblem | None = None, prefix: str = ""
) -> CapacityModel:
    """Variables, constraints and the objective for one planning input.

    elastic=True turns every hard band soft with unpriced shortfall/excess, summed in
    ``hard_violation``: the infeasibility diagnosis minimises that first. problem and prefix: build into a
    problem that holds other models too, every name starting with prefix (models.stochastic).
    """
    problem = pulp.LpProblem("capacity_plan", pulp.LpMinimize) if problem is None else problem
    m = CapacityModel(data, problem, elastic=elastic, prefix=prefix)
    project_window(m)
    decision_variables(m)
    site_variables(m)
    contract_variables(m)
    lead_times(m)
    capacity_balance(m)
    project_once(m)
    project_sizes(m)
    max_new_per_year(m)
    conversion_limits(m)
    committed_openings(m)  # after the limits it overrides: a decided opening stands within a lead time
    nonnegative_capacity(m)
    close_once(m)
    works_or_closed(m)
    renovation_interval(m)
    end_of_life(m)
    frozen_site_decisions(m)
    minimum_contract(m)
    sold_share(m)
    grant_streams(m)
    coverage_bands(m)
    robust_bands(m)
    yearly_costs(m)
    residual_value(m)
    investment_budget(m)
    labour_ceiling(m)
    baseline_stability(m)
    m.problem.setObjective(OBJECTIVE_SCALE * (m.net_present_cost() + m.change_penalty))
    return m


def project_window(m: CapacityModel) -> None:
    """W_p = {t : max(earliest_year, first_year + max lead time in mix) ≤ t ≤ latest_year} ∪ {committed year}.

    open(p,t) and x(p,k,t) are created for t ∈ W_p only: the same as fixing them to 0 elsewhere.
    A project already decided (a commitment) opens in its year even inside the lead time.
    """
    committed = {c.source: c.year for c in m.data.commitments if c.source != "new"}
    for p in m.data.projects:
        years = set(m.data.opening_years(p))
        if p.project in committed:
            years.add(committed[p.project])
        m.windows[p.project] = sorted(years)


def decision_variables(m: CapacityModel) -> None:
    """new(k,t) ∈ ℤ≥0 modules; open(p,t) ∈ {0,1}, x(p,k,t) ∈ ℤ≥0 places in p's window; conv(c,t) ∈ ℤ≥0."""
    data = m.data
    for k, pt in data.place_types.items():
        for t in data.years:
            var = m.variable("new", k, t, cat="Integer")
            m.new_modules[k, t] = var
            m.openings[k, t].append((pt.module_size, var))
    for p in data.projects:
        for t in m.windows[p.project]:
            m.project_open[p.project, t] = m.variable("open", p.project, t, up=1, cat="Binary")
            for mix in p.mix:
                var = m.variable("x", p.project, mix.type, t, up=mix.max_places, cat="Integer")
                m.project_places[p.project, mix.type, t] = var
                m.openings[mix.type, t].append((1, var))
    for c in data.conversions:
        for t in data.years:
            m.converted[c.from_type, c.to_type, t] = m.variable("conv", c.from_type, c.to_type, t, cat="Integer")


def lead_times(m: CapacityModel) -> None:
    """new(k,t) = 0 for t < first_year + lead_time(k), and always where new_without_project = no."""
    data = m.data
    for k, pt in data.place_types.items():
        for t in data.years:
            if t < data.first_year + pt.lead_time_years or not pt.new_without_project:
                m.new_modules[k, t].upBound = 0


def committed_openings(m: CapacityModel) -> None:
    """new(k,t)·module = committed places; open(p,t) = 1 and x(p,k,t) = committed places; up to frozen_until
    every other opening is 0 (the baseline's openings are commitments then) and conv(c,t) = the baseline's."""
    data = m.data
    frozen = data.frozen_until
    generic = {(c.type, c.year): c.places for c in data.commitments if c.source == "new"}
    projects: dict[tuple[str, int], dict[str, int]] = defaultdict(dict)
    for c in data.commitments:
        if c.source != "new":
            projects[c.source, c.year][c.type] = c.places
    for (k, t), var in m.new_modules.items():
        if (k, t) in generic:
            var.lowBound = var.upBound = generic[k, t] // data.place_types[k].module_size
        elif frozen is not None and t <= frozen:
            var.upBound = 0
    fixed = data.baseline_fixed_until
    if fixed is not None:
        for (a, b, t), var in m.converted.items():
            if t <= fixed:
                var.lowBound = var.upBound = data.frozen_conversions.get((a, b, t), 0)
    for (p, t), is_open in m.project_open.items():
        if (p, t) in projects:
            _fix_project(m, p, t, projects[p, t])
        elif frozen is not None and t <= frozen:
            is_open.upBound = 0


def _fix_project(m: CapacityModel, project: str, t: int, places: dict[str, int]) -> None:
    """open(p,t) = 1 and x(p,k,t) = the committed places of each type (0 for a type not named)."""
    is_open = m.project_open[project, t]
    is_open.lowBound = is_open.upBound = 1
    for mix in next(q for q in m.data.projects if q.project == project).mix:
        x = m.project_places[project, mix.type, t]
        x.lowBound = x.upBound = places.get(mix.type, 0)


def capacity_balance(m: CapacityModel) -> None:
    """cap(k,t) = cap(k,t−1) + opened(k,t) + conv_in(k,t) − conv_out(k,t) + stock(k,t) − stock(k,t−1)
    − lost(k,t) + lost(k,t−1), lost(k,t) = Σ_s P(s,k,t)·out(s,t) the places closures and works take out."""
    data = m.data
    conversions_of: dict[str, list] = defaultdict(list)  # k -> [(sign, (from, to))]
    for c in data.conversions:
        conversions_of[c.to_type].append((1, (c.from_type, c.to_type)))
        conversions_of[c.from_type].append((-1, (c.from_type, c.to_type)))
    for k in data.place_types:
        stock_before, lost_before = 0, {}
        for t in data.years:
            # continuous: an integer sum of integers; no lower bound here (nonnegative_capacity says where)
            cap = m.variable("cap", k, t, low=None)
            m.capacity[k, t] = cap
            terms = m.opening_places(k, t)
            for var in list(terms):
                terms[var] = -terms[var]
            terms[cap] += 1
            if t > data.first_year:
                terms[m.capacity[k, t - 1]] -= 1
            for sign, (a, b) in conversions_of[k]:
                terms[m.converted[a, b, t]] -= sign
            lost = site_losses(m, k, t)
            for var, coef in lost.items():
                terms[var] += coef
            for var, coef in lost_before.items():
                terms[var] -= coef
            stock = data.stock_places(k, t)
            m.add(terms, pulp.LpConstraintEQ, stock - stock_before, m.name("balance", k, t))
            stock_before, lost_before = stock, lost


def project_once(m: CapacityModel) -> None:
    """built(p,t) = built(p,t−1) + open(p,t) ≤ 1: a candidate facility opens at most once."""
    for p in m.data.projects:
        years = m.windows[p.project]
        previous = None
        for t in range(years[0], m.data.last_year + 1) if years else ():
            # built(p,t) ∈ [0, 1]: its upper bound is the rule; it also carries the fixed operating cost
            built = m.variable("built", p.project, t, up=1)
            m.built[p.project, t] = built
            terms: Terms = {built: 1.0}
            if previous is not None:
                terms[previous] = -1.0
            if t in years:
                terms[m.project_open[p.project, t]] = -1.0
            m.add(terms, pulp.LpConstraintEQ, 0, m.name("built_by", p.project, t))
            previous = built


def project_sizes(m: CapacityModel) -> None:
    """min·open(p,t) ≤ Σ_k x(p,k,t) ≤ max·open(p,t); mix_min·open ≤ x(p,k,t) ≤ mix_max·open."""
    for p in m.data.projects:
        for t in m.windows[p.project]:
            is_open = m.project_open[p.project, t]
            places = [m.project_places[p.project, mix.type, t] for mix in p.mix]
            total = dict.fromkeys(places, 1.0)
            m.add({**total, is_open: -p.min_places}, pulp.LpConstraintGE, 0, m.name("size_min", p.project, t))
            m.add({**total, is_open: -p.max_places}, pulp.LpConstraintLE, 0, m.name("size_max", p.project, t))
            for mix, x in zip(p.mix, places, strict=True):
                if mix.min_places:
                    m.add(
                        {x: 1, is_open: -mix.min_places},
                        pulp.LpConstraintGE,
                        0,
                        m.name("mix_min", p.project, mix.type, t),
                    )
                m.add(
                    {x: 1, is_open: -mix.max_places}, pulp.LpConstraintLE, 0, m.name("mix_max", p.project, mix.type, t)
                )


def max_new_per_year(m: CapacityModel) -> None:
    """module(k)·new(k,t) + Σ_p x(p,k,t) ≤ max_new_per_year(k)."""
    for k, pt in m.data.place_types.items():
        if pt.max_new_per_year is None:
            continue
        for t in m.data.years:
            m.add(m.opening_places(k, t), pulp.LpConstraintLE, pt.max_new_per_year, m.name("max_new", k, t))


def conversion_limits(m: CapacityModel) -> None:
    """conv(c,t) ≤ max_per_year(c), and conv(c,t) = 0 for t < earliest_year(c)."""
    for c in m.data.conversions:
        for t in m.data.years:
            var = m.converted[c.from_type, c.to_type, t]
            var.upBound = 0 if t < c.earliest_year else c.max_per_year


def nonnegative_capacity(m: CapacityModel) -> None:
    """cap(k,t) ≥ 0: a bound on each capacity variable (only conversions out could push it below)."""
    for var in m.capacity.values():
        var.lowBound = 0


def coverage_bands(m: CapacityModel) -> None:
    """min_share·base(t) ≤ Σ_{k∈group} cap(k,t) [+ short] and [− over] ≤ max_share·base(t).

    base(t) is a population series, or for a composition band (base places:<other>) the places
    Σ_{k∈other} cap(k,t), which then moves to the left-hand side: the row stays linear.
    """
    data = m.data
    for b in data.bands:
        soft = not b.hard or m.elastic
        for t in b.years():
            if b.min_share is not None:
                lower, rhs = _band_terms(m, b, t, b.min_share)
                if not soft and b.of_places is None:
                    rhs = _whole_places(rhs, up=True)
                if soft:
                    short = m.variable("short", b.band, t)
                    m.shortfall[b.band, t] = short
                    lower[short] = 1.0
                    _charge(m, b, t, short)
                m.add(lower, pulp.LpConstraintGE, rhs, m.name("band_min", b.band, t))
            if b.max_share is not None:
                upper, rhs = _band_terms(m, b, t, b.max_share)
                if not soft and b.of_places is None:
                    rhs = _whole_places(rhs, up=False)
                if soft:
                    over = m.variable("over", b.band, t)
                    m.excess[b.band, t] = over
                    upper[over] = -1.0
                    _charge(m, b, t, over)
                m.add(upper, pulp.LpConstraintLE, rhs, m.name("band_max", b.band, t))


def _whole_places(places: float, up: bool) -> float:
    """A hard band's limit rounded to whole places: capacity is whole (stock, modules, project places
    and conversions all are), so Σ cap ≥ 1269.2 is Σ cap ≥ 1270, a tighter row for the same plans.
    Within the solvers' tolerance (10⁻⁶) a limit counts as whole already."""
    if not WHOLE_PLACE_LIMITS:
        return places
    return float(math.ceil(places - PLACE_TOLERANCE) if up else math.floor(places + PLACE_TOLERANCE))


def _band_terms(m: CapacityModel, b, t: int, share: float) -> tuple[Terms, float]:
    """(Σ_{k∈group} cap(k,t) − share·Σ_{k∈other} cap(k,t), 0) for a composition band, else (Σ cap, share·base(t))."""
    data = m.data
    terms: Terms = defaultdict(float)
    for k in data.group_types(b.group):
        for var, coef in m.places_available(k, t).items():
            terms[var] += coef
    if b.of_places is None:
        return terms, share * data.population[b.base][t]
    for k in data.group_types(b.of_places):
        for var, coef in m.places_available(k, t).items():
            terms[var] -= share * coef  # a type in both groups gets 1 − share
    return terms, 0.0


def robust_bands(m: CapacityModel) -> None:
    """min_share·base_s(t) ≤ Σ_{k∈group} cap(k,t) ≤ max_share·base_s(t) for every hard band and other scenario s.

    A robust plan holds its hard bands whichever prognosis comes true; soft bands and costs stay
    on the chosen scenario. In the elastic diagnosis these rows may be missed too, counted alike.
    """
    data = m.data
    for scenario, population in data.robust_populations.items():
        for b in data.bands:
            if not b.hard or b.of_places:  # a composition band holds whatever the population
                continue
            types = data.group_types(b.group)
            for t in b.years():
                places: Terms = defaultdict(float)
                for k in types:
                    for var, coef in m.places_available(k, t).items():
                        places[var] += coef
                persons = population[b.base][t]
                for share, sense, sign, word in (
                    (b.min_share, pulp.LpConstraintGE, 1.0, "min"),
                    (b.max_share, pulp.LpConstraintLE, -1.0, "max"),
                ):
                    if share is None:
                        continue
                    terms = dict(places)
                    limit = share * persons if m.elastic else _whole_places(share * persons, up=sign > 0)
                    if m.elastic:
                        miss = m.variable("robust_miss", scenario, b.band, word, t)
                        terms[miss] = sign
                        m.hard_violation[miss] = 1.0
                    m.add(terms, sense, limit, m.name("robust", word, scenario, b.band, t))


def _charge(m: CapacityModel, band, t: int, miss: pulp.LpVariable) -> None:
    """Soft bands cost their penalty; hard bands made elastic count toward the violation."""
    if band.hard:
        m.hard_violation[miss] = 1.0
    else:
        m.penalties[miss] = m.data.discount_factor(t) * band.penalty_per_place_year


def baseline_stability(m: CapacityModel) -> None:
    """change = penalty × Σ_(source,k,t) |opened(source,k,t) − baseline(source,k,t)|, outside the NPV.

    A small price on moving away from last year's plan, so that equally cheap alternatives do not
    flip from run to run. Only where the baseline opened places is a deviation variable needed;
    elsewhere the deviation is the opening itself.
    """
    data = m.data
    penalty = data.change_penalty_per_place
    if not penalty or not data.baseline_openings:
        return
    opened: dict[tuple[str, str, int], Terms] = {}
    for (k, t), var in m.new_modules.items():
        if var.upBound != 0:
            opened["new", k, t] = {var: data.place_types[k].module_size}
    for (p, k, t), var in m.project_places.items():
        opened[p, k, t] = {var: 1.0}
    change: Terms = defaultdict(float)
    for key, terms in opened.items():
        base = data.baseline_openings.get(key, 0)
        if not base:
            for var, coef in terms.items():
                change[var] += penalty * coef
            continue
        more = m.variable("more_than_baseline", *key)
        fewer = m.variable("fewer_than_baseline", *key)
        m.add({**terms, more: -1.0, fewer: 1.0}, pulp.LpConstraintEQ, base, m.name("baseline", *key))
        change[more] += penalty
        change[fewer] += penalty
    m.change_penalty = pulp.LpAffineExpression(change)


def investment_budget(m: CapacityModel) -> None:
    """investment(t) − grants(t) + fixed_costs(t) + conversion_costs(t) ≤ max_net_investment(t)."""
    for t, ceiling in m.data.budget.items():
        if t in m.data.years:
            # in million NOK, like the objective: NOK coefficients of 10⁷ and limits of 10⁹ strain the solver
            terms = {var: OBJECTIVE_SCALE * coef for var, coef in m.net_investment(t).items()}
            m.add(terms, pulp.LpConstraintLE, OBJECTIVE_SCALE * ceiling, m.name("budget", t))


def labour_ceiling(m: CapacityModel) -> None:
    """Σ_k work_years_per_place(k)·cap(k,t) + Σ_p fixed_work_years(p)·built(p,t) ≤ max_work_years(t)."""
    data = m.data
    for t, ceiling in data.labour.items():
        if t not in data.years:
            continue
        terms: Terms = defaultdict(float)
        for k, place_type in data.place_types.items():
            if place_type.work_years_per_place:
                terms[m.capacity[k, t]] += place_type.work_years_per_place
        for p in data.projects:
            if p.fixed_work_years and (p.project, t) in m.built:
                terms[m.built[p.project, t]] += p.fixed_work_years
        purchased_staff(m, t, terms)
        if terms and m.elastic:  # the diagnosis may exceed the ceiling too, a work-year counted as a place
            over = m.variable("labour_over", t)
            m.labour_excess[t] = over
            terms[over] = -1.0
            m.hard_violation[over] = 1.0
        if terms:
            m.add(terms, pulp.LpConstraintLE, ceiling, m.name("labour", t))
