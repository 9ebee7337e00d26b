"""Running a solver on a built model: CBC (bundled with PuLP) or HiGHS (highspy)."""

from __future__ import annotations

import contextlib
import math
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pulp

from models.highs_hooks import CtrlC, Progress, highs_callback

SOLVERS = ("highs", "cbc")  # HiGHS first: it is the default

# A plan is called optimal only when its gap to the best bound is below this share of its cost.
PROVEN_GAP = 1e-7

# HiGHS's full presolve (probing) takes 12–18 s on the benchmark's 40-year, 200-facility model
# (10,200 integer variables) and leaves a model whose first plan comes only after ~57 s; its
# initial sweep alone takes 1 s and a plan within 0.4 % comes in 45 s. On smaller models full
# presolve pays (the example: 2.6 s to the proof, 6.6 s with the sweep alone), so the sweep is
# used only above this many integer variables (bench/experiments.md has the measurements).
LIGHT_PRESOLVE_ABOVE = 8_000

# On small models HiGHS's RINS sub-MIPs cost more than they find: without them the example's proof takes
# 2.19 s instead of 2.60, the 20-year 4-type instance 1.06 instead of 1.49, the 20-year 8-type one reaches
# 0.5 % in 8.1 s instead of 9.6; on the 40-year 50-facility one (3,042 integer variables) RINS pays
# (12.8 s with it, 30.4 without). One run each, 2026-12-05 (bench/results.md).
NO_RINS_BELOW = 2_000

# Set to a CBC executable to use it instead of the one bundled with PuLP.
CBC_PATH_VARIABLE = "PLANNER_CBC_PATH"
CBC_VERSION = re.compile(r"^Version:\s*(\S+)", re.MULTILINE)  # in CBC's log and its banner


class SolverUnavailable(RuntimeError):
    """The chosen solver cannot run on this machine (missing or broken binary)."""


# The statuses that carry a plan (a proven optimum, or a plan stopped by the time limit or gap).
PLAN_STATUSES = ("optimal", "feasible")


def has_plan(status: str) -> bool:
    """Whether a solve's status carries a plan: optimal or feasible (not infeasible, unbounded, no_solution)."""
    return status in PLAN_STATUSES


# How a plan's optimality was checked, as the summary says it; {by} is the checking solver, {gap} the
# most the optimum may be lower. The people sheets word each key in their language.
OPTIMALITY_CHECKS = {
    "proven": "proven by HiGHS",
    "unchecked": "CBC's own claim, not independently checked (CBC 2.10 can call a plan optimal that is not; "
    "use --verify)",
    "verified": "verified by {by}: the same optimum",
    "not_verified": "not verified: {by} reached no proof in time",
    "refuted": "CBC called it optimal; {by} found a cheaper plan, and the optimum is up to {gap} lower",
}


@dataclass(frozen=True)
class SolverRun:
    status: str  # optimal | feasible | infeasible | unbounded | no_solution
    mip_gap: float | None  # (cost − best bound) / |cost| of the whole objective
    seconds: float
    solver: str  # name and version, recorded in every plan
    # How the optimum was checked (a key of OPTIMALITY_CHECKS, or ""): HiGHS proves its own; CBC 2.10's
    # claim is checked only by --verify, by the solver named in checked_by.
    check: str = ""
    checked_by: str = ""
    refuted_gap: float | None = None  # with check "refuted": the most the optimum may be lower

    @property
    def has_solution(self) -> bool:
        return has_plan(self.status)

    @property
    def optimality_check(self) -> str:
        """The check in the summary's words ("" when there is none)."""
        if not self.check:
            return ""
        gap = f"{self.refuted_gap:.4%}" if self.refuted_gap is not None else ""
        return OPTIMALITY_CHECKS[self.check].format(by=self.checked_by, gap=gap)


@dataclass(frozen=True)
class Start:
    """What a solve starts from: a known plan (values by variable name, e.g. the plan a band's re-solve
    drops a row from), and/or the facility-opening decisions (variable name -> facility), to construct
    a first plan (models.first_plan) when the model is large."""

    values: dict[str, float] | None = None
    openings: dict[str, str] | None = None


