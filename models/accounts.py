"""The accounts of a year's net cost: each component, its sign, and what the budget limits.

net_cost(t) = Σ sign × component(t): grants and rent income reduce it. The one statement of that
formula: the model, the costs table, the reference page, the schema's notes and the people
sheets all read it (or the words for it) from here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

NET_COST_SIGNS = {
    "investment": 1,
    "grants": -1,
    "fixed_costs": 1,
    "conversion_costs": 1,
    "operating": 1,
    "rent_income": -1,
    "fixed_operating": 1,
    "renovation": 1,
    "renovation_grants": -1,
    "closure_costs": 1,
    "purchases": 1,
    "sales_income": -1,
}
COST_COMPONENTS = tuple(NET_COST_SIGNS)
# What the budget limits: the one-off money paid in a year.
BUDGET_COMPONENTS = (
    "investment",
    "grants",
    "fixed_costs",
    "conversion_costs",
    "renovation",
    "renovation_grants",
    "closure_costs",
)


def signed_sum(components: Iterable[str], name: Callable[[str], str] = str, minus: str = "−") -> str:
    """The components as their signed sum in words: 'investment − grants + fixed_costs + conversion_costs'."""
    text = ""
    for component in components:
        word = name(component)
        negative = NET_COST_SIGNS[component] < 0
        if not text:
            text = f"{minus}{word}" if negative else word
        else:
            text += f" {minus if negative else '+'} {word}"
    return text
