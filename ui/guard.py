"""ASGI middleware in front of the Gradio app: it passes the client address to the login
check (for throttling per address), refuses the queue's cancel and reset routes to anyone
not logged in (Gradio leaves them open), and serves a download only to the account it was
made for."""

from __future__ import annotations

import contextvars
import json
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import unquote

from ui.files import TAGGED, account_tag

CLIENT_ADDRESS: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "coach_client_address", default=None
)
OPEN_ROUTES = ("/gradio_api/cancel", "/gradio_api/reset")


class LoginGuard:
    """Pure ASGI middleware (the route runs in the same task, so it sees the address)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        token = CLIENT_ADDRESS.set(client[0] if client else None)
        try:
            gradio = scope.get("app")
            path = scope.get("path", "").rstrip("/")
            login = getattr(gradio, "auth", None) is not None
            if login and path.endswith(OPEN_ROUTES) and _user(gradio, scope) is None:
                await _refuse(send, 401)
                return
            if login and "/file=" in path and not _owns_file(gradio, scope, path):
                await _refuse(send, 403)
                return
            await self.app(scope, receive, send)
        finally:
            CLIENT_ADDRESS.reset(token)


def _user(gradio: Any, scope: dict) -> str | None:
    """The logged-in account of the request (from Gradio's session cookie), or None."""
    raw = b"; ".join(v for k, v in scope.get("headers", []) if k == b"cookie").decode("latin-1")
    cookies: SimpleCookie = SimpleCookie()
    cookies.load(raw)
    for name in (f"access-token-{gradio.cookie_id}", f"access-token-unsecure-{gradio.cookie_id}"):
        morsel = cookies.get(name)
        if morsel is not None and gradio.tokens.get(morsel.value):
            return str(gradio.tokens[morsel.value])
    return None


def _owns_file(gradio: Any, scope: dict, path: str) -> bool:
    """A download made for an account (its name carries that account's tag) is served only
    to that account; other files (Gradio's own) are left to Gradio."""
    tagged = TAGGED.search(unquote(path))
    if tagged is None:
        return True
    user = _user(gradio, scope)
    return user is not None and account_tag(user) == tagged.group(1)


async def _refuse(send: Any, status: int) -> None:
    body = json.dumps({"detail": "Not authenticated" if status == 401 else "Forbidden"}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json")],
        }
    )
    await send({"type": "http.response.body", "body": body})
