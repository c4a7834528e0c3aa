"""The service layer: every use case of coach, once.

The CLI, the web app and the evals call :class:`Coach` (and the account functions
below) and nothing else of the core: none of them opens the database, picks an engine
or cleans input themselves. A ``Coach`` holds one context: the settings, the account's
workspace (SQLite plus the derived index) and the chat model (None means offline).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach.config import Settings
from coach.errors import CoachError
from coach.service.settings import Status, build_status, describe_engine, load_settings
from coach.types import (
    Agenda,
    CareerPrep,
    FeedbackDraft,
    Note,
    Person,
    PracticeSession,
    Questions,
    SearchResult,
    StoredAction,
    Summary,
    TalkingPoints,
)

if TYPE_CHECKING:
    from coach.chat import ChatModel
    from coach.exports import ExportItem
    from coach.jobs.practice import PracticeRecord
    from coach.workspace import ImportReport, Workspace

Progress = Callable[[int, int], None]
_UNSET: Any = object()
ENGINES = ("auto", "offline", "llm")


class Coach:
    """Every use case, run for one account with one engine."""

    def __init__(
        self, settings: Settings, engine: str = "auto", chat: ChatModel | None = _UNSET
    ) -> None:
        """``engine``: ``auto`` (the settings decide), ``offline``, or ``llm`` (must be set up)."""
        from coach.workspace import Workspace

        if engine not in ENGINES:
            raise CoachError(f"unknown engine {engine!r}: use one of {', '.join(ENGINES)}")
        self.settings = settings
        self.workspace: Workspace = Workspace(settings)
        self._engine = engine
        self._chat = None if engine == "offline" and chat is _UNSET else chat

    @classmethod
    def open(cls, engine: str = "auto", **overrides: Any) -> Coach:
        """A coach for the configured account (settings from the environment)."""
        return cls(load_settings(**overrides), engine)

    @property
    def account(self) -> str:
        """The account every read and write is scoped to."""
        return self.settings.user

    @property
    def chat(self) -> ChatModel | None:
        """The chat model that answers, or None for the offline engine (chosen on first use)."""
        if self._chat is _UNSET:
            from coach.llm_engine import missing_for, select_model

            settings = self.settings
            if self._engine == "llm":
                if missing := missing_for(settings):
                    raise CoachError(f"the llm engine needs {missing}")
                settings = settings.model_copy(update={"llm": "openai"})
            self._chat = select_model(settings)
        return self._chat

    def engine(self) -> str:
        """Which engine answers, in one line."""
        return describe_engine(self.settings)

    def close(self) -> None:
        """Release the database connection and the index."""
        self.workspace.close()

    # -- people and notes -----------------------------------------------------------
    def add_person(self, name: str, relationship: str = "report") -> Person:
        """Add someone the user meets with."""
        return self.workspace.add_person(name or "", relationship or "report")

    def people(self) -> list[Person]:
        """Everyone, by name."""
        return self.workspace.people()

    def add_note(
        self, person: str, text: str, when: date | None = None, source: str = "manual", **kw: Any
    ) -> tuple[Note, str | None]:
        """Save a note and its action items and index it (``index=False``: at the next search)."""
        from coach.jobs.summarize import note_actions

        return self.workspace.add_note(person, text, when, source, extract=note_actions, **kw)

    def import_notes(
        self, folder: Path, person: str, progress: Progress | None = None
    ) -> ImportReport:
        """Import a folder of dated .md/.txt notes with their action items, file by file."""
        from coach.jobs.summarize import note_actions

        return self.workspace.import_folder(folder, person, progress, extract=note_actions)

    def import_note_files(
        self, person: str, paths: list[str], progress: Progress | None = None
    ) -> ImportReport:
        """Import uploaded dated note files, as :meth:`import_notes` does for a folder."""
        if not paths:
            raise CoachError("choose one or more .md/.txt files named by date, e.g. 2026-11-23.md")
        self.workspace.person(person)
        with tempfile.TemporaryDirectory(prefix="coach-import-") as tmp:
            for p in paths:
                shutil.copy(p, Path(tmp) / Path(p).name)
            return self.import_notes(Path(tmp), person, progress)

    def notes(self, person: str | None = None) -> list[Note]:
        """Notes, oldest first, optionally one person's."""
        return self.workspace.notes(person)

    def note(self, note_id: int) -> Note:
        """One note by id."""
        return self.workspace.note(int(note_id))

    def search(self, query: str, person: str | None = None, k: int = 5) -> SearchResult:
        """Notes found by meaning, best first."""
        return self.workspace.search(query, person=person or None, k=k)

    def rebuild_index(self, progress: Progress | None = None) -> tuple[int, int]:
        """Recreate the index from SQLite; returns (notes, chunks)."""
        notes = self.workspace.rebuild_index(progress)
        return notes, self.workspace.index.count()

    # -- summarize ------------------------------------------------------------------
    def summarize(
        self,
        text: str,
        meeting_date: date | None = None,
        person: str | None = None,
        save: bool = False,
        progress: Progress | None = None,
    ) -> tuple[Summary, str | None]:
        """Summarize notes or a transcript; with ``save`` keep the notes and action items.

        The input is saved before any model sees it, so a failing or slow LLM never loses
        what was pasted; its action items are saved once, with the note. Returns the
        summary and a notice about saving (or None).
        """
        from coach.jobs.summarize import resolve_meeting_date, summarize
        from coach.textin import clean_text

        if save and not person:
            raise CoachError("pick a person to save these notes to")
        if save and person:
            person = self.workspace.person(person).name
        text = clean_text(text, "notes", self.settings.max_input_bytes)
        note_id, created = None, False
        if save and person:
            when = resolve_meeting_date(text, meeting_date)
            note_id, created = self.workspace.save_input(person, text, when)
        try:
            result = summarize(
                text,
                meeting_date=meeting_date,
                person=person,
                max_bytes=self.settings.max_input_bytes,
                chat=self.chat,
                settings=self.settings,
                progress=progress,
            )
        except BaseException:
            # A model failure already answers offline; anything else is a bug. Either way no
            # note stays saved without its action items (the text is still in the input).
            if note_id is not None and created:
                self.workspace.forget_input(note_id)
            raise
        notice = None
        if note_id is not None and person:
            result.saved_note_id = note_id
            if created:
                notice = self.workspace.attach_actions(person, note_id, result)
            else:
                notice = (
                    f"these notes were already saved (note {note_id}); action items not duplicated"
                )
        return result, notice

    def save_edited(
        self, person: str, text: str, meeting_date: date | None, items: list[ExportItem]
    ) -> tuple[int, bool, int]:
        """Save notes with an edited list of action items; (note id, is new, items saved)."""
        from coach.jobs.summarize import resolve_meeting_date
        from coach.textin import clean_text

        if not person:
            raise CoachError("pick a person to save these notes to")
        clean = clean_text(text, "notes", self.settings.max_input_bytes)
        when = resolve_meeting_date(clean, meeting_date)
        note_id, created = self.workspace.save_input(person, clean, when)
        ids = self.workspace.replace_actions(person, note_id, items)
        self.workspace.sync_index()
        return note_id, created, len(ids)

    # -- action items ---------------------------------------------------------------
    def actions(self, person: str | None = None, open_only: bool = False) -> list[StoredAction]:
        """Saved action items by due date; ``done_evidence`` when a later note reports one done."""
        from coach.followup import mark

        items = self.workspace.actions(person, open_only)
        return mark(items, self.workspace.notes(person), self.workspace.index.embed, date.today())

    def set_action_status(self, action_id: int, done: bool = True) -> StoredAction:
        """Mark an action item done, or open again."""
        return self.workspace.set_action_status(int(action_id), done)

    def confirm_looks_done(self, person: str) -> list[StoredAction]:
        """Mark done every open item of ``person`` that a later note reports as done."""
        items = [a for a in self.actions(_need(person), open_only=True) if a.done_evidence]
        return [self.workspace.set_action_status(a.id, True) for a in items]

    # -- prepare, feedback ----------------------------------------------------------
    def agenda(self, person: str, meeting_date: date | None = None, minutes: int = 30) -> Agenda:
        """The agenda for the next 1:1 with ``person``."""
        from coach.jobs.agenda import agenda

        return agenda(
            self.workspace,
            _need(person),
            meeting_date,
            minutes,
            chat=self.chat,
            settings=self.settings,
        )

    def talking_points(self, person: str, situation: str) -> TalkingPoints:
        """Talking points for a tough conversation."""
        from coach.jobs.talking_points import talking_points

        return talking_points(
            self.workspace, _need(person), situation or "", chat=self.chat, settings=self.settings
        )

    def career(self, about: str, manager: str | None = None) -> CareerPrep:
        """Career topics for the user's own 1:1 with their manager."""
        from coach.jobs.career import career

        return career(
            self.workspace, about or "", manager or None, chat=self.chat, settings=self.settings
        )

    def questions(self, person: str, theme: str | None = None, n: int = 8) -> Questions:
        """Growth-minded questions for ``person``."""
        from coach.jobs.questions import questions

        return questions(
            self.workspace, _need(person), theme or None, n, chat=self.chat, settings=self.settings
        )

    def feedback(
        self, draft: str, person: str | None = None, kind: str | None = None
    ) -> FeedbackDraft:
        """A rough feedback draft as SBI, with a language check and a rewrite."""
        from coach.jobs.feedback import feedback

        return feedback(
            self.workspace,
            draft or "",
            person or None,
            kind or None,
            chat=self.chat,
            settings=self.settings,
        )

    # -- practice -------------------------------------------------------------------
    @staticmethod
    def practice_options() -> tuple[list[str], list[str]]:
        """(personas, scenario keys) the practice library offers."""
        from coach.offline.practice import personas, scenarios

        return personas(), [s["key"] for s in scenarios()]

    def practice_start(
        self,
        persona: str = "defensive",
        scenario: str | None = None,
        person: str | None = None,
        difficulty: int = 2,
    ) -> PracticeSession:
        """A new practice session (nothing is saved until the debrief)."""
        from coach.jobs import practice

        return practice.start(self.workspace, persona, scenario, person, difficulty, self.chat)

    def practice_say(self, session: PracticeSession, line: str) -> PracticeSession:
        """The user's line and the persona's answer."""
        from coach.jobs import practice

        return practice.say(session, line or "", self.chat, self.settings)

    def practice_say_streaming(
        self, session: PracticeSession, line: str
    ) -> Iterator[PracticeSession]:
        """Like :meth:`practice_say`, yielding the session as the answer streams in."""
        from coach.jobs import practice

        yield from practice.say_streaming(session, line or "", self.chat, self.settings)

    def practice_debrief(self, session: PracticeSession) -> PracticeSession:
        """Score the session and save it for the trend."""
        from coach.jobs import practice

        scored = practice.debrief(session, self.chat, self.settings)
        return practice.save(self.workspace, scored)

    def practice_play(
        self,
        lines: list[str],
        persona: str = "defensive",
        scenario: str | None = None,
        person: str | None = None,
        difficulty: int = 2,
        save: bool = True,
    ) -> PracticeSession:
        """Play scripted lines, debrief, and (by default) save the session."""
        from coach.jobs import practice

        session = practice.play(
            self.workspace, persona, lines, scenario, person, difficulty, self.chat, self.settings
        )
        return practice.save(self.workspace, session) if save else session

    def practice_history(self) -> list[PracticeRecord]:
        """Saved practice sessions, oldest first."""
        from coach.jobs import practice

        return practice.history(self.workspace)

    def judge(self, job: str, given: str, output: str) -> float | None:
        """A 0-1 grade of ``output`` by the chat model (None offline or when it cannot answer)."""
        from coach.jobs.judge import judge

        return judge(self.chat, self.settings, job, given, output) if self.chat else None

    # -- history --------------------------------------------------------------------
    def timeline(self, person: str) -> list[list[object]]:
        """A person's notes, newest first: date, note id, source, first line."""
        from coach.history import timeline_rows

        return timeline_rows(self.workspace, _need(person))

    def open_action_rows(self, person: str, today: date | None = None) -> list[list[object]]:
        """Open action items, overdue first: id, owner, task, due, state."""
        from coach.history import action_rows

        return action_rows(self.workspace, _need(person), today)

    def coverage(
        self, person: str, today: date | None = None
    ) -> tuple[list[str], list[date], list[list[int]]]:
        """(objectives, week starts, counts) of notes touching each 1:1 objective."""
        from coach.history import coverage_grid

        return coverage_grid(self.workspace, _need(person), today)

    # -- export, import, status -----------------------------------------------------
    def export(self, path: Path) -> dict[str, int]:
        """Write everything the account has to a JSON file; counts per kind."""
        from coach.transfer import write_export

        return write_export(self.workspace, path)

    def import_export(self, path: Path) -> dict[str, int]:
        """Restore an export file into this account; counts of rows added."""
        from coach.transfer import read_import

        return read_import(self.workspace, path)

    def status(self, check: bool = True) -> Status:
        """The engine and why, connection checks (with an LLM configured) and counts."""
        return build_status(self.settings, self.workspace, check)


def _need(person: str | None) -> str:
    if not person:
        raise CoachError("pick a person first (add one with 'coach people add' or the Notes tab)")
    return person
