"""Reading uploaded notes: plain text, Markdown, WebVTT and SRT captions, and .docx.

Caption formats become ``Name: text`` lines (the speaker-transcript shape the summarizer
understands); .docx becomes its paragraphs. Nothing here executes or renders content.
"""

from __future__ import annotations

import html
import re
import zipfile
from io import BytesIO
from pathlib import Path

from coach.errors import CoachError
from coach.textin import decode_text

SUFFIXES = {".txt", ".md", ".markdown", ".vtt", ".srt", ".docx"}
MAX_DOCX_XML = 20_000_000  # decompressed document.xml; larger is treated as a zip bomb
_TIMING = re.compile(
    r"^\s*(?:\d+:)?\d{1,2}:\d{2}[.,]\d{3}\s*-->\s*(?:\d+:)?\d{1,2}:\d{2}[.,]\d{3}.*$"
)
_VOICE = re.compile(r"^<v(?:\.[\w.-]+)?\s+([^>]+)>(.*?)(?:</v>)?$")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def captions_to_transcript(text: str) -> str:
    """WebVTT or SRT cues as ``Name: text`` lines, merging consecutive cues of one speaker."""
    lines: list[tuple[str | None, str]] = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        cue = [ln for ln in block.split("\n") if ln.strip()]
        cue = [
            ln
            for ln in cue
            if not _TIMING.match(ln)
            and not ln.strip().isdigit()
            and not ln.startswith(("WEBVTT", "NOTE", "STYLE", "REGION"))
        ]
        for ln in cue:
            ln = ln.strip()
            voice = _VOICE.match(ln)
            speaker = None
            if voice:
                speaker, ln = voice.group(1).strip(), voice.group(2)
            ln = html.unescape(_TAG.sub("", ln)).strip()
            m = re.match(r"^([A-Z][\w'.-]*(?:\s[A-Z][\w'.-]*){0,2}):\s+(.*)$", ln)
            if speaker is None and m:
                speaker, ln = m.group(1), m.group(2)
            if not ln:
                continue
            if lines and lines[-1][0] == speaker and speaker is not None:
                lines[-1] = (speaker, lines[-1][1] + " " + ln)
            else:
                lines.append((speaker, ln))
    return "\n".join(f"{s}: {t}" if s else t for s, t in lines)


def docx_text(data: bytes) -> str:
    """The paragraphs of a .docx file, one per line."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as zf:
            info = zf.getinfo("word/document.xml")
            if info.file_size > MAX_DOCX_XML:
                raise CoachError("the .docx file is too large once unpacked")
            xml = zf.read(info).decode("utf-8", errors="replace")
    except (zipfile.BadZipFile, KeyError):
        raise CoachError("not a valid .docx file") from None
    paragraphs = []
    for para in re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.S):
        runs = re.findall(r"<w:t(?: [^>]*)?>(.*?)</w:t>", para, flags=re.S)
        text = html.unescape("".join(runs)).strip()
        if text:
            paragraphs.append(text)
    return "\n".join(paragraphs)


def read_notes_file(name: str, data: bytes, max_bytes: int) -> str:
    """Text of an uploaded notes file, by its suffix, with size and type checks."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise CoachError(f"{Path(name).name}: upload a .txt, .md, .vtt, .srt or .docx file")
    if len(data) > max_bytes:
        raise CoachError(f"{Path(name).name} is larger than {max_bytes / 1e6:.1f} MB")
    if suffix == ".docx":
        return decode_text(docx_text(data).encode(), Path(name).name, max_bytes)
    text = decode_text(data, Path(name).name, max_bytes)
    if suffix in (".vtt", ".srt"):
        text = captions_to_transcript(text)
        if not text.strip():
            raise CoachError(f"{Path(name).name} has no caption text")
    return text
