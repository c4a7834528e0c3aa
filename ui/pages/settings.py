"""Settings: the engine and data folder, export and import, and the quality evals."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import gradio as gr

from coach.service import Coach, CoachError, describe_counts
from ui.files import out_path
from ui.shell import Shell, handler
from ui.views import esc

TITLE = "Settings"


def settings_view(coach: Coach) -> str:
    """Engine, model, data folder and account as a table (never the API key)."""
    s = coach.settings
    st = coach.status(check=False)
    rows = [
        ("Engine", coach.engine()),
        ("Model", s.model if s.llm != "offline" else "-"),
        ("LLM base URL", s.llm_base_url or "-"),
        ("API key", "set" if s.api_key_set() else "not set"),
        ("Redaction", "on" if s.redact else "off"),
        ("Data folder", str(s.home)),
        ("Account", coach.account),
        ("Notes", str(st.notes)),
        ("Index behind by", str(st.index_behind)),
    ]
    lines = ["| setting | value |", "| --- | --- |", *[f"| {k} | {esc(v)} |" for k, v in rows]]
    lines.append(
        "\nChange these with COACH_* environment variables or a .env file, "
        "then restart `coach serve`."
    )
    return "\n".join(lines)


def export_account(coach: Coach) -> str:
    """A download of everything the account has (as ``coach export``)."""
    path = out_path(f"coach-{coach.account}.json", coach.account)
    coach.export(path)
    return str(path)


def import_account(coach: Coach, path: str | None) -> str:
    """Restore an uploaded export into the account; a status line."""
    if not path:
        raise CoachError("choose a coach export file (.json)")
    return f"Imported {describe_counts(coach.import_export(Path(path)))}."


def quality_evals(coach: Coach, progress: Any = None) -> tuple[str, str | None]:
    """Run the offline eval suites (as ``coach eval``): a Markdown table and the chart."""
    from evals.runner import run_evals

    def step(name: str, i: int, n: int) -> None:
        if progress is not None:
            progress((i - 1, n), desc=f"Running the {name} evals")

    run = run_evals(coach.settings, progress=step)
    verdict = "All suites pass" if run.passed else "Below threshold"
    lines = [
        f"**{verdict}** · report: `{esc(run.report or '')}`",
        "",
        "| suite | cases | result | lowest metric |",
        "| --- | --- | --- | --- |",
    ]
    for s in run.suites:
        low = min(s.scores.items(), key=lambda kv: kv[1]) if s.scores else ("-", 0.0)
        result = "pass" if s.passed else "FAIL"
        lines.append(f"| {s.name} | {s.cases} | {result} | {low[0]} {low[1]:.2f} |")
    chart = str(Path(run.report).with_name("scores.png")) if run.report else None
    return "\n".join(lines), chart


def build(shell: Shell) -> None:
    """The Settings tab."""
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
        st_eval_chart = gr.Image(label="Scores per suite", type="filepath", interactive=False)

    @handler
    def run_evals_ui(
        request: gr.Request,
        progress: gr.Progress = gr.Progress(),  # noqa: B008 (Gradio's way to ask for progress)
    ) -> Any:
        return quality_evals(shell.coach(request), progress)

    @handler
    def export(request: gr.Request) -> str:
        return export_account(shell.coach(request))

    @handler
    def restore(path: str | None, request: gr.Request) -> str:
        return import_account(shell.coach(request), path)

    @handler
    def info(request: gr.Request) -> str:
        return settings_view(shell.coach(request))

    st_eval_btn.click(run_evals_ui, None, [st_eval_out, st_eval_chart])
    st_export.click(export, None, st_export, api_name="export_account")
    st_import_btn.click(restore, st_import_file, st_import_status)
    shell.on_load(info, None, st_info)
