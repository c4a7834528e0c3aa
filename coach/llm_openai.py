"""The only module that imports the OpenAI SDK: OpenAI and any OpenAI-compatible server.

Servers differ in how they accept structured output, so requests step down a ladder:
``json_schema`` → ``json_object`` with the schema attached (llama.cpp's server) →
plain ``json_object`` → instructed JSON (schema in the prompt, no response_format).
A rung the server rejects (HTTP 400/422) is skipped; the rung that worked is remembered
per server and model, in memory and in ``$COACH_HOME/llm_modes.json``.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any, TypeVar, cast

import openai
from openai.types.chat import ChatCompletionChunk

from coach.chat import ChatError, ChatReply
from coach.config import Settings

log = logging.getLogger(__name__)
MODES = ("json_schema", "json_object_schema", "json_object", "instructed")
T = TypeVar("T")
_memory: dict[str, str] = {}
_memory_lock = threading.Lock()


NOT_API = "the model server answered with a page that is not an API response (HTML or text)"


def _reason(exc: Exception) -> str:
    """A short, key-free description of what went wrong."""
    if isinstance(exc, openai.APITimeoutError):
        return "the model server timed out"
    if isinstance(exc, openai.APIConnectionError):
        return "could not connect to the model server"
    if isinstance(exc, openai.RateLimitError):
        return "the model server kept answering 429 (rate limited)"
    if isinstance(exc, openai.AuthenticationError):
        return "the model server refused the API key (401)"
    if isinstance(exc, openai.NotFoundError):
        return "the model or endpoint was not found (404)"
    if isinstance(exc, openai.APIStatusError):
        return f"the model server answered HTTP {exc.status_code}"
    return f"the model call failed ({type(exc).__name__})"


def _names_response_format(exc: openai.APIStatusError) -> bool:
    """True when an error response is about the request's response_format field."""
    try:
        text = exc.response.text
    except Exception:  # a streamed or closed response
        text = str(exc)
    return "response_format" in text or "json_schema" in text


def _retryable(exc: Exception) -> bool:
    if isinstance(exc, (openai.APIConnectionError, openai.RateLimitError)):  # includes timeouts
        return True
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code >= 500 and not _names_response_format(exc)
    return False


def _retry_after(exc: Exception) -> float | None:
    response = getattr(exc, "response", None)
    value = response.headers.get("retry-after") if response is not None else None
    try:
        return min(float(value), 30.0) if value else None
    except ValueError:
        return None


def with_retries(call: Callable[[], T], retries: int, base_delay: float = 0.5) -> T:
    """Run ``call``, retrying 429, 5xx, timeouts and connection errors with backoff."""
    for attempt in range(retries + 1):
        try:
            return call()
        except openai.OpenAIError as exc:
            if attempt == retries or not _retryable(exc):
                raise
            delay = _retry_after(exc) or min(base_delay * 2**attempt, 8.0)
            log.info("model call failed (%s); retrying in %.1fs", _reason(exc), delay)
            time.sleep(delay)
    raise AssertionError("unreachable")


