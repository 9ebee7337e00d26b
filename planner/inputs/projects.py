"""The projects and project_mix sheets: candidate facilities, each with the types of place it may hold."""

from __future__ import annotations

import dataclasses

from models.inputs import Project, ProjectMix
from planner.inputs.cells import Row, build
from planner.inputs.context import Reading
from planner.inputs.workbook import Sheet
from planner.problems import Problem

# A project's own cells every size and year check needs.
_NEEDED = ("earliest_year", "latest_year", "fixed_cost", "fixed_operating_year", "min_places")


def read_projects(r: Reading) -> list[Project]:
    sheet = r.optional("projects")
    mix_sheet = r.optional("project_mix")
    if sheet is None and mix_sheet is None:
        return []
    if "projects" in r.sheets and "project_mix" not in r.sheets:
        r.problems.append(Problem(r.file, "sheet 'project_mix' is missing; each project needs its types there"))
    heads = _heads(r, sheet)
    mixes = _mixes(r, mix_sheet, heads)
    projects = []
    for name, head in heads.items():
        rows = mixes.get(name, [])
        if not rows:
            if mix_sheet is not None:
                message = f"project '{name}' has no rows in project_mix; add its types"
                r.problems.append(sheet.problem(message, head["row"], "project"))
            continue
        if any(m is None for _, m in rows) or any(head[k] is None for k in _NEEDED):
            continue
        project = _project(r, sheet, head, [m for _, m in rows])
        if project is not None:
            projects.append(project)
    return projects


def _heads(r: Reading, sheet: Sheet | None) -> dict[str, Row]:
    """The projects sheet's rows by name: unique, and able to open inside the horizon."""
    first, last = r.horizon.get("first_year"), r.horizon.get("last_year")
    heads: dict[str, Row] = {}
    for c in r.rows(sheet):
        h = r.parse(c)
        name = h["project"]
        if name is None:
            continue
        if name in heads:
            c.fail("project", f"'{name}' is listed twice (also in row {heads[name]['row']}); keep one")
            continue
        h["row"] = c.row
        heads[name] = h
        if "earliest_year" in h.failed:
            pass  # a bad year, or after latest_year: reported
        elif last is not None and h["earliest_year"] is not None and h["earliest_year"] > last:
            c.fail("earliest_year", f"{h['earliest_year']} is after last_year {last}: the project could never open")
        elif first is not None and h["latest_year"] is not None and h["latest_year"] < first:
            c.fail("latest_year", f"{h['latest_year']} is before first_year {first}: the project could never open")
    return heads


def _mixes(r: Reading, sheet: Sheet | None, heads: dict[str, Row]) -> dict[str, list[tuple[int, ProjectMix | None]]]:
    """project_mix rows by project; a rejected row stays as None, so the project's checks wait until it is fixed."""
    mixes: dict[str, list[tuple[int, ProjectMix | None]]] = {}
    for c in r.rows(sheet):
        row = r.parse(c)
        name, type_, low = row["project"], row["type"], row["min_places"]
        if name is None or type_ is None:
            continue
        if name not in heads:
            c.fail("project", f"'{name}' is not in the projects sheet; add it there or fix the name")
            continue
        usable = low is not None and r.known_type(c, "type", type_)
        if usable and any(m is not None and m.type == type_ for _, m in mixes.get(name, [])):
            c.fail("type", f"'{type_}' is listed twice for project '{name}'; keep one row per type")
            usable = False
        usable = usable and "min_places" not in row.failed  # above max_places: reported
        mixes.setdefault(name, []).append((c.row, build(ProjectMix, row) if usable else None))
    return mixes


def _project(r: Reading, sheet: Sheet, head: Row, rows: list[ProjectMix]) -> Project | None:
    """The project with its mix, if its sizes fit and it can open inside the horizon (else a problem)."""
    name = head["project"]
    total_max = head["max_places"]
    if total_max is None:
        if any(m.max_places is None for m in rows):
            message = f"project '{name}' has no max_places and a type in project_mix has none either; give one"
            r.problems.append(sheet.problem(message, head["row"], "max_places"))
            return None
        total_max = sum(m.max_places for m in rows)
    mix = tuple(dataclasses.replace(m, max_places=total_max if m.max_places is None else m.max_places) for m in rows)
    if head["min_places"] > total_max:
        message = f"min_places {head['min_places']} is above max_places {total_max}"
        r.problems.append(sheet.problem(message, head["row"], "min_places"))
        return None
    if sum(m.min_places for m in mix) > total_max or sum(m.max_places for m in mix) < head["min_places"]:
        message = (
            f"project '{name}' can never open: its mix ranges in project_mix do not fit "
            f"min_places {head['min_places']} – max_places {total_max}"
        )
        r.problems.append(sheet.problem(message, head["row"], "max_places"))
        return None
    first, last = r.horizon.get("first_year"), r.horizon.get("last_year")
    if first is None or last is None:
        return None  # the missing horizon is reported with the settings
    lead = max(r.lead_times.get(m.type, 0) for m in mix)
    opens, closes = max(head["earliest_year"], first + lead), min(head["latest_year"], last)
    if opens > closes:
        message = (
            f"project '{name}' could never open: with the lead time of {lead} years its earliest "
            f"opening is {opens}, after {closes}; move latest_year or earliest_year"
        )
        r.problems.append(sheet.problem(message, head["row"], "latest_year"))
        return None
    return build(Project, head, max_places=total_max, mix=mix)
