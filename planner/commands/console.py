"""What the command line prints: the texts about a plan, a comparison or a sweep, and the progress lines.

Nothing here loads the model, pandas or a solver at import time: `planner --help` imports this.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:  # for the type hints only; importing them would load pandas
    from models.inputs import PlanningInput
    from models.results import Solution
    from planner.inputs.ssb.prognosis import Prognosis


class ProgressLine:
    """Elapsed time, best plan's cost and gap on stderr while a long solve runs.

    Silent for the first seconds; then one updating line on a terminal, or a line every few
    seconds when stderr is a file or a pipe (logs of scheduled jobs). Never on stdout.
    """

    def __init__(self, stream: TextIO | None = None, quiet_seconds: float = 3.0, every_seconds: float = 5.0):
        self.stream = stream or sys.stderr
        self.quiet_seconds, self.every_seconds = quiet_seconds, every_seconds
        self.terminal = self.stream.isatty()
        self.last_line = None
        self.shown = False

    def __call__(self, seconds: float, best: float | None, gap: float | None) -> None:
        if seconds < self.quiet_seconds:
            return
        if not self.terminal and self.last_line is not None and seconds - self.last_line < self.every_seconds:
            return
        best_text = f"best plan {best / 1e6:,.1f} M NOK" if best is not None else "no plan yet"
        gap_text = f", gap {gap:.2%}" if gap is not None else ""
        line = f"solving: {seconds:5.0f} s, {best_text}{gap_text}"
        if self.terminal:
            self.stream.write("\r" + line.ljust(70))
        else:
            self.stream.write(line + "\n")
        self.stream.flush()
        self.last_line, self.shown = seconds, True

    def close(self) -> None:
        if self.terminal and self.shown:
            self.stream.write("\n")
            self.stream.flush()

    def __enter__(self) -> ProgressLine:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


class SweepBar:
    """A sweep's progress bar on stderr, with a line per finished case; counts the cases solved in this run."""

    def __init__(self, total: int):
        from tqdm import tqdm  # here, not at the top: --help need not load it

        self._tqdm = tqdm
        self.bar = tqdm(total=total, unit="case", file=sys.stderr, disable=None, dynamic_ncols=True)
        self.fresh: list[str] = []

    def on_row(self, row: dict, finished: int, total: int) -> None:
        self.fresh.append(row["case"])
        npv = f"{row['objective_npv'] / 1e6:,.1f} M NOK" if row["objective_npv"] is not None else row["error"]
        self._tqdm.write(
            f"[{finished}/{total}] {row['case']}: {row['status']}, {npv} ({row['seconds'] or 0:.1f} s)", file=sys.stderr
        )
        self.bar.update(1)

    def __enter__(self) -> SweepBar:
        return self

    def __exit__(self, *exc_info) -> None:
        self.bar.close()


def ratio_text(solution: Solution, output_path: Path, notes: list[str]) -> str:
    opened = int(solution.plan["places"].sum()) if len(solution.plan) else 0
    text = (
        f"Ratio-rule plan (today's practice, not optimised): net present cost {solution.objective_npv:,.0f} NOK, "
        f"{opened:,} new places.\nPlan written to {output_path}"
    )
    for note in notes:
        text += f"\nwarning: the ratio rule leaves {note}"
    return text


def comparison_text(comparison: dict) -> str:
    percent = comparison["saving_vs_ratio_percent"]
    text = (
        f"Ratio rule (today's practice): net present cost {comparison['ratio_npv']:,.0f} NOK; "
        f"the optimum saves {comparison['saving_vs_ratio']:,.0f} NOK"
        + (f" ({percent:.2f} %)." if percent is not None else ".")
    )
    if comparison["ratio_hard_band_miss_places"]:
        text += (
            "\nnote: the ratio plan leaves hard bands short that the optimum meets, "
            "so the saving understates the difference."
        )
    for note in comparison["ratio_notes"]:
        text += f"\nnote: the ratio plan: {note}"
    return text


