"""Prepare: agenda, talking points, career topics and questions for the next 1:1."""

from __future__ import annotations

from typing import Any

import gradio as gr

from coach.render import agenda_text, career_text, questions_text, talking_points_text
from coach.service import Coach, cover_topics, parse_date
from coach.types import AgendaTopic
from ui.files import out_file
from ui.shell import Shell, handler, inline, job
from ui.views import esc

TITLE = "Prepare"
THEMES = [
    "all themes",
    "setbacks",
    "skills",
    "aspirations",
    "support",
    "wellbeing",
    "feedback_for_manager",
]


def topic_label(t: AgendaTopic) -> str:
    """A checkbox label: minutes, title, and whether it was left over from last time."""
    carried = f" (carried over from {t.carried_from.isoformat()})" if t.carried_from else ""
    return f"{t.minutes} min · {t.title}{carried}"


def agenda_view(
    coach: Coach, person: str | None, meeting_date: str, minutes: Any
) -> tuple[Any, str, str, list[list[object]], list[str]]:
    """(checkbox update, Markdown, a .md download, cited-note rows, topic ids) for the agenda.

    The checkboxes' values are the saved topics' ids, ticked where the topic was covered."""
    result = coach.agenda(person or "", parse_date(meeting_date), int(minutes or 30))
    ids = [str(t.id) for t in result.topics if t.id is not None]
    choices = gr.update(
        choices=[(topic_label(t), str(t.id)) for t in result.topics if t.id is not None],
        value=[str(t.id) for t in result.topics if t.covered],
    )
    path = out_file(
        f"agenda-{result.person}-{result.meeting_date.isoformat()}.md",
        agenda_text(result),
        coach.account,
    )
    seen: set[int] = set()
    cites: list[list[object]] = []
    for t in result.topics:
        for c in t.citations:
            if c.note_id not in seen:
                seen.add(c.note_id)
                cites.append([c.note_id, c.date.isoformat(), t.title])
    return choices, agenda_text(result, esc), path, cites, ids


def tick_topics(coach: Coach, ids: list[str], ticked: list[str]) -> str:
    """Save the agenda's checkboxes as they stand; a one-line confirmation."""
    changed = cover_topics(coach, [int(i) for i in ids or []], [int(i) for i in ticked or []])
    done = len(ticked or [])
    left = len(ids or []) - done
    state = f"{done} of {len(ids or [])} topics covered"
    more = f"; {left} will carry into the next agenda" if left else ""
    return f"Saved: {state}{more}." if changed else f"{state}{more}."


def agenda_markdown(coach: Coach, person: str | None, meeting_date: str, minutes: Any) -> str:
    """The agenda as escaped Markdown."""
    return agenda_view(coach, person, meeting_date, minutes)[1]


def talking_points_markdown(coach: Coach, person: str | None, situation: str) -> str:
    """Talking points as escaped Markdown."""
    return talking_points_text(coach.talking_points(person or "", situation or ""), esc)


def career_markdown(coach: Coach, about: str, manager: str | None) -> str:
    """Career prep as escaped Markdown."""
    return career_text(coach.career(about or "", manager or None), esc)


def questions_markdown(coach: Coach, person: str | None, theme: str | None, n: Any) -> str:
    """Questions as escaped Markdown."""
    theme = None if not theme or theme == "all themes" else theme
    return questions_text(coach.questions(person or "", theme, int(n or 8)), esc)


def open_note(coach: Coach, note_id: Any) -> str:
    """One note, escaped, for the note viewer."""
    if note_id in (None, ""):
        raise gr.Error("type a note id (shown in citations as 'note 12')")
    note = coach.note(int(note_id))
    head = f"**note {note.id}** · {esc(note.person)} · {note.meeting_date.isoformat()}"
    return f"{head} · {esc(note.source)}\n\n{esc(note.text)}"


