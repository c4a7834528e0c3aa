"""Checks that keep model output grounded in the user's own text."""

from __future__ import annotations

import re
from datetime import date
from difflib import SequenceMatcher

from coach.dates import find_due_date
from coach.lexicon import words
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


_NUMBERISH = re.compile(r"[$€£]?\d[\d,.:/%-]*")
_WORD = re.compile(r"[a-z][a-z'-]{2,}")


def _stems(text: str) -> set[str]:
    stop = words("stopwords")
    return {w[:5] for w in _WORD.findall(text.casefold()) if w not in stop and len(w) > 3}


def task_is_supported(task: str, window: str) -> str | None:
    """Why ``task`` is not supported by the text around its source, or None when it is.

    Every number or amount in the task must be in the window, and at least half of its
    content words: a real quote with an invented task ("Wire $5,000 to account
    99887766") is caught here.
    """
    numbers = {n.strip(".,:-") for n in _NUMBERISH.findall(task)}
    plain = window.replace(",", "")
    missing = [n for n in numbers if n and n not in window and n.replace(",", "") not in plain]
    if missing:
        return f"{', '.join(sorted(missing))} is not in its source"
    terms = _stems(task)
    if terms and len(terms & _stems(window)) * 2 < len(terms):
        return "the task is not what its source says"
    return None


def grounded_due(value: str | None, source: str, meeting: date) -> tuple[date | None, str | None]:
    """The due date the source supports, and why the model's date was not used (or None).

    The date words of the source decide, read from the meeting date; a model's date
    that the source does not support is replaced by the source's, or left empty.
    """
    supported = find_due_date(source, meeting)[0]
    proposed = normalise_due(value, "", meeting) if value else None
    if proposed is None or proposed == supported:
        return supported, None
    shown = supported.isoformat() if supported else "no date"
    return supported, f"due {proposed.isoformat()} is not in its source (kept {shown})"


_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]{2,}\b")
_DIGITS = re.compile(r"\d[\d,.:/]*\d|\d")
_FIRST_WORD = re.compile(r"^\W*([A-Z][a-z]{2,})\b")


def _ordinary(word: str, ordinary: frozenset[str] | set[str]) -> bool:
    """An ordinary English word (or an inflection of one: 'agreed', 'planning'): in the
    lexicons or among the 40k lemmas of the Brysbaert norms, so not a name."""
    from coach.offline.specificity import english_words

    stem = word.removesuffix("ing")
    forms = {word, word.removesuffix("s"), word.removesuffix("d"), word.removesuffix("ed")}
    forms |= {stem, stem + "e", stem[:-1] if len(stem) > 3 and stem[-1] == stem[-2] else stem}
    return bool(forms & ordinary) or any(f in english_words() for f in forms)


def unsupported_facts(text: str, source: str) -> list[str]:
    """Names and numbers in ``text`` that ``source`` does not contain.

    A name is a capitalised word that is not the first of a sentence; a number is any run
    of digits. Both must appear in the input (case-insensitively for names) for a sentence
    of a model's summary to stand.
    """
    low = source.casefold()
    plain = source.replace(",", "")
    ordinary = words("stopwords") | words("common") | words("action_verbs")
    first = _FIRST_WORD.match(text)
    names = _NAME.findall(text)
    if first and not _ordinary(first.group(1).casefold(), ordinary):
        names.insert(0, first.group(1))  # "Ravi takes over…": a name even at the start
    missing = [n for n in names if n.casefold() not in low]
    missing += [
        d for d in _DIGITS.findall(text) if d not in source and d.replace(",", "") not in plain
    ]
    return list(dict.fromkeys(missing))


def ground_texts(
    items: list[str], source: str, field: str
) -> tuple[list[str], list[tuple[str, str]]]:
    """The items whose names and numbers are all in ``source``, and (item, reason) for the rest."""
    kept: list[str] = []
    removed: list[tuple[str, str]] = []
    for item in items:
        missing = unsupported_facts(item, source)
        if missing:
            removed.append((item, f"{field}: {', '.join(missing[:3])} is not in the input"))
        else:
            kept.append(item)
    return kept, removed