class Deadline:
    """A time limit that bounds several steps: each step is given (a share of) what is left of it."""

    def __init__(self, seconds: float | None):
        self.at = None if seconds is None else time.perf_counter() + seconds

    def left(self, share: float = 1.0, least: float = 0.5) -> float | None:
        """share × the seconds left (at least ``least``, so a late step still runs briefly); None: no limit."""
        if self.at is None:
            return None
        return max(least, share * (self.at - time.perf_counter()))


# The construction heuristic's share of the time limit (the rest is the MIP's); without a limit, this many seconds.
FIRST_PLAN_SHARE = 0.3
FIRST_PLAN_SECONDS = 120.0


def run_solver(
    problem: pulp.LpProblem,
    solver: str = "highs",
    time_limit: float | None = 60,
    gap: float = 0.0,
    progress: Progress | None = None,
    start: Start | None = None,
) -> SolverRun:
    """Solve ``problem`` in place; single-threaded so the same input gives the same plan.

    time_limit bounds the whole call, a constructed first plan included; with one, the solve never ends
    without a plan (if the solver finds none in time, the first plan is the result, with its proven gap).
    """
    if solver not in SOLVERS:
        raise ValueError(f"unknown solver {solver!r}; choose one of {', '.join(SOLVERS)}")
    started = time.perf_counter()
    construct = _wants_first_plan(problem, start)
    if solver == "highs" and construct and _can_fork():
        run, first = _run_watched(problem, time_limit, gap, progress, start)
    else:
        run, first = _first_plan_and_solve(problem, solver, time_limit, gap, progress, start, construct)
    if first is not None and (run.status == "no_solution" or _first_is_cheaper(problem, first, run)):
        run = _first_plan_run(problem, first, run)
    return replace(run, seconds=time.perf_counter() - started)


def _first_plan_and_solve(
    problem: pulp.LpProblem,
    solver: str,
    time_limit: float | None,
    gap: float,
    progress: Progress | None,
    start: Start | None,
    construct: bool,
    announce=None,
    on_plan=None,
):
    """The first plan (if ``construct``) and the solve from it: (the solver's run, the first plan or None).

    announce: called with the first plan as soon as it is known; on_plan: with each better plan HiGHS finds
    (the watched child sends both on).
    """
    started = time.perf_counter()
    first = _first_plan(problem, time_limit, start) if construct else None
    if first is not None and announce is not None:
        announce(first)
    if first is not None and progress is not None:
        progress(first.seconds, first.objective, first.gap)
    values = first.values if first is not None else (start.values if start else None)
    remaining = None if time_limit is None else max(0.5, time_limit - (time.perf_counter() - started))
    if solver == "cbc":
        return _run_cbc(problem, remaining, gap, values), first
    offset = time.perf_counter() - started
    later = None if progress is None else (lambda s, best, g: progress(s + offset, best, g))
    return _run_highs(problem, remaining, gap, later, values, on_plan), first


def _first_is_cheaper(problem: pulp.LpProblem, first, run: SolverRun) -> bool:
    """Whether the solver ended on a plan dearer than the first plan it was given (it rejected the start)."""
    if not run.has_solution:
        return False
    cost = pulp.value(problem.objective)
    return cost is not None and first.objective < cost - 1e-9 * max(1.0, abs(cost))


# HiGHS 1.16 can spend minutes in one step of its root node without looking at its clock (seen on the
# benchmark's many_small member: 164 s in the root's line-search rounding, HighsDomain::propagate, for a
# 14 s limit; bench/results.md). When a first plan is known, the solve runs in a child process that is
# stopped this many seconds after its limit, and the first plan is the result.
WATCH_GRACE_S = 1.0


def _can_fork() -> bool:
    """Whether the solve can run in a forked child: fork exists (not on Windows) and this is no daemon process
    (a Dask worker, say: daemons may not have children)."""
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods() and not multiprocessing.current_process().daemon


