"""Which solvers this installation runs, and their versions: `planner --version` prints them."""

from __future__ import annotations

import os
import subprocess

import pulp

from models.solve import CBC_PATH_VARIABLE, CBC_VERSION, highs_version


def solver_versions() -> dict[str, str]:
    """HiGHS's and CBC's versions as installed here, and PuLP's ("not available" and why, when one cannot run)."""
    versions = {}
    try:
        versions["HiGHS"] = f"{highs_version()} (highspy)"
    except Exception as exc:  # noqa: BLE001 - a report, not a solve
        versions["HiGHS"] = f"not available ({exc})"
    custom = os.environ.get(CBC_PATH_VARIABLE)
    try:
        path = custom or pulp.PULP_CBC_CMD(msg=False).path
        out = subprocess.run([path, "-quit"], capture_output=True, text=True, timeout=20).stdout
        found = CBC_VERSION.search(out)
        where = f"at {custom}" if custom else "bundled with PuLP"
        versions["CBC"] = f"{found.group(1) if found else 'version unknown'} ({where})"
    except (OSError, subprocess.SubprocessError, pulp.PulpError) as exc:
        versions["CBC"] = f"not available ({exc})"
    versions["PuLP"] = pulp.__version__
    return versions
