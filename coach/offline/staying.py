"""Whether they want to stay: "I've been thinking about whether I want to stay on the
backend team", "she's not sure she wants to stay in management".

Doubt about staying is not a request to answer but the most important thing to follow up:
a person weighing their place in the team (or their role) is at risk of leaving it. Asks
(``asks.py``) leave these sentences to this topic.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from coach.context import PersonContext
from coach.offline.carryover import RECENT_WEEKS, short
from coach.offline.coverage import Candidate
from coach.signals import note_sentences
from coach.types import AgendaTopic

STAYING = re.compile(
    r"\b(?:whether|if|not sure|unsure|doubt(?:s|ing)?|wondering)\b[^.?!]{0,30}?\bwants? to "
    r"(?:stay|keep|remain|continue|be)\b|\b(?:thinking|thought) (?:about|of) (?:leaving|quitting|"
    r"moving on)\b|\bnot (?:learning|growing) (?:much|anymore|any more)\b",
    re.I,
)


def staying_candidates(ctx: PersonContext, meeting: date, used: set[str]) -> list[Candidate]:
    """The latest doubt about staying, as a topic to follow up early."""
    for note in ctx.since(meeting - timedelta(weeks=RECENT_WEEKS)) or ctx.recent(2):
        for s in note_sentences(note):
            m = STAYING.search(s.text)
            if s.text in used or not m or ctx.voice(s) == "my_promise":
                continue
            used.add(s.text)
            return [
                Candidate(
                    78 - (meeting - s.date).days / 14,
                    AgendaTopic(
                        title=f'Whether they want to stay: "…{short(s.text[m.start() :])}"',
                        reason=f"On {s.date.isoformat()}; ask what would make staying worth it.",
                        minutes=0,
                        kind="concern",
                        objective="Engagement and retention",
                        citations=[s.citation()],
                    ),
                )
            ]
    return []
