"""Saved agendas: each topic of a person's agenda for a meeting date, and whether it was
covered.

A topic is identified within its agenda by its title (case and spacing ignored), so
building the same day's agenda again keeps the ticks of the topics it still has. The
unticked topics of the last agenda before a meeting are what the next agenda carries over.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from coach.storage.store import Store, StoreError, name_key


@dataclass(frozen=True)
class TopicRow:
    """An agenda topic as stored."""

    id: int
    person_id: int
    meeting_date: date
    position: int
    title: str
    reason: str
    kind: str
    objective: str | None
    minutes: int
    citations: list[dict[str, Any]]
    """Citation dicts (``note_id``, ``date``, ``quote``) as the agenda gave them."""
    carried_from: date | None
    """The meeting whose agenda first had this topic, when it was carried over."""
    covered: bool


def _row(r: Any) -> TopicRow:
    return TopicRow(
        id=r["id"],
        person_id=r["person_id"],
        meeting_date=date.fromisoformat(r["meeting_date"]),
        position=r["position"],
        title=r["title"],
        reason=r["reason"],
        kind=r["kind"],
        objective=r["objective"],
        minutes=r["minutes"],
        citations=json.loads(r["citations"]),
        carried_from=date.fromisoformat(r["carried_from"]) if r["carried_from"] else None,
        covered=r["covered_at"] is not None,
    )


def _select(store: Store, where: str, params: tuple) -> list[TopicRow]:
    rows = store.conn.execute(
        f"SELECT * FROM agenda_topics WHERE account = ? AND {where} ORDER BY position, id",
        (store.account, *params),
    )
    return [_row(r) for r in rows]


def topics_of(store: Store, person_id: int, meeting: date) -> list[TopicRow]:
    """The saved agenda of ``person_id`` for ``meeting``, in order (empty if none)."""
    return _select(store, "person_id = ? AND meeting_date = ?", (person_id, meeting.isoformat()))


def latest_before(store: Store, person_id: int, meeting: date) -> list[TopicRow]:
    """The person's most recent saved agenda before ``meeting`` (empty if none)."""
    row = store.conn.execute(
        "SELECT MAX(meeting_date) FROM agenda_topics WHERE account = ? AND person_id = ? "
        "AND meeting_date < ?",
        (store.account, person_id, meeting.isoformat()),
    ).fetchone()
    return topics_of(store, person_id, date.fromisoformat(row[0])) if row[0] else []


def save_topics(
    store: Store, person_id: int, meeting: date, topics: list[dict[str, Any]]
) -> list[TopicRow]:
    """Save ``topics`` (dicts with title, reason, kind, objective, minutes, citations,
    carried_from) as the person's agenda for ``meeting``; return them as stored, in order.

    A topic already on that day's agenda keeps its id and tick. Earlier topics that are not
    in the new list are dropped unless they were ticked: what was covered stays recorded.
    """
    day = meeting.isoformat()
    q = store.conn.execute
    with store.transaction():
        old = {name_key(t.title): t for t in topics_of(store, person_id, meeting)}
        keys = [name_key(t["title"]) for t in topics]
        for key, row in old.items():
            if key not in keys and not row.covered:
                q("DELETE FROM agenda_topics WHERE id = ?", (row.id,))
        for position, (key, t) in enumerate(zip(keys, topics, strict=True)):
            carried = t.get("carried_from")
            values = (
                position,
                t["title"],
                t.get("reason", ""),
                t.get("kind", "general"),
                t.get("objective"),
                int(t.get("minutes", 0)),
                json.dumps(t.get("citations", []), default=str),
                carried.isoformat() if carried else None,
            )
            if key in old:
                q(
                    "UPDATE agenda_topics SET position = ?, title = ?, reason = ?, kind = ?, "
                    "objective = ?, minutes = ?, citations = ?, carried_from = ? WHERE id = ?",
                    (*values, old[key].id),
                )
            else:
                q(
                    "INSERT OR IGNORE INTO agenda_topics (account, person_id, meeting_date, "
                    "title_key, position, title, reason, kind, objective, minutes, citations, "
                    "carried_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (store.account, person_id, day, key, *values),
                )
        # Ticked topics the new list no longer has go after it.
        kept = [row for key, row in old.items() if key not in keys and row.covered]
        for extra, row in enumerate(kept, len(keys)):
            q("UPDATE agenda_topics SET position = ? WHERE id = ?", (extra, row.id))
        return topics_of(store, person_id, meeting)


def set_covered(store: Store, topic_ids: list[int], covered: set[int]) -> int:
    """Tick the topics in ``covered`` and untick the rest of ``topic_ids``; return how many
    changed. Ids that are not this account's are refused, and nothing changes."""
    q = store.conn.execute
    with store.transaction():
        marks = ",".join("?" * len(topic_ids)) or "NULL"
        rows = {
            r["id"]: r["covered_at"]
            for r in q(
                f"SELECT id, covered_at FROM agenda_topics WHERE account = ? AND id IN ({marks})",
                (store.account, *topic_ids),
            )
        }
        unknown = sorted(set(topic_ids) - set(rows))
        if unknown:
            raise StoreError(f"no agenda topic {unknown[0]}")
        changed = 0
        for tid, was in rows.items():
            want = tid in covered
            if want == (was is not None):
                continue
            q(
                "UPDATE agenda_topics SET covered_at = "
                "CASE WHEN ? THEN strftime('%Y-%m-%dT%H:%M:%fZ', 'now') END WHERE id = ?",
                (want, tid),
            )
            changed += 1
        return changed
