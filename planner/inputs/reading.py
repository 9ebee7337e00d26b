"""Input workbook → validated PlanningInput: the sheets read in order, every problem collected before failing."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from models.flows import with_flows
from models.inputs import PlanningInput
from planner.inputs.bands import read_bands, warn_narrow_bands
from planner.inputs.ceilings import read_budget, read_labour
from planner.inputs.cells import build
from planner.inputs.context import REQUIRED_COLUMNS, Reading
from planner.inputs.contracts import read_purchases, read_sales
from planner.inputs.conversions import read_conversions
from planner.inputs.flows import read_flows
from planner.inputs.headers import check_headers
from planner.inputs.place_types import read_place_types
from planner.inputs.population import (
    check_population_years,
    derive_need_bases,
    read_need,
    read_other_scenarios,
    read_population,
    warn_flat_population,
)
from planner.inputs.projects import read_projects
from planner.inputs.settings import read_settings
from planner.inputs.sheets import SHEETS
from planner.inputs.sites import read_sites, warn_ignored_sheets
from planner.inputs.stochastic import check_stochastic_settings, read_scenario_weights
from planner.inputs.stock import read_stock
from planner.inputs.workbook import read_sheets
from planner.problems import InputError, Problem


@dataclass(frozen=True)
class RunSettings:
    """How to run the plan, as the settings sheet says (each default in planner.inputs.sheets): the command
    line's options override them."""

    solver: str
    time_limit_s: float
    mip_gap: float
    band_costs: bool  # re-solve for each band's cost (slow): --band-costs sets it too
    lang: str  # the people sheets' language: nb (bokmål) or en; --lang overrides
    change_penalty_per_place: float  # planner reoptimise: NOK per place moved
    municipality: str | None  # who the plan is for: recorded in it, checked against a baseline's


# The settings that say how to run rather than what to plan: the rest go to PlanningInput.
RUN_SETTINGS = tuple(f.name for f in dataclasses.fields(RunSettings))


@dataclass
class InputWorkbook:
    """What a valid workbook holds: the planning input, how to run it, and warnings."""

    data: PlanningInput
    settings: RunSettings
    warnings: list[Problem] = field(default_factory=list)
    # sheet -> (header as written, data rows): the input as the user gave it, copied into the plan
    tables: dict[str, tuple[list, list[tuple]]] = field(default_factory=dict)


def read_input(
    path: Path, scenario: str | None = None, robust: bool | None = None, stochastic: bool | None = None
) -> InputWorkbook:
    """Read and validate the workbook at ``path``; raise InputError listing every problem.

    scenario: the population series to plan for (``--scenario``), overriding the setting.
    robust: also hold the hard bands in the other scenarios (``--robust``), overriding the setting.
    stochastic: one plan over the scenarios, committed years then each its own (``--stochastic``; plan setting).
    """
    path = Path(path)
    ignored: list[str] = []
    sheets, problems = read_sheets(path, REQUIRED_COLUMNS, ignored)
    r = Reading(
        path.name, sheets, problems, scenario_option=scenario, robust_option=robust, stochastic_option=stochastic
    )
    warn_ignored_sheets(r, ignored)
    result = _read(r)
    if r.problems:
        raise InputError(r.problems)
    return result


def _read(r: Reading) -> InputWorkbook | None:
    """Every sheet, in the order their problems are listed; the input objects when there are none."""
    check_headers(r)
    settings = read_settings(r)
    r.horizon = {"first_year": settings.get("first_year"), "last_year": settings.get("last_year")}
    place_types = read_place_types(r)
    chosen = r.scenario_option if r.scenario_option is not None else settings.get("scenario")
    population, scenario = read_population(r, chosen)
    robust = settings["robust"] if r.robust_option is None else r.robust_option
    stochastic = settings["plan"] == "stochastic" if r.stochastic_option is None else r.stochastic_option
    check_stochastic_settings(r, settings, stochastic, robust)
    kind = "stochastic" if stochastic else "robust"
    others = read_other_scenarios(r, scenario, settings["robust_scenarios"], kind) if robust or stochastic else {}
    weights = read_scenario_weights(r, [scenario or "chosen", *others] if stochastic else [])
    r.need = read_need(r, population)
    for series in (population, *others.values()):
        derive_need_bases(series, r.need)
    bands = read_bands(r, population)
    flows = read_flows(r, population, bands)
    stock = read_stock(r)
    parts = dict(
        place_types=place_types,
        population=population,
        bands=bands,
        stock=stock,
        sites=read_sites(r, stock),
        purchases=read_purchases(r),
        sales=read_sales(r),
        projects=read_projects(r),
        conversions=read_conversions(r),
        budget=read_budget(r),
        labour=read_labour(r),
    )
    if r.first_year is not None:
        check_population_years(r, population, scenario, bands, flows)
        warn_flat_population(r, population)
        for name, series in others.items():
            check_population_years(r, series, name, bands, flows)
    if r.problems:
        return None
    # Every setting goes to the object with a field of its name: a new setting is a schema row and a
    # field. (scenario: the one chosen, perhaps by --scenario.)
    planning = {k: v for k, v in settings.items() if k not in RUN_SETTINGS}
    planning["plan"] = "stochastic" if stochastic else "single"
    data = build(
        PlanningInput,
        planning,
        **parts,
        scenario=scenario or "",
        robust_populations=others,
        need=r.need,
        scenario_weights=weights,
    )
    warn_narrow_bands(r, data)
    data = with_flows(data, flows)  # a flow is a band on the places it requires
    run = RunSettings(**{k: settings[k] for k in RUN_SETTINGS})
    return InputWorkbook(data, run, r.warnings, _tables(r))


def _tables(r: Reading) -> dict[str, tuple[list, list[tuple]]]:
    """The sheets the planner read, in the contract's order, as written (values, not formulas)."""
    tables = {}
    for name in SHEETS:
        sheet = r.sheets.get(name)
        if sheet is None or sheet.refused:
            continue
        width = max([*sheet.headers, *(len(values) - 1 for _, values in sheet.rows), -1]) + 1
        header = [sheet.headers.get(i) for i in range(width)]
        tables[name] = (header, [tuple(values) + (None,) * (width - len(values)) for _, values in sheet.rows])
    return tables
