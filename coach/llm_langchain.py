"""The chat model adapter, on LangChain: ``init_chat_model`` reaches OpenAI and any
OpenAI-compatible server (``COACH_LLM_BASE_URL``) through ``langchain-openai``; no module of
the core imports a vendor SDK itself.

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
from typing import Any, TypeVar

from coach.chat import ChatError, ChatReply
from coach.config import Settings

log = logging.getLogger(__name__)
MODES = ("json_schema", "json_object_schema", "json_object", "instructed")
T = TypeVar("T")
_memory: dict[str, str] = {}
_memory_lock = threading.Lock()


NOT_API = "the model server answered with a page that is not an API response (HTML or text)"
# What the SDKs under LangChain raise, recognised by name (the core imports no vendor SDK):
# the OpenAI SDK's errors, Ollama's ResponseError, and httpx's transport errors.
_SDK_ERRORS = ("OpenAIError", "APIError", "ResponseError", "TransportError", "ConnectionError")
_CONNECT = {"APIConnectionError", "TransportError", "ConnectionError", "ConnectError"}
_TIMEOUT = {"APITimeoutError", "TimeoutException"}
PROVIDERS = {"openai": None, "ollama": "ollama"}
"""Providers this adapter speaks, and the extra that installs each (None: built in)."""


def _is_sdk_error(exc: BaseException) -> bool:
    return bool(_kind(exc) & set(_SDK_ERRORS))


def _kind(exc: BaseException) -> set[str]:
    """The class names of ``exc`` and its bases (LangChain re-raises the SDK's errors as
    subclasses such as ``OpenAITimeoutError``)."""
    return {c.__name__ for c in type(exc).__mro__}


def _status(exc: BaseException) -> int | None:
    code = getattr(exc, "status_code", None)
    return code if isinstance(code, int) else None


def _reason(exc: BaseException) -> str:
    """A short, key-free description of what went wrong."""
    kind = _kind(exc)
    status = _status(exc)
    if kind & _TIMEOUT:
        return "the model server timed out"
    if kind & _CONNECT:
        return "could not connect to the model server"
    if status == 429:
        return "the model server kept answering 429 (rate limited)"
    if status == 401:
        return "the model server refused the API key (401)"
    if status == 404:
        return "the model or endpoint was not found (404)"
    if status is not None:
        return f"the model server answered HTTP {status}"
    return f"the model call failed ({type(exc).__name__})"


def _names_response_format(exc: BaseException) -> bool:
    """True when an error response is about the request's response_format field."""
    try:
        text = exc.response.text  # type: ignore[attr-defined]
    except Exception:  # a streamed or closed response
        text = str(exc)
    return "response_format" in text or "json_schema" in text


def _as_chat_error(exc: Exception) -> ChatError | None:
    """The ChatError for an SDK failure or a 200 whose body is not an API response (HTML or
    text), or None for anything else (a bug, raised as it is)."""
    if _is_sdk_error(exc):
        return ChatError(_reason(exc))
    if isinstance(exc, (AttributeError, TypeError, ValueError, KeyError)):
        return ChatError(NOT_API)
    return None


def _retryable(exc: BaseException) -> bool:
    if _kind(exc) & (_CONNECT | _TIMEOUT):
        return True
    status = _status(exc)
    if status == 429:
        return True
    return status is not None and status >= 500 and not _names_response_format(exc)


def _retry_after(exc: BaseException) -> float | None:
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
        except Exception as exc:
            if not _is_sdk_error(exc) or attempt == retries or not _retryable(exc):
                raise
            delay = _retry_after(exc) or min(base_delay * 2**attempt, 8.0)
            log.info("model call failed (%s); retrying in %.1fs", _reason(exc), delay)
            time.sleep(delay)
    raise AssertionError("unreachable")


def _provider_and_name(model: str) -> tuple[str, str]:
    """``openai:gpt-4o-mini`` → (openai, gpt-4o-mini); a bare name is an OpenAI model."""
    provider, sep, name = model.partition(":")
    if sep and provider.isidentifier() and not provider.isdigit():
        return provider, name
    return "openai", model


def _lc_messages(messages: list[dict[str, str]]) -> list[tuple[str, str]]:
    roles = {"system": "system", "user": "human", "assistant": "ai"}
    return [(roles.get(m["role"], "human"), m["content"]) for m in messages]