class _Watch:
    """What the watched child has said so far: its first plan, HiGHS's best plan and bound, its answer."""

    def __init__(self, progress: Progress | None):
        self.progress = progress
        self.first = self.best = self.answer = None
        self.bound = -math.inf  # the best bound known, in the problem's units

    def take(self, message: tuple) -> None:
        kind, *content = message
        if kind == "error":
            raise content[0]
        if kind == "first":
            self.first = content[0]
            if self.first.lower_bound is not None:
                self.bound = max(self.bound, self.first.lower_bound)
        elif kind == "plan":
            self.best = content
        elif kind == "done":
            self.answer = content
        elif kind == "progress":
            _, cost, gap = content
            if cost is not None and gap is not None:  # HiGHS's gap is (cost − bound) / |cost|
                self.bound = max(self.bound, cost - gap * abs(cost))
            if self.progress is not None:
                self.progress(*content)

    def result(self, problem: pulp.LpProblem, seconds: float) -> SolverRun:
        """The child's run; if it was stopped, HiGHS's best plan (when better than the first) or no solution."""
        if self.answer is not None:
            run, values = self.answer
        elif self.best is not None and (self.first is None or self.best[0] < self.first.objective):
            objective, values = self.best
            gap = max(0.0, objective - self.bound) / abs(objective) if math.isfinite(self.bound) and objective else None
            run = SolverRun("feasible", gap, seconds, _highs_name())
        else:
            return SolverRun("no_solution", None, seconds, _highs_name())
        for var, value in zip(problem.variables(), values, strict=True):
            var.varValue = value
        return replace(run, seconds=seconds)


def _run_watched(
    problem: pulp.LpProblem, time_limit: float | None, gap: float, progress: Progress | None, start: Start | None
):
    """First plan and HiGHS in a forked child, stopped WATCH_GRACE_S after the limit: (run, first plan or None).

    The child sends the first plan as soon as it has it, progress and each better plan as they come, and
    the run with the variables' values at the end; a child stopped before the end leaves the best plan it
    sent (HiGHS's, or the first plan) as the result.
    """
    import multiprocessing

    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    args = (sender, problem, time_limit, gap, progress is not None, start)
    child = context.Process(target=_watched_child, args=args, daemon=True)
    started = time.perf_counter()
    child.start()
    sender.close()
    until = None if time_limit is None else started + time_limit + WATCH_GRACE_S
    watch = _Watch(progress)
    try:
        while watch.answer is None:
            wait = None if until is None else until - time.perf_counter()
            if (wait is not None and wait <= 0) or not receiver.poll(wait):
                break
            try:
                watch.take(receiver.recv())
            except EOFError:  # the child died
                break
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()
    return watch.result(problem, time.perf_counter() - started), watch.first


def _watched_child(sender, problem, time_limit, gap, report: bool, start) -> None:
    """In the child: the first plan (sent at once), progress as it comes, the run and the variables' values."""
    try:
        relay = (lambda s, best, g: sender.send(("progress", s, best, g))) if report else None
        run, _ = _first_plan_and_solve(
            problem,
            "highs",
            time_limit,
            gap,
            relay,
            start,
            True,  # the parent watches only a solve that builds a first plan
            announce=lambda first: sender.send(("first", first)),
            on_plan=lambda objective, values: sender.send(("plan", objective, values)),
        )
        sender.send(("done", run, [var.varValue for var in problem.variables()]))
    except Exception as exc:  # noqa: BLE001 - raised again in the parent
        sender.send(("error", exc))
    finally:
        sender.close()


def highs_version() -> str:
    import highspy

    with _stdout_silenced():  # highspy prints its banner when a Highs is made
        return highspy.Highs().version()


def _highs_name() -> str:
    return f"highs {highs_version()} (PuLP {pulp.__version__})"


def _wants_first_plan(problem: pulp.LpProblem, start: Start | None) -> bool:
    """Whether a first plan is to be built: asked for (the facilities' openings given) and the model is large."""
    from models.first_plan import worth_constructing

    return start is not None and start.openings is not None and worth_constructing(problem)


def _first_plan(problem: pulp.LpProblem, time_limit: float | None, start: Start):
    """The construction heuristic's plan (None if it finds none in its share of the time)."""
    from models.first_plan import first_plan

    seconds = FIRST_PLAN_SECONDS if time_limit is None else FIRST_PLAN_SHARE * time_limit
    return first_plan(problem, start.openings, seconds)


def _first_plan_run(problem: pulp.LpProblem, first, run: SolverRun) -> SolverRun:
    """The solver found nothing in time: the first plan is the result, its gap proven by the LP bound."""
    for var in problem.variables():
        var.varValue = first.values.get(var.name)
    return replace(run, status="feasible", mip_gap=first.gap, check="")


