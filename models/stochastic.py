"""Commit now, adapt later: one plan over the population scenarios, a two-stage stochastic programme.

Notation (docs/formulation.md writes it out): scenarios s with weights w(s), Σ w(s) = 1, each with its own
copy x(s) of the model's variables and rows (its own population, so its own bands) and its net present cost
C(s); T1 = first_year + commit_years − 1, the last committed year. A decision v commits in τ(v): an
opening's year less its lead time (the year its building starts), the year of a conversion, renovation,
closure or contract. First stage: every decision with τ(v) ≤ T1, one value in every scenario
(non-anticipativity, x(s,v) = x(s₁,v)); the rest is each scenario's own continuation.
Objective: (1 − λ)·Σ w(s)·C(s) + λ·CVaR_α, CVaR_α = η + Σ w(s)·z(s)/(1 − α), z(s) ≥ C(s) − η, z(s) ≥ 0
(Rockafellar and Uryasev's linear form; λ = risk_aversion, α = cvar_alpha).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import pulp

from models.capacity import OBJECTIVE_SCALE, CapacityModel, Terms, build_model
from models.inputs import PlanningInput
from models.optimise import optimise, progress_in_nok
from models.results import Solution, npv_per_scenario, scenario_inputs, solution_tables
from models.solve import Deadline, Progress, SolverRun, Start, has_plan, run_solver
from models.tables import OUTPUT_TABLES

STOCHASTIC_COLUMNS = OUTPUT_TABLES["stochastic"].names
PLAN_SHARE = 0.6  # of the time limit, for the stochastic solve when what it is worth is computed after it

# The decisions, by the CapacityModel attribute holding them; the last element of each key is the year.
DECISIONS = ("new_modules", "project_open", "project_places", "converted", "renovate", "site_close", "bought", "sold")


def scenario_weights(data: PlanningInput, names: list[str]) -> dict[str, float]:
    """w(s): the scenario_weights sheet's weights normalised to sum to 1; equal without the sheet."""
    raw = {name: data.scenario_weights.get(name, 0.0) if data.scenario_weights else 1.0 for name in names}
    total = sum(raw.values())
    return {name: weight / total for name, weight in raw.items()}


def last_committed_year(data: PlanningInput) -> int:
    """T1 = first_year + commit_years − 1."""
    return data.first_year + data.commit_years - 1


def opening_commitment_year(data: PlanningInput, type_: str, source: str, year: int) -> int:
    """τ of an opening: its year less its lead time (generic places: their type's; a project's: its longest)."""
    if source == "new":
        return year - data.place_types[type_].lead_time_years
    project = next(p for p in data.projects if p.project == source)
    return year - data.project_lead_time(project)


def commitment_year(m: CapacityModel, kind: str, key: tuple) -> int:
    """τ(v): an opening's (opening_commitment_year); any other decision's own year."""
    if kind == "new_modules":
        return opening_commitment_year(m.data, key[0], "new", key[-1])
    if kind in ("project_open", "project_places"):
        return opening_commitment_year(m.data, "", key[0], key[-1])
    return key[-1]


def first_stage(m: CapacityModel) -> list[tuple[str, tuple, pulp.LpVariable]]:
    """(kind, key, variable) of every decision with τ(v) ≤ T1 that is not fixed by its bounds."""
    last = last_committed_year(m.data)
    chosen = []
    for kind in DECISIONS:
        for key, var in getattr(m, kind).items():
            fixed = var.lowBound is not None and var.lowBound == var.upBound
            if not fixed and commitment_year(m, kind, key) <= last:
                chosen.append((kind, key, var))
    return chosen


@dataclass
class StochasticModel:
    """One problem holding every scenario's model, tied in the first stage."""

    problem: pulp.LpProblem
    models: dict[str, CapacityModel]
    weights: dict[str, float]
    costs: dict[str, pulp.LpAffineExpression] = field(default_factory=dict)  # C(s), in million NOK
    first_stage: list[tuple[str, tuple]] = field(default_factory=list)  # (kind, key) of the shared decisions


