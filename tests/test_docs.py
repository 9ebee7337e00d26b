"""The documents a user's clone holds: links that resolve, and a contract that says what is not built yet."""

from __future__ import annotations

import re

import pytest
from conftest import REPO

CONTRACT = REPO / "docs" / "contract.md"
MARK = "(planned, not yet available)"
# Described by the contract for later versions: every line naming one must carry MARK.
PLANNED: list[str] = []
# Being built now: never marked planned.
AVAILABLE = [
    "--method ratio",
    "--compare-ratio",
    "HiGHS is the default solver",
    "--band-costs",
    "| band_costs |",
    "--lang nb",
    "| lang |",
    "planner reoptimise",
    "planner diff",
    "planner sweep",
    "| change_penalty_per_place |",
    "--scenario NAME`, `--robust` |",
    "| robust / robust_scenarios |",
    "planner prognosis FILE",
    "**need**",
    "**flows**",
    "**labour**",
]


def _documents():
    return [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]


def test_the_contract_is_in_the_project_and_the_readme_links_it():
    assert CONTRACT.is_file()
    assert "](docs/contract.md)" in (REPO / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("document", _documents(), ids=lambda p: p.name)
def test_relative_links_resolve_inside_the_project(document):
    text = document.read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)#\s]+)", text):
        if re.match(r"[a-z]+:", target):
            continue  # a web address
        resolved = (document.parent / target).resolve()
        assert resolved.exists(), f"{document.name} links {target}, which a clone does not have"
        assert REPO in resolved.parents, f"{document.name} links {target}, outside the project"


def test_nothing_points_users_at_the_shared_folder():
    outside = "shared/" + "spec.md"  # split, so this file does not match itself
    files = [*_documents(), *REPO.glob("planner/**/*.py"), *REPO.glob("models/**/*.py"), *REPO.glob("tests/*.py")]
    hits = [p.name for p in files if outside in p.read_text(encoding="utf-8")]
    assert not hits, f"{outside} is not in a user's clone; link docs/contract.md instead: {hits}"


def test_planned_features_are_marked_and_only_they():
    lines = CONTRACT.read_text(encoding="utf-8").splitlines()
    for feature in PLANNED:
        named = [line for line in lines if feature in line]
        assert named, f"the contract no longer mentions {feature}; update PLANNED"
        unmarked = [line for line in named if MARK not in line]
        assert not unmarked, f"{feature} is not available yet; mark it {MARK}:\n" + "\n".join(unmarked)
    # the preamble explains the mark; any other marked line must name a planned feature
    marked = [line for line in lines if MARK in line and not line.startswith("Parts marked")]
    stale = [line for line in marked if not any(feature in line for feature in PLANNED)]
    assert not stale, "these lines are marked planned but name no planned feature:\n" + "\n".join(stale)


@pytest.mark.parametrize("feature", AVAILABLE)
def test_features_being_built_are_not_marked_planned(feature):
    lines = [line for line in CONTRACT.read_text(encoding="utf-8").splitlines() if feature in line]
    assert lines, f"the contract no longer mentions {feature}; update AVAILABLE"
    assert not any("planned" in line for line in lines), lines


def test_the_workbooks_reference_is_what_the_schema_generates():
    """docs/workbooks.md is generated (make docs); a schema change without regenerating fails here."""
    from planner.inputs.reference import PAGE, workbooks_markdown

    assert PAGE == REPO / "docs" / "workbooks.md"
    assert PAGE.read_text(encoding="utf-8") == workbooks_markdown(), "docs/workbooks.md is out of date: run make docs"


def test_the_workbooks_reference_names_every_input_column_and_setting():
    from planner.inputs.sheets import SETTINGS, SHEETS

    text = (REPO / "docs" / "workbooks.md").read_text(encoding="utf-8")
    for spec in SHEETS.values():
        assert f"### {spec.name}\n" in text
        for column in spec.columns:
            assert f"`{column.name}" in text, (spec.name, column.name)
    for setting in SETTINGS:
        assert f"| `{setting.name}` |" in text
    assert "](docs/workbooks.md)" in (REPO / "README.md").read_text(encoding="utf-8")


def test_the_contract_lists_every_sheet_for_people_in_both_languages():
    """Bygg, Behov og bemanning, Nøkkeltall (KOSTRA) and Usikkerhet were written but not listed."""
    from planner.outputs.words import Words

    nb, en = Words("nb"), Words("en")
    keys = [k for k in nb._table.WORDS if k.startswith("sheet_")]
    assert len(keys) >= 11
    text = CONTRACT.read_text(encoding="utf-8")
    assert not [k for k in keys if f"| {nb(k)} | {en(k)} |" not in text]
