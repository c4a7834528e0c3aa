"""Summarize: notes or a transcript in; summary, editable action items and exports out."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import gradio as gr

from coach.render import engine_line
from coach.service import Coach, CoachError, actions_csv, actions_ics, parse_date
from ui.files import UPLOAD_SUFFIXES, out_file, read_upload
from ui.shell import Shell, handler, inline, job
from ui.views import ACTION_COLUMNS, action_rows, esc, summary_markdown, table_items

TITLE = "Summarize"


def summarize_outputs(
    coach: Coach,
    text: str,
    meeting_date: str,
    person: str | None,
    save: bool,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[str, list[list[object]], str]:
    """(summary Markdown, action rows, status line); with ``save`` kept for ``person``."""
    result, notice = coach.summarize(
        text, parse_date(meeting_date), person or None, save=save, progress=progress
    )
    status = engine_line(result.engine)
    if result.saved_note_id is not None:
        saved = f"Saved to {esc(person or '')} as note {result.saved_note_id}."
        status = f"{saved} {esc(notice or '')} ({status})"
    return summary_markdown(result), action_rows(result), status


def save_edited(coach: Coach, person: str | None, text: str, meeting_date: str, rows: Any) -> str:
    """Save the notes and the (edited) action items to a person; a status line."""
    note_id, created, count = coach.save_edited(
        person or "", text, parse_date(meeting_date), table_items(rows)
    )
    again = "" if created else " (already saved; action items updated)"
    return f"Saved to {esc(person)} as note {note_id}{again} with {count} action item(s)."


def export_actions(rows: Any, fmt: str, account: str) -> str:
    """A download of the (edited) action items: ``csv`` or ``ics``."""
    items = table_items(rows)
    if not items:
        raise CoachError("there are no action items to export")
    if fmt == "ics":
        if not any(i.due and not i.done for i in items):
            raise CoachError("no open action item has a due date to put in a calendar")
        return out_file("action-items.ics", actions_ics(items), account)
    return out_file("action-items.csv", actions_csv(items), account)


def export_summary_markdown(markdown: str, account: str, rows: Any = None) -> str:
    """The shown summary, with the action items as edited in the table, as Markdown."""
    if not markdown or not markdown.strip():
        raise CoachError("summarize something first")
    text = html.unescape(markdown.replace("  \n", "\n")).rstrip() + "\n"
    items = table_items(rows) if rows is not None else []
    if items:
        text += "\n### Action items\n" + "".join(
            f"- [{'x' if i.done else ' '}] {i.task} ({i.owner}"
            f"{', due ' + i.due.isoformat() if i.due else ''})\n"
            for i in items
        )
    return out_file("summary.md", text, account)


def downloads(markdown: str, rows: Any, account: str) -> tuple[Any, Any, Any]:
    """The three download buttons' files, made ahead so the first click downloads; a
    button with nothing to download is disabled."""

    def made(make: Any) -> Any:
        try:
            return gr.update(value=make(), interactive=True)
        except CoachError:
            return gr.update(value=None, interactive=False)

    return (
        made(lambda: export_actions(rows, "csv", account)),
        made(lambda: export_actions(rows, "ics", account)),
        made(lambda: export_summary_markdown(markdown, account, rows)),
    )


def build(shell: Shell) -> None:
    """The Summarize tab."""
    person = shell.person
    with gr.Row():
        with gr.Column():
            sum_text = gr.Textbox(
                label="Notes or transcript",
                lines=14,
                max_lines=30,
                placeholder="Paste notes, or a transcript with 'Name: text' lines",
            )
            sum_file = gr.File(
                label="…or upload a .txt, .md, .docx, .vtt or .srt file",
                file_types=list(UPLOAD_SUFFIXES),
            )
            sum_date = gr.Textbox(label="Meeting date (YYYY-MM-DD, optional)", max_lines=1)
            sum_save = gr.Checkbox(label="Save notes and action items to the selected person")
            sum_btn = gr.Button("Summarize", variant="primary")
        with gr.Column():
            sum_status = gr.Markdown()
            sum_out = gr.Markdown()
            sum_actions = gr.Dataframe(
                headers=ACTION_COLUMNS,
                # "done" as text (yes/no): the table's checkbox cells have no accessible name.
                datatype=["str", "str", "str", "str", "str"],
                label="Action items (edit owner, task, due or done: yes/no, before saving)",
                interactive=True,
                wrap=True,
            )
            with gr.Row():
                sum_save_btn = gr.Button("Save to person")
                sum_csv = gr.DownloadButton("Action items (.csv)", value=None, interactive=False)
                sum_ics = gr.DownloadButton("Reminders (.ics)", value=None, interactive=False)
                sum_md = gr.DownloadButton("Summary (.md)", value=None, interactive=False)

    @handler
    def load_file(path: str | None) -> Any:
        return read_upload(path) if path else gr.skip()

    @inline(n_outputs=3)
    def run_summarize(
        text: str,
        when: str,
        who: str | None,
        save: bool,
        request: gr.Request,
        progress: gr.Progress = gr.Progress(),  # noqa: B008 (Gradio's way to ask for progress)
    ) -> Any:
        def report(done: int, total: int) -> None:
            progress((done, total), desc="Summarizing a long transcript in parts")

        return summarize_outputs(shell.coach(request), text, when, who, save, report)

    @handler
    def run_save(who: str | None, text: str, when: str, rows: Any, request: gr.Request) -> str:
        return save_edited(shell.coach(request), who, text, when, rows)

    sum_file.upload(load_file, sum_file, sum_text)
    sum_save_btn.click(run_save, [person, sum_text, sum_date, sum_actions], sum_status)

    @handler
    def refresh_downloads(markdown: str, rows: Any, request: gr.Request) -> Any:
        return downloads(markdown, rows, shell.account(request))

    # Made whenever the summary or the table changes (edits included), so the first click
    # on a download button downloads the current version.
    sum_actions.change(refresh_downloads, [sum_out, sum_actions], [sum_csv, sum_ics, sum_md])
    sum_out.change(refresh_downloads, [sum_out, sum_actions], [sum_csv, sum_ics, sum_md])
    job(
        sum_btn.click,
        run_summarize,
        [sum_text, sum_date, person, sum_save],
        [sum_out, sum_actions, sum_status],
        sum_status,
        "summarizing",
        api_name="summarize",
    )
