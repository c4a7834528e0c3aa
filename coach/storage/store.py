"""The account-scoped note store on SQLite: people, notes and action items.

Every method filters by the account the store was opened for; there is no way to
read or change another account's rows through it. Each user action is one
transaction (``with store.transaction():``), so it lands whole or not at all.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from coach.errors import CoachError
from coach.storage.db import connect, transaction


class StoreError(CoachError, ValueError):
    """A request the store refuses, explained in one line."""


@dataclass(frozen=True)
class PersonRow:
    """A person as stored."""

    id: int
    name: str
    relationship: str


@dataclass(frozen=True)
class NoteRow:
    """A note as stored."""

    id: int
    person_id: int
    person: str
    meeting_date: date
    text: str
    source: str
    indexed: bool


@dataclass(frozen=True)
class ActionRow:
    """An action item as stored."""

    id: int
    person_id: int | None
    person: str | None
    note_id: int | None
    owner: str
    task: str
    due: date | None
    status: str
    source: str


def name_key(name: str) -> str:
    """Case- and space-insensitive key, so "priya  s" and "Priya S" are one person."""
    return " ".join(name.split()).casefold()


def content_hash(meeting_date: date, text: str) -> str:
    """Identity of a note's content, used to make re-imports idempotent."""
    return hashlib.sha256(f"{meeting_date.isoformat()}\n{text.strip()}".encode()).hexdigest()


