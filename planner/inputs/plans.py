"""Reading a plan workbook back: last year's plan for re-optimisation, or either side of a diff."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from models.reoptimise import Converted, Opening, SiteDecision
from models.results import CONVERSION_COLUMNS, COVERAGE_COLUMNS, PLAN_COLUMNS, SITE_DECISION_COLUMNS
from models.solve import has_plan
from models.tables import OUTPUT_TABLES
from planner.inputs.workbook import read_sheets
from planner.problems import InputError, Problem

NOT_A_PLAN = (
    "is not a plan workbook written by planner (it has no {what}); give the plan that `planner solve` "
    "or `planner reoptimise` wrote"
)


@dataclass
class PlanBook:
    """A plan workbook as read: its summary, openings, coverage and the input sheets it was made from."""

    file: str
    summary: dict
    plan: pd.DataFrame
    coverage: pd.DataFrame
    inputs: dict[str, pd.DataFrame] = field(default_factory=dict)  # input sheet -> table, as copied
    conversions_table: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=CONVERSION_COLUMNS))
    site_decisions_table: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=SITE_DECISION_COLUMNS))
    first_stage: list[bool] = field(default_factory=list)  # a stochastic plan: each plan row committed or not

    @property
    def openings(self) -> list[Opening]:
        stages = self.first_stage or [False] * len(self.plan)
        return [
            Opening(int(r.year), str(r.type), str(r.source), int(r.places), first)
            for r, first in zip(self.plan.itertuples(), stages, strict=True)
        ]

    @property
    def conversions(self) -> list[Converted]:
        return [
            Converted(int(r.year), str(r.from_type), str(r.to_type), int(r.places))
            for r in self.conversions_table.itertuples()
        ]

    @property
    def site_decisions(self) -> list[SiteDecision]:
        return [
            SiteDecision(str(r.site), str(r.decision), int(r.year), int(r.places))
            for r in self.site_decisions_table.itertuples()
        ]

    @property
    def status(self) -> str:
        return str(self.summary.get("status", ""))

    @property
    def has_plan(self) -> bool:
        """Whether the workbook holds a plan to follow (optimal or feasible), not a diagnosis or nothing."""
        return has_plan(self.status)

    @property
    def npv(self) -> float | None:
        value = self.summary.get("objective_npv")
        return float(value) if isinstance(value, int | float) else None

    def population(self) -> dict[str, dict[int, float]]:
        """The prognosis the plan was made with: base column -> year -> persons (its scenario only)."""
        table = self.inputs.get("population")
        if table is None or "year" not in table:
            return {}
        scenario = self.summary.get("scenario") or ""
        if "scenario" in table and scenario:
            table = table[table["scenario"].astype(str) == str(scenario)]
        bases = [c for c in table.columns if str(c).startswith("persons_")]
        return {
            b: {int(y): float(v) for y, v in zip(table["year"], table[b], strict=True) if pd.notna(v) and pd.notna(y)}
            for b in bases
        }


def read_plan(path: Path, usable_only: bool = True, role: str = "") -> PlanBook:
    """The plan workbook at ``path``; a file that is not one, or (usable_only) holds no usable plan, is refused.

    role: what the file is to the command ("the baseline (--baseline)"), named in every problem.
    """
    try:
        return _read_plan(Path(path), usable_only)
    except InputError as exc:
        if not role:
            raise
        raise InputError([replace(p, message=f"{role}: {p.message}") for p in exc.problems]) from exc


def _read_plan(path: Path, usable_only: bool) -> PlanBook:
    path = Path(path)
    file = path.name
    wanted = {
        "summary": OUTPUT_TABLES["summary"].names,
        "plan": PLAN_COLUMNS,
        "conversions": CONVERSION_COLUMNS,
        "coverage": COVERAGE_COLUMNS,
        "site_decisions": SITE_DECISION_COLUMNS,
        "input_population": ["year"],
        "input_place_types": ["type"],
        "input_bands": ["band"],
        "input_projects": ["project"],
        "input_stock": ["type"],
    }
    sheets, _ = read_sheets(path, wanted)  # typo hints for sheet names are for inputs, not for plans
    missing = [
        f"'{name}' sheet with columns {', '.join(wanted[name])}"
        for name in ("summary", "plan")
        if sheets.get(name) is None or not set(wanted[name]) <= set(sheets[name].columns)
    ]
    if missing:  # one problem: a file that is no plan lacks both, and is one mistake
        raise InputError([Problem(file, NOT_A_PLAN.format(what=" nor ".join(missing)))])
    tables = {name: _frame(sheet) for name, sheet in sheets.items()}
    summary = dict(zip(tables["summary"]["key"], tables["summary"]["value"], strict=True))
    if "input_sha256" not in summary or "status" not in summary:
        raise InputError([Problem(file, NOT_A_PLAN.format(what="input_sha256 and status in its summary"), "summary")])
    plan, first_stage = _chosen_path(tables["plan"].dropna(subset=["year", "type"]), summary)
    conversions = tables.get("conversions")
    if conversions is not None:
        conversions = _chosen_path(conversions, summary)[0]
    book = PlanBook(
        file,
        summary,
        plan[PLAN_COLUMNS],
        tables.get("coverage", pd.DataFrame(columns=COVERAGE_COLUMNS)),
        {name.removeprefix("input_"): t for name, t in tables.items() if name.startswith("input_")},
        conversions[CONVERSION_COLUMNS].dropna(subset=["year"])
        if conversions is not None and set(CONVERSION_COLUMNS) <= set(conversions.columns)
        else pd.DataFrame(columns=CONVERSION_COLUMNS),
        tables["site_decisions"][SITE_DECISION_COLUMNS].dropna(subset=["year"])
        if "site_decisions" in tables and set(SITE_DECISION_COLUMNS) <= set(tables["site_decisions"].columns)
        else pd.DataFrame(columns=SITE_DECISION_COLUMNS),
        first_stage,
    )
    if usable_only and not book.has_plan:
        what = {"infeasible": "a diagnosis of inputs whose hard bands cannot all be met", "no_solution": "no plan"}
        raise InputError(
            [
                Problem(
                    file,
                    f"its status is {book.status}: it holds {what.get(book.status, 'no usable plan')}, so there "
                    "is nothing to keep; give the last plan that solved (status optimal or feasible), or use "
                    "`planner solve` for a fresh plan",
                    "summary",
                )
            ]
        )
    return book


def _chosen_path(table: pd.DataFrame, summary: dict) -> tuple[pd.DataFrame, list[bool]]:
    """A stochastic plan's rows (a scenario column): the committed ones (scenario blank) and the chosen scenario's
    continuation, and which are committed; any other plan's rows as they are (none committed this way)."""
    if "scenario" not in table.columns:
        return table, []
    scenario = table["scenario"].fillna("").astype(str)
    blank = scenario == ""
    keep = blank | (scenario == str(summary.get("scenario") or ""))
    return table[keep], list(blank[keep])


def _frame(sheet) -> pd.DataFrame:
    header = [sheet.headers.get(i) for i in range(max(sheet.headers, default=-1) + 1)]
    names = column_names(header)
    rows = [tuple(values[: len(names)]) + (None,) * (len(names) - len(values)) for _, values in sheet.rows]
    return pd.DataFrame(rows, columns=names)


def column_names(header: list) -> list[str]:
    """A sheet's header as a plan read back names its columns: lower case, a blank one column_<index>."""
    return [str(h).strip().lower() if h is not None else f"column_{i}" for i, h in enumerate(header)]
