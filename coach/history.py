"""A person's history: timeline, open and overdue actions, and objective coverage by week."""

from __future__ import annotations

from datetime import date, timedelta

from coach.followup import mark
from coach.playbook import load_playbook
from coach.signals import lexicon
from coach.workspace import Workspace

WEEKS = 12


def timeline_rows(ws: Workspace, person: str) -> list[list[object]]:
    """Newest first: date, note id, source, first line."""
    return [
        [n.meeting_date.isoformat(), n.id, n.source, " ".join(n.text.split())[:140]]
        for n in reversed(ws.notes(person))
    ]


def action_rows(ws: Workspace, person: str, today: date | None = None) -> list[list[object]]:
    """Open action items: id, owner, task, due, state ("looks done …", overdue, open)."""
    today = today or date.today()
    rows = []
    items = mark(ws.actions(person, open_only=True), ws.notes(person), ws.index.embed, today)
    for a in items:
        if a.done_evidence:
            e = a.done_evidence
            state = (
                "looks done: the period it promised is over"
                if a.period_over()
                else f"looks done (note {e.note_id}): {e.quote}"
            )
        else:
            state = "overdue" if a.due and a.due < today else "open"
        rows.append([a.id, a.owner, a.task, a.due.isoformat() if a.due else "", state])
    # What looks done first (one click confirms it), then overdue, then by due date.
    order = {"looks": 0, "overdue": 1, "open": 2}
    return sorted(rows, key=lambda r: (order[str(r[4]).split()[0]], r[3] or "9999"))


def coverage_grid(
    ws: Workspace, person: str, today: date | None = None, weeks: int = WEEKS
) -> tuple[list[str], list[date], list[list[int]]]:
    """(objectives, week starts, counts[objective][week]) of notes touching each objective."""
    today = today or date.today()
    start = today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)
    week_starts = [start + timedelta(weeks=i) for i in range(weeks)]
    objectives = load_playbook().objectives
    grid = [[0] * weeks for _ in objectives]
    for note in ws.notes(person):
        w = (note.meeting_date - start).days // 7
        if 0 <= w < weeks:
            for row, obj in enumerate(objectives):
                if lexicon(tuple(obj.keywords)).search(note.text):
                    grid[row][w] += 1
    return [o.title for o in objectives], week_starts, grid
