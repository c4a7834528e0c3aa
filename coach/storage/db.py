"""The SQLite database: connection settings and versioned migrations.

The schema version lives in ``PRAGMA user_version``; each migration runs in its own
transaction, so a crash mid-upgrade leaves the previous version intact.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from coach.storage.private import make_private

MIGRATIONS: list[str] = [
    # 1: people, notes and action items, every row owned by an account.
    """
    CREATE TABLE people (
        id INTEGER PRIMARY KEY,
        account TEXT NOT NULL,
        name TEXT NOT NULL,
        name_key TEXT NOT NULL,
        relationship TEXT NOT NULL DEFAULT 'report'
            CHECK (relationship IN ('report', 'manager', 'peer', 'other')),
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        UNIQUE (account, name_key)
    );
    CREATE TABLE notes (
        id INTEGER PRIMARY KEY,
        account TEXT NOT NULL,
        person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        meeting_date TEXT NOT NULL,
        text TEXT NOT NULL,
        source TEXT NOT NULL DEFAULT 'manual',
        content_hash TEXT NOT NULL,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        indexed_at TEXT,
        UNIQUE (account, person_id, content_hash)
    );
    CREATE INDEX notes_by_person ON notes (account, person_id, meeting_date);
    CREATE INDEX notes_unindexed ON notes (account, indexed_at);
    CREATE TABLE action_items (
        id INTEGER PRIMARY KEY,
        account TEXT NOT NULL,
        person_id INTEGER REFERENCES people(id) ON DELETE CASCADE,
        note_id INTEGER REFERENCES notes(id) ON DELETE SET NULL,
        owner TEXT NOT NULL,
        task TEXT NOT NULL,
        due TEXT,
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
        source TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        done_at TEXT
    );
    CREATE INDEX actions_by_person ON action_items (account, person_id, status);
    """,
    # 2: practice sessions, with their transcript and debrief scores.
    """
    CREATE TABLE practice_sessions (
        id INTEGER PRIMARY KEY,
        account TEXT NOT NULL,
        person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
        persona TEXT NOT NULL,
        scenario TEXT NOT NULL,
        difficulty INTEGER NOT NULL,
        transcript TEXT NOT NULL,
        debrief TEXT,
        overall REAL,
        engine TEXT NOT NULL DEFAULT 'offline',
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );
    CREATE INDEX practice_by_account ON practice_sessions (account, created_at);
    """,
    # 3: login accounts for the web app (passwords hashed with scrypt).
    """
    CREATE TABLE users (
        name TEXT PRIMARY KEY,
        password_hash TEXT NOT NULL,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );
    """,
    # 4: the topics of each saved agenda, ticked as they are covered; the unticked ones of
    # a person's last agenda carry into the next.
    """
    CREATE TABLE agenda_topics (
        id INTEGER PRIMARY KEY,
        account TEXT NOT NULL,
        person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        meeting_date TEXT NOT NULL,
        position INTEGER NOT NULL,
        title TEXT NOT NULL,
        title_key TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL DEFAULT 'general',
        objective TEXT,
        minutes INTEGER NOT NULL DEFAULT 0,
        citations TEXT NOT NULL DEFAULT '[]',
        carried_from TEXT,
        covered_at TEXT,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        UNIQUE (account, person_id, meeting_date, title_key)
    );
    CREATE INDEX agenda_by_person ON agenda_topics (account, person_id, meeting_date);
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) the database in WAL mode and bring it up to date."""
    make_private(path.parent)
    conn = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=30000")
    migrate(conn)
    return conn


def schema_version(conn: sqlite3.Connection) -> int:
    """The migration number the database is at."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection) -> int:
    """Apply every migration newer than the database's version; return the new version."""
    current = schema_version(conn)
    if current > SCHEMA_VERSION:
        raise RuntimeError(
            f"database schema {current} is newer than this coach ({SCHEMA_VERSION}); upgrade coach"
        )
    for number in range(current + 1, SCHEMA_VERSION + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Re-check inside the lock: another process may have migrated meanwhile.
            if schema_version(conn) >= number:
                conn.execute("ROLLBACK")
                continue
            for statement in MIGRATIONS[number - 1].split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        except Exception:
            conn.execute("ROLLBACK")
            raise
    return schema_version(conn)


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """Group statements on an autocommit connection into one ``BEGIN IMMEDIATE`` transaction."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
