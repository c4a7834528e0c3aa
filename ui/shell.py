"""What every page shares: one Coach per account, the person picker, and handlers that
turn errors into messages.

Every handler runs for the account making the request: the logged-in account when
accounts exist, else ``COACH_USER`` (local single-user use).
"""

from __future__ import annotations

import functools
import inspect
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import gradio as gr

from coach.service import Coach, CoachError, Settings, login_required, session_stamp

log = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])


class CoachPool:
    """One open Coach per account, created on first use and shared by its sessions."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._open: dict[str, Coach] = {}
        self._lock = threading.Lock()

    def get(self, account: str) -> Coach:
        """The coach of ``account``."""
        with self._lock:
            if account not in self._open:
                self._open[account] = Coach(self.settings.model_copy(update={"user": account}))
            return self._open[account]

    def close(self) -> None:
        """Close every coach."""
        with self._lock:
            for coach in self._open.values():
                coach.close()
            self._open.clear()


def user_error(exc: Exception) -> gr.Error:
    """The message a user sees for an exception (never a traceback)."""
    if isinstance(exc, gr.Error):
        return exc
    if isinstance(exc, CoachError):
        return gr.Error(str(exc))
    if isinstance(exc, ValueError):
        return gr.Error(str(exc).splitlines()[0] if str(exc) else "invalid input")
    log.exception("handler failed", exc_info=exc)
    return gr.Error(f"Something went wrong ({type(exc).__name__}); nothing was lost.")


def handler(fn: F) -> F:
    """Wrap a Gradio handler so any error reaches the user as one clear message.

    ``functools.wraps`` keeps the signature, so Gradio still sees the ``gr.Request``
    and ``gr.Progress`` parameters the handler declares.
    """
    if inspect.isgeneratorfunction(fn):

        @functools.wraps(fn)
        def streaming(*args: Any, **kwargs: Any) -> Any:
            try:
                yield from fn(*args, **kwargs)
            except Exception as exc:
                raise user_error(exc) from None

        return streaming  # type: ignore[return-value]

    @functools.wraps(fn)
    def plain(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except Exception as exc:
            raise user_error(exc) from None

    return plain  # type: ignore[return-value]


def inline(n_outputs: int, status: int = -1) -> Callable[[F], F]:
    """Like :func:`handler`, but an error is shown in place: in output ``status`` (by
    default the last: a status line next to the control that caused it), with every other
    output left as it was. No component is replaced by an error badge, and nothing typed
    is lost."""

    def wrap(fn: F) -> F:
        @functools.wraps(fn)
        def plain(*args: Any, **kwargs: Any) -> Any:
            try:
                return fn(*args, **kwargs)
            except Exception as exc:
                shown: list[Any] = [gr.skip()] * n_outputs
                shown[status] = f"**Could not do that:** {user_error(exc).message}"
                return shown[0] if n_outputs == 1 else tuple(shown)

        return plain  # type: ignore[return-value]

    return wrap


def job(
    trigger: Callable[..., Any],
    fn: Callable[..., Any],
    inputs: Any,
    outputs: Any,
    status: Any,
    message: str,
    **kwargs: Any,
) -> Any:
    """Wire ``fn`` to ``trigger`` (``button.click``) so that ``message`` shows in ``status``
    at once, before the job (which may take seconds on an LLM) starts."""

    def waiting() -> str:
        return f"_Working: {message}…_"

    first = trigger(waiting, None, status, queue=False, show_progress="hidden")
    return first.then(fn, inputs, outputs, **kwargs)


@dataclass
class Shell:
    """The app around the pages: the account pool and the global person picker."""

    pool: CoachPool
    require_login: bool
    person: Any = None
    """The person dropdown every page reads."""
    tabs: Any = None
    """The tabs, so a page can send the user to another one."""
    app: Any = None
    """The Blocks being built (pages register load events on it)."""
    stamps: dict[str, str] = field(default_factory=dict)
    """Account → the password fingerprint its current web sessions logged in under."""

    def on_load(self, fn: Callable[..., Any], inputs: Any, outputs: Any) -> None:
        """Run ``fn`` when a browser opens the app."""
        self.app.load(fn, inputs, outputs)

    def account(self, request: gr.Request | None) -> str:
        """The account behind a request, checked against the accounts on every request:
        a removed account's sessions stop working at once, and a server started without
        login refuses work as soon as an account is added (login is then required)."""
        settings = self.pool.settings
        if self.require_login:
            name = str(getattr(request, "username", None) or "")
            stamp = session_stamp(settings, name) if name else None
            if stamp is None or self.stamps.get(name, stamp) != stamp:
                self.revoke(name)  # removed, or the password changed since they logged in
                raise gr.Error("Please log in.")
            return name
        if login_required(settings):
            raise gr.Error("Login is now required: restart 'coach serve' and log in.")
        return settings.user

    def logged_in(self, name: str) -> None:
        """Remember the password fingerprint a login succeeded under."""
        stamp = session_stamp(self.pool.settings, name)
        if stamp:
            self.stamps[name] = stamp

    def revoke(self, name: str) -> None:
        """End every web session of ``name`` (Gradio keeps them as tokens in memory)."""
        self.stamps.pop(name, None)
        tokens = getattr(getattr(self.app, "server_app", None), "tokens", None) or {}
        for token, user in list(tokens.items()):
            if user == name:
                tokens.pop(token, None)

    def coach(self, request: gr.Request | None) -> Coach:
        """The Coach of the account behind a request."""
        return self.pool.get(self.account(request))

    @staticmethod
    def picker_update(coach: Coach, value: str | None = None) -> Any:
        """New choices for the person picker, keeping ``value`` selected when it exists."""
        names = [p.name for p in coach.people()]
        chosen = value if value in names else (names[0] if names else None)
        return gr.update(choices=names, value=chosen)
