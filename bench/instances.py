"""Benchmark instances: a seeded generator of planning inputs from small to large, and an .xlsx writer.

Every figure is illustrative (costs in NOK of one price year, in the ranges of shared/domain.md),
built so that each instance is feasible, the yearly budget binds in some years and the soft
dementia (or municipal-target) band trades penalty against building. The same name and seed
always give the same :class:`PlanningInput`.

    python bench/instances.py                 # solve each generated instance with HiGHS (feasibility check)
    python bench/instances.py --write DIR     # write each instance as DIR/<name>.xlsx
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from models.inputs import (  # noqa: E402
    Band,
    Conversion,
    PlaceType,
    PlanningInput,
    Project,
    ProjectMix,
    StockRow,
)

# The example (`make run`): its old homes as sites, a provider and a neighbour (README: the buildings we have)
EXAMPLE = ROOT / "inputs" / "baerum.xlsx"
EXAMPLE_NEW_PLACES = ROOT / "inputs" / "baerum_new_places.xlsx"  # the same deciding new places only
EXAMPLES = {"example": EXAMPLE, "example_new_places": EXAMPLE_NEW_PLACES}
FIRST_YEAR = 2026
BASE = "persons_80_plus"


@dataclass(frozen=True)
class Size:
    """One rung of the size ladder, with the solve settings the benchmark uses for it."""

    name: str
    years: int
    types: int  # 4 or 8 place types
    projects: int
    time_limit: float  # seconds per solve
    gap: float  # relative gap at which the solver may stop
    budget_factor: float  # yearly ceiling as a multiple of the average yearly net investment need
    description: str = ""


SIZES: dict[str, Size] = {
    s.name: s
    for s in [
        Size("small", 20, 4, 10, 30, 0.0, 1.2, "20 years, 4 types, 10 projects"),
        Size("medium", 20, 8, 50, 30, 0.005, 1.2, "20 years, 8 types, 50 projects"),
        Size("large40x8x50", 40, 8, 50, 30, 0.005, 1.5, "40 years, 8 types, 50 projects"),
        Size("large", 40, 8, 200, 60, 0.005, 1.5, "40 years, 8 types, 200 projects"),
    ]
}

# type, label, groups, investment, grant, operating, rent, lifetime, lead time, module, max new/year,
# new without project. ASSUMED figures in the ranges of shared/domain.md.
TYPES_8 = [
    ("institution_long", "Institution, long-term", ("municipal",), 4.8e6, 1.4e6, 1.25e6, 0, 40, 4, 8, None, False),
    (
        "institution_short",
        "Institution, short-term",
        ("municipal", "short_term"),
        4.9e6,
        1.4e6,
        1.30e6,
        0,
        40,
        4,
        8,
        None,
        False,
    ),
    (
        "dementia_institution",
        "Dementia unit in an institution",
        ("municipal", "dementia"),
        5.0e6,
        1.5e6,
        1.30e6,
        0,
        40,
        4,
        8,
        None,
        False,
    ),
    ("service_housing", "Service housing, 24h staff", ("municipal",), 3.4e6, 1.2e6, 1.10e6, 130e3, 50, 3, 8, 24, True),
    (
        "dementia_housing",
        "Dementia group home (housing)",
        ("municipal", "dementia"),
        3.6e6,
        1.25e6,
        1.15e6,
        130e3,
        50,
        3,
        8,
        8,
        True,
    ),
    ("ppp_owned", "PPP self-owned unit", ("ppp",), 0.30e6, 0, 0.95e6, 0, 30, 3, 24, 72, True),
    (
        "rehab_short",
        "Rehabilitation, short-term",
        ("municipal", "short_term"),
        4.2e6,
        1.3e6,
        1.28e6,
        0,
        40,
        2,
        8,
        8,
        True,
    ),
    ("ppp_shared", "PPP shared-ownership unit", ("ppp",), 0.50e6, 0, 0.90e6, 50e3, 30, 3, 12, 48, True),
]
TYPES_4 = ["institution_long", "institution_short", "service_housing", "ppp_owned"]
# Types a candidate facility may hold (PPP units are built by developers, not in municipal facilities).
PROJECT_TYPES_8 = [
    "institution_long",
    "institution_short",
    "dementia_institution",
    "service_housing",
    "dementia_housing",
    "rehab_short",
]
PROJECT_TYPES_4 = ["institution_long", "institution_short", "service_housing"]
# Existing stock as a share of the first year's 80+ population (before closures).
STOCK_SHARE = {
    8: {
        "institution_long": 0.090,
        "institution_short": 0.026,
        "dementia_institution": 0.030,
        "service_housing": 0.040,
        "dementia_housing": 0.015,
        "ppp_owned": 0.025,
        "rehab_short": 0.0115,
        "ppp_shared": 0.013,
    },
    4: {"institution_long": 0.135, "institution_short": 0.0375, "service_housing": 0.055, "ppp_owned": 0.038},
}
# from, to, cost per place, max per year
CONVERSIONS_8 = [
    ("institution_long", "institution_short", 250e3, 16),
    ("institution_short", "institution_long", 150e3, 16),
    ("institution_long", "dementia_institution", 400e3, 16),
    ("service_housing", "dementia_housing", 300e3, 8),
]
DEFAULT_BANDS = [
    ("municipal_minimum", "municipal", 0.20, None),
    ("ppp", "ppp", 0.03, 0.05),
    ("short_term", "short_term", 0.035, 0.04),
]
SITES = [
    "Sandvika",
    "Fornebu",
    "Hosle",
    "Bekkestua",
    "Stabekk",
    "Rud",
    "Eiksmarka",
    "Lommedalen",
    "Kolsås",
    "Høvik",
    "Lysaker",
    "Haslum",
    "Jar",
    "Gjettum",
    "Vøyenenga",
    "Tanum",
    "Østerås",
    "Bærums Verk",
    "Snarøya",
    "Blommenholm",
]


def names() -> list[str]:
    """The examples, then the size ladder, smallest first (the examples are read from inputs/, not generated)."""
    return [*EXAMPLES, *SIZES]


def load(name: str, seed: int = 0) -> PlanningInput:
    """The example workbook's input, a generated instance of the size ladder, or a member of the large family
    (bench/family.py: ten large instances that differ in kind)."""
    from bench.family import FAMILY

    if name in FAMILY and name not in SIZES:
        return FAMILY[name]()
    if name in EXAMPLES:
        from planner.inputs import read_input

        return read_input(EXAMPLES[name]).data
    return generate(name, seed)


def _money(rng: np.random.Generator, value: float, spread: float = 0.05) -> float:
    """value ± spread, rounded to 10,000 NOK."""
    if not value:
        return 0.0
    return float(round(value * rng.uniform(1 - spread, 1 + spread), -4))


def population_series(rng: np.random.Generator, years: int) -> dict[int, float]:
    """80+ residents: ~6,000 in the first year, steep growth for 15 years, then flattening."""
    persons = 6000.0 + float(rng.integers(-150, 151))
    series = {}
    for i in range(years):
        series[FIRST_YEAR + i] = float(round(persons))
        rate = 0.028 if i < 4 else 0.035 if i < 15 else 0.015 if i < 25 else 0.005
        persons *= 1 + max(0.002, rate + rng.normal(0, 0.003))
    return series


def generate(name: str | Size, seed: int = 0) -> PlanningInput:
    """A feasible planning input of the named size; deterministic in (size, seed)."""
    size = SIZES[name] if isinstance(name, str) else name
    rng = np.random.default_rng([seed, size.years, size.types, size.projects])
    first, last = FIRST_YEAR, FIRST_YEAR + size.years - 1
    wanted = [t[0] for t in TYPES_8] if size.types == 8 else TYPES_4
    place_types = {}
    for row in TYPES_8:
        if row[0] not in wanted:
            continue
        k, label, groups, inv, grant, op, rent, life, lead, module, cap, without = row
        if size.types == 4:
            groups = tuple(g for g in groups if g != "dementia")
        place_types[k] = PlaceType(
            k,
            label,
            groups,
            _money(rng, inv),
            _money(rng, grant),
            _money(rng, op),
            _money(rng, rent),
            life,
            lead,
            module,
            cap,
            without,
        )
    population = {BASE: population_series(rng, size.years)}
    p0 = population[BASE][first]

    stock = [
        StockRow(f"Existing {place_types[k].label.lower()}", k, int(round(share * p0)))
        for k, share in STOCK_SHARE[size.types].items()
    ]
    # Closures of old nursing homes (cf. Kolsås −28, Dønski −32) and one committed facility.
    closures = [(28, 1), (32, 3), (48, 9), (60, 19), (40, 27)]
    for i, (places, after) in enumerate(closures):
        if after < size.years:
            stock.append(
                StockRow(f"Old nursing home {i + 1} (closing)", "institution_long", places, None, first + after)
            )
    stock.append(StockRow("Committed nursing home", "institution_long", 96, first + 2, None))

    project_types = PROJECT_TYPES_8 if size.types == 8 else PROJECT_TYPES_4
    projects = []
    for i in range(size.projects):
        low = int(rng.integers(100, 151))
        high = int(min(200, low + rng.integers(0, 61)))
        kinds = list(rng.choice(project_types, size=int(rng.integers(2, 4)), replace=False))
        main_min = int(round(low * rng.uniform(0.4, 0.6)))
        mix = [ProjectMix(str(kinds[0]), main_min, high)]
        for k in kinds[1:]:
            mix.append(ProjectMix(str(k), 0, int(rng.integers(3, 9)) * 8))
        earliest = first + int(rng.integers(4, max(5, int(size.years * 0.8))))
        latest = last if rng.random() < 0.4 else min(last, earliest + int(rng.integers(4, 13)))
        places_mid = (low + high) / 2
        # Night staffing and shared functions: about the same for any size, so larger is cheaper per place.
        fixed_operating = float(round(rng.uniform(10e6, 16e6) + 20e3 * places_mid, -5))
        fixed_cost = float(round(rng.uniform(30e6, 60e6) + 100e3 * places_mid, -5))
        site = SITES[i % len(SITES)]
        projects.append(
            Project(f"{site} {i + 1:03d}", earliest, latest, fixed_cost, fixed_operating, low, high, tuple(mix))
        )

    conversions = []
    for a, b, cost, cap in CONVERSIONS_8:
        if a in place_types and b in place_types:
            conversions.append(Conversion(a, b, _money(rng, cost), cap, first + 1))

    bands = [Band(n, g, BASE, lo, hi, first, last) for n, g, lo, hi in DEFAULT_BANDS]
    if size.types == 8:
        bands.append(Band("dementia_target", "dementia", BASE, 0.075, None, first, last, False, 350_000.0))
    else:
        bands.append(Band("municipal_target", "municipal", BASE, 0.22, None, first, last, False, 250_000.0))

    budget = _budget(size, place_types, population[BASE], stock, first, last)
    return PlanningInput(
        first_year=first,
        last_year=last,
        place_types=place_types,
        population=population,
        bands=bands,
        stock=stock,
        projects=projects,
        conversions=conversions,
        budget=budget,
        discount_rate=0.04,
        investment_timing="spread",
        residual_value=True,
    )


def _budget(size: Size, place_types, population, stock, first: int, last: int) -> dict[int, float]:
    """A flat yearly ceiling: budget_factor × the average yearly net investment the bands need.

    Need = places the 25 % of 80+ (municipal 20 % + PPP and soft-band headroom) requires by the
    last year beyond the stock then in service, at a typical net investment per place, spread
    over the years in which anything can open.
    """
    share_needed = 0.25
    in_service = sum(s.places for s in stock if s.in_service(last))
    places = max(0.0, share_needed * population[last] - in_service)
    net = np.mean([pt.net_investment_per_place for pt in place_types.values() if pt.groups[0] == "municipal"])
    buildable_years = (last - first + 1) - 3
    yearly = places * net / buildable_years
    ceiling = float(round(size.budget_factor * yearly, -6))
    return {t: ceiling for t in range(first, last + 1)}


# ---- the input workbook -------------------------------------------------------------------------------------


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _sheet(name: str, rows: list[dict]) -> tuple[list[str], list[list]]:
    """(header, rows) of an input sheet: the schema's columns in order, each row's value by column name.

    Yes/no values are written yes/no and lists comma-separated, as a planner would type them.
    """
    from planner.inputs.sheets import SHEETS

    columns = [c for c in SHEETS[name].columns if c.read and not c.pattern]
    body = []
    for row in rows:
        cells = []
        for c in columns:
            value = row.get(c.name)
            if c.kind == "yes_no" and value is not None:
                value = _yes(value)
            elif c.kind == "list" and value is not None:
                value = ",".join(value)
            cells.append(value)
        body.append(cells)
    return [c.name for c in columns], body


def _fields(obj, **overrides) -> dict:
    return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)} | overrides


def to_tables(data: PlanningInput, solver: str = "highs", time_limit: float = 60, gap: float = 0.0) -> dict:
    """sheet -> (header, rows) in the schema's columns, for planner.inputs.template.write_input_workbook."""
    settings = [
        ["first_year", data.first_year, ""],
        ["last_year", data.last_year, ""],
        ["discount_rate", data.discount_rate, ""],
        ["investment_timing", data.investment_timing, ""],
        ["residual_value", _yes(data.residual_value), ""],
        ["solver", solver, ""],
        ["time_limit_s", time_limit, ""],
        ["mip_gap", gap, ""],
    ]
    if data.scenario:
        settings.append(["scenario", data.scenario, ""])
    if data.plan == "stochastic":
        settings += [["plan", "stochastic", ""], ["commit_years", data.commit_years, ""]]
        settings += [["risk_aversion", data.risk_aversion, ""], ["cvar_alpha", data.cvar_alpha, ""]]
    elif data.robust_populations:
        settings.append(["robust", "yes", ""])
    if data.sales:
        settings.append(["max_sold_share", data.max_sold_share, ""])
    if data.purchases:
        settings.append(["purchased_places_use_own_staff", _yes(data.purchased_places_use_own_staff), ""])
    if any(pt.has_replacement_grant for pt in data.place_types.values()):
        settings.append(["grant_replacement_window_years", data.grant_replacement_window_years, ""])
    flow_bands = {f.band for f in data.flows}
    derived = set(data.need) | {f.required_base for f in data.flows}  # the reader derives these again
    bases = sorted(b for b in data.population if b not in derived)
    pop_header = ["year", *(["scenario"] if data.scenario else []), *bases]
    pop_rows = [
        [t, *([name] if data.scenario else []), *(series[b].get(t) for b in bases)]
        for name, series in {data.scenario: data.population, **data.robust_populations}.items()
        for t in sorted({t for column in series.values() for t in column})
    ]
    # a hard band or flow row is written without its (unused) penalty, as a planner would leave it
    unpriced = {"penalty_per_place_year": None}
    tables = {
        "settings": (["key", "value", "note"], settings),
        "population": (pop_header, pop_rows),
        "place_types": _sheet("place_types", [_fields(pt) for pt in data.place_types.values()]),
        "stock": _sheet("stock", [_fields(row) for row in data.stock]),
        "bands": _sheet(
            "bands", [_fields(b, **(unpriced if b.hard else {})) for b in data.bands if b.band not in flow_bands]
        ),
    }
    if data.projects:
        tables["projects"] = _sheet("projects", [_fields(p) for p in data.projects])
        tables["project_mix"] = _sheet(
            "project_mix", [_fields(m, project=p.project) for p in data.projects for m in p.mix]
        )
    if data.conversions:
        tables["conversions"] = _sheet("conversions", [_fields(c) for c in data.conversions])
    if data.budget:
        rows = [{"year": t, "max_net_investment": v} for t, v in sorted(data.budget.items())]
        tables["budget"] = _sheet("budget", rows)
    if data.need:
        rows = [{"base": b, "column": c, "weight": w} for b, terms in data.need.items() for c, w in terms.items()]
        tables["need"] = _sheet("need", rows)
    if data.flows:
        tables["flows"] = _sheet("flows", [_fields(f, **(unpriced if f.hard else {})) for f in data.flows])
    if data.labour:
        tables["labour"] = _sheet("labour", [{"year": t, "max_work_years": v} for t, v in sorted(data.labour.items())])
    if data.scenario_weights:
        rows = [{"scenario": name, "weight": weight} for name, weight in data.scenario_weights.items()]
        tables["scenario_weights"] = _sheet("scenario_weights", rows)
    for sheet, rows in (("sites", data.sites), ("purchases", data.purchases), ("sales", data.sales)):
        if rows:
            tables[sheet] = _sheet(sheet, [_fields(row) for row in rows])
    return tables


