"""Reading uploaded notes: plain text, Markdown, WebVTT and SRT captions, and .docx
(parsed by webvtt-py, srt and python-docx).

Caption formats become ``Name: text`` lines (the speaker-transcript shape the summarizer
understands); .docx becomes its paragraphs. Nothing here executes or renders content.
"""

from __future__ import annotations

import html
import re
import zipfile
from io import BytesIO, StringIO
from pathlib import Path

from coach.errors import CoachError
from coach.textin import decode_text

SUFFIXES = {".txt", ".md", ".markdown", ".vtt", ".srt", ".docx"}
MAX_DOCX_XML = 20_000_000  # decompressed document.xml; larger is treated as a zip bomb
_TAG = re.compile(r"<[^<>]*>")  # linear: no nesting, no backtracking
_NAMED = re.compile(r"^([A-Z][\w'.-]*(?:\s[A-Z][\w'.-]*){0,2}):\s+(.*)$")


def _cues(text: str, suffix: str) -> list[tuple[str | None, str]]:
    """(voice, text) of each caption cue, parsed by webvtt-py or srt."""
    if suffix == ".vtt":
        import webvtt
        from webvtt.errors import MalformedFileError

        try:
            captions = webvtt.from_buffer(StringIO(text))
        except (MalformedFileError, ValueError) as exc:
            raise CoachError(f"not a valid WebVTT file ({exc})"[:120]) from None
        return [(c.voice, c.text) for c in captions.captions]
    import srt

    try:
        return [(None, sub.content) for sub in srt.parse(text)]
    except (srt.SRTParseError, ValueError) as exc:
        raise CoachError(f"not a valid SRT file ({type(exc).__name__})") from None


def captions_to_transcript(text: str, suffix: str = ".vtt") -> str:
    """WebVTT or SRT cues as ``Name: text`` lines, merging consecutive cues of one speaker."""
    lines: list[tuple[str | None, str]] = []
    for voice, content in _cues(text.replace("\r\n", "\n"), suffix):
        for raw in content.split("\n"):
            speaker = voice.strip() if voice else None
            line = html.unescape(_TAG.sub("", raw)).strip()
            named = _NAMED.match(line)
            if speaker is None and named:
                speaker, line = named.group(1), named.group(2)
            if not line:
                continue
            if lines and speaker is not None and lines[-1][0] == speaker:
                lines[-1] = (speaker, lines[-1][1] + " " + line)
            else:
                lines.append((speaker, line))
    return "\n".join(f"{s}: {t}" if s else t for s, t in lines)


def docx_text(data: bytes) -> str:
    """The paragraphs of a .docx file, one per line (read by python-docx)."""
    import docx

    try:
        with zipfile.ZipFile(BytesIO(data)) as zf:
            # Checked before parsing: a few hundred zipped bytes can unpack to gigabytes.
            if zf.getinfo("word/document.xml").file_size > MAX_DOCX_XML:
                raise CoachError("the .docx file is too large once unpacked")
        document = docx.Document(BytesIO(data))
    except CoachError:
        raise
    except Exception:  # BadZipFile, KeyError, lxml syntax errors, python-docx's own
        raise CoachError("not a valid .docx file") from None
    return "\n".join(p.text.strip() for p in document.paragraphs if p.text.strip())


_SRT_START = re.compile(r"^\s*\d+\s*\n\s*\d{1,2}:\d{2}:\d{2}[,.]\d{3}\s*-->")
_HTML_BLOCK = re.compile(r"<(?:/p|br\s*/?|/div|/li|/h[1-6]|/tr)>", re.I)
_BLOCK_OPEN = re.compile(r"<(script|style)\b[^>]*>", re.I)
_BLOCK_CLOSE = {
    "script": re.compile(r"</script\s*>", re.I),
    "style": re.compile(r"</style\s*>", re.I),
}


def drop_blocks(text: str) -> str:
    """``text`` without <script> and <style> blocks, in one pass.

    A lazy ``<(script|style)>.*?</\\1>`` regex rescans to the end for every unclosed
    opening tag, which is quadratic: 64 kB of "<script>" took 4 s. Here each search
    starts where the last one ended, and an unclosed block drops the rest.
    """
    out: list[str] = []
    pos = 0
    while (m := _BLOCK_OPEN.search(text, pos)) is not None:
        out.append(text[pos : m.start()])
        close = _BLOCK_CLOSE[m.group(1).lower()].search(text, m.end())
        if close is None:
            return "".join(out)
        pos = close.end()
    out.append(text[pos:])
    return "".join(out)


# Teams / Zoom exports: "Jess Park  0:03" on its own line, then what they said; Slack
# copies the same way with a clock time ("Priya Shah  9:14 AM").
_STAMPED_NAME = re.compile(
    # "Speaker 1  0:05" from a transcription service that does not know the names.
    r"^(?P<name>[A-Z][\w'’.-]*(?:\s(?:[A-Z][\w'’.-]*|\d{1,3})){0,2})\s+"
    r"\(?\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp]\.?[Mm]\.?)?\)?\s*$"
)
# A saved Zoom chat: "10:02:11 From Dana Lee to Everyone: text" (or "to Ben (Direct Message)").
_ZOOM_CHAT = re.compile(
    r"^\s*\d{1,2}:\d{2}(?::\d{2})?\s+From\s+(?P<name>.+?)\s+to\s+[^:]+?:\s*(?P<text>.*)$"
)


def _captions_or_text(text: str, suffix: str) -> str:
    """Pasted captions as a transcript; text that only looks like captions ("WEBVTT" and
    nothing parseable after it) is kept as it was typed rather than refused."""
    try:
        return captions_to_transcript(text.lstrip(), suffix) or text
    except CoachError:
        return text


def normalise_pasted(text: str) -> str:
    """Pasted captions (WebVTT, SRT), HTML and Teams/Zoom exports as plain ``Name: text``
    lines or paragraphs; any other text is returned unchanged."""
    head = text.lstrip()[:200]
    if head.startswith("WEBVTT"):
        return _captions_or_text(text, ".vtt")
    if _SRT_START.match(head):
        return _captions_or_text(text, ".srt")
    if re.search(r"</(?:p|div|li|h[1-6])>|<br\s*/?>", text, re.I):
        stripped = _TAG.sub("", _HTML_BLOCK.sub("\n", drop_blocks(text)))
        return html.unescape(stripped).strip() or text
    lines = text.split("\n")
    said = [(ln, _ZOOM_CHAT.match(ln)) for ln in lines if ln.strip()]
    chat = sum(1 for _ln, m in said if m)
    if chat and chat >= len(said) / 2:
        return "\n".join(
            f"{m.group('name').strip()}: {m.group('text').strip()}" if m else ln.strip()
            for ln, m in said
        )
    stamped = [i for i, ln in enumerate(lines) if _STAMPED_NAME.match(ln.strip())]
    if len(stamped) >= 2 and len(stamped) >= len([ln for ln in lines if ln.strip()]) / 3:
        out: list[str] = []
        name = None
        for ln in lines:
            m = _STAMPED_NAME.match(ln.strip())
            if m:
                name = m.group("name")
            elif ln.strip():
                out.append(f"{name}: {ln.strip()}" if name else ln.strip())
        return "\n".join(out)
    return text


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
        text = captions_to_transcript(text, suffix)
        if not text.strip():
            raise CoachError(f"{Path(name).name} has no caption text")
    return text
