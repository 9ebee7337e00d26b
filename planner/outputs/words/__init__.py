"""The words of the sheets for people: one table per language (``nb``, bokmål, the default; ``en``), one way in.

``say = Words("nb"); say("net_cost")`` → "Netto kostnad". Every sentence a people sheet, the notes
or the account of changes shows comes from these tables, by key, with its figures filled in; both
tables have the same keys (a test says so). The machine-readable sheets keep the contract's English
names and the model's English phrases whatever the language; :func:`check_words`,
:func:`solver_words` and :func:`resolve_words` say those phrases in the sheet's language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from planner.outputs.words import en, nb

LANGUAGES = {"nb": nb, "en": en}


class Words:
    """The words and number format of one language."""

    def __init__(self, lang: str = "nb") -> None:
        if lang not in LANGUAGES:
            raise ValueError(f"language {lang!r}: expected one of {', '.join(LANGUAGES)}")
        self.lang = lang
        self._table = LANGUAGES[lang]

    def __call__(self, key: str, **values: object) -> str:
        """The sentence KEY with VALUES filled in; with count = 1, its singular (KEY_1) where the table has one."""
        if values.get("count") == 1 and f"{key}_1" in self._table.WORDS:
            key = f"{key}_1"
        text = self._table.WORDS[key]
        return text.format(**values) if values else text

    def number(self, value: float, decimals: int = 0) -> str:
        """1 234 567,8 in bokmål (space for thousands, decimal comma); 1,234,567.8 in English."""
        text = f"{value:,.{decimals}f}"
        return text.replace(",", "\0").replace(".", self._table.DECIMAL).replace("\0", self._table.THOUSANDS)

    @property
    def decimal(self) -> str:
        """The decimal mark: ',' in bokmål, '.' in English."""
        return self._table.DECIMAL

    def signed(self, value: float) -> str:
        """A difference with its sign: +39, or −39 (bokmål's minus sign; English's hyphen-minus); 0 when it rounds to
        nothing (an unchanged plan's −0.0001 is no change)."""
        if round(value) == 0:
            return self.number(0)
        return ("+" if value > 0 else self._table.MINUS) + self.number(abs(value))

    def percent(self, share: float, decimals: int = 1) -> str:
        return f"{self.number(100 * share, decimals)} %"

    def millions(self, nok: float) -> str:
        return self("millions", amount=self.number(nok / 1e6, 0))

    def base(self, base: str) -> str:
        """A population column as people read it, its name kept: '80 år og over (persons_80_plus)', '80–89 år
        (persons_80_89)'; any other base as it is named."""
        match = re.fullmatch(r"persons_(\d+)_(plus|\d+)", base)
        if match is None:
            return base
        low, high = match.groups()
        ages = self("ages_plus", low=low) if high == "plus" else self("ages_range", low=low, high=high)
        return f"{ages} ({base})"

    def join(self, items: list[str]) -> str:
        """'a, b og c' (or 'a, b and c')."""
        if len(items) < 2:
            return "".join(items)
        return f"{', '.join(items[:-1])} {self('and')} {items[-1]}"


def check_words(say: Words, run) -> str:
    """How the optimum was checked (models.solve.OPTIMALITY_CHECKS), in the sheet's language ("" if not)."""
    if run is None or not run.check:
        return ""
    gap = f"{run.refuted_gap:.4%}" if run.refuted_gap is not None else ""
    return say(f"check_{run.check}", by=run.checked_by, gap=gap)


def solver_words(say: Words, solver: str) -> str:
    """The solver as the summary names it; the ratio rule's 'priced by' in the sheet's language."""
    from models.ratio import PRICED_BY

    return say("solver_ratio", solver=solver.removeprefix(PRICED_BY)) if solver.startswith(PRICED_BY) else solver


def resolve_words(say: Words, status: str) -> str:
    """A band_costs status ('without: optimal; min +0.1 pp: infeasible') in the sheet's language."""
    from models.band_costs import resolve_statuses

    parts: Iterable[tuple[str, str]] = resolve_statuses(status)
    return "; ".join(f"{say('resolve_' + key)}: {say('outcome_' + outcome)}" for key, outcome in parts)
