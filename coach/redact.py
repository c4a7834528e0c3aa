"""``COACH_REDACT=1``: emails, phone numbers and ID-like numbers never reach a remote model.

Each value is swapped for a placeholder such as ``[EMAIL_1]`` before the request and
swapped back in the model's answer, so grounding checks and the user still see the real
values. The mapping lives only in memory, for one job.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from coach.chat import ChatModel, ChatReply

PATTERNS = [
    ("EMAIL", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),
    # SSN-style, ticket-style (INC-204518), passport-style (X1234567) and long digit runs.
    (
        "ID",
        re.compile(
            r"\b\d{3}-\d{2}-\d{4}\b|\b[A-Z]{1,5}-?\d{6,}\b|\b[A-Z]{2,5}-?\d{4,}\b|\b\d{8,}\b"
        ),
    ),
    ("PHONE", re.compile(r"(?<![\w-])\+?\d[\d ().-]{7,}\d(?![\w-])")),
]
_DATE = re.compile(r"^(?:19|20)\d\d-\d\d-\d\d$|^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$")


class Redactor:
    """Replaces sensitive values with stable placeholders and puts them back."""

    def __init__(self) -> None:
        self.forward: dict[str, str] = {}
        self.back: dict[str, str] = {}

    def _token(self, kind: str, value: str) -> str:
        if value not in self.forward:
            token = f"[{kind}_{sum(1 for t in self.back if t.startswith('[' + kind)) + 1}]"
            self.forward[value] = token
            self.back[token] = value
        return self.forward[value]

    def redact(self, text: str) -> str:
        """``text`` with emails, ID-like numbers and phone numbers replaced."""
        for kind, pattern in PATTERNS:

            def swap(m: re.Match[str], kind: str = kind) -> str:
                value = m.group(0)
                if kind == "PHONE" and (
                    _DATE.match(value.strip()) or sum(c.isdigit() for c in value) < 9
                ):
                    return value  # dates and short numbers are not phone numbers
                return self._token(kind, value)

            text = pattern.sub(swap, text)
        return text

    def restore(self, text: str) -> str:
        """Put the original values back."""
        for token, value in self.back.items():
            text = text.replace(token, value)
        return text


class RedactingChatModel:
    """Wraps a ChatModel so that requests are redacted and answers restored."""

    def __init__(self, inner: ChatModel) -> None:
        self.inner = inner
        self.model = inner.model
        self.logs_calls = getattr(inner, "logs_calls", False)
        self.context_tokens = inner.context_tokens
        self.redactor = Redactor()

    def _messages(self, messages: list[dict[str, str]]) -> list[dict[str, str]]:
        return [{**m, "content": self.redactor.redact(m["content"])} for m in messages]

    def complete_json(
        self, messages: list[dict[str, str]], schema: dict[str, Any], schema_name: str
    ) -> ChatReply:
        """Redact, ask, restore."""
        reply = self.inner.complete_json(self._messages(messages), schema, schema_name)
        reply.text = self.redactor.restore(reply.text)
        return reply

    def stream_text(self, messages: list[dict[str, str]]) -> Iterator[str]:
        """Redact, stream, restore (placeholders are restored once complete)."""
        buffer = ""
        for piece in self.inner.stream_text(self._messages(messages)):
            buffer += piece
            # Hold back a possibly unfinished placeholder at the end.
            cut = buffer.rfind("[")
            if cut != -1 and "]" not in buffer[cut:]:
                ready, buffer = buffer[:cut], buffer[cut:]
            else:
                ready, buffer = buffer, ""
            if ready:
                yield self.redactor.restore(ready)
        if buffer:
            yield self.redactor.restore(buffer)