def build_stochastic(data: PlanningInput) -> StochasticModel:
    """Every scenario's model in one problem, the first stage shared, the objective expected cost (and CVaR)."""
    inputs = scenario_inputs(data)
    problem = pulp.LpProblem("stochastic_plan", pulp.LpMinimize)
    models = {
        name: build_model(single, problem=problem, prefix=f"s{i}") for i, (name, single) in enumerate(inputs.items())
    }
    sm = StochasticModel(problem, models, scenario_weights(data, list(models)))
    nonanticipativity(sm)
    risk_objective(sm, data.risk_aversion, data.cvar_alpha)
    return sm


def nonanticipativity(sm: StochasticModel) -> None:
    """x(s,v) = x(s₁,v) for every first-stage decision v and every scenario s after the first."""
    first, *others = sm.models.values()
    for kind, key, var in first_stage(first):
        sm.first_stage.append((kind, key))
        for m in others:
            m.add({getattr(m, kind)[key]: 1.0, var: -1.0}, pulp.LpConstraintEQ, 0, m.name("same", kind, *key))


def risk_objective(sm: StochasticModel, risk_aversion: float, alpha: float) -> None:
    """min (1 − λ)·Σ w(s)·C(s) + λ·(η + Σ w(s)·z(s)/(1 − α)), z(s) ≥ C(s) − η, z(s) ≥ 0."""
    first = next(iter(sm.models.values()))
    expected = pulp.LpAffineExpression()
    for name, m in sm.models.items():
        sm.costs[name] = OBJECTIVE_SCALE * (m.net_present_cost() + m.change_penalty)
        expected += sm.weights[name] * sm.costs[name]
    if not risk_aversion:
        sm.problem.setObjective(expected)
        return
    eta = first.variable("cvar_threshold", low=None)
    tail = pulp.LpAffineExpression()
    for name, m in sm.models.items():
        excess = m.variable("cvar_excess")
        row: Terms = {excess: 1.0, eta: 1.0}
        for var, coef in sm.costs[name].items():
            row[var] = row.get(var, 0.0) - coef
        m.add(row, pulp.LpConstraintGE, sm.costs[name].constant, m.name("cvar_tail"))
        tail += sm.weights[name] / (1 - alpha) * excess
    sm.problem.setObjective((1 - risk_aversion) * expected + risk_aversion * (eta + tail))


# ---- solving, and what planning for uncertainty is worth ------------------------------------------------------


@dataclass
class StochasticPlan:
    """The solved stochastic programme: each scenario's whole path, and the figures that weigh it."""

    status: str
    run: SolverRun
    solutions: dict[str, Solution] = field(default_factory=dict)  # scenario -> first stage + its continuation
    weights: dict[str, float] = field(default_factory=dict)
    last_committed: int | None = None  # T1
    worth: pd.DataFrame | None = None  # the stochastic sheet: one row per scenario
    # expected_npv, evpi, vss, robust_expected_npv; vss_missing: scenario -> why it has no VSS term
    figures: dict = field(default_factory=dict)

    @property
    def has_plan(self) -> bool:
        return has_plan(self.status)

    @property
    def expected_npv(self) -> float:
        return sum(self.weights[name] * sol.objective_npv for name, sol in self.solutions.items())


