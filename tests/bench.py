"""Speed benchmark (make bench): solve the example with each solver, best of three runs.

Speed goals live here, never in timed tests.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from models import optimise  # noqa: E402
from planner.reading import read_input  # noqa: E402

GOAL_SECONDS = 10.0  # the example should solve to proven optimality well within this


def main() -> int:
    data = read_input(ROOT / "inputs" / "baerum.xlsx").data
    worst = 0.0
    for solver in ("cbc", "highs"):
        times = []
        for _ in range(3):
            start = time.perf_counter()
            solution = optimise(data, solver=solver, time_limit=120)
            times.append(time.perf_counter() - start)
        best = min(times)
        worst = max(worst, best)
        print(f"{solver:6s} {solution.status:8s} npv {solution.objective_npv:,.0f} NOK  best of 3: {best:.2f} s")
    print(f"goal: ≤ {GOAL_SECONDS:.0f} s per solve — {'met' if worst <= GOAL_SECONDS else 'MISSED'}")
    return 0 if worst <= GOAL_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
