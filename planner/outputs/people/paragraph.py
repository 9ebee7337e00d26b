"""What the plan does, in one paragraph of the overview, and where each band binds or is missed, in words."""

from __future__ import annotations

import pandas as pd

from models.inputs import PLACE_TOLERANCE, Band
from models.results import band_misses, scenario_coverages, site_causes
from models.text import year_runs
from planner.outputs.people.costs import has_site_operating
from planner.outputs.people.grid import Review, discounted_costs_row, label


def plain_words(review: Review) -> str:
    """One paragraph on what the plan does and why, in the sheet's language."""
    solution, say = review.solution, review.say
    hard_misses = band_misses(solution.coverage, [b.band for b in review.data.bands if b.hard])
    if solution.status == "infeasible":
        return say("plan_cannot_hold", missed=say.join(_diagnosis_misses(review, hard_misses)))
    sentences = [say("plan_is_ratio")] if review.record.method == "ratio" else []
    sentences += _what_opens(review) + _sites_and_contracts(review)
    if review.record.method == "ratio":
        if hard_misses:
            missed = say.join([_miss_words(review, m, solution.coverage) for m in hard_misses])
            sentences.append(say("ratio_misses", missed=missed))
    else:
        binding = [(b, binds) for b, binds, _ in band_summaries(review) if binds != say("none")]
        if binding:
            sentences.append(say("plan_binding", listed="; ".join(f"{b.shown} ({binds})" for b, binds in binding)))
        sentences.append(say("plan_chooses"))
    return " ".join(sentences + _what_it_costs(review))


def _miss_words(review: Review, m: dict, coverage: pd.DataFrame, scenario: str | None = None) -> str:
    """'municipal in 2026–2027 (6.4 place-years, worst 2.6 places short in 2027)'."""
    say = review.say
    rows = coverage[coverage["band"] == m["band"]]
    place_years = float((rows["shortfall_places"] + rows["excess_places"]).sum())
    shown = review.band_label(m["band"])
    band = shown if scenario is None else say("band_in_scenario", band=shown, scenario=scenario)
    return say(
        "miss_in_years",
        band=band,
        years=year_runs(m["years"]),
        place_years=say.number(place_years, 1),
        worst=say.number(m["worst_places"], 1),
        kind=say("miss_short" if m["worst_kind"] == "short" else "miss_over"),
        year=m["worst_year"],
    )


def _diagnosis_misses(review: Review, hard_misses: list[dict]) -> list[str]:
    """The diagnosis's misses, in the chosen scenario and (a robust plan) in every other one."""
    solution, data = review.solution, review.data
    words = [_miss_words(review, m, solution.coverage) for m in hard_misses]
    for cause in site_causes(data, solution):
        key = "cause_renovate" if cause["decision"] == "renovate" else "cause_close"
        words.append(
            review.say(
                key,
                site=cause["site"],
                year=cause["year"],
                places=cause["places"],
                out=year_runs(cause["out"]),
                band=review.band_label(cause["band"]),
                short=year_runs(cause["short"]),
            )
        )
    if data.robust_populations and len(solution.capacity):  # a robust plan may miss only in another scenario
        hard = [b.band for b in data.bands if b.hard]
        for name, other in list(scenario_coverages(data, solution.available).items())[1:]:
            words += [_miss_words(review, m, other, name) for m in band_misses(other, hard)]
    return words


def _what_opens(review: Review) -> list[str]:
    """The places the plan opens (by type), the projects they come in, the places it converts."""
    solution, data, say = review.solution, review.data, review.say
    plan = solution.plan
    span = f"{data.first_year}–{data.last_year}"
    total_new = int(plan["places"].sum()) if len(plan) else 0
    by_type = plan.groupby("type")["places"].sum() if len(plan) else pd.Series(dtype=float)
    listed = "; ".join(f"{label(data, k)}: {say.number(by_type[k])}" for k in data.place_types if by_type.get(k, 0))
    if total_new:
        sentences = [say("plan_opens", count=say.number(total_new), span=span, listed=listed)]
    else:
        sentences = [say("plan_opens_none", span=span)]
    projects = plan[plan["source"] != "new"] if len(plan) else plan
    if len(projects):
        openings = sorted(projects.groupby(["source", "year"]), key=lambda i: (i[0][1], i[0][0]))
        built = say.join(
            [
                say("project_opening", project=p, year=int(y), places=say.number(int(group["places"].sum())))
                for (p, y), group in openings
            ]
        )
        sentences.append(say("plan_projects", count=int(projects["places"].sum()), built=built))
    if len(solution.conversions):
        sentences.append(say("plan_converts", count=say.number(int(solution.conversions["places"].sum()))))
    return sentences


