"""What an agenda remembers between 1:1s: the topics last time did not get to come back.

Every agenda is saved (``coach.storage.agendas``) so its topics can be ticked as they are
covered. Building the next agenda puts the unticked topics of the person's previous one
first, on either engine, so nothing a manager meant to raise silently drops off.
"""

from __future__ import annotations

import re
from datetime import date

from coach.offline.agenda import fit_minutes
from coach.storage.agendas import TopicRow, latest_before, save_topics, set_covered, topics_of
from coach.storage.store import name_key
from coach.types import Agenda, AgendaTopic, Citation
from coach.workspace import Workspace

MAX_CARRIED = 3
"""At most this many carried topics, so last week's leftovers never crowd out this week."""
NOT_CARRIED = {"action"}
LEFT_OVER = re.compile(
    r"^(?:Not covered on [\d-]{10}|On the agenda since [\d-]{10}, not covered yet)\. "
)
"""How a carried topic's reason starts; replaced, not stacked, each time it carries again."""
"""Action items carry over by themselves while they stay open; a ticked action topic is not
a finished action."""


def _carried(row: TopicRow, valid_notes: set[int]) -> AgendaTopic:
    since = row.carried_from or row.meeting_date
    cites = [Citation.model_validate(c) for c in row.citations]
    return AgendaTopic(
        title=row.title,
        reason=f"{_left_over(row)}. {LEFT_OVER.sub('', row.reason)}",
        minutes=0,
        kind=row.kind,  # type: ignore[arg-type]
        objective=row.objective,
        citations=[c for c in cites if c.note_id in valid_notes],
        carried_from=since,
    )


def _still_open(t: AgendaTopic, row: TopicRow) -> AgendaTopic:
    """A topic this agenda raises again that the last one did not get to."""
    since = row.carried_from or row.meeting_date
    return t.model_copy(update={"reason": f"{_left_over(row)}. {t.reason}", "carried_from": since})


def _left_over(row: TopicRow) -> str:
    since = row.carried_from or row.meeting_date
    if since == row.meeting_date:
        return f"Not covered on {since.isoformat()}"
    return f"On the agenda since {since.isoformat()}, not covered yet"


def with_carried_over(ws: Workspace, agenda: Agenda) -> Agenda:
    """``agenda`` with the unticked topics of the person's previous agenda put first.

    A topic from the notes that the previous agenda covered is left out this time unless a
    note since then gives it new evidence: the same concern every week is noise. Standing
    topics without evidence (the opening check-in) stay.
    """
    person = ws.store.get_person(agenda.person)
    earlier = latest_before(ws.store, person.id, agenda.meeting_date)
    if not earlier:
        return agenda
    before = {name_key(t.title): t for t in earlier}
    topics: list[AgendaTopic] = []
    for t in agenda.topics:
        row = before.get(name_key(t.title))
        if row is None:
            topics.append(t)
        elif not row.covered:
            topics.append(_still_open(t, row))
        elif not t.citations or any(c.date > row.meeting_date for c in t.citations):
            topics.append(t)  # a standing topic, or covered last time with something new since
    have = {name_key(t.title) for t in agenda.topics}
    notes = {n.id for n in ws.notes(person.name)}
    carried = [
        _carried(r, notes)
        for r in earlier
        if not r.covered and r.kind not in NOT_CARRIED and name_key(r.title) not in have
    ]
    if not topics and not carried:
        return agenda  # everything was covered and nothing is new: keep the fresh agenda
    if topics == agenda.topics and not carried:
        return agenda
    return agenda.model_copy(
        update={"topics": fit_minutes(carried[:MAX_CARRIED] + topics, agenda.minutes)}
    )


def remember(ws: Workspace, agenda: Agenda) -> Agenda:
    """Save ``agenda`` as the person's agenda for its date; return it with topic ids and
    the ticks already made on that day's agenda."""
    person = ws.store.get_person(agenda.person)
    rows = save_topics(
        ws.store,
        person.id,
        agenda.meeting_date,
        [
            t.model_dump(
                mode="json",
                include={"title", "reason", "kind", "objective", "minutes", "citations"},
            )
            | {"carried_from": t.carried_from}
            for t in agenda.topics
        ],
    )
    saved = {name_key(r.title): r for r in rows}
    topics = []
    for t in agenda.topics:
        row = saved.get(name_key(t.title))
        topics.append(t.model_copy(update={"id": row.id, "covered": row.covered}) if row else t)
    return agenda.model_copy(update={"topics": topics})


def cover(ws: Workspace, topic_ids: list[int], covered: list[int]) -> int:
    """Tick ``covered`` and untick the rest of ``topic_ids``; return how many changed."""
    return set_covered(ws.store, [int(i) for i in topic_ids], {int(i) for i in covered})


def saved_agenda(ws: Workspace, person: str, meeting: date | None = None) -> list[TopicRow]:
    """The saved topics of ``person``'s agenda for ``meeting`` (default: the latest one)."""
    pid = ws.store.get_person(person).id
    return topics_of(ws.store, pid, meeting) if meeting else latest_before(ws.store, pid, date.max)
