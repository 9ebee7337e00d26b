"""Solution tables: what the solver chose, as tidy DataFrames in the spec's columns."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import pandas as pd
import pulp

from models.accounts import COST_COMPONENTS, NET_COST_SIGNS
from models.capacity import CapacityModel
from models.flows import flow_year
from models.inputs import PLACE_TOLERANCE, PlanningInput
from models.solve import SolverRun, has_plan
from models.tables import OUTPUT_TABLES

# Stated once, in models.tables: the writers and the documentation read the same names.
PLAN_COLUMNS = OUTPUT_TABLES["plan"].names
CONVERSION_COLUMNS = OUTPUT_TABLES["conversions"].names
CAPACITY_COLUMNS = OUTPUT_TABLES["capacity"].names
COVERAGE_COLUMNS = OUTPUT_TABLES["coverage"].names
COST_COLUMNS = OUTPUT_TABLES["costs"].names
STAFF_COLUMNS = OUTPUT_TABLES["staff"].names
FLOW_COLUMNS = OUTPUT_TABLES["flows"].names
SITE_DECISION_COLUMNS = OUTPUT_TABLES["site_decisions"].names
PURCHASED_COLUMNS = OUTPUT_TABLES["purchased"].names
SOLD_COLUMNS = OUTPUT_TABLES["sold"].names
GRANT_STREAM_COLUMNS = OUTPUT_TABLES["grant_streams"].names


@dataclass
class Solution:
    """A plan (or a diagnosis) in tables, with the figures the summary reports."""

    status: str  # optimal | feasible | infeasible | no_solution
    run: SolverRun | None
    plan: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=PLAN_COLUMNS))
    conversions: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=CONVERSION_COLUMNS))
    capacity: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=CAPACITY_COLUMNS))
    coverage: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=COVERAGE_COLUMNS))
    costs: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=COST_COLUMNS))
    staff: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=STAFF_COLUMNS))
    flows: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=FLOW_COLUMNS))
    site_decisions: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=SITE_DECISION_COLUMNS))
    purchased: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=PURCHASED_COLUMNS))
    sold: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=SOLD_COLUMNS))
    grant_streams: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=GRANT_STREAM_COLUMNS))
    residual_value_discounted: float | None = None
    penalties_discounted: float | None = None
    hard_violation_places: float | None = None
    # an infeasible diagnosis: work-years above the labour ceiling, per year where it is exceeded
    labour_excess: dict[int, float] = field(default_factory=dict)
    change_penalty: float | None = None  # re-optimisation's price of moving from the baseline; not in the NPV
    # the solved model's variables by name: a start for re-solves of a similar model (band costs); not written
    values: dict[str, float] = field(default_factory=dict, repr=False)

    @property
    def has_plan(self) -> bool:
        """Optimal or feasible: a plan to follow (an infeasible diagnosis and no_solution are not)."""
        return has_plan(self.status)

    @property
    def available(self) -> pd.DataFrame:
        """Places the bands count per year and type: own places in service, plus bought, less sold."""
        return places_available(self.capacity, self.purchased, self.sold)

    @property
    def objective_npv(self) -> float | None:
        """Σ discounted_net_cost + penalties_discounted − residual_value_discounted."""
        if self.penalties_discounted is None:
            return None
        return (
            float(self.costs["discounted_net_cost"].sum()) + self.penalties_discounted - self.residual_value_discounted
        )


def _value(var: pulp.LpVariable) -> float:
    """Integer variables are read as whole numbers: solvers return 2.9999999 for 3."""
    v = var.varValue or 0.0
    return float(round(v)) if var.cat in (pulp.LpInteger, pulp.LpBinary) else max(0.0, float(v))


def _evaluate(expr: pulp.LpAffineExpression) -> float:
    return float(sum(coef * _value(var) for var, coef in expr.items()) + expr.constant)


def solution_tables(m: CapacityModel, status: str, run: SolverRun) -> Solution:
    """Read the chosen plan out of a solved model."""
    data = m.data
    plan_rows = []
    for (k, t), var in m.new_modules.items():
        places = data.place_types[k].module_size * _value(var)
        if places:
            plan_rows.append((t, k, "new", int(places)))
    for (p, k, t), var in m.project_places.items():
        if _value(var):
            plan_rows.append((t, k, p, int(_value(var))))
    plan = pd.DataFrame(sorted(plan_rows), columns=PLAN_COLUMNS)

    conv_rows = [(t, a, b, int(_value(v))) for (a, b, t), v in m.converted.items() if _value(v)]
    conversions = pd.DataFrame(sorted(conv_rows), columns=CONVERSION_COLUMNS)

    capacity = pd.DataFrame(
        [(t, k, int(round(_value(m.capacity[k, t])))) for t in data.years for k in data.place_types],
        columns=CAPACITY_COLUMNS,
    )
    purchased, sold = contract_tables(m)
    available = places_available(capacity, purchased, sold)
    coverage = coverage_table(data, available)

    cost_rows = []
    for t in data.years:
        parts = {comp: _evaluate(m.costs[comp, t]) for comp in COST_COMPONENTS}
        net = sum(sign * parts[component] for component, sign in NET_COST_SIGNS.items())
        d = data.discount_factor(t)
        cost_rows.append({"year": t, **parts, "net_cost": net, "discount_factor": d, "discounted_net_cost": net * d})
    costs = pd.DataFrame(cost_rows, columns=COST_COLUMNS)
    staff_rows = [
        (int(r.year), r.type, "places", data.place_types[r.type].work_years_per_place * int(r.places))
        for r in capacity.itertuples()
        if data.place_types[r.type].work_years_per_place and r.places
    ]
    staff_rows += [
        (t, "", p.project, p.fixed_work_years)
        for p in data.projects
        for t in data.years
        if p.fixed_work_years and (p.project, t) in m.built and _value(m.built[p.project, t]) > 0.5
    ]
    staff = pd.DataFrame(sorted(staff_rows, key=lambda r: (r[0], r[1] == "", r[1], r[2])), columns=STAFF_COLUMNS)

    return Solution(
        status=status,
        run=run,
        plan=plan,
        conversions=conversions,
        capacity=capacity,
        coverage=coverage,
        costs=costs,
        staff=staff,
        flows=flow_table(data, available),
        site_decisions=site_decision_table(m),
        purchased=purchased,
        sold=sold,
        grant_streams=grant_stream_table(m),
        residual_value_discounted=data.discount_factor(data.last_year + 1) * _evaluate(m.residual_value),
        penalties_discounted=penalties_from_coverage(data, coverage),
        hard_violation_places=robust_hard_misses(data, available) if m.elastic else None,
        labour_excess={t: _value(v) for t, v in m.labour_excess.items() if _value(v) > PLACE_TOLERANCE},
        change_penalty=_evaluate(m.change_penalty) if data.baseline_openings else None,
        values={var.name: var.varValue for var in m.problem.variables() if var.varValue is not None},
    )


def site_decision_table(m: CapacityModel) -> pd.DataFrame:
    """Each renovation (the year its works start) and closure of an existing site, with its cost and grant."""
    data = m.data
    sites = {site.site: site for site in data.sites}
    rows = []
    for (s, t), var in m.renovate.items():
        if _value(var) > 0.5:
            places = data.site_places(s, t)
            cost = places * (sites[s].renovation_cost_per_place or 0.0)
            rows.append((s, "renovate", t, places, cost, places * sites[s].renovation_grant_per_place))
    for (s, t), var in m.site_close.items():
        if _value(var) > 0.5:
            rows.append((s, "close", t, data.site_places(s, t), sites[s].closure_cost, 0.0))
    return pd.DataFrame(sorted(rows, key=lambda r: (r[2], r[0], r[1])), columns=SITE_DECISION_COLUMNS)


def out_of_service(data: PlanningInput, site: str, decision: str, year: int) -> range:
    """The years a site decision takes its places out of service: a closure's from its year on, a renovation's
    works (none when it is done in service)."""
    if decision == "close":
        return range(year, data.last_year + 1)
    works = next((s.renovation_years for s in data.sites if s.site == site), 0)
    return range(year, year + works)


def site_places_out(data: PlanningInput, decisions: pd.DataFrame) -> dict[tuple[str, int], int]:
    """(type, year) -> existing places out of service: a closed site's from its year on, a renovated one's during
    its works; read from the site_decisions table, so the people sheets can show what the model took off."""
    out: dict[tuple[str, int], int] = {}
    for r in decisions.itertuples():
        for t in out_of_service(data, r.site, r.decision, int(r.year)):
            for k in data.place_types:
                places = data.site_places(r.site, t, k)
                if places:
                    out[k, t] = out.get((k, t), 0) + places
    return out


def grant_stream_table(m: CapacityModel) -> pd.DataFrame:
    """Per year and type with a lower replacement grant: new places, those with the full grant, the replacements."""
    rows = []
    for (k, t), full in m.full_grant.items():
        places = int(round(sum(coef * _value(var) for coef, var in m.openings[k, t])))
        if not places:
            continue
        pt = m.data.place_types[k]
        net_new = min(places, int(round(_value(full))))
        replaced = places - net_new
        rows.append((t, k, places, net_new, replaced, net_new * pt.grant_per_place + replaced * pt.replacement_grant))
    return pd.DataFrame(sorted(rows), columns=GRANT_STREAM_COLUMNS)


def contract_tables(m: CapacityModel) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Places bought (provider, type, year, places, cost) and sold (buyer, type, year, places, income)."""
    bought = [
        (row.provider, row.type, t, int(_value(var)), _value(var) * row.price_per_place_year)
        for (j, t), var in m.bought.items()
        if _value(var) and (row := m.data.purchases[j])
    ]
    sold = [
        (row.buyer, row.type, t, int(_value(var)), _value(var) * row.price_per_place_year)
        for (i, t), var in m.sold.items()
        if _value(var) and (row := m.data.sales[i])
    ]
    return (
        pd.DataFrame(sorted(bought, key=lambda r: (r[2], r[0], r[1])), columns=PURCHASED_COLUMNS),
        pd.DataFrame(sorted(sold, key=lambda r: (r[2], r[0], r[1])), columns=SOLD_COLUMNS),
    )


