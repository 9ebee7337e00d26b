"""A plan over the prognoses: the scenario_weights sheet and the stochastic settings' rules across keys."""

from __future__ import annotations

from planner.inputs.context import Reading
from planner.inputs.population import scenario_names
from planner.inputs.sheets import SETTINGS
from planner.problems import Problem


def read_scenario_weights(r: Reading, scenarios: list[str]) -> dict[str, float]:
    """Scenario -> weight: each a scenario of the plan, once; every scenario of the plan weighed; a positive sum.

    scenarios: the plan's scenarios (the chosen one and the others); empty when the plan is not stochastic,
    and then the sheet is read only for its own rules.
    """
    weights: dict[str, float] = {}
    rows: dict[str, int] = {}
    sheet = r.optional("scenario_weights")
    for c in r.rows(sheet):
        row = r.parse(c)
        name, weight = row["scenario"], row["weight"]
        if name is None or weight is None or row.failed:
            continue
        if name in rows:
            c.fail("scenario", f"'{name}' is listed twice (also in row {rows[name]}); keep one")
            continue
        rows[name] = c.row
        if scenarios and name not in scenarios:
            population = r.sheets.get("population")
            if population is not None and name in scenario_names(population):
                c.fail(
                    "scenario",
                    f"'{name}' is in the population sheet, but the setting robust_scenarios leaves it out of this "
                    f"plan ({', '.join(scenarios)}); remove this row, or add {name} to robust_scenarios",
                )
            else:
                c.fail("scenario", f"'{name}' is not a scenario of this plan; it has {', '.join(scenarios)}")
            continue
        weights[name] = weight
    if sheet is None or not scenarios or r.problems:
        return weights
    missing = [s for s in scenarios if s not in weights]
    if missing:
        message = f"the scenarios {', '.join(missing)} have no weight; give each scenario of the plan a row"
        r.problems.append(Problem(r.file, message, "scenario_weights"))
    elif sum(weights.values()) <= 0:
        r.problems.append(
            Problem(r.file, "the weights sum to 0; give at least one scenario a weight", "scenario_weights")
        )
    return weights


STOCHASTIC_ONLY = ("commit_years", "risk_aversion", "cvar_alpha")  # settings a single plan does not use
DEFAULTS = {setting.name: setting.default for setting in SETTINGS}


def check_stochastic_settings(r: Reading, settings: dict, stochastic: bool, robust: bool) -> None:
    """A plan is robust or stochastic, not both; CVaR's α below 1; the committed years inside the horizon. A single
    plan given the stochastic settings or weights is warned that they do nothing."""
    if not stochastic:
        # a value other than the default (the template lists every key with its default), or weights given
        given = [key for key in STOCHASTIC_ONLY if key in r.setting_rows and settings[key] != DEFAULTS[key]]
        weights = r.sheets.get("scenario_weights")
        if weights is not None and any(any(v is not None for v in values) for _, values in weights.rows):
            given.append("the scenario_weights sheet")
        if given:
            r.warnings.append(
                Problem(
                    r.file,
                    f"{', '.join(given)}: used only by a stochastic plan (the setting plan = stochastic, or "
                    "--stochastic); this plan is a single one, so they change nothing",
                    "settings",
                )
            )
        return
    first, last, years = settings.get("first_year"), settings.get("last_year"), settings.get("commit_years")
    if None not in (first, last, years) and years > last - first + 1:
        message = (
            f"commit_years {years} is longer than the horizon {first}–{last} ({last - first + 1} years); give at "
            f"most {last - first + 1} (that many commits every year, as a robust plan does)"
        )
        r.problems.append(r.sheets["settings"].problem(message, r.setting_rows.get("commit_years"), "value"))
    if robust:
        message = (
            "a plan is either robust (one plan holding every scenario's hard bands) or stochastic (committed "
            "years, then each scenario its own continuation); set robust = no or plan = single"
        )
        r.problems.append(r.sheets["settings"].problem(message, r.setting_rows.get("robust"), "value"))
    if settings.get("cvar_alpha") is not None and settings["cvar_alpha"] >= 1:
        message = "cvar_alpha must be below 1 (0.8: the dearest 20 % of the scenarios' weight); give e.g. 0.8 or 0.95"
        r.problems.append(r.sheets["settings"].problem(message, r.setting_rows.get("cvar_alpha"), "value"))
