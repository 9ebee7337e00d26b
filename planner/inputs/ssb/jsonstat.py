"""A JSON-stat 2.0 dataset from SSB (its PxWebApi) as tidy cells, read by the specification (no pyjstat)."""

from __future__ import annotations

import math

import pandas as pd

from planner.inputs.ssb.codes import (
    AGE_NAMES,
    ALTERNATIVE_NAMES,
    CELL_COLUMNS,
    JSONSTAT_HINT,
    MISSING_SYMBOLS,
    REGION_NAMES,
    SEX_NAMES,
    YEAR_NAMES,
    alternative_code,
    number,
    refuse,
)


def jsonstat_cells(ds: dict, file: str = "JSON-stat") -> tuple[list[str], list[list[str]], list[tuple]]:
    """A JSON-stat 2.0 dataset's dimension ids, each dimension's category ids in order, and every cell.

    Each cell is (flat index, value or None, status or None). Follows the specification: ``id`` and
    ``size`` give the order of ``value`` (row-major, the last dimension fastest); ``value`` is an array
    or an object keyed by flat index (absent = no value); ``status`` is a string for every cell, an
    array, or an object keyed by flat index; a category ``index`` is an array or an object (category
    -> position), and may be left out for a dimension of one category (its ``label`` names it).
    """
    _check_dataset(ds, file)
    ids, sizes, dims = ds.get("id"), ds.get("size"), ds["dimension"]
    if not isinstance(ids, list) or not isinstance(sizes, list) or len(ids) != len(sizes):
        raise refuse(file, "is not valid JSON-stat 2.0: 'id' and 'size' must be lists of the same length")
    categories = [_categories(dims, dim_id, size, file) for dim_id, size in zip(ids, sizes, strict=True)]
    total = math.prod(sizes)
    value_at = _values(ds["value"], total, file)
    status_at = _statuses(ds.get("status"), total)
    cells = []
    for flat in range(total):
        value = value_at.get(flat)
        if value is not None and not isinstance(value, int | float):
            value = number(str(value))
        cells.append((flat, value, status_at.get(flat)))
    return [str(i) for i in ids], categories, cells


def _check_dataset(ds: dict, file: str) -> None:
    """A dataset, not a collection, a JSON-stat 1.x bundle or other JSON."""
    if not isinstance(ds, dict):
        raise refuse(file, "is JSON but not a JSON-stat 2.0 dataset; " + JSONSTAT_HINT)
    if ds.get("class") == "collection" or "link" in ds and "dimension" not in ds:
        raise refuse(file, "is a JSON-stat collection, not a dataset; download the table's data itself")
    if "dimension" not in ds or "value" not in ds:
        if any(isinstance(v, dict) and "dimension" in v for v in ds.values()):
            raise refuse(file, "is JSON-stat 1.x (a bundle); ask SSB's API for outputFormat=json-stat2")
        raise refuse(file, "is JSON but not a JSON-stat 2.0 dataset (no 'dimension' and 'value'); " + JSONSTAT_HINT)


def _categories(dims: dict, dim_id: str, size: int, file: str) -> list[str]:
    """One dimension's category ids in their order: its index as an array or an object, or its labels."""
    category = (dims.get(dim_id) or {}).get("category") or {}
    index = category.get("index")
    if index is None:
        codes = list(category.get("label") or {})
    elif isinstance(index, list):
        codes = [str(c) for c in index]
    elif isinstance(index, dict):
        codes = [str(c) for c, _ in sorted(index.items(), key=lambda item: item[1])]
    else:
        codes = []
    if len(codes) != size:
        message = f"is not valid JSON-stat 2.0: dimension '{dim_id}' has {len(codes)} categories but size {size}"
        raise refuse(file, message)
    return codes


def _values(values, total: int, file: str) -> dict[int, object]:
    """Flat index -> value: an array of every cell, or an object of those given."""
    if isinstance(values, list):
        if len(values) != total:
            raise refuse(file, f"is not valid JSON-stat 2.0: 'value' has {len(values)} items, the sizes give {total}")
        return dict(enumerate(values))
    if isinstance(values, dict):
        return {int(k): v for k, v in values.items()}
    raise refuse(file, "is not valid JSON-stat 2.0: 'value' must be an array or an object")


