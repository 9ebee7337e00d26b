"""Sheets for people: the plan as finance reviews it, on screen and printed.

Oversikt, Plan etter år, Dekningsgrad, Kostnader per år, Budsjett, Båndkostnader and Notater
(in English with ``lang="en"``). Every figure a reviewer checks by arithmetic is a live formula
(totals, net cost from its parts, discounting, coverage = places ÷ population, the NPV
build-up, budget headroom) written with the model's number as its cached value, so readers
that never recalculate see the same figure. Every other figure is the model's value.
Text from the input is always written as text.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd
import xlsxwriter
from xlsxwriter.utility import quote_sheetname, xl_col_to_name, xl_rowcol_to_cell

from models.capacity import BUDGET_COMPONENTS, NET_COST_SIGNS
from models.inputs import FLOW_BASE, Flow, PlanningInput
from models.results import MISS_TOLERANCE, Solution, band_misses, scenario_coverages
from models.text import year_runs
from planner.words import Words, machine_words

MILLIONS = '#,##0.0,,;-#,##0.0,,;"–"'  # NOK shown in millions, one decimal; the cell holds whole NOK
COUNT = '#,##0;-#,##0;"–"'
SHARE = "0.00%"  # two decimals: 4.49 % against a 4.5 % minimum must not read as 4.5 %
RATE = "0.00%"
FACTOR = "0.0000"
YEARS_PER_PAGE = 20  # years across: up to this many print on one landscape page width
HEADER_FILL = "#DDEBF7"
SHORT_FILL, OVER_FILL = "#F8CBAD", "#FFE699"
PALETTE = ["#1F4E79", "#C55A11", "#548235", "#7030A0", "#BF9000", "#2E75B6", "#A50021", "#00B0F0"]


class Styles:
    """Workbook formats by their properties, each made once (XlsxWriter formats are per workbook)."""

    def __init__(self, book: xlsxwriter.Workbook) -> None:
        self.book, self._made = book, {}

    def __call__(self, **props):
        key = tuple(sorted(props.items()))
        if key not in self._made:
            self._made[key] = self.book.add_format(props)
        return self._made[key]


@dataclass
class F:
    """A formula and the value it computes (the cell's cached result)."""

    formula: str
    value: object


@dataclass
class Grid:
    """One sheet for people: labels in column A, years across from column B, optionally a total column."""

    book: xlsxwriter.Workbook
    ws: object
    name: str
    years: list[int]
    styles: Styles
    total: bool = False
    row: int = 0  # next row to write
    label_width: float = 42
    year_width: float = 9
    values: dict = field(default_factory=dict)  # (row, col) -> the number or text written there

    def col(self, year: int) -> int:
        return 1 + self.years.index(year)

    @property
    def total_col(self) -> int:
        return len(self.years) + 1

    def a1(self, row: int, col: int, fixed: bool = False) -> str:
        return xl_rowcol_to_cell(row, col, row_abs=fixed, col_abs=fixed)

    def ref(self, row: int, col: int, fixed: bool = False) -> str:
        """A reference from another sheet."""
        return f"{quote_sheetname(self.name)}!{self.a1(row, col, fixed)}"

    def years_span(self, row: int, sheet: bool = False, fixed: bool = True) -> str:
        span = f"{self.a1(row, 1, fixed)}:{self.a1(row, len(self.years), fixed)}"
        return f"{quote_sheetname(self.name)}!{span}" if sheet else span

    def put(self, row: int, col: int, value, fmt=None) -> None:
        """Write one cell: text as text (never a formula), a number, an F, or a blank."""
        if isinstance(value, F):
            self.ws.write_formula(row, col, value.formula, fmt, _cached(value.value))
            self.values[row, col] = value.value
        elif isinstance(value, str):
            self.ws.write_string(row, col, value, fmt)
            self.values[row, col] = value
        elif value is None or (isinstance(value, float) and not math.isfinite(value)):
            self.ws.write_blank(row, col, None, fmt)
        else:
            self.ws.write_number(row, col, float(value), fmt)
            self.values[row, col] = float(value)

    def value(self, row: int, col: int) -> float:
        v = self.values.get((row, col))
        return v if isinstance(v, int | float) else 0.0

    # rows
    def title(self, text: str) -> None:
        self.put(self.row, 0, text, self.styles(bold=True, font_size=14))
        self.row += 1

    def note(self, text: str) -> None:
        self.put(self.row, 0, text, self.styles(italic=True, font_color="#595959"))
        self.row += 1

    def blank(self) -> None:
        self.row += 1

    def header(self, label: str, years: bool = True, total: bool = True) -> int:
        """A block's header row: its title, then the years (and the total column's title)."""
        fmt = self.styles(bold=True, bg_color=HEADER_FILL, bottom=1)
        self.put(self.row, 0, label, fmt)
        for c in range(1, self.total_col + (1 if self.total else 0)):
            self.ws.write_blank(self.row, c, None, fmt)
        for year in self.years if years else []:
            self.ws.write_number(
                self.row, self.col(year), year, self.styles(bold=True, bg_color=HEADER_FILL, bottom=1, align="right")
            )
            self.values[self.row, self.col(year)] = year
        if self.total and total:
            self.put(
                self.row,
                self.total_col,
                self.say_total,
                self.styles(bold=True, bg_color=HEADER_FILL, bottom=1, align="right"),
            )
        self.row += 1
        return self.row - 1

    say_total: str = "Total"

    def line(self, label: str, cells: list, number_format: str, total: bool = False, bold: bool = False) -> int:
        """A row: label, one cell per year, and (total=True) the row's SUM in the total column."""
        row = self.row
        props = {"num_format": number_format, "bold": bold}
        if bold:
            props["top"] = 1
        label_props = {"bold": bold, "top": 1} if bold else {}
        if len(label) > self.label_width:  # a long name wraps onto a second line rather than being cut
            label_props["text_wrap"] = True
            self.ws.set_row(row, 15 * math.ceil(len(label) / self.label_width))
        self.put(row, 0, label, self.styles(**label_props) if label_props else None)
        for year, cell in zip(self.years, cells, strict=True):
            if number_format == MILLIONS and isinstance(cell, int | float):
                cell = nok(cell)
            self.put(row, self.col(year), cell, self.styles(**props))
        if total and self.total:
            cached = sum(self.value(row, self.col(y)) for y in self.years)
            self.put(
                row,
                self.total_col,
                F(f"=SUM({self.years_span(row, fixed=False)})", cached),
                self.styles(**{**props, "bold": True}),
            )
        self.row += 1
        return row

    def sum_line(self, label: str, rows: list[int], number_format: str, total: bool = False) -> int:
        """A bold row each of whose cells is the SUM of ``rows`` in its column."""
        cells = []
        for year in self.years:
            c = self.col(year)
            cells.append(F(_sum_formula(self, rows, c), sum(self.value(r, c) for r in rows)))
        return self.line(label, cells, number_format, total=total, bold=True)

    def printable(self, footer: str, pages_wide: int = 1, title_rows: int = 2, title_column: bool = True) -> None:
        """Landscape A4, ``pages_wide`` page widths, titles repeated, footer with page, input file and date."""
        ws = self.ws
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
        ws.fit_to_pages(pages_wide, 0)
        ws.repeat_rows(0, title_rows - 1)
        if title_column:
            ws.repeat_columns(0)
        ws.set_footer(footer)


def nok(amount: float) -> float:
    """Whole øre: a number the file stores exactly (16 significant digits), so that a formula over it
    gives, to the last bit, the cached value computed here from the same figures."""
    return round(float(amount), 2)


def _sum_formula(grid: Grid, rows: list[int], col: int) -> str:
    if not rows:
        return "=0"
    rows = sorted(rows)
    if rows == list(range(rows[0], rows[-1] + 1)):
        return f"=SUM({grid.a1(rows[0], col)}:{grid.a1(rows[-1], col)})"
    return "=" + "+".join(grid.a1(r, col) for r in rows)


def _cached(value):
    """XlsxWriter's cached value: a number, text, or empty text for a blank result."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return ""
    return value


def _footer(say: Words, meta: dict, status: str = "") -> str:
    """&L input file (and what kind of plan) &C page n of N &R date; '&' is doubled (Excel's escape).

    A page printed alone from a ratio plan or a diagnosis must not pass for an optimised plan.
    """
    name = str(meta.get("input_file", ""))[:80]
    if status == "infeasible":
        name += f" · {say('footer_diagnosis')}"
    elif meta.get("method") == "ratio":
        name += f" · {say('footer_ratio')}"
    name = name.replace("&", "&&")
    date = str(meta.get("created_utc", ""))[:10]
    return f"&L&8{name}&C&8{say('footer_page')}&R&8{say('created')} {date}"


@dataclass
class Layout:
    """Where the figures other sheets refer to were written."""

    new_by_type: dict = field(default_factory=dict)  # type -> row on the plan sheet
    in_service: dict = field(default_factory=dict)  # type -> row on the plan sheet
    in_service_header: int = 0
    required_rows: dict = field(default_factory=dict)  # band -> row on the plan sheet (filled later)
    min_places: dict = field(default_factory=dict)  # band -> row on the coverage sheet
    cost_rows: dict = field(default_factory=dict)  # key -> row on the costs sheet
    npv_cells: dict = field(default_factory=dict)  # key -> (row, col) on the costs sheet
    band_cost_rows: dict = field(default_factory=dict)  # band -> row on the band-cost sheet
    band_cost_columns: dict = field(default_factory=dict)  # figure -> column there


def write_people_sheets(
    book: xlsxwriter.Workbook,
    solution: Solution,
    data: PlanningInput,
    meta: dict,
    band_costs: pd.DataFrame | None,
    lang: str = "nb",
) -> None:
    """Add the sheets for people, first in the workbook (so it opens on the overview)."""
    say = Words(lang)
    styles = Styles(book)
    years = list(data.years)
    has_plan = solution.status != "no_solution" and len(solution.capacity) > 0
    names = ["sheet_overview", "sheet_plan", "sheet_coverage", "sheet_costs", "sheet_budget", "sheet_band_costs"]
    if data.need or data.flows or data.labour or len(solution.staff):
        names.insert(3, "sheet_need_staff")
    grids: dict[str, Grid] = {}
    if has_plan:
        for key in names:
            total = key in ("sheet_plan", "sheet_costs", "sheet_budget")
            grid = Grid(book, book.add_worksheet(say(key)), say(key), years, styles, total=total)
            grid.say_total = say("total")
            grids[key] = grid
    notes = Grid(book, book.add_worksheet(say("sheet_notes")), say("sheet_notes"), years, styles)
    footer = _footer(say, meta, solution.status)
    pages_wide = max(1, math.ceil(len(years) / YEARS_PER_PAGE))
    if has_plan:
        layout = Layout()
        _plan_by_year(grids["sheet_plan"], solution, data, say, layout)
        _coverage(grids["sheet_coverage"], solution, data, say, layout, grids["sheet_plan"])
        _required_rows(grids["sheet_plan"], data, say, layout, grids["sheet_coverage"])
        if "sheet_need_staff" in grids:
            _need_and_staff(grids["sheet_need_staff"], solution, data, say, grids["sheet_plan"], layout)
        _costs_by_year(grids["sheet_costs"], solution, data, say, layout)
        _budget(grids["sheet_budget"], solution, data, say, layout, grids["sheet_costs"])
        _band_costs(grids["sheet_band_costs"], band_costs, say, layout)
        _overview(grids["sheet_overview"], solution, data, meta, band_costs, say, layout, grids)
        for key, grid in grids.items():
            wide = key in ("sheet_plan", "sheet_coverage", "sheet_need_staff", "sheet_costs", "sheet_budget")
            grid.printable(footer, pages_wide if wide else 1, title_column=wide)
        grids["sheet_overview"].ws.activate()
    _notes(notes, solution, meta, say)
    notes.printable(footer, title_rows=1, title_column=False)


def _label(data: PlanningInput, type_: str) -> str:
    return data.place_types[type_].label or type_


def _year_columns(grid: Grid, label_width: float = 42, width: float = 9) -> None:
    grid.label_width, grid.year_width = label_width, width
    grid.ws.set_column(0, 0, label_width)
    grid.ws.set_column(1, len(grid.years), width)
    if grid.total:
        grid.ws.set_column(grid.total_col, grid.total_col, width + 2)
    grid.ws.freeze_panes(0, 1)


def _pixels(characters: float) -> int:
    """A column's width in pixels at the default font (Excel's rule: 7 px a character plus 5)."""
    return int(characters * 7 + 5)


PRINTABLE_PX = (1046, 661)  # a landscape A4 page inside the margins, in pixels at 100 %
ROW_PX = 20  # a default row (15 pt)


def _charts_below(grid: Grid, charts: list, height_ratio: float = 0.5) -> None:
    """Charts under the data, as wide as the table, each on a printed page where it fits whole.

    The page's scale is set by the table's width (one page wide), so a chart as wide as the table
    prints across the page; a page break goes before any chart that would not fit below what is
    already on the page.
    """
    width = _pixels(grid.label_width) + len(grid.years) * _pixels(grid.year_width)
    if grid.total:
        width += _pixels(grid.year_width + 2)
    pages_wide = max(1, math.ceil(len(grid.years) / YEARS_PER_PAGE))  # as the sheet prints
    scale = min(1.0, PRINTABLE_PX[0] * pages_wide / width)
    width = width // pages_wide  # on the first page width, whole
    height = round(height_ratio * width * pages_wide)
    page_rows = int(PRINTABLE_PX[1] / scale / ROW_PX) - 3  # less the repeated title rows
    chart_rows = math.ceil(height / ROW_PX) + 1
    grid.row += 1
    used = grid.row - max([0, *grid.ws.hbreaks])
    for chart in charts:
        if used + chart_rows > page_rows:
            grid.ws.set_h_pagebreaks([*grid.ws.hbreaks, grid.row])
            used = 0
        chart.set_size({"width": width, "height": height})
        chart.set_legend({"position": "bottom", "font": {"size": 12}})
        grid.ws.insert_chart(grid.row, 0, chart)
        grid.row += chart_rows
        used += chart_rows


def _series(g: Grid, row: int, header_row: int, **style) -> dict:
    """A chart series plotting one row of the sheet over the years of a header row, named by its label."""
    last = len(g.years)
    return {
        "name": [g.name, row, 0],
        "categories": [g.name, header_row, 1, header_row, last],
        "values": [g.name, row, 1, row, last],
        **style,
    }


def _dress(chart, title: str, axis: str, number_format: str) -> None:
    """Title, axes and fonts large enough to read once the page is scaled to fit the table; the y axis from 0."""
    chart.set_title({"name": title, "name_font": {"size": 16, "bold": True}})
    chart.set_y_axis(
        {
            "min": 0,
            "name": axis,
            "name_font": {"size": 12, "bold": False},
            "num_format": number_format,
            "num_font": {"size": 12},
            "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}},
        }
    )
    chart.set_x_axis({"num_font": {"size": 12, "rotation": -45}})


# ---------------------------------------------------------------- plan by year
def _plan_by_year(g: Grid, solution: Solution, data: PlanningInput, say: Words, layout: Layout) -> None:
    _year_columns(g)
    g.title(say("plan_title"))
    g.note(say("plan_note"))
    g.blank()
    plan = solution.plan
    opened = plan.groupby(["type", "year"])["places"].sum() if len(plan) else pd.Series(dtype=float)

    g.header(say("new_by_type"))
    for k in data.place_types:
        layout.new_by_type[k] = g.line(
            _label(data, k), [int(opened.get((k, y), 0)) for y in g.years], COUNT, total=True
        )
    g.sum_line(say("places_total"), list(layout.new_by_type.values()), COUNT, total=True)
    g.blank()

    projects = plan[plan["source"] != "new"] if len(plan) else plan
    if len(projects):
        g.header(say("new_by_project"))
        rows = []
        for (p, k), group in projects.groupby(["source", "type"], sort=False):
            by_year = group.groupby("year")["places"].sum()
            rows.append(g.line(f"{p}: {_label(data, k)}", [int(by_year.get(y, 0)) for y in g.years], COUNT, total=True))
        g.sum_line(say("places_total"), rows, COUNT, total=True)
        g.blank()

    conv_in: dict[str, list[int]] = {k: [] for k in data.place_types}
    conv_out: dict[str, list[int]] = {k: [] for k in data.place_types}
    if len(solution.conversions):
        g.header(say("conversions"))
        for (a, b), group in solution.conversions.groupby(["from_type", "to_type"], sort=False):
            by_year = group.groupby("year")["places"].sum()
            row = g.line(
                f"{_label(data, a)} → {_label(data, b)}", [int(by_year.get(y, 0)) for y in g.years], COUNT, total=True
            )
            conv_out[a].append(row)
            conv_in[b].append(row)
        g.blank()

    g.header(say("existing"), total=False)
    stock_rows = {
        k: g.line(_label(data, k), [data.stock_places(k, y) for y in g.years], COUNT) for k in data.place_types
    }
    g.sum_line(say("existing_total"), list(stock_rows.values()), COUNT)
    g.blank()

    layout.in_service_header = g.header(say("in_service"), total=False)
    capacity = solution.capacity.set_index(["type", "year"])["places"]
    for k in data.place_types:
        cells = []
        for y in g.years:
            c = g.col(y)
            formula = f"={g.a1(stock_rows[k], c)}+{_running(layout.new_by_type[k], c)}"
            formula += "".join(f"+{_running(r, c)}" for r in conv_in[k])
            formula += "".join(f"-{_running(r, c)}" for r in conv_out[k])
            cells.append(F(formula, int(capacity[k, y])))
        layout.in_service[k] = g.line(_label(data, k), cells, COUNT)
    g.sum_line(say("in_service_total"), list(layout.in_service.values()), COUNT)
    g.blank()

    minimum_bands = [b for b in data.bands if b.min_share is not None]
    if minimum_bands:
        g.header(say("required_by_band"), total=False)
        for b in minimum_bands:  # written once the coverage sheet has its rows
            layout.required_rows[b.band] = g.row
            g.row += 1


def _running(row: int, col: int) -> str:
    """The running total of a row from the first year to this column: SUM($B5:F5)."""
    return f"SUM($B{row + 1}:{xl_col_to_name(col)}{row + 1})"


def _required_rows(g: Grid, data: PlanningInput, say: Words, layout: Layout, coverage: Grid) -> None:
    """On the plan sheet: the places each band's minimum requires (from the coverage sheet), and the chart."""
    for band, row in layout.required_rows.items():
        source = layout.min_places[band]
        g.put(row, 0, say("required_row", band=band))
        for y in g.years:
            c = coverage.col(y)
            if (source, c) in coverage.values:
                g.put(
                    row,
                    g.col(y),
                    F(f"={coverage.ref(source, c)}", coverage.value(source, c)),
                    g.styles(num_format="#,##0.0"),
                )
    g.row = max(layout.required_rows.values(), default=g.row - 1) + 1
    _capacity_chart(g, data, say, layout)


def _capacity_chart(g: Grid, data: PlanningInput, say: Words, layout: Layout) -> None:
    """Places in service by type, stacked, against the places a band's minimum requires.

    The types of the widest band with a minimum are stacked first, so its line compares with the
    top of their stack; a band whose types do not form the bottom of the stack is not drawn (its
    line would cut across unrelated bars: its own chart is on the coverage sheet).
    """
    book = g.book
    widest = max(
        (b for b in data.bands if b.min_share is not None), key=lambda b: len(data.group_types(b.group)), default=None
    )
    first = data.group_types(widest.group) if widest else []
    order = [*first, *(k for k in data.place_types if k not in first)]
    drawn = [
        b.band
        for b in data.bands
        if b.band in layout.required_rows
        and set(data.group_types(b.group)) == set(order[: len(data.group_types(b.group))])
    ]
    header_row = layout.in_service_header
    columns = book.add_chart({"type": "column", "subtype": "stacked"})
    for k in order:
        color = PALETTE[list(data.place_types).index(k) % len(PALETTE)]
        columns.add_series(_series(g, layout.in_service[k], header_row, fill={"color": color}, gap=40))
    if drawn:
        lines = book.add_chart({"type": "line"})
        for i, row in enumerate(layout.required_rows[b] for b in drawn):
            color = "#000000" if i == 0 else PALETTE[(i + 3) % len(PALETTE)]
            line = {"color": color, "width": 2.25, "dash_type": "dash"}
            lines.add_series(_series(g, row, header_row, line=line, marker={"type": "none"}))
        columns.combine(lines)
    _dress(columns, say("chart_capacity"), say("axis_places"), "#,##0")
    _charts_below(g, [columns])


# ---------------------------------------------------------------- coverage
def _coverage(g: Grid, solution: Solution, data: PlanningInput, say: Words, layout: Layout, plan: Grid) -> None:
    _year_columns(g)
    g.title(say("coverage_title"))
    g.note(say("coverage_note"))
    g.blank()
    share_rows: list[tuple[str, int, int | None, int | None]] = []
    first_header = None
    for b in data.bands:
        header, share, minimum, maximum = _coverage_band(g, b, solution, data, say, layout, plan)
        first_header = header if first_header is None else first_header
        share_rows.append((b.band, share, minimum, maximum))
        g.blank()
    if share_rows and first_header is not None:
        _coverage_charts(g, share_rows, first_header, say)


def _coverage_band(
    g: Grid, b, solution: Solution, data: PlanningInput, say: Words, layout: Layout, plan: Grid
) -> tuple:
    """One band's block: population, places, coverage, limits, the places they require, misses marked."""
    short_fmt = g.styles(bg_color=SHORT_FILL, font_color="#9C0006", bold=True)
    over_fmt = g.styles(bg_color=OVER_FILL, font_color="#7F6000", bold=True)
    last = len(g.years)
    rows = solution.coverage[solution.coverage["band"] == b.band].set_index("year")
    inside = [y in rows.index for y in g.years]
    header = g.header(
        say("band_header", band=b.band, group=b.group, base=b.base, kind=say("hard" if b.hard else "soft"))
    )
    if b.base.startswith(FLOW_BASE):
        base_label = say("population_flow")
    elif b.of_places is not None:
        base_label = say("population_places", group=b.of_places)
    else:
        base_label = say("population", base=b.base)
    pop = g.line(
        base_label,
        [rows["population"].get(y) if i else None for y, i in zip(g.years, inside, strict=True)],
        COUNT,
    )
    types = data.group_types(b.group)
    cells = []
    for y, i in zip(g.years, inside, strict=True):
        if not i:
            cells.append(None)
            continue
        refs = "+".join(plan.ref(layout.in_service[k], plan.col(y)) for k in types) or "0"
        cells.append(F(f"={refs}", int(rows["places"][y])))
    places = g.line(say("group_places", group=b.group), cells, COUNT)

    def per_year(make, fmt: str, label: str) -> int:
        out = []
        for y, i in zip(g.years, inside, strict=True):
            c = g.col(y)
            out.append(make(c, y) if i else None)
        return g.line(label, out, fmt)

    share = per_year(
        lambda c, y: (
            F(f"={g.a1(places, c)}/{g.a1(pop, c)}", g.value(places, c) / g.value(pop, c)) if g.value(pop, c) else None
        ),
        SHARE,
        say("share"),
    )
    # the share row in bold: it is what the band is about
    minimum = maximum = short = over = None
    if b.min_share is not None:
        minimum = per_year(lambda c, y: b.min_share, SHARE, say("minimum"))
    if b.max_share is not None:
        maximum = per_year(lambda c, y: b.max_share, SHARE, say("maximum"))
    if minimum is not None:
        need = per_year(
            lambda c, y: F(f"={g.a1(minimum, c)}*{g.a1(pop, c)}", b.min_share * g.value(pop, c)),
            "#,##0.0",
            say("min_places"),
        )
        layout.min_places[b.band] = need
        short = per_year(
            lambda c, y: F(
                f"=MAX(0,{g.a1(need, c)}-{g.a1(places, c)})", max(0.0, g.value(need, c) - g.value(places, c))
            ),
            "#,##0.0",
            say("short_places"),
        )
    if maximum is not None:
        allow = per_year(
            lambda c, y: F(f"={g.a1(maximum, c)}*{g.a1(pop, c)}", b.max_share * g.value(pop, c)),
            "#,##0.0",
            say("max_places"),
        )
        over = per_year(
            lambda c, y: F(
                f"=MAX(0,{g.a1(places, c)}-{g.a1(allow, c)})", max(0.0, g.value(places, c) - g.value(allow, c))
            ),
            "#,##0.0",
            say("over_places"),
        )

    def status(c: int, y: int) -> F:
        tests = []
        if short is not None:
            tests.append((short, say("short")))
        if over is not None:
            tests.append((over, say("over")))
        formula, cached = '""', ""
        for row, word in reversed(tests):
            formula = f'IF({g.a1(row, c)}>{MISS_TOLERANCE:f},"{word}",{formula})'
            if g.value(row, c) > MISS_TOLERANCE:
                cached = word
        return F(f"={formula}", cached)

    flags = per_year(status, "General", say("miss_status"))
    span = f"{g.a1(share, 1)}:{g.a1(share, last)}"
    for row, fmt in ((short, short_fmt), (over, over_fmt)):
        if row is None:
            continue
        rule = {"type": "formula", "criteria": f"={g.a1(row, 1, False)}>{MISS_TOLERANCE:f}", "format": fmt}
        g.ws.conditional_format(span, rule)
        g.ws.conditional_format(
            f"{g.a1(row, 1)}:{g.a1(row, last)}", {**rule, "criteria": f"={g.a1(row, 1)}>{MISS_TOLERANCE:f}"}
        )
        g.ws.conditional_format(
            f"{g.a1(flags, 1)}:{g.a1(flags, last)}", {**rule, "criteria": f"={g.a1(row, 1)}>{MISS_TOLERANCE:f}"}
        )
    return header, share, minimum, maximum


def _coverage_charts(g: Grid, share_rows, header_row: int, say: Words) -> None:
    """One chart per band (each on its own scale): its coverage against its minimum and maximum."""
    charts = []
    last = len(g.years)
    categories = [g.name, header_row, 1, header_row, last]
    for i, (band, share, minimum, maximum) in enumerate(share_rows):
        color = PALETTE[i % len(PALETTE)]
        chart = g.book.add_chart({"type": "line"})
        chart.add_series(
            {
                "name": f"{band}: {say('share').lower()}",
                "categories": categories,
                "values": [g.name, share, 1, share, last],
                "line": {"color": color, "width": 2.75},
                "marker": {"type": "circle", "size": 5, "fill": {"color": color}, "border": {"color": color}},
            }
        )
        for row, word, limit_color in ((minimum, say("minimum"), "#C00000"), (maximum, say("maximum"), "#ED7D31")):
            if row is not None:
                chart.add_series(
                    {
                        "name": f"{band}: {word.lower()}",
                        "categories": categories,
                        "values": [g.name, row, 1, row, last],
                        "line": {"color": limit_color, "width": 2, "dash_type": "dash"},
                        "marker": {"type": "none"},
                    }
                )
        _dress(chart, f"{say('chart_coverage')}: {band}", say("axis_share"), "0.0%")
        charts.append(chart)
    _charts_below(g, charts, height_ratio=0.26)


# ---------------------------------------------------------------- need, flows and staff
DECIMAL = '#,##0.0;-#,##0.0;"–"'
PROBABILITY = "0.00%"


def _need_and_staff(g: Grid, solution: Solution, data: PlanningInput, say: Words, plan: Grid, layout: Layout) -> None:
    """Derived need bases, each short-term flow's load and service, and work-years against the ceiling."""
    _year_columns(g, label_width=54)
    g.title(say("need_staff_title"))
    g.note(say("need_staff_note"))
    g.blank()
    for base, terms in data.need.items():
        g.header(say("need_header", base=base))
        rows = [
            g.line(
                say("need_term", weight=f"{weight:g}", column=column),
                [weight * data.population[column][y] for y in g.years],
                DECIMAL,
            )
            for column, weight in terms.items()
        ]
        g.sum_line(say("need_total", base=base), rows, DECIMAL)
        g.blank()
    for f in data.flows:
        _flow_block(g, f, solution.flows, data, say, plan, layout)
    staffed = [k for k, pt in data.place_types.items() if pt.work_years_per_place]
    fixed = [p for p in data.projects if p.fixed_work_years]
    if not (data.labour or staffed or fixed):
        return
    g.header(say("staff_header"))
    rows = []
    for k in staffed:
        rate = data.place_types[k].work_years_per_place
        cells = []
        for y in g.years:
            source = layout.in_service[k]
            cells.append(F(f"={plan.ref(source, plan.col(y))}*{rate!r}", plan.value(source, plan.col(y)) * rate))
        rows.append(g.line(say("staff_type", label=_label(data, k), rate=f"{rate:g}"), cells, DECIMAL))
    staff = solution.staff
    for p in fixed:
        opened = staff[staff["source"] == p.project].set_index("year")["work_years"]
        rows.append(
            g.line(
                say("staff_project", project=p.project),
                [float(opened.get(y, 0.0)) for y in g.years],
                DECIMAL,
            )
        )
    total = g.sum_line(say("staff_total"), rows, DECIMAL)
    if data.labour:
        ceiling = g.line(say("labour_ceiling"), [data.labour.get(y) for y in g.years], DECIMAL)
        room = g.line(
            say("labour_room"),
            [
                F(f"={g.a1(ceiling, g.col(y))}-{g.a1(total, g.col(y))}", data.labour[y] - g.value(total, g.col(y)))
                if y in data.labour
                else None
                for y in g.years
            ],
            DECIMAL,
        )
        g.ws.conditional_format(
            f"{g.a1(room, 1)}:{g.a1(room, len(g.years))}",
            {"type": "cell", "criteria": "<", "value": -1e-6, "format": g.styles(bg_color=SHORT_FILL, bold=True)},
        )


def _flow_block(
    g: Grid, f: Flow, flows: pd.DataFrame, data: PlanningInput, say: Words, plan: Grid, layout: Layout
) -> None:
    """One flow row's years: admissions, stay, load (a formula), places required and the plan's service."""
    rows = flows[flows["band"] == f.band].set_index("year")
    inside = [y in rows.index for y in g.years]

    def per_year(label: str, make, fmt: str, bold: bool = False) -> int:
        cells = [make(g.col(y), y) if i else None for y, i in zip(g.years, inside, strict=True)]
        return g.line(label, cells, fmt, bold=bold)

    g.header(say("flow_header", band=f.band, group=f.group, kind=say("hard" if f.hard else "soft")))
    admissions = per_year(say("admissions"), lambda c, y: float(rows["admissions"][y]), DECIMAL)
    stay = per_year(say("mean_stay"), lambda c, y: f.mean_stay_days, DECIMAL)
    per_year(
        say("offered_load"),
        lambda c, y: F(f"={g.a1(admissions, c)}*{g.a1(stay, c)}/365", float(rows["offered_load"][y])),
        DECIMAL,
    )
    required = per_year(say("places_required"), lambda c, y: int(rows["places_required"][y]), COUNT, bold=True)
    types = data.group_types(f.group)
    places = per_year(
        say("flow_places", group=f.group),
        lambda c, y: F(
            "=" + ("+".join(plan.ref(layout.in_service[k], plan.col(y)) for k in types) or "0"),
            int(rows["places"][y]),
        ),
        COUNT,
    )
    short = per_year(
        say("flow_short"),
        lambda c, y: F(
            f"=MAX(0,{g.a1(required, c)}-{g.a1(places, c)})", max(0.0, g.value(required, c) - g.value(places, c))
        ),
        COUNT,
    )
    g.ws.conditional_format(
        f"{g.a1(short, 1)}:{g.a1(short, len(g.years))}",
        {"type": "cell", "criteria": ">", "value": 0.5, "format": g.styles(bg_color=SHORT_FILL, bold=True)},
    )
    per_year(say("occupancy"), lambda c, y: float(rows["occupancy"][y]), SHARE)
    per_year(say("refusal"), lambda c, y: float(rows["refusal_probability"][y]), PROBABILITY)
    if f.max_occupancy is not None:
        per_year(say("max_occupancy"), lambda c, y: f.max_occupancy, SHARE)
    if f.max_refusal_probability is not None:
        per_year(say("max_refusal"), lambda c, y: f.max_refusal_probability, PROBABILITY)
    g.blank()


# ---------------------------------------------------------------- costs by year
def _costs_by_year(g: Grid, solution: Solution, data: PlanningInput, say: Words, layout: Layout) -> None:
    _year_columns(g)
    g.title(say("costs_title"))
    g.note(f"{say('money_unit')}. {say('costs_note')}")
    rate_row = g.row
    g.put(rate_row, 0, say("discount_rate"))
    g.put(rate_row, 1, data.discount_rate, g.styles(num_format=RATE))
    g.row += 2
    costs = solution.costs.set_index("year").reindex(g.years)
    rows = layout.cost_rows
    types = data.place_types.values()
    stock_operating = [sum(data.stock_places(k.type, y) * k.operating_per_place_year for k in types) for y in g.years]
    stock_rent = [sum(data.stock_places(k.type, y) * k.rent_per_place_year for k in types) for y in g.years]

    header = g.header(say("existing_block"))
    rows["existing_operating"] = g.line(say("existing_operating"), stock_operating, MILLIONS, total=True)
    rows["existing_rent"] = g.line(say("existing_rent"), [-v for v in stock_rent], MILLIONS, total=True)
    rows["existing_net"] = g.sum_line(
        say("existing_net"), [rows["existing_operating"], rows["existing_rent"]], MILLIONS, total=True
    )
    g.blank()

    g.header(say("added_block"))
    for component in ("investment", "grants", "fixed_costs", "conversion_costs"):
        rows[component] = g.line(
            say(component), [NET_COST_SIGNS[component] * v for v in costs[component]], MILLIONS, total=True
        )
    added_operating = [v - s for v, s in zip(costs["operating"], stock_operating, strict=True)]
    added_rent = [-(v - s) for v, s in zip(costs["rent_income"], stock_rent, strict=True)]
    rows["added_operating"] = g.line(say("added_operating"), added_operating, MILLIONS, total=True)
    rows["added_rent"] = g.line(say("added_rent"), added_rent, MILLIONS, total=True)
    rows["fixed_operating"] = g.line(say("fixed_operating"), list(costs["fixed_operating"]), MILLIONS, total=True)
    added = [
        "investment",
        "grants",
        "fixed_costs",
        "conversion_costs",
        "added_operating",
        "added_rent",
        "fixed_operating",
    ]
    rows["added_net"] = g.sum_line(say("added_net"), [rows[k] for k in added], MILLIONS, total=True)
    g.blank()

    g.header(say("net_block"))
    net_cells, factor_cells, discounted_cells = [], [], []
    for y, model_net, model_factor in zip(g.years, costs["net_cost"], costs["discount_factor"], strict=True):
        c = g.col(y)
        net = g.value(rows["existing_net"], c) + g.value(rows["added_net"], c)
        if not math.isclose(net, model_net, rel_tol=1e-9, abs_tol=1.0):  # the split must add up to the model's net
            raise ArithmeticError(f"net cost {y}: parts give {net}, the model {model_net}")
        net_cells.append(F(f"={g.a1(rows['existing_net'], c)}+{g.a1(rows['added_net'], c)}", net))
        year, first = f"{xl_col_to_name(c)}${header + 1}", f"$B${header + 1}"
        factor_cells.append(F(f"=1/(1+$B${rate_row + 1})^({year}-{first})", model_factor))
    rows["net_cost"] = g.line(say("net_cost"), net_cells, MILLIONS, total=True, bold=True)
    rows["discount_factor"] = g.line(say("discount_factor"), factor_cells, FACTOR)
    for y in g.years:
        c = g.col(y)
        cached = g.value(rows["net_cost"], c) * g.value(rows["discount_factor"], c)
        discounted_cells.append(F(f"={g.a1(rows['net_cost'], c)}*{g.a1(rows['discount_factor'], c)}", cached))
    rows["discounted_net_cost"] = g.line(say("discounted_net_cost"), discounted_cells, MILLIONS, total=True, bold=True)
    g.blank()

    # the NPV build-up: label in A, figure in the total column beside the discounted total above it
    g.header(say("npv_block"), years=False, total=False)
    col = g.total_col
    cells = layout.npv_cells
    total_discounted = g.value(rows["discounted_net_cost"], col)
    build = [
        ("npv_sum_discounted", F(f"={g.a1(rows['discounted_net_cost'], col)}", total_discounted)),
        ("npv_penalties", nok(solution.penalties_discounted or 0.0)),
        ("npv_residual", nok(-(solution.residual_value_discounted or 0.0))),
    ]
    for key, value in build:
        g.put(g.row, 0, say(key))
        g.put(g.row, col, value, g.styles(num_format=MILLIONS))
        cells[key] = (g.row, col)
        g.row += 1
    first, last = cells["npv_sum_discounted"][0], cells["npv_residual"][0]
    g.put(g.row, 0, say("npv_total"), g.styles(bold=True, top=1))
    g.put(
        g.row,
        col,
        F(f"=SUM({g.a1(first, col)}:{g.a1(last, col)})", sum(g.value(r, col) for r in range(first, last + 1))),
        g.styles(num_format=MILLIONS, bold=True, top=1),
    )
    cells["npv_total"] = (g.row, col)
    g.row += 1


# ---------------------------------------------------------------- budget
def _budget(g: Grid, solution: Solution, data: PlanningInput, say: Words, layout: Layout, costs: Grid) -> None:
    _year_columns(g)
    g.title(say("budget_title"))
    g.note(f"{say('money_unit')}. {say('budget_note')}")
    if not data.budget:
        g.note(say("no_ceiling"))
    g.blank()
    header = g.header(say("year"))
    rows = layout.cost_rows
    ceiling = g.line(say("ceiling"), [data.budget.get(y) for y in g.years], MILLIONS, total=True)
    paid = []
    for y in g.years:
        c = costs.col(y)
        parts = [rows[k] for k in BUDGET_COMPONENTS]
        paid.append(F("=" + "+".join(costs.ref(r, c) for r in parts), sum(costs.value(r, c) for r in parts)))
    net_investment = g.line(say("net_investment"), paid, MILLIONS, total=True, bold=True)
    headroom = []
    for y in g.years:
        c = g.col(y)
        if y in data.budget:
            headroom.append(
                F(f"={g.a1(ceiling, c)}-{g.a1(net_investment, c)}", g.value(ceiling, c) - g.value(net_investment, c))
            )
        else:
            headroom.append(None)
    headroom_row = g.line(say("headroom"), headroom, MILLIONS)
    g.ws.conditional_format(
        f"{g.a1(headroom_row, 1)}:{g.a1(headroom_row, len(g.years))}",
        {"type": "cell", "criteria": "<", "value": -0.5, "format": g.styles(bg_color=SHORT_FILL, font_color="#9C0006")},
    )
    net = g.line(
        say("net_cost"),
        [
            F(f"={costs.ref(rows['net_cost'], costs.col(y))}", costs.value(rows["net_cost"], costs.col(y)))
            for y in g.years
        ],
        MILLIONS,
        total=True,
    )
    g.blank()

    chart = g.book.add_chart({"type": "column"})
    chart.add_series(_series(g, net_investment, header, fill={"color": PALETTE[0]}, gap=60))
    if data.budget:
        ceiling_line = g.book.add_chart({"type": "line"})
        red = {"color": "#C00000"}
        line = {**red, "width": 2.25, "dash_type": "dash"}
        ceiling_line.add_series(
            _series(g, ceiling, header, line=line, marker={"type": "square", "size": 5, "fill": red, "border": red})
        )
        chart.combine(ceiling_line)
    _dress(chart, say("chart_budget"), say("axis_money"), "#,##0,,")
    # net cost is mostly running cost, ten times the investment: its own chart, on its own scale
    # (a secondary axis would do, but openpyxl cannot read such a chart back)
    running = g.book.add_chart({"type": "column"})
    running.add_series(_series(g, net, header, fill={"color": PALETTE[1]}, gap=60))
    _dress(running, say("chart_net_cost"), say("axis_money"), "#,##0,,")
    _charts_below(g, [chart, running], height_ratio=0.22)  # both on the table's page


# ---------------------------------------------------------------- band costs
BAND_COST_FIGURES = [  # (column of models.band_costs, label key, formula from other columns or None)
    ("npv_plan", "npv_plan", None),
    ("npv_without_band", "npv_without", None),
    ("cost_of_band", "cost_of_band", ("npv_plan", "npv_without_band")),
    ("npv_min_raised", "npv_min_raised", None),
    ("marginal_cost_min", "marginal_min", ("npv_min_raised", "npv_plan")),
    ("npv_max_lowered", "npv_max_lowered", None),
    ("marginal_cost_max", "marginal_max", ("npv_max_lowered", "npv_plan")),
]


def _band_costs(g: Grid, table: pd.DataFrame | None, say: Words, layout: Layout) -> None:
    g.title(say("band_costs_title"))
    if table is None:
        g.note(say("band_costs_absent"))
        g.note(say("band_costs_how"))
        g.ws.set_column(0, 0, 100)
        return
    g.note(f"{say('money_unit')}. {say('band_costs_note')}")
    g.blank()
    heads = [
        say("band"),
        say("kind"),
        say("minimum"),
        say("maximum"),
        *(say(label) for _, label, _ in BAND_COST_FIGURES),
        say("band_status"),
    ]
    head_fmt = g.styles(bold=True, bg_color=HEADER_FILL, bottom=1, text_wrap=True, valign="top")
    for c, text in enumerate(heads):
        g.put(g.row, c, text, head_fmt)
    g.ws.set_row(g.row, 45)
    g.row += 1
    column_of = {name: 4 + i for i, (name, _, _) in enumerate(BAND_COST_FIGURES)}
    layout.band_cost_columns = column_of
    for record in table.to_dict("records"):
        r = g.row
        layout.band_cost_rows[str(record["band"])] = r
        g.put(r, 0, str(record["band"]))
        g.put(r, 1, say("hard") if record["hard"] in (True, "yes") else say("soft"))
        g.put(r, 2, record["min_share"], g.styles(num_format=SHARE))
        g.put(r, 3, record["max_share"], g.styles(num_format=SHARE))
        for name, _, parts in BAND_COST_FIGURES:
            value = record.get(name)
            present = value is not None and not (isinstance(value, float) and value != value)
            if parts and present:
                a, b = (g.a1(r, column_of[p]) for p in parts)
                # what the spreadsheet computes from the two NPVs beside it (equal to the table's, to float noise)
                value = F(f"={a}-{b}", g.value(r, column_of[parts[0]]) - g.value(r, column_of[parts[1]]))
            if present and not isinstance(value, F):
                value = nok(value)
            g.put(r, column_of[name], value if present else None, g.styles(num_format=MILLIONS, bold=parts is not None))
        note = machine_words(str(record.get("status") or ""), say)
        g.put(r, 4 + len(BAND_COST_FIGURES), note)
        g.ws.set_row(r, 15 * max(1, math.ceil(len(note) / 40)))
        g.row += 1
    g.ws.set_column(0, 0, 18)
    g.ws.set_column(1, 3, 10)
    g.ws.set_column(4, 3 + len(BAND_COST_FIGURES), 15)
    g.ws.set_column(4 + len(BAND_COST_FIGURES), 4 + len(BAND_COST_FIGURES), 44, g.styles(text_wrap=True))


# ---------------------------------------------------------------- overview
OVERVIEW_PAGE_POINTS = 560  # row heights (pt) a printed overview page holds, with room for any program's scaling


def _overview(
    g: Grid,
    solution: Solution,
    data: PlanningInput,
    meta: dict,
    band_costs: pd.DataFrame | None,
    say: Words,
    layout: Layout,
    grids: dict[str, Grid],
) -> None:
    """The plan on a page or two: what it does, what it costs, where the bands bind, what it builds."""
    costs, plan = grids["sheet_costs"], grids["sheet_plan"]
    ws = g.ws
    ws.set_column(0, 0, 62)
    ws.set_column(1, 3, 17)
    ws.set_column(4, 4, 30)
    heights: dict[int, float] = {}

    def grow(row: int, points: float) -> None:
        heights[row] = points
        ws.set_row(row, points)

    page_start = [0]

    def block(write) -> None:
        """Write a block; if it would straddle a printed page, start it on a new one."""
        start = g.row
        write()
        used = sum(heights.get(r, 15) for r in range(page_start[0], start))
        size = sum(heights.get(r, 15) for r in range(start, g.row))
        if used + size > OVERVIEW_PAGE_POINTS and start > page_start[0]:
            ws.set_h_pagebreaks([*ws.hbreaks, start])
            page_start[0] = start
        g.row += 1  # the blank row between blocks

    title = _overview_title(solution, data, meta, say)
    g.title(title)
    heights[0] = 20
    run = solution.run
    solver = run.solver if run else meta.get("solver", "")
    g.note(
        say(
            "provenance",
            file=meta.get("input_file", ""),
            sha=str(meta.get("input_sha256", ""))[:12] + "…",
            version=meta.get("planner_version", ""),
            solver=machine_words(solver, say),
            created=meta.get("created_utc", ""),
        )
    )
    g.blank()

    def header(*labels: str, align: str = "right") -> None:
        """A block's header; figures below it are right-aligned, so their titles are too."""
        for c, text in enumerate(labels):
            props = {"bold": True, "bg_color": HEADER_FILL, "bottom": 1, "text_wrap": True, "valign": "bottom"}
            g.put(g.row, c, text, g.styles(**props, align=align) if c else g.styles(**props))
        if any(len(text) > 17 for text in labels[1:4]):
            grow(g.row, 30)
        g.row += 1

    money = g.styles(num_format=MILLIONS)
    bold_money = g.styles(num_format=MILLIONS, bold=True, top=1)
    count = g.styles(num_format=COUNT)
    bold_count = g.styles(num_format=COUNT, bold=True, top=1)
    wrap = g.styles(text_wrap=True, valign="top")
    factor_span = costs.years_span(layout.cost_rows["discount_factor"], sheet=True)
    rows = layout.cost_rows

    def discounted(row: int) -> F:
        cached = sum(
            costs.value(row, costs.col(y)) * costs.value(rows["discount_factor"], costs.col(y)) for y in costs.years
        )
        return F(f"SUMPRODUCT({costs.years_span(row, sheet=True)},{factor_span})", cached)

    def total_row(label: str, col: int, first: int, fmt) -> int:
        g.put(g.row, 0, label, g.styles(bold=True, top=1))
        for c in range(1, col):
            g.ws.write_blank(g.row, c, None, g.styles(top=1))
        cached = sum(g.value(r, col) for r in range(first, g.row))
        g.put(g.row, col, F(f"=SUM({g.a1(first, col)}:{g.a1(g.row - 1, col)})", cached), fmt)
        g.row += 1
        return g.row - 1

    def paragraph() -> None:
        header(say("what_the_plan_does"), "", "", "", "")
        text = plain_words(solution, data, meta, band_costs, say)
        ws.merge_range(g.row, 0, g.row, 4, "", wrap)
        g.put(g.row, 0, text, wrap)
        grow(g.row, 15 * math.ceil(len(text) / 170 + 0.5))
        g.row += 1

    def present_value() -> None:
        header(say("npv_block"), say("axis_money"))
        first = g.row
        for key, row in (("npv_existing", rows["existing_net"]), ("npv_added", rows["added_net"])):
            part = discounted(row)
            g.put(g.row, 0, say(key))
            g.put(g.row, 1, F("=" + part.formula, part.value), money)
            g.row += 1
        for key in ("npv_penalties", "npv_residual"):
            r, c = layout.npv_cells[key]
            g.put(g.row, 0, say(key))
            g.put(g.row, 1, F(f"={costs.ref(r, c)}", costs.value(r, c)), money)
            g.row += 1
        total_row(say("npv_total"), 1, first, bold_money)
        g.put(g.row, 0, say("npv_explained"), g.styles(italic=True, font_color="#595959"))
        g.row += 1

    def bands() -> None:
        header(say("bands_block"), say("limits"), say("binds_in"), "", say("missed_in"), align="left")
        for b, binds, missed in band_summaries(solution, data, say):
            g.put(g.row, 0, f"{b.band} ({say('hard' if b.hard else 'soft')})", g.styles(valign="top"))
            g.put(g.row, 1, _limits(b, say), wrap)
            ws.merge_range(g.row, 2, g.row, 3, "", wrap)
            g.put(g.row, 2, binds, wrap)
            flagged = g.styles(text_wrap=True, valign="top", bold=True, font_color="#9C0006")
            g.put(g.row, 4, missed, wrap if missed == say("none") else flagged)
            grow(g.row, 15 * max(1, math.ceil(len(binds) / 32), math.ceil(len(missed) / 28)))
            g.row += 1

    def totals() -> None:
        header(say("horizon_totals"), say("undiscounted"), say("discounted"))
        first = g.row
        parts = {
            "investment": ["investment"],
            "grants": ["grants"],
            "fixed_costs": ["fixed_costs"],
            "conversion_costs": ["conversion_costs"],
            "operating": ["existing_operating", "added_operating"],
            "rent_income": ["existing_rent", "added_rent"],
            "fixed_operating": ["fixed_operating"],
        }
        for key, sources in parts.items():
            g.put(g.row, 0, say(key))
            total_refs = "+".join(costs.ref(rows[s], costs.total_col) for s in sources)
            g.put(g.row, 1, F(f"={total_refs}", sum(costs.value(rows[s], costs.total_col) for s in sources)), money)
            pieces = [discounted(rows[s]) for s in sources]
            g.put(g.row, 2, F("=" + "+".join(p.formula for p in pieces), sum(p.value for p in pieces)), money)
            g.row += 1
        net = total_row(say("net_before_residual"), 1, first, bold_money)
        g.put(
            net,
            2,
            F(f"=SUM({g.a1(first, 2)}:{g.a1(net - 1, 2)})", sum(g.value(r, 2) for r in range(first, net))),
            bold_money,
        )

    places_total = [0]

    def places() -> None:
        header(say("places_by_type"), say("places"))
        first = g.row
        for k, row in layout.new_by_type.items():
            g.put(g.row, 0, _label(data, k))
            g.put(g.row, 1, F(f"={plan.ref(row, plan.total_col)}", plan.value(row, plan.total_col)), count)
            g.row += 1
        places_total[0] = total_row(say("places_total"), 1, first, bold_count)

    def projects() -> None:
        built = solution.plan[solution.plan["source"] != "new"] if len(solution.plan) else solution.plan
        header(say("projects_opened"), say("opening_year"), say("places"))
        first = g.row
        for (p, year), group in sorted(built.groupby(["source", "year"]), key=lambda item: (item[0][1], item[0][0])):
            g.put(g.row, 0, str(p))
            g.put(g.row, 1, int(year), g.styles(num_format="0"))
            g.put(g.row, 2, int(group["places"].sum()), count)
            g.row += 1
        if not len(built):
            g.put(g.row, 0, say("no_projects"))
            g.row += 1
        # the rest of the new places: generic places, built where the municipality chooses
        in_projects = sum(g.value(r, 2) for r in range(first, g.row))
        total = g.a1(places_total[0], 1)
        g.put(g.row, 0, say("outside_projects"))
        project_sum = f"SUM({g.a1(first, 2)}:{g.a1(g.row - 1, 2)})" if g.row > first else "0"
        g.put(g.row, 2, F(f"={total}-{project_sum}", g.value(places_total[0], 1) - in_projects), count)
        g.row += 1
        total_row(say("places_total"), 2, first, bold_count)

    def costs_of_bands() -> None:
        sheet = grids["sheet_band_costs"]
        header(say("band_cost_answer"), say("cost_of_band"), say("marginal_min"), say("marginal_max"))
        for band, r in layout.band_cost_rows.items():
            g.put(g.row, 0, band)
            for c, name in ((1, "cost_of_band"), (2, "marginal_cost_min"), (3, "marginal_cost_max")):
                source = layout.band_cost_columns[name]
                if (r, source) in sheet.values:
                    g.put(g.row, c, F(f"={sheet.ref(r, source)}", sheet.value(r, source)), money)
                else:
                    g.put(g.row, c, say("no_such_plan"), g.styles(align="right", italic=True))
            g.row += 1

    def solved() -> None:
        header(say("solution_block"), "", "", "", "", align="left")
        gap = run.mip_gap if run else None
        status = solution.status
        facts = [
            ("status", say("status_" + status) if status in ("optimal", "feasible", "infeasible") else status),
            ("gap", say.percent(gap, 2) if gap is not None else "–"),
            ("solver", machine_words(solver, say)),
            ("optimality_check", machine_words(run.optimality_check, say) if run and run.optimality_check else "–"),
            ("solve_seconds", say.number(run.seconds, 1) if run else "–"),
        ]
        if meta.get("method") == "ratio":
            facts[0] = ("status", say("status_ratio"))
        for key, value in facts:
            g.put(g.row, 0, say(key))
            ws.merge_range(g.row, 1, g.row, 4, "")
            g.put(g.row, 1, value)
            g.row += 1

    def changes() -> None:
        header(say("changes_block", file=meta.get("baseline_file", "")), "", "", "", "", align="left")
        for line in meta["changes_account"]:
            ws.merge_range(g.row, 0, g.row, 4, "", wrap)
            g.put(g.row, 0, line, wrap)
            grow(g.row, 15 * math.ceil(len(line) / 170 + 0.3))
            g.row += 1

    blocks = [paragraph, changes] if meta.get("changes_account") else [paragraph]
    for write in (*blocks, present_value, bands, totals, places, projects):
        block(write)
    if band_costs is not None:
        block(costs_of_bands)
    block(solved)


def _overview_title(solution: Solution, data: PlanningInput, meta: dict, say: Words) -> str:
    span = {"first": data.first_year, "last": data.last_year}
    if solution.status == "infeasible":
        return say("title_diagnosis")
    if meta.get("method") == "ratio":
        title = say("title_ratio", **span)
        if solution.hard_violation_places:
            title += say("title_ratio_short", places=say.number(solution.hard_violation_places))
        return title
    status = say("status_" + solution.status)
    if meta.get("method") == "reoptimise":
        status += say("title_replanned", file=meta.get("baseline_file", ""))
    if meta.get("robust_scenarios"):
        status += say("title_robust", chosen=data.scenario, others=meta["robust_scenarios"])
    return f"{say('title_plan', **span)} ({status})"


def _limits(b, say: Words) -> str:
    if b.base.startswith(FLOW_BASE):  # a flow row's band: its minimum is a number of places, not a share
        return f"≥ {say('population_flow').lower()}"
    parts = []
    if b.min_share is not None:
        parts.append(f"≥ {say.percent(b.min_share)}")
    if b.max_share is not None:
        parts.append(f"≤ {say.percent(b.max_share)}")
    return ", ".join(parts)


def band_summaries(solution: Solution, data: PlanningInput, say: Words) -> list[tuple]:
    """Per band: (band, the years a limit binds, the years it is missed), in words."""
    out = []
    coverage = solution.coverage
    misses = {m["band"]: m for m in band_misses(coverage, [b.band for b in data.bands])}
    for b in data.bands:
        rows = coverage[coverage["band"] == b.band]
        binds = []
        for word, share, sign in (("minimum", b.min_share, 1), ("maximum", b.max_share, -1)):
            if share is None:
                continue
            spare = sign * (rows["places"] - share * rows["population"])
            years = rows.loc[(spare > -MISS_TOLERANCE) & (spare < 1 - 1e-9), "year"]
            if len(years):
                binds.append(f"{say(word).lower()} {year_runs(years)}")
        miss = misses.get(b.band)
        missed = say("none")
        if miss:
            place_years = float((rows["shortfall_places"] + rows["excess_places"]).sum())
            unit = "plassår" if say.lang == "nb" else "place-years"
            missed = f"{year_runs(miss['years'])}: {say.number(place_years, 1)} {unit} {say(miss['kind'].split()[0])}"
        out.append((b, "; ".join(binds) or say("none"), missed))
    return out


def _and(items: list[str], say: Words) -> str:
    """'a, b og c' (or 'a, b and c')."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {'og' if say.lang == 'nb' else 'and'} {items[-1]}"


def plain_words(
    solution: Solution, data: PlanningInput, meta: dict, band_costs: pd.DataFrame | None, say: Words
) -> str:
    """One paragraph on what the plan does and why, in the sheet's language."""
    nb = say.lang == "nb"
    plan = solution.plan
    ratio = meta.get("method") == "ratio"
    infeasible = solution.status == "infeasible"
    total_new = int(plan["places"].sum()) if len(plan) else 0
    by_type = plan.groupby("type")["places"].sum() if len(plan) else pd.Series(dtype=float)
    listed = "; ".join(f"{_label(data, k)}: {say.number(by_type[k])}" for k in data.place_types if by_type.get(k, 0))
    span = f"{data.first_year}–{data.last_year}"
    coverage = solution.coverage
    sentences = []
    hard_misses = band_misses(coverage, [b.band for b in data.bands if b.hard])

    def miss_words(m: dict, coverage: pd.DataFrame = coverage, scenario: str | None = None) -> str:
        rows = coverage[coverage["band"] == m["band"]]
        place_years = float((rows["shortfall_places"] + rows["excess_places"]).sum())
        worst = say.number(m["worst_places"], 1)
        band = m["band"] if scenario is None else f"{m['band']} (scenario {scenario})"
        if nb:
            return (
                f"{band} i {year_runs(m['years'])} ({say.number(place_years, 1)} plassår, "
                f"verst {worst} plasser {'for lite' if m['worst_kind'] == 'short' else 'for mye'} i {m['worst_year']})"
            )
        return (
            f"{band} in {year_runs(m['years'])} ({say.number(place_years, 1)} place-years, "
            f"worst {worst} places {m['worst_kind']} in {m['worst_year']})"
        )

    if infeasible:
        words = [miss_words(m) for m in hard_misses]
        if data.robust_populations and len(solution.capacity):  # a robust plan may miss only in another scenario
            hard = [b.band for b in data.bands if b.hard]
            for name, other in list(scenario_coverages(data, solution.capacity).items())[1:]:
                words += [miss_words(m, other, name) for m in band_misses(other, hard)]
        missed = _and(words, say)
        sentences.append(
            "De harde dekningskravene kan ikke alle holdes med de plassene som kan bygges innen ledetider, årlige "
            f"grenser og investeringsramme. Minst mulig brudd: {missed}. Løs det opp ved å senke minimum, la kravet "
            "gjelde fra et senere år, tillate flere nye plasser per år eller en større ramme, eller gjøre kravet "
            "mykt (hard = no, med straff per plass og år). Tallene i arbeidsboken gjelder planen med minst brudd; "
            "den er ikke en plan å følge."
            if nb
            else "The hard bands cannot all be met with the places that can be built within lead times, yearly "
            f"limits and the investment ceiling. The smallest misses: {missed}. Resolve it by lowering a minimum, "
            "letting the band start later, allowing more new places a year or a larger ceiling, or making the band "
            "soft (hard = no, with a penalty per place-year). The figures in this workbook are for the plan with the "
            "fewest misses; it is not a plan to follow."
        )
        return " ".join(sentences)
    if ratio:
        sentences.append(
            "Dette er forholdstallsregelens plan (dagens praksis), ikke en optimert plan: år for år åpner regelen de "
            "billigste plassene som holder hvert hardt krav det året, uten å se fremover."
            if nb
            else "This is the ratio rule's plan (today's practice), not an optimised plan: year by year the rule "
            "opens the cheapest places that hold each hard band that year, without looking ahead."
        )
    if total_new:
        sentences.append(
            f"Planen åpner {say.number(total_new)} nye plasser i {span} ({listed})."
            if nb
            else f"The plan opens {say.number(total_new)} new places in {span} ({listed})."
        )
    else:
        sentences.append(
            f"Planen åpner ingen nye plasser i {span}." if nb else f"The plan opens no new places in {span}."
        )
    projects = plan[plan["source"] != "new"] if len(plan) else plan
    if len(projects):
        built = _and(
            [
                f"{p} ({int(y)}, {say.number(int(group['places'].sum()))} {'plasser' if nb else 'places'})"
                for (p, y), group in sorted(projects.groupby(["source", "year"]), key=lambda i: (i[0][1], i[0][0]))
            ],
            say,
        )
        sentences.append(
            f"Av dem kommer {int(projects['places'].sum())} i {built}."
            if nb
            else f"Of them, {int(projects['places'].sum())} are in {built}."
        )
    if len(solution.conversions):
        moved = int(solution.conversions["places"].sum())
        sentences.append(
            f"I tillegg bygges {say.number(moved)} eksisterende plasser om til en annen type."
            if nb
            else f"Besides, {say.number(moved)} existing places are converted to another type."
        )
    if ratio:
        if hard_misses:
            missed = _and([miss_words(m) for m in hard_misses], say)
            sentences.append(
                f"Regelen bryter likevel harde krav: {missed}, fordi den ikke bygger i tide for årene som kommer. "
                "Nåverdien kan derfor ikke sammenlignes direkte med en plan som holder kravene."
                if nb
                else f"The rule still misses hard bands: {missed}, because it does not build in time for the years "
                "ahead. Its net present cost is therefore not directly comparable with a plan that holds them."
            )
    else:
        binding = [(b, binds) for b, binds, _ in band_summaries(solution, data, say) if binds != say("none")]
        if binding:
            listed_binds = "; ".join(f"{b.band} ({binds})" for b, binds in binding)
            sentences.append(
                "Nye plasser åpner når et dekningskrav ellers ville blitt brutt, og disse kravene binder (mindre "
                f"enn én plass i margin): {listed_binds}."
                if nb
                else f"New places open when a band would otherwise be missed; these bands bind (less than one place to "
                f"spare): {listed_binds}."
            )
        sentences.append(
            "Der kravene gir rom, velger planen plassene med lavest nåverdikostnad (investering minus tilskudd, drift "
            "minus husleie), innenfor ledetider, årlige grenser og investeringsrammen."
            if nb
            else "Where the bands leave room, it chooses the places with the lowest present cost (investment less "
            "grants, operating less rent), within lead times, yearly limits and the investment ceiling."
        )
    if solution.objective_npv is not None:
        existing = sum(
            data.discount_factor(y)
            * sum(data.stock_places(k, y) * pt.net_operating_per_place_year for k, pt in data.place_types.items())
            for y in data.years
        )
        sentences.append(
            f"Nåverdien er {say.millions(solution.objective_npv)}; {say.millions(existing)} av den er driften av "
            f"plassene som finnes i dag, resten er det planen legger til."
            if nb
            else f"Its net present cost is {say.millions(solution.objective_npv)}; {say.millions(existing)} of it is "
            "running the places that exist today, the rest is what the plan adds."
        )
    for m in band_misses(coverage, [b.band for b in data.bands if not b.hard]):
        sentences.append(
            f"Det myke kravet {m['band']} brytes i {year_runs(m['years'])}, der det er billigere å betale straffen."
            if nb
            else f"The soft band {m['band']} is missed in {year_runs(m['years'])}, where paying its penalty is cheaper."
        )
    if band_costs is not None:
        for record in band_costs.to_dict("records"):
            cost = record.get("cost_of_band")
            if cost is not None and cost == cost and record.get("min_share") is not None:
                sentences.append(
                    f"Kravet {record['band']} koster {say.millions(cost)} i nåverdi."
                    if nb
                    else f"The band {record['band']} costs {say.millions(cost)} in present value."
                )
    return " ".join(sentences)


# ---------------------------------------------------------------- notes
NOTES_PAGE_POINTS = 470  # row heights (pt) a printed notes page holds below its repeated title


def _notes(g: Grid, solution: Solution, meta: dict, say: Words) -> None:
    from planner.words import notes_lines

    g.ws.set_column(0, 0, 100)  # narrower than a landscape page, in any program's default font: full size
    lines = notes_lines(say, solution, meta)
    g.title(lines[0])
    wrap = g.styles(text_wrap=True, valign="top")
    heights = [15 if t.startswith("## ") else 15 * max(1, math.ceil(len(t) / 90)) for t in lines[1:]]
    used = 0.0
    for i, text in enumerate(lines[1:]):
        if text.startswith("## "):
            following = heights[i + 1] if i + 1 < len(heights) else 0
            if used + heights[i] + following > NOTES_PAGE_POINTS:  # a heading goes with its first paragraph
                g.ws.set_h_pagebreaks([*g.ws.hbreaks, g.row])
                used = 0.0
            g.put(g.row, 0, text[3:], g.styles(bold=True, bg_color=HEADER_FILL))
        else:
            g.put(g.row, 0, machine_words(text, say), wrap)
            # spreadsheet programs do not grow a row for wrapped text they did not type themselves
            g.ws.set_row(g.row, heights[i])
        used += heights[i]
        if used > NOTES_PAGE_POINTS:
            used = heights[i]
        g.row += 1
