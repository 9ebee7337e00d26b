"""The population sheet (one series per scenario), need bases derived from it, and the years it must cover."""

from __future__ import annotations

from models.inputs import Band, Flow
from models.text import year_runs
from planner.inputs.cells import RowCells, column_texts, parse_column
from planner.inputs.context import Reading
from planner.inputs.sheets import SHEETS
from planner.inputs.workbook import Sheet
from planner.problems import Problem

# The population sheet is read per scenario, so its cells are parsed one by one.
YEAR, PERSONS = SHEETS["population"].column("year"), SHEETS["population"].column("persons_")

Series = dict[str, dict[int, float]]  # population column (or need base) -> year -> persons


def read_population(r: Reading, wanted: str | None) -> tuple[Series, str | None]:
    """The chosen scenario's series (the only one, or the one named), and that scenario's name."""
    sheet = r.sheet("population")
    if sheet is None:
        return {}, wanted
    bases = [c for c in sheet.columns if c.startswith("persons_")]
    if not bases:
        r.problems.append(sheet.problem("has no persons_<name> column; add one such as persons_80_plus", 1))
    wanted, usable = _chosen_scenario(r, sheet, wanted)
    if not usable:
        return {}, wanted
    has_scenario = "scenario" in sheet.columns
    population: Series = {b: {} for b in bases}
    first_row: dict[int, int] = {}
    for c in r.rows(sheet):
        if has_scenario and c.text("scenario") != wanted:
            continue
        year = parse_column(c, YEAR, r.horizon)
        if year is None:
            continue
        if year in first_row:
            c.fail("year", f"{year} is listed twice for this scenario (also in row {first_row[year]}); keep one")
            continue
        first_row[year] = c.row
        _read_persons(r, c, bases, population, year)
    return population, wanted


def _chosen_scenario(r: Reading, sheet: Sheet, wanted: str | None) -> tuple[str | None, bool]:
    """The scenario to read (None: the sheet has one series) and whether it can be read."""
    has_scenario = "scenario" in sheet.columns
    scenarios = scenario_names(sheet) if has_scenario else []
    if wanted is not None and not has_scenario:
        message = f"scenario '{wanted}' is set, but the population sheet has no scenario column; clear the setting"
        r.problems.append(r.sheets["settings"].problem(message, r.setting_rows.get("scenario"), "value"))
        return wanted, False
    if wanted is None:
        if len(scenarios) > 1:
            message = (
                f"the population sheet has scenarios {', '.join(scenarios)}; choose one with the setting 'scenario'"
            )
            r.problems.append(Problem(r.file, message, "settings"))
            return None, False
        return (scenarios[0] if scenarios else None), True
    if has_scenario and wanted not in scenarios:
        message = f"scenario '{wanted}' is not in the population sheet; it has {', '.join(scenarios) or 'none'}"
        if r.scenario_option is not None:
            r.problems.append(Problem(r.file, f"--scenario {wanted}: {message}", "population"))
        else:
            r.problems.append(r.sheets["settings"].problem(message, r.setting_rows.get("scenario"), "value"))
        return wanted, False
    return wanted, True


def _read_persons(r: Reading, c: RowCells, bases: list[str], series: Series, year: int) -> None:
    for base in bases:
        persons = parse_column(c, PERSONS, r.horizon, base)
        if persons is not None:
            series[base][year] = persons


def read_other_scenarios(
    r: Reading, chosen: str | None, listed: list[str] | None, kind: str = "robust"
) -> dict[str, Series]:
    """A robust or stochastic plan (kind): every other scenario's series (or those listed), base -> year -> persons."""
    sheet = r.sheet("population")
    if sheet is None or "scenario" not in sheet.columns:
        message = (
            f"a {kind} plan needs several scenarios, but the population sheet has no scenario column; "
            f"add the other series (planner prognosis imports SSB's alternatives) or solve without --{kind}"
        )
        r.problems.append(Problem(r.file, message, "population"))
        return {}
    bases = [c for c in sheet.columns if c.startswith("persons_")]
    series: dict[str, Series] = {}
    for c in r.rows(sheet):
        name = c.text("scenario")
        if name is None or name == chosen or (listed is not None and name not in listed):
            continue
        year = parse_column(c, YEAR, r.horizon)
        if year is not None:
            _read_persons(r, c, bases, series.setdefault(name, {b: {} for b in bases}), year)
    unknown = [n for n in listed or [] if n not in series and n != chosen]
    if unknown:
        message = (
            f"the setting robust_scenarios names {', '.join(unknown)}, not in the population sheet; it has "
            f"{', '.join(scenario_names(sheet)) or 'no scenarios'}"
        )
        r.problems.append(r.sheets["settings"].problem(message, r.setting_rows.get("robust_scenarios"), "value"))
    if not series:
        message = f"a {kind} plan needs another scenario than '{chosen}', and the population sheet has none"
        r.problems.append(Problem(r.file, message, "population"))
    return series


