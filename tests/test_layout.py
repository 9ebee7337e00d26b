"""The house keeps its shape: layers that data flows down, rooms of a readable size, words in both languages.

`make lint` runs this file beside ruff (whose C901 rule bounds each function's complexity).
"""

from __future__ import annotations

import ast
import shutil
import string
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

MAX_MODULE_LINES = 600
MAX_DEFINITION_LINES = 150
SOURCES = sorted([*REPO.glob("planner/**/*.py"), *REPO.glob("models/**/*.py")])


def _definitions(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            yield node.name, node.lineno, node.end_lineno - node.lineno + 1


def test_no_module_is_over_600_lines():
    long = {
        str(p.relative_to(REPO)): n
        for p in SOURCES
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert not long, f"split these modules along what they do: {long}"


def test_no_function_or_class_is_over_150_lines():
    long = [
        f"{p.relative_to(REPO)}:{line} {name} ({n} lines)"
        for p in SOURCES
        for name, line, n in _definitions(p)
        if n > MAX_DEFINITION_LINES
    ]
    assert not long, "a long definition is two ideas; split it:\n" + "\n".join(long)


def test_the_size_rule_catches_a_long_function(tmp_path):
    """The check above can fail: a generated function of 151 lines is reported."""
    body = "\n".join(f"    x{i} = {i}" for i in range(150))
    path = tmp_path / "long.py"
    path.write_text(f"def long():\n{body}\n", encoding="utf-8")
    assert [n for _, _, n in _definitions(path)] == [151]


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    command = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or "lint-imports"
    return subprocess.run([command, "--no-cache"], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_the_import_contracts_hold():
    """The contracts in pyproject.toml: cli > commands > outputs > inputs > helpers > model; no Excel in the model."""
    run = _lint_imports(REPO)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "2 kept, 0 broken" in run.stdout


def test_an_import_against_the_flow_breaks_the_contract(tmp_path):
    """The contracts can fail: a copy of the project whose input reader imports the outputs is refused."""
    copy = tmp_path / "copy"
    for name in ("planner", "models"):
        shutil.copytree(REPO / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", copy / "pyproject.toml")
    stock = copy / "planner" / "inputs" / "stock.py"
    stock.write_text(
        stock.read_text(encoding="utf-8") + "\nimport planner.outputs.plan  # noqa: E402\n", encoding="utf-8"
    )
    run = _lint_imports(copy)
    assert run.returncode != 0
    assert "planner.inputs.stock -> planner.outputs.plan" in run.stdout


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_have_every_word_with_the_same_placeholders():
    from planner.outputs.words import en, nb

    assert nb.WORDS.keys() == en.WORDS.keys()
    differ = {
        k: (nb.WORDS[k], en.WORDS[k]) for k in nb.WORDS if _placeholders(nb.WORDS[k]) != _placeholders(en.WORDS[k])
    }
    assert not differ, differ


@pytest.mark.parametrize("folder", ["planner", "models"])
def test_no_language_test_outside_the_words(folder):
    """One mechanism for the two languages: no module outside planner/outputs/words asks which language it is."""
    hits = [
        f"{p.relative_to(REPO)}:{i}"
        for p in (REPO / folder).rglob("*.py")
        if "words" not in p.parts
        for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
        if 'lang == "nb"' in line or "lang == 'nb'" in line or " if nb else" in line or "both(" in line
    ]
    assert not hits, hits
