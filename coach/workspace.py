"""One account's workspace: the SQLite store plus the derived vector index.

The CLI and the app both go through this class, so saving, indexing and searching
behave the same everywhere. SQLite is written first; indexing happens after the
commit and may fail without losing the note (search then says the index is behind).
"""

from __future__ import annotations

import contextlib
import logging
import re
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from coach.config import Settings
from coach.dates import find_meeting_date
from coach.errors import CoachError
from coach.storage.store import ActionRow, NoteRow, PersonRow, Store, StoreError
from coach.textin import clean_text, decode_text
from coach.types import ActionItem, Note, Person, SearchHit, SearchResult, StoredAction, Summary

Extractor = Callable[[str, date, str], list[ActionItem]]
"""Finds the action items of a note: (text, meeting date, person) → items."""

log = logging.getLogger(__name__)
IMPORT_SUFFIXES = {".md", ".txt", ".markdown"}
_DATE_IN_NAME = re.compile(r"((?:19|20)\d\d)[-_.]?([01]\d)[-_.]?([0-3]\d)")


@dataclass
class ImportReport:
    """What a folder import did."""

    imported: int = 0
    duplicates: int = 0
    skipped: list[str] = field(default_factory=list)
    """One line per file that was not imported, with the reason."""
    index_notice: str | None = None


def _note(row: NoteRow) -> Note:
    return Note(
        id=row.id,
        person=row.person,
        meeting_date=row.meeting_date,
        text=row.text,
        source=row.source,
        indexed=row.indexed,
    )


def _action(row: ActionRow) -> StoredAction:
    return StoredAction(
        id=row.id,
        person=row.person or "",
        owner=row.owner,
        task=row.task,
        due=row.due,
        status=row.status,  # type: ignore[arg-type]
        note_id=row.note_id,
        source=row.source,  # type: ignore[arg-type]
    )


