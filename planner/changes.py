"""What changed between two plans, and why: the `changes` sheet and its account in plain words."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from models.tables import OUTPUT_TABLES
from models.text import year_runs
from planner.baseline import PlanBook

CHANGE_COLUMNS = OUTPUT_TABLES["changes"].names
POPULATION_NOTICE = 0.001  # a prognosis moving less than 0.1 % in every year is not worth a sentence
MOST_LISTED = 8  # place changes named one by one in the account; the rest are counted


@dataclass
class Changes:
    table: pd.DataFrame
    account: list[str]
    places_added: int = 0
    places_removed: int = 0
    changed: bool = False
    extra: list[dict] = field(default_factory=list)


def compare(old: PlanBook, new: PlanBook, lang: str = "en") -> Changes:
    """Per year and type the places opening in each plan, per project its year and size, NPV and coverage.

    lang: the account's language (en, or nb for the people sheets); the table's other columns are the same.
    """

    def w(en: str, nb: str) -> str:
        return nb if lang == "nb" else en

    rows: list[dict] = []
    first = max(_year(old, "first_year"), _year(new, "first_year"))
    last = min(_year(old, "last_year"), _year(new, "last_year"))
    before = _by_year_type(old.plan, first, last)
    after = _by_year_type(new.plan, first, last)
    added = removed = 0
    moves = []
    for year, type_ in sorted(set(before) | set(after)):
        a, b = before.get((year, type_), 0), after.get((year, type_), 0)
        if a == b:
            continue
        rows.append(_row("places", year=year, type=type_, baseline=a, new=b, difference=b - a))
        added += max(0, b - a)
        removed += max(0, a - b)
        moves.append((year, type_, b - a))

    project_lines = []
    old_projects, new_projects = _projects(old.plan), _projects(new.plan)
    for project in sorted(set(old_projects) | set(new_projects)):
        a, b = old_projects.get(project), new_projects.get(project)
        if a == b:
            continue
        note = _project_note(project, a, b, w)
        rows.append(
            _row(
                "project",
                year=(b or a)[0],
                source=project,
                baseline=a[1] if a else 0,
                new=b[1] if b else 0,
                difference=(b[1] if b else 0) - (a[1] if a else 0),
                note=note,
            )
        )
        project_lines.append(note)

    conversion_moves = []
    converted_before = _conversions(old, first, last)
    converted_after = _conversions(new, first, last)
    for key in sorted(set(converted_before) | set(converted_after)):
        a, b = converted_before.get(key, 0), converted_after.get(key, 0)
        if a != b:
            year, from_type, to_type = key
            rows.append(
                _row(
                    "conversion",
                    year=year,
                    type=f"{from_type} -> {to_type}",
                    baseline=a,
                    new=b,
                    difference=b - a,
                )
            )
            conversion_moves.append((year, from_type, to_type, b - a))

    npv_old, npv_new = old.npv, new.npv
    if npv_old is not None and npv_new is not None:
        rows.append(_row("npv", baseline=npv_old, new=npv_new, difference=npv_new - npv_old))
    rows += _coverage_rows(old.coverage, new.coverage)

    account = _population_account(old, new, w) + _input_account(old, new, w)
    if moves:
        account.append(_moves_sentence(moves, w, _labels(new)))
    account += project_lines
    if conversion_moves:
        listed = "; ".join(
            w(
                f"{abs(d)} {'more' if d > 0 else 'fewer'} places converted from {a} to {b} in {y}",
                f"{abs(d)} {'flere' if d > 0 else 'færre'} plasser bygges om fra {a} til {b} i {y}",
            )
            for y, a, b, d in conversion_moves[:MOST_LISTED]
        )
        account.append(listed + ("; …" if len(conversion_moves) > MOST_LISTED else "") + ".")
    for book, name in ((old, "A"), (new, "B")):
        if book.status not in ("optimal", "feasible"):
            account.insert(
                0,
                w(
                    f"{book.file} ({name}) has status {book.status}: it is not a plan to follow.",
                    f"{book.file} ({name}) har status {book.status}: den er ikke en plan å følge.",
                ),
            )
    if (old_span := _span(old)) != (new_span := _span(new)):
        account.append(
            w(
                f"The horizon moved from {old_span} to {new_span}; openings are compared over {first}–{last}, and "
                "the net present costs are over different years (each discounted to its own first year).",
                f"Planperioden er flyttet fra {old_span} til {new_span}; åpninger sammenlignes for {first}–{last}, og "
                "nåverdiene gjelder ulike år (hver diskontert til sitt første år).",
            )
        )
    if npv_old is not None and npv_new is not None:
        account.append(
            w(
                f"Net present cost: {npv_old / 1e6:,.0f} M NOK before, {npv_new / 1e6:,.0f} M NOK now "
                f"({(npv_new - npv_old) / 1e6:+,.0f} M NOK).",
                f"Nåverdi: {_nb(npv_old / 1e6)} mill. kr før, {_nb(npv_new / 1e6)} mill. kr nå "
                f"({'+' if npv_new >= npv_old else '−'}{_nb(abs(npv_new - npv_old) / 1e6)} mill. kr).",
            )
        )
    changed = bool(moves or project_lines or conversion_moves)
    if not changed:
        account.insert(
            0,
            w(
                "No change in the openings or conversions: the plan is the baseline's, place for place.",
                "Ingen endring i åpninger eller ombygginger: planen er den forrige, plass for plass.",
            ),
        )
    rows += [_row("account", note=line) for line in account]
    table = pd.DataFrame(rows, columns=CHANGE_COLUMNS)
    return Changes(table, account, added, removed, changed)


def _row(kind: str, **values) -> dict:
    return {column: values.get(column) for column in CHANGE_COLUMNS} | {"kind": kind}


def _year(book: PlanBook, key: str) -> int:
    value = book.summary.get(key)
    if value is None:
        years = book.plan["year"]
        return int(years.min() if key == "first_year" else years.max()) if len(years) else 0
    return int(value)


def _span(book: PlanBook) -> str:
    return f"{_year(book, 'first_year')}–{_year(book, 'last_year')}"


def _by_year_type(plan: pd.DataFrame, first: int, last: int) -> dict[tuple[int, str], int]:
    inside = plan[(plan["year"] >= first) & (plan["year"] <= last)]
    return {(int(y), str(k)): int(v) for (y, k), v in inside.groupby(["year", "type"])["places"].sum().items()}


def _conversions(book: PlanBook, first: int, last: int) -> dict[tuple[int, str, str], int]:
    table = book.conversions_table
    inside = table[(table["year"] >= first) & (table["year"] <= last)]
    return {
        (int(y), str(a), str(b)): int(v)
        for (y, a, b), v in inside.groupby(["year", "from_type", "to_type"])["places"].sum().items()
    }


def _projects(plan: pd.DataFrame) -> dict[str, tuple[int, int]]:
    """Project -> (opening year, places)."""
    built = plan[plan["source"] != "new"]
    return {str(p): (int(group["year"].min()), int(group["places"].sum())) for p, group in built.groupby("source")}


def _nb(value: float) -> str:
    return f"{value:,.0f}".replace(",", " ")


def _project_note(project: str, a: tuple | None, b: tuple | None, w) -> str:
    if a is None:
        return w(
            f"{project} is now built: {b[1]} places opening in {b[0]}.",
            f"{project} bygges nå: {b[1]} plasser åpner i {b[0]}.",
        )
    if b is None:
        return w(
            f"{project} is no longer built (it was to open in {a[0]} with {a[1]} places).",
            f"{project} bygges ikke lenger (skulle åpne i {a[0]} med {a[1]} plasser).",
        )
    parts = []
    if a[0] != b[0]:
        parts.append(w(f"opens in {b[0]} instead of {a[0]}", f"åpner i {b[0]} i stedet for {a[0]}"))
    if a[1] != b[1]:
        parts.append(w(f"has {b[1]} places instead of {a[1]}", f"får {b[1]} plasser i stedet for {a[1]}"))
    return f"{project} {w(' and ', ' og ').join(parts)}."


def _labels(book: PlanBook) -> dict[str, str]:
    """Type -> its label in the plan's place_types sheet (the type itself where there is none)."""
    table = book.inputs.get("place_types")
    if table is None or "type" not in table or "label" not in table:
        return {}
    return {
        str(k): str(v) for k, v in zip(table["type"], table["label"], strict=True) if pd.notna(v) and str(v).strip()
    }


