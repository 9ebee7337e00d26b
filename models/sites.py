"""Existing sites as decisions: keep a site, renovate it (its places out of service during the works), or close it.

Notation (docs/formulation.md writes it out): sites s with a row in the sites sheet; P(s,k,t) their stock
places of type k in service in year t; R(s) the works' years, L(s) the years of use a renovation gives,
E(s) the end-of-life year. close(s,t) ∈ {0,1}: the site closes at the start of t; closed(s,t) = Σ_{τ≤t}
close(s,τ). renovate(s,t) ∈ {0,1}: the works start in t. out(s,t) = closed(s,t) + Σ_{τ=t−R+1..t}
renovate(s,τ) is 1 when the site's places are not in service, so they count P(s,k,t)·(1 − out(s,t)).
A site without a sites row has no variables: its stock counts as always.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

import pulp

from models.inputs import Site

if TYPE_CHECKING:
    from models.capacity import CapacityModel, Terms


def site_years(m: CapacityModel, site: Site) -> list[int]:
    """The horizon's years in which the site has stock places."""
    return [t for t in m.data.years if m.data.site_places(site.site, t)]


def life_end(m: CapacityModel, site: Site) -> int | None:
    """The first year with places after the site's end of life: it must be renovated or closed by then (None: never)."""
    eol = site.end_of_life_year
    return None if eol is None else next((t for t in site_years(m, site) if t > eol), None)


def close_years(m: CapacityModel, site: Site) -> list[int]:
    """Years the site may close: any year if may_close; else only when a life ends unrenovated: the first year with
    places after its end of life, or from the first year a renovation's life could run out."""
    if site.may_close:
        return site_years(m, site)
    end = life_end(m, site)
    if end is None:
        return []
    renewed = _first_renovation(m, site) + site.renovation_years + site.renovation_lifetime_years
    return [t for t in site_years(m, site) if t == end or (t > end and t >= renewed)]


def renovation_years(m: CapacityModel, site: Site) -> list[int]:
    """Years renovation may start: from earliest_renovation_year (or first_year) until its life has ended (later, the
    site is closed or was renovated already), and again once a renovation's life could have run out; the works must
    end inside the horizon. No end of life within the site's years: none (a renovation would buy nothing)."""
    end = life_end(m, site)
    if not site.renovatable or end is None:
        return []
    start = _first_renovation(m, site)
    again = start + site.renovation_years + site.renovation_lifetime_years
    last = m.data.last_year - site.renovation_years + 1
    return [t for t in site_years(m, site) if start <= t <= last and (t <= max(end, start) or t >= again)]


def _first_renovation(m: CapacityModel, site: Site) -> int:
    return max(m.data.first_year, site.earliest_renovation_year or m.data.first_year)


def site_variables(m: CapacityModel) -> None:
    """close(s,t) ∈ {0,1} where it may close; closed(s,t) ∈ [0,1] from then on; renovate(s,t) ∈ {0,1}."""
    for site in m.data.sites:
        s = site.site
        closing = close_years(m, site)
        for t in closing:
            m.site_close[s, t] = m.variable("close", s, t, up=1, cat="Binary")
        for t in range(closing[0], m.data.last_year + 1) if closing else ():
            m.site_closed[s, t] = m.variable("closed", s, t, up=1)
        for t in renovation_years(m, site):
            m.renovate[s, t] = m.variable("renovate", s, t, up=1, cat="Binary")


def site_out(m: CapacityModel, site: Site, t: int, works_years: int | None = None) -> Terms:
    """out(s,t) = closed(s,t) + Σ_{τ=t−R+1..t} renovate(s,τ): 1 when the site's places are not in service."""
    s = site.site
    terms: Terms = {}
    if (s, t) in m.site_closed:
        terms[m.site_closed[s, t]] = 1.0
    works = site.renovation_years if works_years is None else works_years
    for start in range(t - works + 1, t + 1):
        if (s, start) in m.renovate:
            terms[m.renovate[s, start]] = 1.0
    return terms


def site_losses(m: CapacityModel, k: str, t: int) -> Terms:
    """Σ_s P(s,k,t)·out(s,t): the places of type k that the sites' closures and works take out of service in t."""
    terms: Terms = defaultdict(float)
    for site in m.data.sites:
        places = m.data.site_places(site.site, t, k)
        if places:
            for var, coef in site_out(m, site, t).items():
                terms[var] += places * coef
    return terms


