"""The Gradio Blocks app: Prepare, Feedback, Summarize, Practice and Notes tabs."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import Any

from coach.config import Settings
from coach.errors import CoachError
from coach.llm_engine import describe_engine
from coach.workspace import Workspace
from ui import handlers as h

log = logging.getLogger(__name__)

CSS = """
.engine-badge {font-size: 0.9em}
"""


def _guard(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn user errors into a visible gr.Error and anything else into a short message."""
    import functools

    import gradio as gr

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except CoachError as exc:
            raise gr.Error(str(exc)) from None
        except ValueError as exc:
            raise gr.Error(str(exc).splitlines()[0]) from None
        except Exception as exc:
            log.exception("handler failed")
            raise gr.Error(
                f"Something went wrong ({type(exc).__name__}); nothing was lost."
            ) from None

    return wrapper


def build_app(settings: Settings) -> Any:
    """Build the Blocks app for one account (the CLI's ``coach serve``)."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    import gradio as gr

    ws = Workspace(settings)

    def picker_update(value: str | None = None) -> Any:
        names = h.people_names(ws)
        return gr.update(
            choices=names, value=value if value in names else (names[0] if names else None)
        )

    with gr.Blocks(title="coach · 1:1 coach", analytics_enabled=False) as app:
        with gr.Row():
            gr.Markdown("## coach — your 1:1 coach")
            gr.Markdown(
                f"**Engine:** {h.esc(describe_engine(settings))} · **Account:** {h.esc(ws.account)}",
                elem_classes=["engine-badge"],
            )
        person = gr.Dropdown(
            label="Person",
            choices=h.people_names(ws),
            value=None,
            allow_custom_value=False,
            interactive=True,
        )

        with gr.Tab("Prepare"):
            gr.Markdown(
                "Prepare the next 1:1 with the person picked above. Every suggestion cites the notes it comes from."
            )
            with gr.Tab("Agenda"):
                with gr.Row():
                    ag_date = gr.Textbox(
                        label="Meeting date (YYYY-MM-DD, default today)", max_lines=1
                    )
                    ag_minutes = gr.Number(
                        label="Meeting length (minutes)",
                        value=30,
                        minimum=5,
                        maximum=240,
                        precision=0,
                    )
                ag_btn = gr.Button("Build agenda", variant="primary")
                ag_out = gr.Markdown()
                ag_btn.click(_guard(lambda who, d, m: h.do_agenda(ws, who, d, m)), [person, ag_date, ag_minutes], ag_out,
                             api_name="agenda")  # fmt: skip
            with gr.Tab("Talking points"):
                tp_situation = gr.Textbox(label="What is the tough conversation about?", lines=3,
                                          placeholder="e.g. the billing migration keeps missing its deadlines")  # fmt: skip
                tp_btn = gr.Button("Prepare talking points", variant="primary")
                tp_out = gr.Markdown()
                tp_btn.click(_guard(lambda who, sit: h.do_talking_points(ws, who, sit)), [person, tp_situation], tp_out,
                             api_name="talking_points")  # fmt: skip
            with gr.Tab("Career (for your own 1:1)"):
                cr_about = gr.Textbox(
                    label="Your aspiration",
                    lines=2,
                    placeholder="e.g. become a tech lead within a year",
                )
                cr_manager = gr.Checkbox(
                    label="Use only my notes from 1:1s with the selected person (my manager)"
                )
                cr_btn = gr.Button("Prepare career topics", variant="primary")
                cr_out = gr.Markdown()
                cr_btn.click(_guard(lambda about, use, who: h.do_career(ws, about, who if use else None)),
                             [cr_about, cr_manager, person], cr_out, api_name="career")  # fmt: skip
            with gr.Tab("Questions"):
                with gr.Row():
                    q_theme = gr.Dropdown(label="Theme", value="all themes", choices=[
                        "all themes", "setbacks", "skills", "aspirations", "support", "wellbeing", "feedback_for_manager"])  # fmt: skip
                    q_n = gr.Number(label="How many", value=8, minimum=1, maximum=30, precision=0)
                q_btn = gr.Button("Suggest questions", variant="primary")
                q_out = gr.Markdown()
                q_btn.click(_guard(lambda who, t, n: h.do_questions(ws, who, t, n)), [person, q_theme, q_n], q_out,
                            api_name="questions")  # fmt: skip
        with gr.Tab("Feedback"):
            with gr.Row():
                with gr.Column():
                    fb_draft = gr.Textbox(label="Your rough feedback draft", lines=8,
                                          placeholder="e.g. You're always late with updates, be more proactive.")  # fmt: skip
                    fb_kind = gr.Radio(
                        label="Kind", choices=["detect", "redirect", "praise"], value="detect"
                    )
                    fb_btn = gr.Button("Improve feedback", variant="primary")
                with gr.Column():
                    fb_spans = gr.HighlightedText(
                        label="Language check", combine_adjacent=False, show_legend=True
                    )
                    fb_sbi = gr.Markdown()
                    fb_rewrite = gr.Textbox(label="Rewrite", lines=6, buttons=["copy"])
            fb_btn.click(_guard(lambda d, who, k: h.do_feedback(ws, d, who, k)), [fb_draft, person, fb_kind],
                         [fb_spans, fb_sbi, fb_rewrite], api_name="feedback")  # fmt: skip
        with gr.Tab("Summarize"):
            with gr.Row():
                with gr.Column():
                    sum_text = gr.Textbox(
                        label="Notes or transcript", lines=14, max_lines=30,
                        placeholder="Paste notes, or a transcript with 'Name: text' lines",
                    )  # fmt: skip
                    sum_file = gr.File(
                        label="…or upload a .txt / .md file", file_types=[".txt", ".md"]
                    )
                    sum_date = gr.Textbox(label="Meeting date (YYYY-MM-DD, optional)", max_lines=1)
                    sum_save = gr.Checkbox(
                        label="Save notes and action items to the selected person"
                    )
                    sum_btn = gr.Button("Summarize", variant="primary")
                with gr.Column():
                    sum_status = gr.Markdown()
                    sum_out = gr.Markdown()
                    sum_actions = gr.Dataframe(
                        headers=h.ACTION_COLUMNS, label="Action items", interactive=True, wrap=True
                    )

            def load_file(path: str | None) -> str:
                return h.read_upload(path) if path else gr.skip()

            def run_summarize(
                text: str,
                when: str,
                who: str | None,
                save: bool,
                progress=gr.Progress(),  # noqa: B008
            ):
                def report(done: int, total: int) -> None:
                    progress((done, total), desc="Summarizing a long transcript in parts")

                md, rows, status = h.do_summarize(ws, text, when, who, save, report)
                return md, rows, status

            sum_file.upload(_guard(load_file), sum_file, sum_text)
            sum_btn.click(
                _guard(run_summarize),
                [sum_text, sum_date, person, sum_save],
                [sum_out, sum_actions, sum_status],
                api_name="summarize",
            )

        with gr.Tab("Practice"):
            from coach.offline.practice import personas, scenarios

            pr_state = gr.State(None)
            with gr.Row():
                pr_persona = gr.Dropdown(label="Persona", choices=personas(), value="defensive")
                pr_scenario = gr.Dropdown(label="Scenario", value=scenarios()[0]["key"],
                                          choices=[s["key"] for s in scenarios()] + ["from the person's notes"])  # fmt: skip
                pr_difficulty = gr.Slider(label="Difficulty", minimum=1, maximum=3, step=1, value=2)
                pr_use_person = gr.Checkbox(label="Play the selected person")
            pr_start = gr.Button("Start a session", variant="primary")
            pr_intro = gr.Markdown()
            pr_chat = gr.Chatbot(label="Conversation", height=360)
            with gr.Row():
                pr_line = gr.Textbox(
                    label="Your line", placeholder="Open the conversation…", scale=4
                )
                pr_send = gr.Button("Send", scale=1)
            pr_debrief_btn = gr.Button("Debrief")
            with gr.Row():
                pr_card = gr.Markdown()
                pr_plot = gr.LinePlot(
                    x="session", y="overall", title="Overall score by session", y_lim=[1, 5]
                )

            def send(state, line):
                # A generator: with an LLM the persona's answer streams into the chat.
                try:
                    for new_state, messages in h.practice_say_streaming(ws, state, line):
                        yield new_state, messages, ""
                except CoachError as exc:
                    raise gr.Error(str(exc)) from None

            pr_start.click(_guard(lambda p, sc, who, use, d: h.practice_start(ws, p, sc, who, use, d)),
                           [pr_persona, pr_scenario, person, pr_use_person, pr_difficulty],
                           [pr_state, pr_chat, pr_intro])  # fmt: skip
            pr_send.click(
                _guard(send),
                [pr_state, pr_line],
                [pr_state, pr_chat, pr_line],
                api_name="practice_say",
            )
            pr_line.submit(_guard(send), [pr_state, pr_line], [pr_state, pr_chat, pr_line])
            pr_debrief_btn.click(
                _guard(lambda st: h.practice_debrief(ws, st)),
                pr_state,
                [pr_state, pr_card, pr_plot],
            )
            app.load(lambda: h.practice_trend(ws), None, pr_plot)

        with gr.Tab("Notes"):
            with gr.Row():
                with gr.Column():
                    gr.Markdown("#### Add a person")
                    new_name = gr.Textbox(label="Name", max_lines=1)
                    new_rel = gr.Dropdown(
                        label="Relationship",
                        choices=["report", "manager", "peer", "other"],
                        value="report",
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
                    import_files = gr.File(
                        label="Note files", file_count="multiple", file_types=[".md", ".txt"]
                    )
                    import_btn = gr.Button("Import")
                    import_status = gr.Markdown()
                with gr.Column():
                    gr.Markdown("#### Search by meaning")
                    query = gr.Textbox(
                        label="Search", placeholder="e.g. burnout, promotion, on-call"
                    )
                    search_btn = gr.Button("Search")
                    search_out = gr.Markdown()
            notes_table = gr.Dataframe(
                headers=["id", "date", "source", "note"],
                label="Notes for the selected person",
                wrap=True,
            )

            def run_add_person(name: str, rel: str):
                status = h.add_person(ws, name, rel)
                return status, picker_update(" ".join((name or "").split()))

            def run_add_note(who: str | None, text: str, when: str):
                status = h.add_note(ws, who, text, when)
                return status, h.list_notes(ws, who)

            def run_import(who: str | None, files: list[Any] | None, progress=gr.Progress()):  # noqa: B008 - Gradio injects it
                paths = [f if isinstance(f, str) else f.name for f in (files or [])]
                status = h.import_files(
                    ws, who, paths, lambda d, t: progress((d, t), desc="Importing notes")
                )
                return status, h.list_notes(ws, who)

            add_person_btn.click(
                _guard(run_add_person), [new_name, new_rel], [people_status, person]
            )
            add_note_btn.click(
                _guard(run_add_note), [person, note_text, note_date], [note_status, notes_table]
            )
            import_btn.click(
                _guard(run_import), [person, import_files], [import_status, notes_table]
            )
            search_btn.click(
                _guard(lambda q, who: h.search_notes(ws, q, who)), [query, person], search_out,
                api_name="search",
            )  # fmt: skip
            query.submit(
                _guard(lambda q, who: h.search_notes(ws, q, who)), [query, person], search_out
            )
            person.change(_guard(lambda who: h.list_notes(ws, who)), person, notes_table)

        app.load(lambda: picker_update(), None, person)
    return app


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 7860, block: bool = True) -> Any:
    """Start the app on ``host:port``."""
    app = build_app(settings)
    app.queue(default_concurrency_limit=4)
    app.launch(
        server_name=host,
        server_port=port,
        share=False,
        ssr_mode=False,
        show_error=True,
        prevent_thread_lock=not block,
        quiet=not block,
        css=CSS,
    )
    return app