def build(shell: Shell) -> None:
    """The Prepare tab's sub-tabs."""
    person = shell.person
    gr.Markdown(
        "Prepare the next 1:1 with the person picked above. "
        "Every suggestion cites the notes it comes from."
    )
    with gr.Tab("Agenda"):
        with gr.Row():
            ag_date = gr.Textbox(label="Meeting date (YYYY-MM-DD, default today)", max_lines=1)
            ag_minutes = gr.Number(
                label="Meeting length (minutes)", value=30, minimum=5, maximum=240, precision=0
            )
        ag_btn = gr.Button("Build agenda", variant="primary")
        ag_checks = gr.CheckboxGroup(
            label="Agenda (tick topics as you cover them; unticked ones carry into the next)",
            choices=[],
            interactive=True,
        )
        ag_tick_status = gr.Markdown()
        ag_ids = gr.State([])
        ag_out = gr.Markdown(buttons=["copy"])
        ag_file = gr.DownloadButton("Download agenda (.md)", value=None)
        ag_cites = gr.Dataframe(
            headers=["note", "date", "cited for"],
            label="Cited notes (click one to open it)",
            interactive=False,
            wrap=True,
        )
        with gr.Row():
            ag_note_id = gr.Number(label="Open a cited note (id)", precision=0)
            ag_note_btn = gr.Button("Open note")
        ag_note = gr.Markdown()

        @inline(n_outputs=5, status=1)
        def run_agenda(who: str | None, d: str, m: Any, request: gr.Request) -> Any:
            return agenda_view(shell.coach(request), who, d, m)

        @inline(n_outputs=1)
        def run_tick(ids: list[str], ticked: list[str], request: gr.Request) -> str:
            return tick_topics(shell.coach(request), ids, ticked)

        @handler
        def open_cited(rows: Any, selected: gr.SelectData, request: gr.Request) -> str:
            values = rows.values.tolist() if hasattr(rows, "values") else rows
            return open_note(shell.coach(request), values[selected.index[0]][0])

        @handler
        def open_by_id(note_id: Any, request: gr.Request) -> str:
            return open_note(shell.coach(request), note_id)

        @handler
        def agenda_api(who: str | None, d: str, m: Any, request: gr.Request) -> str:
            return agenda_markdown(shell.coach(request), who, d, m)

        job(
            ag_btn.click,
            run_agenda,
            [person, ag_date, ag_minutes],
            [ag_checks, ag_out, ag_file, ag_cites, ag_ids],
            ag_out,
            "building the agenda from the notes",
        )
        ag_checks.input(run_tick, [ag_ids, ag_checks], ag_tick_status)
        ag_cites.select(open_cited, ag_cites, ag_note)
        ag_note_btn.click(open_by_id, ag_note_id, ag_note)
        # The plain-Markdown agenda, for API clients and scripts.
        gr.Button("Agenda as text", visible=False).click(
            agenda_api, [person, ag_date, ag_minutes], ag_out, api_name="agenda"
        )
    with gr.Tab("Talking points"):
        tp_situation = gr.Textbox(
            label="What is the tough conversation about?",
            lines=3,
            placeholder="e.g. the billing migration keeps missing its deadlines",
        )
        tp_btn = gr.Button("Prepare talking points", variant="primary")
        tp_out = gr.Markdown(buttons=["copy"])

        @inline(n_outputs=1)
        def run_talking_points(who: str | None, situation: str, request: gr.Request) -> str:
            return talking_points_markdown(shell.coach(request), who, situation)

        job(
            tp_btn.click,
            run_talking_points,
            [person, tp_situation],
            tp_out,
            tp_out,
            "preparing talking points",
            api_name="talking_points",
        )
    with gr.Tab("Career (for your own 1:1)"):
        cr_about = gr.Textbox(
            label="Your aspiration", lines=2, placeholder="e.g. become a tech lead within a year"
        )
        cr_manager = gr.Checkbox(
            label="Use only my notes from 1:1s with the selected person (my manager)"
        )
        cr_btn = gr.Button("Prepare career topics", variant="primary")
        cr_out = gr.Markdown(buttons=["copy"])

        @inline(n_outputs=1)
        def run_career(about: str, use: bool, who: str | None, request: gr.Request) -> str:
            return career_markdown(shell.coach(request), about, who if use else None)

        job(
            cr_btn.click,
            run_career,
            [cr_about, cr_manager, person],
            cr_out,
            cr_out,
            "preparing career topics",
            api_name="career",
        )
    with gr.Tab("Questions"):
        with gr.Row():
            q_theme = gr.Dropdown(label="Theme", value="all themes", choices=THEMES)
            q_n = gr.Number(label="How many", value=8, minimum=1, maximum=30, precision=0)
        q_btn = gr.Button("Suggest questions", variant="primary")
        q_out = gr.Markdown(buttons=["copy"])

        @inline(n_outputs=1)
        def run_questions(who: str | None, theme: str, n: Any, request: gr.Request) -> str:
            return questions_markdown(shell.coach(request), who, theme, n)

        job(
            q_btn.click,
            run_questions,
            [person, q_theme, q_n],
            q_out,
            q_out,
            "suggesting questions",
            api_name="questions",
        )
