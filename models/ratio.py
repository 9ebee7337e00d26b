"""Today's practice as a plan: a fixed ratio rule, year by year, with no look-ahead.

The optimiser is compared with what municipalities do today: keep each coverage band at
its minimum ratio by building the cheapest places that can open *this* year, and converting
places only when nothing can be built. The rule:

1. **Years in order.** For t = first_year … last_year, the places of each type are the stock
   in service in t plus everything the rule opened or converted into it in years ≤ t, less what
   it converted out. Nothing is decided for a later year, and nothing opened or converted is
   ever undone.
2. **Bands in order.** Every hard band with a ``min_share`` covering t is checked once, those
   whose group has the fewest types first (ties: the input order), so places that count
   toward several groups (short-term places are also municipal) are credited to all: the
   narrow band is filled first and the wide band then sees those places. Places only grow
   within a year, except by a conversion, which never takes a hard band below its minimum
   (step 5); so a band met stays met and one pass suffices. A band's shortfall is
   ⌈min_share × base(t) − places of its group⌉ (a millionth of a place is round-off).
3. **Generic places first.** A type of the band's group is *eligible* in t when
   ``new_without_project`` is yes, t ≥ first_year + lead time, and its ``max_new_per_year``
   still leaves room for a whole module in t (places opened in t count, projects included).
   The rule opens ⌈shortfall / module_size⌉ modules of the cheapest eligible type (fewer if
   the cap stops it; the rest spills to the next type). *Cheapest* is the place's discounted
   cost to the end of the horizon if opened in t: net investment (investment − grant) as paid
   (``investment_timing``) + net operating (operating − rent) every year from t to last_year
   − the residual value at the horizon end; i.e. exactly what one place adds to the model's
   NPV; ties by name. Each type is first taken only for as many modules as keep every band
   (hard or soft) under its ``max_share``; only when no eligible type has such room left is
   the cheapest eligible one taken regardless.
4. **Projects where generic places cannot fill the gap.** What is still short is filled with
   candidate projects: the smallest (by ``min_places``; ties by name) that has not opened,
   whose window allows t (max(earliest_year, first_year + longest lead time in its mix) ≤ t ≤
   latest_year), whose mix has a type of the band's group, and whose mix minima fit the
   types' remaining ``max_new_per_year`` in t. It opens at its ``min_places`` (or the sum of
   its mix minima, if larger). Each type gets its mix minimum; the group's types (cheapest
   first) get the remaining shortfall, up to their mix maxima; the places still needed to
   reach the size go first to the group's types, then to the other types (cheapest first),
   as far as no band is pushed over its ``max_share``, then wherever the mix maxima allow.
   If one project does not fill the gap, the next one opens in the same year.
5. **Conversions as a last resort.** What is still short is converted into a type of the
   band's group from a type outside it, as the conversions sheet allows in t (t ≥
   ``earliest_year``): the cheapest conversion by ``cost_per_place`` (ties by from-type, then
   to-type name), as many places as are short, but no more than
   * its ``max_per_year`` less what the rule already converted with it in t;
   * the places of the source type in service in t *and every later year* (stock closings are
     known; converting more would leave a negative capacity once a stock row closes);
   * what keeps every other hard band at or above its minimum in t (and at or under its maximum):
     long-term to short-term places leave the municipal group unchanged when both count as
     municipal, but nothing is converted out of a group that would then fall short.
   The rest spills to the next conversion. Conversions take effect at the start of t (the
   model's cap(k,t) includes them) and stay in later years.
6. **What the rule cannot fill stays short** (before the first opening a lead time allows,
   caps used up, no project left, nothing left to convert): the coverage table shows it, and
   so do the notes.
7. **Existing sites and contracts.** The rule keeps every site until its end of life (it closes none
   before), sells no places, and buys none beyond a purchase row's ``min_places``. Past a site's end of
   life, and for what is still short after points 3–5, the pricing solve below chooses: it minimises
   first the places short of the hard bands (at ``SHORTFALL_PRICE``), then the cost, over the
   renovations, the closures past an end of life and the bought places, the rest fixed; so a site is
   renovated when the bands would otherwise break, and places are bought last.
8. **The budget is not part of the rule**, nor the labour ceiling. The plan is evaluated without them;
   :attr:`RatioPlan.over_budget` lists the years whose net investment (investment − grants +
   fixed costs + conversion costs) exceeds the ceiling given for that year.

The plan is priced by the optimisation model itself: ``build_model(data without budget,
elastic=True)`` with every decision variable fixed to the rule's choice, solved once, read by
``solution_tables``; so a ratio plan and an optimum are costed by the same expressions. The
solution's status is ``feasible`` (a plan, not an optimum) with no ``mip_gap``; its
``hard_violation_places`` is None when the plan meets every hard band (it then looks like any
other plan) and the total places short or over the hard bands otherwise.
"""

