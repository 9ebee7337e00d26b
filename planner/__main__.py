"""`python -m planner …` is `planner …` (where the script is not on PATH, e.g. Windows' py launcher)."""

from planner.cli import main

main(prog_name="planner")
