"""The Gradio app: a header with the engine and account, the person picker, and one tab
per page (``ui/pages/``)."""

from __future__ import annotations

import asyncio
import os
from typing import Any

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr
from starlette.middleware import Middleware

from coach.service import Settings, check_login, limit_malloc_arenas, warm_up_in_background
from coach.service.throttle import LoginThrottle
from ui.guard import CLIENT_ADDRESS, LoginGuard
from ui.pages import feedback, history, notes, person, practice, prepare, settings, summarize
from ui.shell import CoachPool, Shell, handler
from ui.views import esc

PAGES = (person, prepare, feedback, summarize, practice, history, notes, settings)
CSS = """
.engine-badge {font-size: 0.9em}
/* Every tab stays reachable on a phone: Gradio measures a hidden copy of the tab bar to
   decide which tabs move into a "..." menu; with that copy tiny, all tabs stay in the bar,
   which wraps onto a second line instead. */
.tab-wrapper .tab-container.visually-hidden button {padding: 0 !important; font-size: 1px !important; min-width: 0 !important}
.tab-wrapper div[role=tablist].tab-container {flex-wrap: wrap; height: auto; row-gap: 2px}
.tab-wrapper {margin-top: 6px}
@media (max-width: 640px) {
  .tab-wrapper div[role=tablist] button {padding: 6px 8px}
  .gradio-container {padding-left: 6px !important; padding-right: 6px !important}
}
/* WCAG AA contrast (axe-core): Gradio's orange primary buttons and grey footer are below
   4.5:1 with their text. */
button.primary {background: #1d4ed8 !important; border-color: #1d4ed8 !important; color: #fff !important}
button.primary:hover {background: #1e40af !important}
footer a, footer button, .show-api, .built-with, .run-history, .or {color: #374151 !important}
/* The coverage table: readable on a phone, the objective column kept in view. */
.coverage-wrap {overflow-x: auto; max-width: 100%}
table.coverage {border-collapse: collapse; font-size: 0.85em}
table.coverage caption {text-align: left; padding-bottom: 4px}
table.coverage th, table.coverage td {border: 1px solid #e5e7eb; padding: 3px 6px; text-align: center; min-width: 2.2em}
table.coverage th[scope=row] {position: sticky; left: 0; background: #fff; text-align: left; white-space: nowrap}
table.coverage td.none {background: #f6f6f6}
/* Tables scroll sideways on narrow screens instead of cutting columns off. */
.table-wrap, .table-container {overflow-x: auto !important}
"""


# Gradio wraps each image in a button with no accessible name (axe-core: button-name); name
# it after the image's label, now and whenever a page re-renders.
JS = """
() => {
  const name = () => document.querySelectorAll('.image-container > button').forEach(b => {
    if (b.getAttribute('aria-label')) return;
    const block = b.closest('.block');
    const label = block && block.querySelector('[data-testid=block-label], label');
    b.setAttribute('aria-label', 'Enlarge ' + (label ? label.textContent.trim() : 'image'));
  });
  name();
  new MutationObserver(name).observe(document.body, {childList: true, subtree: true});
}
"""


def build_app(
    config: Settings, require_login: bool = False, pool: CoachPool | None = None
) -> gr.Blocks:
    """Build the app; with ``require_login`` each request uses its own account."""
    shell = Shell(pool or CoachPool(config), require_login)
    # Gradio's copies of downloads are deleted every 5 minutes once 15 minutes old.
    with gr.Blocks(
        title="coach · 1:1 coach", analytics_enabled=False, delete_cache=(300, 900)
    ) as app:
        shell.app = app
        with gr.Row():
            gr.Markdown("## coach — your 1:1 coach")
            badge = gr.Markdown(elem_classes=["engine-badge"])
        shell.person = gr.Dropdown(
            label="Person",
            choices=[],
            value=None,
            allow_custom_value=True,  # choices differ per account; handlers check the name
            interactive=True,
        )
        with gr.Tabs() as shell.tabs:
            for page in PAGES:
                with gr.Tab(page.TITLE, id=page.TITLE):
                    page.build(shell)

        @handler
        def header(request: gr.Request) -> Any:
            coach = shell.coach(request)
            line = f"**Engine:** {esc(coach.engine())} · **Account:** {esc(coach.account)}"
            return shell.picker_update(coach), line

        app.load(header, None, [shell.person, badge])
    app.coach_shell = shell  # type: ignore[attr-defined]  # serve() records logins on it
    return app


def serve(
    config: Settings,
    host: str = "127.0.0.1",
    port: int = 7860,
    block: bool = True,
    require_login: bool = False,
) -> gr.Blocks:
    """Start the app on ``host:port``; with ``require_login`` the accounts in SQLite log in."""
    limit_malloc_arenas()
    pool = CoachPool(config)
    app = build_app(config, require_login, pool)
    app.queue(default_concurrency_limit=4)
    if not require_login:
        # The embedding model and the index load now, not on the user's first click.
        warm_up_in_background(pool.get(config.user))
    throttle = LoginThrottle()

    async def login(name: str, password: str) -> bool:
        # Async, so Gradio awaits it and the scrypt hash runs on a worker thread instead of
        # holding up every other request on the event loop.
        address = CLIENT_ADDRESS.get()
        if not throttle.allowed(name, address):
            return False
        ok = await asyncio.to_thread(check_login, config, name, password)
        throttle.record(name, address, ok)
        if ok:
            app.coach_shell.logged_in(name.strip())  # type: ignore[attr-defined]
        return ok

    app.launch(
        max_file_size="5mb",  # uploads are notes and transcripts, not archives
        auth=login if require_login else None,
        app_kwargs={"middleware": [Middleware(LoginGuard)]},
        auth_message="coach: log in with the account from 'coach users add'.",
        server_name=host,
        server_port=port,
        share=False,
        ssr_mode=False,
        show_error=True,
        prevent_thread_lock=not block,
        quiet=not block,
        css=CSS,
        js=JS,
    )
    return app