from __future__ import annotations

import dataclasses
import math
from collections import defaultdict
from dataclasses import dataclass, field

from models.accounts import BUDGET_COMPONENTS, NET_COST_SIGNS
from models.capacity import build_model
from models.inputs import PLACE_TOLERANCE, Band, Conversion, PlanningInput, Project
from models.results import Solution, band_misses, solution_tables
from models.solve import SolverRun, run_solver
from models.text import year_runs

# Million NOK per place-year short of a hard band in the ratio plan's pricing solve: above any place's cost,
# so renovations and purchases (the decisions the rule leaves to it) first fill what the rule left short.
SHORTFALL_PRICE = 1e4

# The ratio plan's solver, as the summary names it: the rule decides, a solver only prices.
PRICED_BY = "ratio rule, priced by "


@dataclass
class RatioPlan:
    """The ratio rule's plan, priced like an optimum, with what the rule could not do."""

    solution: Solution
    notes: list[str] = field(default_factory=list)
    over_budget: dict[int, float] = field(default_factory=dict)  # year -> net investment above the ceiling


@dataclass
class _Decisions:
    """What the rule decided: generic modules, each project's opening year and mix, conversions."""

    modules: dict[tuple[str, int], int] = field(default_factory=lambda: defaultdict(int))  # (k, t)
    projects: dict[str, tuple[int, dict[str, int]]] = field(default_factory=dict)  # p -> (t, {k: places})
    opened: dict[tuple[str, int], int] = field(default_factory=lambda: defaultdict(int))  # (k, t) all sources
    converted: dict[tuple[str, str, int], int] = field(default_factory=lambda: defaultdict(int))  # (from, to, t)
    added: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # k -> opened + converted in − out (≤ t)


def ratio_plan(data: PlanningInput, solver: str = "highs", time_limit: float | None = 60) -> RatioPlan:
    """Today's practice: the cheapest eligible places, year by year, until every hard band's minimum holds."""
    decisions = ratio_decisions(_without_closed_sites(data))
    unbudgeted = dataclasses.replace(data, budget={}, labour={})  # the rule knows neither ceiling
    m = build_model(unbudgeted, elastic=True)
    for (k, t), var in m.new_modules.items():
        _fix(var, decisions.modules.get((k, t), 0))
    for (p, t), var in m.project_open.items():
        _fix(var, 1 if p in decisions.projects and decisions.projects[p][0] == t else 0)
    for (p, k, t), var in m.project_places.items():
        year, mix = decisions.projects.get(p, (None, {}))
        _fix(var, mix.get(k, 0) if year == t else 0)
    for key, var in m.converted.items():
        _fix(var, decisions.converted.get(key, 0))
    _keep_sites_sell_nothing(m)
    run = run_solver(m.problem, solver, time_limit, 0)
    if not run.has_solution:  # every decision is fixed within its rules: only a bug gets here
        raise RuntimeError(f"the ratio plan could not be priced (solver status {run.status})")
    run = SolverRun("feasible", None, run.seconds, PRICED_BY + run.solver)
    solution = solution_tables(m, "feasible", run)
    if not solution.hard_violation_places:
        solution = dataclasses.replace(solution, hard_violation_places=None)
    over_budget = _over_budget(data, solution)
    return RatioPlan(solution, _notes(data, solution, over_budget), over_budget)