class LangChainChatModel:
    """A ChatModel on a LangChain chat model (``init_chat_model``), for api.openai.com or
    any OpenAI-compatible server."""

    def __init__(self, settings: Settings) -> None:
        from langchain.chat_models import init_chat_model

        provider, name = _provider_and_name(settings.model)
        if provider not in PROVIDERS:
            known = ", ".join(f"{p}:<model>" for p in PROVIDERS)
            raise ChatError(f"provider {provider!r} is not supported: use {known}")
        key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
        self.provider = provider
        self.base_url = settings.llm_base_url
        self.model = name
        self.context_tokens = settings.llm_context_tokens
        self.temperature = settings.temperature
        if provider == "openai":
            options: dict[str, Any] = {
                # Local servers need no key, but the SDK insists on one.
                "api_key": key or "not-needed",
                "base_url": settings.llm_base_url,
                "timeout": settings.llm_timeout,
                "max_retries": 0,  # retries are ours: a 500 can be a rejected request shape
            }
        else:
            options = {
                "base_url": settings.llm_base_url or "http://127.0.0.1:11434",
                "client_kwargs": {"timeout": settings.llm_timeout},
            }
        try:
            self._chat = init_chat_model(
                name, model_provider=provider, temperature=settings.temperature, **options
            )
        except ImportError as exc:
            raise ChatError(
                f"the {provider} provider needs its extra: uv sync --extra {PROVIDERS[provider]}"
            ) from exc
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

    def _invoke(self, messages: list[dict[str, str]], kwargs: dict[str, Any]) -> Any:
        return self._chat.invoke(_lc_messages(messages), **kwargs)

    def complete_json(
        self, messages: list[dict[str, str]], schema: dict[str, Any], schema_name: str
    ) -> ChatReply:
        """Ask for JSON, stepping down the request-shape ladder on 400/422 rejections."""
        start = MODES.index(self._remembered())
        last: Exception | None = None
        for mode in MODES[start:]:
            msgs, fmt = self._request(mode, messages, schema, schema_name)
            kwargs: dict[str, Any] = {} if fmt is None else {"response_format": fmt}
            try:
                reply = with_retries(partial(self._invoke, msgs, kwargs), self._retries)
            except Exception as exc:
                if not _is_sdk_error(exc):
                    error = _as_chat_error(exc)
                    if error is None:
                        raise
                    raise error from exc
                status = _status(exc)
                if status in (400, 422):
                    log.info("server rejected %s request shape: %s", mode, _reason(exc))
                    last = exc
                    continue
                # llama-cpp-python's server answers an unknown response_format with a 500
                # that names the field; that is a rejected shape, not a broken server.
                if status is not None and mode != "instructed" and _names_response_format(exc):
                    log.info("server rejected %s request shape (HTTP %s)", mode, status)
                    last = exc
                    continue
                raise ChatError(_reason(exc)) from exc
            self._remember(mode)
            usage = getattr(reply, "usage_metadata", None) or {}
            content = reply.content if isinstance(reply.content, str) else json.dumps(reply.content)
            return ChatReply(
                text=content,
                prompt_tokens=usage.get("input_tokens"),
                completion_tokens=usage.get("output_tokens"),
                mode=mode,
            )
        raise ChatError(_reason(last) if last else "the model server rejected every request shape")

    def stream_text(self, messages: list[dict[str, str]]) -> Iterator[str]:
        """Yield the answer as it streams in (LangChain's ``stream``)."""
        try:
            for chunk in self._chat.stream(_lc_messages(messages)):
                if isinstance(chunk.content, str) and chunk.content:
                    yield chunk.content
        except ChatError:
            raise
        except Exception as exc:
            error = _as_chat_error(exc)
            if error is None:
                raise
            raise error from exc

    def list_models(self) -> list[str]:
        """Model ids the server offers (raises ChatError when unreachable)."""

        def names() -> list[str]:
            if self.provider == "ollama":  # GET /api/tags
                return [str(m.model) for m in self._chat._client.list().models]
            client = getattr(self._chat, "root_client", None)
            return [m.id for m in client.models.list()] if client is not None else []

        try:
            return with_retries(names, self._retries)
        except Exception as exc:
            error = _as_chat_error(exc)
            if error is None:
                raise
            raise error from exc
