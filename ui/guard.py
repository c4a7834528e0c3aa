"""ASGI middleware in front of the Gradio app: it passes the client address to the login
check (for throttling per address) and refuses the queue's cancel and reset routes to
anyone not logged in, which Gradio itself leaves open."""

from __future__ import annotations

import contextvars
import json
from http.cookies import SimpleCookie
from typing import Any

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
            guarded = path.endswith(OPEN_ROUTES) and getattr(gradio, "auth", None) is not None
            if guarded and not _logged_in(gradio, scope):
                await _refuse(send)
                return
            await self.app(scope, receive, send)
        finally:
            CLIENT_ADDRESS.reset(token)


def _logged_in(gradio: Any, scope: dict) -> bool:
    raw = b"; ".join(v for k, v in scope.get("headers", []) if k == b"cookie").decode("latin-1")
    cookies = SimpleCookie()
    cookies.load(raw)
    for name in (f"access-token-{gradio.cookie_id}", f"access-token-unsecure-{gradio.cookie_id}"):
        morsel = cookies.get(name)
        if morsel is not None and gradio.tokens.get(morsel.value):
            return True
    return False


async def _refuse(send: Any) -> None:
    body = json.dumps({"detail": "Not authenticated"}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 401,
            "headers": [(b"content-type", b"application/json")],
        }
    )
    await send({"type": "http.response.body", "body": body})
