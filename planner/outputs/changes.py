"""What changed between two plans, and why: the `changes` sheet and its account in plain words."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from models.tables import OUTPUT_TABLES
from models.text import year_runs
from planner.inputs.plans import PlanBook
from planner.outputs.words import Words

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


Kept = tuple[int, str, str, int, str]  # an opening a re-plan kept: year, type, source, places, why


def compare(old: PlanBook, new: PlanBook, lang: str = "en", kept: Sequence[Kept] = ()) -> Changes:
    """Per year and type the places opening in each plan, per project its year and size, NPV and coverage.

    lang: the account's language (en, or nb for the people sheets); the table's other columns are the same.
    kept: a re-plan's openings kept from OLD, (year, type, source, places, why): why is committed (building
    started), stage (a stochastic plan's committed years) or frozen (--freeze-until); the account names them.
    """
    say = Words(lang)
    first = max(_year(old, "first_year"), _year(new, "first_year"))
    last = min(_year(old, "last_year"), _year(new, "last_year"))
    rows, moves = _place_rows(old, new, first, last)
    project_rows, project_lines = _project_rows(old, new, say)
    conversion_rows, conversion_moves = _conversion_rows(old, new, first, last)
    site_rows, site_lines = _site_rows(old, new, say, first)
    project_lines += site_lines
    rows += project_rows + conversion_rows + site_rows
    if old.npv is not None and new.npv is not None:
        rows.append(_row("npv", baseline=old.npv, new=new.npv, difference=new.npv - old.npv))
    rows += _coverage_rows(old.coverage, new.coverage)
    changed = bool(moves or project_lines or conversion_moves)
    # kept openings: said after what the plan does differently, before the horizon's and the NPV's lines
    kept_lines = [_kept(old, kept, say)] if kept else []
    account = _account(old, new, say, (first, last), moves, project_lines, conversion_moves, changed, kept_lines)
    rows += [_row("account", note=line) for line in account]
    added = sum(max(0, d) for _, _, d in moves)
    removed = sum(max(0, -d) for _, _, d in moves)
    return Changes(pd.DataFrame(rows, columns=CHANGE_COLUMNS), account, added, removed, changed)


def _place_rows(old: PlanBook, new: PlanBook, first: int, last: int) -> tuple[list[dict], list[tuple[int, str, int]]]:
    """A row per year and type whose opening places differ, and the moves (year, type, difference)."""
    before = _by_year_type(old.plan, first, last)
    after = _by_year_type(new.plan, first, last)
    rows, moves = [], []
    for year, type_ in sorted(set(before) | set(after)):
        a, b = before.get((year, type_), 0), after.get((year, type_), 0)
        if a != b:
            rows.append(_row("places", year=year, type=type_, baseline=a, new=b, difference=b - a))
            moves.append((year, type_, b - a))
    return rows, moves


def _project_rows(old: PlanBook, new: PlanBook, say: Words) -> tuple[list[dict], list[str]]:
    """A row per project built differently (year or size), and a sentence for each."""
    rows, lines = [], []
    old_projects, new_projects = _projects(old.plan), _projects(new.plan)
    for project in sorted(set(old_projects) | set(new_projects)):
        a, b = old_projects.get(project), new_projects.get(project)
        if a == b:
            continue
        note = _project_note(project, a, b, say)
        before, after = a[1] if a else 0, b[1] if b else 0
        rows.append(
            _row(
                "project",
                year=(b or a)[0],
                source=project,
                baseline=before,
                new=after,
                difference=after - before,
                note=note,
            )
        )
        lines.append(note)
    return rows, lines


def _site_rows(old: PlanBook, new: PlanBook, say: Words, first: int) -> tuple[list[dict], list[str]]:
    """A row per site decision (renovate, close) from the new first year on made in another year or not at all, and a
    sentence for each. Decisions before it have happened (re-planning keeps them); a site renovated twice is
    compared renovation by renovation, in order."""
    rows, lines = [], []
    before, after = defaultdict(list), defaultdict(list)
    for book, decisions in ((old, before), (new, after)):
        for d in sorted(book.site_decisions, key=lambda d: d.year):
            if d.year >= first:
                decisions[d.site, d.decision].append(d.year)
    pairs = []
    for site, decision in sorted(set(before) | set(after)):
        a_years, b_years = before.get((site, decision), []), after.get((site, decision), [])
        for i in range(max(len(a_years), len(b_years))):
            pairs.append((site, decision, *(y[i] if i < len(y) else None for y in (a_years, b_years))))
    for site, decision, a, b in pairs:
        if a == b:
            continue
        if a is None:
            note = say(f"site_{decision}_added", site=site, year=b)
        elif b is None:
            note = say(f"site_{decision}_dropped", site=site, year=a)
        else:
            note = say(f"site_{decision}_moved", site=site, old=a, new=b)
        difference = b - a if a is not None and b is not None else None
        rows.append(
            _row("site", year=b or a, type=decision, source=site, baseline=a, new=b, difference=difference, note=note)
        )
        lines.append(note)
    return rows, lines


def _conversion_rows(old: PlanBook, new: PlanBook, first: int, last: int) -> tuple[list[dict], list[tuple]]:
    """A row per year and conversion whose places differ, and the moves (year, from, to, difference)."""
    rows, moves = [], []
    converted_before, converted_after = _conversions(old, first, last), _conversions(new, first, last)
    for key in sorted(set(converted_before) | set(converted_after)):
        a, b = converted_before.get(key, 0), converted_after.get(key, 0)
        if a != b:
            year, from_type, to_type = key
            rows.append(
                _row("conversion", year=year, type=f"{from_type} -> {to_type}", baseline=a, new=b, difference=b - a)
            )
            moves.append((year, from_type, to_type, b - a))
    return rows, moves


def _account(
    old: PlanBook,
    new: PlanBook,
    say: Words,
    span: tuple[int, int],
    moves: list,
    project_lines: list[str],
    conversion_moves: list,
    changed: bool,
    kept_lines: list[str],
) -> list[str]:
    """The account in plain words: prognosis and input changes, then what the plan does differently, and why."""
    labels = _labels(old) | _labels(new)
    account = _population_account(old, new, say) + _input_account(old, new, say, labels)
    account += _stock_account(old, new, say, labels, span)
    if moves:
        account.append(_moves_sentence(moves, say, labels))
    account += project_lines
    if conversion_moves:
        listed = "; ".join(
            say(
                "converted_more" if d > 0 else "converted_fewer",
                count=abs(d),
                source=labels.get(a, a),
                target=labels.get(b, b),
                year=y,
            )
            for y, a, b, d in conversion_moves[:MOST_LISTED]
        )
        more = len(conversion_moves) - MOST_LISTED
        account.append(listed + (say("more_changes", count=more) if more > 0 else "") + ".")
    account += kept_lines
    for book, name in ((old, "A"), (new, "B")):
        if not book.has_plan:
            account.insert(0, say("not_a_plan", file=book.file, name=name, status=book.status))
    if (old_span := _span(old)) != (new_span := _span(new)):
        account.append(say("horizon_moved", old=old_span, new=new_span, first=span[0], last=span[1]))
    if old.npv is not None and new.npv is not None:
        account.append(
            say(
                "npv_moved",
                before=say.number(old.npv / 1e6),
                now=say.number(new.npv / 1e6),
                change=say.signed((new.npv - old.npv) / 1e6),
            )
        )
    if not changed:
        account.insert(0, say("no_change"))
    return account


def _kept(old: PlanBook, kept: Sequence[Kept], say: Words) -> str:
    """'Kept from last.xlsx: Sykehjem, 2027: 40 places; Hosle, 2028: 100 places; and 3 more (committed …)'."""
    labels = _labels(old)
    items = [
        say("kept_item", what=labels.get(type_, type_) if source == "new" else source, year=year, places=places)
        for year, type_, source, places, _ in sorted(kept)
    ]
    more = len(items) - MOST_LISTED
    listed = "; ".join(items[:MOST_LISTED]) + (say("more_changes", count=more) if more > 0 else "")
    whys = say.join([say(f"kept_{why}") for why in dict.fromkeys(why for *_, why in sorted(kept, key=lambda k: k[4]))])
    return say("kept_openings", file=old.file, items=listed, why=whys)


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


def _project_note(project: str, a: tuple | None, b: tuple | None, say: Words) -> str:
    if a is None:
        return say("project_built", project=project, places=b[1], year=b[0])
    if b is None:
        return say("project_dropped", project=project, year=a[0], places=a[1])
    parts = []
    if a[0] != b[0]:
        parts.append(say("project_moved", year=b[0], before=a[0]))
    if a[1] != b[1]:
        parts.append(say("project_resized", places=b[1], before=a[1]))
    return f"{project} {(' ' + say('and') + ' ').join(parts)}."


def _labels(book: PlanBook) -> dict[str, str]:
    """Type -> its label in the plan's place_types sheet (the type itself where there is none)."""
    table = book.inputs.get("place_types")
    if table is None or "type" not in table or "label" not in table:
        return {}
    return {
        str(k): str(v) for k, v in zip(table["type"], table["label"], strict=True) if pd.notna(v) and str(v).strip()
    }


def _moves_sentence(moves: list[tuple[int, str, int]], say: Words, labels: dict[str, str]) -> str:
    words = [
        say("opened_more" if d > 0 else "opened_fewer", count=abs(d), type=labels.get(k, k), year=y)
        for y, k, d in sorted(moves, key=lambda m: (-abs(m[2]), m[0]))[:MOST_LISTED]
    ]
    rest = len(moves) - len(words)
    more = say("smaller_changes", count=rest) if rest > 0 else ""
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


def _population_account(old: PlanBook, new: PlanBook, say: Words) -> list[str]:
    """'persons_80_plus in 2034 is 4.0 % higher than in the baseline's prognosis (2030–2045 moved)'; bases that
    moved alike (the same years, each year's change within ALIKE) are one line, as a uniform change is one cause."""
    before, after = old.population(), new.population()
    groups: list[list[tuple[str, dict[int, float]]]] = []
    for base in sorted(set(before) & set(after)):
        years = sorted(set(before[base]) & set(after[base]))
        change = {y: after[base][y] / before[base][y] - 1 for y in years if before[base][y]}
        moved = {y: r for y, r in change.items() if abs(r) >= POPULATION_NOTICE}
        if not moved:
            continue
        alike = next((g for g in groups if _moved_alike(g[0][1], moved)), None)
        if alike is None:
            groups.append([(base, moved)])
        else:
            alike.append((base, moved))
    lines = []
    for group in groups:
        base, moved = next((g for g in group if g[0] == MAIN_BASE), group[0])
        worst = max(moved, key=lambda y: abs(moved[y]))
        values = dict(
            base=base,
            year=worst,
            share=say.number(100 * abs(moved[worst]), 1) + "%",
            now=say.number(after[base][worst]),
            before=say.number(before[base][worst]),
            years=year_runs(list(moved)),
        )
        direction = "higher" if moved[worst] > 0 else "lower"
        if len(group) == 1:
            lines.append(say(f"population_{direction}", **values))
        else:
            bases = say.join([b for b, _ in group])
            lines.append(say(f"population_all_{direction}", bases=bases, **values))
    return lines


MAIN_BASE = "persons_80_plus"  # the bands' usual base: the figure a merged line gives
ALIKE = 0.001  # moved alike: each year's change within 0.1 percentage point (whole persons round a scaled series)


def _moved_alike(a: dict[int, float], b: dict[int, float]) -> bool:
    return a.keys() == b.keys() and all(abs(a[y] - b[y]) < ALIKE for y in a)


def _input_account(old: PlanBook, new: PlanBook, say: Words, labels: dict[str, str]) -> list[str]:
    """Changed figures in the place types and bands the two plans were made with (a type by its label)."""
    lines = []
    for sheet, key in (("place_types", "type"), ("bands", "band"), ("projects", "project")):
        a, b = old.inputs.get(sheet), new.inputs.get(sheet)
        if a is None or b is None or key not in a or key not in b:
            continue
        a, b = a.dropna(subset=[key]).set_index(key), b.dropna(subset=[key]).set_index(key)
        for name in sorted(set(a.index) & set(b.index), key=str):
            for column in sorted((set(a.columns) & set(b.columns)) - {"note", "label"}):
                x, y = a.at[name, column], b.at[name, column]
                if not _same(x, y):
                    shown = labels.get(str(name), name) if sheet == "place_types" else name
                    values = dict(sheet=sheet, column=column, name=shown, before=_shown(x, say), now=_shown(y, say))
                    lines.append(say("input_changed", **values))
        lines += [say("input_new", sheet=sheet, name=name) for name in sorted(set(b.index) - set(a.index), key=str)]
        lines += [say("input_gone", sheet=sheet, name=name) for name in sorted(set(a.index) - set(b.index), key=str)]
    return lines


def _stock_account(
    old: PlanBook, new: PlanBook, say: Words, labels: dict[str, str], span: tuple[int, int]
) -> list[str]:
    """Stock rows changed between the two plans' inputs: per site and type, the places in service per year."""
    if "stock" not in old.inputs or "stock" not in new.inputs:  # a plan without its inputs' copy: cannot tell
        return []
    before, after = _stock_places(old, span), _stock_places(new, span)
    lines = []
    for site, type_ in sorted(set(before) | set(after), key=str):
        a, b = before.get((site, type_), {}), after.get((site, type_), {})
        differ = [y for y in range(span[0], span[1] + 1) if a.get(y, 0) != b.get(y, 0)]
        if not differ:
            continue
        worst = max(differ, key=lambda y: abs(b.get(y, 0) - a.get(y, 0)))
        key = "stock_new" if not a else "stock_gone" if not b else "stock_changed"
        values = dict(site=site, type=labels.get(type_, type_), years=year_runs(differ))
        lines.append(say(key, now=b.get(worst, 0), before=a.get(worst, 0), **values))
    return lines


def _stock_places(book: PlanBook, span: tuple[int, int]) -> dict[tuple[str, str], dict[int, int]]:
    """(site, type) -> year -> places the stock sheet the plan was made with has in service (years in SPAN)."""
    table = book.inputs.get("stock")
    if table is None or not {"site", "type", "places"} <= set(table.columns):
        return {}
    out: dict[tuple[str, str], dict[int, int]] = {}
    for row in table.to_dict("records"):
        if pd.isna(row.get("type")) or pd.isna(row.get("places")):
            continue
        first = _year_or(row.get("first_year"), span[0])
        last = _year_or(row.get("last_year"), span[1])
        years = out.setdefault((str(row.get("site") or ""), str(row["type"])), {})
        for y in range(max(first, span[0]), min(last, span[1]) + 1):
            years[y] = years.get(y, 0) + int(row["places"])
    return out


def _year_or(value, default: int) -> int:
    return default if value is None or pd.isna(value) else int(value)


def _same(x, y) -> bool:
    if pd.isna(x) and pd.isna(y):
        return True
    if isinstance(x, int | float) and isinstance(y, int | float):
        return abs(x - y) <= 1e-9 * max(1.0, abs(x), abs(y))
    return str(x).strip().lower() == str(y).strip().lower()


def _shown(value, say: Words) -> str:
    """A figure of an input sheet as the account says it: thousands apart in the sheet's language, shares as
    written. The sheets come back as numpy numbers, which are no Python int or float (they read 1156000)."""
    if value is None or (isinstance(value, float | np.floating) and pd.isna(value)):
        return "blank"
    if isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool):
        value = float(value)
        if abs(value) < 1:
            return f"{value:.6g}".replace(".", say.decimal)
        return say.number(value, 0 if value == round(value) else 2)
    return str(value)
