"""Topics the last 1:1 put on this one: "next time: talk about the conference budget",
"Next 1:1 let's discuss his promotion timeline".

The user planned them, so they come before anything the agenda infers; they are neither
goals to check progress on nor concerns.
"""

from __future__ import annotations

import re

from coach.context import PersonContext
from coach.offline.carryover import short
from coach.offline.coverage import Candidate
from coach.signals import note_sentences
from coach.types import AgendaTopic

# How a note points at the next 1:1: "next time", "parking lot", "at our next meeting".
_NEXT = (
    r"next time|next 1:1|next one[- ]on[- ]one|next week'?s 1:1|at our next (?:1:1|meeting)|"
    r"for next week|parking lot"
)
PLANNED = re.compile(rf"\b(?:{_NEXT}|(?:on|to) the next agenda)\b", re.I)
# The lead-in before what is to be talked about.
_LEAD = re.compile(
    rf"^.*?\b(?:{_NEXT})\b\s*[:,;–—-]?\s*(?:(?:let'?s|we should|we'll|i want to|i'?d like to|"
    r"to|we need to|i'll|i will)\s+)?(?:(?:talk|chat)(?: about)?|discuss|cover|go over|revisit|"
    r"come back to|pick up|ask (?:him|her|them) about|follow up on)?\s*",
    re.I,
)


def planned_candidates(ctx: PersonContext, used: set[str]) -> list[Candidate]:
    """What the latest note planned for this 1:1, in its own words."""
    latest = ctx.recent(1)
    out: list[Candidate] = []
    for s in note_sentences(latest[0]) if latest else []:
        if s.text in used or not PLANNED.search(s.text) or s.text.rstrip().endswith("?"):
            continue
        what = _LEAD.sub("", s.text).strip(" .;:")
        if len(what.split()) < 2:
            continue
        used.add(s.text)
        out.append(
            Candidate(
                80,
                AgendaTopic(
                    title=f"Planned last time: {short(what)}",
                    reason=f"You noted on {s.date.isoformat()} to raise it in this 1:1.",
                    minutes=0,
                    kind="general",
                    citations=[s.citation()],
                ),
            )
        )
    return out[:2]
