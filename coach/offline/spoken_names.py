"""Names said in a meeting whose speakers are labelled by role or number: "Manuel you'll be
working on the look and feel" is the Industrial Designer's task when the Industrial
Designer is who answers whenever Manuel is addressed."""

from __future__ import annotations

import re
from functools import lru_cache

from coach.lexicon import words
from coach.parsing import Doc

# Words in role labels ("Industrial Designer"), which are never a spoken name.
ROLE_NOUNS = frozenset(
    [
        "designer",
        "manager",
        "expert",
        "specialist",
        "engineer",
        "lead",
        "person",
        "executive",
        "owner",
        "member",
        "project",
        "user",
        "team",
    ]
)
_CAPITAL = re.compile(r"(?<=\s)([A-Z][a-z]{2,})\b")
_INTRO = re.compile(r"\b(?:i'm|i am|my name is|my name's|this is)\s+([A-Z][a-z]{2,})\b")


@lru_cache(maxsize=8)
def _spoken_names(said: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """Names said in the meeting mapped to the speaker label they belong to: whoever
    answers after the name is said (at least twice, and most of the times), or who
    introduces themselves by it. Transcripts labelled by role or "Speaker 2" still say
    "Manuel, you'll be working on…"."""
    votes: dict[str, dict[str, int]] = {}
    for i, (speaker, text) in enumerate(said):
        for m in _INTRO.finditer(text):
            tally = votes.setdefault(m.group(1).lower(), {})
            tally[speaker] = tally.get(speaker, 0) + 2
        for m in _CAPITAL.finditer(text):  # not the first word: any word is capitalised there
            name = m.group(1).lower()
            if name in words("not_names") or name in ROLE_NOUNS or name in words("stopwords"):
                continue
            reply = next((sp for sp, _t in said[i + 1 : i + 4] if sp != speaker), None)
            if reply:
                tally = votes.setdefault(name, {})
                tally[reply] = tally.get(reply, 0) + 1
    out = {}
    for name, tally in votes.items():
        best = max(tally, key=lambda k: tally[k])
        if tally[best] >= 2 and tally[best] >= 0.6 * sum(tally.values()):
            out[name] = best
    return out


def called(doc: Doc, text: str, others: list[str]) -> str | None:
    """The one participant a name said in ``text`` belongs to (see ``_spoken_names``)."""
    names = _spoken_names(tuple((s.speaker or "", s.text) for s in doc.sentences))
    found = {names[w.lower()] for w in _CAPITAL.findall(" " + text) if w.lower() in names}
    found &= set(others)
    return found.pop() if len(found) == 1 else None
