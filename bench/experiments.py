"""What speeds up the solve: each idea measured on the same instances, written to bench/experiments.md.

For each instance (example, medium, large40x8x50, large) and each variant, one HiGHS run
(single thread, seed 0, no gap tolerance, 60 s limit) in its own subprocess, with callbacks
recording every new incumbent and bound. From that trace:

* ``to 0.5 %``: solver seconds until HiGHS's own gap (cost − bound)/cost first drops to 0.5 %
  (what a run with ``gap=0.005`` would stop at: a plan *proven* within 0.5 %);
* ``inc 0.5 %``: solver seconds until the incumbent is within 0.5 % of the best cost any
  variant found on that instance (the plan is good, though not yet proven);
* ``end``: proven optimum (seconds) or the gap at the 60 s limit.

Gaps are of the whole objective (the old model has a constant HiGHS does not see).

    .venv/bin/python bench/experiments.py                  # everything (about 25 min), writes experiments.md/json
    .venv/bin/python bench/experiments.py --only large     # one instance (merged into the json)
    .venv/bin/python bench/experiments.py --variants baseline,effort02
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
BEFORE_COMMIT = "a1e0066"  # the last commit before the sparse rewrite of models/capacity.py
BEFORE_TREE = Path("/tmp/before")
INSTANCES = ("example", "medium", "large40x8x50", "large")
TIME_LIMIT = 60.0
TARGET_GAP = 0.005

# name -> (what it is, settings): options (HiGHS), start ("ratio", "open", "rf"), model ("before", "tight", "int_cap")
VARIANTS: dict[str, tuple[str, dict]] = {
    "baseline": ("current code: sparse model, HiGHS as models/solve.py sets it, 1 thread, seed 0", {}),
    "defaults": ("sparse model, HiGHS's default presolve whatever the size", {"options": {"presolve_mode": 0}}),
    "before": (f"the model before the sparse rewrite ({BEFORE_COMMIT})", {"model": "before"}),
    "ratio_full": ("the ratio rule's whole plan handed to HiGHS as a start", {"start": "ratio"}),
    "ratio_open": ("the ratio rule's facility openings only as a partial start; HiGHS completes it", {"start": "open"}),
    "effort02": ("mip_heuristic_effort 0.2 (default 0.05)", {"options": {"mip_heuristic_effort": 0.2}}),
    "effort05": ("mip_heuristic_effort 0.5", {"options": {"mip_heuristic_effort": 0.5}}),
    "relax_fix": ("relax-and-fix over 10-year windows (each stage 0.5 % / 10 s) as the start", {"start": "rf"}),
    "tight": ("x(p,k,t) ≤ min(max_pk, N_k)·open(p,t) and Σ_k min(…) in size_max", {"model": "tight"}),
    "int_cap": ("cap(k,t) and built(p,t) declared integer (they take whole values anyway)", {"model": "int_cap"}),
    "presolve_off": ("presolve off", {"options": {"presolve": "off"}}),
    "presolve_sweep": ("presolve_mode 1: presolve's initial sweep only", {"options": {"presolve_mode": 1}}),
    "presolve_light": ("presolve_mode 2: light presolve", {"options": {"presolve_mode": 2}}),
    "no_fj": ("mip_heuristic_run_feasibility_jump off", {"options": {"mip_heuristic_run_feasibility_jump": False}}),
    "no_symmetry": ("mip_detect_symmetry off", {"options": {"mip_detect_symmetry": False}}),
    "fractional_limits": (
        "hard band limits as computed (1269.2 places), not rounded to whole places (the code before issue 11)",
        {"model": "fractional_limits"},
    ),
}


# ---- one run (in a subprocess) ----------------------------------------------------------------------------------


def worker(variant: str, instance: str, gap: float) -> dict:
    """Build and solve one instance with one variant; the trace and sizes as a dict."""
    import highspy
    import pulp

    from bench import instances
    from models.capacity import build_model

    settings = VARIANTS[variant][1]
    data = instances.load(instance)
    if settings.get("model") == "fractional_limits":
        from models import capacity

        capacity.WHOLE_PLACE_LIMITS = False
    start = time.perf_counter()
    m = build_model(data)
    if settings.get("model") == "tight":
        tighten(m)
    if settings.get("model") == "int_cap":
        for var in [*m.capacity.values(), *m.built.values()]:
            var.cat = pulp.LpInteger
    build_s = time.perf_counter() - start
    problem = m.problem
    rows = len(problem.constraints)
    nonzeros = sum(len(c) for c in problem.constraints.values())
    columns = len(problem.variables())
    constant = problem.objective.constant
    trace: list[tuple[float, float, float]] = []  # (seconds, incumbent, bound) when either changes
    start_values = None
    start_s = 0.0
    if settings.get("start"):
        t0 = time.perf_counter()
        start_values = relax_and_fix(m) if settings["start"] == "rf" else ratio_start(m, data)
        if settings["start"] == "open":  # the full plan misses bands or the budget: HiGHS rejects it
            start_values = {var: value for var, value in start_values.items() if var.name.startswith("open_")}
        start_s = time.perf_counter() - t0

    def callback(callback_type, message, data_out, data_in, user_data) -> None:
        if callback_type == highspy.cb.HighsCallbackType.kCallbackMipImprovingSolution:
            primal = data_out.objective_function_value
            bound = trace[-1][2] if trace else float("-inf")
        else:
            primal, bound = data_out.mip_primal_bound, data_out.mip_dual_bound
        if not trace or (primal, bound) != trace[-1][1:]:
            trace.append((data_out.running_time, primal, bound))

    class Solver(pulp.HiGHS):
        def callSolver(self, lp):
            if start_values:
                index = [var.index for var in start_values]
                status = lp.solverModel.setSolution(len(index), index, list(start_values.values()))
                result["start_status"] = str(status)
            lp.solverModel.run()

    result: dict = {}
    options = dict(msg=False, timeLimit=TIME_LIMIT, gapRel=gap, threads=1, random_seed=0)
    if settings.get("model") != "before":  # what run_solver does on large models (the old code did not)
        from models.solve import highs_size_options

        options.update(highs_size_options(problem))
    options.update(settings.get("options", {}))
    cmd = Solver(
        callbackTuple=(callback, None),
        callbacksToActivate=[
            highspy.cb.HighsCallbackType.kCallbackMipImprovingSolution,
            highspy.cb.HighsCallbackType.kCallbackMipInterrupt,
        ],
        **options,
    )
    t0 = time.perf_counter()
    problem.solve(cmd)
    wall = time.perf_counter() - t0
    highs = problem.solverModel
    info = highs.getInfo()
    final = (highs.getRunTime(), info.objective_function_value, info.mip_dual_bound)
    trace.append(final)
    optimal = highs.getModelStatus() == highspy.HighsModelStatus.kOptimal
    result.update(
        variant=variant,
        instance=instance,
        gap=gap,
        build_s=build_s,
        start_s=start_s,
        solve_wall_s=wall,
        solver_s=highs.getRunTime(),
        rows=rows,
        columns=columns,
        nonzeros=nonzeros,
        constant=constant,
        optimal=optimal,
        trace=trace,
        objective=info.objective_function_value + constant,
        load=os.getloadavg()[0],
    )
    return result


def ratio_start(m, data) -> dict:
    """The ratio rule's decisions as values of the integer variables (cap, built, misses left to HiGHS)."""
    from models.ratio import ratio_decisions

    dec = ratio_decisions(data)
    values = {}
    for (k, t), var in m.new_modules.items():
        values[var] = dec.modules.get((k, t), 0)
    for (p, t), var in m.project_open.items():
        values[var] = 1 if p in dec.projects and dec.projects[p][0] == t else 0
    for (p, k, t), var in m.project_places.items():
        year, mix = dec.projects.get(p, (None, {}))
        values[var] = mix.get(k, 0) if year == t else 0
    for key, var in m.converted.items():
        values[var] = dec.converted.get(key, 0)
    return values