def robust_price(scenarios) -> dict | None:
    """The chosen scenario's row of a robust plan's scenarios table: its cost, its own optimum, the regret."""
    if scenarios is None or not len(scenarios):
        return None
    chosen = scenarios[scenarios["chosen"] == "yes"]
    row = chosen.iloc[0] if len(chosen) else None
    if row is None or row["regret"] is None or row["regret"] != row["regret"]:  # no own optimum: no regret (NaN)
        return None
    return {
        "scenario": str(row["scenario"]),
        "plan_npv": float(row["plan_npv"]),
        "own_npv": float(row["own_optimal_npv"]),
        "regret": float(row["regret"]),
        "proven": row["own_status"] == "optimal",
    }


def robust_text(price: dict, others: list[str]) -> str:
    """What holding the other scenarios' hard bands costs in the chosen one, on screen."""
    own = "own optimum" if price["proven"] else "own best plan found (not proven optimal)"
    share = 100 * price["regret"] / price["own_npv"] if price["own_npv"] else 0.0
    from planner.outputs.words import Words  # here, not at the top: --help must not load the words

    names = Words("en").join(others)
    return (
        f"Robust: holding the hard bands in {names} too costs {price['regret'] / 1e6:,.0f} M NOK ({share:.1f} %) more "
        f"in {price['scenario']} than its {own}, {price['own_npv'] / 1e6:,.0f} M NOK (the scenarios sheet has each)."
    )


def solved_text(solution: Solution, output_path: Path, soft_misses: Iterable[dict] = ()) -> str:
    opened = int(solution.plan["places"].sum()) if len(solution.plan) else 0
    run = solution.run
    head = "Optimal plan" if solution.status == "optimal" else "Feasible plan, not proven optimal"
    text = (
        f"{head}: net present cost {solution.objective_npv:,.0f} NOK, {opened:,} new places "
        f"({run.solver}, {run.seconds:.1f} s).\nPlan written to {output_path}"
    )
    if run.check == "refuted":
        text += f"\nwarning: {run.optimality_check}. This is CBC's plan; solve with --solver highs for the optimum."
    elif solution.status == "feasible":
        bound = f"at most {run.mip_gap:.2%} above" if run.mip_gap is not None else "of unknown distance from"
        text += (
            f"\nwarning: the solver stopped at the time limit or the requested gap; this plan's cost is {bound} "
            "the best possible. Raise --time-limit or lower --gap for a proven optimum."
        )
    return text + "".join(f"\n{line}" for line in soft_miss_lines(soft_misses))


def soft_miss_lines(soft_misses: Iterable[dict]) -> list[str]:
    """A soft band is missed by choice (its penalty is cheaper than the places), but a reader should know."""
    from models.text import year_runs  # here, not at the top: --help must not load the model

    return [
        f"Soft band '{m['band']}' is missed in {len(m['years'])} year(s) ({year_runs(m['years'])}): "
        f"worst {m['worst_places']:.2f} places {m['worst_kind']} in {m['worst_year']}; penalty paid "
        f"{m['penalty_discounted']:,.0f} NOK (discounted, included in the net present cost). See coverage."
        for m in soft_misses
    ]


def places_text(places: float) -> str:
    """Places as people count them, with the word: 1,000 places when whole (as most are), 1 place, 31.8 places when
    a share makes them fractional."""
    number = places_number(places)
    return "1 place" if number == "1" else f"{number} places"


def places_number(places: float) -> str:
    """1,000 when whole, 31.8 when fractional."""
    whole = round(places)
    return f"{whole:,}" if abs(places - whole) < 1e-6 else f"{places:,.1f}"


