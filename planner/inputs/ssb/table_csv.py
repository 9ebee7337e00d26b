"""SSB's CSV export of a projection table as tidy cells."""

from __future__ import annotations

import csv
import io

import pandas as pd

from planner.inputs.ssb.codes import (
    AGE_NAMES,
    ALTERNATIVE_NAMES,
    CELL_COLUMNS,
    REGION_NAMES,
    SEX_NAMES,
    YEAR_NAMES,
    alternative_code,
    norm,
    number,
    refuse,
    region_cell,
    year_in,
)


def read_csv(text: str, file: str) -> pd.DataFrame:
    """SSB's CSV export as tidy cells.

    Accepted: ``;`` (Norwegian: decimal comma), ``,`` (English: decimal point) or tab separated, quoted
    or not, UTF-8 or Windows-1252, with title lines above the header. The header row is the first that
    names an age column (``alder``/``age``); it must also name ``region``, and may name ``kjønn``
    (summed), ``år`` and the alternative (``statistikkvariabel``/``alternativ``). Every other column
    holds values; a value column's header may itself carry the year (``2026``) and/or the alternative
    (``Hovedalternativet (MMMM)``, ``Personer MMMM 2026``), so the long form (one value column), one
    column per alternative and SSB's pivot with years across all read alike. Region cells are
    ``3201 Bærum`` (code first) or a bare code; ages ``80 år``, ``105 år eller eldre``, ``80-84 år``.
    """
    lines = text.splitlines()
    header_at, delimiter = _header_row(lines, file)
    reader = csv.reader(io.StringIO("\n".join(lines[header_at:])), delimiter=delimiter)
    header = [c.strip() for c in next(reader)]
    normalised = [norm(c) for c in header]

    def column(names: set[str]) -> int | None:
        return next((i for i, c in enumerate(normalised) if c in names), None)

    age, region, sex = column(AGE_NAMES), column(REGION_NAMES), column(SEX_NAMES)
    year, alternative = column(YEAR_NAMES), column(ALTERNATIVE_NAMES)
    if region is None:
        raise refuse(file, f"has no region column in its header ({'; '.join(header)}); export it with region")
    value_columns = _value_columns(header, {age, region, sex, year, alternative} - {None}, file)
    decimal_comma = delimiter != ","
    rows = []
    for record in reader:
        if not any(c.strip() for c in record) or len(record) < len(header):
            continue  # blank lines and the footnotes SSB puts below the table
        record = [c.strip() for c in record]
        region_code, region_label = region_cell(record[region])
        sex_text = record[sex] if sex is not None else ""
        for i, col_year, col_alt in value_columns:
            year_text = str(col_year) if col_year is not None else (record[year] if year is not None else "")
            alt = col_alt if col_alt is not None else _alternative(record, alternative, file)
            value = number(record[i], decimal_comma)
            rows.append(
                (region_code, region_label, sex_text, sex_text, record[age], record[age], year_text, alt, value)
            )
    if year is None and all(y is None for _, y, _a in value_columns):
        raise refuse(file, "names no year: add the år column, or value columns headed by their year")
    return pd.DataFrame(rows, columns=CELL_COLUMNS)


def _header_row(lines: list[str], file: str) -> tuple[int, str]:
    """The header: the first of the first 50 lines naming an age column; and its delimiter."""
    for n, line in enumerate(lines[:50]):
        delimiter = max((";", ",", "\t"), key=line.count)
        cells = [norm(c) for c in next(csv.reader([line], delimiter=delimiter), [])]
        if any(c in AGE_NAMES for c in cells):
            return n, delimiter
    raise refuse(
        file,
        "has no age column (alder) in its header; export the table with the age (alder) variable "
        "selected, one age per row",
    )


def _value_columns(header: list[str], known: set[int], file: str) -> list[tuple[int, int | None, str | None]]:
    """Every other column: (index, the year its header names, the alternative its header names)."""
    value_columns = [
        (i, year_in(name), alternative_code("", name)) for i, name in enumerate(header) if name and i not in known
    ]
    if not value_columns:
        raise refuse(file, "has no value column beside region, kjønn, alder and år")
    if len(value_columns) > 1 and any(y is None and a is None for _, y, a in value_columns):
        unknown = [header[i] for i, y, a in value_columns if y is None and a is None]
        raise refuse(
            file,
            f"cannot tell what the column(s) {', '.join(unknown)} hold: a value column's header names its "
            "year or its alternative's code such as (MMMM) when there are several",
        )
    return value_columns


def _alternative(record: list[str], alternative: int | None, file: str) -> str:
    """The row's projection alternative, from its statistikkvariabel cell."""
    if alternative is None:
        raise refuse(
            file,
            "names no projection alternative: add the statistikkvariabel column, or headers with "
            "the code such as 'Hovedalternativet (MMMM)'",
        )
    code = alternative_code("", record[alternative])
    if code is None:
        raise refuse(
            file,
            f"cannot tell the projection alternative of '{record[alternative]}': SSB's labels end "
            "in its four-letter code, e.g. 'Hovedalternativet (MMMM)'",
        )
    return code
