"""Solution tables → the plan workbook: machine-readable sheets first, then sheets for people."""

from __future__ import annotations

import math
import os
import stat
import tempfile
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.chart import LineChart, Reference
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break

from models.band_costs import BAND_COST_MONEY
from models.capacity import COST_COMPONENTS, NET_COST_SIGNS
from models.inputs import PlanningInput
from models.results import Solution
from models.solve import REFUTED

MONEY = "#,##0"
YEARS_PER_PAGE = 10  # the overview, printed: years across, this many to a landscape page
SHARE = "0.0%"
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")

# Column formats of the machine-readable sheets (plain values; formats only help reading).
_FORMATS = {
    "share": SHARE,
    "min_share": SHARE,
    "max_share": SHARE,
    "discount_factor": "0.0000",
    "population": "#,##0",
}
_MONEY_COLUMNS = {*COST_COMPONENTS, "net_cost", "discounted_net_cost", *BAND_COST_MONEY}


def summary_rows(solution: Solution, data: PlanningInput, meta: dict) -> list[tuple[str, object]]:
    """The summary sheet's key/value rows, in the spec's order, then planner extras."""
    run = solution.run
    rows = [
        ("status", solution.status),
        ("objective_npv", solution.objective_npv),
        ("mip_gap", run.mip_gap if run else None),
        ("solver", run.solver if run else meta.get("solver")),
        ("solve_seconds", round(run.seconds, 3) if run else None),
        ("input_file", meta["input_file"]),
        ("input_sha256", meta["input_sha256"]),
        ("planner_version", meta["planner_version"]),
        ("created_utc", meta["created_utc"]),
        ("first_year", data.first_year),
        ("last_year", data.last_year),
        ("discount_rate", data.discount_rate),
        ("scenario", data.scenario),
        ("residual_value_discounted", solution.residual_value_discounted),
        ("penalties_discounted", solution.penalties_discounted),
        ("investment_timing", data.investment_timing),
        ("residual_value", "yes" if data.residual_value else "no"),
        ("time_limit_s", meta.get("time_limit_s")),
        ("gap_requested", meta.get("gap")),
        ("optimality_check", run.optimality_check if run else ""),
        ("method", meta.get("method", "optimise")),
    ]
    for key in ("ratio_npv", "saving_vs_ratio", "saving_vs_ratio_percent", "ratio_hard_band_miss_places"):
        if key in meta:
            rows.append((key, meta[key]))
    if solution.hard_violation_places is not None:
        rows.append(("hard_band_miss_places", round(solution.hard_violation_places, 6)))
    return rows


def write_plan(
    path: Path,
    solution: Solution,
    data: PlanningInput,
    meta: dict,
    band_costs: pd.DataFrame | None = None,
    inputs: dict[str, tuple[list, list[tuple]]] | None = None,
) -> None:
    """Write the whole workbook to a temporary file beside ``path``, then rename it into place.

    band_costs: the table of models.band_costs, when it was computed (``--band-costs``).
    inputs: the input sheets as read (``InputWorkbook.tables``), copied so the plan stands on its own.
    """
    book = Workbook()
    book.remove(book.active)
    _table(book, "summary", pd.DataFrame(summary_rows(solution, data, meta), columns=["key", "value"]))
    _table(book, "plan", solution.plan)
    _table(book, "conversions", solution.conversions)
    _table(book, "capacity", solution.capacity)
    _table(book, "coverage", solution.coverage)
    _table(book, "costs", solution.costs)
    _band_costs(book, band_costs)
    if solution.status != "no_solution":
        _overview(book, solution, data, meta.get("method", "optimise"))
    _notes(book, solution, meta.get("method", "optimise"))
    for name, (header, rows) in (inputs or {}).items():
        _input_copy(book, name, header, rows)
    save_atomically(book, Path(path))


def _input_copy(book: Workbook, name: str, header: list, rows: list[tuple]) -> None:
    """input_<sheet>: an input sheet as the user gave it (values; names stay text)."""
    ws = book.create_sheet(f"input_{name}")
    append_row(ws, header)
    for cell in ws[1]:
        cell.font = BOLD
    for row in rows:
        append_row(ws, list(row))
    for index, title in enumerate(header, start=1):
        longest = max((len(str(r[index - 1])) for r in rows if r[index - 1] is not None), default=0)
        ws.column_dimensions[get_column_letter(index)].width = min(40, max(10, len(str(title or "")) + 2, longest + 2))
    ws.freeze_panes = "A2"
    _printable(ws, title_rows="1:1")