def _without_closed_sites(data: PlanningInput) -> PlanningInput:
    """Point 7: a site that cannot be renovated closes when its life ends, so the rule plans without its places
    from the year after its end of life (a renovatable one is kept; its works are left to the pricing solve)."""
    gone = []
    for site in data.sites:
        if site.renovatable or site.end_of_life_year is None:
            continue
        for row in data.stock:
            if row.site == site.site and row.places > 0:
                first = max(site.end_of_life_year + 1, row.first_year or data.first_year)
                if row.last_year is None or first <= row.last_year:
                    gone.append(dataclasses.replace(row, places=-row.places, first_year=first))
    return dataclasses.replace(data, stock=[*data.stock, *gone]) if gone else data


def _keep_sites_sell_nothing(m) -> None:
    """Point 7: no closure before a site's end of life, no sales; renovations, closures past the end of life and
    purchases are priced: least places short first, then least cost."""
    sites = {site.site: site for site in m.data.sites}
    for (s, t), var in m.site_close.items():
        eol = sites[s].end_of_life_year
        if eol is None or t <= eol:
            _fix(var, 0)
    for var in m.sold.values():
        _fix(var, 0)
    if m.renovate or m.bought or m.site_close:
        m.problem.setObjective(m.problem.objective + SHORTFALL_PRICE * m.hard_violation)


def _fix(var, value: int) -> None:
    var.lowBound = var.upBound = value


def ratio_decisions(data: PlanningInput) -> _Decisions:
    """The rule itself (module docstring, points 1–6): what opens or is converted where and when."""
    dec = _Decisions()
    hard = [b for b in data.bands if b.hard and b.min_share is not None]
    # narrow groups first (stable: input order on ties); composition bands last, once their base group is filled
    order = sorted(hard, key=lambda b: (b.of_places is not None, len(data.group_types(b.group))))
    for t in data.years:
        for b in order:
            if t not in b.years():
                continue
            short = _shortfall(data, dec, b, t)
            if short > 0:
                short = _fill_generic(data, dec, b, t, short)
            while short > 0:
                p = _next_project(data, dec, b, t)
                if p is None:
                    break
                _open_project(data, dec, p, b, t, short)
                short = _shortfall(data, dec, b, t)
            if short > 0:
                _convert(data, dec, b, t, short)
    return dec


def _places(data: PlanningInput, dec: _Decisions, k: str, t: int) -> int:
    return data.stock_places(k, t) + dec.added[k]


def _group_places(data: PlanningInput, dec: _Decisions, group: str, t: int) -> int:
    return sum(_places(data, dec, k, t) for k in data.group_types(group))


def _base(data: PlanningInput, dec: _Decisions, b: Band, t: int) -> float:
    """The band's base in t: its population, or for a composition band the places of its other group so far."""
    return data.population[b.base][t] if b.of_places is None else _group_places(data, dec, b.of_places, t)


def _shortfall(data: PlanningInput, dec: _Decisions, b: Band, t: int) -> int:
    need = b.min_share * _base(data, dec, b, t) - _group_places(data, dec, b.group, t)
    return max(0, math.ceil(need - PLACE_TOLERANCE))


def _room(data: PlanningInput, dec: _Decisions, k: str, t: int) -> float:
    """Places of type k that may still open in t under its max_new_per_year."""
    cap = data.place_types[k].max_new_per_year
    return math.inf if cap is None else cap - dec.opened[k, t]


def _headroom(data: PlanningInput, dec: _Decisions, k: str, t: int, extra: dict[str, int] | None = None) -> float:
    """Places of type k that fit under every max_share band counting k in t (extra: not yet opened)."""
    extra = extra or {}
    room = math.inf
    for b in data.bands:
        if b.max_share is None or t not in b.years():
            continue
        types = data.group_types(b.group)
        if k in types:
            places = _group_places(data, dec, b.group, t) + sum(extra.get(j, 0) for j in types)
            room = min(room, math.floor(b.max_share * _base(data, dec, b, t) + PLACE_TOLERANCE) - places)
    return room


def place_cost(data: PlanningInput, k: str, t: int) -> float:
    """What one place of type k opened in t adds to the NPV: net investment as paid, net operating
    from t to last_year, less the discounted residual value."""
    pt = data.place_types[k]
    cost = sum(
        share * data.discount_factor(y) * pt.net_investment_per_place
        for y, share in data.payment_shares(t, pt.lead_time_years).items()
    )
    cost += sum(data.discount_factor(y) * pt.net_operating_per_place_year for y in range(t, data.last_year + 1))
    residual = pt.net_investment_per_place * data.residual_share(t, pt.lifetime_years)
    return cost - data.discount_factor(data.last_year + 1) * residual