def _moves_sentence(moves: list[tuple[int, str, int]], w, labels: dict[str, str]) -> str:
    words = [
        w(
            f"{abs(d)} {'more' if d > 0 else 'fewer'} places of {labels.get(k, k)} open in {y}",
            f"{abs(d)} {'flere' if d > 0 else 'færre'} plasser av typen {labels.get(k, k)} åpner i {y}",
        )
        for y, k, d in sorted(moves, key=lambda m: (-abs(m[2]), m[0]))[:MOST_LISTED]
    ]
    rest = len(moves) - len(words)
    more = w(f"; and {rest} smaller change(s)", f"; og {rest} mindre endring(er)") if rest > 0 else ""
    return "; ".join(words) + more + "."


def _coverage_rows(old: pd.DataFrame, new: pd.DataFrame) -> list[dict]:
    if not len(old) or not len(new):
        return []
    keyed = new.set_index(["band", "year"])["share"].to_dict()
    rows = []
    for r in old.itertuples():
        key = (r.band, r.year)
        if key in keyed and r.share is not None and keyed[key] is not None:
            a, b = float(r.share), float(keyed[key])
            # the same places over the same population: exactly no change, not float noise
            difference = 0.0 if abs(b - a) < 1e-12 else b - a
            rows.append(_row("coverage", year=int(r.year), band=str(r.band), baseline=a, new=b, difference=difference))
    return rows


