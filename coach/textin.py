"""Accepting text from people: files, stdin and pasted strings, with one-line errors.

Everything a user hands us passes through :func:`clean_text` first, so the jobs can
assume non-empty, decoded, size-limited text.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

from coach.errors import CoachError

DEFAULT_MAX_BYTES = 2_000_000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def looks_binary(data: bytes) -> bool:
    """True for data that is not text: NUL bytes or many control bytes in the first 8 kB."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    if not head:
        return False
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 13))
    return controls / len(head) > 0.05


def decode_text(data: bytes, what: str = "input", max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Decode bytes a user supplied, refusing binary, oversized or empty input."""
    if len(data) > max_bytes:
        raise CoachError(
            f"{what} is {len(data) / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.1f} MB "
            "(split it, or raise COACH_MAX_INPUT_BYTES)"
        )
    if looks_binary(data):
        raise CoachError(f"{what} looks like a binary file, not text (expected .txt or .md)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return clean_text(text, what=what, max_bytes=max_bytes)


def _size(n: int) -> str:
    """A byte limit people can read: '10 kB', '2.0 MB' (never '0.0 MB')."""
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{max(n // 1000, 1)} kB"


def clean_text(text: str, what: str = "input", max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Normalise pasted text (newlines, Unicode, control characters) and refuse empty input."""
    if text is None:
        raise CoachError(f"{what} is empty: paste or type some text first")
    if len(text.encode("utf-8", errors="replace")) > max_bytes:
        hint = "split it, or raise COACH_MAX_INPUT_BYTES" if max_bytes >= 100_000 else "shorten it"
        raise CoachError(f"{what} is larger than {_size(max_bytes)} ({hint})")
    if "\x00" in text:
        raise CoachError(f"{what} looks like binary data, not text")
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROL.sub("", text).replace("\ufeff", "")
    if not text.strip():
        raise CoachError(f"{what} is empty: paste or type some text first")
    return text


def read_input(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Read a file path, or standard input when ``path`` is ``-``."""
    if path == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        return decode_text(data, "standard input", max_bytes)
    p = Path(path)
    if not p.exists():
        raise CoachError(f"no such file: {path}")
    if p.is_dir():
        raise CoachError(f"{path} is a folder; give a file (or use 'coach notes import')")
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise CoachError(
                f"{path} is {size / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.1f} MB"
            )
        data = p.read_bytes()
    except OSError as exc:
        raise CoachError(f"cannot read {path}: {exc.strerror or exc}") from exc
    return decode_text(data, p.name, max_bytes)
