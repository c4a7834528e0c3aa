"""Files the app reads and writes: uploads in, downloads and the heatmap image out."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import shutil
import tempfile
import time
from datetime import date
from pathlib import Path

from coach.service import CoachError, read_notes_file

UPLOAD_LIMIT_BYTES = 2_000_000
UPLOAD_SUFFIXES = (".txt", ".md", ".docx", ".vtt", ".srt")


def read_upload(path: str | None) -> str:
    """Text of an uploaded notes file (.txt, .md, .docx, .vtt, .srt), with size and type limits."""
    if not path:
        raise CoachError("no file uploaded")
    p = Path(path)
    if p.suffix.lower() not in UPLOAD_SUFFIXES:
        raise CoachError(f"{p.name}: upload a .txt, .md, .docx, .vtt or .srt file")
    if p.stat().st_size > UPLOAD_LIMIT_BYTES:
        raise CoachError(f"{p.name} is larger than {UPLOAD_LIMIT_BYTES // 1_000_000} MB")
    return read_notes_file(p.name, p.read_bytes(), UPLOAD_LIMIT_BYTES)


_UNSAFE = re.compile(r"[^\w.-]+")


def safe_name(name: str) -> str:
    """A file name made only of letters, digits, '.', '-' and '_' ("Sam (R&D/Ops)" has a
    slash, which would name a folder that does not exist)."""
    cleaned = _UNSAFE.sub("-", name).strip("-.")[:120]
    return cleaned or "download"


_SECRET = secrets.token_bytes(16)
"""Per process: a download's tag cannot be guessed for another account."""
TAGGED = re.compile(r"\.([0-9a-f]{12})\.[A-Za-z0-9]+$")
KEEP_SECONDS = 900
"""Downloads are deleted this long after they were made (Gradio's cache likewise)."""
_made: list[tuple[float, Path]] = []


def account_tag(account: str) -> str:
    """The tag in every download's file name for ``account`` (checked when it is fetched)."""
    return hmac.new(_SECRET, account.encode(), hashlib.sha256).hexdigest()[:12]


def out_path(name: str, account: str) -> Path:
    """A path for a download of ``account`` in a fresh private temp folder.

    The name carries the account's tag (``agenda-Priya.3fa2b1c4d5e6.md``), so a file URL
    works only for the account it was made for; folders older than ``KEEP_SECONDS`` go.
    """
    now = time.monotonic()
    while _made and now - _made[0][0] > KEEP_SECONDS:
        shutil.rmtree(_made.pop(0)[1], ignore_errors=True)
    folder = Path(tempfile.mkdtemp(prefix="coach-export-"))
    _made.append((now, folder))
    stem, dot, suffix = safe_name(name).rpartition(".")
    base = stem if dot else suffix
    ext = suffix if dot else "txt"
    return folder / f"{base}.{account_tag(account)}.{ext}"


def out_file(name: str, content: str, account: str) -> str:
    """Write a download of ``account`` (see :func:`out_path`); returns its path."""
    path = out_path(name, account)
    path.write_text(content, encoding="utf-8")
    return str(path)


def trend_png(points: list[tuple[int, date, float]], path: Path) -> Path:
    """Practice scores as a PNG: one dot per session (numbered 1, 2, 3… with its date) on a
    1-5 scale, joined by a line; a single session is a single dot."""
    from PIL import Image, ImageDraw

    left, top, step, height = 44, 50, 56, 180
    width = left + step * max(len(points), 1) + 30
    img = Image.new("RGB", (max(width, 320), top + height + 44), "white")
    draw = ImageDraw.Draw(img)
    draw.text((10, 26), "Overall practice score by session (1-5)", fill="black")

    def y_of(score: float) -> float:
        return top + height * (5 - score) / 4

    for score in range(1, 6):
        y = y_of(score)
        draw.line([(left, y), (img.width - 20, y)], fill=(225, 225, 225))
        draw.text((left - 16, y - 6), str(score), fill=(40, 40, 40))
    xy = [(left + step * (i + 0.5), y_of(s)) for i, (_n, _d, s) in enumerate(points)]
    if len(xy) > 1:
        draw.line(xy, fill=(37, 99, 235), width=2)
    for (x, y), (n, day, s) in zip(xy, points, strict=True):
        draw.ellipse([x - 5, y - 5, x + 5, y + 5], fill=(29, 78, 216))
        draw.text((x - 10, y - 20), f"{s:.1f}", fill="black")
        draw.text((x - 4, top + height + 8), str(n), fill="black")
        draw.text((x - 16, top + height + 22), day.strftime("%m-%d"), fill=(40, 40, 40))
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, format="PNG")
    return path