def places_available(capacity: pd.DataFrame, purchased: pd.DataFrame, sold: pd.DataFrame) -> pd.DataFrame:
    """capacity's rows (year, type, places) with bought places added and sold ones taken off."""
    if not len(purchased) and not len(sold):
        return capacity
    change: dict[tuple[int, str], int] = {}
    for frame, sign in ((purchased, 1), (sold, -1)):
        for r in frame.itertuples():
            key = (int(r.year), r.type)
            change[key] = change.get(key, 0) + sign * int(r.places)
    available = capacity.copy()
    available["places"] = [int(r.places) + change.get((int(r.year), r.type), 0) for r in capacity.itertuples()]
    return available


def coverage_table(data: PlanningInput, capacity: pd.DataFrame) -> pd.DataFrame:
    """Places of each band's group against its band, year by year, with misses in places.

    capacity: the places available per year and type (Solution.available: own + bought − sold).
    """
    places_of = {(int(r.year), r.type): int(r.places) for r in capacity.itertuples()}
    rows = []
    for b in data.bands:
        types = data.group_types(b.group)
        for t in b.years():
            places = sum(places_of[t, k] for k in types)
            # a composition band's base is the places of its other group
            population = (
                data.population[b.base][t]
                if b.of_places is None
                else sum(places_of[t, k] for k in data.group_types(b.of_places))
            )
            short = max(0.0, b.min_share * population - places) if b.min_share is not None else 0.0
            over = max(0.0, places - b.max_share * population) if b.max_share is not None else 0.0
            rows.append(
                {
                    "year": t,
                    "band": b.band,
                    "group": b.group,
                    "base": b.base,
                    "population": population,
                    "places": places,
                    "share": places / population if population else None,
                    "min_share": b.min_share,
                    "max_share": b.max_share,
                    # below a millionth of a place is solver round-off, not a miss
                    "shortfall_places": round(short, 6),
                    "excess_places": round(over, 6),
                }
            )
    return pd.DataFrame(rows, columns=COVERAGE_COLUMNS)