def _sites_and_contracts(review: Review) -> list[str]:
    """What happens to the existing sites, and the place-years bought and sold, in a sentence each."""
    solution, say = review.solution, review.say
    sentences = []
    decided = [
        f"{r.site} " + say("site_closed" if r.decision == "close" else "site_renovated", year=int(r.year))
        for r in solution.site_decisions.itertuples()
    ]
    if decided:
        sentences.append(say("plan_sites", listed=say.join(decided)))
    bought, sold = int(solution.purchased["places"].sum()), int(solution.sold["places"].sum())
    if bought or sold:
        sentences.append(say("plan_contracts", bought=say.number(bought, 0), sold=say.number(sold, 0)))
    return sentences


def _what_it_costs(review: Review) -> list[str]:
    """The net present cost and the stock's part of it, the soft bands missed, what the bands cost."""
    solution, data, say = review.solution, review.data, review.say
    sentences = []
    if solution.objective_npv is not None:
        # the overview table's first line, from the costs sheet's rows: one figure, said and shown
        existing = discounted_costs_row(review, review.layout.cost_rows["existing_net"]).value
        key = "plan_npv_sites" if has_site_operating(data) else "plan_npv"
        sentences.append(say(key, npv=say.millions(solution.objective_npv), existing=say.millions(existing)))
    if (stochastic := review.record.stochastic) is not None and stochastic.get("expected_npv") is not None:
        first = data.first_year
        sentences.append(
            say(
                "stochastic_plan_sentence",
                count=len(stochastic["weights"]),
                scenarios=say.join(list(stochastic["weights"])),
                years=year_runs(list(range(first, first + stochastic["commit_years"]))),
                chosen=data.scenario or next(iter(stochastic["weights"])),
                expected=say.millions(stochastic["expected_npv"]),
            )
        )
    if price := review.record.robust_price:
        sentences.append(
            say(
                "robust_price" if price["proven"] else "robust_price_unproven",
                others=say.join(review.record.robust_scenarios.split(", ")),
                scenario=price["scenario"],
                regret=say.millions(price["regret"]),
                share=say.percent(price["regret"] / price["own_npv"]) if price["own_npv"] else "",
                own=say.millions(price["own_npv"]),
            )
        )
    for m in band_misses(solution.coverage, [b.band for b in data.bands if not b.hard]):
        sentences.append(say("soft_missed", band=review.band_label(m["band"]), years=year_runs(m["years"])))
    if review.band_costs is not None:
        for record in review.band_costs.to_dict("records"):
            cost = record.get("cost_of_band")
            if cost is not None and cost == cost and record.get("min_share") is not None:
                band = review.band_label(str(record["band"]))
                sentences.append(say("band_cost_sentence", band=band, cost=say.millions(cost)))
    return sentences


def band_summaries(review: Review) -> list[tuple[Band, str, str]]:
    """Per band: (band, the years a limit binds, the years it is missed), in words."""
    out = []
    say, coverage, data = review.say, review.solution.coverage, review.data
    misses = {m["band"]: m for m in band_misses(coverage, [b.band for b in data.bands])}
    for b in data.bands:
        rows = coverage[coverage["band"] == b.band]
        binds = []
        for word, share, sign in (("minimum", b.min_share, 1), ("maximum", b.max_share, -1)):
            if share is None:
                continue
            spare = sign * (rows["places"] - share * rows["population"])
            years = rows.loc[(spare > -PLACE_TOLERANCE) & (spare < 1 - PLACE_TOLERANCE), "year"]
            if len(years):
                binds.append(f"{say(word).lower()} {year_runs(years)}")
        miss = misses.get(b.band)
        missed = say("none")
        if miss:
            place_years = float((rows["shortfall_places"] + rows["excess_places"]).sum())
            kind = say(miss["kind"].split()[0])
            missed = f"{year_runs(miss['years'])}: {say.number(place_years, 1)} {say('place_years')} {kind}"
        out.append((b, "; ".join(binds) or say("none"), missed))
    return out
