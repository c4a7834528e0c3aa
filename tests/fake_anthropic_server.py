"""A real HTTP server on 127.0.0.1 of the documented shape of Anthropic's Messages API
for tests: ``POST /v1/messages`` (whole answers, tool use, and server-sent event streams),
``GET /v1/models``, and its error bodies."""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler
from typing import Any

from tests.util import JSONHandler, LoopbackServer


class AnthropicScript:
    """Queued answers (a dict is the forced tool call's input, a str is text, an int is an
    error status), the models offered, and every request seen with its headers."""

    def __init__(self) -> None:
        self.replies: list[Any] = []
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.models = ["claude-opus-4-5"]

    def add(self, reply: Any) -> AnthropicScript:
        """Queue one answer."""
        self.replies.append(reply)
        return self


def _message(model: str, content: list[dict[str, Any]], stop: str) -> dict[str, Any]:
    return {
        "id": "msg_01",
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": content,
        "stop_reason": stop,
        "stop_sequence": None,
        "usage": {"input_tokens": 11, "output_tokens": 7},
    }


def _handler(script: AnthropicScript) -> type[BaseHTTPRequestHandler]:
    class Handler(JSONHandler):
        def _error(self, status: int, kind: str, message: str) -> None:
            self.send_json(status, {"type": "error", "error": {"type": kind, "message": message}})

        def do_GET(self) -> None:
            if self.path.split("?")[0].rstrip("/") == "/v1/models":
                data = [
                    {
                        "id": m,
                        "type": "model",
                        "display_name": m,
                        "created_at": "2025-09-29T00:00:00Z",
                    }
                    for m in script.models
                ]
                self.send_json(
                    200, {"data": data, "has_more": False, "first_id": None, "last_id": None}
                )
            else:
                self._error(404, "not_found_error", "not found")

        def do_POST(self) -> None:
            body = self.read_json()
            script.requests.append(body)
            script.headers.append(dict(self.headers))
            if self.path.rstrip("/") != "/v1/messages":
                self._error(404, "not_found_error", "not found")
                return
            # Older SDKs send x-api-key; current ones a bearer token.
            if not (self.headers.get("x-api-key") or self.headers.get("authorization")):
                self._error(401, "authentication_error", "invalid x-api-key")
                return
            if body.get("model") not in script.models:
                self._error(404, "not_found_error", f"model: {body.get('model')}")
                return
            if not script.replies:
                self._error(500, "api_error", "no scripted reply")
                return
            reply = script.replies.pop(0)
            if isinstance(reply, int):
                self._error(reply, "rate_limit_error" if reply == 429 else "api_error", "scripted")
                return
            if isinstance(reply, dict) and body.get("tools"):
                tool = body["tools"][0]["name"]
                block = {"type": "tool_use", "id": "toolu_01", "name": tool, "input": reply}
                self.send_json(200, _message(body["model"], [block], "tool_use"))
                return
            text = reply if isinstance(reply, str) else json.dumps(reply)
            if body.get("stream"):
                self._stream(body["model"], text)
                return
            self.send_json(
                200, _message(body["model"], [{"type": "text", "text": text}], "end_turn")
            )

        def _stream(self, model: str, text: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            start = _message(model, [], "")
            start["stop_reason"] = None
            events: list[dict[str, Any]] = [
                {"type": "message_start", "message": start},
                {
                    "type": "content_block_start",
                    "index": 0,
                    "content_block": {"type": "text", "text": ""},
                },
            ]
            events += [
                {
                    "type": "content_block_delta",
                    "index": 0,
                    "delta": {"type": "text_delta", "text": word + " "},
                }
                for word in text.split(" ")
            ]
            events += [
                {"type": "content_block_stop", "index": 0},
                {
                    "type": "message_delta",
                    "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                    "usage": {"output_tokens": 7},
                },
                {"type": "message_stop"},
            ]
            for event in events:
                self.wfile.write(f"event: {event['type']}\ndata: {json.dumps(event)}\n\n".encode())
                self.wfile.flush()

    return Handler


class FakeAnthropicServer(LoopbackServer):
    """Context manager: ``with FakeAnthropicServer() as srv: srv.url, srv.script``."""

    def __init__(self) -> None:
        self.script = AnthropicScript()
        super().__init__(_handler(self.script))
