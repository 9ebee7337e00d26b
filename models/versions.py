"""Which solvers this installation runs, and their versions: `planner --version` prints them."""

from __future__ import annotations

import os
import re
import subprocess

import pulp

from models.solve import CBC_PATH_VARIABLE, _stdout_silenced


def solver_versions() -> dict[str, str]:
    """HiGHS's and CBC's versions as installed here, and PuLP's ("not available" and why, when one cannot run)."""
    versions = {}
    try:
        import highspy

        with _stdout_silenced():
            versions["HiGHS"] = f"{highspy.Highs().version()} (highspy)"
    except Exception as exc:  # noqa: BLE001 - a report, not a solve
        versions["HiGHS"] = f"not available ({exc})"
    custom = os.environ.get(CBC_PATH_VARIABLE)
    try:
        path = custom or pulp.PULP_CBC_CMD(msg=False).path
        out = subprocess.run([path, "-quit"], capture_output=True, text=True, timeout=20).stdout
        found = re.search(r"^Version:\s*(\S+)", out, re.MULTILINE)
        where = f"at {custom}" if custom else "bundled with PuLP"
        versions["CBC"] = f"{found.group(1) if found else 'version unknown'} ({where})"
    except (OSError, subprocess.SubprocessError, pulp.PulpError) as exc:
        versions["CBC"] = f"not available ({exc})"
    versions["PuLP"] = pulp.__version__
    return versions