def solve_stochastic(
    data: PlanningInput,
    solver: str = "highs",
    time_limit: float | None = 60,
    gap: float = 0.0,
    progress: Progress | None = None,
    worth: bool = True,
) -> StochasticPlan:
    """The two-stage plan; with worth, the wait-and-see, deterministic-first-stage and robust costs beside it.

    The chosen scenario's own plan, its first stage kept and the rest re-optimised in each scenario, is a plan
    of the stochastic problem (its expected cost is the VSS's first term): the solve starts from it.
    """
    deadline = Deadline(time_limit)
    inputs = scenario_inputs(data)
    names = list(inputs)
    before = deadline.left(1 - PLAN_SHARE) if time_limit is not None else None
    paths = _first_stage_paths(inputs, names if worth else names[:1], solver, before, gap)
    sm = build_stochastic(data)
    start = {f"s{i}_{var}": value for i, name in enumerate(names) for var, value in paths.recourse_values(name).items()}
    left = deadline.left(PLAN_SHARE / (PLAN_SHARE + 0.1) if worth else 1.0)  # the robust plan's solve comes after
    run = run_solver(sm.problem, solver, left, gap, progress_in_nok(progress), Start(values=start or None))
    plan = StochasticPlan(run.status, run, weights=sm.weights, last_committed=last_committed_year(data))
    if not run.has_solution:
        return plan
    plan.solutions = {name: solution_tables(m, run.status, run) for name, m in sm.models.items()}
    plan.figures = {"expected_npv": plan.expected_npv}
    if worth:
        robust = optimise(data, solver, deadline.left(), gap) if len(names) > 1 else None
        costs = npv_per_scenario(data, robust) if robust is not None and robust.has_plan else {}
        plan.worth, more = stochastic_worth(plan, paths, costs)
        plan.figures.update(more)
        if robust is not None and not robust.has_plan:  # why there is no robust figure: infeasible or no_solution
            plan.figures["robust_missing"] = robust.status
        elif robust is not None and robust.run is not None:
            plan.figures["robust_gap"] = robust.run.mip_gap
    return plan


@dataclass
class _Paths:
    """Each scenario's own optimum (wait and see) and its optimum with the chosen scenario's first stage."""

    own: dict[str, Solution] = field(default_factory=dict)
    recourse: dict[str, Solution | None] = field(default_factory=dict)

    def recourse_values(self, name: str) -> dict[str, float]:
        solution = self.recourse.get(name)
        return solution.values if solution is not None and solution.has_plan else {}


def _first_stage_paths(
    inputs: dict[str, PlanningInput], own_for: list[str], solver: str, time_limit: float | None, gap: float
) -> _Paths:
    """Own optima for own_for (the chosen scenario first), then every scenario with the chosen one's first stage."""
    solves = iter(range(len(own_for) + len(inputs), 0, -1))  # solves still to come: each its share of the time
    deadline = Deadline(time_limit)

    def limit() -> float | None:
        return deadline.left(1 / next(solves))

    paths = _Paths({name: optimise(inputs[name], solver, limit(), gap) for name in own_for})
    chosen = paths.own[own_for[0]]
    for name, single in inputs.items():
        paths.recourse[name] = _with_first_stage(single, chosen, solver, limit(), gap)
    return paths


def stochastic_worth(plan: StochasticPlan, paths: _Paths, robust: dict[str, float]) -> tuple[pd.DataFrame, dict]:
    """Per scenario: its cost under the stochastic plan, its own optimum (wait and see), the chosen scenario's
    deterministic plan with its first stage kept and the rest re-optimised there, and the robust plan's cost.
    EVPI = E[stochastic] − E[wait and see]; VSS = E[deterministic first stage] − E[stochastic]."""
    rows = []
    for name, solution in plan.solutions.items():
        own, recourse = paths.own.get(name), paths.recourse.get(name)
        alone, alone_gap = best_alone(own, solution.objective_npv)
        rows.append(
            {
                "scenario": name,
                "weight": plan.weights[name],
                "stochastic_npv": solution.objective_npv,
                "wait_and_see_npv": alone,
                "deterministic_first_stage_npv": recourse.objective_npv if recourse and recourse.has_plan else None,
                "robust_npv": robust.get(name),
                "wait_and_see_gap": alone_gap,
                "deterministic_first_stage_gap": recourse.run.mip_gap if recourse and recourse.has_plan else None,
            }
        )
    frame = pd.DataFrame(rows, columns=STOCHASTIC_COLUMNS)
    expected = plan.expected_npv
    return frame, {
        "expected_npv": expected,
        "evpi": _expected_minus(frame, "wait_and_see_npv", expected, sign=-1),
        "vss": _expected_minus(frame, "deterministic_first_stage_npv", expected, sign=1),
        "robust_expected_npv": _weighted(frame, "robust_npv"),
        "vss_missing": vss_missing(paths),
    }


