"""History: a person's timeline of notes and objective coverage by week (their open items,
done with one click, are on the Person page)."""

from __future__ import annotations

from typing import Any

import gradio as gr

from coach.service import Coach, CoachError
from ui.files import heatmap_png, out_path
from ui.shell import Shell, handler

TITLE = "History"


def history_view(coach: Coach, person: str | None) -> tuple[list, str]:
    """(timeline rows, heatmap PNG path) for a person."""
    if not person:
        raise CoachError("pick a person first")
    titles, weeks, grid = coach.coverage(person)
    image = heatmap_png(titles, weeks, grid, out_path("coverage.png", coach.account))
    return coach.timeline(person), str(image)


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
            hi_heatmap = gr.Image(
                label="Objective coverage by week",
                type="filepath",
                interactive=False,
                buttons=["download"],
            )
    outputs = [hi_timeline, hi_heatmap]

    @handler
    def show(who: str | None, request: gr.Request) -> Any:
        return history_view(shell.coach(request), who)

    def follow(who: str | None, request: gr.Request) -> Any:
        # Switching person never leaves the previous person's history on screen.
        if not who:
            return [], None
        try:
            return history_view(shell.coach(request), who)
        except CoachError:
            return [], None

    hi_btn.click(show, shell.person, outputs, api_name="history")
    shell.person.change(follow, shell.person, outputs)
