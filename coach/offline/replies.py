"""Replies in a transcript: who said yes to a request or a proposal, and when a turn is a
yes at all. The commitment rules read these to give "can you…?" / "sure" to whoever said
sure."""

from __future__ import annotations

import re

from coach.offline.commitment_patterns import NOT_NAMES
from coach.parsing import Doc, Sentence

_EMOJI = r"(?::[\w+-]+:\W*)*"
"""Slack's emoji codes before a reply (":+1: will do", ":white_check_mark: done")."""

YES = re.compile(
    # "ugh yes, sending by eod": a groan before the yes is still a yes.
    r"^\W*" + _EMOJI + r"(?:(?:ugh|oh|ah|argh|hmm|uh|um|er)[,!.\s]+)?"
    r"(?:yes|yeah|yep|yup|sure|ok|okay|will do|absolutely|of course|definitely|no problem|"
    r"sounds good|on it|can do|i can|i will|i'll|i’ll|happy to|got it|certainly|alright|all right|"
    r"deal|totally|for sure|works for me|that works|consider it done|i'm on it|i've got it|"
    r"leave it with me)\b",
    re.I,
)
NEGATION = re.compile(
    r"\b(?:won't|won’t|will not|can't|can’t|cannot|don't|don’t|do not|not going to|never|shouldn't|"
    r"wouldn't|no longer)\b",
    re.I,
)


def answered_yes(doc: Doc, sent: Sentence, by_turn: dict[int, str | None]) -> str | None:
    """The speaker who said yes to a request in the next turn, if anyone did."""
    nxt = sent.turn + 1
    speaker = by_turn.get(nxt)
    if speaker is None or speaker == sent.speaker:
        return None
    first = doc.first_of_turn(nxt)
    if first is not None and YES.match(first.text) and not NEGATION.search(first.text[:40]):
        return speaker
    return None


TAKE_ON = re.compile(
    r"^\W*(?:(?:yes|yeah|yep|sure|ok|okay|alright)\W+)?(?:i'm on it|on it|i've got it|i got it|"
    r"leave it with me|i'll take care of (?:it|that)|(?:i'll|i will|i can|let me) "
    r"(?:do|take|handle|sort|own|grab) (?:it|that|this))\b",
    re.I,
)
"""A reply that takes on what was proposed. A bare "yeah" after "we have to…" in a meeting
is agreement, not a volunteer (seen on the AMI training meetings)."""


def volunteer(doc: Doc, sent: Sentence, by_turn: dict[int, str | None]) -> str | None:
    """Who takes on what the sentence proposes: a reply that says so ("i'm on it", "sure,
    i'll do that"), not a yes alone or a yes with a task of its own ("I'll send the invite")."""
    who = answered_yes(doc, sent, by_turn)
    reply = doc.first_of_turn(sent.turn + 1)
    if who is None or reply is None or not TAKE_ON.match(reply.text):
        return None
    return who


def is_yes_reply(doc: Doc, sent: Sentence, by_turn: dict[int, str | None]) -> bool:
    """True for a sentence in a turn that answers yes to a question in the turn before."""
    prev = doc.turns.get(sent.turn - 1, [])
    first = doc.first_of_turn(sent.turn)
    # "can you draft it? i'll review it after" / "ok will do": a question anywhere in the turn.
    return bool(
        prev
        and any(s.text.rstrip().endswith("?") for s in prev)
        and by_turn.get(sent.turn - 1) != sent.speaker
        and first is not None
        and YES.match(first.text)
    )


_ACK = re.compile(
    r"^\W*"
    + _EMOJI
    + r"(?:yes|yeah|yep|sure|ok|okay|will do|on it|can do|got it|no problem|deal|sounds good)\b",
    re.I,
)


def acknowledged(doc: Doc, sent: Sentence) -> bool:
    """Whether the next turn takes what was said as a task ("will do", "ok"), not a promise
    of its own ("I'll send the plan")."""
    reply = doc.first_of_turn(sent.turn + 1)
    return reply is not None and bool(_ACK.match(reply.text))


def addressee_of(doc: Doc, sent: Sentence, by_turn: dict[int, str | None]) -> str | None:
    """Who a sentence is said to: a name it opens with ("Dana, you'll…"), the one other
    speaker, or the speaker of the turn before or after."""
    m = re.match(r"^([A-Z][a-z]+),", sent.text)
    if m and m.group(1) in doc.speakers:
        return m.group(1)
    if m and doc.is_transcript and m.group(1).lower() not in NOT_NAMES:
        # "Dana, you'll write the checklist" in a transcript labelled "Speaker 2:": the
        # name said is the owner, whatever label the transcriber gave her.
        return m.group(1)
    if not doc.is_transcript or sent.speaker is None:
        return None
    others = [s for s in doc.speakers if s != sent.speaker]
    if len(others) == 1:
        return others[0]
    for t in (sent.turn - 1, sent.turn + 1):
        sp = by_turn.get(t)
        if sp and sp != sent.speaker:
            return sp
    return None