def save_atomically(book: Workbook, path: Path) -> None:
    """An output is written whole or not at all: save to a temp file, then os.replace."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".xlsx.tmp", dir=path.parent)
    os.close(handle)
    try:
        book.save(tmp)
        # mkstemp makes the file 0600; give it the mode a plainly created (or overwritten) file would have,
        # so colleagues and scheduled jobs sharing the folder can read it
        os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _mode_for(path: Path) -> int:
    """An existing file's permissions are kept; a new file gets 0666 less the umask, as open() would give."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        umask = os.umask(0)  # the only way to read the umask is to set it; restored at once
        os.umask(umask)
        return 0o666 & ~umask


def _table(book: Workbook, name: str, frame: pd.DataFrame) -> None:
    ws = book.create_sheet(name)
    append_row(ws, list(frame.columns))
    for cell in ws[1]:
        cell.font = BOLD
    for row in frame.itertuples(index=False):
        append_row(ws, [_plain(v) for v in row])
    for index, column in enumerate(frame.columns, start=1):
        letter = get_column_letter(index)
        fmt = MONEY if column in _MONEY_COLUMNS else _FORMATS.get(column)
        # wide enough for the header, the longest text (type and project names) and whole NOK amounts,
        # which a spreadsheet shows as ### when they do not fit
        shown = [v if isinstance(v, str) else f"{v:,.0f}" for v in frame[column] if _is_shown(v, fmt)]
        longest = max(map(len, shown), default=0)
        ws.column_dimensions[letter].width = min(40, max(12, len(str(column)) + 2, longest + 2))
        if fmt:
            for (cell,) in ws.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = fmt
    if name == "summary":
        ws.column_dimensions["A"].width = 28
        ws.column_dimensions["B"].width = 44
    ws.freeze_panes = "A2"
    _printable(ws, title_rows="1:1")


def _is_shown(value, fmt: str | None) -> bool:
    """Text, or a NOK amount: what sets a column's width (other numbers fit the default)."""
    if isinstance(value, str):
        return True
    return fmt == MONEY and isinstance(value, int | float) and value == value


def _band_costs(book: Workbook, table: pd.DataFrame | None) -> None:
    """Each band's cost (re-solved without it, and 0.1 pp tighter), or why the sheet is empty."""
    if table is not None:
        _table(book, "band_costs", table)
        return
    ws = book.create_sheet("band_costs")
    append_row(ws, ["Band costs were not computed: they take two or three more solves per band."])
    append_row(ws, ["Run planner solve with --band-costs (or the setting band_costs = yes) to add them."])
    ws.column_dimensions["A"].width = 90
    _printable(ws)


def append_row(ws, values) -> None:
    """ws.append, but text stays text: openpyxl would store a name like '=1+1' as a formula.

    Sites, projects, types and labels come from the user's workbook, so none of them may ever
    run as a formula in a colleague's spreadsheet program.
    """
    ws.append(values)
    for cell in ws[ws.max_row]:
        if cell.data_type == "f":
            cell.data_type = "s"


