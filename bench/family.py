"""A family of large instances that differ in kind, not only in seed: what `make bench` solves for issue 19.

Each member starts from the large rung of the size ladder (40 years, 8 types, 200 candidate
facilities; ``instances.generate("large")``) and changes what makes real plans hard: a budget
that pinches, a staff ceiling, long lead times, facilities many and small or few and large, a
hard dementia minimum, a soft band that binds, a need base from age groups, short-term places
sized by flow. Every member is feasible (``python bench/family.py`` checks it) and the same
name always gives the same input.

    python bench/family.py                       # check each member's LP relaxation is feasible
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # last: a tree under test named by PYTHONPATH comes first (--before)
    sys.path.append(str(ROOT))

from bench import instances  # noqa: E402
from models.inputs import Band, Flow, PlanningInput, Project, ProjectMix  # noqa: E402

BASE = instances.BASE


def _large() -> PlanningInput:
    return instances.generate("large")


def budget_tight() -> PlanningInput:
    """The yearly ceiling at 85 % of the ladder's, and every fourth year at 45 % (a lean budget year)."""
    d = _large()
    budget = {t: v * (0.45 if (t - d.first_year) % 4 == 3 else 0.85) for t, v in d.budget.items()}
    return dataclasses.replace(d, budget=budget)


# Staff (årsverk) per place in service, by type; and per facility whatever its size (night staff base).
WORK_YEARS = {
    "institution_long": 1.05,
    "institution_short": 1.25,
    "dementia_institution": 1.3,
    "service_housing": 0.75,
    "dementia_housing": 0.95,
    "ppp_owned": 0.45,
    "rehab_short": 1.3,
    "ppp_shared": 0.5,
}
FACILITY_WORK_YEARS = 9.0


def labour_tight() -> PlanningInput:
    """A staff ceiling each year: 4 % above the stock's staff and what the bands' minimum adds to it."""
    d = _large()
    types = {k: dataclasses.replace(pt, work_years_per_place=WORK_YEARS[k]) for k, pt in d.place_types.items()}
    projects = [dataclasses.replace(p, fixed_work_years=FACILITY_WORK_YEARS) for p in d.projects]
    population = d.population[BASE]

    def places(group: str, t: int) -> float:
        return sum(s.places for s in d.stock if s.in_service(t) and group in d.place_types[s.type].groups)

    def labour(t: int) -> float:
        """The stock's staff and the bands' minimum beyond it at about 1 work-year a place, 4 % spare."""
        stock = sum(s.places * WORK_YEARS[s.type] for s in d.stock if s.in_service(t))
        municipal = max(0.0, 0.20 * population[t] - places("municipal", t))
        ppp = max(0.0, 0.03 * population[t] - places("ppp", t))
        return round(1.04 * (stock + 1.0 * municipal + 0.45 * ppp) + 6 * FACILITY_WORK_YEARS, 0)

    return dataclasses.replace(d, place_types=types, projects=projects, labour={t: labour(t) for t in d.years})


def long_leads() -> PlanningInput:
    """Lead times three years longer (seven for institutions): more is decided before anything opens."""
    d = _large()
    types = {k: dataclasses.replace(pt, lead_time_years=pt.lead_time_years + 3) for k, pt in d.place_types.items()}
    return dataclasses.replace(d, place_types=types)


