"""The planner as an installed program: its packages, its version, the example it ships, `python -m planner`.

The wheel itself, installed into a fresh environment outside the project, is checked by .ci/wheel-check
(a minute of installing packages: CI runs it after `make test`).
"""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

import planner
from planner import cli

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SETUPTOOLS = PYPROJECT["tool"]["setuptools"]


def test_every_package_in_the_source_tree_goes_into_the_wheel():
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for top in ("planner", "models")
        for init in (ROOT / top).rglob("__init__.py")
    }
    assert set(SETUPTOOLS["packages"]) == found | {"planner.examples"}
    assert SETUPTOOLS["package-dir"] == {"planner.examples": "inputs"}
    for name in SETUPTOOLS["package-data"]["planner.examples"]:
        assert (ROOT / "inputs" / name).is_file(), name


def test_the_version_is_written_in_one_place():
    assert "version" not in PYPROJECT["project"] and "version" in PYPROJECT["project"]["dynamic"]
    assert SETUPTOOLS["dynamic"]["version"] == {"attr": "planner.__version__"}
    assert importlib.metadata.version("planner") == planner.__version__


def test_example_writes_the_shipped_workbook_and_never_overwrites_without_force(tmp_path):
    runner = CliRunner()
    out = tmp_path / "Mine planer æøå" / "ex.xlsx"
    first = runner.invoke(cli.main, ["example", str(out), "--notes"])
    assert first.exit_code == 0, first.output
    assert out.read_bytes() == (ROOT / "inputs" / "baerum.xlsx").read_bytes()
    assert "illustrative" in first.output and f'planner solve "{out}"' in first.output

    out.write_bytes(b"the user's own work")
    again = runner.invoke(cli.main, ["example", str(out)])
    assert again.exit_code == 2 and "already exists" in again.output and "--force" in again.output
    assert again.output.endswith("1 problem(s) found; nothing was written.\n")  # example solves nothing
    assert out.read_bytes() == b"the user's own work"
    forced = runner.invoke(cli.main, ["example", str(out), "--force"])
    assert forced.exit_code == 0 and out.read_bytes() == (ROOT / "inputs" / "baerum.xlsx").read_bytes()

    wrong = runner.invoke(cli.main, ["example", str(tmp_path / "ex.csv")])
    assert wrong.exit_code == 2 and "the example must be an .xlsx file" in wrong.output


@pytest.mark.parametrize("command", ["example", "template"])
def test_a_refused_path_is_not_told_to_use_an_option_the_command_has_not(tmp_path, command):
    """template and example take the path as their argument: a folder in the way is named without '-o'."""
    folder = tmp_path / "plan.xlsx"
    folder.mkdir()
    refused = CliRunner().invoke(cli.main, [command, str(folder), "--force"])
    assert refused.exit_code == 2 and "it is a folder; give a file name ending in .xlsx" in refused.output
    assert "with -o" not in refused.output, refused.output  # (the tmp path holds "pytest-of-…")


def test_python_dash_m_planner_is_the_planner_and_version_names_the_solvers(tmp_path):
    import highspy

    version = subprocess.run(
        [sys.executable, "-m", "planner", "--version"], capture_output=True, text=True, cwd=tmp_path, timeout=60
    )
    assert version.returncode == 0, version.stderr
    lines = version.stdout.splitlines()
    assert lines[0] == f"planner {planner.__version__}"
    assert f"HiGHS {highspy.Highs().version()} (highspy)" in lines
    assert any(line.startswith("CBC 2.") and "bundled with PuLP" in line for line in lines), lines
    helped = subprocess.run([sys.executable, "-m", "planner", "--help"], capture_output=True, text=True, cwd=tmp_path)
    assert helped.returncode == 0 and "Usage: planner" in helped.stdout and "example" in helped.stdout
