"""A fake chat model for tests and evals: scripted replies, recorded requests.

It satisfies :class:`coach.chat.ChatModel`, so jobs run through exactly the code path
they use with a real model.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from coach.chat import ChatError, ChatReply


class FakeChatModel:
    """Answers each request with the next queued reply (text, dict, or exception)."""

    def __init__(self, model: str = "fake-model", context_tokens: int = 16384) -> None:
        self.model = model
        self.context_tokens = context_tokens
        self._queue: list[Any] = []
        self.history: list[list[dict[str, str]]] = []
        """The messages of every request, in order."""

    def enqueue(self, *replies: Any) -> FakeChatModel:
        """Queue replies: a str is sent as-is, a dict as JSON, an exception is raised."""
        self._queue.extend(replies)
        return self

    def _next(self, messages: list[dict[str, str]]) -> str:
        self.history.append(messages)
        if not self._queue:
            raise ChatError("the fake model has no reply queued")
        reply = self._queue.pop(0)
        if isinstance(reply, BaseException):
            raise reply
        if callable(reply):
            reply = reply(messages)
        return reply if isinstance(reply, str) else json.dumps(reply)

    def complete_json(
        self, messages: list[dict[str, str]], schema: dict[str, Any], schema_name: str
    ) -> ChatReply:
        """Pop the next reply."""
        return ChatReply(
            text=self._next(messages), prompt_tokens=0, completion_tokens=0, mode="fake"
        )

    def stream_text(self, messages: list[dict[str, str]]) -> Iterator[str]:
        """Pop the next reply and yield it word by word."""
        for word in self._next(messages).split(" "):
            yield word + " "
