"""A person's page: what a manager wants to see before opening any job.

The last and (estimated) next 1:1, the open items with those a later note reports done
first, the newest notes, and which 1:1 objectives recent notes touched or left alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise
from statistics import median
from typing import TYPE_CHECKING

from coach.service.topics import saved_agenda
from coach.types import Note, StoredAction

if TYPE_CHECKING:
    from coach.service.usecases import Coach

RECENT_WEEKS = 4
LAST_NOTES = 5


@dataclass
class PersonOverview:
    """Everything the person page shows, for one person."""

    person: str
    last_meeting: date | None
    next_meeting: date | None
    """Estimated from the usual gap between their notes; None with fewer than two dates."""
    cadence_days: int | None
    items: list[StoredAction]
    """Open items (looks-done first, then overdue, then by due date), plus any asked for."""
    notes: list[Note]
    """The newest notes, newest first."""
    themes: list[tuple[str, int]] = field(default_factory=list)
    """Objectives the last weeks' notes touched, with how many notes touched each."""
    quiet: list[str] = field(default_factory=list)
    """Objectives discussed earlier but not in the last weeks."""
    left_over: list[str] = field(default_factory=list)
    """Topics of the last saved agenda that were not ticked: they lead the next agenda."""
    last_agenda: date | None = None
    """The meeting date of that agenda."""


def next_meeting(dates: list[date]) -> tuple[date | None, int | None]:
    """(estimated next 1:1, usual gap in days) from the dates of past 1:1s."""
    days = sorted(set(dates))
    if len(days) < 2:
        return None, None
    gap = round(median((b - a).days for a, b in pairwise(days)))
    gap = max(gap, 1)
    return days[-1] + timedelta(days=gap), gap


def _order(item: StoredAction, today: date) -> tuple[int, str]:
    if item.status == "done":
        rank = 3
    elif item.done_evidence:
        rank = 0
    elif item.due and item.due < today:
        rank = 1
    else:
        rank = 2
    return rank, item.due.isoformat() if item.due else "9999"


def person_overview(
    coach: Coach, person: str, today: date | None = None, keep: set[int] | None = None
) -> PersonOverview:
    """The person page for ``person``; ``keep`` lists item ids to show even when done
    (just ticked, so one more click undoes it)."""
    today = today or date.today()
    notes = coach.notes(person)
    everything = coach.actions(person)
    items = [a for a in everything if a.status == "open" or a.id in (keep or set())]
    items.sort(key=lambda a: _order(a, today))
    upcoming, cadence = next_meeting([n.meeting_date for n in notes])
    titles, weeks, grid = coach.coverage(person, today)
    recent = [i for i, w in enumerate(weeks) if w > today - timedelta(weeks=RECENT_WEEKS)]
    themes, quiet = [], []
    for title, row in zip(titles, grid, strict=True):
        lately = sum(row[i] for i in recent)
        if lately:
            themes.append((title, lately))
        elif sum(row):
            quiet.append(title)
    themes.sort(key=lambda t: -t[1])
    agenda_date, agenda = saved_agenda(coach, person)
    return PersonOverview(
        person=person,
        last_meeting=max((n.meeting_date for n in notes), default=None),
        next_meeting=upcoming,
        cadence_days=cadence,
        items=items,
        notes=list(reversed(notes))[:LAST_NOTES],
        themes=themes,
        quiet=quiet,
        left_over=[t.title for t in agenda if not t.covered and t.kind != "action"],
        last_agenda=agenda_date,
    )