def scenario_names(sheet: Sheet) -> list[str]:
    """The scenarios of the population sheet, in order of first appearance."""
    names = (name for _, name in column_texts(sheet, "scenario"))
    return [n for n in dict.fromkeys(names) if n is not None]


def read_need(r: Reading, population: Series) -> dict[str, dict[str, float]]:
    """Need bases: base -> population column -> weight, each column a column of the population sheet."""
    need: dict[str, dict[str, float]] = {}
    rows: dict[tuple[str, str], int] = {}
    for c in r.rows(r.optional("need")):
        row = r.parse(c)
        base, column, weight = row["base"], row["column"], row["weight"]
        if row.failed or None in (base, column, weight):
            continue
        known = ", ".join(sorted(population))
        if population and column not in population:
            c.fail("column", f"'{column}' is not a column of the population sheet; known: {known}")
        elif base in population:
            c.fail("base", f"'{base}' is already a population column; give the need base another name")
        elif (base, column) in rows:
            c.fail("column", f"'{column}' is listed twice for base '{base}' (also in row {rows[base, column]})")
        else:
            rows[base, column] = c.row
            need.setdefault(base, {})[column] = weight
    return need


def derive_need_bases(series: Series, need: dict[str, dict[str, float]]) -> None:
    """Add each need base to a population series: Σ weight × column, in the years every column has."""
    for base, terms in need.items():
        if any(column not in series for column in terms):
            continue  # the population could not be read: its problem is reported, not this one
        years = set.intersection(*(set(series[column]) for column in terms))
        series[base] = {y: sum(w * series[column][y] for column, w in terms.items()) for y in sorted(years)}


def check_population_years(
    r: Reading, population: Series, scenario: str | None, bands: list[Band], flows: list[Flow] = ()
) -> None:
    """Every year of the horizon in every population column a band, a flow or a need base uses."""
    sheet = r.sheets.get("population")
    if sheet is None or not population:
        return
    first, last = r.first_year, r.last_year
    where = f" for scenario '{scenario}'" if scenario else ""
    bases = sorted({b.base for b in bands} | {f.base for f in flows if f.admissions_per_1000 is not None})
    # a need base is checked through its population columns: those are what the user can fill in
    columns = {column for b in bases for column in r.need.get(b, {b: 1.0}) if column in population}
    given = _given_cells(sheet, scenario, r.horizon)  # a cell given but unreadable is reported already
    gaps: dict[tuple[int, ...], list[str]] = {}  # missing years -> the columns missing them (rows gone)
    for column in sorted(columns, key=lambda c: sheet.columns.get(c, 0)):
        missing = tuple(y for y in range(first, last + 1) if y not in population[column] and (column, y) not in given)
        if missing:
            gaps.setdefault(missing, []).append(column)
    for missing, names in gaps.items():
        have = f"{names[0]} has" if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]} have"
        message = (
            f"{have} no value{where} for planning year(s) {year_runs(list(missing))}; "
            "every year from first_year to last_year is needed"
        )
        r.problems.append(sheet.problem(message, None, names[0]))


def _given_cells(sheet: Sheet, scenario: str | None, horizon: dict) -> set[tuple[str, int]]:
    """(column, year) of every non-empty cell in the scenario's rows with a readable year."""
    given = set()
    for row, values in sheet.rows:
        c = RowCells(sheet, row, values, [])  # its problems are reported when the sheet is read
        if scenario is not None and "scenario" in sheet.columns and c.text("scenario") != scenario:
            continue
        year = parse_column(c, YEAR, horizon)
        if year is not None:
            given |= {(column, year) for column in sheet.columns if c.raw(column) is not None}
    return given


def warn_flat_population(r: Reading, population: Series) -> None:
    """A warning for a population column with the same value in every year of five or more: no prognosis is flat,
    so it is most likely the template's placeholder (5,000 a year) left in place, and the plan would follow it."""
    sheet = r.sheets.get("population")
    for column, series in population.items():
        values = {series[y] for y in series}
        if column.startswith("persons_") and len(series) >= 5 and len(values) == 1:
            message = (
                f"{column} is {values.pop():,.0f} in every year {year_runs(sorted(series))}: is it still the "
                "template's placeholder? A prognosis changes from year to year; put your municipality's in "
                "(planner prognosis imports SSB's)"
            )
            r.warnings.append(sheet.problem(message, None, column))
