"""Notes: add people and notes, import dated note files, and search by meaning."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import gradio as gr

from coach.service import Coach, CoachError, parse_date
from ui.shell import Shell, handler, inline, job
from ui.views import esc, search_markdown

TITLE = "Notes"


def add_person(coach: Coach, name: str, relationship: str) -> str:
    """Add a person; a status line."""
    person = coach.add_person(name or "", relationship or "report")
    return f"Added {esc(person.name)} ({person.relationship})."


def add_note(coach: Coach, person: str | None, text: str, meeting_date: str) -> str:
    """Save a pasted note; a status line."""
    if not person:
        raise CoachError("pick a person first")
    note, notice = coach.add_note(person, text, parse_date(meeting_date))
    saved = f"Saved note {note.id} ({note.meeting_date.isoformat()})."
    return saved + (f" {esc(notice)}" if notice else "")


def import_files(
    coach: Coach,
    person: str | None,
    paths: list[str],
    progress: Callable[[int, int], None] | None = None,
) -> str:
    """Import uploaded dated .md/.txt files as notes; a status line."""
    if not person:
        raise CoachError("pick a person first")
    report = coach.import_note_files(person, paths, progress)
    lines = [
        f"Imported {report.imported}, already saved {report.duplicates}, "
        f"skipped {len(report.skipped)}."
    ]
    lines += [f"- skipped {esc(s)}" for s in report.skipped]
    if report.index_notice:
        lines.append(esc(report.index_notice))
    return "\n".join(lines)


def search_notes(coach: Coach, query: str, person: str | None) -> str:
    """Search results as Markdown."""
    return search_markdown(coach.search(query, person or None, k=8))


def list_notes(coach: Coach, person: str | None) -> list[list[object]]:
    """A person's notes as rows (id, date, source, first line), newest first."""
    if not person:
        return []
    return [
        [n.id, n.meeting_date.isoformat(), n.source, " ".join(n.text.split())[:120]]
        for n in reversed(coach.notes(person))
    ]


def build(shell: Shell) -> None:
    """The Notes tab."""
    person = shell.person
    with gr.Row():
        with gr.Column():
            gr.Markdown("#### Add a person")
            new_name = gr.Textbox(label="Name", max_lines=1)
            new_rel = gr.Dropdown(
                label="Relationship", choices=["report", "manager", "peer", "other"], value="report"
            )
            add_person_btn = gr.Button("Add person")
            people_status = gr.Markdown()
        with gr.Column():
            gr.Markdown("#### Add a note")
            note_text = gr.Textbox(label="Note", lines=6)
            note_date = gr.Textbox(label="Meeting date (YYYY-MM-DD, optional)", max_lines=1)
            add_note_btn = gr.Button("Save note", variant="primary")
            note_status = gr.Markdown()
    with gr.Row():
        with gr.Column():
            gr.Markdown("#### Import dated notes (2026-11-23.md, …)")
            import_picker = gr.File(
                label="Note files", file_count="multiple", file_types=[".md", ".txt"]
            )
            import_btn = gr.Button("Import")
            import_status = gr.Markdown()
        with gr.Column():
            gr.Markdown("#### Search by meaning")
            query = gr.Textbox(label="Search", placeholder="e.g. burnout, promotion, on-call")
            search_btn = gr.Button("Search")
            search_out = gr.Markdown()
    notes_table = gr.Dataframe(
        headers=["id", "date", "source", "note"], label="Notes for the selected person", wrap=True
    )

    @inline(n_outputs=2)
    def run_add_person(name: str, rel: str, request: gr.Request) -> Any:
        coach = shell.coach(request)
        status = add_person(coach, name, rel)
        return shell.picker_update(coach, " ".join((name or "").split())), status

    @inline(n_outputs=2)
    def run_add_note(who: str | None, text: str, when: str, request: gr.Request) -> Any:
        coach = shell.coach(request)
        status = add_note(coach, who, text, when)
        return list_notes(coach, who), status

    @handler
    def run_import(
        who: str | None,
        files: list[Any] | None,
        request: gr.Request,
        progress: gr.Progress = gr.Progress(),  # noqa: B008 (Gradio's way to ask for progress)
    ) -> Any:
        coach = shell.coach(request)
        paths = [f if isinstance(f, str) else f.name for f in (files or [])]
        status = import_files(
            coach, who, paths, lambda d, t: progress((d, t), desc="Importing notes")
        )
        return status, list_notes(coach, who)

    @handler
    def run_search(q: str, who: str | None, request: gr.Request) -> str:
        return search_notes(shell.coach(request), q, who)

    @handler
    def show_notes(who: str | None, request: gr.Request) -> Any:
        return list_notes(shell.coach(request), who)

    add_person_btn.click(run_add_person, [new_name, new_rel], [person, people_status])
    job(
        add_note_btn.click,
        run_add_note,
        [person, note_text, note_date],
        [notes_table, note_status],
        note_status,
        "saving the note",
    )
    import_btn.click(run_import, [person, import_picker], [import_status, notes_table])
    job(
        search_btn.click,
        run_search,
        [query, person],
        search_out,
        search_out,
        "searching",
        api_name="search",
    )
    query.submit(run_search, [query, person], search_out)
    person.change(show_notes, person, notes_table)
