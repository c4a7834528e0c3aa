"""The data folder is readable by its owner only: 0700 folders and 0600 files, whatever
the umask the user runs with (notes about people and password hashes live there)."""

from __future__ import annotations

import os
import stat
from functools import lru_cache
from pathlib import Path

OWNER_ONLY = 0o077
"""The umask that keeps group and others out of everything this process creates."""


def make_private(home: Path) -> None:
    """Create ``home`` owner-only and take group/other access off anything already in it.

    Also sets the process umask, so the SQLite WAL, the Chroma files, logs and downloads
    created later are owner-only too.
    """
    os.umask(OWNER_ONLY)
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    _tighten(str(home.resolve()))


@lru_cache(maxsize=16)
def _tighten(home: str) -> None:
    # Once per folder and process: data written by an older version, or under umask 022.
    for path in [Path(home), *Path(home).rglob("*")]:
        try:
            info = path.lstat()
        except OSError:
            continue
        if stat.S_ISLNK(info.st_mode) or not stat.S_IMODE(info.st_mode) & OWNER_ONLY:
            continue
        os.chmod(path, 0o700 if stat.S_ISDIR(info.st_mode) else 0o600)
