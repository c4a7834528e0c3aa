"""Checks that keep model output grounded in the user's own text."""

from __future__ import annotations

import re
from datetime import date
from difflib import SequenceMatcher

from coach.dates import find_due_date
from coach.parsing import Doc

GENERIC_OWNERS = {"me", "team", "unassigned"}


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def find_source(quote: str, doc: Doc, threshold: float = 0.85) -> str | None:
    """The input sentence a quoted source matches (fuzzily), or None if it is not there."""
    q = _norm(quote)
    if len(q) < 4:
        return None
    best, best_score = None, 0.0
    for sent in doc.sentences:
        s = _norm(sent.text)
        if not s:
            continue
        if q == s or (len(q) >= 12 and (q in s or (s in q and len(s) >= 0.6 * len(q)))):
            return sent.text
        if abs(len(s) - len(q)) > max(len(s), len(q)) * 0.5:
            continue
        score = SequenceMatcher(None, q, s, autojunk=False).ratio()
        if score > best_score:
            best, best_score = sent.text, score
    return best if best_score >= threshold else None


def owner_is_grounded(owner: str, text: str, extra: set[str]) -> bool:
    """An owner must be named in the input, be a speaker or the user, or be generic."""
    o = owner.strip().casefold()
    if not o:
        return False
    if o in GENERIC_OWNERS or o in {e.casefold() for e in extra}:
        return True
    first = o.split()[0]
    return re.search(rf"\b{re.escape(first)}\b", text.casefold()) is not None


def normalise_due(value: str | None, source: str, meeting: date) -> date | None:
    """An ISO date from the model's ``due`` (ISO or phrase), relative to the meeting date."""
    if value:
        value = value.strip()
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            found, _ = find_due_date(value, meeting)
            if found:
                return found
    return find_due_date(source, meeting)[0]
