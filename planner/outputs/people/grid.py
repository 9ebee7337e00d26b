"""The shared grid of the sheets for people: labels in column A, years across, formulas with cached values.

Every figure a reviewer checks by arithmetic is a live formula (totals, net cost from its parts,
discounting, coverage = places ÷ population, the NPV build-up, budget headroom) written with the
model's number as its cached value, so readers that never recalculate see the same figure. Text
from the input is always written as text. Print settings, charts and the layout other sheets refer
to are here too.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd
import xlsxwriter
from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell

from models.inputs import PlanningInput
from models.results import Solution
from planner.outputs.record import PlanRecord
from planner.outputs.words import Words

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
    tall: dict = field(default_factory=dict)  # row -> its height in default rows, where a wrapped label grew it

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
        # a wrapped label's row is taller: its years stand at its top too, so they read as one row with it
        top = {"valign": "top"} if self.put_label(self.row, label, bold=True, bg_color=HEADER_FILL, bottom=1) else {}
        fmt = self.styles(bold=True, bg_color=HEADER_FILL, bottom=1, **top)
        for c in range(1, self.total_col + (1 if self.total else 0)):
            self.ws.write_blank(self.row, c, None, fmt)
        for year in self.years if years else []:
            self.ws.write_number(
                self.row,
                self.col(year),
                year,
                self.styles(bold=True, bg_color=HEADER_FILL, bottom=1, align="right", **top),
            )
            self.values[self.row, self.col(year)] = year
        if self.total and total:
            self.put(
                self.row,
                self.total_col,
                self.say_total,
                self.styles(bold=True, bg_color=HEADER_FILL, bottom=1, align="right", **top),
            )
        self.row += 1
        return self.row - 1

    say_total: str = "Total"

    def put_label(self, row: int, text: str, **props) -> bool:
        """A row's label in the first column: a long one wraps onto more lines (the row grows) rather than being cut
        off by the year beside it on screen and on paper; bold text is wider, so it wraps sooner. Whether it wraps."""
        limit = self.label_width * (0.85 if props.get("bold") else 1.0)
        wraps = len(text) > limit
        if wraps:
            props.update(text_wrap=True, valign="top")
            self.tall[row] = math.ceil(len(text) / limit)
            self.ws.set_row(row, 15 * self.tall[row])
        self.put(row, 0, text, self.styles(**props) if props else None)
        return wraps

    def line(self, label: str, cells: list, number_format: str, total: bool = False, bold: bool = False) -> int:
        """A row: label, one cell per year, and (total=True) the row's SUM in the total column."""
        row = self.row
        props = {"num_format": number_format, "bold": bold}
        if bold:
            props["top"] = 1
        if self.put_label(row, label, **({"bold": bold, "top": 1} if bold else {})):
            props["valign"] = "top"  # the numbers on the wrapped label's first line: one row, not two
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


def footer(say: Words, record: PlanRecord, status: str = "") -> str:
    """&L input file (and what kind of plan) &C page n of N &R date; '&' is doubled (Excel's escape).

    A page printed alone from a ratio plan or a diagnosis must not pass for an optimised plan.
    """
    name = str(record.input_file)[:80]
    if status == "infeasible":
        name += f" · {say('footer_diagnosis')}"
    elif record.method == "ratio":
        name += f" · {say('footer_ratio')}"
    name = name.replace("&", "&&")
    date = str(record.created_utc)[:10]
    return f"&L&8{name}&C&8{say('footer_page')}&R&8{say('created')} {date}"


@dataclass
class Layout:
    """Where the figures other sheets refer to were written."""

    new_by_type: dict = field(default_factory=dict)  # type -> row on the plan sheet
    in_service: dict = field(default_factory=dict)  # type -> row on the plan sheet
    counted: dict = field(default_factory=dict)  # type -> row of the places the bands count (+ bought − sold)
    in_service_header: int = 0
    required_rows: dict = field(default_factory=dict)  # band -> row on the plan sheet (filled later)
    min_places: dict = field(default_factory=dict)  # band -> row on the coverage sheet
    cost_rows: dict = field(default_factory=dict)  # key -> row on the costs sheet
    npv_cells: dict = field(default_factory=dict)  # key -> (row, col) on the costs sheet
    band_cost_rows: dict = field(default_factory=dict)  # band -> row on the band-cost sheet
    band_cost_columns: dict = field(default_factory=dict)  # figure -> column there