class OpenAIChatModel:
    """A ChatModel backed by the OpenAI SDK, for api.openai.com or a compatible server."""

    def __init__(self, settings: Settings) -> None:
        key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
        self.base_url = settings.llm_base_url
        self.model = settings.model
        self.context_tokens = settings.llm_context_tokens
        self.temperature = settings.temperature
        self._client = openai.OpenAI(
            # Local servers need no key, but the SDK insists on one.
            api_key=key or "not-needed",
            base_url=settings.llm_base_url,
            timeout=settings.llm_timeout,
            max_retries=0,  # retries are ours: a 500 can be a rejected request shape
        )
        self._retries = settings.llm_max_retries
        self._modes_file = settings.home / "llm_modes.json"
        self._key = f"{settings.llm_base_url or 'openai'}|{settings.model}"

    # -- remembering which structured-output request shape works -------------------
    def _remembered(self) -> str:
        with _memory_lock:
            if self._key in _memory:
                return _memory[self._key]
            try:
                stored = json.loads(self._modes_file.read_text())
                mode = stored.get(self._key)
                if mode in MODES:
                    _memory[self._key] = mode
                    return mode
            except (OSError, ValueError):
                pass
        return MODES[0]

    def _remember(self, mode: str) -> None:
        with _memory_lock:
            if _memory.get(self._key) == mode:
                return
            _memory[self._key] = mode
            try:
                stored = (
                    json.loads(self._modes_file.read_text()) if self._modes_file.exists() else {}
                )
            except (OSError, ValueError):
                stored = {}
            stored[self._key] = mode
            try:
                self._modes_file.parent.mkdir(parents=True, exist_ok=True)
                tmp = self._modes_file.with_suffix(".tmp")
                tmp.write_text(json.dumps(stored, indent=2))
                tmp.replace(self._modes_file)
            except OSError:
                log.warning("could not save %s", self._modes_file)

    @staticmethod
    def _request(mode: str, messages: list[dict[str, str]], schema: dict[str, Any], name: str):
        msgs = [dict(m) for m in messages]
        if mode != "json_schema":
            # Without schema enforcement, the schema has to be in the prompt.
            msgs[0]["content"] += "\n\nJSON schema of the answer:\n" + json.dumps(schema)
        if mode == "json_schema":
            fmt: dict[str, Any] | None = {
                "type": "json_schema",
                "json_schema": {"name": name, "schema": schema, "strict": False},
            }
        elif mode == "json_object_schema":
            fmt = {"type": "json_object", "schema": schema}
        elif mode == "json_object":
            fmt = {"type": "json_object"}
        else:
            fmt = None
        return msgs, fmt

    def complete_json(
        self, messages: list[dict[str, str]], schema: dict[str, Any], schema_name: str
    ) -> ChatReply:
        """Ask for JSON, stepping down the request-shape ladder on 400/422 rejections."""
        start = MODES.index(self._remembered())
        last: Exception | None = None
        for mode in MODES[start:]:
            msgs, fmt = self._request(mode, messages, schema, schema_name)
            kwargs: dict[str, Any] = {
                "model": self.model,
                "messages": msgs,
                "temperature": self.temperature,
            }
            if fmt is not None:
                kwargs["response_format"] = fmt
            try:
                resp = with_retries(
                    partial(self._client.chat.completions.create, **kwargs), self._retries
                )
            except (openai.BadRequestError, openai.UnprocessableEntityError) as exc:
                log.info("server rejected %s request shape: %s", mode, _reason(exc))
                last = exc
                continue
            except openai.APIStatusError as exc:
                # llama-cpp-python's server answers an unknown response_format with a 500
                # that names the field; that is a rejected shape, not a broken server.
                if mode != "instructed" and _names_response_format(exc):
                    log.info("server rejected %s request shape (HTTP %s)", mode, exc.status_code)
                    last = exc
                    continue
                raise ChatError(_reason(exc)) from exc
            except openai.OpenAIError as exc:
                raise ChatError(_reason(exc)) from exc
            if not hasattr(resp, "choices"):  # a 200 whose body is HTML or plain text
                raise ChatError(NOT_API)
            self._remember(mode)
            choice = resp.choices[0] if resp.choices else None
            text = (choice.message.content or "") if choice else ""
            usage = resp.usage
            return ChatReply(
                text=text,
                prompt_tokens=usage.prompt_tokens if usage else None,
                completion_tokens=usage.completion_tokens if usage else None,
                mode=mode,
            )
        raise ChatError(_reason(last) if last else "the model server rejected every request shape")

    def stream_text(self, messages: list[dict[str, str]]) -> Iterator[str]:
        """Yield the answer as it streams in."""
        try:
            stream = with_retries(
                lambda: self._client.chat.completions.create(
                    model=self.model,
                    messages=messages,  # type: ignore[arg-type]
                    temperature=self.temperature,
                    stream=True,
                ),
                self._retries,
            )
            for event in stream:
                chunk = cast(ChatCompletionChunk, event)
                if chunk.choices and chunk.choices[0].delta and chunk.choices[0].delta.content:
                    yield chunk.choices[0].delta.content
        except openai.OpenAIError as exc:
            raise ChatError(_reason(exc)) from exc
        except (AttributeError, TypeError, ValueError) as exc:
            raise ChatError(NOT_API) from exc

    def list_models(self) -> list[str]:
        """Model ids the server offers (raises ChatError when unreachable)."""
        try:
            return with_retries(lambda: [m.id for m in self._client.models.list()], self._retries)
        except openai.OpenAIError as exc:
            raise ChatError(_reason(exc)) from exc
        except (AttributeError, TypeError, ValueError) as exc:
            raise ChatError(NOT_API) from exc
