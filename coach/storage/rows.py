"""Export and import of one account's rows, without database ids, so an export can be
imported into any account or machine."""

from __future__ import annotations

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
    }


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
    return added