@dataclass
class Review:
    """What the sheets for people are written from: the plan, its input and record, the words, the sheets so far."""

    solution: Solution
    data: PlanningInput
    record: PlanRecord
    band_costs: pd.DataFrame | None
    say: Words
    layout: Layout = field(default_factory=Layout)
    grids: dict[str, Grid] = field(default_factory=dict)  # words key of the sheet's name -> its grid

    def band_label(self, band: str) -> str:
        """A band (or a flow's band) as people read it: its label, or its name."""
        return next((b.shown for b in self.data.bands if b.band == band), band)


def discounted_costs_row(review: Review, row: int) -> F:
    """A row of the costs sheet discounted: SUMPRODUCT with its discount factors (the cached value: the same sum),
    for the overview's table and its words alike."""
    costs = review.grids["sheet_costs"]
    factors = review.layout.cost_rows["discount_factor"]
    cached = sum(costs.value(row, costs.col(y)) * costs.value(factors, costs.col(y)) for y in costs.years)
    return F(f"SUMPRODUCT({costs.years_span(row, sheet=True)},{costs.years_span(factors, sheet=True)})", cached)


def label(data: PlanningInput, type_: str) -> str:
    return data.place_types[type_].label or type_


def year_columns(grid: Grid, label_width: float = 42, width: float = 9) -> None:
    grid.label_width, grid.year_width = label_width, width
    grid.ws.set_column(0, 0, label_width)
    grid.ws.set_column(1, len(grid.years), width)
    if grid.total:
        grid.ws.set_column(grid.total_col, grid.total_col, width + 2)
    grid.ws.freeze_panes(0, 1)


def pixels(characters: float) -> int:
    """A column's width in pixels at the default font (Excel's rule: 7 px a character plus 5)."""
    return int(characters * 7 + 5)


PRINTABLE_PX = (1046, 661)  # a landscape A4 page inside the margins, in pixels at 100 %
ROW_PX = 20  # a default row (15 pt)


def printed_width(grid: Grid) -> int:
    """The table's width in pixels: the label column, the years and the total column."""
    width = pixels(grid.label_width) + len(grid.years) * pixels(grid.year_width)
    return width + (pixels(grid.year_width + 2) if grid.total else 0)


def pages_wide(grid: Grid) -> int:
    """Page widths the sheet prints across (printable's pages_wide): a page per YEARS_PER_PAGE years."""
    return max(1, math.ceil(len(grid.years) / YEARS_PER_PAGE))


def page_rows(grid: Grid) -> int:
    """Default rows a printed page holds at the sheet's scale (its width fitted to its page widths), less the
    repeated title rows."""
    scale = min(1.0, PRINTABLE_PX[0] * pages_wide(grid) / printed_width(grid))
    return int(PRINTABLE_PX[1] / scale / ROW_PX) - 3


def rows_tall(grid: Grid, start: int, end: int) -> int:
    """The height of rows START … END − 1 in default rows (a wrapped label's row counts its lines)."""
    return sum(grid.tall.get(r, 1) for r in range(start, end))


def keep_together(grid: Grid, start: int) -> None:
    """A page break before START when the block from START to the current row would not fit on the page it starts
    on: a table block prints whole, its year heading above its rows."""
    page_start = max([0, *grid.ws.hbreaks])
    if start > page_start and rows_tall(grid, page_start, grid.row) > page_rows(grid):
        grid.ws.set_h_pagebreaks([*grid.ws.hbreaks, start])


def charts_below(grid: Grid, charts: list, height_ratio: float = 0.5) -> None:
    """Charts under the data, as wide as the table, each on a printed page where it fits whole.

    The page's scale is set by the table's width (one page wide), so a chart as wide as the table
    prints across the page; a page break goes before any chart that would not fit below what is
    already on the page.
    """
    wide = pages_wide(grid)
    width = printed_width(grid) // wide  # on the first page width, whole
    height = round(height_ratio * width * wide)
    page = page_rows(grid)
    chart_rows = math.ceil(height / ROW_PX) + 1
    grid.row += 1
    used = rows_tall(grid, max([0, *grid.ws.hbreaks]), grid.row)
    for chart in charts:
        if used + chart_rows > page:
            grid.ws.set_h_pagebreaks([*grid.ws.hbreaks, grid.row])
            used = 0
        chart.set_size({"width": width, "height": height})
        chart.set_legend({"position": "bottom", "font": {"size": 12}})
        grid.ws.insert_chart(grid.row, 0, chart)
        grid.row += chart_rows
        used += chart_rows


def series(g: Grid, row: int, header_row: int, **style) -> dict:
    """A chart series plotting one row of the sheet over the years of a header row, named by its label."""
    last = len(g.years)
    return {
        "name": [g.name, row, 0],
        "categories": [g.name, header_row, 1, header_row, last],
        "values": [g.name, row, 1, row, last],
        **style,
    }


def dress(chart, title: str, axis: str, number_format: str) -> None:
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
