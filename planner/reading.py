"""Input workbook → validated PlanningInput. Every problem is collected before failing."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils import get_column_letter

from models.inputs import (
    Band,
    Conversion,
    PlaceType,
    PlanningInput,
    Project,
    ProjectMix,
    StockRow,
)
from models.reoptimise import DEFAULT_CHANGE_PENALTY
from models.solve import SOLVERS
from models.text import year_runs
from planner.cells import RowCells, parse_number, parse_share
from planner.problems import InputError, Problem
from planner.template import COLUMNS
from planner.words import LANGUAGES
from planner.workbook import Sheet, read_sheets

DEFAULT_BASE = "persons_80_plus"
MAX_HORIZON_YEARS = 100
# How alike an unknown header must be to a missing known column to be taken for a typo of it:
# 'Min share' → min_share and 'plases' → places (0.83) are; 'year' → last_year (0.62), 'basis' →
# base (0.67) or 'lead_time' → lead_time_years (0.75) are other columns, which the contract lets a
# workbook carry and the planner ignores (a missing required column still names them).
HEADER_TYPO_CUTOFF = 0.8
NO_CEILING = 1e15  # a budget of this many NOK or more is no ceiling at all

# Sheet -> columns the sheet must have; other columns of the spec are optional.
REQUIRED_COLUMNS = {
    "settings": ["key", "value"],
    "population": ["year"],
    "place_types": [
        "type",
        "groups",
        "investment_per_place",
        "grant_per_place",
        "operating_per_place_year",
        "rent_per_place_year",
        "lifetime_years",
        "lead_time_years",
    ],
    "stock": ["site", "type", "places"],
    "bands": ["band", "group"],
    "projects": ["project"],
    "project_mix": ["project", "type"],
    "conversions": ["from_type", "to_type"],
    "budget": ["year", "max_net_investment"],
}
REQUIRED_SHEETS = ("settings", "population", "place_types", "stock", "bands")
# Known columns the planner never reads: a header resembling them needs no renaming.
UNREAD_COLUMNS = {"settings": {"note"}}

SETTING_KEYS = (
    "first_year",
    "last_year",
    "discount_rate",
    "scenario",
    "investment_timing",
    "residual_value",
    "solver",
    "time_limit_s",
    "mip_gap",
    "band_costs",
    "lang",
    "change_penalty_per_place",
    "robust",
    "robust_scenarios",
)


@dataclass
class SolverSettings:
    solver: str = "highs"
    time_limit_s: float = 60.0
    mip_gap: float = 0.0
    band_costs: bool = False  # re-solve for each band's cost (slow): --band-costs sets it too
    lang: str = "nb"  # the people sheets' language: nb (bokmål) or en; --lang overrides
    change_penalty_per_place: float = DEFAULT_CHANGE_PENALTY  # planner reoptimise: NOK per place moved


@dataclass
class InputWorkbook:
    """What a valid workbook holds: the planning input, solver settings, and warnings."""

    data: PlanningInput
    solver: SolverSettings
    warnings: list[Problem] = field(default_factory=list)
    # sheet -> (header as written, data rows): the input as the user gave it, copied into the plan
    tables: dict[str, tuple[list, list[tuple]]] = field(default_factory=dict)


def read_input(path: Path, scenario: str | None = None, robust: bool | None = None) -> InputWorkbook:
    """Read and validate the workbook at ``path``; raise InputError listing every problem.

    scenario: the population series to plan for (``--scenario``), overriding the setting.
    robust: also hold the hard bands in the other scenarios (``--robust``), overriding the setting.
    """
    path = Path(path)
    wanted = {name: REQUIRED_COLUMNS[name] for name in REQUIRED_COLUMNS}
    sheets, problems = read_sheets(path, wanted)
    reader = _Reader(path.name, sheets, problems)
    reader.scenario_option, reader.robust_option = scenario, robust
    result = reader.read()
    if reader.problems:
        raise InputError(reader.problems)
    return result


class _Reader:
    def __init__(self, file: str, sheets: dict[str, Sheet], problems: list[Problem]):
        self.file, self.sheets, self.problems = file, sheets, problems
        self.warnings: list[Problem] = []
        self.scenario_option: str | None = None
        self.robust_option: bool | None = None
        # Names from place_types, kept even when a row has a bad cell: other sheets are
        # checked against them, so one bad cost does not make every reference an error.
        self.type_names: set[str] = set()
        self.setting_rows: dict[str, int] = {}
        self.lead_times: dict[str, int] = {}
        self.first_year: int | None = None
        self.last_year: int | None = None
        self.group_names: set[str] = set()

    # ---- helpers -------------------------------------------------------------------
    def sheet(self, name: str) -> Sheet | None:
        sheet = self.sheets.get(name)
        if sheet is None:
            if name in REQUIRED_SHEETS:
                self.problems.append(
                    Problem(self.file, f"sheet '{name}' is missing; add it (planner template shows it)")
                )
            return None
        missing = [c for c in REQUIRED_COLUMNS[name] if c not in sheet.columns]
        if sheet.refused:
            return None  # already reported; its rows are not read
        unknown = self.unknown_headers(name, sheet)
        # a header the planner does not know may be the missing column misspelt ('yaer'): say so
        hint = f" (row 1 also has {unknown}, which the planner does not know)" if unknown and missing else ""
        for column in [] if sheet.header_misplaced else missing:
            self.problems.append(
                sheet.problem(f"column '{column}' is missing from the header row; add it to row 1{hint}", 1, None)
            )
        return None if missing else sheet

    @staticmethod
    def unknown_headers(name: str, sheet: Sheet) -> str:
        """The sheet's headers that are no column of it, as "C 'yaer', F 'plases'"."""
        known = {c for c, _ in COLUMNS.get(name, [])}
        return ", ".join(
            f"{get_column_letter(index + 1)} '{sheet.headers.get(index, header)}'"
            for header, index in sorted(sheet.columns.items(), key=lambda pair: pair[1])
            if header not in known and not (name == "population" and header.startswith("persons_"))
        )

    def known_type(self, cells: RowCells, column: str, type_: str | None) -> bool:
        """A reference to a place type; unknown names are problems (unless place_types is unreadable)."""
        if type_ is None or not self.type_names or type_ in self.type_names:  # no names: reported already
            return True
        known = ", ".join(sorted(self.type_names))
        cells.fail(column, f"'{type_}' is not a type in place_types; known: {known}")
        return False

    def rows(self, sheet: Sheet | None):
        if sheet is None:
            return
        for number, values in sheet.rows:
            yield RowCells(sheet, number, values, self.problems)

    def check_headers(self) -> None:
        """A header close to a known column that is missing ('Min share' for min_share) is a problem.

        Other unknown headers are extra columns, ignored as the contract allows. The misnamed
        column is still read under its known name, so the rows' own problems are listed too and
        nothing follows from the header alone (such as 'min_share and max_share are both empty').
        """
        for name, sheet in self.sheets.items():
            if sheet.refused or sheet.header_misplaced or name not in COLUMNS:
                continue
            unread = UNREAD_COLUMNS.get(name, set())
            known = [c for c, _ in COLUMNS[name]]
            missing = [c for c in known if c not in sheet.columns and c not in unread]
            unknown = [
                (header, index)
                for header, index in sheet.columns.items()
                if header not in known and not (name == "population" and header.startswith("persons_"))
            ]
            for header, index in sorted(unknown, key=lambda pair: pair[1]):
                normalised = re.sub(r"[\s\-]+", "_", header)
                match = difflib.get_close_matches(normalised, missing, n=1, cutoff=HEADER_TYPO_CUTOFF)
                if not match:
                    continue
                (column,) = match
                missing.remove(column)  # one header per known column
                sheet.columns[column] = index
                letter = sheet.letter(column)
                message = (
                    f"column {letter} '{sheet.headers.get(index, header)}' is not a known column; "
                    f"did you mean {column}? Rename the header to {column}"
                )
                self.problems.append(sheet.problem(message, 1))

    # ---- sheets --------------------------------------------------------------------
    def read(self) -> InputWorkbook | None:
        self.check_headers()
        settings = self.read_settings()
        first, last = settings.get("first_year"), settings.get("last_year")
        self.first_year, self.last_year = (first, last) if first is not None and last is not None else (None, None)
        horizon_ok = first is not None and last is not None
        place_types = self.read_place_types()
        chosen = self.scenario_option if self.scenario_option is not None else settings.get("scenario")
        population, scenario = self.read_population(chosen)
        robust = settings["robust"] if self.robust_option is None else self.robust_option
        others = self.read_other_scenarios(scenario, settings["robust_scenarios"]) if robust else {}
        bands = self.read_bands(population, first, last)
        stock = self.read_stock()
        projects = self.read_projects(first, last)
        conversions = self.read_conversions(first)
        budget = self.read_budget()
        if horizon_ok:
            self.check_population_years(population, scenario, bands, first, last)
            for name, series in others.items():
                self.check_population_years(series, name, bands, first, last)
        if self.problems:
            return None
        data = PlanningInput(
            first_year=first,
            last_year=last,
            place_types=place_types,
            population=population,
            bands=bands,
            stock=stock,
            projects=projects,
            conversions=conversions,
            budget=budget,
            discount_rate=settings["discount_rate"],
            scenario=scenario or "",
            investment_timing=settings["investment_timing"],
            residual_value=settings["residual_value"],
            robust_populations=others,
        )
        solver = SolverSettings(
            settings["solver"],
            settings["time_limit_s"],
            settings["mip_gap"],
            settings["band_costs"],
            settings["lang"],
            settings["change_penalty_per_place"],
        )
        return InputWorkbook(data, solver, self.warnings, self.tables())

    def tables(self) -> dict[str, tuple[list, list[tuple]]]:
        """The sheets the planner read, in the contract's order, as written (values, not formulas)."""
        tables = {}
        for name in REQUIRED_COLUMNS:
            sheet = self.sheets.get(name)
            if sheet is None or sheet.refused:
                continue
            width = max([*sheet.headers, *(len(values) - 1 for _, values in sheet.rows), -1]) + 1
            header = [sheet.headers.get(i) for i in range(width)]
            tables[name] = (header, [tuple(values) + (None,) * (width - len(values)) for _, values in sheet.rows])
        return tables

    def read_settings(self) -> dict:
        values = {
            "discount_rate": 0.04,
            "scenario": None,
            "investment_timing": "opening",
            "residual_value": True,
            "solver": "highs",
            "time_limit_s": 60.0,
            "mip_gap": 0.0,
            "band_costs": False,
            "lang": "nb",
            "change_penalty_per_place": DEFAULT_CHANGE_PENALTY,
            "robust": False,
            "robust_scenarios": None,
        }
        sheet = self.sheet("settings")
        seen: dict[str, int] = {}
        for cells in self.rows(sheet):
            key = (cells.text("key") or "").lower()
            if not key:
                if cells.raw("value") is not None:
                    cells.fail("key", "is empty but the row has a value; name the setting")
                continue
            if key in seen:
                cells.fail("key", f"'{key}' is set twice (also in row {seen[key]}); keep one")
                continue
            seen[key] = cells.row
            self.setting_rows[key] = cells.row
            cells.subject = f"setting {key}"  # every problem with the value names the key
            if key in ("first_year", "last_year"):
                values[key] = cells.integer("value", required=True, minimum=1900)
            elif key == "discount_rate":
                values[key] = cells.share("value", default=0.04)
            elif key == "scenario":
                values[key] = cells.text("value")
            elif key == "investment_timing":
                timing = (cells.text("value") or "opening").lower()
                if timing not in ("opening", "spread"):
                    cells.fail("value", f"found '{timing}'; expected opening or spread")
                values[key] = timing
            elif key == "residual_value":
                values[key] = cells.yes_no("value", default=True)
            elif key == "solver":
                solver = (cells.text("value") or "highs").lower()
                if solver not in SOLVERS:
                    cells.fail("value", f"found '{solver}'; expected one of {', '.join(SOLVERS)}")
                values[key] = solver
            elif key == "time_limit_s":
                values[key] = cells.number("value", default=60.0, minimum=0.001)
            elif key == "band_costs":
                values[key] = cells.yes_no("value", default=False)
            elif key == "change_penalty_per_place":
                values[key] = cells.number("value", default=DEFAULT_CHANGE_PENALTY, minimum=0)
            elif key == "robust":
                values[key] = cells.yes_no("value", default=False)
            elif key == "robust_scenarios":
                text = cells.text("value")
                values[key] = [t.strip() for t in re.split(r"[,;]", text) if t.strip()] if text else None
            elif key == "lang":
                lang = (cells.text("value") or "nb").lower()
                if lang not in LANGUAGES:
                    cells.fail("value", f"found '{lang}'; expected nb (Norwegian bokmål) or en (English)")
                values[key] = lang
            elif key == "mip_gap":
                values[key] = cells.share("value", default=0.0)
            else:
                self.warnings.append(
                    sheet.problem(
                        f"unknown setting '{key}' is ignored; known: {', '.join(SETTING_KEYS)}", cells.row, "key"
                    )
                )
        if sheet is not None:
            for key in ("first_year", "last_year"):
                if key not in seen:
                    self.problems.append(sheet.problem(f"setting '{key}' is missing; add a row with key {key}"))
            first, last = values.get("first_year"), values.get("last_year")
            if first is not None and last is not None and last < first:
                self.problems.append(
                    sheet.problem(
                        f"last_year {last} is before first_year {first}; swap them", seen["last_year"], "value"
                    )
                )
                values["last_year"] = None
            elif first is not None and last is not None and last - first + 1 > MAX_HORIZON_YEARS:
                message = f"the horizon {first}–{last} is longer than {MAX_HORIZON_YEARS} years; shorten it"
                self.problems.append(sheet.problem(message, seen["last_year"], "value"))
                values["last_year"] = None
        return values

    def read_place_types(self) -> dict[str, PlaceType]:
        types: dict[str, PlaceType] = {}
        seen: dict[str, int] = {}
        sheet = self.sheet("place_types")
        if sheet is not None and not sheet.rows:
            self.problems.append(sheet.problem("has no place types; add at least one row below the header", 2))
        for c in self.rows(sheet):
            name = c.text("type", required=True)
            if name in seen:
                c.fail("type", f"'{name}' is listed twice (also in row {seen[name]}); keep one")
                continue
            # a comma list; ';' is the list separator of Norwegian Excel, so it counts too
            groups = tuple(g.strip() for g in re.split(r"[,;]", c.text("groups") or "") if g.strip())
            if name is not None:
                self.type_names.add(name)
                self.group_names.update(groups)
            fields = dict(
                investment_per_place=c.number("investment_per_place", required=True),
                grant_per_place=c.number("grant_per_place", default=0.0),
                operating_per_place_year=c.number("operating_per_place_year", required=True),
                rent_per_place_year=c.number("rent_per_place_year", default=0.0),
                lifetime_years=c.integer("lifetime_years", required=True, minimum=1),
                lead_time_years=c.integer("lead_time_years", required=True, minimum=0),
                module_size=c.integer("module_size", default=1, minimum=1),
                max_new_per_year=c.integer("max_new_per_year"),
                new_without_project=c.yes_no("new_without_project", default=True),
            )
            if name is None or any(v is None for k, v in fields.items() if k != "max_new_per_year"):
                continue
            if fields["grant_per_place"] > fields["investment_per_place"]:
                grant, investment = fields["grant_per_place"], fields["investment_per_place"]
                message = f"{grant:,.0f} is above investment_per_place {investment:,.0f}; a grant covers part of it"
                c.fail("grant_per_place", message)
                continue
            if (
                fields["rent_per_place_year"] > fields["operating_per_place_year"]
                and fields["max_new_per_year"] is None
            ):
                message = (
                    f"rent_per_place_year is above operating_per_place_year for '{name}': every new place earns "
                    "money, so only a max_share band, max_new_per_year or the budget limits how many are built"
                )
                self.warnings.append(c.sheet.problem(message, c.row, "rent_per_place_year"))
            seen[name] = c.row
            self.lead_times[name] = fields["lead_time_years"]
            types[name] = PlaceType(type=name, label=c.text("label") or name, groups=groups, **fields)
        return types

    def read_population(self, wanted: str | None) -> tuple[dict[str, dict[int, float]], str | None]:
        sheet = self.sheet("population")
        if sheet is None:
            return {}, wanted
        bases = [c for c in sheet.columns if c.startswith("persons_")]
        if not bases:
            self.problems.append(sheet.problem("has no persons_<name> column; add one such as persons_80_plus", 1))
        has_scenario = "scenario" in sheet.columns
        scenarios = []
        if has_scenario:
            for _, values in sheet.rows:
                name = RowCells(sheet, 0, values, []).text("scenario")
                if name is not None and name not in scenarios:
                    scenarios.append(name)
        if wanted is not None and not has_scenario:
            message = f"scenario '{wanted}' is set, but the population sheet has no scenario column; clear the setting"
            self.problems.append(self.sheets["settings"].problem(message, self.setting_rows.get("scenario"), "value"))
            return {}, wanted
        if wanted is None:
            if len(scenarios) > 1:
                self.problems.append(
                    Problem(
                        self.file,
                        f"the population sheet has scenarios {', '.join(scenarios)}; "
                        "choose one with the setting 'scenario'",
                        "settings",
                    )
                )
                return {}, None
            wanted = scenarios[0] if scenarios else None
        elif has_scenario and wanted not in scenarios:
            message = f"scenario '{wanted}' is not in the population sheet; it has {', '.join(scenarios) or 'none'}"
            if self.scenario_option is not None:
                self.problems.append(Problem(self.file, f"--scenario {wanted}: {message}", "population"))
            else:
                settings = self.sheets["settings"]
                self.problems.append(settings.problem(message, self.setting_rows.get("scenario"), "value"))
            return {}, wanted
        population: dict[str, dict[int, float]] = {b: {} for b in bases}
        first_row: dict[int, int] = {}
        for c in self.rows(sheet):
            if has_scenario and c.text("scenario") != wanted:
                continue
            year = c.integer("year", required=True, minimum=1900)
            if year is None:
                continue
            if year in first_row:
                c.fail("year", f"{year} is listed twice for this scenario (also in row {first_row[year]}); keep one")
                continue
            first_row[year] = c.row
            for base in bases:
                persons = c.number(base)
                if persons is not None:
                    population[base][year] = persons
        return population, wanted

    def read_other_scenarios(self, chosen: str | None, listed: list[str] | None) -> dict[str, dict]:
        """For a robust plan: every other scenario's series (or those listed), base -> year -> persons."""
        sheet = self.sheet("population")
        where = "the setting robust_scenarios"
        if sheet is None or "scenario" not in sheet.columns:
            self.problems.append(
                Problem(
                    self.file,
                    "a robust plan needs several scenarios, but the population sheet has no scenario column; "
                    "add the other series (planner prognosis imports SSB's alternatives) or solve without --robust",
                    "population",
                )
            )
            return {}
        bases = [c for c in sheet.columns if c.startswith("persons_")]
        series: dict[str, dict[str, dict[int, float]]] = {}
        for c in self.rows(sheet):
            name = c.text("scenario")
            if name is None or name == chosen or (listed is not None and name not in listed):
                continue
            year = c.integer("year", required=True, minimum=1900)
            if year is None:
                continue
            table = series.setdefault(name, {b: {} for b in bases})
            for base in bases:
                persons = c.number(base)
                if persons is not None:
                    table[base][year] = persons
        unknown = [n for n in listed or [] if n not in series and n != chosen]
        if unknown:
            self.problems.append(
                self.sheets["settings"].problem(
                    f"{where} names {', '.join(unknown)}, not in the population sheet",
                    self.setting_rows.get("robust_scenarios"),
                    "value",
                )
            )
        if not series:
            self.problems.append(
                Problem(
                    self.file,
                    f"a robust plan needs another scenario than '{chosen}', and the population sheet has none",
                    "population",
                )
            )
        return series

    def check_population_years(self, population, scenario, bands: list[Band], first: int, last: int) -> None:
        sheet = self.sheets.get("population")
        if sheet is None or not population:
            return
        where = f" for scenario '{scenario}'" if scenario else ""
        for base in sorted({b.base for b in bands}):
            if base not in population:
                continue
            missing = [y for y in range(first, last + 1) if y not in population[base]]
            if missing:
                self.problems.append(
                    sheet.problem(
                        f"{base} has no value{where} for planning year(s) {year_runs(missing)}; "
                        "every year from first_year to last_year is needed",
                        None,
                        base,
                    )
                )

    def read_bands(self, population, first: int | None, last: int | None) -> list[Band]:
        groups = self.group_names | self.type_names
        bands: list[Band] = []
        seen: dict[str, int] = {}
        for c in self.rows(self.sheet("bands")):
            name = c.text("band", required=True)
            group = c.text("group", required=True)
            base = c.text("base", default=DEFAULT_BASE)
            low, high = c.share("min_share"), c.share("max_share")
            start = c.integer("from_year", default=first, minimum=1900)
            end = c.integer("to_year", default=last, minimum=1900)
            hard = c.yes_no("hard", default=True)
            penalty = c.number("penalty_per_place_year")
            ok = None not in (name, group, start, end, hard)
            if hard and penalty:
                message = f"band '{name}' is hard, so its penalty is not used; set hard = no to make it soft"
                self.warnings.append(c.sheet.problem(message, c.row, "penalty_per_place_year"))
            if name is not None and name in seen:
                c.fail("band", f"'{name}' is listed twice (also in row {seen[name]}); band names must differ")
                ok = False
            if group is not None and groups and group not in groups:
                c.fail(
                    "group",
                    f"'{group}' is no group in place_types.groups nor a type; known: {', '.join(sorted(groups))}",
                )
                ok = False
            if population and base not in population:
                c.fail(
                    "base", f"'{base}' is not a column of the population sheet; known: {', '.join(sorted(population))}"
                )
                ok = False
            if c.raw("min_share") is None and c.raw("max_share") is None:
                c.fail("min_share", "and max_share are both empty; give at least one bound")
                ok = False
            if low is not None and high is not None and low > high:
                c.fail("min_share", f"{low:g} is above max_share {high:g}; swap them")
                ok = False
            if start is not None and end is not None and start > end:
                c.fail("from_year", f"{start} is after to_year {end}; swap them")
                ok = False
            if hard is False and penalty is None and c.raw("penalty_per_place_year") is None:
                c.fail(
                    "penalty_per_place_year",
                    "is empty for a soft band (hard = no); give NOK per place short or over per year",
                )
                ok = False
            if not ok or first is None or last is None:
                continue
            seen[name] = c.row
            start, end = max(start, first), min(end, last)
            if start > end:
                c.fail("from_year", f"band '{name}' covers no planning year {first}–{last}; fix from_year/to_year")
                continue
            bands.append(Band(name, group, base, low, high, start, end, hard, penalty or 0.0))
        return bands

    def read_stock(self) -> list[StockRow]:
        stock: list[StockRow] = []
        for c in self.rows(self.sheet("stock")):
            site = c.text("site", default="")
            type_ = c.text("type", required=True)
            places = c.integer("places", required=True)
            start = c.integer("first_year", minimum=1900)
            end = c.integer("last_year", minimum=1900)
            if not self.known_type(c, "type", type_):
                continue
            if start is not None and end is not None and start > end:
                c.fail("first_year", f"{start} is after last_year {end}; swap them")
                continue
            if type_ is not None and places is not None:
                stock.append(StockRow(site, type_, places, start, end))
        return stock

    def read_projects(self, first: int | None, last: int | None) -> list[Project]:
        sheet = self.sheet("projects") if "projects" in self.sheets else None
        mix_sheet = self.sheet("project_mix") if "project_mix" in self.sheets else None
        if sheet is None and mix_sheet is None:
            return []
        if "projects" in self.sheets and "project_mix" not in self.sheets:
            self.problems.append(
                Problem(self.file, "sheet 'project_mix' is missing; each project needs its types there")
            )
        heads: dict[str, dict] = {}
        for c in self.rows(sheet):
            name = c.text("project", required=True)
            if name is None:
                continue
            if name in heads:
                c.fail("project", f"'{name}' is listed twice (also in row {heads[name]['row']}); keep one")
                continue
            heads[name] = dict(
                row=c.row,
                earliest_year=c.integer("earliest_year", default=first, minimum=1900),
                latest_year=c.integer("latest_year", default=last, minimum=1900),
                fixed_cost=c.number("fixed_cost", default=0.0),
                fixed_operating_year=c.number("fixed_operating_year", default=0.0),
                min_places=c.integer("min_places", default=0),
                max_places=c.integer("max_places"),
            )
            h = heads[name]
            if None not in (h["earliest_year"], h["latest_year"]) and h["earliest_year"] > h["latest_year"]:
                c.fail("earliest_year", f"{h['earliest_year']} is after latest_year {h['latest_year']}; swap them")
            elif last is not None and h["earliest_year"] is not None and h["earliest_year"] > last:
                c.fail("earliest_year", f"{h['earliest_year']} is after last_year {last}: the project could never open")
            elif first is not None and h["latest_year"] is not None and h["latest_year"] < first:
                c.fail("latest_year", f"{h['latest_year']} is before first_year {first}: the project could never open")
        mixes: dict[str, list[tuple[int, ProjectMix | None]]] = {}
        for c in self.rows(mix_sheet):
            name, type_ = c.text("project", required=True), c.text("type", required=True)
            low, high = c.integer("min_places", default=0), c.integer("max_places")
            if name is None or type_ is None:
                continue
            if name not in heads:
                c.fail("project", f"'{name}' is not in the projects sheet; add it there or fix the name")
                continue
            usable = low is not None and self.known_type(c, "type", type_)
            if usable and any(m is not None and m.type == type_ for _, m in mixes.get(name, [])):
                c.fail("type", f"'{type_}' is listed twice for project '{name}'; keep one row per type")
                usable = False
            if usable and high is not None and low > high:
                c.fail("min_places", f"{low} is above max_places {high}; swap them")
                usable = False
            # a rejected row stays as None, so the project's size checks wait until it is fixed
            mixes.setdefault(name, []).append((c.row, ProjectMix(type_, low, high) if usable else None))
        projects = []
        for name, h in heads.items():
            rows = mixes.get(name, [])
            if not rows:
                if mix_sheet is not None:
                    self.problems.append(
                        sheet.problem(
                            f"project '{name}' has no rows in project_mix; add its types", h["row"], "project"
                        )
                    )
                continue
            required = ("earliest_year", "latest_year", "fixed_cost", "fixed_operating_year", "min_places")
            if any(m is None for _, m in rows) or any(h[k] is None for k in required):
                continue
            maxima = [m.max_places for _, m in rows]
            total_max = h["max_places"]
            if total_max is None:
                if None in maxima:
                    self.problems.append(
                        sheet.problem(
                            f"project '{name}' has no max_places and a type in project_mix has none either; give one",
                            h["row"],
                            "max_places",
                        )
                    )
                    continue
                total_max = sum(maxima)
            mix = tuple(
                ProjectMix(m.type, m.min_places, total_max if m.max_places is None else m.max_places) for _, m in rows
            )
            if h["min_places"] > total_max:
                self.problems.append(
                    sheet.problem(
                        f"min_places {h['min_places']} is above max_places {total_max}", h["row"], "min_places"
                    )
                )
                continue
            if sum(m.min_places for m in mix) > total_max or sum(m.max_places for m in mix) < h["min_places"]:
                self.problems.append(
                    sheet.problem(
                        f"project '{name}' can never open: its mix ranges in project_mix do not fit "
                        f"min_places {h['min_places']} – max_places {total_max}",
                        h["row"],
                        "max_places",
                    )
                )
                continue
            if first is None or last is None:
                continue  # the missing horizon is reported with the settings
            lead = max(self.lead_times.get(m.type, 0) for m in mix)
            opens, closes = max(h["earliest_year"], first + lead), min(h["latest_year"], last)
            if opens > closes:
                message = (
                    f"project '{name}' could never open: with the lead time of {lead} years its earliest "
                    f"opening is {opens}, after {closes}; move latest_year or earliest_year"
                )
                self.problems.append(sheet.problem(message, h["row"], "latest_year"))
                continue
            projects.append(
                Project(
                    name,
                    h["earliest_year"],
                    h["latest_year"],
                    h["fixed_cost"],
                    h["fixed_operating_year"],
                    h["min_places"],
                    total_max,
                    mix,
                )
            )
        return projects

    def read_conversions(self, first: int | None) -> list[Conversion]:
        if "conversions" not in self.sheets:
            return []
        result: list[Conversion] = []
        seen: dict[tuple, int] = {}
        for c in self.rows(self.sheet("conversions")):
            a, b = c.text("from_type", required=True), c.text("to_type", required=True)
            cost = c.number("cost_per_place", default=0.0)
            cap = c.integer("max_per_year")
            start = c.integer("earliest_year", default=first, minimum=1900)
            ok = None not in (a, b, cost)
            for column, t in (("from_type", a), ("to_type", b)):
                if not self.known_type(c, column, t):
                    ok = False
            if ok and a == b:
                c.fail("to_type", f"is the same as from_type '{a}'; a conversion changes the type")
                ok = False
            if ok and (a, b) in seen:
                c.fail("from_type", f"{a} → {b} is listed twice (also in row {seen[a, b]}); keep one")
                ok = False
            if ok and start is not None and self.last_year is not None and start > self.last_year:
                c.fail(
                    "earliest_year", f"{start} is after last_year {self.last_year}: the conversion could never happen"
                )
                ok = False
            if ok:
                seen[a, b] = c.row
                result.append(Conversion(a, b, cost, cap, start if start is not None else (first or 0)))
        return result

    def read_budget(self) -> dict[int, float]:
        if "budget" not in self.sheets:
            return {}
        budget: dict[int, float] = {}
        rows: dict[int, int] = {}
        for c in self.rows(self.sheet("budget")):
            year = c.integer("year", required=True, minimum=1900)
            ceiling = c.number("max_net_investment", required=True)
            if year is not None and year in rows:
                c.fail("year", f"{year} is listed twice (also in row {rows[year]}); keep one")
                continue
            if year is not None and ceiling is not None:
                rows[year] = c.row
                if ceiling < NO_CEILING:  # solvers treat ~1e20 as infinite and then mis-solve the row
                    budget[year] = ceiling
                if self.last_year is not None and not self.first_year <= year <= self.last_year:
                    message = f"budget year {year} is outside the planning years; it is ignored"
                    self.warnings.append(c.sheet.problem(message, c.row, "year"))
        return budget


__all__ = ["InputWorkbook", "SolverSettings", "read_input", "parse_number", "parse_share"]