def _statuses(status, total: int) -> dict[int, object]:
    """Flat index -> status: one string for all, an array (one item applies to every cell), or an object."""
    if isinstance(status, str):
        return dict.fromkeys(range(total), status)
    if isinstance(status, list):
        # a one-item array applies to every cell (JSON-stat 1.x habit, still seen)
        return dict.fromkeys(range(total), status[0]) if len(status) == 1 else dict(enumerate(status))
    if isinstance(status, dict):
        return {int(k): v for k, v in status.items()}
    return {}


def read_jsonstat(ds: dict, file: str) -> pd.DataFrame:
    """A JSON-stat 2.0 dataset from SSB as tidy cells."""
    ids, categories, cells = jsonstat_cells(ds, file)
    dims = ds["dimension"]
    labels = [((dims[d].get("category") or {}).get("label") or {}) for d in ids]
    order = _roles(ds, ids, categories, labels, file)
    sizes = [len(c) for c in categories]
    strides = [math.prod(sizes[i + 1 :]) for i in range(len(sizes))]

    def at(flat: int, i: int | None) -> tuple[str, str]:
        if i is None:
            return "", ""
        code = categories[i][(flat // strides[i]) % sizes[i]]
        return code, str(labels[i].get(code, code))

    rows = []
    for flat, value, status in cells:
        region, sex, age, year, alternative = (at(flat, order[role]) for role in _ROLES)
        if status is not None and str(status).strip() in MISSING_SYMBOLS:
            value = None
        rows.append((*region, *sex, *age, year[0], alternative_code(*alternative), value))
    return pd.DataFrame(rows, columns=CELL_COLUMNS)


_ROLES = ("region", "sex", "age", "year", "alternative")


def _roles(ds: dict, ids: list[str], categories: list[list[str]], labels: list[dict], file: str) -> dict:
    """Which dimension is the region, sex, age, year and projection alternative (sex may be absent)."""
    dims, roles = ds["dimension"], ds.get("role") or {}
    names = [str(dims[d].get("label") or d) for d in ids]

    def find(names_set: set[str], role: str | None = None) -> int | None:
        for i, d in enumerate(ids):
            if d.lower() in names_set or names[i].lower() in names_set:
                return i
        for d in roles.get(role, []) if role else []:
            if d in ids:
                return ids.index(d)
        return None

    age = find(AGE_NAMES)
    if age is None:
        raise refuse(
            file,
            f"has no age dimension (Alder); its dimensions are {', '.join(ids)}. Select the ages (Alder) in "
            "SSB's query, e.g. valueCodes[Alder]=*",
        )
    region, sex, year = find(REGION_NAMES, "geo"), find(SEX_NAMES), find(YEAR_NAMES, "time")
    if region is None:
        raise refuse(file, f"has no region dimension (Region); its dimensions are {', '.join(ids)}")
    if year is None:
        raise refuse(file, f"has no year dimension (Tid); its dimensions are {', '.join(ids)}")
    rest = [i for i in range(len(ids)) if i not in {age, region, sex, year}]
    # the alternative: the dimension whose categories carry the four-letter code
    alternative = next((i for i in rest if all(alternative_code(c, labels[i].get(c)) for c in categories[i])), None)
    if alternative is None:
        preferred = find(ALTERNATIVE_NAMES, "metric")
        examples = ", ".join(f"'{labels[i].get(c, c)}'" for i in rest for c in categories[i][:2]) or "none"
        where = f" (dimension '{ids[preferred]}')" if preferred is not None else ""
        raise refuse(
            file,
            f"no dimension names the projection alternative{where}: its categories ({examples}) carry no "
            "four-letter code such as (MMMM); download table 14288 (or another projection table) with "
            "ContentsCode, whose labels end in the alternative's code",
        )
    for i in rest:
        if i != alternative and len(categories[i]) > 1:
            raise refuse(
                file,
                f"has a dimension '{ids[i]}' with {len(categories[i])} categories the planner does not use; "
                "select one of them in SSB's query",
            )
    return {"region": region, "sex": sex, "age": age, "year": year, "alternative": alternative}