class Store:
    """People, notes and action items of one account."""

    def __init__(self, conn: sqlite3.Connection, account: str) -> None:
        self.conn = conn
        self.account = account
        self._depth = 0
        # The app shares one store between request threads; a transaction holds the lock
        # so statements of two user actions never interleave.
        self._lock = threading.RLock()

    @classmethod
    def open(cls, path: Path, account: str) -> Store:
        """Open the database at ``path`` scoped to ``account``."""
        return cls(connect(path), account)

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic unit of work; nested uses join the outer transaction."""
        with self._lock:
            yield from self._transaction()

    def _transaction(self) -> Iterator[None]:
        if self._depth:  # nested: join the outer transaction
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._depth = 1
        try:
            with transaction(self.conn):
                yield
        finally:
            self._depth = 0

    # -- people ----------------------------------------------------------------------
    def add_person(self, name: str, relationship: str = "report") -> PersonRow:
        """Add a person; a person with the same name is an error."""
        clean = " ".join(name.split())
        if not clean:
            raise StoreError("a person needs a name: type it in the Name box")
        if len(clean) > 80:
            raise StoreError("a person's name can be at most 80 characters")
        if relationship not in ("report", "manager", "peer", "other"):
            raise StoreError(
                f"relationship must be report, manager, peer or other, not {relationship!r}"
            )
        try:
            with self.transaction():
                cur = self.conn.execute(
                    "INSERT INTO people (account, name, name_key, relationship) VALUES (?, ?, ?, ?)",
                    (self.account, clean, name_key(clean), relationship),
                )
        except sqlite3.IntegrityError:
            raise StoreError(f"{clean!r} already exists") from None
        return PersonRow(int(cur.lastrowid or 0), clean, relationship)

    def find_person(self, name: str) -> PersonRow | None:
        """The person with this name (any case), or None."""
        row = self.conn.execute(
            "SELECT id, name, relationship FROM people WHERE account = ? AND name_key = ?",
            (self.account, name_key(name)),
        ).fetchone()
        return PersonRow(row["id"], row["name"], row["relationship"]) if row else None

    def get_person(self, name: str) -> PersonRow:
        """The person with this name, or a one-line error that says how to add them."""
        person = self.find_person(name)
        if person is None:
            raise StoreError(f"unknown person {name!r}: add them with: coach people add {name!r}")
        return person

    def list_people(self) -> list[PersonRow]:
        """Everyone, by name."""
        rows = self.conn.execute(
            "SELECT id, name, relationship FROM people WHERE account = ? ORDER BY name_key",
            (self.account,),
        )
        return [PersonRow(r["id"], r["name"], r["relationship"]) for r in rows]

    # -- notes -----------------------------------------------------------------------
    def add_note(
        self, person: PersonRow, meeting_date: date, text: str, source: str = "manual"
    ) -> tuple[NoteRow, bool]:
        """Save a note; returns it and whether it is new (the same content is stored once)."""
        digest = content_hash(meeting_date, text)
        with self.transaction():
            cur = self.conn.execute(
                "INSERT OR IGNORE INTO notes (account, person_id, meeting_date, text, source, content_hash)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (self.account, person.id, meeting_date.isoformat(), text, source, digest),
            )
            created = cur.rowcount == 1
            row = self.conn.execute(
                "SELECT id FROM notes WHERE account = ? AND person_id = ? AND content_hash = ?",
                (self.account, person.id, digest),
            ).fetchone()
        note = self.get_note(int(row["id"]))
        assert note is not None
        return note, created

    def _note_query(self, where: str, params: tuple) -> list[NoteRow]:
        rows = self.conn.execute(
            "SELECT n.id, n.person_id, p.name AS person, n.meeting_date, n.text, n.source, "
            "n.indexed_at IS NOT NULL AS indexed FROM notes n JOIN people p ON p.id = n.person_id "
            f"WHERE n.account = ? {where} ORDER BY n.meeting_date, n.id",
            (self.account, *params),
        )
        return [
            NoteRow(
                r["id"],
                r["person_id"],
                r["person"],
                date.fromisoformat(r["meeting_date"]),
                r["text"],
                r["source"],
                bool(r["indexed"]),
            )
            for r in rows
        ]

    def get_note(self, note_id: int) -> NoteRow | None:
        """A note of this account by id (another account's id gives None)."""
        rows = self._note_query("AND n.id = ?", (int(note_id),))
        return rows[0] if rows else None

    def list_notes(self, person: PersonRow | None = None) -> list[NoteRow]:
        """Notes, oldest meeting first, optionally for one person."""
        if person is None:
            return self._note_query("", ())
        return self._note_query("AND n.person_id = ?", (person.id,))

    def unindexed_notes(self, limit: int | None = None) -> list[NoteRow]:
        """Notes saved but not yet in the vector index."""
        suffix = f" LIMIT {int(limit)}" if limit else ""
        return self._note_query("AND n.indexed_at IS NULL" + suffix, ())

    def count_unindexed(self) -> int:
        """How many notes the vector index is behind by."""
        return int(
            self.conn.execute(
                "SELECT COUNT(*) FROM notes WHERE account = ? AND indexed_at IS NULL",
                (self.account,),
            ).fetchone()[0]
        )

    def mark_indexed(self, note_ids: list[int], indexed: bool = True) -> None:
        """Record that these notes' chunks are (or are no longer) in the index."""
        if not note_ids:
            return
        marks = ",".join("?" * len(note_ids))
        value = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')" if indexed else "NULL"
        with self.transaction():
            self.conn.execute(
                f"UPDATE notes SET indexed_at = {value} WHERE account = ? AND id IN ({marks})",
                (self.account, *note_ids),
            )

    def mark_all_unindexed(self) -> None:
        """Forget what is indexed (before a rebuild)."""
        with self.transaction():
            self.conn.execute(
                "UPDATE notes SET indexed_at = NULL WHERE account = ?", (self.account,)
            )

    # -- action items ----------------------------------------------------------------
    def add_action(
        self,
        person: PersonRow | None,
        owner: str,
        task: str,
        due: date | None,
        note_id: int | None = None,
        source: str = "",
    ) -> int:
        """Save an open action item; returns its id."""
        with self.transaction():
            cur = self.conn.execute(
                "INSERT INTO action_items (account, person_id, note_id, owner, task, due, source)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    self.account,
                    person.id if person else None,
                    note_id,
                    owner,
                    task,
                    due.isoformat() if due else None,
                    source,
                ),
            )
        return int(cur.lastrowid or 0)

    def delete_note(self, note_id: int) -> bool:
        """Delete one of this account's notes; its action items and the saved agenda topics
        that quote it go with it."""
        with self.transaction():
            self.conn.execute(
                "DELETE FROM action_items WHERE account = ? AND note_id = ?",
                (self.account, note_id),
            )
            self.conn.execute(
                "DELETE FROM agenda_topics WHERE account = ? AND EXISTS (SELECT 1 FROM "
                "json_each(citations) WHERE json_extract(value, '$.note_id') = ?)",
                (self.account, note_id),
            )
            cur = self.conn.execute(
                "DELETE FROM notes WHERE account = ? AND id = ?", (self.account, note_id)
            )
        return cur.rowcount > 0

    def delete_actions_of_note(self, note_id: int) -> int:
        """Remove the action items taken from one note (before saving an edited list)."""
        with self.transaction():
            cur = self.conn.execute(
                "DELETE FROM action_items WHERE account = ? AND note_id = ?",
                (self.account, int(note_id)),
            )
        return cur.rowcount

    def list_actions(
        self, person: PersonRow | None = None, open_only: bool = False
    ) -> list[ActionRow]:
        """Action items, by due date (undated last), optionally one person's or open only."""
        where, params = "", []
        if person is not None:
            where += " AND a.person_id = ?"
            params.append(person.id)
        if open_only:
            where += " AND a.status = 'open'"
        rows = self.conn.execute(
            "SELECT a.id, a.person_id, p.name AS person, a.note_id, a.owner, a.task, a.due, a.status,"
            " a.source FROM action_items a LEFT JOIN people p ON p.id = a.person_id"
            f" WHERE a.account = ? {where} ORDER BY a.due IS NULL, a.due, a.id",
            (self.account, *params),
        )
        return [
            ActionRow(
                r["id"],
                r["person_id"],
                r["person"],
                r["note_id"],
                r["owner"],
                r["task"],
                date.fromisoformat(r["due"]) if r["due"] else None,
                r["status"],
                r["source"],
            )
            for r in rows
        ]

    def set_action_status(self, action_id: int, status: str) -> ActionRow:
        """Mark an action open or done; an id of another account is 'not found'."""
        if status not in ("open", "done"):
            raise StoreError("status must be open or done")
        with self.transaction():
            cur = self.conn.execute(
                "UPDATE action_items SET status = ?, done_at = CASE WHEN ? = 'done' THEN "
                "strftime('%Y-%m-%dT%H:%M:%fZ', 'now') END WHERE account = ? AND id = ?",
                (status, status, self.account, int(action_id)),
            )
        if cur.rowcount != 1:
            raise StoreError(f"no action item with id {action_id}")
        return next(a for a in self.list_actions() if a.id == int(action_id))

    # -- practice sessions -----------------------------------------------------------
    def add_practice(
        self,
        person: PersonRow | None,
        persona: str,
        scenario: str,
        difficulty: int,
        transcript_json: str,
        debrief_json: str | None,
        overall: float | None,
        engine: str,
    ) -> int:
        """Save a practice session; returns its id."""
        with self.transaction():
            cur = self.conn.execute(
                "INSERT INTO practice_sessions (account, person_id, persona, scenario, difficulty, transcript,"
                " debrief, overall, engine) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    self.account,
                    person.id if person else None,
                    persona,
                    scenario,
                    difficulty,
                    transcript_json,
                    debrief_json,
                    overall,
                    engine,
                ),
            )
        return int(cur.lastrowid or 0)

    def list_practice(self) -> list[sqlite3.Row]:
        """This account's practice sessions, oldest first."""
        return list(
            self.conn.execute(
                "SELECT s.*, p.name AS person FROM practice_sessions s LEFT JOIN people p ON p.id = s.person_id"
                " WHERE s.account = ? ORDER BY s.created_at, s.id",
                (self.account,),
            )
        )
