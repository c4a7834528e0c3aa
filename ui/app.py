"""The Gradio Blocks app: Prepare, Feedback, Summarize, Practice and Notes tabs.

Every handler runs against the workspace of the account making the request: the
logged-in account when accounts exist, else ``COACH_USER`` (local single-user use).
"""

from __future__ import annotations

import inspect
import logging
import os
import threading
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


class WorkspacePool:
    """One open workspace per account, created on first use and shared by its sessions."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._open: dict[str, Workspace] = {}
        self._lock = threading.Lock()

    def get(self, account: str) -> Workspace:
        """The workspace of ``account``."""
        with self._lock:
            if account not in self._open:
                self._open[account] = Workspace(self.settings.model_copy(update={"user": account}))
            return self._open[account]

    def close(self) -> None:
        """Close every workspace."""
        with self._lock:
            for ws in self._open.values():
                ws.close()
            self._open.clear()


def _user_error(exc: Exception) -> Exception:
    import gradio as gr

    if isinstance(exc, CoachError):
        return gr.Error(str(exc))
    if isinstance(exc, ValueError):
        return gr.Error(str(exc).splitlines()[0] if str(exc) else "invalid input")
    log.exception("handler failed", exc_info=exc)
    return gr.Error(f"Something went wrong ({type(exc).__name__}); nothing was lost.")


class Binder:
    """Turns ``fn(ws, *values)`` into a Gradio handler that finds the caller's workspace.

    Gradio passes ``gr.Request`` (and ``gr.Progress``) by looking at a handler's
    signature, so the wrapper is given one that names them.
    """

    def __init__(self, pool: WorkspacePool, require_login: bool) -> None:
        self.pool = pool
        self.require_login = require_login

    def account(self, request: Any) -> str:
        """The account behind a request."""
        import gradio as gr

        if self.require_login:
            name = getattr(request, "username", None)
            if not name:
                raise gr.Error("Please log in.")
            return str(name)
        return self.pool.settings.user

    def __call__(
        self, fn: Callable[..., Any], n: int, progress: bool = False, select: bool = False
    ) -> Callable[..., Any]:
        import gradio as gr

        binder = self
        streaming = inspect.isgeneratorfunction(fn)

        def split(args: tuple[Any, ...]) -> tuple[Workspace, list[Any]]:
            values, request = list(args[:n]), args[n]
            extra = list(args[n + 1 :]) if (progress or select) else []
            return binder.pool.get(binder.account(request)), values + extra

        if streaming:

            def wrapper(*args: Any) -> Any:
                ws, values = split(args)
                try:
                    yield from fn(ws, *values)
                except gr.Error:
                    raise
                except Exception as exc:
                    raise _user_error(exc) from None

        else:

            def wrapper(*args: Any) -> Any:  # type: ignore[misc]
                ws, values = split(args)
                try:
                    return fn(ws, *values)
                except gr.Error:
                    raise
                except Exception as exc:
                    raise _user_error(exc) from None

        params = [
            inspect.Parameter(f"value{i}", inspect.Parameter.POSITIONAL_OR_KEYWORD)
            for i in range(n)
        ]
        params.append(
            inspect.Parameter(
                "request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=gr.Request
            )
        )
        annotations: dict[str, Any] = {"request": gr.Request}
        if progress:
            params.append(inspect.Parameter("progress", inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                            default=gr.Progress(), annotation=gr.Progress))  # fmt: skip
            annotations["progress"] = gr.Progress
        if select:
            params.append(inspect.Parameter("selected", inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                            annotation=gr.SelectData))  # fmt: skip
            annotations["selected"] = gr.SelectData
        wrapper.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
        wrapper.__annotations__ = annotations
        wrapper.__name__ = getattr(fn, "__name__", "handler")
        return wrapper


def build_app(
    settings: Settings, require_login: bool = False, pool: WorkspacePool | None = None
) -> Any:
    """Build the Blocks app; with ``require_login`` each request uses its own account."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    import gradio as gr

    pool = pool or WorkspacePool(settings)
    bind = Binder(pool, require_login)

    def picker_update(ws: Workspace, value: str | None = None) -> Any:
        names = h.people_names(ws)
        return gr.update(
            choices=names, value=value if value in names else (names[0] if names else None)
        )

    def header(ws: Workspace) -> str:
        return f"**Engine:** {h.esc(describe_engine(settings))} · **Account:** {h.esc(ws.account)}"

    with gr.Blocks(title="coach · 1:1 coach", analytics_enabled=False) as app:
        with gr.Row():
            gr.Markdown("## coach — your 1:1 coach")
            badge = gr.Markdown(elem_classes=["engine-badge"])
        person = gr.Dropdown(
            label="Person",
            choices=[],
            value=None,
            allow_custom_value=True,  # choices differ per account; handlers check the name
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
                ag_checks = gr.CheckboxGroup(
                    label="Agenda (tick topics as you cover them)", choices=[]
                )
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

                def run_agenda(ws: Workspace, who: str | None, d: str, m: Any):
                    choices, md, path, cites = h.agenda_view(ws, who, d, m)
                    return gr.update(choices=choices, value=[]), md, path, cites

                def open_cited(ws: Workspace, rows: Any, selected: Any):
                    values = rows.values.tolist() if hasattr(rows, "values") else rows
                    return h.open_note(ws, values[selected.index[0]][0])

                ag_btn.click(
                    bind(run_agenda, 3),
                    [person, ag_date, ag_minutes],
                    [ag_checks, ag_out, ag_file, ag_cites],
                )
                ag_cites.select(bind(open_cited, 1, select=True), ag_cites, ag_note)
                ag_note_btn.click(bind(h.open_note, 1), ag_note_id, ag_note)
                # The plain-Markdown agenda, for API clients and scripts.
                gr.Button("Agenda as text", visible=False).click(
                    bind(h.do_agenda, 3), [person, ag_date, ag_minutes], ag_out, api_name="agenda"
                )
            with gr.Tab("Talking points"):
                tp_situation = gr.Textbox(label="What is the tough conversation about?", lines=3,
                                          placeholder="e.g. the billing migration keeps missing its deadlines")  # fmt: skip
                tp_btn = gr.Button("Prepare talking points", variant="primary")
                tp_out = gr.Markdown(buttons=["copy"])
                tp_btn.click(bind(h.do_talking_points, 2), [person, tp_situation], tp_out,
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
                cr_out = gr.Markdown(buttons=["copy"])
                cr_btn.click(bind(lambda ws, about, use, who: h.do_career(ws, about, who if use else None), 3),
                             [cr_about, cr_manager, person], cr_out, api_name="career")  # fmt: skip
            with gr.Tab("Questions"):
                with gr.Row():
                    q_theme = gr.Dropdown(label="Theme", value="all themes", choices=[
                        "all themes", "setbacks", "skills", "aspirations", "support", "wellbeing", "feedback_for_manager"])  # fmt: skip
                    q_n = gr.Number(label="How many", value=8, minimum=1, maximum=30, precision=0)
                q_btn = gr.Button("Suggest questions", variant="primary")
                q_out = gr.Markdown(buttons=["copy"])
                q_btn.click(bind(h.do_questions, 3), [person, q_theme, q_n], q_out,
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
            fb_btn.click(bind(h.do_feedback, 3), [fb_draft, person, fb_kind],
                         [fb_spans, fb_sbi, fb_rewrite], api_name="feedback")  # fmt: skip
        with gr.Tab("Summarize"):
            with gr.Row():
                with gr.Column():
                    sum_text = gr.Textbox(
                        label="Notes or transcript", lines=14, max_lines=30,
                        placeholder="Paste notes, or a transcript with 'Name: text' lines",
                    )  # fmt: skip
                    sum_file = gr.File(
                        label="…or upload a .txt, .md, .docx, .vtt or .srt file",
                        file_types=[".txt", ".md", ".docx", ".vtt", ".srt"],
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
                        headers=h.ACTION_COLUMNS,
                        datatype=["str", "str", "str", "bool", "str"],
                        label="Action items (edit owner, task, due or done before saving)",
                        interactive=True,
                        wrap=True,
                    )
                    with gr.Row():
                        sum_save_btn = gr.Button("Save to person")
                        sum_csv = gr.DownloadButton("Action items (.csv)", value=None)
                        sum_ics = gr.DownloadButton("Reminders (.ics)", value=None)
                        sum_md = gr.DownloadButton("Summary (.md)", value=None)

            def load_file(ws: Workspace, path: str | None) -> str:
                return h.read_upload(path) if path else gr.skip()

            def run_summarize(
                ws: Workspace, text: str, when: str, who: str | None, save: bool, progress: Any
            ):
                def report(done: int, total: int) -> None:
                    progress((done, total), desc="Summarizing a long transcript in parts")

                md, rows, status = h.do_summarize(ws, text, when, who, save, report)
                return md, rows, status

            sum_file.upload(bind(load_file, 1), sum_file, sum_text)
            sum_save_btn.click(
                bind(h.save_edited, 4), [person, sum_text, sum_date, sum_actions], sum_status
            )
            sum_csv.click(
                bind(lambda ws, rows: h.export_actions(rows, "csv"), 1), sum_actions, sum_csv
            )
            sum_ics.click(
                bind(lambda ws, rows: h.export_actions(rows, "ics"), 1), sum_actions, sum_ics
            )
            sum_md.click(bind(lambda ws, md: h.export_summary_markdown(md), 1), sum_out, sum_md)
            sum_btn.click(
                bind(run_summarize, 4, progress=True),
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

            def send(ws: Workspace, state: Any, line: str):
                # A generator: with an LLM the persona's answer streams into the chat.
                for new_state, messages in h.practice_say_streaming(ws, state, line):
                    yield new_state, messages, ""

            pr_start.click(bind(h.practice_start, 5),
                           [pr_persona, pr_scenario, person, pr_use_person, pr_difficulty],
                           [pr_state, pr_chat, pr_intro])  # fmt: skip
            pr_send.click(
                bind(send, 2),
                [pr_state, pr_line],
                [pr_state, pr_chat, pr_line],
                api_name="practice_say",
            )
            pr_line.submit(bind(send, 2), [pr_state, pr_line], [pr_state, pr_chat, pr_line])
            pr_debrief_btn.click(
                bind(h.practice_debrief, 1),
                pr_state,
                [pr_state, pr_card, pr_plot],
            )
            app.load(bind(h.practice_trend, 0), None, pr_plot)

        with gr.Tab("History"):
            hi_btn = gr.Button("Show history for the selected person", variant="primary")
            with gr.Row():
                with gr.Column():
                    hi_actions = gr.Dataframe(headers=["id", "owner", "task", "due", "state"],
                                              label="Open and overdue action items", wrap=True)  # fmt: skip
                    with gr.Row():
                        hi_done_id = gr.Number(label="Action item id", precision=0)
                        hi_done_btn = gr.Button("Mark done")
                    hi_timeline = gr.Dataframe(headers=["date", "note", "source", "first line"],
                                               label="Timeline of notes", wrap=True)  # fmt: skip
                with gr.Column():
                    hi_heatmap = gr.Image(
                        label="Objective coverage by week", type="filepath", interactive=False
                    )
            hi_btn.click(
                bind(h.history_view, 1),
                person,
                [hi_timeline, hi_actions, hi_heatmap],
                api_name="history",
            )
            hi_done_btn.click(
                bind(h.mark_done, 2), [person, hi_done_id], [hi_timeline, hi_actions, hi_heatmap]
            )

        with gr.Tab("Settings"):
            st_info = gr.Markdown()
            with gr.Row():
                with gr.Column():
                    gr.Markdown("#### Export everything in this account")
                    st_export = gr.DownloadButton("Export (.json)", value=None)
                with gr.Column():
                    gr.Markdown("#### Import an export")
                    st_import_file = gr.File(label="coach export (.json)", file_types=[".json"])
                    st_import_btn = gr.Button("Import")
                    st_import_status = gr.Markdown()
            with gr.Row():
                with gr.Column():
                    gr.Markdown("#### Output quality (the offline evals, as `coach eval`)")
                    st_eval_btn = gr.Button("Run quality evals")
                    st_eval_out = gr.Markdown()
                st_eval_chart = gr.Image(
                    label="Scores per suite", type="filepath", interactive=False
                )

            def run_evals_ui(ws: Workspace, progress: Any):
                return h.run_quality_evals(ws, progress)

            st_eval_btn.click(
                bind(run_evals_ui, 0, progress=True), None, [st_eval_out, st_eval_chart]
            )
            st_export.click(bind(h.export_account, 0), None, st_export)
            st_import_btn.click(
                bind(lambda ws, f: h.import_account(ws, f), 1), st_import_file, st_import_status
            )
            app.load(bind(h.settings_view, 0), None, st_info)

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

            def run_add_person(ws: Workspace, name: str, rel: str):
                status = h.add_person(ws, name, rel)
                return status, picker_update(ws, " ".join((name or "").split()))

            def run_add_note(ws: Workspace, who: str | None, text: str, when: str):
                status = h.add_note(ws, who, text, when)
                return status, h.list_notes(ws, who)

            def run_import(ws: Workspace, who: str | None, files: list[Any] | None, progress: Any):
                paths = [f if isinstance(f, str) else f.name for f in (files or [])]
                status = h.import_files(
                    ws, who, paths, lambda d, t: progress((d, t), desc="Importing notes")
                )
                return status, h.list_notes(ws, who)

            add_person_btn.click(
                bind(run_add_person, 2), [new_name, new_rel], [people_status, person]
            )
            add_note_btn.click(
                bind(run_add_note, 3), [person, note_text, note_date], [note_status, notes_table]
            )
            import_btn.click(
                bind(run_import, 2, progress=True),
                [person, import_files],
                [import_status, notes_table],
            )
            search_btn.click(
                bind(h.search_notes, 2), [query, person], search_out,
                api_name="search",
            )  # fmt: skip
            query.submit(bind(h.search_notes, 2), [query, person], search_out)
            person.change(bind(h.list_notes, 1), person, notes_table)

        app.load(bind(lambda ws: (picker_update(ws), header(ws)), 0), None, [person, badge])
    return app


def serve(
    settings: Settings,
    host: str = "127.0.0.1",
    port: int = 7860,
    block: bool = True,
    require_login: bool = False,
) -> Any:
    """Start the app on ``host:port``; with ``require_login`` the accounts in SQLite log in."""
    app = build_app(settings, require_login)
    app.queue(default_concurrency_limit=4)
    auth = None
    if require_login:
        from coach.accounts import check_login
        from retrieval.db import connect

        def auth(name: str, password: str) -> bool:
            conn = connect(
                settings.db_path
            )  # a connection per check: logins come from many threads
            try:
                return check_login(conn, name, password)
            finally:
                conn.close()

    app.launch(
        max_file_size="5mb",  # uploads are notes and transcripts, not archives
        auth=auth,
        auth_message="coach: log in with the account from 'coach users add'.",
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