def flow_table(data: PlanningInput, capacity: pd.DataFrame) -> pd.DataFrame:
    """Each flow row's years: admissions, offered load, places required, and the plan's service."""
    places_of = {(int(r.year), r.type): int(r.places) for r in capacity.itertuples()}
    rows = []
    for f in data.flows if places_of else ():  # no plan, no service to report
        types = data.group_types(f.group)
        for t in f.years():
            places = sum(places_of[t, k] for k in types)
            year = flow_year(
                t,
                f.admissions(data.population, t),
                f.mean_stay_days,
                places,
                f.max_refusal_probability,
                f.max_occupancy,
            )
            rows.append(
                {
                    "year": t,
                    "band": f.band,
                    "group": f.group,
                    "admissions": year.admissions,
                    "mean_stay_days": f.mean_stay_days,
                    "offered_load": year.load,
                    "places_required": year.places_required,
                    "places": places,
                    "occupancy": year.occupancy,
                    "refusal_probability": year.refusal_probability,
                    "max_occupancy": f.max_occupancy,
                    "max_refusal_probability": f.max_refusal_probability,
                }
            )
    return pd.DataFrame(rows, columns=FLOW_COLUMNS)


def band_misses(coverage: pd.DataFrame, bands: list[str]) -> list[dict]:
    """Per band of ``bands`` missed in some year: the years, the worst miss (places, year, short/over), the kind.

    The one summary of misses that the solve messages, the soft-band report and the ratio
    rule's notes all word in their own way.
    """
    if not len(coverage):
        return []
    misses = []
    for band in bands:
        rows = coverage[coverage["band"] == band]
        miss = rows["shortfall_places"] + rows["excess_places"]
        missed = rows[miss > PLACE_TOLERANCE]
        if not len(missed):
            continue
        worst = missed.loc[miss[missed.index].idxmax()]
        misses.append(
            {
                "band": band,
                "years": [int(y) for y in missed["year"]],
                "worst_places": round(float(miss[worst.name]), 6),
                "worst_year": int(worst["year"]),
                "worst_kind": "short" if worst["shortfall_places"] > PLACE_TOLERANCE else "over",
                # over all missed years: short, over, or both
                "kind": " or ".join(
                    word
                    for word, column in (("short", "shortfall_places"), ("over", "excess_places"))
                    if (missed[column] > PLACE_TOLERANCE).any()
                ),
            }
        )
    return misses