def _open(dec: _Decisions, k: str, t: int, places: int) -> None:
    dec.opened[k, t] += places
    dec.added[k] += places


def _fill_generic(data: PlanningInput, dec: _Decisions, b: Band, t: int, short: int) -> int:
    """Whole modules of the cheapest eligible generic type, spilling to the next when capped.

    First only as many modules of each type as keep every band under its max_share; when no
    type has such room left, the cheapest eligible type regardless.
    """
    while short > 0:
        within, regardless = [], []
        for k in data.group_types(b.group):
            pt = data.place_types[k]
            if not pt.new_without_project or t < data.first_year + pt.lead_time_years:
                continue
            modules = min(math.ceil(short / pt.module_size), _whole_modules(_room(data, dec, k, t), pt.module_size))
            if modules < 1:
                continue
            cost = place_cost(data, k, t)
            regardless.append((cost, k, int(modules)))
            fitting = min(modules, _whole_modules(_headroom(data, dec, k, t), pt.module_size))
            if fitting >= 1:
                within.append((cost, k, int(fitting)))
        if not regardless:
            break
        _, k, modules = min(within or regardless)
        size = data.place_types[k].module_size
        dec.modules[k, t] += modules
        _open(dec, k, t, modules * size)
        short -= modules * size
    return short


def _whole_modules(places: float, size: int) -> float:
    """Whole modules that fit in ``places``; no limit stays no limit (inf // size would be nan)."""
    return places if math.isinf(places) else places // size


def _next_project(data: PlanningInput, dec: _Decisions, b: Band, t: int) -> Project | None:
    """The smallest project (min_places, then name) that can open in t with a type of the band's group."""
    group = set(data.group_types(b.group))
    candidates = []
    for p in data.projects:
        if p.project in dec.projects or t not in data.opening_years(p):
            continue
        if not any(mix.type in group for mix in p.mix):
            continue
        uppers = {mix.type: min(mix.max_places, _room(data, dec, mix.type, t)) for mix in p.mix}
        if any(uppers[mix.type] < mix.min_places for mix in p.mix) or sum(uppers.values()) < _size(p):
            continue  # the caps of its types leave too little room this year
        candidates.append((p.min_places, p.project, p))
    return min(candidates, key=lambda c: c[:2])[2] if candidates else None


def _size(p: Project) -> int:
    return max(p.min_places, sum(mix.min_places for mix in p.mix))


def _open_project(data: PlanningInput, dec: _Decisions, p: Project, b: Band, t: int, short: int) -> None:
    """Open p in t at its minimum size, its places put first where the band is short."""
    group = set(data.group_types(b.group))
    places = {mix.type: mix.min_places for mix in p.mix}
    upper = {mix.type: min(mix.max_places, _room(data, dec, mix.type, t)) for mix in p.mix}
    by_cost = sorted(places, key=lambda k: (place_cost(data, k, t), k))
    ours = [k for k in by_cost if k in group]
    others = [k for k in by_cost if k not in group]
    left = _size(p) - sum(places.values())
    need = short - sum(places[k] for k in ours)
    for k in ours:  # the gap itself
        add = max(0, min(upper[k] - places[k], left, need))
        places[k] += add
        left -= add
        need -= add
    for k in ours + others:  # the rest of the size, where no band goes over its max
        add = max(0, min(upper[k] - places[k], left, _headroom(data, dec, k, t, places)))
        places[k] += add
        left -= add
    for k in ours + others:  # and where it must
        add = max(0, min(upper[k] - places[k], left))
        places[k] += add
        left -= add
    dec.projects[p.project] = (t, {k: n for k, n in places.items() if n})
    for k, n in places.items():
        _open(dec, k, t, n)