def _population_account(old: PlanBook, new: PlanBook, w) -> list[str]:
    """'persons_80_plus in 2034 is 4.0 % higher than in the baseline's prognosis (2030–2045 moved)'."""
    before, after = old.population(), new.population()
    lines = []
    for base in sorted(set(before) & set(after)):
        years = sorted(set(before[base]) & set(after[base]))
        change = {y: after[base][y] / before[base][y] - 1 for y in years if before[base][y]}
        moved = [y for y, r in change.items() if abs(r) >= POPULATION_NOTICE]
        if not moved:
            continue
        worst = max(moved, key=lambda y: abs(change[y]))
        share, up = f"{abs(change[worst]):.1%}", change[worst] > 0
        lines.append(
            w(
                f"{base} in {worst} is {share} {'higher' if up else 'lower'} than in the baseline's prognosis "
                f"({after[base][worst]:,.0f} against {before[base][worst]:,.0f}; moved in {year_runs(moved)}).",
                f"{base} i {worst} er {share.replace('.', ',')} {'høyere' if up else 'lavere'} enn i forrige "
                f"prognose ({_nb(after[base][worst])} mot {_nb(before[base][worst])}; endret i {year_runs(moved)}).",
            )
        )
    return lines


def _input_account(old: PlanBook, new: PlanBook, w) -> list[str]:
    """Changed figures in the place types and bands the two plans were made with."""
    lines = []
    for sheet, key in (("place_types", "type"), ("bands", "band"), ("projects", "project")):
        a, b = old.inputs.get(sheet), new.inputs.get(sheet)
        if a is None or b is None or key not in a or key not in b:
            continue
        a, b = a.dropna(subset=[key]).set_index(key), b.dropna(subset=[key]).set_index(key)
        for name in sorted(set(a.index) & set(b.index), key=str):
            for column in sorted((set(a.columns) & set(b.columns)) - {"note", "label"}):
                x, y = a.at[name, column], b.at[name, column]
                if _same(x, y):
                    continue
                lines.append(
                    w(
                        f"{sheet}: {column} of {name} changed from {_shown(x)} to {_shown(y)}.",
                        f"{sheet}: {column} for {name} er endret fra {_shown(x)} til {_shown(y)}.",
                    )
                )
        for name in sorted(set(b.index) - set(a.index), key=str):
            lines.append(w(f"{sheet}: {name} is new.", f"{sheet}: {name} er ny."))
        for name in sorted(set(a.index) - set(b.index), key=str):
            lines.append(w(f"{sheet}: {name} is gone.", f"{sheet}: {name} er fjernet."))
    return lines


def _same(x, y) -> bool:
    if pd.isna(x) and pd.isna(y):
        return True
    if isinstance(x, int | float) and isinstance(y, int | float):
        return abs(x - y) <= 1e-9 * max(1.0, abs(x), abs(y))
    return str(x).strip().lower() == str(y).strip().lower()


def _shown(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "blank"
    if isinstance(value, int | float):
        return f"{value:,.6g}" if abs(value) < 1 else f"{value:,.0f}"
    return str(value)