def relax_and_fix(m, window: int = 10, stage_gap: float = 0.005, stage_limit: float = 10.0) -> dict:
    """A first plan by stages of `window` years: integers inside, fixed before, relaxed after."""
    import pulp

    integers = [v for v in m.problem.variables() if v.cat == pulp.LpInteger]
    year = {v: int(v.name.split("_")[-1]) for v in integers}  # every integer variable's name ends in its year
    saved = {v: (v.lowBound, v.upBound) for v in integers}
    data = m.data
    values: dict = {}
    try:
        for start in range(data.first_year, data.last_year + 1, window):
            for v in integers:
                if year[v] < start:
                    v.cat, v.lowBound, v.upBound = pulp.LpContinuous, values[v], values[v]
                elif year[v] < start + window:
                    v.cat = pulp.LpInteger
                else:
                    v.cat = pulp.LpContinuous
            m.problem.solve(pulp.HiGHS(msg=False, timeLimit=stage_limit, gapRel=stage_gap, threads=1, random_seed=0))
            if m.problem.sol_status not in (pulp.LpSolutionOptimal, pulp.LpSolutionIntegerFeasible):
                return {}
            for v in integers:
                if start <= year[v] < start + window:
                    values[v] = round(v.varValue)
    finally:
        for v in integers:
            v.cat = pulp.LpInteger
            v.lowBound, v.upBound = saved[v]
    return values