def _convert(data: PlanningInput, dec: _Decisions, b: Band, t: int, short: int) -> int:
    """Places converted into the band's group, cheapest conversion first, spilling to the next."""
    group = set(data.group_types(b.group))
    while short > 0:
        options = []
        for c in data.conversions:
            if c.to_type not in group or c.from_type in group or t < c.earliest_year:
                continue
            places = min(short, _convertible(data, dec, c, t))
            if places >= 1:
                options.append((c.cost_per_place, c.from_type, c.to_type, places))
        if not options:
            break
        _, source, target, places = min(options)
        dec.converted[source, target, t] += places
        dec.added[source] -= places
        dec.added[target] += places
        short -= places
    return short


def _convertible(data: PlanningInput, dec: _Decisions, c: Conversion, t: int) -> int:
    """Places c may still convert in t: its max_per_year, the source's places in t and later
    years, and every other hard band's minimum (and maximum) in t."""
    room = math.inf if c.max_per_year is None else c.max_per_year - dec.converted[c.from_type, c.to_type, t]
    in_service = min(data.stock_places(c.from_type, y) for y in range(t, data.last_year + 1))
    room = min(room, in_service + dec.added[c.from_type])
    for b in data.bands:
        if not b.hard or t not in b.years():
            continue
        types = data.group_types(b.group)
        change = (c.to_type in types) - (c.from_type in types)  # places of b's group per place converted
        places = _group_places(data, dec, b.group, t)
        population = _base(data, dec, b, t)
        if change < 0 and b.min_share is not None:
            room = min(room, math.floor(places - b.min_share * population + PLACE_TOLERANCE))
        if change > 0 and b.max_share is not None:
            room = min(room, math.floor(b.max_share * population + PLACE_TOLERANCE) - places)
    return max(0, int(room))


def _over_budget(data: PlanningInput, solution: Solution) -> dict[int, float]:
    """Years whose net investment exceeds the budget ceiling: year -> NOK above it."""
    out = {}
    for r in solution.costs.itertuples():
        year = int(r.year)
        if year in data.budget:
            spent = sum(NET_COST_SIGNS[c] * getattr(r, c) for c in BUDGET_COMPONENTS)
            if spent > data.budget[year] + PLACE_TOLERANCE:
                out[year] = spent - data.budget[year]
    return out


def _notes(data: PlanningInput, solution: Solution, over_budget: dict[int, float]) -> list[str]:
    """One line per hard band the rule leaves short or over, and one for the budget."""
    notes = [
        f"band '{m['band']}' {m['kind']} in {len(m['years'])} year(s) ({year_runs(m['years'])}); "
        f"worst {m['worst_places']:.1f} places in {m['worst_year']}"
        for m in band_misses(solution.coverage, [b.band for b in data.bands if b.hard])
    ]
    if over_budget:
        years = ", ".join(f"{y} (+{v / 1e6:,.1f} M NOK)" for y, v in sorted(over_budget.items()))
        notes.append(
            f"net investment above the budget in {len(over_budget)} year(s): {years} (the rule ignores the budget)"
        )
    used = solution.staff.groupby("year")["work_years"].sum() if len(solution.staff) else {}
    over_labour = {
        t: used[t] - ceiling
        for t, ceiling in sorted(data.labour.items())
        if t in data.years and t in used and used[t] > ceiling + PLACE_TOLERANCE
    }
    if over_labour:
        years = ", ".join(f"{t} (+{v:,.1f})" for t, v in over_labour.items())
        notes.append(
            f"work-years above the labour ceiling in {len(over_labour)} year(s): {years} (the rule ignores the "
            "labour ceiling)"
        )
    return notes


def ratio_comparison(optimum: Solution, ratio: Solution, ratio_notes: list[str]) -> dict:
    """The optimum's net present cost saving over the ratio rule's plan, in NOK and percent.

    A ratio plan that leaves hard bands short is cheaper for it: the places short are
    reported beside the saving (``ratio_hard_band_miss_places``), so the two are read together.
    """
    saving = ratio.objective_npv - optimum.objective_npv
    return {
        "ratio_npv": ratio.objective_npv,
        "saving_vs_ratio": saving,
        # of the ratio plan's cost, whatever its sign (rent income can make a net present cost negative)
        "saving_vs_ratio_percent": 100 * saving / abs(ratio.objective_npv) if ratio.objective_npv else None,
        "ratio_hard_band_miss_places": ratio.hard_violation_places or 0.0,
        "ratio_notes": list(ratio_notes),
    }