def verify_with_highs(problem: pulp.LpProblem, run: SolverRun, time_limit: float | None) -> SolverRun:
    """Cross-check a CBC optimum with HiGHS on the same model; CBC's plan stays in ``problem``.

    Verified when HiGHS's best bound reaches CBC's cost; refuted when HiGHS finds a cheaper plan
    (CBC's plan is then only feasible, at the gap HiGHS's bound gives); otherwise not verified.
    """
    if not run.solver.startswith("cbc") or run.status != "optimal":
        return run
    chosen = {var.name: var.varValue for var in problem.variables()}
    cbc_cost = pulp.value(problem.objective)
    check = _run_highs(problem, time_limit, 0.0)
    info = problem.solverModel.getInfo()
    constant = problem.objective.constant or 0.0  # PuLP gives HiGHS no constant: its costs leave it out
    bound = info.mip_dual_bound + constant if math.isfinite(info.mip_dual_bound) else None
    highs_cost = info.objective_function_value + constant
    cheaper = check.has_solution and _relative_gap(cbc_cost - highs_cost, problem) > PROVEN_GAP
    for var in problem.variables():
        var.varValue = chosen[var.name]
    seconds = run.seconds + check.seconds
    highs = check.solver.split(" (")[0]
    if cheaper and bound is not None:
        gap = _relative_gap(cbc_cost - bound, problem)
        return replace(
            run, status="feasible", mip_gap=gap, seconds=seconds, check="refuted", checked_by=highs, refuted_gap=gap
        )
    if bound is not None and _relative_gap(cbc_cost - bound, problem) <= PROVEN_GAP:
        return replace(run, seconds=seconds, check="verified", checked_by=highs)
    return replace(run, seconds=seconds, check="not_verified", checked_by=highs)


def _run_cbc(
    problem: pulp.LpProblem, time_limit: float | None, gap: float, start: dict[str, float] | None = None
) -> SolverRun:
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
                warmStart=start is not None,
            )
            return pulp.COIN_CMD(path=custom, **options) if custom else pulp.PULP_CBC_CMD(**options)

        # CBC's integer preprocessing can stop at a plan it calls optimal that is not (seen on
        # the example: 0.2 M NOK above HiGHS's optimum; cf. coin-or/Cbc#724), so it is off.
        # Without it CBC 2.10 crashes on some models with no integer solution; those are
        # solved again with preprocessing, which proves them infeasible.
        cmd = command(["preprocess off"])
        if not cmd.available():
            raise SolverUnavailable(f"the CBC solver {where} was not found or cannot run")
        if start is not None:  # CBC reads the start from the variables' values
            for var in problem.variables():
                var.varValue = start.get(var.name)
        started = time.perf_counter()
        note = ""
        try:
            problem.solve(cmd)
        except pulp.PulpSolverError:
            note = ", again with preprocessing after a crash"
            try:
                problem.solve(command([]))
            except pulp.PulpSolverError as exc:
                raise SolverUnavailable(f"the CBC solver {where} failed ({str(exc).strip()[:200]})") from exc
        seconds = time.perf_counter() - started
        log = Path(log_path).read_text(encoding="utf-8", errors="replace") if os.path.exists(log_path) else ""
    version = CBC_VERSION.search(log)
    name = f"cbc {version.group(1)}" if version else "cbc"
    status = _status(problem)
    mip_gap = None
    if has_plan(status):
        stopped_early = "within gap tolerance" in log or status == "feasible"
        mip_gap = _cbc_gap(log, problem) if stopped_early else 0.0
        status = "optimal" if mip_gap is not None and mip_gap <= PROVEN_GAP else "feasible"
    check = "unchecked" if status == "optimal" else ""
    return SolverRun(status, mip_gap, seconds, f"{name} (PuLP {pulp.__version__}{note})", check)


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
    """(cost − best bound) / |cost| of the whole objective, its constant included: the existing sites'
    fixed operating cost is one, which solvers leave out of their gap and PuLP does not give HiGHS."""
    total = abs(pulp.value(problem.objective) or 0.0)
    return max(0.0, absolute) / total if total > 0 else 0.0


