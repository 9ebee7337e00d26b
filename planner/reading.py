"""Input workbook → validated PlanningInput. Every problem is collected before failing."""

from __future__ import annotations

import dataclasses
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils import get_column_letter

from models.flows import required_places, with_flows
from models.inputs import (
    PLACES_BASE,
    Band,
    Conversion,
    Flow,
    PlaceType,
    PlanningInput,
    Project,
    ProjectMix,
    StockRow,
)
from models.reoptimise import DEFAULT_CHANGE_PENALTY
from models.text import year_runs
from planner.cells import Row, RowCells, parse_column, parse_number, parse_row, parse_share
from planner.problems import InputError, Problem
from planner.schema import REQUIRED_SHEETS, SETTING_KEYS, SETTINGS, SHEETS
from planner.workbook import Sheet, read_sheets

MAX_HORIZON_YEARS = 100
# How alike an unknown header must be to a missing known column to be taken for a typo of it:
# 'Min share' → min_share and 'plases' → places (0.83) are; 'year' → last_year (0.62), 'basis' →
# base (0.67) or 'lead_time' → lead_time_years (0.75) are other columns, which the contract lets a
# workbook carry and the planner ignores (a missing required column still names them).
HEADER_TYPO_CUTOFF = 0.8
# Headers of notes beside the data: never a known column renamed, so no warning names them.
NOTE_HEADERS = {"note", "notes", "comment", "comments", "source", "sources", "merknad", "kommentar", "kilde", "notat"}
NO_CEILING = 1e15  # a budget of this many NOK or more is no ceiling at all

# Sheet -> columns its header must have (from the schema); other columns are optional.
REQUIRED_COLUMNS = {name: spec.header_required for name, spec in SHEETS.items()}
# The population sheet is read per scenario, so its cells are parsed one by one.
YEAR, PERSONS = SHEETS["population"].column("year"), SHEETS["population"].column("persons_")


