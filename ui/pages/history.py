"""History: a person's timeline, open and overdue items, and objective coverage by week."""

from __future__ import annotations

from typing import Any

import gradio as gr

from coach.service import Coach, CoachError
from ui.files import heatmap_png, out_path
from ui.shell import Shell, handler

TITLE = "History"


def history_view(coach: Coach, person: str | None) -> tuple[list, list, str]:
    """(timeline rows, open action rows, heatmap PNG path) for a person."""
    if not person:
        raise CoachError("pick a person first")
    titles, weeks, grid = coach.coverage(person)
    image = heatmap_png(titles, weeks, grid, out_path("coverage.png", coach.account))
    return coach.timeline(person), coach.open_action_rows(person), str(image)


def mark_done(coach: Coach, person: str | None, action_id: Any) -> tuple[list, list, str]:
    """Mark an action item done, then refresh the view."""
    if action_id in (None, ""):
        raise CoachError("type the id of the action item to mark done")
    coach.set_action_status(int(action_id), done=True)
    return history_view(coach, person)


def confirm_looks_done(coach: Coach, person: str | None) -> tuple[list, list, str]:
    """Mark done every item a later note reports as done, then refresh the view."""
    if not person:
        raise CoachError("pick a person first")
    coach.confirm_looks_done(person)
    return history_view(coach, person)


def build(shell: Shell) -> None:
    """The History tab."""
    hi_btn = gr.Button("Show history for the selected person", variant="primary")
    with gr.Row():
        with gr.Column():
            hi_actions = gr.Dataframe(
                headers=["id", "owner", "task", "due", "state"],
                label="Open and overdue action items",
                wrap=True,
            )
            with gr.Row():
                hi_done_id = gr.Number(label="Action item id", precision=0)
                hi_done_btn = gr.Button("Mark done")
                hi_confirm_btn = gr.Button("Confirm all that look done")
            hi_timeline = gr.Dataframe(
                headers=["date", "note", "source", "first line"],
                label="Timeline of notes",
                wrap=True,
            )
        with gr.Column():
            hi_heatmap = gr.Image(
                label="Objective coverage by week", type="filepath", interactive=False
            )
    outputs = [hi_timeline, hi_actions, hi_heatmap]

    @handler
    def show(who: str | None, request: gr.Request) -> Any:
        return history_view(shell.coach(request), who)

    @handler
    def done(who: str | None, action_id: Any, request: gr.Request) -> Any:
        return mark_done(shell.coach(request), who, action_id)

    hi_btn.click(show, shell.person, outputs, api_name="history")
    hi_done_btn.click(done, [shell.person, hi_done_id], outputs)

    @handler
    def confirm(who: str | None, request: gr.Request) -> Any:
        return confirm_looks_done(shell.coach(request), who)

    hi_confirm_btn.click(confirm, shell.person, outputs)
