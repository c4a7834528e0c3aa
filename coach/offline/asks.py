"""What the person asked for: a request in a recent note is the user's to answer.

"She asked for feedback on the presentation", "could we get a second monitor budget?" and
"I'd really like to join the interview panel" each deserve an answer in the next 1:1; an
ask a later note reports as done is left out.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from coach.context import PersonContext
from coach.followup import reported_done
from coach.offline.carryover import RECENT_WEEKS, short
from coach.offline.coverage import Candidate
from coach.offline.planned import PLANNED
from coach.offline.staying import STAYING
from coach.signals import note_sentences
from coach.types import AgendaTopic

# A request reported in the user's note: "Lin requested two days off", "Ivo asked me to…",
# "hoping to go to KubeCon", "needs a decision from me".
REPORTED = re.compile(
    r"\b(?:asked (?:for|about|whether|if|me (?:to|for|about|whether|if))|requested|"
    r"wants to|would (?:like|love) to|'d (?:like|love) (?:to|more|a|some)|is asking for|"
    r"wants (?:more|a|an|some|feedback)|hoping (?:to|for)|hopes to|"
    r"needs? (?:a|an) (?:decision|answer|yes|approval|sign-off))\b",
    re.I,
)
# A request in the person's own words: "could we get…?", "I'd really like to join…".
SAID = re.compile(
    r"\b(?:can|could) (?:we|you|i)\b|\bis it possible\b|"
    r"\bi(?:'d| would)(?: really| love to| like to| like)\b|\bi want to\b",
    re.I,
)
# Any question of theirs about themselves or the team is something to answer ("would it
# be ok if I took Fridays…?"); "how was your weekend?" is not.
_US = re.compile(r"\b(?:i|we|me|us|my|our)\b", re.I)


def _asks(text: str, voice: str) -> bool:
    if voice == "mine":
        return bool(REPORTED.search(text))
    if voice != "theirs":
        return False
    question = text.rstrip().endswith("?") and bool(_US.search(text))
    return question or bool(SAID.search(text) or REPORTED.search(text))


MAX_ASKS = 2


def ask_candidates(ctx: PersonContext, meeting: date, used: set[str]) -> list[Candidate]:
    """The person's recent asks, newest first, as topics the user answers."""
    out: list[Candidate] = []
    mine = [a.source for a in ctx.open_actions if a.owner.casefold() in ctx.me]
    for note in ctx.since(meeting - timedelta(weeks=RECENT_WEEKS)) or ctx.recent(2):
        sentences = note_sentences(note)
        # An ask the user already answered with a promise ("I'll ask Priya") is on the
        # agenda as that promise, which quotes the ask.
        answered = [i for i, s in enumerate(sentences) if any(s.text in m for m in mine)]
        for i, s in enumerate(sentences):
            if any(0 <= j - i <= 2 for j in answered):  # the ask itself, or a reply to it
                continue
            if (
                not _asks(s.text, ctx.voice(s))
                or PLANNED.search(s.text)  # "next time: … whether she wants to mentor…"
                or STAYING.search(s.text)  # "whether I want to stay": see ``staying.py``
                or s.text in used
                or reported_done(s, ctx.notes, ctx.embed)
            ):
                continue
            used.add(s.text)
            out.append(
                Candidate(
                    64 - (meeting - s.date).days / 14,
                    AgendaTopic(
                        title=f"Their ask: {short(s.text)}",
                        reason=f"{ctx.person} asked on {s.date.isoformat()}; give an answer, "
                        "or say when you will.",
                        minutes=0,
                        kind="ask",
                        objective="Trust and rapport",
                        citations=[s.citation()],
                    ),
                )
            )
            break  # one ask per note: the rest of it is in the same citation
    out.sort(key=lambda c: -c.priority)
    return out[:MAX_ASKS]
