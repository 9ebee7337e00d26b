"""`planner solve --stochastic`: the plan over the scenarios, what it is worth, and the diagnosis when none exists."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from models.solve import Deadline
    from planner.commands.solve import Run, Solved
    from planner.inputs import InputWorkbook


def stochastic_head(solution, scenario: str) -> str:
    """The first line: optimal or not, and what the chosen scenario's path costs (the gap, said after it, is the
    objective's over the scenarios, not this path's)."""
    opened = int(solution.plan["places"].sum()) if len(solution.plan) else 0
    head = "Optimal plan" if solution.status == "optimal" else "Feasible plan, not proven optimal,"
    run = solution.run
    return (
        f"{head} over the scenarios; in the chosen one ({scenario}) it costs {solution.objective_npv:,.0f} NOK, "
        f"{opened:,} new places ({run.solver}, {run.seconds:.1f} s)."
    )


def stochastic_text(figures: dict, output_path, status: str = "optimal", gap: float | None = None) -> str:
    """The four figures on screen: expected cost, EVPI, VSS, the robust plan's expected cost; with a stochastic
    solve stopped short of its proof (status feasible, its gap), a caveat that they are estimates."""
    m = 1e6

    def nok(value: float | None, missing: str) -> str:
        return missing if value is None else f"{value / m:,.1f} M NOK"

    weights = figures["weights"]
    lines = [
        f"Stochastic plan over {len(weights)} scenario(s) ({', '.join(weights)}): expected net present cost "
        f"{nok(figures['expected_npv'], '?')}; the sheets for people show the chosen scenario's path "
        f"({next(iter(weights))}), the stochastic sheet every scenario's.",
        *_risk_line(figures),
        f"  value of a perfect prognosis (EVPI): {nok(figures.get('evpi'), 'not known (a scenario has no plan)')}",
        "  saved against committing to the chosen scenario's plan (VSS): "
        + nok(figures.get("vss"), vss_missing_text(figures.get("vss_missing") or {})),
        "  the robust plan's expected cost: "
        + nok(
            figures.get("robust_expected_npv"),
            "no figure: no plan holds every scenario's hard bands"
            if figures.get("robust_missing") == "infeasible"
            else "no figure: none was found in time (raise --time-limit)",
        ),
        f"Plan written to {output_path}",
    ]
    if status != "optimal":
        within = f"at most {gap:.2%} above" if gap is not None else "of unknown distance from"
        lines.insert(
            -1,
            f"  note: the stochastic solve stopped before its proof: its expected cost is {within} the best possible, "
            "so EVPI and VSS are estimates within that (raise --time-limit for proven figures)",
        )
    if unproven := unproven_worth(figures):
        lines.insert(
            -1,
            f"  note: not proven, so the figures they give are estimates (raise --time-limit): {unproven}",
        )
    return "\n".join(lines)


def _risk_line(figures: dict) -> list[str]:
    """With risk aversion, what the plan minimised besides the expected cost (none without)."""
    risk, alpha = figures.get("risk_aversion"), figures.get("cvar_alpha")
    if not risk or alpha is None:
        return []
    return [
        f"  it minimises (1 − {risk:g}) × expected cost + {risk:g} × CVaR: the expected cost of the dearest "
        f"{1 - alpha:.0%} of the scenarios' weight (α = {alpha:g}); EVPI and VSS are on expected cost"
    ]


def unproven_worth(figures: dict) -> str:
    """The solves beside the plan that stopped short of their proof, with their gaps: 'the own optimum of LHML
    (0.31 %), of HHMH (no plan in time: this plan's path stands in); the robust plan (0.12 %)'."""

    def shown(gap, unknown: str = "gap not known") -> str:
        return unknown if gap is None or gap != gap else f"{gap:.2%}"

    worth = figures.get("worth")
    parts = []
    if worth is not None and len(worth):
        own = [
            f"{r.scenario} ({shown(r.wait_and_see_gap, 'no plan in time: this plan' + chr(39) + 's path stands in')})"
            for r in worth.itertuples()
            if not _proven(r.wait_and_see_gap)
        ]
        adapted = [
            f"{r.scenario} ({shown(r.deterministic_first_stage_gap)})"
            for r in worth.itertuples()
            if r.deterministic_first_stage_npv == r.deterministic_first_stage_npv
            and not _proven(r.deterministic_first_stage_gap)
        ]
        if own:
            parts.append("the own optimum of " + ", ".join(own))
        if adapted:
            parts.append("the chosen scenario's plan adapted in " + ", ".join(adapted))
    robust = figures.get("robust_gap")
    if robust is not None and not _proven(robust):
        parts.append(f"the robust plan ({robust:.2%})")
    return "; ".join(parts)


def _proven(gap) -> bool:
    from models.solve import PROVEN_GAP

    return gap is not None and gap == gap and gap <= PROVEN_GAP


def vss_missing_text(missing: dict[str, str]) -> str:
    """Why the VSS has no figure, by its cause: the scenarios the chosen plan's committed years cannot hold, those
    whose re-solve found no plan in time, or the chosen scenario's own plan not found."""
    if "no_chosen_plan" in missing.values():
        return "no figure: the chosen scenario's own plan was not found in time (raise --time-limit)"
    held = [name for name, why in missing.items() if why == "infeasible"]
    late = [name for name, why in missing.items() if why != "infeasible"]
    causes = []
    if held:
        causes.append(
            f"that plan's committed years cannot hold the hard bands of {', '.join(held)} "
            "(the stochastic sheet leaves its cost empty there)"
        )
    if late:
        causes.append(f"its re-solve in {', '.join(late)} found no plan in time (raise --time-limit)")
    return "no figure: " + "; and ".join(causes) if causes else "no figure"


def stochastic_optimum(book: InputWorkbook, run: Run, deadline: Deadline, notify) -> Solved:
    """The two-stage plan and its worth (wait and see, the chosen scenario's first stage, the robust plan); when
    no committed decisions hold every scenario's hard bands, the robust plan's diagnosis says where they break."""
    from models.optimise import optimise
    from models.results import Solution
    from models.scenarios import scenario_coverage_table
    from models.stochastic import last_committed_year, solve_stochastic, stage_tables
    from planner.commands.solve import Solved

    data = book.data
    if book.settings.band_costs:
        notify("note: band costs are not computed for a stochastic plan (the setting band_costs is left aside)")
    count = len(data.robust_populations) + 1
    notify(
        f"Stochastic plan over {count} scenario(s), decisions committed {data.first_year}–{last_committed_year(data)}; "
        f"then {2 * count + 1} more solves for what it is worth ..."
    )
    plan = solve_stochastic(data, run.solver, deadline.left(), run.gap, run.progress)
    if plan.has_plan:
        chosen = next(iter(plan.solutions.values()))
        figures = {"commit_years": data.commit_years, "risk_aversion": data.risk_aversion}
        figures |= {"cvar_alpha": data.cvar_alpha, **plan.figures}
        stages = stage_tables(data, plan)
        return Solved(
            chosen,
            scenario_sheets={"stochastic": plan.worth},
            stages=stages,
            stochastic={**figures, "worth": plan.worth, "stages": stages, "weights": plan.weights},
        )
    if plan.status != "infeasible":
        return Solved(Solution(status=plan.status, run=plan.run))
    # No committed decisions hold every scenario: a robust plan cannot either; its diagnosis names the misses
    diagnosis = optimise(data, run.solver, deadline.left(), run.gap)
    solved = Solved(diagnosis)
    if diagnosis.status == "infeasible" and len(diagnosis.capacity):
        solved.scenario_sheets = {"scenario_coverage": scenario_coverage_table(data, diagnosis.available)}
    return solved
