"""Saved agenda topics: tick them as they are covered, and read a person's last agenda.

The agenda job saves every agenda it builds; these are the use cases around that record
(the agenda checkboxes in the app, ``coach topics`` on the command line).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from coach.types import AgendaTopic, Citation

if TYPE_CHECKING:
    from coach.service.usecases import Coach


def saved_topics(coach: Coach, person: str, meeting_date: date | None = None) -> list[AgendaTopic]:
    """The topics of ``person``'s saved agenda for ``meeting_date`` (default: the latest),
    with their ids and ticks; empty when no agenda was built."""
    return saved_agenda(coach, person, meeting_date)[1]


def saved_agenda(
    coach: Coach, person: str, meeting_date: date | None = None
) -> tuple[date | None, list[AgendaTopic]]:
    """(meeting date, topics) of ``person``'s saved agenda for ``meeting_date`` (default:
    the latest); (None, []) when no agenda was built."""
    from coach.jobs.agenda_memory import saved_agenda as stored

    rows = stored(coach.workspace, person, meeting_date)
    return rows[0].meeting_date if rows else None, [
        AgendaTopic(
            id=r.id,
            title=r.title,
            reason=r.reason,
            minutes=r.minutes,
            kind=r.kind,  # type: ignore[arg-type]
            objective=r.objective,
            citations=[Citation.model_validate(c) for c in r.citations],
            covered=r.covered,
            carried_from=r.carried_from,
        )
        for r in rows
    ]


def cover_topics(coach: Coach, topic_ids: list[int], covered: list[int]) -> int:
    """Tick the topics in ``covered`` and untick the rest of ``topic_ids`` (one agenda's
    checkboxes as they stand); return how many changed. Unknown ids change nothing."""
    from coach.jobs.agenda_memory import cover

    return cover(coach.workspace, topic_ids, covered)
