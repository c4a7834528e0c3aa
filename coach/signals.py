"""Finding signals in a person's notes: sentences that match a lexicon, with citations."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from coach.parsing import speaker_line, split_sentences
from coach.types import Citation, Note

QUOTE_WORDS = 14
SLACK = 3
"""A sentence at most this many words longer than the limit is quoted whole."""


@dataclass(frozen=True)
class NoteSentence:
    """A sentence of a saved note."""

    note_id: int
    date: date
    text: str
    speaker: str | None = None
    """Who said it, when the note is a transcript with ``Name:`` lines."""

    def citation(self) -> Citation:
        """This sentence as a citation."""
        return Citation(note_id=self.note_id, date=self.date, quote=self.text)


@lru_cache(maxsize=64)
def lexicon(words: tuple[str, ...]) -> re.Pattern[str]:
    """A case-insensitive pattern matching any of ``words`` at a word start (prefixes allowed)."""
    alts = "|".join(re.escape(w.lower()) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alts})", re.I)


_PREFIX = re.compile(r"^\s*(?:[-*•◦▪‣●○]\s+)?(?:\[[ xX]?\]\s*)?")


@lru_cache(maxsize=4096)
def _sentences(note_id: int, text: str) -> tuple[tuple[str | None, str], ...]:
    out: list[tuple[str | None, str]] = []
    for line in text.split("\n"):
        line = _PREFIX.sub("", line, count=1).strip()
        speaker = None
        said = speaker_line(line)
        if said:
            speaker, line = said
        if line and not line.startswith("#"):
            out.extend((speaker, s) for s in split_sentences(line) if len(s.split()) >= 3)
    return tuple(out)


def note_sentences(note: Note) -> list[NoteSentence]:
    """The sentences of a note, without speaker labels or bullets (the speaker is kept apart)."""
    return [
        NoteSentence(note.id, note.meeting_date, t, sp) for sp, t in _sentences(note.id, note.text)
    ]


def matching(
    notes: Iterable[Note], words: Iterable[str], newest_first: bool = True
) -> list[NoteSentence]:
    """Sentences of ``notes`` containing any of ``words``."""
    pattern = lexicon(tuple(words))
    ordered = sorted(notes, key=lambda n: (n.meeting_date, n.id), reverse=newest_first)
    out: list[NoteSentence] = []
    for note in ordered:
        if not pattern.search(note.text):
            continue  # cheap whole-note check before splitting sentences
        out.extend(s for s in note_sentences(note) if pattern.search(s.text))
    return out


_CONNECTIVE = re.compile(
    r"^(?:(?:also|and|but|so|well|anyway|ok|okay|yeah|thanks)\b[,.]?\s+)+", re.I
)


def short_quote(text: str, words: Iterable[str] | None = None, limit: int = QUOTE_WORDS) -> str:
    """A short excerpt of ``text`` around the first matching word, for use inside a question."""
    # "Also, I've been thinking…" reads back as "I've been thinking…": a connective that
    # only joined the sentence to the one before says nothing of its own.
    text = _CONNECTIVE.sub("", text.strip()) or text
    # '"my career feels stuck"' inside the question's own quotes reads as a typo.
    text = re.sub(r'^["“](.*)["”][.!?]?$', r"\1", text.strip())
    tokens = text.strip().rstrip(".!?").split()
    if len(tokens) <= limit + SLACK:  # cutting "skipped the dry…" saves too little
        return " ".join(tokens)
    start = 0
    if words:
        pattern = lexicon(tuple(words))
        for i, tok in enumerate(tokens):
            if pattern.search(tok):
                start = max(0, min(i - limit // 3, len(tokens) - limit))
                break
    excerpt = " ".join(tokens[start : start + limit])
    return ("…" if start else "") + excerpt + "…"
