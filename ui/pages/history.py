"""History: a person's timeline of notes and objective coverage by week (their open items,
done with one click, are on the Person page)."""

from __future__ import annotations

from typing import Any

import gradio as gr

from coach.service import Coach, CoachError
from ui.shell import Shell, handler
from ui.views import coverage_html

TITLE = "History"


def history_view(coach: Coach, person: str | None) -> tuple[list, str]:
    """(timeline rows, coverage table HTML) for a person."""
    if not person:
        raise CoachError("pick a person first")
    titles, weeks, grid = coach.coverage(person)
    return coach.timeline(person), coverage_html(titles, weeks, grid)


def build(shell: Shell) -> None:
    """The History tab."""
    gr.Markdown("Open items are on the **Person** tab, where one click marks them done.")
    hi_btn = gr.Button("Show history for the selected person", variant="primary")
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=300):
            hi_timeline = gr.Dataframe(
                headers=["date", "note", "source", "first line"],
                label="Timeline of notes",
                wrap=True,
                interactive=False,
                column_widths=["16%", "10%", "16%", "58%"],
            )
        with gr.Column(scale=2, min_width=300):
            hi_heatmap = gr.HTML(label="Objective coverage by week", elem_id="coverage")
    outputs = [hi_timeline, hi_heatmap]

    @handler
    def show(who: str | None, request: gr.Request) -> Any:
        return history_view(shell.coach(request), who)

    def follow(who: str | None, request: gr.Request) -> Any:
        # Switching person never leaves the previous person's history on screen.
        if not who:
            return [], ""
        try:
            return history_view(shell.coach(request), who)
        except CoachError:
            return [], ""

    hi_btn.click(show, shell.person, outputs, api_name="history")
    shell.person.change(follow, shell.person, outputs)