class Workspace:
    """People, notes, action items and search for the configured account."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        try:
            self.store = Store.open(settings.db_path, settings.user)
        except Exception as exc:  # unreadable file, not a database, newer schema…
            raise CoachError(f"cannot open the database at {settings.db_path}: {exc}") from exc
        self._index: Any = None
        self._index_lock = threading.Lock()

    @property
    def account(self) -> str:
        """The account all reads and writes are scoped to."""
        return self.settings.user

    def close(self) -> None:
        """Release the database connection and the index client."""
        if self._index is not None:
            self._index.close()
            self._index = None
        self.store.close()

    # -- the derived index -----------------------------------------------------------
    @property
    def index(self) -> Any:
        """The vector index, opened on first use (importing Chroma takes seconds); notes
        saved without indexing are indexed as it opens."""
        if self._open():
            self._try_sync()
        return self._index

    def _open(self) -> bool:
        """Open the index if it is not open; True when notes wait to be indexed."""
        with self._index_lock:  # request threads share a workspace in the app
            if self._index is not None:
                return False
            self._index, pending = self._open_index()
            return pending

    def _open_index(self) -> tuple[Any, bool]:
        from coach.embedder import make_embedder, warm_in_background
        from retrieval.chroma import make_client
        from retrieval.index import NoteIndex

        s = self.settings
        embedder = make_embedder(s)
        warm_in_background(embedder)  # while Chroma imports and opens
        client = make_client(s.chroma_dir, s.chroma_host, s.chroma_port)
        index = NoteIndex(client, embedder, self.account, s.chunk_tokens, s.chunk_overlap)
        if index.count() == 0 and self.store.count_unindexed() < len(self.store.list_notes()):
            # The index was deleted (or is new) while SQLite says notes are indexed:
            # mark them unindexed and rebuild it once, right after opening it.
            self.store.mark_all_unindexed()
            return index, True
        # Notes saved without indexing (a quick 'coach notes add') are indexed before a search.
        return index, self.store.count_unindexed() > 0

    def sync_index(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Index every saved note that is not in the index yet; returns how many."""
        from retrieval.index import IndexedNote

        self._open()  # opening it may find it empty and mark notes for indexing
        # Longest first over the whole backlog, so each batch of 64 holds notes of similar
        # length and the embedding batches carry little padding.
        index = self._index
        pending = sorted(self.store.unindexed_notes(), key=lambda n: -len(n.text))
        done = 0
        for start in range(0, len(pending), 64):
            batch = pending[start : start + 64]
            index.add_notes(IndexedNote(n.id, n.person, n.meeting_date, n.text) for n in batch)
            self.store.mark_indexed([n.id for n in batch])
            done += len(batch)
            if progress:
                progress(done, len(pending))
        return done

    def _try_sync(self) -> str | None:
        try:
            self.sync_index()
            return None
        except Exception as exc:
            log.warning("indexing failed: %s", exc, exc_info=True)
            behind = self.store.count_unindexed()
            return (
                f"saved, but not yet searchable: indexing failed ({type(exc).__name__}); "
                f"{behind} note(s) waiting - run 'coach index rebuild'"
            )

    def rebuild_index(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Make this account's index match SQLite exactly (deleted notes' chunks dropped, only
        new chunk text embedded); returns the number of notes checked."""
        keep = {n.id for n in self.store.list_notes()}
        try:
            self.index.remove_notes(sorted(self.index.indexed_note_ids() - keep))
        except Exception as exc:  # a damaged index ("file is not a database")
            if self.settings.chroma_host:
                raise CoachError(f"the index server failed ({type(exc).__name__})") from exc
            log.warning("the index is damaged, recreating it: %s", exc)
            self._discard_index()
        self.store.mark_all_unindexed()
        return self.sync_index(progress)

    def _discard_index(self) -> None:
        """Delete the local index folder (it is derived from SQLite) and start afresh."""
        with self._index_lock:
            if self._index is not None:
                with contextlib.suppress(Exception):  # closing a broken client may fail too
                    self._index.close()
                self._index = None
            shutil.rmtree(self.settings.chroma_dir, ignore_errors=True)

    # -- people ----------------------------------------------------------------------
    def person(self, name: str) -> PersonRow:
        """A person by name, or a one-line error."""
        try:
            return self.store.get_person(name)
        except StoreError as exc:
            raise CoachError(str(exc)) from None

    def add_person(self, name: str, relationship: str = "report") -> Person:
        """Add someone the user meets with."""
        try:
            row = self.store.add_person(name, relationship)
        except StoreError as exc:
            raise CoachError(str(exc)) from None
        return Person(id=row.id, name=row.name, relationship=row.relationship)  # type: ignore[arg-type]

    def people(self) -> list[Person]:
        """Everyone, by name."""
        return [
            Person(id=p.id, name=p.name, relationship=p.relationship)  # type: ignore[arg-type]
            for p in self.store.list_people()
        ]

    # -- notes -----------------------------------------------------------------------
    def add_note(
        self,
        person: str,
        text: str,
        meeting_date: date | None = None,
        source: str = "manual",
        extract: Extractor | None = None,
        index: bool = True,
    ) -> tuple[Note, str | None]:
        """Save a note and the action items ``extract`` finds (one transaction), and index it
        now or, with ``index=False``, when the index is next opened. Returns it and any notice."""
        who = self.person(person)
        text = clean_text(text, "note", self.settings.max_input_bytes)
        when = meeting_date or find_meeting_date(text) or date.today()
        row, created = self._save_note(who, when, text, source, extract)
        notice = None if created else f"the same note was already saved (note {row.id})"
        index_notice = self._try_sync() if index else None
        saved = self.store.get_note(row.id)
        return _note(saved or row), index_notice or notice

    def notes(self, person: str | None = None) -> list[Note]:
        """Notes, oldest first, optionally one person's."""
        who = self.person(person) if person else None
        return [_note(n) for n in self.store.list_notes(who)]

    def note(self, note_id: int) -> Note:
        """One note by id (only this account's)."""
        row = self.store.get_note(note_id)
        if row is None:
            raise CoachError(f"no note with id {note_id}")
        return _note(row)

    def import_folder(
        self,
        folder: Path,
        person: str,
        progress: Callable[[int, int], None] | None = None,
        extract: Extractor | None = None,
    ) -> ImportReport:
        """Import every .md/.txt file of a folder, each named by its meeting date.

        Each file is its own transaction, so an interrupted import keeps what it
        committed, and re-running it skips notes already saved.
        """
        who = self.person(person)
        if not folder.is_dir():
            raise CoachError(f"not a folder: {folder}")
        files = sorted(p for p in folder.iterdir() if p.is_file())
        report = ImportReport()
        for n, path in enumerate(files, 1):
            if path.suffix.lower() not in IMPORT_SUFFIXES:
                report.skipped.append(f"{path.name}: not a .md or .txt file")
            else:
                self._import_one(path, who, report, extract)
            if progress:
                progress(n, len(files))
        if report.imported:
            report.index_notice = self._try_sync()
        return report

    def _save_note(
        self, who: PersonRow, when: date, text: str, source: str, extract: Extractor | None
    ) -> tuple[Any, bool]:
        # The note and its action items land together or not at all; a note saved again
        # keeps the items it already has.
        with self.store.transaction():
            row, created = self.store.add_note(who, when, text, source)
            if created and extract is not None:
                for item in extract(text, when, who.name):
                    self._save_action(who, item, row.id)
        return row, created

    def _import_one(
        self, path: Path, who: PersonRow, report: ImportReport, extract: Extractor | None
    ) -> None:
        m = _DATE_IN_NAME.search(path.stem)
        try:
            when = date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
        except ValueError:
            when = None
        try:
            if path.stat().st_size > self.settings.max_input_bytes:
                raise CoachError("larger than the input limit")
            text = decode_text(path.read_bytes(), path.name, self.settings.max_input_bytes)
        except (CoachError, OSError) as exc:
            report.skipped.append(f"{path.name}: {exc}")
            return
        when = when or find_meeting_date(text)
        if when is None:
            report.skipped.append(f"{path.name}: no date in the file name (use 2026-11-23.md)")
            return
        _row, created = self._save_note(who, when, text, f"import:{path.name}", extract)
        if created:
            report.imported += 1
        else:
            report.duplicates += 1

    def search(self, query: str, person: str | None = None, k: int = 5) -> SearchResult:
        """Notes found by meaning, best first, with a notice if the index is behind."""
        query = clean_text(query, "query", 10_000)
        who = self.person(person) if person else None
        # Notes are indexed when saved or when the index opens; a search only reports the rest.
        notice = None
        try:
            index = self.index  # opening it indexes notes saved without indexing
            behind = self.store.count_unindexed()
            chunks = index.search(query, k=k, person=who.name if who else None)
        except Exception as exc:
            log.warning("search failed: %s", exc, exc_info=True)
            raise CoachError(
                f"search failed ({type(exc).__name__}); try 'coach index rebuild'"
            ) from exc
        if behind and not notice:
            notice = f"the index is behind by {behind} note(s); run 'coach index rebuild'"
        hits = [
            SearchHit(
                note_id=c.note_id, date=c.meeting_date, person=c.person, text=c.text, score=c.score
            )
            for c in chunks
        ]
        return SearchResult(query=query, hits=hits, index_behind=behind, notice=notice)

    # -- summaries and action items --------------------------------------------------
    def save_summary(self, person: str, text: str, summary: Summary) -> tuple[int, str | None]:
        """Save the input as a note and its action items, in one transaction."""
        who = self.person(person)
        when = summary.meeting_date or date.today()
        with self.store.transaction():
            row, created = self.store.add_note(who, when, text, "summarize")
            if created:
                for item in summary.action_items:
                    self._save_action(who, item, row.id)
        notice = self._try_sync()
        if not created:
            notice = f"these notes were already saved (note {row.id}); action items not duplicated"
        return row.id, notice

    def save_input(self, person: str, text: str, meeting_date: date) -> tuple[int, bool]:
        """Save what the user pasted as a note before any model sees it; (note id, is new)."""
        who = self.person(person)
        text = clean_text(text, "notes", self.settings.max_input_bytes)
        row, created = self.store.add_note(who, meeting_date, text, "summarize")
        return row.id, created

    def forget_input(self, note_id: int) -> None:
        """Remove a note saved by :meth:`save_input` whose summary then failed, so no note is
        left without the action items its summary would have had."""
        self.store.delete_note(note_id)

    def attach_actions(self, person: str, note_id: int, summary: Summary) -> str | None:
        """Save a summary's action items against the note they came from, then index it."""
        who = self.person(person)
        with self.store.transaction():
            for item in summary.action_items:
                self._save_action(who, item, note_id)
        return self._try_sync()

    def replace_actions(self, person: str, note_id: int, items: list[Any]) -> list[int]:
        """Replace the action items of a note with an edited list, in one transaction."""
        who = self.person(person)
        with self.store.transaction():
            self.store.delete_actions_of_note(note_id)
            ids = []
            for it in items:
                aid = self.store.add_action(who, it.owner, it.task, it.due, note_id, it.source)
                if it.done:
                    self.store.set_action_status(aid, "done")
                ids.append(aid)
        return ids

    def _save_action(self, who: PersonRow, item: ActionItem, note_id: int | None) -> int:
        return self.store.add_action(who, item.owner, item.task, item.due, note_id, item.source)

    def actions(self, person: str | None = None, open_only: bool = False) -> list[StoredAction]:
        """Saved action items, by due date."""
        who = self.person(person) if person else None
        return [_action(a) for a in self.store.list_actions(who, open_only)]

    def set_action_status(self, action_id: int, done: bool = True) -> StoredAction:
        """Mark an action item done (or open again)."""
        try:
            row = self.store.set_action_status(action_id, "done" if done else "open")
        except StoreError as exc:
            raise CoachError(str(exc)) from None
        return _action(row)