def _printable(ws, title_rows: str | None = None, title_columns: str | None = None, pages_wide: int = 1) -> None:
    """Printed or exported to PDF: landscape, the columns on ``pages_wide`` page widths, titles repeated."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = pages_wide
    ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        ws.print_title_rows = title_rows
    if title_columns:
        ws.print_title_cols = title_columns


def _plain(value):
    """Plain cell values: numpy scalars become Python numbers, NaN an empty cell."""
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value != value:
        return None
    return value


def _overview(book: Workbook, solution: Solution, data: PlanningInput, method: str = "optimise") -> None:
    """Years across: places, their changes, coverage against each band, costs, and the NPV."""
    ws = book.create_sheet("overview", 0)
    years = list(data.years)
    width = len(years) + 1
    if solution.status == "infeasible":
        append_row(ws, ["Diagnosis: the hard bands cannot all be met. This is not a plan to follow (see notes)."])
    else:
        append_row(ws, [f"Plan overview ({solution.status}), years across"])
    if method == "ratio":  # page 1 alone must not pass for an optimised plan
        ws["A1"].value = "Ratio-rule plan (today's practice, not optimised), years across"
        if solution.hard_violation_places:
            ws["A1"].value += f": it leaves hard bands {solution.hard_violation_places:,.0f} place-years short"
    ws["A1"].font = Font(bold=True, size=13)
    append_row(
        ws,
        [
            "In each block the bold total is the sum of the rows above it. Money in NOK of the input's price year; "
            "grants and rent income are shown negative."
        ],
    )
    append_row(ws, [])

    def section(title: str) -> int:
        append_row(ws, [title, *years])
        for cell in ws[ws.max_row][:width]:
            cell.font = BOLD
            cell.fill = HEADER_FILL
        return ws.max_row

    def line(label: str, values, fmt: str | None = None, bold: bool = False) -> int:
        append_row(ws, [label, *[_plain(v) for v in values]])
        row = ws.max_row
        for cell in ws[row][1:width]:
            if fmt:
                cell.number_format = fmt
        if bold:
            ws.cell(row, 1).font = BOLD
        return row

    def total(rows: list[list]) -> list:
        return [sum(column) for column in zip(*rows, strict=True)]

    cap = solution.capacity.pivot(index="type", columns="year", values="places").reindex(columns=years)
    section("Places in service")
    in_service = [[int(v) for v in cap.loc[k].tolist()] for k in data.place_types]
    for pt, values in zip(data.place_types.values(), in_service, strict=True):
        line(pt.label, values, "#,##0")
    line("Total places", total(in_service), "#,##0", bold=True)
    append_row(ws, [])

    section("New places opening")
    opened = solution.plan.groupby(["type", "year"])["places"].sum() if len(solution.plan) else pd.Series(dtype=float)
    new_by_type = [[int(opened.get((k, y), 0)) for y in years] for k in data.place_types]
    for pt, values in zip(data.place_types.values(), new_by_type, strict=True):
        line(pt.label, values, "#,##0")
    line("Total new places", total(new_by_type), "#,##0", bold=True)
    append_row(ws, [])

    section("Change in places in service (conversions only move places between types)")
    stock = [sum(data.stock_places(k, y) for k in data.place_types) for y in years]
    stock_change = [None] + [b - a for a, b in zip(stock, stock[1:], strict=False)]
    new_total = [None] + total(new_by_type)[1:]
    line("New places opening", new_total, "#,##0")
    line("Existing stock opened (+) or closed (−): committed projects, closures", stock_change, "#,##0")
    change = [None] + [a + b for a, b in zip(new_total[1:], stock_change[1:], strict=True)]
    line("Change from the year before", change, "#,##0", bold=True)
    append_row(ws, [])

    coverage_header = section("Coverage (places ÷ base population)")
    share_rows = []
    for b in data.bands:
        rows = solution.coverage[solution.coverage["band"] == b.band].set_index("year")
        kind = "" if b.hard else " (soft)"
        share_rows.append(line(f"{b.band}{kind}: share", [rows["share"].get(y) for y in years], SHARE, bold=True))
        line(f"{b.band}: minimum", [b.min_share if y in rows.index else None for y in years], SHARE)
        line(f"{b.band}: maximum", [b.max_share if y in rows.index else None for y in years], SHARE)
        misses = [
            (rows["shortfall_places"].get(y, 0) or 0) + (rows["excess_places"].get(y, 0) or 0)
            if y in rows.index
            else None
            for y in years
        ]
        line(f"{b.band}: places short or over", misses, "0.0")
    append_row(ws, [])

    section("Costs (NOK)")
    costs = solution.costs.set_index("year").reindex(years)
    labels = {
        "investment": "Investment",
        "grants": "Grants (Husbanken)",
        "fixed_costs": "Project fixed costs",
        "conversion_costs": "Conversion costs",
        "operating": "Operating",
        "rent_income": "Rent income",
        "fixed_operating": "Project fixed operating",
    }
    for column, sign in NET_COST_SIGNS.items():
        line(labels[column], [sign * v for v in costs[column].tolist()], MONEY)
    line("Net cost", costs["net_cost"].tolist(), MONEY, bold=True)
    line("Discount factor", costs["discount_factor"].tolist(), "0.0000")
    line("Discounted net cost (net cost × discount factor)", costs["discounted_net_cost"].tolist(), MONEY)
    append_row(ws, [])

    append_row(ws, ["Net present cost", "NOK"])
    for cell in ws[ws.max_row][:2]:
        cell.font = BOLD
        cell.fill = HEADER_FILL
    npv_rows = [
        ("Sum of discounted net cost", float(solution.costs["discounted_net_cost"].sum())),
        ("Penalties for missed soft bands (discounted)", solution.penalties_discounted),
        ("Residual value of new investment at the horizon end (discounted)", -solution.residual_value_discounted),
    ]
    for label, value in npv_rows:
        append_row(ws, [label, value])
        ws.cell(ws.max_row, 2).number_format = MONEY
    append_row(ws, ["Net present cost (summary objective_npv)", solution.objective_npv])
    ws.cell(ws.max_row, 1).font = BOLD
    ws.cell(ws.max_row, 2).number_format = MONEY

    ws.column_dimensions["A"].width = 62
    for index in range(2, width + 1):
        ws.column_dimensions[get_column_letter(index)].width = 14
    ws.freeze_panes = "B4"
    # about ten years a page, the labels repeated on each: twenty years on one page print at 4 pt
    _printable(ws, title_columns="A:A", pages_wide=math.ceil(len(years) / YEARS_PER_PAGE))

    if share_rows:
        chart = LineChart()
        chart.title = "Coverage by band"
        chart.y_axis.title = "share of base population"
        chart.y_axis.number_format = "0%"
        chart.x_axis.title = "year"
        for row in share_rows:
            chart.add_data(
                Reference(ws, min_col=1, max_col=width, min_row=row, max_row=row), from_rows=True, titles_from_data=True
            )
        chart.set_categories(Reference(ws, min_col=2, max_col=width, min_row=coverage_header, max_row=coverage_header))
        chart.height, chart.width = 9, 22
        ws.row_breaks.append(Break(id=ws.max_row + 1))  # the chart starts a page, so it prints whole
        ws.add_chart(chart, f"A{ws.max_row + 3}")


def _notes(book: Workbook, solution: Solution, method: str = "optimise") -> None:
    ws = book.create_sheet("notes")
    lines = [
        "How to read this plan",
        "",
        "overview: years across, for people. The sheets summary, plan, conversions, capacity, coverage and",
        "costs are long tables with plain values for scripts; their columns are fixed by the planner's contract.",
        "capacity = stock in service + places opened (plan) + converted in − converted out, year by year.",
        "costs: net_cost = investment − grants + fixed_costs + conversion_costs + operating − rent_income"
        " + fixed_operating;",
        "discounted_net_cost = net_cost × discount_factor.",
        "summary: objective_npv = Σ discounted_net_cost + penalties_discounted − residual_value_discounted.",
        "input_<sheet>: the input workbook's sheets as read (the file and its SHA-256 are in summary).",
        "band_costs (with --band-costs): per band the plan re-solved without it (cost_of_band = npv_plan −",
        "npv_without_band) and with its minimum 0.1 percentage point higher or its maximum 0.1 pp lower",
        "(marginal_cost_min / _max = that NPV − npv_plan); empty where such a plan does not exist (see status).",
    ]
    if solution.status == "infeasible":
        lines += [
            "",
            "The hard bands cannot all be met. This workbook holds a diagnosis, not a plan to follow:",
            "coverage shows, per band and year, the places short (shortfall_places) or over (excess_places)",
            "in the plan that misses the hard bands by the fewest places in total, and costs least among those.",
        ]
    if method == "ratio":
        lines += [
            "",
            "This is the ratio rule's plan (today's practice), not an optimum: year by year, with no look-ahead,",
            "the cheapest places that hold each hard band's minimum. It is priced like an optimum, by the same",
            "cost formulas; coverage shows any band-years it leaves short.",
        ]
    elif solution.status == "feasible" and not (solution.run and solution.run.optimality_check.startswith(REFUTED)):
        lines += [
            "",
            "The solver stopped before proving optimality; summary.mip_gap says how far from proven it may be.",
        ]
    run = solution.run
    if run is not None and method != "ratio":
        lines += ["", f"Solver: {run.solver}."]
        if run.optimality_check:
            lines.append(f"How the optimum was checked: {run.optimality_check}.")
        if run.solver.startswith("cbc"):
            checked = run.optimality_check.startswith(("verified", "CBC called"))
            lines += [
                "CBC 2.10 has called plans optimal that were not (a few hundred thousand NOK above the optimum on",
                "test instances); HiGHS, the default, proves its optimum."
                + ("" if checked else " Solve with --verify to have HiGHS check CBC."),
            ]
    for text in lines:
        append_row(ws, [text])
    ws["A1"].font = Font(bold=True, size=13)
    ws.column_dimensions["A"].width = 120
    _printable(ws)
