"""`planner validate` as a library call: check an input workbook and list every problem."""

from __future__ import annotations

from pathlib import Path

from planner.commands.console import infeasibility_text, valid_text
from planner.commands.outcome import EXIT_INFEASIBLE, EXIT_OK
from planner.inputs import read_input


def validate(input_path: Path, check_bands: bool = True) -> tuple[str, list[str], int]:
    """What INPUT is (its line, or why no plan can meet its hard bands), its warnings and the exit code.

    InputError lists every problem when the workbook itself has some. check_bands: also ask, as `solve`
    would, whether any plan can meet the hard bands (the elastic diagnosis, feasibility only: seconds);
    when none can, the text is solve's paragraph and the code is 3.
    """
    book = read_input(input_path)
    warnings = [str(w) for w in book.warnings]
    text = valid_text(input_path.name, book.data)
    if not check_bands:
        return text, warnings, EXIT_OK
    from models.optimise import hard_bands_check  # here: a workbook with problems never loads the model

    settings = book.settings
    data = book.data
    if data.plan == "stochastic":
        # each scenario on its own (the robust question, one plan for all, would ask too much of a plan that
        # adapts); whether the committed years fit them all together, solve finds out
        from models.stochastic import scenario_inputs

        warnings.append("a stochastic plan: each scenario's hard bands are checked on their own")
        for single in scenario_inputs(data).values():
            diagnosis = hard_bands_check(single, settings.solver, settings.time_limit_s)
            if diagnosis is not None:
                data = single
                break
    else:
        diagnosis = hard_bands_check(data, settings.solver, settings.time_limit_s)
    if diagnosis is None:
        return valid_text(input_path.name, book.data, bands_met=True), warnings, EXIT_OK
    if diagnosis.status == "no_solution":
        warnings.append(
            f"whether the hard bands can be met was not decided within {settings.time_limit_s:g} s "
            "(the setting time_limit_s); planner solve will tell"
        )
        return text, warnings, EXIT_OK
    hard = {b.band for b in data.bands if b.hard}
    return infeasibility_text(diagnosis, None, hard, data), warnings, EXIT_INFEASIBLE
