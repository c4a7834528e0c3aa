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
    sayers: dict[str, set[str]] = {}
    introduced: set[str] = set()
    for i, (speaker, text) in enumerate(said):
        for m in _INTRO.finditer(text):
            introduced.add(m.group(1).lower())
            tally = votes.setdefault(m.group(1).lower(), {})
            tally[speaker] = tally.get(speaker, 0) + 2
        for m in _CAPITAL.finditer(text):  # not the first word: any word is capitalised there
            name = m.group(1).lower()
            if name in words("not_names") or name in ROLE_NOUNS or name in words("stopwords"):
                continue
            sayers.setdefault(name, set()).add(speaker)
            reply = next((sp for sp, _t in said[i + 1 : i + 4] if sp != speaker), None)
            if reply:
                tally = votes.setdefault(name, {})
                tally[reply] = tally.get(reply, 0) + 1
    everyone = {sp for sp, _t in said if sp}
    out = {}
    for name in votes.keys() | sayers.keys():
        best = _most_answered(votes.get(name, {}))
        if best is None and name not in introduced:
            # People rarely address themselves: when the answers alone do not settle it,
            # whoever said the name is not its owner ("Kate" said by all but one).
            ruled_out = sayers.get(name, set())
            best = _most_answered(
                {k: v for k, v in votes.get(name, {}).items() if k not in ruled_out}
            )
            left = everyone - ruled_out
            if best is None and len(left) == 1 and len(ruled_out) >= 2:
                best = left.pop()
        if best is not None:
            out[name] = best
    return out


def _most_answered(tally: dict[str, int]) -> str | None:
    """Who answers a name at least twice and at least 60% of the times, if anyone."""
    if not tally:
        return None
    best = max(tally, key=lambda k: tally[k])
    return best if tally[best] >= 2 and tally[best] >= 0.6 * sum(tally.values()) else None


def called(doc: Doc, text: str, others: list[str]) -> str | None:
    """The one participant a name said in ``text`` belongs to (see ``_spoken_names``)."""
    names = _spoken_names(tuple((s.speaker or "", s.text) for s in doc.sentences))
    found = {names[w.lower()] for w in _CAPITAL.findall(" " + text) if w.lower() in names}
    found &= set(others)
    return found.pop() if len(found) == 1 else None
