# Two commands for a new user: `make run` and `make test`. Both set themselves up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format bench bench-quick example docs wheel clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/planner solve inputs/baerum.xlsx -o outputs/baerum-plan.xlsx

# The tests in parallel, a worker per core (pytest-xdist), the slowest first and dealt out in turn (--dist load:
# worksteal gave one worker the whole slow half); solves that tests only read are shared.
test: $(STAMP)
	$(BIN)/python -m pytest -q -n auto --dist load

# Style and complexity (ruff, C901 included), the layers data flows down (import-linter, contracts in
# pyproject.toml), and the sizes of modules and definitions (tests/test_layout.py).
lint: $(STAMP)
	$(BIN)/ruff check planner models inputs tests bench
	$(BIN)/ruff format --check planner models inputs tests bench
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/test_layout.py

format: $(STAMP)
	$(BIN)/ruff format planner models inputs tests bench
	$(BIN)/ruff check --fix planner models inputs tests bench

# Rebuild the example workbook from its readable data in inputs/baerum/.
example: $(STAMP)
	$(BIN)/python inputs/build_baerum.py

# The workbooks' reference, docs/workbooks.md, from the schema (a test checks it is current).
docs: $(STAMP)
	$(BIN)/python -m planner.inputs.reference docs/workbooks.md

# Speed benchmark (about 25 min on 2 cores): the size ladder, the example end to end and with band costs
# (bench/results.md, .csv), then the family of ten large instances with both solvers (bench/family.md, .json).
# `make bench-quick` runs the example and the small instance only.
bench: $(STAMP)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/family.py --solver highs --solver cbc --markdown bench/family.md --json bench/family.json

bench-quick: $(STAMP)
	$(BIN)/python bench/run.py --quick

# The wheel to share with people who install the planner as a program (README, "Installing it as a program").
wheel: $(STAMP)
	$(BIN)/python -m build --wheel --outdir dist .

clean:
	rm -rf $(VENV) outputs/*.xlsx build dist
