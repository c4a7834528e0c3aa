"""A real HTTP server on 127.0.0.1 that speaks Ollama's native API for tests:
``POST /api/chat`` (whole answers and NDJSON streams) and ``GET /api/tags``."""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler
from typing import Any

from tests.util import JSONHandler, LoopbackServer


class OllamaScript:
    """Queued answers, the models offered, and every request seen."""

    def __init__(self) -> None:
        self.replies: list[Any] = []
        self.requests: list[dict[str, Any]] = []
        self.models = ["llama3.1:8b"]

    def add(self, content: Any) -> OllamaScript:
        """Queue one answer (a dict is sent as JSON text)."""
        self.replies.append(content)
        return self


def _handler(script: OllamaScript) -> type[BaseHTTPRequestHandler]:
    class Handler(JSONHandler):
        def do_GET(self) -> None:
            if self.path.rstrip("/") == "/api/tags":
                models = [
                    {
                        "name": m,
                        "model": m,
                        "modified_at": "2026-11-01T00:00:00Z",
                        "size": 1,
                        "digest": "0" * 12,
                        "details": {},
                    }
                    for m in script.models
                ]
                self.send_json(200, {"models": models})
            else:
                self.send_json(404, {"error": "not found"})

        def do_POST(self) -> None:
            body = self.read_json()
            script.requests.append(body)
            if self.path.rstrip("/") != "/api/chat":
                self.send_json(404, {"error": "not found"})
                return
            if body.get("model") not in script.models:
                self.send_json(404, {"error": f"model '{body.get('model')}' not found"})
                return
            if not script.replies:
                self.send_json(500, {"error": "no scripted reply"})
                return
            reply = script.replies.pop(0)
            text = reply if isinstance(reply, str) else json.dumps(reply)
            done = {
                "model": body["model"],
                "created_at": "2026-11-23T00:00:00Z",
                "done": True,
                "done_reason": "stop",
                "prompt_eval_count": 11,
                "eval_count": 7,
            }
            if body.get("stream", True):
                self.send_response(200)
                self.send_header("Content-Type", "application/x-ndjson")
                self.end_headers()
                for word in text.split(" "):
                    chunk = {
                        "model": body["model"],
                        "created_at": done["created_at"],
                        "message": {"role": "assistant", "content": word + " "},
                        "done": False,
                    }
                    self.wfile.write((json.dumps(chunk) + "\n").encode())
                    self.wfile.flush()
                last = {**done, "message": {"role": "assistant", "content": ""}}
                self.wfile.write((json.dumps(last) + "\n").encode())
                return
            self.send_json(200, {**done, "message": {"role": "assistant", "content": text}})

    return Handler


class FakeOllamaServer(LoopbackServer):
    """Context manager: ``with FakeOllamaServer() as srv: srv.url, srv.script``."""

    def __init__(self) -> None:
        self.script = OllamaScript()
        super().__init__(_handler(self.script))
