"""Every rarer commitment shape in one sentence, read together for the extractor."""

from __future__ import annotations

from collections.abc import Callable

from coach.offline.asked import (
    asked_me,
    asked_them,
    due_reminder,
    i_owe,
    mine_still,
    need_yours,
    owed,
    quoted_promise,
    remind_me,
    reported,
    unstarted,
)
from coach.offline.commitments import Found, agreed, arrow, everyone, pronoun, volunteer
from coach.offline.listed import done_by, planned
from coach.parsing import Doc, Sentence


def other_shapes(
    doc: Doc,
    sent: Sentence,
    body: str,
    offset: int,
    person: str | None,
    addressee: str | None,
    is_task: Callable[[str], bool],
) -> list[Found]:
    """Every commitment of these shapes in one sentence (an agreement can name two)."""
    found: list[Found | None] = [
        arrow(body, offset, doc.is_transcript),
        volunteer(doc, sent, body, offset),
        everyone(body, offset),
        need_yours(body, offset, addressee),
        pronoun(doc, sent, body, offset, person),
        reported(sent, body, offset),
        asked_me(doc, sent, body, offset),
        asked_them(doc, sent, body, offset, person),
        remind_me(body, offset),
        owed(body, offset, addressee),
        i_owe(sent, body, offset),
        quoted_promise(body, offset),
        unstarted(doc, sent, body, offset, person),
        done_by(body, offset),
        planned(doc, sent, body, offset, person),
        mine_still(doc, body, offset),
        due_reminder(doc, sent, body, offset, addressee),
        *agreed(doc, body, offset, person),
    ]
    return [f for f in found if f is not None and is_task(f[1])]
