"""Export and import of one account's rows, without database ids, so an export can be
imported into any account or machine."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from coach.storage.store import Store, StoreError, content_hash, name_key


def export_rows(store: Store) -> dict[str, list[dict[str, Any]]]:
    """Everything of this account, keyed by content rather than row ids."""
    q = store.conn.execute
    people = [
        dict(r)
        for r in q(
            "SELECT name, relationship, created_at FROM people WHERE account = ? ORDER BY name_key",
            (store.account,),
        )
    ]
    notes = [
        dict(r)
        for r in q(
            "SELECT n.content_hash AS key, p.name AS person, n.meeting_date, n.text, n.source, n.created_at "
            "FROM notes n JOIN people p ON p.id = n.person_id WHERE n.account = ? ORDER BY n.meeting_date, n.id",
            (store.account,),
        )
    ]
    actions = [
        dict(r)
        for r in q(
            "SELECT p.name AS person, n.content_hash AS note, a.owner, a.task, a.due, a.status, a.source, "
            "a.created_at, a.done_at FROM action_items a LEFT JOIN people p ON p.id = a.person_id "
            "LEFT JOIN notes n ON n.id = a.note_id WHERE a.account = ? ORDER BY a.created_at, a.id",
            (store.account,),
        )
    ]
    practice = [
        dict(r)
        for r in q(
            "SELECT p.name AS person, s.persona, s.scenario, s.difficulty, s.transcript, s.debrief, s.overall, "
            "s.engine, s.created_at FROM practice_sessions s LEFT JOIN people p ON p.id = s.person_id "
            "WHERE s.account = ? ORDER BY s.created_at, s.id",
            (store.account,),
        )
    ]
    return {
        "people": people,
        "notes": notes,
        "action_items": actions,
        "practice_sessions": practice,
        "agenda_topics": _export_topics(store),
    }


def _export_topics(store: Store) -> list[dict[str, Any]]:
    keys = dict(
        store.conn.execute("SELECT id, content_hash FROM notes WHERE account = ?", (store.account,))
    )
    out = []
    for r in store.conn.execute(
        "SELECT p.name AS person, t.meeting_date, t.position, t.title, t.reason, t.kind, "
        "t.objective, t.minutes, t.citations, t.carried_from, t.covered_at, t.created_at "
        "FROM agenda_topics t JOIN people p ON p.id = t.person_id WHERE t.account = ? "
        "ORDER BY t.meeting_date, p.name_key, t.position, t.id",
        (store.account,),
    ):
        topic = dict(r)
        topic["citations"] = [
            {"note": keys[c["note_id"]], "date": c["date"], "quote": c.get("quote", "")}
            for c in json.loads(r["citations"])
            if c.get("note_id") in keys  # a note deleted since is no longer cited
        ]
        out.append(topic)
    return out


def import_rows(store: Store, data: dict[str, list[dict[str, Any]]]) -> dict[str, int]:
    """Restore an export into this account in one transaction; rows already present are skipped."""
    added = {"people": 0, "notes": 0, "action_items": 0, "practice_sessions": 0}
    q = store.conn.execute
    with store.transaction():
        ids: dict[str, int] = {}
        for p in data.get("people", []):
            cur = q(
                "INSERT OR IGNORE INTO people (account, name, name_key, relationship, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (
                    store.account,
                    p["name"],
                    name_key(p["name"]),
                    p.get("relationship", "report"),
                    p["created_at"],
                ),
            )
            added["people"] += cur.rowcount
            ids[name_key(p["name"])] = q(
                "SELECT id FROM people WHERE account = ? AND name_key = ?",
                (store.account, name_key(p["name"])),
            ).fetchone()[0]
        note_ids: dict[str, int] = {}
        for n in data.get("notes", []):
            pid = ids[name_key(n["person"])]
            digest = content_hash(date.fromisoformat(n["meeting_date"]), n["text"])
            if digest != n["key"]:
                raise StoreError(
                    f"note of {n['meeting_date']} does not match its key: the file was altered"
                )
            cur = q(
                "INSERT OR IGNORE INTO notes (account, person_id, meeting_date, text, source, content_hash, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    store.account,
                    pid,
                    n["meeting_date"],
                    n["text"],
                    n["source"],
                    digest,
                    n["created_at"],
                ),
            )
            added["notes"] += cur.rowcount
            note_ids[digest] = q(
                "SELECT id FROM notes WHERE account = ? AND person_id = ? AND content_hash = ?",
                (store.account, pid, digest),
            ).fetchone()[0]
        for a in data.get("action_items", []):
            owner_pid = ids.get(name_key(a["person"])) if a.get("person") else None
            nid = note_ids.get(a["note"]) if a.get("note") else None
            exists = q(
                "SELECT 1 FROM action_items WHERE account = ? AND owner = ? AND task = ? AND created_at = ? "
                "AND note_id IS ?",
                (store.account, a["owner"], a["task"], a["created_at"], nid),
            ).fetchone()
            if exists:
                continue
            q(
                "INSERT INTO action_items (account, person_id, note_id, owner, task, due, status, source, created_at, "
                "done_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    store.account,
                    owner_pid,
                    nid,
                    a["owner"],
                    a["task"],
                    a.get("due"),
                    a["status"],
                    a.get("source", ""),
                    a["created_at"],
                    a.get("done_at"),
                ),
            )
            added["action_items"] += 1
        for s in data.get("practice_sessions", []):
            session_pid = ids.get(name_key(s["person"])) if s.get("person") else None
            exists = q(
                "SELECT 1 FROM practice_sessions WHERE account = ? AND created_at = ? AND persona = ? "
                "AND scenario = ?",
                (store.account, s["created_at"], s["persona"], s["scenario"]),
            ).fetchone()
            if exists:
                continue
            q(
                "INSERT INTO practice_sessions (account, person_id, persona, scenario, difficulty, transcript, debrief, "
                "overall, engine, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    store.account,
                    session_pid,
                    s["persona"],
                    s["scenario"],
                    s["difficulty"],
                    s["transcript"],
                    s.get("debrief"),
                    s.get("overall"),
                    s["engine"],
                    s["created_at"],
                ),
            )
            added["practice_sessions"] += 1
        added["agenda_topics"] = _import_topics(store, data.get("agenda_topics", []), ids, note_ids)
    return added


def _import_topics(
    store: Store, topics: list[dict[str, Any]], people: dict[str, int], notes: dict[str, int]
) -> int:
    """Saved agenda topics; a topic already on that person's agenda for that day is kept."""
    added = 0
    for t in topics:
        cites = [
            {"note_id": notes[c["note"]], "date": c["date"], "quote": c.get("quote", "")}
            for c in t.get("citations", [])
            if c["note"] in notes
        ]
        cur = store.conn.execute(
            "INSERT OR IGNORE INTO agenda_topics (account, person_id, meeting_date, position, "
            "title, title_key, reason, kind, objective, minutes, citations, carried_from, "
            "covered_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                store.account,
                people[name_key(t["person"])],
                t["meeting_date"],
                t["position"],
                t["title"],
                name_key(t["title"]),
                t.get("reason", ""),
                t["kind"],
                t.get("objective"),
                t["minutes"],
                json.dumps(cites),
                t.get("carried_from"),
                t.get("covered_at"),
                t["created_at"],
            ),
        )
        added += cur.rowcount
    return added
