"""The schema of a plan over the prognoses (two-stage stochastic): its settings and the scenario_weights sheet.

Part of the one statement of every input sheet (``planner.inputs.sheets`` gathers them); kept apart only so
that no module grows past the length the layout test allows.
"""

from __future__ import annotations

from planner.inputs.schema import Column, SheetSpec

STOCHASTIC_SETTINGS: tuple[Column, ...] = (
    Column(
        "plan",
        "choice",
        "stochastic: one plan over the population scenarios (those of robust_scenarios, blank: all): the "
        "decisions of the first commit_years years the same in every scenario, each scenario its own best "
        "continuation after them, at least expected cost (--stochastic does the same); single: one scenario.",
        default="single",
        choices=("single", "stochastic"),
        expected="single or stochastic",
    ),
    Column(
        "commit_years",
        "integer",
        "A stochastic plan: the years from first_year whose decisions are committed once (the action "
        "programme); a building whose construction starts in them is committed too.",
        default=4,
        minimum=1,
        unit="years",
    ),
    Column(
        "risk_aversion",
        "share",
        "A stochastic plan: λ in (1 − λ)·expected cost + λ·CVaR of the scenarios' costs; 0 (the default): "
        "expected cost alone; 1: the mean of the dearest (1 − cvar_alpha) of the scenarios' weight alone.",
        default=0.0,
        expected="λ between 0 and 1, e.g. 0.5 (0: the expected cost alone)",
    ),
    Column(
        "cvar_alpha",
        "share",
        "A stochastic plan with risk_aversion: CVaR's level α, below 1; 0.8: the mean cost of the dearest 20 % "
        "of the scenarios' weight.",
        default=0.8,
        expected="α between 0 and 1 (below 1), e.g. 0.8 or 0.95",
    ),
)


SCENARIO_WEIGHTS_SHEET = SheetSpec(
    "scenario_weights",
    False,
    "a population scenario's weight in a stochastic plan (normalised to sum to 1; without the sheet every "
    "scenario weighs the same)",
    (
        Column("scenario", "text", "A scenario of the population sheet (unique).", True),
        Column(
            "weight",
            "number",
            "Its weight: a probability, or any figure the weights are in proportion to.",
            True,
            expected="a weight such as 0.5 or 2, 0 or more (the weights count in proportion; write 50 % as 0.5)",
        ),
    ),
)