def best_alone(own: Solution | None, path: float) -> tuple[float, float | None]:
    """The best plan known for a scenario alone and its gap: its own solve's plan, or this plan's path in it when
    that is cheaper or the solve found none (it holds the scenario's bands too). The gap is measured from the own
    solve's bound (None: no bound known, the solve found no plan in time)."""
    if own is None or not own.has_plan or own.run is None or own.run.mip_gap is None:
        return (path, None) if own is None or not own.has_plan else (min(own.objective_npv, path), None)
    bound = own.objective_npv - own.run.mip_gap * abs(own.objective_npv)
    best = min(own.objective_npv, path)
    return best, max(0.0, (best - bound) / abs(best)) if best else 0.0


def vss_missing(paths: _Paths) -> dict[str, str]:
    """Why a scenario has no cost with the chosen scenario's first stage: scenario -> infeasible (its committed
    years cannot hold that scenario's hard bands), no_solution (no plan in time) or no_chosen_plan (the chosen
    scenario's own plan was not found)."""
    return {
        name: "no_chosen_plan" if solution is None else solution.status
        for name, solution in paths.recourse.items()
        if solution is None or not solution.has_plan
    }


def _weighted(frame: pd.DataFrame, column: str) -> float | None:
    """Σ w(s)·column(s), or None when a scenario has no value (no plan there)."""
    values = frame[column]
    if values.isna().any():
        return None
    return float((frame["weight"] * values).sum())


def _expected_minus(frame: pd.DataFrame, column: str, expected: float, sign: int) -> float | None:
    """sign·(E[column] − expected): EVPI with sign −1 (stochastic − wait and see), VSS with +1."""
    value = _weighted(frame, column)
    return None if value is None else sign * (value - expected)


def _with_first_stage(
    single: PlanningInput, chosen: Solution, solver: str, time_limit: float | None, gap: float
) -> Solution | None:
    """The scenario's optimum when the chosen scenario's plan fixes every first-stage decision (None: the chosen
    scenario has no plan; a solution without a plan says why: infeasible or no_solution in time)."""
    if not chosen.has_plan:
        return None
    m = build_model(single)
    for _, _, var in first_stage(m):
        value = chosen.values.get(var.name, 0.0)
        var.lowBound = var.upBound = round(value) if var.cat == pulp.LpInteger else value
    run = run_solver(m.problem, solver, time_limit, gap)
    return solution_tables(m, run.status, run) if run.has_solution else Solution(status=run.status, run=run)


# ---- the machine sheets ------------------------------------------------------------------------------------


def stage_tables(data: PlanningInput, plan: StochasticPlan) -> dict[str, pd.DataFrame]:
    """plan, conversions and capacity with a scenario column: the first stage's rows once (scenario None), then
    each scenario's continuation under its name. A plan row is first-stage when its τ ≤ T1, a conversion or
    capacity row when its year is (every place in service by T1 comes from first-stage decisions)."""

    def committed(name: str, row) -> bool:
        year = opening_commitment_year(data, row.type, row.source, row.year) if name == "plan" else row.year
        return year <= plan.last_committed

    tables = {}
    for name in ("plan", "conversions", "capacity"):
        per_scenario = {
            scenario: list(getattr(sol, name).itertuples(index=False)) for scenario, sol in plan.solutions.items()
        }
        first = next(iter(per_scenario.values()))
        rows = [(*row, None) for row in first if committed(name, row)]  # a blank cell: every scenario
        for scenario, own in per_scenario.items():
            rows += [(*row, scenario) for row in own if not committed(name, row)]
        tables[name] = pd.DataFrame(rows, columns=[*OUTPUT_TABLES[name].names, "scenario"])
    return tables