def infeasibility_text(
    solution: Solution, output_path: Path | None, hard_bands: set[str], data: PlanningInput | None = None
) -> str:
    """One paragraph: the hard bands cannot hold; where the least-miss plan falls short or over.

    data: for a robust plan, so the misses in the other scenarios are named too. output_path: where the
    diagnosis is written (None from `planner validate`, which writes nothing: it says how to get it).
    """
    from models.inputs import PLACE_TOLERANCE  # here: --help must not load the model
    from models.results import band_misses, scenario_coverages, site_causes
    from models.text import year_runs

    cov = solution.coverage
    if not len(cov):
        return (
            "The hard bands cannot be met, and the diagnosis found no plan that misses them by as little as "
            "possible either (it stops at the time limit, or the budget or the commitments leave no plan at all). "
            + (f"Summary written to {output_path}" if output_path else "planner solve writes the summary.")
        )
    misses = band_misses(cov, [b for b in dict.fromkeys(cov["band"]) if b in hard_bands])
    parts = [
        f"band '{m['band']}' in {len(m['years'])} year(s) ({year_runs(m['years'])}), "
        f"worst {places_text(m['worst_places'])} {m['worst_kind']} in {m['worst_year']}"
        for m in misses
    ]
    if data is not None and data.robust_populations and len(solution.capacity):
        others = list(scenario_coverages(data, solution.available).items())[1:]
        for scenario, coverage in others:
            parts += [
                f"band '{m['band']}' in scenario '{scenario}' in {len(m['years'])} year(s) "
                f"({year_runs(m['years'])}), worst {places_text(m['worst_places'])} {m['worst_kind']} in "
                f"{m['worst_year']}"
                for m in band_misses(coverage, [b for b in dict.fromkeys(coverage["band"]) if b in hard_bands])
            ]
    hard_rows = cov[cov["band"].isin(hard_bands)]
    total = solution.hard_violation_places or float((hard_rows["shortfall_places"] + hard_rows["excess_places"]).sum())
    labour = solution.labour_excess
    if labour:
        worst = max(labour, key=labour.get)
        parts.append(
            f"the labour ceiling in {len(labour)} year(s) ({year_runs(sorted(labour))}), worst "
            f"{labour[worst]:.1f} work-years over in {worst}"
        )
    if data is not None:
        parts += [_site_cause_text(c) for c in site_causes(data, solution)]
        parts += _lead_time_causes(data, misses)
    short = total > PLACE_TOLERANCE or not labour
    missed = f"{places_number(total)} place-years short or over" if short else "no place short"
    if labour:
        missed += f" and {sum(labour.values()):.1f} work-years above the labour ceiling"
    causes = (
        "Typical causes: existing stock cannot cover the years before new places can open (lead times), "
        "a band is narrower than a module or project size, or a budget or max_new_per_year cap"
        + (", or a labour ceiling below the staff the places need (labour sheet)" if labour else "")
        + ". Loosen a band (or make it soft with hard = no), add stock or committed projects, or relax the caps"
        + (" or the labour ceiling" if labour else "")
        + ". "
    )
    head = "The hard bands cannot all be met" + (" within the labour ceiling" if labour else "")
    return (
        f"{head}. Missing them by as little as possible still leaves {missed}: "
        + "; ".join(parts)
        + ". "
        + causes
        + (f"The diagnosis is in {output_path}: in" if output_path else "planner solve writes this diagnosis: in")
        + " words on its first sheet (the overview), per band and year on its coverage sheets"
        + (" (scenario_coverage for every scenario)" if data and data.robust_populations else "")
        + ("; work-years per year on its staff sheet" if labour else "")
        + "."
    )


def _site_cause_text(cause: dict) -> str:
    """'renovating Lindelia in 2029 (its 120 places out of service 2029–2030) leaves band 'municipal' short in 2029'."""
    from models.text import year_runs

    out = year_runs(cause["out"])
    doing = "renovating" if cause["decision"] == "renovate" else "closing"
    return (
        f"{doing} {cause['site']} in {cause['year']} (its {cause['places']} places out of service {out}) leaves "
        f"band '{cause['band']}' short in {year_runs(cause['short'])}"
    )


def _lead_time_causes(data: PlanningInput, misses: list[dict]) -> list[str]:
    """A band short in years before anything can add places to its group (lead times, project windows,
    conversions' first years): there only the stock counts, whatever the plan does."""
    from models.text import year_runs

    texts = []
    bands = {b.band: b for b in data.bands}
    for m in misses:
        band = bands.get(m["band"])
        if band is None or m["worst_kind"] != "short" or band.of_places:
            continue
        earliest = _first_new_place(data, set(data.group_types(band.group)))
        before = [t for t in m["years"] if earliest is None or t < earliest]
        if before:
            when = f"before {earliest}" if earliest is not None else "in any year"
            stock = sum(data.stock_places(k, before[0]) for k in data.group_types(band.group))
            texts.append(
                f"band '{band.band}' in {year_runs(before)}: nothing can add places to its group {when} (lead "
                f"times, project windows), so only its stock counts there ({places_text(stock)} in {before[0]})"
            )
    return texts


