"""Husbanken's two grant streams: the full grant only for net new places, the renovation stream for replacements.

Since 2019 the investment grant for net new places (post 69) is paid only for places that raise the
municipality's total and keep it raised for W = grant_replacement_window_years; places that replace closed
or expiring ones get the renovation stream (post 63), as renovations do. Notation (docs/formulation.md):
K the types with a replacement grant below their grant; for k ∈ K, full(k,t) ≥ 0 the new places of type k
opening in t that get the full grant, full(k,t) ≤ opened(k,t); fullcum(t) = Σ_{τ≤t} Σ_k full(k,τ);
total(t) = own places of the granted types (grant_per_place > 0) in service or under works in t; B = their
number in first_year. A year's full grants need the total to stay up for W years: with one binary has(t) a
year, Σ_k full(k,t) ≤ M·has(t) and fullcum(t) ≤ total(t') − B + M·(1 − has(t)) for every t' in t … t+W−1
(places granted earlier count against the same baseline; their own years of obligation are not reopened).
Types whose two grants are equal (the default) add nothing: the plan is today's.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

import pulp

from models.sites import site_out

if TYPE_CHECKING:
    from models.capacity import CapacityModel, Terms


def replacement_types(m: CapacityModel) -> list[str]:
    """The types whose new places get less when they replace closed ones."""
    return [k for k, pt in m.data.place_types.items() if pt.has_replacement_grant]


def grant_streams(m: CapacityModel) -> None:
    """full(k,t) ≤ opened(k,t); fullcum(t) = fullcum(t−1) + Σ_k full(k,t); Σ_k full(k,t) ≤ M·has(t);
    fullcum(t) ≤ total(t') − B + M·(1 − has(t)) for t ≤ t' ≤ t + W − 1."""
    data = m.data
    types = replacement_types(m)
    if not types:
        return
    granted = [k for k, pt in data.place_types.items() if pt.grant_per_place > 0]
    baseline = sum(data.stock_places(k, data.first_year) for k in granted)
    big = baseline + _most_new_places(m, granted)
    cumulative, granted_in = {}, {}
    previous = None
    for t in data.years:
        terms: Terms = {}
        granted_in[t] = {}
        for k in types:
            full = m.variable("full_grant", k, t)
            m.full_grant[k, t] = full
            m.add(
                {full: 1.0, **{var: -coef for var, coef in m.opening_places(k, t).items()}},
                pulp.LpConstraintLE,
                0,
                m.name("full_grant_opened", k, t),
            )
            terms[full] = -1.0
            granted_in[t][full] = 1.0
        total = m.variable("full_grant_cum", t)
        cumulative[t] = total
        terms[total] = 1.0
        if previous is not None:
            terms[previous] = -1.0
        m.add(terms, pulp.LpConstraintEQ, 0, m.name("full_grant_by", t))
        previous = total
    window = data.grant_replacement_window_years
    totals = {t: _granted_total(m, granted, t) for t in data.years}
    for t in data.years:
        has = m.variable("has_full_grant", t, up=1, cat="Binary")
        m.add({**granted_in[t], has: -big}, pulp.LpConstraintLE, 0, m.name("full_grant_year", t))
        for later in range(t, min(t + window - 1, data.last_year) + 1):
            row = {cumulative[t]: 1.0, has: big}
            for var, coef in totals[later].items():
                row[var] = row.get(var, 0.0) - coef
            m.add(row, pulp.LpConstraintLE, big - baseline, m.name("net_new", t, later))


def _granted_total(m: CapacityModel, granted: list[str], t: int) -> Terms:
    """Own places of the granted types in service in t, and those under works (a renovation is no closure)."""
    terms: Terms = defaultdict(float)
    for k in granted:
        terms[m.capacity[k, t]] += 1.0
    for site in m.data.sites:
        if not site.renovation_years:
            continue
        places = sum(m.data.site_places(site.site, t, k) for k in granted)
        works = site_out(m, site, t)
        works.pop(m.site_closed.get((site.site, t)), None)  # closed places are gone; only the works come back
        for var, coef in works.items():
            terms[var] += places * coef
    return terms


def _most_new_places(m: CapacityModel, granted: list[str]) -> float:
    """An upper bound on the new places of the granted types over the horizon (the rows' big M)."""
    data = m.data
    most = 0.0
    for k in granted:
        pt = data.place_types[k]
        per_year = pt.max_new_per_year if pt.max_new_per_year is not None else None
        for t in data.years:
            caps = [var.upBound for _, var in m.openings[k, t]]
            if per_year is not None:
                most += per_year
            elif all(c is not None for c in caps):
                most += sum(coef * var.upBound for coef, var in m.openings[k, t])
            else:
                most += 10_000.0  # no bound given: more places than any municipality plans in a year
    return most


def replacement_grant_costs(m: CapacityModel, costs: dict) -> None:
    """grants(t) −= (g − r)·opened(k,t) + (g − r)·full(k,t), each timed as its openings are paid."""
    data = m.data
    project_leads = _project_leads(m)
    for k in replacement_types(m):
        pt = data.place_types[k]
        difference = pt.grant_per_place - pt.replacement_grant
        for t in data.years:
            for coef, var in m.openings[k, t]:
                lead = project_leads.get(var.name, pt.lead_time_years)
                for year, share in data.payment_shares(t, lead).items():
                    costs["grants", year][var] -= share * coef * difference
            full = m.full_grant.get((k, t))
            if full is not None:
                for year, share in data.payment_shares(t, pt.lead_time_years).items():
                    costs["grants", year][full] += share * difference


def replacement_residual(m: CapacityModel, value: Terms) -> None:
    """A replacement place's net investment is higher by g − r: RV += (g − r)·r(t, L)·(opened(k,t) − full(k,t))."""
    data = m.data
    for k in replacement_types(m):
        pt = data.place_types[k]
        difference = pt.grant_per_place - pt.replacement_grant
        for t in data.years:
            share = data.residual_share(t, pt.lifetime_years)
            if not share:
                continue
            for coef, var in m.openings[k, t]:
                value[var] += difference * share * coef
            value[m.full_grant[k, t]] -= difference * share


def _project_leads(m: CapacityModel) -> dict[str, int]:
    """Each project place variable's name -> the project's lead time (its investment and grants are timed by it)."""
    return {
        var.name: m.data.project_lead_time(p)
        for p in m.data.projects
        for (name, _k, _t), var in m.project_places.items()
        if name == p.project
    }
