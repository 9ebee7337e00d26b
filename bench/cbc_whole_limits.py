"""CBC on the example with hard band limits rounded to whole places, and as computed (before issue 11).

One run, both variants, each in its own subprocess, CBC single-threaded with a 120 s limit; writes
bench/cbc_whole_limits.md. HiGHS does not notice the difference (bench/experiments.py, variant
fractional_limits): its presolve finds the same rounding itself; CBC does not.

    .venv/bin/python bench/cbc_whole_limits.py
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 120.0


def worker(whole: bool) -> dict:
    import time

    from models import capacity
    from models.optimise import optimise
    from planner.inputs import read_input

    capacity.WHOLE_PLACE_LIMITS = whole
    data = read_input(ROOT / "inputs" / "baerum.xlsx").data
    start = time.perf_counter()
    solution = optimise(data, solver="cbc", time_limit=LIMIT)
    return {
        "whole": whole,
        "status": solution.status,
        "npv": solution.objective_npv,
        "gap": solution.run.mip_gap if solution.run else None,
        "seconds": time.perf_counter() - start,
    }


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--worker":
        print(json.dumps(worker(sys.argv[2] == "whole")))
        return 0
    rows = []
    for variant in ("fractional", "whole"):
        out = subprocess.run(
            [sys.executable, __file__, "--worker", variant], capture_output=True, text=True, check=True, cwd=ROOT
        )
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(rows[-1], flush=True)
    lines = [
        "# CBC on the example: hard band limits rounded to whole places",
        "",
        f"Written by `bench/cbc_whole_limits.py`: CBC, one thread, {LIMIT:.0f} s limit, both variants in one run.",
        "",
        "| hard band limits | status | objective NPV (NOK) | gap | seconds |",
        "|---|---|---|---|---|",
    ]
    for r in rows:
        name = "whole places (current)" if r["whole"] else "as computed (before)"
        gap = "" if r["gap"] is None else f"{r['gap']:.4%}"
        lines.append(f"| {name} | {r['status']} | {r['npv']:,.0f} | {gap} | {r['seconds']:.1f} |")
    before, after = rows
    lines += [
        "",
        f"Ratio of seconds, before ÷ after: {before['seconds'] / after['seconds']:.1f}× "
        f"(the 'before' run {'stopped at the limit' if before['status'] != 'optimal' else 'proved its optimum'}).",
    ]
    (ROOT / "bench" / "cbc_whole_limits.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
