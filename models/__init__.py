"""The optimisation model: planning input in, solution tables out. No Excel, no command line.

Only the input objects load with the package, so reading and validating a workbook does not load PuLP
or pandas: the solve is ``models.optimise.optimise``, its tables ``models.results.Solution``.
"""

from models.inputs import (
    Band,
    Commitment,
    Conversion,
    PlaceType,
    PlanningInput,
    Project,
    ProjectMix,
    Purchase,
    Sale,
    Site,
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
    "Purchase",
    "Sale",
    "Site",
    "StockRow",
]