def _first_new_place(data: PlanningInput, types: set[str]) -> int | None:
    """The first year a plan can add a place of one of TYPES: a generic module, a project, a conversion into it."""
    years = [
        data.first_year + pt.lead_time_years
        for k, pt in data.place_types.items()
        if k in types and pt.new_without_project
    ]
    years += [
        data.opening_years(p)[0] for p in data.projects if {m.type for m in p.mix} & types and data.opening_years(p)
    ]
    years += [max(c.earliest_year, data.first_year) for c in data.conversions if c.to_type in types]
    return min(years, default=None)


def valid_text(name: str, d: PlanningInput, bands_met: bool = False) -> str:
    """`planner validate`'s one line about a valid input; bands_met: its hard bands were found to be met."""
    flows = {f.band for f in d.flows}
    extra = ""
    if d.need or d.flows or d.labour:
        extra = f", {len(d.need)} need base(s), {len(d.flows)} short-term flow row(s), {len(d.labour)} labour year(s)"
    met = ", and its hard bands can be met" if bands_met else ""
    bands = sum(1 for b in d.bands if b.band not in flows)
    counted = [
        _count(len(d.place_types), "place type"),
        _count(bands, "band"),
        _count(len(d.stock), "stock row"),
        _count(len(d.projects), "candidate project"),
        _count(len(d.conversions), "conversion"),
        _count(len(d.budget), "budget year"),
    ]
    return f"{name} is valid{met}: years {d.first_year}–{d.last_year}, {', '.join(counted)}{extra}."


def _count(n: int, thing: str) -> str:
    """'1 band', '3 bands'."""
    return f"{n} {thing}" if n == 1 else f"{n} {thing}s"


def diff_lines(account: list[str], output_path: Path | None) -> list[str]:
    """`planner diff`'s account of the changes, a line each, and where the comparison went."""
    lines = [f"- {line}" for line in account]
    return lines + ([f"Comparison written to {output_path}"] if output_path is not None else [])


def prognosis_text(result: Prognosis, output_path: Path, into_path: Path | None) -> str:
    """What `planner prognosis` wrote, and what to do next."""
    years, scenarios = result.years, result.scenarios
    first = result.table.iloc[0]
    where = f"{into_path.name}'s other sheets and the new population sheet" if into_path else "the population sheet"
    lines = [
        f"Population of {result.region} {result.region_label}: {years[0]}–{years[-1]}, scenario(s) "
        f"{', '.join(scenarios)}; persons_67_79, persons_80_plus, persons_80_89, persons_90_plus.",
        f"{first['scenario']} {first['year']}: persons_80_plus {first['persons_80_plus']:,}.",
        f"Written to {output_path} ({where}).",
    ]
    lines += [f"In {output_path}'s settings, {change}." for change in result.settings_changed]
    if len(scenarios) > 1 and into_path is None:
        lines.append(
            f"Choose the scenario to plan for with the setting 'scenario' (e.g. {scenarios[0]}), "
            f"then check it with: planner validate {typed(output_path)}"
        )
    elif into_path is not None:
        lines.append(f"Check it with: planner validate {typed(output_path)}")
    return "\n".join(lines)


def typed(path: Path) -> str:
    """A path as the user types it in a shell to run the command suggested: quoted when it has spaces."""
    text = str(path)
    return f'"{text}"' if any(c.isspace() for c in text) else text


def example_text(output_path: Path) -> str:
    return f"Example written to {output_path}; plan it with: planner solve {typed(output_path)}"


def sweep_start_text(count: int, input_path: Path, dask_address: str | None) -> str:
    where = f"the Dask cluster at {dask_address}" if dask_address else "worker processes"
    return f"Sweep: {count} case(s) of {input_path.name} on {where}."


def sweep_text(rows: list[dict], output_path: Path) -> str:
    """The sweep's last line: how many cases ended how, and where the comparison is."""
    from planner.outputs.sweep import incomparable_note

    counts = ", ".join(f"{sum(r['status'] == s for r in rows)} {s}" for s in dict.fromkeys(r["status"] for r in rows))
    note = incomparable_note(rows)
    return f"{len(rows)} case(s): {counts}. Comparison written to {output_path}" + (f"\nnote: {note}" if note else "")
