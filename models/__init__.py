"""The optimisation model: planning input in, solution tables out. No Excel, no command line."""

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
from models.optimise import optimise
from models.results import Solution

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