def tighten(m) -> None:
    """Project places capped by the type's yearly cap as well as the mix maximum (coefficient tightening)."""
    import pulp

    data = m.data
    for p in data.projects:
        caps = {}
        for mix in p.mix:
            n = data.place_types[mix.type].max_new_per_year
            caps[mix.type] = mix.max_places if n is None else min(mix.max_places, n)
        total = min(p.max_places, sum(caps.values()))
        for t in range(data.first_year, data.last_year + 1):
            if (p.project, t) not in m.project_open:
                continue
            is_open = m.project_open[p.project, t]
            for mix in p.mix:
                if caps[mix.type] < mix.max_places:
                    x = m.project_places[p.project, mix.type, t]
                    x.upBound = caps[mix.type]
                    m.add({x: 1, is_open: -caps[mix.type]}, pulp.LpConstraintLE, 0, m.name("mix_cap", p.project, t))
            if total < p.max_places:
                terms = {m.project_places[p.project, mix.type, t]: 1.0 for mix in p.mix}
                terms[is_open] = -total
                m.add(terms, pulp.LpConstraintLE, 0, m.name("size_cap", p.project, t))


# ---- the driver -------------------------------------------------------------------------------------------------


def run_one(variant: str, instance: str, gap: float) -> dict:
    env = dict(os.environ)
    path = [str(ROOT)]
    if VARIANTS[variant][1].get("model") == "before":
        if not BEFORE_TREE.exists():
            subprocess.run(["git", "worktree", "add", str(BEFORE_TREE), BEFORE_COMMIT], cwd=ROOT, check=True)
        path.insert(0, str(BEFORE_TREE))  # its `models` shadows ours; bench.instances comes from ROOT
    env["PYTHONPATH"] = os.pathsep.join(path)
    code = (
        "import json, sys; from bench.experiments import worker; "
        "print(json.dumps(worker(sys.argv[1], sys.argv[2], float(sys.argv[3]))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, variant, instance, str(gap)], env=env, capture_output=True, text=True, cwd="/"
    )
    if out.returncode:
        raise RuntimeError(f"{variant} on {instance} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def gap_of(primal: float, bound: float, constant: float) -> float:
    """Gap of the whole objective (constant included)."""
    if abs(primal) >= 1e30:
        return float("inf")
    total = abs(primal + constant)
    return max(0.0, primal - bound) / total if total else 0.0


def metrics(result: dict, best: float) -> dict:
    c = result["constant"]
    # a start's own seconds (relax-and-fix, the ratio rule) count: the solver's clock starts after it
    trace = [(s + result["start_s"], p, b) for s, p, b in result["trace"]]
    to_gap = next((s for s, p, b in trace if gap_of(p, b, c) <= TARGET_GAP), None)
    to_inc = next((s for s, p, b in trace if abs(p) < 1e30 and p + c <= best * (1 + TARGET_GAP)), None)
    first = next((s for s, p, b in trace if abs(p) < 1e30), None)
    s, p, b = trace[-1]
    return dict(
        to_gap=to_gap,
        to_inc=to_inc,
        first=first,
        end_gap=gap_of(p, b, c),
        end_s=s,
        optimal=result["optimal"],
        objective=p + c,
    )


def fmt(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def write_markdown(results: list[dict], path: Path, notes: str) -> None:
    lines = [
        "# Solver experiments",
        "",
        "Written by `bench/experiments.py` (one run per cell; 1 thread, seed 0, 60 s limit, stopping at",
        "the `stop gap`; seconds are HiGHS's own running time plus any start's, build excluded).",
        "`to 0.5 %`: proven within 0.5 %;",
        "`inc 0.5 %`: incumbent within 0.5 % of the best cost any variant found; `end`: seconds to",
        "the proven optimum, or the gap left at 60 s. `load` is the 1-minute load average at the end.",
        "",
        "| instance | variant | stop gap | build s | rows | nonzeros | first plan s | inc 0.5 % s | to 0.5 % s "
        "| end | load |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---|---:|",
    ]
    for instance in INSTANCES:
        mine = [r for r in results if r["instance"] == instance]
        if not mine:
            continue
        best = min(r["objective"] for r in mine if abs(r["objective"]) < 1e30)
        order = list(VARIANTS)
        for r in sorted(mine, key=lambda r: (-r["gap"], order.index(r["variant"]) if r["variant"] in order else 99)):
            mt = metrics(r, best)
            if mt["optimal"] and r["gap"] == 0:
                end = f"optimal in {mt['end_s']:.1f} s"
            elif mt["optimal"]:  # HiGHS's status when it stops at the gap tolerance
                end = f"stop at {mt['end_gap']:.3%}, {mt['end_s']:.1f} s"
            elif math.isinf(mt["end_gap"]):
                end = f"no plan at {mt['end_s']:.0f} s"
            else:
                end = f"gap {mt['end_gap']:.3%} at {mt['end_s']:.0f} s"
            lines.append(
                f"| {instance} | {r['variant']} | {r['gap']:g} | {r['build_s']:.2f} | {r['rows']} | {r['nonzeros']} | "
                f"{fmt(mt['first'])} | {fmt(mt['to_inc'])} | {fmt(mt['to_gap'])} | {end} | {r['load']:.1f} |"
            )
    lines += ["", notes.strip(), ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=INSTANCES, help="one instance")
    parser.add_argument("--gap", type=float, help="stop at this gap (default: 0.5 %%, 0 for the example)")
    parser.add_argument("--variants", help="comma-separated variant names (default: all)")
    args = parser.parse_args(argv)
    instances = [args.only] if args.only else list(INSTANCES)
    variants = args.variants.split(",") if args.variants else list(VARIANTS)
    store = HERE / "experiments.json"
    results = json.loads(store.read_text()) if store.exists() else []
    for instance in instances:
        for variant in variants:
            gap = args.gap if args.gap is not None else (0.0 if instance == "example" else TARGET_GAP)
            r = run_one(variant, instance, gap)
            same = (variant, instance, gap)
            results = [x for x in results if (x["variant"], x["instance"], x["gap"]) != same] + [r]
            s, p, b = r["trace"][-1]
            print(
                f"{instance:14s} {variant:14s} build {r['build_s']:.2f}s solve {r['solver_s']:.1f}s "
                f"gap {gap_of(p, b, r['constant']):.4%} nz {r['nonzeros']} load {r['load']:.1f}",
                flush=True,
            )
            store.write_text(json.dumps(results, indent=1))
    notes = (HERE / "experiments_notes.md").read_text() if (HERE / "experiments_notes.md").exists() else ""
    write_markdown(results, HERE / "experiments.md", notes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
