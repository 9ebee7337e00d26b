"""The benchmark's instance generator: deterministic, feasible, and its workbooks read back equal.

No timing assertions here: speed goals live in bench/run.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = str(Path(__file__).resolve().parents[1])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from bench import instances  # noqa: E402
from models.capacity import build_model  # noqa: E402
from models.results import solution_tables  # noqa: E402
from models.solve import run_solver  # noqa: E402
from planner.inputs import read_input  # noqa: E402


def test_same_seed_same_instance():
    assert instances.generate("small", seed=3) == instances.generate("small", seed=3)
    assert instances.generate("large", seed=0) == instances.generate("large", seed=0)


def test_another_seed_another_instance():
    assert instances.generate("small", seed=0) != instances.generate("small", seed=1)


@pytest.mark.parametrize("name", list(instances.SIZES))
def test_sizes_as_named(name):
    size = instances.SIZES[name]
    data = instances.generate(name)
    assert len(data.years) == size.years
    assert len(data.place_types) == size.types
    assert len(data.projects) == size.projects
    assert all(100 <= p.min_places <= p.max_places <= 200 for p in data.projects)
    assert all(2 <= len(p.mix) <= 3 for p in data.projects)
    assert [b.hard for b in data.bands].count(False) == 1
    assert data.budget and any(s.last_year is not None for s in data.stock)


def test_small_instance_solves_to_optimal_with_highs():
    data = instances.generate("small")
    model = build_model(data)
    run = run_solver(model.problem, "highs", time_limit=120, gap=0.0)
    assert run.status == "optimal"
    solution = solution_tables(model, run.status, run)
    hard = {b.band for b in data.bands if b.hard}
    coverage = solution.coverage[solution.coverage["band"].isin(hard)]
    assert (coverage["shortfall_places"] + coverage["excess_places"]).max() == pytest.approx(0, abs=1e-6)


def test_workbook_round_trips_through_read_input(tmp_path):
    data = instances.generate("medium", seed=7)
    path = instances.write_workbook(data, tmp_path / "medium.xlsx")
    book = read_input(path)
    assert book.data == data
    assert not book.warnings


def test_example_round_trips_too(tmp_path):
    data = instances.load("example")
    assert read_input(instances.write_workbook(data, tmp_path / "example.xlsx")).data == data


def test_the_family_has_ten_members_that_differ_in_kind_and_repeat_exactly():
    from bench.family import FAMILY

    assert len(FAMILY) >= 10
    large = instances.generate("large")
    for name in FAMILY:
        member = instances.load(name)
        assert member == instances.load(name), f"{name} is not deterministic"
        if name != "large":
            assert member != large, f"{name} is the large rung itself"
