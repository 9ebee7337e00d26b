"""What a command came to: the exit status, the texts to print and the --json object."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # for the type hint only; importing it would load pandas
    from models.results import Solution

EXIT_OK, EXIT_BUG, EXIT_INPUT, EXIT_INFEASIBLE, EXIT_NO_SOLUTION = 0, 1, 2, 3, 4
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, as a shell reports a command whose reader closed the pipe
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports a command stopped with Ctrl-C


def status_code(status: str) -> int:
    """The exit status of a solve: 0 for a plan, 3 when the hard bands cannot hold, 4 for no plan in time."""
    from models.solve import has_plan  # here: --help imports this module and must not load the model

    if has_plan(status):
        return EXIT_OK
    return EXIT_INFEASIBLE if status == "infeasible" else EXIT_NO_SOLUTION


@dataclass
class Outcome:
    """A solve or re-plan done: the command line prints TEXTS (on stderr under --json), then PAYLOAD, and exits CODE."""

    code: int
    texts: list[str] = field(default_factory=list)
    payload: dict = field(default_factory=dict)  # the --json object
    solution: Solution | None = None
    output: Path | None = None
    warnings: list[str] = field(default_factory=list)
