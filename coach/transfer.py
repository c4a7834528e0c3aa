"""``coach export`` and ``coach import``: all of an account's data as one JSON file.

The format has no database ids: notes are identified by a hash of their date and text,
so an export imported anywhere (another machine, another account) and exported again
gives the same file, and importing twice adds nothing the second time.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from coach.errors import CoachError
from coach.storage.export_schema import digest, validate
from coach.storage.rows import export_rows, import_rows
from coach.storage.store import StoreError
from coach.workspace import Workspace

FORMAT = "coach-export"
VERSION = 3
"""2 adds ``digest``, 3 the saved agendas (``agenda_topics``). Older files are still read,
with every record validated (version 1 files have no digest)."""
MAX_IMPORT_BYTES = 200_000_000


def export_data(ws: Workspace) -> dict[str, Any]:
    """Everything the account has: people, notes, action items, practice sessions, agendas."""
    rows = export_rows(ws.store)
    return {
        "format": FORMAT,
        "version": VERSION,
        "account": ws.account,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "digest": digest(rows, VERSION),
        **rows,
    }


def write_export(ws: Workspace, path: Path) -> dict[str, int]:
    """Write the export atomically (a partial file never replaces a good one)."""
    data = export_data(ws)
    path = path.expanduser()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".coach-export-", suffix=".json")
    except OSError as exc:  # a read-only or special folder such as /proc
        raise CoachError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=1, ensure_ascii=False)
        os.chmod(tmp, 0o600)  # notes about people: readable by the owner only
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return {k: len(v) for k, v in data.items() if isinstance(v, list)}


def read_import(ws: Workspace, path: Path) -> dict[str, int]:
    """Restore an export file into this account, then index the new notes."""
    path = path.expanduser()
    if not path.is_file():
        raise CoachError(f"no such file: {path}")
    if path.stat().st_size > MAX_IMPORT_BYTES:
        raise CoachError(f"{path.name} is larger than {MAX_IMPORT_BYTES // 1_000_000} MB")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise CoachError(
            f"{path.name} is not a coach export (invalid JSON: {str(exc)[:80]})"
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise CoachError(f"{path.name} is not a coach export file")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise CoachError(f"{path.name} has an invalid format version {version!r}")
    if version > VERSION:
        raise CoachError(f"{path.name} comes from a newer coach (format {version}); upgrade coach")
    if version >= 2 and data.get("digest") != digest(data, version):
        raise CoachError(f"{path.name} was altered after it was exported; nothing was imported")
    problem = validate(data)
    if problem:
        raise CoachError(f"{path.name}: {problem}; nothing was imported")
    try:
        added = import_rows(ws.store, data)
    except (KeyError, TypeError, ValueError) as exc:
        raise CoachError(f"{path.name} is damaged: {type(exc).__name__} {exc}"[:200]) from None
    except StoreError as exc:
        raise CoachError(str(exc)) from None
    ws.sync_index()
    return added


def describe_counts(counts: dict[str, int]) -> str:
    """``2 people, 8 notes, 5 action items, 1 practice sessions``."""
    return ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in counts.items())
