"""The optimisation model: planning input in, solution tables out. No Excel, no command line.

The input objects load at once; ``optimise`` and ``Solution`` (PuLP, pandas) only when first asked for,
so reading and validating a workbook does not load the solver's stack.
"""

from models.inputs import (
    Band,
    Commitment,
    Conversion,
    PlaceType,
    PlanningInput,
    Project,
    ProjectMix,
    StockRow,
)

__all__ = [
    "Band",
    "Commitment",
    "Conversion",
    "PlaceType",
    "PlanningInput",
    "Project",
    "ProjectMix",
    "Solution",
    "StockRow",
    "optimise",
]


def __getattr__(name: str):
    if name == "optimise":
        from models.optimise import optimise

        return optimise
    if name == "Solution":
        from models.results import Solution

        return Solution
    raise AttributeError(f"module 'models' has no attribute {name!r}")
