"""The person page, the app's home: the next 1:1, open items done with one click, the last
notes and recent themes, and a way into every job for that person."""

from __future__ import annotations

from datetime import date
from typing import Any

import gradio as gr

from coach.service import Coach, PersonOverview, person_overview
from ui.shell import Shell, handler, inline
from ui.views import esc

TITLE = "Person"
JOBS = (("Prepare the next 1:1", "Prepare"), ("Summarize a meeting", "Summarize"))
JOBS += (("Give feedback", "Feedback"), ("Practice a conversation", "Practice"))


def header_markdown(view: PersonOverview, today: date | None = None) -> str:
    """The next and last 1:1 and what is open, in two lines."""
    today = today or date.today()
    if view.next_meeting is None:
        when = "not known yet (two dated notes give the usual rhythm)"
    elif view.next_meeting < today:
        when = f"was due around {view.next_meeting.isoformat()} (every ~{view.cadence_days} days)"
    else:
        when = f"around {view.next_meeting.isoformat()} (every ~{view.cadence_days} days)"
    last = view.last_meeting.isoformat() if view.last_meeting else "no notes yet"
    open_items = [a for a in view.items if a.status == "open"]
    looks = sum(1 for a in open_items if a.done_evidence)
    overdue = sum(1 for a in open_items if a.due and a.due < today and not a.done_evidence)
    counts = f"{len(open_items)} open item{'s' if len(open_items) != 1 else ''}"
    if overdue:
        counts += f", {overdue} overdue"
    if looks:
        counts += f", {looks} look{'s' if looks == 1 else ''} done"
    return f"## {esc(view.person)}\n**Last 1:1:** {last} · **Next 1:1:** {when} · {counts}"


def item_choices(view: PersonOverview, today: date | None = None) -> list[tuple[str, int]]:
    """(label, id) per item: the task, its owner, due date and state, read as one line
    next to its checkbox."""
    today = today or date.today()
    out = []
    for a in view.items:
        if a.status == "done":
            state = "done (untick to undo)"
        elif a.done_evidence:
            state = f"looks done: {a.done_evidence.quote} (note {a.done_evidence.note_id})"
        else:
            state = "overdue" if a.due and a.due < today else "open"
        due = f", due {a.due.isoformat()}" if a.due else ""
        out.append((f"{a.task} ({a.owner}{due}) · {state}", a.id))
    return out


def notes_markdown(view: PersonOverview) -> str:
    """The newest notes and the themes of the last weeks."""
    if not view.notes:
        return "_No notes yet: add one in the Notes tab, or summarize a meeting._"
    lines = ["### Last notes"]
    for n in view.notes:
        first = " ".join(n.text.split())[:160]
        lines.append(f"- **{n.meeting_date.isoformat()}** (note {n.id}) {esc(first)}")
    if view.left_over and view.last_agenda:
        day = view.last_agenda.isoformat()
        lines.append(f"\n### Unticked on the {day} agenda (they lead the next one)")
        lines += [f"- {esc(t)}" for t in view.left_over[:6]]
    if view.themes:
        lines.append("\n### Talked about lately")
        lines += [f"- {esc(t)} ({k} note{'s' if k != 1 else ''})" for t, k in view.themes[:6]]
    if view.quiet:
        lines.append("\n### Not lately")
        lines.append(", ".join(esc(t) for t in view.quiet[:6]))
    return "\n".join(lines)


def toggled(ticked: list[Any] | None, before: dict[int, bool]) -> list[tuple[int, bool]]:
    """(item id, done) for each item whose checkbox differs from what was shown."""
    now = {int(i) for i in ticked or []}
    return [(i, i in now) for i, done in before.items() if (i in now) != done]


def page_view(coach: Coach, person: str | None, keep: set[int]) -> tuple[Any, ...]:
    """(header, item rows, notes Markdown, shown state) for the person page."""
    if not person:
        empty = "## Welcome\nAdd the people you meet in the **Notes** tab, then pick one above."
        return empty, gr.update(choices=[], value=[]), "", {}
    view = person_overview(coach, person, keep=keep)
    done = [a.id for a in view.items if a.status == "done"]
    choices = gr.update(choices=item_choices(view), value=done)
    shown = {a.id: a.status == "done" for a in view.items}
    return header_markdown(view), choices, notes_markdown(view), shown


def build(shell: Shell) -> None:
    """The Person tab."""
    header = gr.Markdown("## Welcome", elem_id="person-header")
    with gr.Row():
        with gr.Column(scale=3):
            items = gr.CheckboxGroup(
                label="Open items: tick to mark done, untick to undo",
                choices=[],
                interactive=True,
                elem_id="person-items",
            )
            with gr.Row():
                confirm = gr.Button("Confirm all that look done")
            status = gr.Markdown(elem_id="person-status")
        with gr.Column(scale=2):
            notes = gr.Markdown()
    with gr.Row():
        jumps = [gr.Button(label, size="sm") for label, _tab in JOBS]
    shown = gr.State({})
    kept = gr.State(set())
    outputs = [header, items, notes, shown]

    @handler
    def show(who: str | None, request: gr.Request) -> Any:
        return page_view(shell.coach(request), who, set())

    @inline(n_outputs=len(outputs) + 2)
    def tick(who: str | None, ticked: Any, before: dict, keep: set, request: gr.Request) -> Any:
        coach = shell.coach(request)
        changes = toggled(ticked, before or {})
        for item_id, done in changes:
            coach.set_action_status(item_id, done)
        keep = set(keep or set()) | {i for i, done in changes if done}
        said = ", ".join(f"item {i} {'done' if d else 'open again'}" for i, d in changes)
        return (*page_view(coach, who, keep), keep, said or "")

    @inline(n_outputs=len(outputs) + 2)
    def confirm_all(who: str | None, keep: set, request: gr.Request) -> Any:
        coach = shell.coach(request)
        closed = coach.confirm_looks_done(who or "")
        keep = set(keep or set()) | {a.id for a in closed}
        said = f"Marked {len(closed)} item{'s' if len(closed) != 1 else ''} done."
        return (*page_view(coach, who, keep), keep, said)

    # The header's load sets the picker, and that change fills the page.
    shell.person.change(show, shell.person, outputs)
    items.input(tick, [shell.person, items, shown, kept], [*outputs, kept, status])
    confirm.click(confirm_all, [shell.person, kept], [*outputs, kept, status])
    for button, (_label, tab) in zip(jumps, JOBS, strict=True):
        button.click(lambda tab=tab: gr.Tabs(selected=tab), None, shell.tabs)
