"""Feedback: a rough draft becomes Situation-Behaviour-Impact, with a language check."""

from __future__ import annotations

from typing import Any

import gradio as gr

from coach.service import Coach
from ui.shell import Shell, inline, job
from ui.views import feedback_view

TITLE = "Feedback"


def feedback_outputs(coach: Coach, draft: str, person: str | None, kind: str | None) -> Any:
    """(highlighted spans, SBI Markdown, rewrite) for a draft."""
    kind = None if not kind or kind == "detect" else kind
    return feedback_view(coach.feedback(draft or "", person or None, kind))


def build(shell: Shell) -> None:
    """The Feedback tab."""
    with gr.Row():
        with gr.Column():
            fb_draft = gr.Textbox(
                label="Your rough feedback draft",
                lines=8,
                placeholder="e.g. You're always late with updates, be more proactive.",
            )
            fb_kind = gr.Radio(
                label="Kind", choices=["detect", "redirect", "praise"], value="detect"
            )
            fb_btn = gr.Button("Improve feedback", variant="primary")
        with gr.Column():
            # Shown with the first result: an empty one carries an aria-label on a plain div.
            fb_spans = gr.HighlightedText(
                label="Language check", combine_adjacent=False, show_legend=True, visible=False
            )
            fb_sbi = gr.Markdown()
            fb_rewrite = gr.Textbox(label="Rewrite", lines=6, buttons=["copy"])

    @inline(n_outputs=3, status=1)
    def run_feedback(draft: str, who: str | None, kind: str, request: gr.Request) -> Any:
        spans, sbi, rewrite = feedback_outputs(shell.coach(request), draft, who, kind)
        return gr.update(value=spans, visible=True), sbi, rewrite

    job(
        fb_btn.click,
        run_feedback,
        [fb_draft, shell.person, fb_kind],
        [fb_spans, fb_sbi, fb_rewrite],
        fb_sbi,
        "checking the language and rewriting",
        api_name="feedback",
    )
