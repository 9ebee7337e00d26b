"""Wording shared by the model's notes, the input problems and the solve messages."""

from __future__ import annotations

from collections.abc import Iterable


def year_runs(years: Iterable[int]) -> str:
    """'2026–2030, 2035': consecutive years as one run, so a block of years reads as one item."""
    ordered = sorted({int(y) for y in years})
    parts, start = [], None
    for i, y in enumerate(ordered):
        if start is None:
            start = y
        if i + 1 == len(ordered) or ordered[i + 1] != y + 1:
            parts.append(str(start) if start == y else f"{start}–{y}")
            start = None
    return ", ".join(parts)