def _run_highs(
    problem: pulp.LpProblem,
    time_limit: float | None,
    gap: float,
    progress: Progress | None = None,
    start: dict[str, float] | None = None,
    on_plan: Callable[[float, list[float]], None] | None = None,
) -> SolverRun:
    """on_plan: called with each better plan HiGHS finds (its objective, every column's value)."""
    try:
        import highspy
    except ImportError as exc:  # pragma: no cover - highspy is a declared dependency
        raise SolverUnavailable("HiGHS (the highspy package) is not installed") from exc
    options = dict(msg=False, timeLimit=time_limit, gapRel=gap, threads=1, random_seed=0)
    options.update(highs_size_options(problem))
    kinds = highspy.cb.HighsCallbackType
    ctrl_c = CtrlC()
    options.update(
        callbackTuple=(highs_callback(progress, on_plan, problem.objective.constant or 0.0, ctrl_c), None),
        callbacksToActivate=[kinds.kCallbackMipInterrupt]
        + ([kinds.kCallbackMipImprovingSolution] if on_plan is not None else []),
    )
    cmd = _QuietHiGHS(start=start, **options)
    started = time.perf_counter()
    with ctrl_c:  # Ctrl-C stops HiGHS at its next node and is raised here, not lost inside its callback
        problem.solve(cmd)
    seconds = time.perf_counter() - started
    highs = problem.solverModel
    info = highs.getInfo()
    if start and not _start_kept_its_price(problem, info):
        # HiGHS 1.16 can end at a MIP start it calls optimal with the objective of presolve's reduced
        # model, not the plan's (seen on a tiny band-cost re-solve: the start returned, 7 % dearer than
        # the optimum): distrust it and solve again from scratch in the time left.
        left = None if time_limit is None else max(0.5, time_limit - seconds)
        again = _run_highs(problem, left, gap, progress, None)
        return replace(again, seconds=seconds + again.seconds)
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
    check = "proven" if status == "optimal" else ""
    return SolverRun(status, mip_gap, seconds, f"highs {highs.version()} (PuLP {pulp.__version__})", check)


def _start_kept_its_price(problem: pulp.LpProblem, info) -> bool:
    """Whether HiGHS's objective is the one of the plan it returns (no plan: nothing to doubt)."""
    if info.primal_solution_status != 2:
        return True
    plan = pulp.value(problem.objective) - (problem.objective.constant or 0.0)
    return abs(info.objective_function_value - plan) <= 1e-6 * max(1.0, abs(plan))


class _QuietHiGHS(pulp.HiGHS):
    """HiGHS prints its banner on stdout when created, before output_flag can be set: silence it,
    since ``--json`` promises stdout holds one JSON object and nothing else. With ``start`` (values
    by variable name), the solve starts from that plan: HiGHS checks it and keeps it if it is feasible."""

    def __init__(self, start: dict[str, float] | None = None, **options):
        super().__init__(**options)
        self.start = start

    def createAndConfigureSolver(self, lp):
        with _stdout_silenced():
            super().createAndConfigureSolver(lp)

    def callSolver(self, lp):
        if self.start:
            given = [(var.index, self.start[var.name]) for var in lp.variables() if var.name in self.start]
            index, values = zip(*given, strict=True) if given else ((), ())
            lp.solverModel.setSolution(len(index), np.array(index, dtype=np.int32), np.array(values, dtype=float))
        super().callSolver(lp)


def quiet_highs(**options) -> pulp.HiGHS:
    """PuLP's HiGHS interface without HiGHS's banner on stdout."""
    return _QuietHiGHS(**options)


@contextlib.contextmanager
def _stdout_silenced():
    """Point file descriptor 1 at /dev/null for a moment: the banner is written by C++, not Python."""
    try:
        sys.stdout.flush()
        saved = os.dup(1)
    except (OSError, ValueError):  # no real stdout (embedded use): nothing to protect
        yield
        return
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 1)
            yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def integer_count(problem: pulp.LpProblem) -> int:
    """The model's integer variables: its size as the solver settings and the first plan judge it."""
    return sum(var.cat == pulp.LpInteger for var in problem.variables())


def highs_size_options(problem: pulp.LpProblem) -> dict:
    """HiGHS options that depend on the model's size: presolve's initial sweep only on large models, no RINS
    on small ones."""
    integers = integer_count(problem)
    if integers > LIGHT_PRESOLVE_ABOVE:
        return {"presolve_mode": 1}
    if integers < NO_RINS_BELOW:
        return {"mip_heuristic_run_rins": False}
    return {}


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
