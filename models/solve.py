"""Running a solver on a built model: CBC (bundled with PuLP) or HiGHS (highspy)."""

from __future__ import annotations

import os
import re
import tempfile
import time
from dataclasses import dataclass

import pulp

SOLVERS = ("cbc", "highs")

# A plan is called optimal only when its gap to the best bound is below this share of its cost.
PROVEN_GAP = 1e-7

# Set to a CBC executable to use it instead of the one bundled with PuLP.
CBC_PATH_VARIABLE = "PLANNER_CBC_PATH"


class SolverUnavailable(RuntimeError):
    """The chosen solver cannot run on this machine (missing or broken binary)."""


@dataclass(frozen=True)
class SolverRun:
    status: str  # optimal | feasible | infeasible | unbounded | no_solution
    mip_gap: float | None  # (cost − best bound) / |cost| of the whole objective
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
        custom = os.environ.get(CBC_PATH_VARIABLE)
        where = f"at {custom} ({CBC_PATH_VARIABLE})" if custom else "bundled with PuLP"

        def command(preprocess: list[str]):
            options = dict(
                msg=False,
                timeLimit=time_limit,
                gapRel=gap,
                threads=1,
                logPath=log_path,
                keepFiles=False,
                options=preprocess,
            )
            return pulp.COIN_CMD(path=custom, **options) if custom else pulp.PULP_CBC_CMD(**options)

        # CBC's integer preprocessing can stop at a plan it calls optimal that is not (seen on
        # the example: 0.2 M NOK above HiGHS's optimum; cf. coin-or/Cbc#724), so it is off.
        # Without it CBC 2.10 crashes on some models with no integer solution; those are
        # solved again with preprocessing, which proves them infeasible.
        cmd = command(["preprocess off"])
        if not cmd.available():
            raise SolverUnavailable(f"the CBC solver {where} was not found or cannot run")
        start = time.perf_counter()
        note = ""
        try:
            problem.solve(cmd)
        except pulp.PulpSolverError:
            note = ", again with preprocessing after a crash"
            try:
                problem.solve(command([]))
            except pulp.PulpSolverError as exc:
                raise SolverUnavailable(f"the CBC solver {where} failed ({str(exc).strip()[:200]})") from exc
        seconds = time.perf_counter() - start
        log = _read(log_path)
    version = re.search(r"^Version:\s*(\S+)", log, re.MULTILINE)
    name = f"cbc {version.group(1)}" if version else "cbc"
    status = _status(problem)
    mip_gap = None
    if status in ("optimal", "feasible"):
        stopped_early = "within gap tolerance" in log or status == "feasible"
        mip_gap = _cbc_gap(log, problem) if stopped_early else 0.0
        status = "optimal" if mip_gap is not None and mip_gap <= PROVEN_GAP else "feasible"
    return SolverRun(status, mip_gap, seconds, f"{name} (PuLP {pulp.__version__}{note})")


def _read(path: str) -> str:
    if not os.path.exists(path):
        return ""
    with open(path, encoding="utf-8", errors="replace") as handle:
        return handle.read()


def _cbc_gap(log: str, problem: pulp.LpProblem) -> float | None:
    """Gap of the whole objective: CBC's closing block gives the incumbent and the best bound."""
    found = {
        key: float(value)
        for key, value in re.findall(r"^(Objective value|Lower bound):\s*([-+0-9.eE]+)", log, re.MULTILINE)
    }
    if "Objective value" not in found or "Lower bound" not in found:
        return None
    return _relative_gap(found["Objective value"] - found["Lower bound"], problem)


def _relative_gap(absolute: float, problem: pulp.LpProblem) -> float:
    """The solvers leave the objective's constant out of their own gap; the plan reports the whole."""
    total = abs(pulp.value(problem.objective) or 0.0)
    return max(0.0, absolute) / total if total > 0 else 0.0


def _run_highs(problem: pulp.LpProblem, time_limit: float | None, gap: float) -> SolverRun:
    try:
        import highspy
    except ImportError as exc:  # pragma: no cover - highspy is a declared dependency
        raise SolverUnavailable("HiGHS (the highspy package) is not installed") from exc
    cmd = pulp.HiGHS(msg=False, timeLimit=time_limit, gapRel=gap, threads=1, random_seed=0)
    start = time.perf_counter()
    problem.solve(cmd)
    seconds = time.perf_counter() - start
    highs = problem.solverModel
    info = highs.getInfo()
    model_status = highs.getModelStatus()
    has_plan = info.primal_solution_status == 2  # kSolutionStatusFeasible
    mip_gap = None
    if model_status == highspy.HighsModelStatus.kUnbounded:
        status = "unbounded"
    elif model_status in (highspy.HighsModelStatus.kInfeasible, highspy.HighsModelStatus.kUnboundedOrInfeasible):
        status = "infeasible"  # the diagnosis tells the two apart
    elif not has_plan:
        status = "no_solution"
    else:
        absolute = info.objective_function_value - info.mip_dual_bound
        mip_gap = _relative_gap(absolute, problem) if model_status != highspy.HighsModelStatus.kOptimal or gap else 0.0
        status = "optimal" if mip_gap <= PROVEN_GAP else "feasible"
    return SolverRun(status, mip_gap, seconds, f"highs {highs.version()} (PuLP {pulp.__version__})")


def _status(problem: pulp.LpProblem) -> str:
    """Map PuLP's (status, sol_status) to the plan's status words."""
    if problem.status == pulp.LpStatusUnbounded or problem.sol_status == pulp.LpSolutionUnbounded:
        return "unbounded"
    if problem.status == pulp.LpStatusInfeasible or problem.sol_status == pulp.LpSolutionInfeasible:
        return "infeasible"
    if problem.sol_status == pulp.LpSolutionOptimal:
        return "optimal"
    if problem.sol_status == pulp.LpSolutionIntegerFeasible:
        return "feasible"
    return "no_solution"
