"""Running a solver on a built model: CBC (bundled with PuLP) or HiGHS (highspy)."""

from __future__ import annotations

import os
import re
import tempfile
import time
from dataclasses import dataclass

import pulp

SOLVERS = ("cbc", "highs")


class SolverUnavailable(RuntimeError):
    """The chosen solver cannot run on this machine (missing or broken binary)."""


@dataclass(frozen=True)
class SolverRun:
    status: str  # optimal | feasible | infeasible | no_solution
    mip_gap: float | None
    seconds: float
    solver: str  # name and version, recorded in every plan

    @property
    def has_solution(self) -> bool:
        return self.status in ("optimal", "feasible")


def run_solver(
    problem: pulp.LpProblem, solver: str = "cbc", time_limit: float | None = 60, gap: float = 0.0
) -> SolverRun:
    """Solve ``problem`` in place; single-threaded so the same input gives the same plan."""
    if solver == "cbc":
        return _run_cbc(problem, time_limit, gap)
    if solver == "highs":
        return _run_highs(problem, time_limit, gap)
    raise ValueError(f"unknown solver {solver!r}; choose one of {', '.join(SOLVERS)}")


def _run_cbc(problem: pulp.LpProblem, time_limit: float | None, gap: float) -> SolverRun:
    with tempfile.TemporaryDirectory(prefix="planner-cbc-") as tmp:
        log_path = os.path.join(tmp, "cbc.log")
        # CBC's integer preprocessing can stop at a plan it calls optimal that is not
        # (seen on the example: 0.2 M NOK above HiGHS's optimum; cf. coin-or/Cbc#724).
        cmd = pulp.PULP_CBC_CMD(
            msg=False,
            timeLimit=time_limit,
            gapRel=gap,
            threads=1,
            logPath=log_path,
            keepFiles=False,
            options=["preprocess off"],
        )
        if not cmd.available():
            raise SolverUnavailable("the CBC solver bundled with PuLP was not found or cannot run")
        start = time.perf_counter()
        try:
            problem.solve(cmd)
        except pulp.PulpSolverError as exc:
            raise SolverUnavailable(f"CBC failed: {exc}") from exc
        seconds = time.perf_counter() - start
        log = open(log_path, encoding="utf-8", errors="replace").read() if os.path.exists(log_path) else ""
    version = re.search(r"^Version:\s*(\S+)", log, re.MULTILINE)
    name = f"cbc {version.group(1)}" if version else "cbc"
    status = _status(problem)
    mip_gap = _cbc_gap(log, status)
    return SolverRun(status, mip_gap, seconds, f"{name} (PuLP {pulp.__version__})")


def _cbc_gap(log: str, status: str) -> float | None:
    """CBC's closing block reports the relative gap of the incumbent to the best bound."""
    if status == "optimal":
        return 0.0
    found = re.findall(r"^Gap:\s*([-+0-9.eE]+)", log, re.MULTILINE)
    return float(found[-1]) if found else None


def _run_highs(problem: pulp.LpProblem, time_limit: float | None, gap: float) -> SolverRun:
    try:
        import highspy
    except ImportError as exc:  # pragma: no cover - highspy is a declared dependency
        raise SolverUnavailable("HiGHS (the highspy package) is not installed") from exc
    cmd = pulp.HiGHS(
        msg=False,
        timeLimit=time_limit,
        gapRel=gap,
        threads=1,
        random_seed=0,
    )
    start = time.perf_counter()
    problem.solve(cmd)
    seconds = time.perf_counter() - start
    highs = problem.solverModel
    info = highs.getInfo()
    model_status = highs.getModelStatus()
    has_primal = info.primal_solution_status == 2  # kSolutionStatusFeasible
    if model_status == highspy.HighsModelStatus.kOptimal:
        status = "optimal"
    elif model_status in (
        highspy.HighsModelStatus.kInfeasible,
        highspy.HighsModelStatus.kUnboundedOrInfeasible,
    ):
        status = "infeasible"
    else:
        status = "feasible" if has_primal else "no_solution"
    mip_gap = 0.0 if status == "optimal" else (float(info.mip_gap) if has_primal else None)
    version = highs.version() if hasattr(highs, "version") else getattr(highspy, "__version__", "")
    return SolverRun(status, mip_gap, seconds, f"highs {version} (PuLP {pulp.__version__})".replace("  ", " "))


def _status(problem: pulp.LpProblem) -> str:
    """Map PuLP's (status, sol_status) to the plan's status words."""
    if problem.status == pulp.LpStatusInfeasible or problem.sol_status == pulp.LpSolutionInfeasible:
        return "infeasible"
    if problem.sol_status == pulp.LpSolutionOptimal:
        return "optimal"
    if problem.sol_status == pulp.LpSolutionIntegerFeasible:
        return "feasible"
    return "no_solution"
