"""Splitting notes into overlapping, token-sized chunks for the vector index.

Chunks end on sentence boundaries where possible, so a hit reads as whole sentences;
consecutive chunks share about ``overlap`` tokens so that a fact on a boundary is in
at least one chunk whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from retrieval.tokens import encoding_for

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


@dataclass(frozen=True)
class Chunk:
    """A piece of a note: its position, text and token count."""

    index: int
    text: str
    tokens: int


def _pieces(text: str, max_tokens: int, enc) -> list[tuple[str, int]]:
    pieces: list[tuple[str, int]] = []
    for part in _SENTENCE_END.split(text):
        part = part.strip()
        if not part:
            continue
        ids = enc.encode(part, disallowed_special=())
        if len(ids) <= max_tokens:
            pieces.append((part, len(ids)))
            continue
        # A run-on "sentence" longer than a chunk: cut it into token windows.
        for start in range(0, len(ids), max_tokens):
            window = ids[start : start + max_tokens]
            pieces.append((enc.decode(window).strip(), len(window)))
    return pieces


def chunk_text(text: str, max_tokens: int = 200, overlap: int = 40) -> list[Chunk]:
    """Split ``text`` into chunks of at most ``max_tokens`` tokens with ``overlap`` shared."""
    if max_tokens <= 0 or overlap < 0 or overlap >= max_tokens:
        raise ValueError("need 0 <= overlap < max_tokens")
    enc = encoding_for(None)
    pieces = _pieces(text, max_tokens, enc)
    chunks: list[Chunk] = []
    current: list[tuple[str, int]] = []
    size = 0
    for piece in pieces:
        if current and size + piece[1] > max_tokens:
            chunks.append(Chunk(len(chunks), " ".join(p for p, _ in current), size))
            # Carry the tail sentences (up to `overlap` tokens) into the next chunk.
            carry: list[tuple[str, int]] = []
            carried = 0
            for p in reversed(current):
                if carried + p[1] > overlap:
                    break
                carry.insert(0, p)
                carried += p[1]
            current, size = carry, carried
        current.append(piece)
        size += piece[1]
    if current:
        chunks.append(Chunk(len(chunks), " ".join(p for p, _ in current), size))
    return chunks