def close_once(m: CapacityModel) -> None:
    """closed(s,t) = closed(s,t−1) + close(s,t) ≤ 1: a site closes at most once and stays closed."""
    for (s, t), closed in m.site_closed.items():
        terms: Terms = {closed: 1.0}
        if (s, t - 1) in m.site_closed:
            terms[m.site_closed[s, t - 1]] = -1.0
        if (s, t) in m.site_close:
            terms[m.site_close[s, t]] = -1.0
        m.add(terms, pulp.LpConstraintEQ, 0, m.name("closed_by", s, t))


def works_or_closed(m: CapacityModel) -> None:
    """closed(s,t) + Σ_{τ=t−max(R,1)+1..t} renovate(s,τ) ≤ 1: no works on a closed site, one works at a time."""
    for site in m.data.sites:
        for t in site_years(m, site):
            terms = site_out(m, site, t, works_years=max(site.renovation_years, 1))
            if len(terms) > 1:
                m.add(terms, pulp.LpConstraintLE, 1, m.name("works_or_closed", site.site, t))


def renovation_interval(m: CapacityModel) -> None:
    """Σ_{τ=t…t+R+L−1} renovate(s,τ) ≤ 1: renovated again only when the last renovation's life has run out."""
    for site in m.data.sites:
        span = site.renovation_years + site.renovation_lifetime_years
        starts = renovation_years(m, site)
        for t in starts:
            window = {m.renovate[site.site, u]: 1.0 for u in starts if t <= u < t + span}
            if len(window) > 1:
                m.add(window, pulp.LpConstraintLE, 1, m.name("renovation_interval", site.site, t))


def end_of_life(m: CapacityModel) -> None:
    """closed(s,t) + Σ_{τ ≤ t ≤ τ+R+L−1} renovate(s,τ) ≥ 1 for t > E(s): past its end of life, renovated or closed."""
    for site in m.data.sites:
        eol = site.end_of_life_year
        if eol is None:
            continue
        span = site.renovation_years + site.renovation_lifetime_years
        for t in site_years(m, site):
            if t <= eol:
                continue
            terms: Terms = {}
            if (site.site, t) in m.site_closed:
                terms[m.site_closed[site.site, t]] = 1.0
            for (s, start), var in m.renovate.items():
                if s == site.site and start <= t < start + span:
                    terms[var] = 1.0
            if terms:  # none only where neither can happen: a year before the site's life can end
                m.add(terms, pulp.LpConstraintGE, 1, m.name("end_of_life", site.site, t))


def site_costs(m: CapacityModel, costs: dict, constants: dict) -> None:
    """Renovation and its grant (timed by renovation_shares), closure costs, and each site's fixed operating cost
    F(s)·(1 − out(s,t)) in every year it has places: a constant, less what closures and works save."""
    data = m.data
    for site in data.sites:
        s = site.site
        for (name, t), var in m.renovate.items():
            if name != s:
                continue
            places = data.site_places(s, t)
            for year, share in data.renovation_shares(t, site.renovation_years).items():
                costs["renovation", year][var] += share * places * (site.renovation_cost_per_place or 0.0)
                costs["renovation_grants", year][var] += share * places * site.renovation_grant_per_place
        if site.closure_cost:
            for (name, t), var in m.site_close.items():
                if name == s:
                    costs["closure_costs", t][var] += site.closure_cost
        if site.fixed_operating_year:
            for t in site_years(m, site):
                constants["fixed_operating", t] = constants.get(("fixed_operating", t), 0.0) + site.fixed_operating_year
                for var, coef in site_out(m, site, t).items():
                    costs["fixed_operating", t][var] -= coef * site.fixed_operating_year


def renovation_residual(m: CapacityModel, value: Terms) -> None:
    """Σ (cost − grant)·P(s,t)·max(0, 1 − (last_year − (t+R) + 1)/L): a renovation depreciates like new places."""
    data = m.data
    sites = {site.site: site for site in data.sites}
    for (s, t), var in m.renovate.items():
        site = sites[s]
        share = data.residual_share(t + site.renovation_years, site.renovation_lifetime_years)
        if share:
            value[var] += site.net_renovation_per_place * data.site_places(s, t) * share


def frozen_site_decisions(m: CapacityModel) -> None:
    """Up to frozen_until (planner reoptimise --freeze-until) or a stochastic baseline's committed years,
    renovate(s,t) and close(s,t) are the baseline's."""
    frozen = m.data.baseline_fixed_until
    if frozen is None:
        return
    for decision, variables in (("renovate", m.renovate), ("close", m.site_close)):
        for (s, t), var in variables.items():
            if t <= frozen:
                var.lowBound = var.upBound = m.data.frozen_sites.get((s, decision, t), 0)