def write_workbook(data: PlanningInput, path: Path, **settings) -> Path:
    """Write ``data`` as an input workbook that planner.inputs.read_input reads back equal."""
    from planner.inputs.template import write_input_workbook

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_input_workbook(path, to_tables(data, **settings))
    return path


# ---- feasibility check ----------------------------------------------------------------------------------------


def check(name: str, seed: int = 0, time_limit: float | None = None, gap: float | None = None) -> dict:
    """Solve one instance with HiGHS; report status, gap and the years whose budget binds."""
    from models.capacity import build_model
    from models.results import solution_tables
    from models.solve import run_solver

    data = load(name, seed)
    size = SIZES.get(name)
    limit = time_limit if time_limit is not None else (size.time_limit if size else 60)
    target = gap if gap is not None else (size.gap if size else 0.0)
    start = time.perf_counter()
    model = build_model(data)
    built = time.perf_counter() - start
    run = run_solver(model.problem, "highs", limit, target)
    result = {"name": name, "status": run.status, "gap": run.mip_gap, "build_s": built, "solve_s": run.seconds}
    if run.has_solution:
        solution = solution_tables(model, run.status, run)
        costs = solution.costs.set_index("year")
        paid = costs["investment"] - costs["grants"] + costs["fixed_costs"] + costs["conversion_costs"]
        result["binding_years"] = [int(t) for t, v in data.budget.items() if paid[t] >= 0.98 * v]
        result["budget"] = next(iter(data.budget.values()), None)
        result["npv"] = solution.objective_npv
        result["projects_opened"] = int(solution.plan.loc[solution.plan["source"] != "new", "source"].nunique())
        result["dementia_penalty"] = solution.penalties_discounted
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", type=Path, help="write each instance as DIR/<name>.xlsx")
    parser.add_argument("--only", action="append", help="instance name (repeatable)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--time-limit", type=float)
    args = parser.parse_args(argv)
    chosen = args.only or list(SIZES)
    for name in chosen:
        if args.write:
            print(f"wrote {write_workbook(load(name, args.seed), args.write / f'{name}.xlsx')}")
        else:
            print(check(name, args.seed, args.time_limit), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
