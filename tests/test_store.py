"""SQLite store: migrations, people, notes, action items, account scoping."""

import sqlite3
from datetime import date

import pytest

from coach.storage.db import SCHEMA_VERSION, connect, migrate, schema_version
from coach.storage.store import Store, StoreError


def test_fresh_database_is_migrated_to_the_latest_schema(tmp_path):
    conn = connect(tmp_path / "db.sqlite3")
    assert schema_version(conn) == SCHEMA_VERSION
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"people", "notes", "action_items"} <= tables
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert migrate(conn) == SCHEMA_VERSION  # re-running is a no-op


def test_a_database_from_a_newer_coach_is_refused(tmp_path):
    path = tmp_path / "db.sqlite3"
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.close()
    with pytest.raises(RuntimeError, match="newer"):
        connect(path)


def test_people_are_unique_per_account_ignoring_case(tmp_path):
    store = Store.open(tmp_path / "db.sqlite3", "alice")
    store.add_person("Priya Shah", "report")
    with pytest.raises(StoreError, match="already exists"):
        store.add_person("priya   shah")
    assert store.get_person("PRIYA SHAH").name == "Priya Shah"
    with pytest.raises(StoreError, match="coach people add"):
        store.get_person("Nobody")
    with pytest.raises(StoreError):
        store.add_person("   ")
    with pytest.raises(StoreError):
        store.add_person("Sam", "boss")


def test_same_note_is_saved_once(tmp_path):
    store = Store.open(tmp_path / "db.sqlite3", "alice")
    priya = store.add_person("Priya")
    first, created = store.add_note(priya, date(2026, 11, 1), "Talked about on-call.")
    again, created_again = store.add_note(priya, date(2026, 11, 1), "Talked about on-call.  ")
    assert created and not created_again and first.id == again.id
    assert len(store.list_notes(priya)) == 1


def test_accounts_never_see_each_other(tmp_path):
    path = tmp_path / "db.sqlite3"
    alice, bob = Store.open(path, "alice"), Store.open(path, "bob")
    priya = alice.add_person("Priya")
    note, _ = alice.add_note(priya, date(2026, 11, 1), "Private note about Priya.")
    action = alice.add_action(priya, "Priya", "Send the plan", None, note.id)
    assert bob.list_people() == [] and bob.list_notes() == [] and bob.list_actions() == []
    assert bob.get_note(note.id) is None  # a guessed id gives nothing
    with pytest.raises(StoreError, match="no action item"):
        bob.set_action_status(action, "done")
    assert alice.list_actions()[0].status == "open"
    bob.add_person("Priya")  # the same name is fine in another account


def test_action_items_open_and_done(tmp_path):
    store = Store.open(tmp_path / "db.sqlite3", "alice")
    sam = store.add_person("Sam")
    a = store.add_action(sam, "Sam", "Draft the doc", date(2026, 12, 1))
    b = store.add_action(sam, "me", "Book the room", None)
    assert [x.id for x in store.list_actions(sam)] == [a, b]  # dated first
    store.set_action_status(a, "done")
    assert [x.id for x in store.list_actions(sam, open_only=True)] == [b]


def test_a_failed_transaction_writes_nothing(tmp_path):
    store = Store.open(tmp_path / "db.sqlite3", "alice")
    sam = store.add_person("Sam")
    with pytest.raises(RuntimeError), store.transaction():
        store.add_note(sam, date(2026, 11, 1), "half-written")
        raise RuntimeError("crash in the middle")
    assert store.list_notes() == []