def soft_band_misses(solution: Solution, data: PlanningInput) -> list[dict]:
    """Per missed soft band: the years, the worst miss (places, year, short/over) and the penalty paid.

    The penalty is discounted like the objective's, so the bands' penalties add up to the
    summary's penalties_discounted.
    """
    cov = solution.coverage
    soft = {b.band: b for b in data.bands if not b.hard}
    misses = band_misses(cov, list(soft))
    for miss in misses:
        rows = cov[cov["band"] == miss["band"]]
        places = rows["shortfall_places"] + rows["excess_places"]
        penalty = soft[miss["band"]].penalty_per_place_year
        miss["penalty_discounted"] = float(
            sum(data.discount_factor(int(y)) * penalty * float(p) for y, p in zip(rows["year"], places, strict=True))
        )
    return misses


def penalties_from_coverage(data: PlanningInput, coverage: pd.DataFrame) -> float:
    """Σ_t d(t) × penalty × (shortfall + excess) over the soft bands."""
    penalty = {b.band: b.penalty_per_place_year for b in data.bands if not b.hard}
    total = 0.0
    for r in coverage.itertuples():
        if r.band in penalty:
            total += data.discount_factor(int(r.year)) * penalty[r.band] * (r.shortfall_places + r.excess_places)
    return total


def scenario_inputs(data: PlanningInput) -> dict[str, PlanningInput]:
    """Each scenario as an input of its own: the chosen one first, then the others (robust_populations)."""
    populations = {data.scenario or "chosen": data.population, **data.robust_populations}
    return {
        name: dataclasses.replace(data, population=population, robust_populations={}, scenario=name)
        for name, population in populations.items()
    }


def scenario_coverages(data: PlanningInput, capacity: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The plan's coverage in the chosen scenario and in each other one a robust plan holds its hard bands in."""
    return {name: coverage_table(single, capacity) for name, single in scenario_inputs(data).items()}


def npv_per_scenario(data: PlanningInput, solution: Solution) -> dict[str, float]:
    """The plan priced on each scenario: its costs (the same in all) plus that scenario's soft-band penalties."""
    base = solution.objective_npv - (solution.penalties_discounted or 0.0)
    coverages = scenario_coverages(data, solution.available)
    return {
        name: base + penalties_from_coverage(single, coverages[name]) for name, single in scenario_inputs(data).items()
    }


def robust_hard_misses(data: PlanningInput, capacity: pd.DataFrame) -> float:
    """Σ hard-band misses over the chosen scenario and, for a robust plan, every other one (as the diagnosis counts)."""
    return sum(hard_misses(data, coverage) for coverage in scenario_coverages(data, capacity).values())


def hard_misses(data: PlanningInput, coverage: pd.DataFrame) -> float:
    """Σ (shortfall + excess) places over the hard bands: what the elastic diagnosis minimised."""
    hard = {b.band for b in data.bands if b.hard}
    rows = coverage[coverage["band"].isin(hard)]
    return float((rows["shortfall_places"] + rows["excess_places"]).sum())


def site_causes(data: PlanningInput, solution: Solution) -> list[dict]:
    """Site decisions whose places out of service coincide with a hard band's shortfall, for the diagnosis to name:
    per renovation with works, or closure, {site, decision, year, places, out (years), band, short (years)}."""
    cov = solution.coverage
    hard = {b.band: b for b in data.bands if b.hard}
    causes = []
    for r in solution.site_decisions.itertuples():
        start = int(r.year)
        out = out_of_service(data, r.site, r.decision, start)
        if not out:  # renovated in service
            continue
        types = {s.type for s in data.stock if s.site == r.site}
        for band, b in hard.items():
            if not types & set(data.group_types(b.group)):
                continue
            rows = cov[(cov["band"] == band) & (cov["shortfall_places"] > PLACE_TOLERANCE)]
            short = sorted(int(y) for y in rows["year"] if int(y) in out)
            if short:
                causes.append(
                    {
                        "site": r.site,
                        "decision": r.decision,
                        "year": start,
                        "places": int(r.places),
                        "out": list(out),
                        "band": band,
                        "short": short,
                    }
                )
    return causes
