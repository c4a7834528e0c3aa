"""The one small interface between jobs and any chat model.

The offline engine needs no model; the OpenAI-compatible adapter (``coach.llm_langchain``, on LangChain)
and the test fake (``coach.testing.FakeChatModel``) both satisfy :class:`ChatModel`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol


class ChatError(Exception):
    """A model call failed for good (after retries): unreachable, timeout, 429/5xx, bad reply."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class ChatReply:
    """What a model returned for one request."""

    text: str
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    mode: str = "json_schema"
    """How structure was requested: json_schema, json_object or instructed."""


class ChatModel(Protocol):
    """A chat model that can answer with JSON that should match a schema."""

    model: str
    """The model name reported in ``engine.model``."""
    context_tokens: int
    """The model's context window, for the token budget."""

    def complete_json(
        self, messages: list[dict[str, str]], schema: dict[str, Any], schema_name: str
    ) -> ChatReply:
        """Ask for a JSON answer; raise ChatError when the model cannot be reached."""
        ...

    def stream_text(self, messages: list[dict[str, str]]) -> Iterator[str]:
        """Yield a free-text answer piece by piece."""
        ...
