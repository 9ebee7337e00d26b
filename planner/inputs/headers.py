"""Header rows checked against the schema: a known column misspelt, or one renamed beyond recognition."""

from __future__ import annotations

import difflib
import re

from openpyxl.utils import get_column_letter

from planner.inputs.context import TYPO_CUTOFF, Reading
from planner.inputs.sheets import SHEETS

# Headers of notes beside the data: never a known column renamed, so no warning names them.
NOTE_HEADERS = {"note", "notes", "comment", "comments", "source", "sources", "merknad", "kommentar", "kilde", "notat"}


def check_headers(r: Reading) -> None:
    """A header close to a known column that is missing ('Min share' for min_share) is a problem.

    Other unknown headers are extra columns, ignored as the contract allows. The misnamed
    column is still read under its known name, so the rows' own problems are listed too and
    nothing follows from the header alone (such as 'min_share and max_share are both empty').
    A known optional column missing while the row has an unknown header is warned about.
    """
    for name, sheet in r.sheets.items():
        if sheet.refused or sheet.header_misplaced or name not in SHEETS:
            continue
        spec = SHEETS[name]
        unread = {c.name for c in spec.columns if not c.read}
        missing = [c for c in spec.known if c not in sheet.columns and c not in unread]
        unknown = [(header, index) for header, index in sheet.columns.items() if not spec.is_known(header)]
        for header, index in sorted(unknown, key=lambda pair: pair[1]):
            normalised = re.sub(r"[\s\-]+", "_", header)
            match = difflib.get_close_matches(normalised, missing, n=1, cutoff=TYPO_CUTOFF)
            if not match:
                continue
            (column,) = match
            missing.remove(column)  # one header per known column
            sheet.columns[column] = index
            letter = sheet.letter(column)
            message = (
                f"column {letter} '{sheet.headers.get(index, header)}' is not a known column; "
                f"did you mean {column}? Rename the header to {column}"
            )
            r.problems.append(sheet.problem(message, 1))
            unknown.remove((header, index))
        _warn_renamed(r, name, [c for c in missing if c not in spec.header_required], unknown)


def _warn_renamed(r: Reading, name: str, optional: list[str], unknown: list[tuple[str, int]]) -> None:
    """A known column renamed beyond recognition ('minste andel') would silently take its default: say so."""
    sheet = r.sheets[name]
    unknown = [(h, i) for h, i in unknown if re.sub(r"[\s_\-]+", "", h.lower()) not in NOTE_HEADERS]
    if optional and unknown:
        extra = ", ".join(
            f"{get_column_letter(i + 1)} '{sheet.headers.get(i, h)}'" for h, i in sorted(unknown, key=lambda p: p[1])
        )
        message = (
            f"has no column {', '.join(optional)}, so blank or default values are used for it; row 1 also "
            f"has {extra}, which the planner does not read: if one of them is meant, rename it"
        )
        r.warnings.append(sheet.problem(message, 1))
