"""Places bought from providers and sold to buyers: contracts beside the municipality's own places.

Notation (docs/formulation.md): purchase rows j of type k(j), sale rows i of type k(i).
buy(j,t) ∈ ℤ, min_places(j) ≤ buy(j,t) ≤ max_places(j) in the row's years; start(j,t) ≥ 0 the places newly
contracted in t, each kept M(j) = min_contract_years. sell(i,t) ∈ ℤ, 0 … max_places(i). Bought places count
toward the bands like own places; sold ones are own places in service that do not:
available(k,t) = cap(k,t) + Σ_{j: k(j)=k} buy(j,t) − Σ_{i: k(i)=k} sell(i,t).
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

import pulp

if TYPE_CHECKING:
    from models.capacity import CapacityModel, Terms


def contract_variables(m: CapacityModel) -> None:
    """buy(j,t) ∈ ℤ ∩ [min_places, max_places] and sell(i,t) ∈ ℤ ∩ [0, max_places] in each row's years."""
    years = set(m.data.years)
    for j, row in enumerate(m.data.purchases):
        for t in row.years():
            if t in years:
                m.bought[j, t] = m.variable(
                    "buy", row.provider, row.type, t, low=row.min_places, up=row.max_places, cat="Integer"
                )
    for i, row in enumerate(m.data.sales):
        for t in row.years():
            if t in years:
                m.sold[i, t] = m.variable("sell", row.buyer, row.type, t, up=row.max_places, cat="Integer")


def contracted_places(m: CapacityModel, k: str, t: int) -> Terms:
    """Σ_{j: k(j)=k} buy(j,t) − Σ_{i: k(i)=k} sell(i,t): what contracts add to the places of type k counted in t."""
    terms: Terms = defaultdict(float)
    for j, row in enumerate(m.data.purchases):
        if row.type == k and (j, t) in m.bought:
            terms[m.bought[j, t]] += 1.0
    for i, row in enumerate(m.data.sales):
        if row.type == k and (i, t) in m.sold:
            terms[m.sold[i, t]] -= 1.0
    return terms


def minimum_contract(m: CapacityModel) -> None:
    """start(j,t) ≥ buy(j,t) − buy(j,t−1) and buy(j,t) ≥ Σ_{τ=t−M+1..t} start(j,τ): places contracted stay M years."""
    for j, row in enumerate(m.data.purchases):
        if row.min_contract_years <= 1:
            continue
        years = sorted(t for (jj, t) in m.bought if jj == j)
        starts = {}
        for t in years:
            start = m.variable("contract_start", row.provider, row.type, t)
            starts[t] = start
            terms: Terms = {start: 1.0, m.bought[j, t]: -1.0}
            if (j, t - 1) in m.bought:
                terms[m.bought[j, t - 1]] = 1.0
            m.add(terms, pulp.LpConstraintGE, 0, m.name("contract_start", row.provider, row.type, t))
        for t in years:
            kept: Terms = {m.bought[j, t]: 1.0}
            for u in range(t - row.min_contract_years + 1, t + 1):
                if u in starts:
                    kept[starts[u]] = kept.get(starts[u], 0.0) - 1.0
            m.add(kept, pulp.LpConstraintGE, 0, m.name("contract_kept", row.provider, row.type, t))


def sold_share(m: CapacityModel) -> None:
    """Σ_{i: k(i)=k} sell(i,t) ≤ max_sold_share · cap(k,t): a municipality sells at most that share of its places."""
    by_type: dict[tuple[str, int], Terms] = defaultdict(dict)
    for (i, t), var in m.sold.items():
        by_type[m.data.sales[i].type, t][var] = 1.0
    for (k, t), terms in by_type.items():
        m.add({**terms, m.capacity[k, t]: -m.data.max_sold_share}, pulp.LpConstraintLE, 0, m.name("sold_share", k, t))


def contract_costs(m: CapacityModel, costs: dict) -> None:
    """purchases(t) = Σ_j price(j)·buy(j,t); sales_income(t) = Σ_i price(i)·sell(i,t)."""
    for (j, t), var in m.bought.items():
        costs["purchases", t][var] += m.data.purchases[j].price_per_place_year
    for (i, t), var in m.sold.items():
        costs["sales_income", t][var] += m.data.sales[i].price_per_place_year


def purchased_staff(m: CapacityModel, t: int, terms: Terms) -> None:
    """With purchased_places_use_own_staff: bought places need work_years_per_place(k) of the municipality's staff."""
    if not m.data.purchased_places_use_own_staff:
        return
    for (j, year), var in m.bought.items():
        per_place = m.data.place_types[m.data.purchases[j].type].work_years_per_place
        if year == t and per_place:
            terms[var] += per_place
