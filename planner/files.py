"""Files: written whole or not at all, with the permissions a colleague can read; and their fingerprints."""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path


def save_atomically(path: Path, write: Callable[[str], None]) -> None:
    """An output is written whole or not at all: ``write`` fills a temp file beside ``path``, then os.replace."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".xlsx.tmp", dir=path.parent)
    os.close(handle)
    try:
        write(tmp)
        # mkstemp makes the file 0600; give it the mode a plainly created (or overwritten) file would have,
        # so colleagues and scheduled jobs sharing the folder can read it
        os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _mode_for(path: Path) -> int:
    """An existing file's permissions are kept; a new file gets 0666 less the umask, as open() would give."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        umask = os.umask(0)  # the only way to read the umask is to set it; restored at once
        os.umask(umask)
        return 0o666 & ~umask


def append_row(ws, values) -> None:
    """openpyxl's ws.append, but text stays text: openpyxl would store a name like '=1+1' as a formula.

    Sites, projects, types and labels come from the user's workbook, so none of them may ever
    run as a formula in a colleague's spreadsheet program.
    """
    ws.append(values)
    for cell in ws[ws.max_row]:
        if cell.data_type == "f":
            cell.data_type = "s"


def sha256(path: Path) -> str:
    """A file's fingerprint, recorded in every plan; read in chunks, before the workbook is parsed ("" if none)."""
    if not Path(path).is_file():
        return ""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()
