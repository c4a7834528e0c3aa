"""A real HTTP server on 127.0.0.1 that speaks enough of the OpenAI API for tests.

Replies are scripted per request: a JSON body to wrap as a chat completion, an HTTP
status to return, a delay, or a rejection of a ``response_format`` type.
"""

from __future__ import annotations

import contextlib
import json
import time
from http.server import BaseHTTPRequestHandler
from typing import Any

from tests.util import JSONHandler, LoopbackServer


class Script:
    """What the server does, and what it saw."""

    def __init__(self) -> None:
        self.replies: list[dict[str, Any]] = []
        self.requests: list[dict[str, Any]] = []
        self.paths: list[str] = []
        self.headers: list[dict[str, str]] = []
        self.reject_formats: set[str] = set()
        self.models = ["test-model"]
        self.html: str | None = None
        """When set, every request gets this body as a 200 text/html page (a captive
        portal or a misconfigured proxy in front of the model server)."""

    def add(self, content: Any = None, status: int = 200, delay: float = 0.0) -> Script:
        """Queue one reply: a chat completion with ``content``, or a bare HTTP status."""
        self.replies.append({"content": content, "status": status, "delay": delay})
        return self


def _completion(content: str, model: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "finish_reason": "stop",
                "message": {"role": "assistant", "content": content},
            }
        ],
        "usage": {"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18},
    }


def _hash_vector(text: str, dim: int = 64) -> list[float]:
    """A deterministic bag-of-words vector: texts sharing words point the same way."""
    import hashlib

    vec = [0.0] * dim
    for word in text.lower().split():
        vec[int(hashlib.md5(word.encode()).hexdigest(), 16) % dim] += 1.0
    return vec


def make_handler(script: Script) -> type[BaseHTTPRequestHandler]:
    class Handler(JSONHandler):
        def _html(self) -> bool:
            if script.html is None:
                return False
            data = script.html.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(data)
            return True

        def do_GET(self) -> None:
            if self._html():
                return
            if self.path.rstrip("/").endswith("/models"):
                self.send_json(
                    200,
                    {
                        "object": "list",
                        "data": [
                            {"id": m, "object": "model", "created": 0, "owned_by": "test"}
                            for m in script.models
                        ],
                    },
                )
            else:
                self.send_json(404, {"error": {"message": "not found"}})

        def _stream(self, content: str, model: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            for word in content.split(" "):
                chunk = {
                    "id": "c",
                    "object": "chat.completion.chunk",
                    "created": 0,
                    "model": model,
                    "choices": [
                        {"index": 0, "delta": {"content": word + " "}, "finish_reason": None}
                    ],
                }
                self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                self.wfile.flush()
            self.wfile.write(b"data: [DONE]\n\n")

        def do_POST(self) -> None:
            body = self.read_json()
            script.requests.append(body)
            script.paths.append(self.path)
            script.headers.append(dict(self.headers))
            if self._html():
                return
            if self.path.rstrip("/").endswith("/embeddings"):
                texts = body["input"] if isinstance(body["input"], list) else [body["input"]]
                self.send_json(
                    200,
                    {
                        "object": "list",
                        "model": body.get("model"),
                        "data": [
                            {"object": "embedding", "index": i, "embedding": _hash_vector(t)}
                            for i, t in enumerate(texts)
                        ],
                        "usage": {"prompt_tokens": 1, "total_tokens": 1},
                    },
                )
                return
            fmt = (body.get("response_format") or {}).get("type")
            if fmt == "json_schema" and "json_schema" in script.reject_formats:
                self.send_json(
                    400, {"error": {"message": "response_format json_schema is not supported"}}
                )
                return
            if fmt == "json_schema" and "json_schema_500" in script.reject_formats:
                # What llama-cpp-python's server really answers (seen against v0.3.36).
                message = (
                    "1 validation error: ('body', 'response_format', 'type') "
                    "Input should be 'text' or 'json_object'"
                )
                self.send_json(500, {"error": {"message": message}})
                return
            if not script.replies:
                self.send_json(500, {"error": {"message": "no scripted reply"}})
                return
            reply = script.replies.pop(0)
            if reply["delay"]:
                time.sleep(reply["delay"])
            if reply["status"] != 200:
                self.send_json(
                    reply["status"], {"error": {"message": f"scripted {reply['status']}"}}
                )
                return
            content = reply["content"]
            content = content if isinstance(content, str) else json.dumps(content)
            if body.get("stream"):
                self._stream(content, body.get("model", "test-model"))
                return
            self.send_json(200, _completion(content, body.get("model", "test-model")))

    return Handler


class FakeOpenAIServer(LoopbackServer):
    """Context manager: ``with FakeOpenAIServer() as srv: srv.url, srv.script``."""

    def __init__(self) -> None:
        self.script = Script()
        super().__init__(make_handler(self.script))

    @property
    def url(self) -> str:
        """The OpenAI-style base URL (ending in /v1)."""
        return f"{self.base}/v1"
