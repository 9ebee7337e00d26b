"""What a plan workbook records beside the solution: the input it came from and how it was made."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from planner import __version__
from planner.files import sha256


def utc_now() -> str:
    """The time a workbook is made, as every workbook records it: 2026-12-05T15:57:28Z."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def provenance(input_path: Path, input_sha256: str | None = None) -> dict[str, str]:
    """Where a workbook comes from: the input's name and SHA-256 (taken now unless given), the planner's version,
    the time made."""
    return {
        "input_file": Path(input_path).name,
        "input_sha256": sha256(Path(input_path)) if input_sha256 is None else input_sha256,
        "planner_version": __version__,
        "created_utc": utc_now(),
    }


@dataclass(frozen=True)
class Baseline:
    """Re-planning: the plan re-planned against, and what was kept of it."""

    file: str
    input_sha256: str | None
    freeze_until: int | None
    change_penalty_per_place: float


@dataclass(frozen=True)
class PlanRecord:
    """The summary's record of a plan (beside the solution's own figures), and what the people sheets say of it."""

    input_file: str
    input_sha256: str
    planner_version: str
    created_utc: str
    solver: str  # the solver asked for; the solve's own name and version are the solution's
    time_limit_s: float | None = None
    gap: float | None = None  # the gap asked for
    method: str = "optimise"  # optimise | ratio | reoptimise
    lang: str = "nb"  # the people sheets' language
    robust_scenarios: str | None = None  # a robust plan: the other scenarios it holds in
    # a robust plan: what holding the others costs in the chosen scenario (models.scenarios' row of it)
    robust_price: dict | None = None
    ratio: dict | None = None  # --compare-ratio: models.ratio.ratio_comparison's figures
    baseline: Baseline | None = None  # re-planning
    changes_account: tuple[str, ...] = ()  # re-planning: what changed, in the people sheets' language
    municipality: str | None = None  # the setting municipality: who the plan is for
    # a stochastic plan: its figures and settings (summary keys), the stochastic table and the stage tables
    stochastic: dict | None = None

    @classmethod
    def made_from(cls, input_path: Path, solver: str, input_sha256: str | None = None, **run) -> PlanRecord:
        """The record of a plan made now from the input at INPUT_PATH (whose SHA-256 may be taken already)."""
        return cls(**provenance(input_path, input_sha256), solver=solver, **run)