def build(cls, row: dict, **overrides):
    """An input object from a row: every schema column whose name is one of its fields, then overrides.

    So a new optional column reaches the model by one row in planner.schema and one field of the
    object it describes.
    """
    names = {f.name for f in dataclasses.fields(cls)}
    return cls(**{k: v for k, v in (dict(row) | overrides).items() if k in names})


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
        self.horizon: dict[str, int | None] = {}  # first_year and last_year as set, for defaults
        self.need: dict[str, dict[str, float]] = {}  # need base -> population column -> weight

    # ---- helpers -------------------------------------------------------------------
    def parse(self, cells: RowCells) -> Row:
        """The row's cells parsed as the schema states; defaults from the settings where it says so."""
        return parse_row(cells, SHEETS[cells.sheet.name], self.horizon)

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
        spec = SHEETS[name]
        return ", ".join(
            f"{get_column_letter(index + 1)} '{sheet.headers.get(index, header)}'"
            for header, index in sorted(sheet.columns.items(), key=lambda pair: pair[1])
            if not spec.is_known(header)
        )

    def known_type(self, cells: RowCells, column: str, type_: str | None) -> bool:
        """A reference to a place type; unknown names are problems (unless place_types is unreadable)."""
        if type_ is None or not self.type_names or type_ in self.type_names:  # no names: reported already
            return True
        known = ", ".join(sorted(self.type_names))
        cells.fail(column, f"'{type_}' is not a type in place_types; known: {known}")
        return False

    @staticmethod
    def known_group(cells: RowCells, group: str | None, groups: set[str]) -> bool:
        """A row's group: a group from place_types.groups or a type; an unknown one is a problem, with a near match."""
        if group is None or not groups or group in groups:
            return True
        near = difflib.get_close_matches(group, sorted(groups), n=1, cutoff=HEADER_TYPO_CUTOFF)
        hint = f"; '{near[0]}' is close: fix the spelling here or in place_types.groups" if near else ""
        known = ", ".join(sorted(groups))
        cells.fail("group", f"'{group}' is no group in place_types.groups nor a type; known: {known}{hint}")
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
            if sheet.refused or sheet.header_misplaced or name not in SHEETS:
                continue
            spec = SHEETS[name]
            unread = {c.name for c in spec.columns if not c.read}
            missing = [c for c in spec.known if c not in sheet.columns and c not in unread]
            unknown = [(header, index) for header, index in sheet.columns.items() if not spec.is_known(header)]
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
                unknown.remove((header, index))
            # A known column renamed beyond recognition ('minste andel') would silently take its default
            optional = [c for c in missing if c not in spec.header_required]
            unknown = [(h, i) for h, i in unknown if re.sub(r"[\s_\-]+", "", h.lower()) not in NOTE_HEADERS]
            if optional and unknown:
                extra = ", ".join(
                    f"{get_column_letter(i + 1)} '{sheet.headers.get(i, h)}'"
                    for h, i in sorted(unknown, key=lambda pair: pair[1])
                )
                message = (
                    f"has no column {', '.join(optional)}, so blank or default values are used for it; row 1 also "
                    f"has {extra}, which the planner does not read: if one of them is meant, rename it"
                )
                self.warnings.append(sheet.problem(message, 1))

    # ---- sheets --------------------------------------------------------------------
    def read(self) -> InputWorkbook | None:
        self.check_headers()
        settings = self.read_settings()
        first, last = settings.get("first_year"), settings.get("last_year")
        self.horizon = {"first_year": first, "last_year": last}
        self.first_year, self.last_year = (first, last) if first is not None and last is not None else (None, None)
        horizon_ok = first is not None and last is not None
        place_types = self.read_place_types()
        chosen = self.scenario_option if self.scenario_option is not None else settings.get("scenario")
        population, scenario = self.read_population(chosen)
        robust = settings["robust"] if self.robust_option is None else self.robust_option
        others = self.read_other_scenarios(scenario, settings["robust_scenarios"]) if robust else {}
        self.need = self.read_need(population)
        for series in (population, *others.values()):
            derive_need_bases(series, self.need)
        bands = self.read_bands(population, first, last)
        flows = self.read_flows(population, first, last, bands)
        stock = self.read_stock()
        projects = self.read_projects(first, last)
        conversions = self.read_conversions(first)
        budget = self.read_budget()
        labour = self.read_labour()
        if horizon_ok:
            self.check_population_years(population, scenario, bands, first, last, flows)
            for name, series in others.items():
                self.check_population_years(series, name, bands, first, last, flows)
        if self.problems:
            return None
        # Every setting goes to the object with a field of its name: a new setting is a schema row
        # and a field. (scenario: the one chosen, perhaps by --scenario.)
        # (the change penalty is a re-planning setting: carry_forward puts it on the input with a baseline)
        planning = {k: v for k, v in settings.items() if k != "change_penalty_per_place"}
        data = build(
            PlanningInput,
            planning,
            place_types=place_types,
            population=population,
            bands=bands,
            stock=stock,
            projects=projects,
            conversions=conversions,
            budget=budget,
            scenario=scenario or "",
            robust_populations=others,
            labour=labour,
            need=self.need,
        )
        data = with_flows(data, flows)  # a flow is a band on the places it requires
        solver = build(SolverSettings, settings)
        return InputWorkbook(data, solver, self.warnings, self.tables())

    def tables(self) -> dict[str, tuple[list, list[tuple]]]:
        """The sheets the planner read, in the contract's order, as written (values, not formulas)."""
        tables = {}
        for name in SHEETS:
            sheet = self.sheets.get(name)
            if sheet is None or sheet.refused:
                continue
            width = max([*sheet.headers, *(len(values) - 1 for _, values in sheet.rows), -1]) + 1
            header = [sheet.headers.get(i) for i in range(width)]
            tables[name] = (header, [tuple(values) + (None,) * (width - len(values)) for _, values in sheet.rows])
        return tables

    def read_settings(self) -> dict:
        values = {setting.name: setting.default for setting in SETTINGS}
        known = {setting.name: setting for setting in SETTINGS}
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
            typo = difflib.get_close_matches(re.sub(r"[\s\-]+", "_", key), SETTING_KEYS, n=1, cutoff=HEADER_TYPO_CUTOFF)
            if key in known:
                values[key] = parse_column(cells, known[key], {}, "value")
            elif typo:  # 'discount rate': its value would be ignored and the default used without a word
                cells.subject = None
                cells.fail(
                    "key", f"'{key}' is not a known setting; did you mean {typo[0]}? Rename the key to {typo[0]}"
                )
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
            row = self.parse(c)
            name = row["type"]
            if name in seen:
                c.fail("type", f"'{name}' is listed twice (also in row {seen[name]}); keep one")
                continue
            if name is not None:
                self.type_names.add(name)
                self.group_names.update(row["groups"] or ())
            if row.failed or any(row[k] is None for k in REQUIRED_COLUMNS["place_types"]):
                continue
            if row["rent_per_place_year"] > row["operating_per_place_year"] and row["max_new_per_year"] is None:
                message = (
                    f"rent_per_place_year is above operating_per_place_year for '{name}': every new place earns "
                    "money, so only a max_share band, max_new_per_year or the budget limits how many are built"
                )
                self.warnings.append(c.sheet.problem(message, c.row, "rent_per_place_year"))
            seen[name] = c.row
            self.lead_times[name] = row["lead_time_years"]
            types[name] = build(PlaceType, row)
        return types

    def read_population(self, wanted: str | None) -> tuple[dict[str, dict[int, float]], str | None]:
        sheet = self.sheet("population")
        if sheet is None:
            return {}, wanted
        bases = [c for c in sheet.columns if c.startswith("persons_")]
        if not bases:
            self.problems.append(sheet.problem("has no persons_<name> column; add one such as persons_80_plus", 1))
        has_scenario = "scenario" in sheet.columns
        scenarios = self.scenario_names(sheet) if has_scenario else []
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
            year = parse_column(c, YEAR, self.horizon)
            if year is None:
                continue
            if year in first_row:
                c.fail("year", f"{year} is listed twice for this scenario (also in row {first_row[year]}); keep one")
                continue
            first_row[year] = c.row
            for base in bases:
                persons = parse_column(c, PERSONS, self.horizon, base)
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
            year = parse_column(c, YEAR, self.horizon)
            if year is None:
                continue
            table = series.setdefault(name, {b: {} for b in bases})
            for base in bases:
                persons = parse_column(c, PERSONS, self.horizon, base)
                if persons is not None:
                    table[base][year] = persons
        unknown = [n for n in listed or [] if n not in series and n != chosen]
        if unknown:
            self.problems.append(
                self.sheets["settings"].problem(
                    f"{where} names {', '.join(unknown)}, not in the population sheet; it has "
                    f"{', '.join(self.scenario_names(sheet)) or 'no scenarios'}",
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

    @staticmethod
    def scenario_names(sheet: Sheet) -> list[str]:
        """The scenarios of the population sheet, in order of first appearance."""
        names = (RowCells(sheet, 0, values, []).text("scenario") for _, values in sheet.rows)
        return [n for n in dict.fromkeys(names) if n is not None]

    def check_population_years(
        self, population, scenario, bands: list[Band], first: int, last: int, flows: list[Flow] = ()
    ) -> None:
        sheet = self.sheets.get("population")
        if sheet is None or not population:
            return
        where = f" for scenario '{scenario}'" if scenario else ""
        bases = sorted({b.base for b in bands} | {f.base for f in flows if f.admissions_per_1000 is not None})
        # a need base is checked through its population columns: those are what the user can fill in
        columns = {column for b in bases for column in self.need.get(b, {b: 1.0}) if column in population}
        gaps: dict[tuple[int, ...], list[str]] = {}  # missing years -> the columns missing them (rows gone)
        for column in sorted(columns, key=lambda c: sheet.columns.get(c, 0)):
            missing = tuple(y for y in range(first, last + 1) if y not in population[column])
            if missing:
                gaps.setdefault(missing, []).append(column)
        for missing, names in gaps.items():
            have = f"{names[0]} has" if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]} have"
            self.problems.append(
                sheet.problem(
                    f"{have} no value{where} for planning year(s) {year_runs(list(missing))}; "
                    "every year from first_year to last_year is needed",
                    None,
                    names[0],
                )
            )

    def read_bands(self, population, first: int | None, last: int | None) -> list[Band]:
        groups = self.group_names | self.type_names
        bands: list[Band] = []
        seen: dict[str, int] = {}
        for c in self.rows(self.sheet("bands")):
            row = self.parse(c)
            name, group, base = row["band"], row["group"], row["base"]
            start, end = row["from_year"], row["to_year"]
            hard, penalty = row["hard"], row["penalty_per_place_year"]
            ok = None not in (name, group, start, end, hard)
            if hard and penalty:
                message = f"band '{name}' is hard, so its penalty is not used; set hard = no to make it soft"
                self.warnings.append(c.sheet.problem(message, c.row, "penalty_per_place_year"))
            if name is not None and name in seen:
                c.fail("band", f"'{name}' is listed twice (also in row {seen[name]}); band names must differ")
                ok = False
            if not self.known_group(c, group, groups):
                ok = False
            other = base[len(PLACES_BASE) :] if base is not None and base.startswith(PLACES_BASE) else None
            if other is not None:  # a composition band: its base is the places of another group
                if groups and other not in groups:
                    known = ", ".join(sorted(groups))
                    c.fail(
                        "base",
                        f"'{other}' after {PLACES_BASE} is no group in place_types.groups nor a type; known: {known}",
                    )
                    ok = False
                elif other == group:
                    c.fail("base", f"is the band's own group '{group}'; name another group after {PLACES_BASE}")
                    ok = False
            elif population and base not in population:
                near = difflib.get_close_matches(base, sorted(population), n=1, cutoff=HEADER_TYPO_CUTOFF)
                hint = f"; '{near[0]}' is close: fix the spelling" if near else ""
                c.fail(
                    "base",
                    f"'{base}' is not a column of the population sheet nor a need base; known: "
                    f"{', '.join(sorted(population))}{hint}",
                )
                ok = False
            if {"min_share", "from_year", "penalty_per_place_year"} & row.failed:  # row rules: reported
                ok = False
            if not ok or first is None or last is None:
                continue
            seen[name] = c.row
            start, end = max(start, first), min(end, last)
            if start > end:
                c.fail("from_year", f"band '{name}' covers no planning year {first}–{last}; fix from_year/to_year")
                continue
            bands.append(build(Band, row, from_year=start, to_year=end, penalty_per_place_year=penalty or 0.0))
        return bands

    def read_stock(self) -> list[StockRow]:
        stock: list[StockRow] = []
        for c in self.rows(self.sheet("stock")):
            row = self.parse(c)
            type_, places = row["type"], row["places"]
            if not self.known_type(c, "type", type_):
                continue
            if "first_year" in row.failed:  # after last_year
                continue
            opens = row["first_year"]
            if opens is not None and self.last_year is not None and opens > self.last_year:
                message = f"{opens} is after last_year {self.last_year}: these places are never in service in the plan"
                self.warnings.append(c.sheet.problem(message, c.row, "first_year"))
            if type_ is not None and places is not None:
                stock.append(build(StockRow, row))
        sheet = self.sheets.get("stock")
        if sheet is not None and not sheet.rows and not sheet.refused:
            message = (
                "has no rows: until new places can open (first_year + each type's lead_time_years), every band's "
                "minimum must come from places listed here; add today's buildings"
            )
            self.warnings.append(sheet.problem(message, 2))
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
            h = self.parse(c)
            name = h["project"]
            if name is None:
                continue
            if name in heads:
                c.fail("project", f"'{name}' is listed twice (also in row {heads[name]['row']}); keep one")
                continue
            h["row"] = c.row
            heads[name] = h
            if "earliest_year" in h.failed:
                pass  # a bad year, or after latest_year: reported
            elif last is not None and h["earliest_year"] is not None and h["earliest_year"] > last:
                c.fail("earliest_year", f"{h['earliest_year']} is after last_year {last}: the project could never open")
            elif first is not None and h["latest_year"] is not None and h["latest_year"] < first:
                c.fail("latest_year", f"{h['latest_year']} is before first_year {first}: the project could never open")
        mixes: dict[str, list[tuple[int, ProjectMix | None]]] = {}
        for c in self.rows(mix_sheet):
            row = self.parse(c)
            name, type_, low = row["project"], row["type"], row["min_places"]
            if name is None or type_ is None:
                continue
            if name not in heads:
                c.fail("project", f"'{name}' is not in the projects sheet; add it there or fix the name")
                continue
            usable = low is not None and self.known_type(c, "type", type_)
            if usable and any(m is not None and m.type == type_ for _, m in mixes.get(name, [])):
                c.fail("type", f"'{type_}' is listed twice for project '{name}'; keep one row per type")
                usable = False
            usable = usable and "min_places" not in row.failed  # above max_places: reported
            # a rejected row stays as None, so the project's size checks wait until it is fixed
            mixes.setdefault(name, []).append((c.row, build(ProjectMix, row) if usable else None))
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
                dataclasses.replace(m, max_places=total_max if m.max_places is None else m.max_places) for _, m in rows
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
            projects.append(build(Project, h, max_places=total_max, mix=mix))
        return projects

    def read_conversions(self, first: int | None) -> list[Conversion]:
        if "conversions" not in self.sheets:
            return []
        result: list[Conversion] = []
        seen: dict[tuple, int] = {}
        for c in self.rows(self.sheet("conversions")):
            row = self.parse(c)
            a, b, cost, start = row["from_type"], row["to_type"], row["cost_per_place"], row["earliest_year"]
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
                result.append(build(Conversion, row, earliest_year=start if start is not None else (first or 0)))
        return result

    def read_need(self, population: dict[str, dict[int, float]]) -> dict[str, dict[str, float]]:
        """Need bases: base -> population column -> weight, each column a column of the population sheet."""
        need: dict[str, dict[str, float]] = {}
        rows: dict[tuple[str, str], int] = {}
        for c in self.rows(self.sheet("need") if "need" in self.sheets else None):
            row = self.parse(c)
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

    def read_flows(self, population, first: int | None, last: int | None, bands: list[Band]) -> list[Flow]:
        """Short-term flow rows, each named as the band it becomes: <group>_flow (with its years if several)."""
        if "flows" not in self.sheets:
            return []
        groups = self.group_names | self.type_names
        band_names = {b.band for b in bands}
        read: list[tuple[RowCells, dict]] = []
        for c in self.rows(self.sheet("flows")):
            row = self.parse(c)
            group, start, end = row["group"], row["from_year"], row["to_year"]
            ok = not row.failed and None not in (group, start, end, row["mean_stay_days"], row["hard"])
            if not self.known_group(c, group, groups):
                ok = False
            per_year, per_1000, base = row["admissions_per_year"], row["admissions_per_1000"], row["base"]
            if per_year is not None and per_1000 is not None:
                c.fail(
                    "admissions_per_1000",
                    "is filled and so is admissions_per_year; give admissions one way: clear one of them",
                )
                ok = False
            elif per_1000 is not None and base is None:
                c.fail(
                    "base", "is empty; admissions_per_1000 needs the base they are per 1,000 of, e.g. persons_80_plus"
                )
                ok = False
            elif per_1000 is not None and population and base not in population:
                c.fail(
                    "base",
                    f"'{base}' is no population column nor need base; known: {', '.join(sorted(population))}",
                )
                ok = False
            elif per_year is not None and base is not None:
                message = f"base '{base}' is not used: admissions_per_year is given as a number; it is ignored"
                self.warnings.append(c.sheet.problem(message, c.row, "base"))
            if row["mean_stay_days"] == 0:
                c.fail("mean_stay_days", "is 0; give the mean length of a stay in days, more than 0")
                ok = False
            if row["max_refusal_probability"] is not None and not 0 < row["max_refusal_probability"] < 1:
                c.fail(
                    "max_refusal_probability",
                    f"{row['max_refusal_probability']:g} can never be met or means no target; give a share "
                    "above 0 and below 1, e.g. 0.05",
                )
                ok = False
            if row["max_occupancy"] == 0:
                c.fail("max_occupancy", "is 0, which no number of places meets; give a share above 0, e.g. 0.85")
                ok = False
            if row["hard"] and row["penalty_per_place_year"]:
                message = "the row is hard, so its penalty is not used; set hard = no to make it soft"
                self.warnings.append(c.sheet.problem(message, c.row, "penalty_per_place_year"))
            if not ok or first is None or last is None:
                continue
            start, end = max(start, first), min(end, last)
            if start > end:
                c.fail("from_year", f"the row covers no planning year {first}–{last}; fix from_year/to_year")
                continue
            for other, earlier in read:
                if earlier["group"] == group and start <= earlier["to_year"] and earlier["from_year"] <= end:
                    c.fail(
                        "from_year",
                        f"the years {start}–{end} overlap row {other.row}'s for group '{group}'; give each year "
                        "one row",
                    )
                    break
            else:
                read.append((c, row | {"from_year": start, "to_year": end}))
        flows: list[Flow] = []
        for c, row in read:
            several = sum(1 for _, r in read if r["group"] == row["group"]) > 1
            name = f"{row['group']}_flow" + (f"_{row['from_year']}-{row['to_year']}" if several else "")
            if name in band_names:
                c.fail("group", f"the band this row becomes, '{name}', is a name in the bands sheet; rename that band")
                continue
            flow = build(Flow, row, band=name, penalty_per_place_year=row["penalty_per_place_year"] or 0.0)
            try:
                required_places(flow, population)
            except ValueError as error:
                c.fail("mean_stay_days", f"needs {error}; check admissions and mean_stay_days")
                continue
            except KeyError:
                pass  # a base year missing: reported by check_population_years
            flows.append(flow)
        return flows

    def read_labour(self) -> dict[int, float]:
        """Work-years the municipality can staff, per year."""
        labour: dict[int, float] = {}
        rows: dict[int, int] = {}
        for c in self.rows(self.sheet("labour") if "labour" in self.sheets else None):
            row = self.parse(c)
            year, ceiling = row["year"], row["max_work_years"]
            if year is None or ceiling is None:
                continue
            if year in rows:
                c.fail("year", f"{year} is listed twice (also in row {rows[year]}); keep one")
                continue
            rows[year] = c.row
            labour[year] = ceiling
            if self.last_year is not None and not self.first_year <= year <= self.last_year:
                message = f"labour year {year} is outside the planning years; it is ignored"
                self.warnings.append(c.sheet.problem(message, c.row, "year"))
        return labour

    def read_budget(self) -> dict[int, float]:
        if "budget" not in self.sheets:
            return {}
        budget: dict[int, float] = {}
        rows: dict[int, int] = {}
        for c in self.rows(self.sheet("budget")):
            row = self.parse(c)
            year, ceiling = row["year"], row["max_net_investment"]
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


def derive_need_bases(series: dict[str, dict[int, float]], need: dict[str, dict[str, float]]) -> None:
    """Add each need base to a population series: Σ weight × column, in the years every column has."""
    for base, terms in need.items():
        if any(column not in series for column in terms):
            continue  # the population could not be read: its problem is reported, not this one
        years = set.intersection(*(set(series[column]) for column in terms))
        series[base] = {y: sum(w * series[column][y] for column, w in terms.items()) for y in sorted(years)}


__all__ = ["InputWorkbook", "SolverSettings", "read_input", "parse_number", "parse_share"]
