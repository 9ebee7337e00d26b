"""The yearly ceilings: the budget sheet (net investment) and the labour sheet (work-years of staff)."""

from __future__ import annotations

from models.text import year_runs
from planner.inputs.context import Reading

NO_CEILING = 1e15  # a budget of this many NOK or more is no ceiling at all


def read_budget(r: Reading) -> dict[int, float]:
    """Year -> the most net investment that year (solvers treat ~1e20 as infinite and then mis-solve the row)."""
    if "budget" not in r.sheets:
        return {}
    return _yearly(r, "budget", "max_net_investment", lambda ceiling: ceiling < NO_CEILING)


def read_labour(r: Reading) -> dict[int, float]:
    """Year -> the work-years the municipality can staff."""
    return _yearly(r, "labour", "max_work_years", lambda ceiling: True)


def _yearly(r: Reading, name: str, column: str, counts) -> dict[int, float]:
    """One ceiling a year: years unique; a year outside the horizon is ignored with a warning."""
    ceilings: dict[int, float] = {}
    rows: dict[int, int] = {}
    outside: dict[int, int] = {}  # year -> row: one warning for them all (a cut horizon leaves many)
    for c in r.rows(r.optional(name)):
        row = r.parse(c)
        year, ceiling = row["year"], row[column]
        if year is not None and year in rows:
            c.fail("year", f"{year} is listed twice (also in row {rows[year]}); keep one")
            continue
        if year is None or ceiling is None:
            continue
        rows[year] = c.row
        if counts(ceiling):
            ceilings[year] = ceiling
        if r.last_year is not None and not r.first_year <= year <= r.last_year:
            outside[year] = c.row
    if outside:
        years, at = sorted(outside), sorted(outside.values())
        where = f"row {at[0]}" if len(at) == 1 else f"rows {year_runs(at)}"
        message = (
            f"{name} year(s) {year_runs(years)} ({where}) are outside the planning years "
            f"{r.first_year}–{r.last_year}; ignored"
        )
        r.warnings.append(r.sheets[name].problem(message, at[0] if len(at) == 1 else None, "year"))
    return ceilings