def _resized(d: PlanningInput, count: int, low: int, high: int, seed: int) -> list[Project]:
    """``count`` facilities of ``low``–``high`` places, costs as the ladder's (larger is cheaper per place)."""
    rng = np.random.default_rng(seed)
    projects = []
    for i in range(count):
        template = d.projects[i % len(d.projects)]
        lo = int(rng.integers(low, (low + high) // 2 + 1))
        hi = int(rng.integers(max(lo + 8, (low + high) // 2), high + 1))
        main, *others = template.mix
        mix = [ProjectMix(main.type, int(round(lo * 0.5)), hi)]
        mix += [ProjectMix(m.type, 0, max(8, min(m.max_places, hi // 3 // 8 * 8))) for m in others]
        mid = (lo + hi) / 2
        fixed_operating = float(round(rng.uniform(6e6, 10e6) + 20e3 * mid, -5))
        fixed_cost = float(round(rng.uniform(20e6, 40e6) + 100e3 * mid, -5))
        name = f"{instances.SITES[i % len(instances.SITES)]} {i + 1:03d}"
        projects.append(
            dataclasses.replace(
                template,
                project=name,
                min_places=lo,
                max_places=hi,
                mix=tuple(mix),
                fixed_cost=fixed_cost,
                fixed_operating_year=fixed_operating,
            )
        )
    return projects


def many_small() -> PlanningInput:
    """300 small facilities (24–72 places); institutions open only in facilities."""
    d = _large()
    types = {
        k: dataclasses.replace(pt, new_without_project=pt.new_without_project and k != "service_housing")
        for k, pt in d.place_types.items()
    }
    return dataclasses.replace(d, place_types=types, projects=_resized(d, 300, 24, 72, seed=11))


def many_large() -> PlanningInput:
    """120 large facilities (150–320 places): fewer, bigger steps in capacity."""
    d = _large()
    return dataclasses.replace(d, projects=_resized(d, 120, 150, 320, seed=12))


def dementia_heavy() -> PlanningInput:
    """A hard dementia minimum (6 % of 80+ from the sixth year) under the soft 7.5 % target, and dearer soft misses."""
    d = _large()
    bands = [dataclasses.replace(b, penalty_per_place_year=900_000.0) if not b.hard else b for b in d.bands]
    bands.append(Band("dementia_minimum", "dementia", BASE, 0.06, None, d.first_year + 5, d.last_year))
    return dataclasses.replace(d, bands=bands)


def soft_binding() -> PlanningInput:
    """A soft municipal target of 24 % priced below a place's cost: the plan trades misses for places every year."""
    d = _large()
    target = Band("municipal_target", "municipal", BASE, 0.24, None, d.first_year, d.last_year, False, 180_000.0)
    return dataclasses.replace(d, bands=[*d.bands, target])


# Age groups' weights in the need base (behovsbase): the share of each group that needs a place, relative to 80+.
# Scaled so the base equals the 80+ population in the first year (1.289 before scaling).
AGE_WEIGHTS = {"persons_67_79": 0.08 / 1.289, "persons_80_89": 0.85 / 1.289, "persons_90_plus": 1.9 / 1.289}


def age_groups() -> PlanningInput:
    """Bands on a need base from three age groups, whose shares shift toward the oldest over the horizon."""
    d = _large()
    eighty = d.population[BASE]
    years = list(d.years)
    columns = {
        "persons_67_79": {t: round(eighty[t] * (2.6 - 0.4 * i / len(years))) for i, t in enumerate(years)},
        "persons_80_89": {t: round(eighty[t] * (0.78 - 0.1 * i / len(years))) for i, t in enumerate(years)},
        "persons_90_plus": {t: round(eighty[t] * (0.22 + 0.1 * i / len(years))) for i, t in enumerate(years)},
    }
    need = {"need_base": AGE_WEIGHTS}
    base = {t: sum(w * columns[c][t] for c, w in AGE_WEIGHTS.items()) for t in years}
    population = {**d.population, **columns, "need_base": base}
    bands = [dataclasses.replace(b, base="need_base") for b in d.bands]
    return dataclasses.replace(d, population=population, need=need, bands=bands)


def flows() -> PlanningInput:
    """Short-term places sized by flow (korttid): admissions per 1,000 aged 80+, a 3 % refusal target."""
    from models.flows import with_flows

    d = _large()
    bands = [b for b in d.bands if b.band != "short_term"]
    flow = Flow("short_term_flow", "short_term", d.first_year, d.last_year, 19.0, None, 60.0, BASE, 0.03)
    return with_flows(dataclasses.replace(d, bands=bands), [flow])


FAMILY: dict[str, Callable[[], PlanningInput]] = {
    "large": _large,
    "budget_tight": budget_tight,
    "labour_tight": labour_tight,
    "long_leads": long_leads,
    "many_small": many_small,
    "many_large": many_large,
    "dementia_heavy": dementia_heavy,
    "soft_binding": soft_binding,
    "age_groups": age_groups,
    "flows": flows,
}


def describe(name: str) -> str:
    """The member's one-line description."""
    return (FAMILY[name].__doc__ or "the large rung: 40 years, 8 types, 200 facilities").splitlines()[0]


def relaxation_feasible(data: PlanningInput) -> str:
    """HiGHS's status on the member's LP relaxation (integers relaxed): a quick feasibility check."""
    import pulp

    from models.capacity import build_model

    model = build_model(data)
    model.problem.solve(pulp.HiGHS(msg=False, mip=False, threads=1))
    return pulp.LpStatus[model.problem.status]


# ---- timing a member: first plan, 0.5 %, the gap at the limit ------------------------------------------------


@dataclasses.dataclass
class Trace:
    """One solve of one member, timed from before the model is built (wall seconds)."""

    member: str
    solver: str
    tree: str  # "after" (this checkout) or "before" (the commit compared against)
    status: str = ""
    first_plan_s: float | None = None
    to_half_percent_s: float | None = None  # proven within 0.5 %
    gap_at_limit: float | None = None
    seconds: float = 0.0
    npv: float | None = None
    exact: bool = True  # False for CBC: it reports no progress, so its first plan is known only as "by the end"


def trace(data: PlanningInput, member: str, solver: str, tree: str, time_limit: float) -> Trace:
    """Solve with the model's own optimise (heuristic and all); HiGHS to the limit at gap 0, CBC to 0.5 %."""
    import time

    from models.optimise import optimise

    start = time.perf_counter()
    events: list[tuple[float, float | None, float | None]] = []

    def progress(seconds: float, best: float | None, gap: float | None) -> None:
        events.append((time.perf_counter() - start, best, gap))

    gap = 0.0 if solver == "highs" else TARGET_GAP
    solution = optimise(data, solver=solver, time_limit=time_limit, gap=gap, progress=progress)
    end = time.perf_counter() - start
    run = solution.run
    result = Trace(member, solver, tree, solution.status, seconds=end, exact=solver == "highs")
    if not solution.has_plan:
        return result
    result.npv = solution.objective_npv
    result.first_plan_s = next((s for s, best, _ in events if best is not None), end)
    result.to_half_percent_s = next((s for s, _, g in events if g is not None and g <= TARGET_GAP), None)
    if result.to_half_percent_s is None and run.mip_gap is not None and run.mip_gap <= TARGET_GAP + 1e-9:
        result.to_half_percent_s = end
    result.gap_at_limit = run.mip_gap
    return result


TARGET_GAP = 0.005


def _child(argv: list[str]) -> None:
    """In a subprocess: unpickle the member's input, trace it, print the trace as JSON."""
    import json
    import pickle

    path, member, solver, tree, limit = argv
    data = pickle.loads(Path(path).read_bytes())
    print(json.dumps(dataclasses.asdict(trace(data, member, solver, tree, float(limit)))))


def run_member(member: str, solver: str, work: Path, time_limit: float = 60.0, before: Path | None = None) -> Trace:
    """Trace one member in a fresh process: this checkout's code, or (``before``) a worktree's models."""
    import json
    import os
    import pickle
    import subprocess

    work.mkdir(parents=True, exist_ok=True)
    path = work / f"{member}.pickle"
    if not path.exists():
        path.write_bytes(pickle.dumps(FAMILY[member]()))
    tree = "before" if before else "after"
    env = dict(os.environ, PYTHONPATH=str(before or ROOT))
    code = "import sys; from bench.family import _child; _child(sys.argv[1:])"
    if before:  # the old tree's models, this file's tracer
        code = f"import sys, runpy; f = runpy.run_path({str(Path(__file__))!r}); f['_child'](sys.argv[1:])"
    done = subprocess.run(
        [sys.executable, "-c", code, str(path), member, solver, tree, str(time_limit)],
        env=env,
        cwd=work,  # not the checkout: its folder would come first on the path
        capture_output=True,
        text=True,
        timeout=time_limit * 4 + 120,
    )
    if done.returncode != 0:
        return Trace(member, solver, tree, status=f"error: {done.stderr.strip().splitlines()[-1:]}")
    return Trace(**json.loads(done.stdout.strip().splitlines()[-1]))


def main(argv: list[str] | None = None) -> int:
    import argparse
    import json
    import tempfile
    from concurrent.futures import ThreadPoolExecutor

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check each member's LP relaxation is feasible")
    parser.add_argument("--solver", action="append", choices=["highs", "cbc"], help="default: highs")
    parser.add_argument("--only", action="append", help="member (repeatable)")
    parser.add_argument("--before", type=Path, help="also trace the models of this tree (a git worktree)")
    parser.add_argument("--jobs", type=int, default=2, help="solves at a time (each single-threaded)")
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--json", type=Path, help="write the traces here")
    parser.add_argument("--markdown", type=Path, help="write the table (and the goals met or missed) here")
    parser.add_argument("--from-json", type=Path, help="only write the markdown of traces already run")
    args = parser.parse_args(argv)
    members = args.only or list(FAMILY)
    if args.check:
        for member in members:
            print(f"{member:16} {relaxation_feasible(FAMILY[member]())}", flush=True)
        return 0
    if args.from_json:
        traces = [Trace(**t) for t in json.loads(args.from_json.read_text())]
        args.markdown.write_text(markdown(traces, args.time_limit, " ".join(sys.argv[1:])))
        return 0
    work = Path(tempfile.mkdtemp(prefix="planner-family-"))
    trees = [None, args.before] if args.before else [None]
    # the tree compared against is run with HiGHS only: the goals are HiGHS's
    jobs = [(m, s, b) for m in members for s in args.solver or ["highs"] for b in trees if b is None or s == "highs"]

    def one(job):
        m, s, b = job
        t = run_member(m, s, work, args.time_limit, b)
        print(json.dumps(dataclasses.asdict(t)), flush=True)
        return t

    with ThreadPoolExecutor(args.jobs) as pool:
        traces = list(pool.map(one, jobs))
    if args.json:
        args.json.write_text(json.dumps([dataclasses.asdict(t) for t in traces], indent=1))
    if args.markdown:
        args.markdown.write_text(markdown(traces, args.time_limit, " ".join(sys.argv[1:])))
    return 0


GOAL_FIRST_PLAN_S = 10.0
GOAL_HALF_PERCENT_S = 60.0


def _s(value: float | None, exact: bool = True) -> str:
    return "–" if value is None else f"{value:.1f}" if exact else f"≤ {value:.1f}"


def _gap(value: float | None) -> str:
    return "no plan" if value is None else f"{value:.2%}"


def _summary(traces: list[Trace]) -> str:
    """Median and worst of first plan and 0.5 % (no plan / never counts as worst)."""

    def stats(values: list[float | None]) -> tuple[str, str]:
        known = sorted(v for v in values if v is not None)
        if not known:
            return "–", "never"
        worst = "never" if len(known) < len(values) else f"{known[-1]:.1f}"
        middle = float(np.median([v if v is not None else np.inf for v in values]))
        return ("never" if middle == np.inf else f"{middle:.1f}"), worst

    first = stats([t.first_plan_s for t in traces])
    half = stats([t.to_half_percent_s for t in traces])
    gaps = [t.gap_at_limit for t in traces]
    worst_gap = "no plan" if any(g is None for g in gaps) else f"{max(gaps):.2%}"
    return (
        f"first plan median {first[0]} s, worst {first[1]}; 0.5 % median {half[0]} s, worst {half[1]}; "
        f"gap at the end worst {worst_gap}"
    )


def markdown(traces: list[Trace], time_limit: float, argv: str) -> str:
    """The family's table per solver and tree, with the goals of issue 19 met or missed."""
    lines = [
        "# The large family (bench/family.py)",
        "",
        f"Written by `python bench/family.py {argv}`. Each member solved once per solver (and tree),",
        f"single-threaded, `--time-limit {time_limit:g}`, in its own process, two at a time on this machine.",
        "Seconds are wall time from before the model is built; HiGHS runs at gap 0 and reports its",
        "progress, so its first plan and 0.5 % are exact; CBC runs at gap 0.5 % and reports none,",
        'so its first plan is known only as "by the end" (≤).',
        "",
        "| member | what it is | solver | tree | first plan s | to 0.5 % s | gap at the end | status | wall s |",
        "|---|---|---|---|---:|---:|---:|---|---:|",
    ]
    for t in traces:
        lines.append(
            f"| {t.member} | {describe(t.member)} | {t.solver} | {t.tree} | {_s(t.first_plan_s, t.exact)} "
            f"| {_s(t.to_half_percent_s)} | {_gap(t.gap_at_limit)} | {t.status} | {t.seconds:.1f} |"
        )
    lines += ["", "## Median and worst", ""]
    groups: dict[tuple[str, str], list[Trace]] = {}
    for t in traces:
        groups.setdefault((t.solver, t.tree), []).append(t)
    for (solver, tree), group in groups.items():
        lines.append(f"* **{solver}, {tree}**: {_summary(group)}.")
    after = groups.get(("highs", "after"), [])
    if after:
        first_met = all(t.first_plan_s is not None and t.first_plan_s <= GOAL_FIRST_PLAN_S for t in after)
        half_met = all(t.to_half_percent_s is not None and t.to_half_percent_s <= GOAL_HALF_PERCENT_S for t in after)
        over = [t for t in after if t.seconds > time_limit + 5]
        lines += [
            "",
            "## Goals (HiGHS, this checkout)",
            "",
            f"* first plan ≤ {GOAL_FIRST_PLAN_S:g} s on every member: **{'met' if first_met else 'missed'}**",
            f"* within 0.5 % ≤ {GOAL_HALF_PERCENT_S:g} s on every member: **{'met' if half_met else 'missed'}**",
            f"* the time limit bounds the wall time (within 5 s): **{'met' if not over else 'missed'}**"
            + (f" ({', '.join(f'{t.member} {t.seconds:.0f} s' for t in over)})" if over else ""),
        ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
