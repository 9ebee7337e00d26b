# Two commands for a new user: `make run` and `make test`. Both set themselves up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format bench example clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/planner solve inputs/baerum.xlsx -o outputs/baerum-plan.xlsx

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check planner models inputs tests
	$(BIN)/ruff format --check planner models inputs tests

format: $(STAMP)
	$(BIN)/ruff format planner models inputs tests
	$(BIN)/ruff check --fix planner models inputs tests

# Rebuild the example workbook from its readable data in inputs/baerum/.
example: $(STAMP)
	$(BIN)/python inputs/build_baerum.py

bench: $(STAMP)
	$(BIN)/python tests/bench.py

clean:
	rm -rf $(VENV) outputs/*.xlsx
