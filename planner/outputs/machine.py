"""The machine-readable sheets: one header row, then plain values in the contract's columns (models.tables)."""

from __future__ import annotations

import pandas as pd
import xlsxwriter

from models.accounts import COST_COMPONENTS
from models.band_costs import BAND_COST_MONEY
from models.inputs import PlanningInput
from models.results import Solution
from planner.outputs.people.grid import Styles
from planner.outputs.record import PlanRecord

MONEY = "#,##0"
SHARE = "0.0%"

# Column formats of the machine-readable sheets (plain values; formats only help reading).
_FORMATS = {
    "share": SHARE,
    "min_share": SHARE,
    "max_share": SHARE,
    "discount_factor": "0.0000",
    "population": "#,##0",
}
_MONEY_COLUMNS = {*COST_COMPONENTS, "net_cost", "discounted_net_cost", *BAND_COST_MONEY, "cost", "grant", "income"}
_MONEY_COLUMNS |= {"stochastic_npv", "wait_and_see_npv", "deterministic_first_stage_npv", "robust_npv"}
# A stochastic plan's summary keys (models.tables states them), in order
STOCHASTIC_SUMMARY_KEYS = (
    "commit_years",
    "risk_aversion",
    "cvar_alpha",
    "expected_npv",
    "evpi",
    "vss",
    "robust_expected_npv",
)
_SUMMARY_MONEY = {
    "expected_npv",
    "evpi",
    "vss",
    "robust_expected_npv",
    "objective_npv",
    "residual_value_discounted",
    "penalties_discounted",
    "ratio_npv",
    "saving_vs_ratio",
}
# Text stays text: never turned into a formula, a number or a link, whatever it starts with.
BOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}


def summary_rows(solution: Solution, data: PlanningInput, record: PlanRecord) -> list[tuple[str, object]]:
    """The summary sheet's key/value rows, in the spec's order, then what this kind of plan adds."""
    run = solution.run
    rows = [
        ("status", solution.status),
        ("objective_npv", solution.objective_npv),
        ("mip_gap", run.mip_gap if run else None),
        ("solver", run.solver if run else record.solver),
        ("solve_seconds", round(run.seconds, 3) if run else None),
        ("input_file", record.input_file),
        ("input_sha256", record.input_sha256),
        ("planner_version", record.planner_version),
        ("created_utc", record.created_utc),
        ("first_year", data.first_year),
        ("last_year", data.last_year),
        ("discount_rate", data.discount_rate),
        ("scenario", data.scenario),
        ("residual_value_discounted", solution.residual_value_discounted),
        ("penalties_discounted", solution.penalties_discounted),
        ("investment_timing", data.investment_timing),
        ("residual_value", "yes" if data.residual_value else "no"),
        ("time_limit_s", record.time_limit_s),
        ("gap_requested", record.gap),
        ("optimality_check", run.optimality_check if run else ""),
        ("method", record.method),
        ("language", record.lang),
        ("municipality", record.municipality),
    ]
    if solution.change_penalty is not None:
        rows.append(("change_penalty", round(solution.change_penalty, 2)))  # not in objective_npv
    if record.ratio is not None:
        rows += [(key, value) for key, value in record.ratio.items() if key != "ratio_notes"]
    if (baseline := record.baseline) is not None:
        rows += [
            ("baseline_file", baseline.file),
            ("baseline_input_sha256", baseline.input_sha256),
            ("freeze_until", baseline.freeze_until),
            ("change_penalty_per_place", baseline.change_penalty_per_place),
        ]
    if record.robust_scenarios is not None:
        rows.append(("robust_scenarios", record.robust_scenarios))
    if record.stochastic is not None:
        rows += [(key, record.stochastic.get(key)) for key in STOCHASTIC_SUMMARY_KEYS]
    if solution.hard_violation_places is not None:
        rows.append(("hard_band_miss_places", round(solution.hard_violation_places, 6)))
    if solution.labour_excess:
        rows.append(("labour_excess_work_years", round(sum(solution.labour_excess.values()), 6)))
    return rows


def table(book: xlsxwriter.Workbook, styles: Styles, name: str, frame: pd.DataFrame) -> None:
    """A machine-readable sheet: one header row, plain values (never formulas)."""
    formats = [MONEY if c in _MONEY_COLUMNS else _FORMATS.get(c) for c in frame.columns]
    rows = [[_plain(v) for v in row] for row in frame.itertuples(index=False)]
    write_rows(book, styles, name, list(frame.columns), rows, formats)
    if name == "summary":
        ws = book.get_worksheet_by_name(name)
        ws.set_column(0, 0, 28)
        ws.set_column(1, 1, 44)
        money = styles(num_format="#,##0.00")
        for r, (key, value) in enumerate(rows, start=1):
            if key in _SUMMARY_MONEY and isinstance(value, int | float):
                ws.write_number(r, 1, value, money)  # the same plain value, shown with thousands separators


def write_rows(book, styles: Styles, name: str, header: list, rows: list, formats: list | None = None) -> None:
    """Header and rows as plain values; text as text; widths that show names and whole NOK amounts."""
    ws = book.add_worksheet(name)
    bold = styles(bold=True)
    formats = formats or [None] * len(header)
    for c, title in enumerate(header):
        _cell(ws, 0, c, title, bold)
    cell_formats = [styles(num_format=f) if f else None for f in formats]
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            _cell(ws, r, c, _plain(value), cell_formats[c] if c < len(cell_formats) else None)
    for c, title in enumerate(header):
        fmt = formats[c] if c < len(formats) else None
        shown = [
            v if isinstance(v, str) else f"{v:,.0f}"
            for v in (row[c] for row in rows if c < len(row))
            if isinstance(v, str) or (fmt == MONEY and isinstance(v, int | float) and v == v)
        ]
        longest = max(map(len, shown), default=0)
        ws.set_column(c, c, min(40, max(12, len(str(title or "")) + 2, longest + 2)))
    ws.freeze_panes(1, 0)
    printable(ws)


def _cell(ws, row: int, col: int, value, fmt=None) -> None:
    if value is None:
        return
    if isinstance(value, bool):
        ws.write_boolean(row, col, value, fmt)
    elif isinstance(value, int | float):
        ws.write_number(row, col, value, fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


def printable(ws, repeat_header: bool = True) -> None:
    """Printed or exported to PDF: landscape A4, one page wide, the header row repeated."""
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    if repeat_header:
        ws.repeat_rows(0)


def _plain(value):
    """Plain cell values: numpy scalars become Python numbers, NaN and infinities an empty cell."""
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return None
    return value
