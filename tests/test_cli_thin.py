"""The command line stays a thin layer: the work is in library calls a script can make without click."""

from __future__ import annotations

import inspect
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import run_cli

from planner import cli
from planner.commands import solve as solving
from planner.commands.outcome import EXIT_INFEASIBLE, EXIT_OK
from planner.problems import InputError

MAX_BODY_LINES = 40


def _body_lines(command) -> int:
    """Lines of a command function after its `def` line (decorators and signature not counted)."""
    source = inspect.getsource(inspect.unwrap(command.callback)).splitlines()
    start = next(i for i, line in enumerate(source) if line.startswith("def "))
    end = next(i for i in range(start, len(source)) if source[i].rstrip().endswith(":"))
    return len([line for line in source[end + 1 :] if line.strip()])


def test_every_command_is_short():
    lengths = {name: _body_lines(command) for name, command in cli.main.commands.items()}
    assert set(lengths) == {"solve", "reoptimise", "diff", "prognosis", "sweep", "validate", "template", "example"}
    too_long = {name: n for name, n in lengths.items() if n > MAX_BODY_LINES}
    assert not too_long, f"move the work into a library function: {too_long}"


@pytest.mark.parametrize("option", ['"--solver"', '"--time-limit"', '"--gap"', '"--lang"', '"--json"', '"--output"'])
def test_each_shared_option_is_declared_once(option):
    assert inspect.getsource(cli).count(option + ",") == 1  # as declared: click.option("--gap", ...)


def test_the_library_solve_needs_no_click_and_agrees_with_the_command_line(feasible_workbook: Path, tmp_path: Path):
    notes: list[str] = []
    outcome = solving.solve(feasible_workbook, tmp_path / "lib.xlsx", notify=notes.append)
    assert outcome.code == EXIT_OK
    assert outcome.solution.status == "optimal"
    assert outcome.output == tmp_path / "lib.xlsx" and outcome.output.is_file()
    assert outcome.texts[0].startswith("Optimal plan: net present cost ")
    assert outcome.warnings == [n.removeprefix("warning: ") for n in notes if n.startswith("warning: ")]

    in_process = CliRunner().invoke(
        cli.main, ["solve", str(feasible_workbook), "-o", str(tmp_path / "a.xlsx"), "--json"]
    )
    real = run_cli("solve", feasible_workbook, "-o", tmp_path / "b.xlsx", "--json", cwd=tmp_path)
    for code, stdout in ((in_process.exit_code, in_process.stdout), (real.code, real.stdout)):
        payload = json.loads(stdout)
        assert code == payload["exit_code"] == outcome.code
        assert payload.keys() == outcome.payload.keys()
        assert payload["status"] == outcome.payload["status"]
        assert payload["objective"] == pytest.approx(outcome.payload["objective"], rel=1e-9)


def test_an_infeasible_input_is_an_outcome_not_an_exit(infeasible_workbook: Path, tmp_path: Path):
    outcome = solving.solve(infeasible_workbook, tmp_path / "plan.xlsx")
    assert outcome.code == EXIT_INFEASIBLE
    assert outcome.payload["objective"] is None and outcome.payload["diagnosis_cost"] is not None
    assert outcome.texts[0].startswith("The hard bands cannot all be met.")


def test_bad_options_raise_input_error_for_a_library_caller(feasible_workbook: Path, tmp_path: Path):
    with pytest.raises(InputError) as caught:
        solving.solve(feasible_workbook, tmp_path / "plan.csv")
    assert [str(p) for p in caught.value.problems] == ["plan.csv: the output must be an .xlsx file; give -o PLAN.xlsx"]
    with pytest.raises(InputError) as caught:
        solving.solve(feasible_workbook, feasible_workbook)
    assert "the output path is the input workbook" in str(caught.value.problems[0])


def test_ratio_conflicts_name_the_options_given():
    options = dict(verify=True, gap=None, compare_ratio=False, band_costs=True, robust=None, lang="en")
    assert solving.ratio_conflicts(method="optimise", **options) == ""
    assert solving.ratio_conflicts(method="ratio", **options) == (
        "--verify, --band-costs cannot be used with --method ratio, which builds the rule's plan"
    )


def test_validate_template_and_diff_are_library_calls_the_command_line_prints(feasible_workbook, tmp_path):
    """Each command through click's CliRunner prints what its library call returns, and exits as it says."""
    from planner.commands.diff import diff
    from planner.commands.template import template
    from planner.commands.validate import validate

    text, warnings, code = validate(feasible_workbook)
    result = CliRunner().invoke(cli.main, ["validate", str(feasible_workbook)])
    assert result.exit_code == code == EXIT_OK and result.stdout.strip() == text and warnings == []

    template(tmp_path / "lib-template.xlsx", force=False)
    result = CliRunner().invoke(cli.main, ["template", str(tmp_path / "cli-template.xlsx")])
    assert result.exit_code == EXIT_OK and (tmp_path / "cli-template.xlsx").is_file()
    assert (
        validate(tmp_path / "lib-template.xlsx", check_bands=False)[0].split(" is valid")[1]
        == validate(tmp_path / "cli-template.xlsx", check_bands=False)[0].split(" is valid")[1]
    )
    with pytest.raises(InputError):
        template(tmp_path / "lib-template.xlsx", force=False)  # exists: refused without --force

    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    assert solving.solve(feasible_workbook, a).code == EXIT_OK
    assert solving.solve(feasible_workbook, b, method="ratio").code == EXIT_OK
    account = diff(a, b).account
    result = CliRunner().invoke(cli.main, ["diff", str(a), str(b)])
    assert result.exit_code == EXIT_OK
    assert result.stdout.splitlines() == [f"- {line}" for line in account]
