"""Two commitments joined in one sentence ("…, and I'll set up a call", "…; I connect her
with the platform lead"), split so each becomes its own item with its own due date."""

from __future__ import annotations

import re
from collections.abc import Callable

from coach.offline.commitment_patterns import ACTION_VERBS, NOT_NAMES, Commitment

# "I offered to introduce him to Fatima, and I'll set up a call with her on Monday": a second
# commitment of the speaker's own, joined to the first.
_AND_I = re.compile(
    # ", and I'll…", or run on without the comma: "…the deck friday and i need to book…".
    r"(?:(?:,|;)\s*(?:and\s+)?|\s+and\s+(?=i\b))(?:then\s+)?"
    r"(?:(?P<i>I(?:'ll|’ll| will| need to| have to))|let['’]s|we(?:'ll|’ll| will)|"
    # "…, and Sara will write the customer comms": someone else's, joined to the first;
    # "…, and legal needs to sign off": a team's.
    r"(?:(?-i:(?P<name>[A-Z][a-z]+))|(?P<team>legal|finance|hr|design|marketing|security|ops|sales|support))"
    r"(?:'ll|’ll| will| is going to| is gonna| needs to| has to)|"
    # "…, and he's going to add the missing alerts": the person the note is about.
    r"(?P<he>he|she)(?:'s going to|’s going to| is going to|'ll|’ll| will))\s+",
    re.I,
)


# "send the draft by Friday, and they want me to loop in design": a clause about someone
# else that is no part of the task (and, unless taken on, no task of its own).
_AND_THEY = re.compile(r",\s*(?:and|but)\s+(?:he|she|they|it)\b", re.I)

# "…a short note; I connect her with the platform lead": a list's next step of my own.
_THEN_I = re.compile(
    r";\s*(?:and\s+)?(?P<i>I)\s+(?=(?:" + "|".join(sorted(ACTION_VERBS)) + r")\b)(?P<name>)"
)


def coordinated(
    commitment: Commitment, is_task: Callable[[str], bool], he: str | None = None
) -> list[tuple[Commitment, tuple[int, int] | None]]:
    """The commitment, or its two parts when the speaker adds one of their own (", and I'll
    …") or the group's (", and let's pick a date…"), each with the stretch of the sentence
    its due date is read from. ``is_task`` tells whether each part is still a task; ``he``
    is who a "he"/"she" joined on means (the person a note is about), if anyone."""
    owner, pred, at, speaker, addressee = commitment
    m = _AND_I.search(pred) or _THEN_I.search(pred)
    if m is None and (cut := _AND_THEY.search(pred)) and is_task(pred[: cut.start()]):
        return [((owner, pred[: cut.start()], at, speaker, addressee), (0, at + cut.start()))]
    if m is None or not is_task(pred[: m.start()]) or not is_task(pred[m.end() :]):
        return [(commitment, None)]
    first = (owner, pred[: m.start()], at, speaker, addressee)
    if m["name"] and m["name"].lower() in NOT_NAMES:
        return [(commitment, None)]
    # _THEN_I names only "i" and "name".
    said_he, team = m.groupdict().get("he"), m.groupdict().get("team")
    if said_he and not he:
        return [(commitment, None)]
    who: str = (
        (speaker or "me") if m["i"] else m["name"] or team or (he if said_he else None) or "team"
    )
    second = (who, pred[m.end() :], at + m.end(), speaker, addressee)
    return [(first, (0, at + m.start())), (second, (at + m.start(), at + len(pred)))]
