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
from collections.abc import Iterator
from functools import partial
from typing import Any, TypeVar
from uuid import UUID

from langchain_core.callbacks import BaseCallbackHandler

from coach.chat import ChatError, ChatReply
from coach.config import Settings
from coach.llm_engine import CallContext, current_call, provider_of
from coach.llm_errors import (
    as_chat_error,
    is_sdk_error,
    names_response_format,
    reason_for,
    status_of,
    with_retries,
)

log = logging.getLogger(__name__)
MODES = ("json_schema", "json_object_schema", "json_object", "instructed", "tool")
T = TypeVar("T")
_memory: dict[str, str] = {}
_memory_lock = threading.Lock()


PROVIDERS = {"openai": None, "azure_openai": None, "ollama": "ollama", "anthropic": "anthropic"}
"""Providers this adapter speaks, and the extra that installs each (None: built in)."""
LADDERS = {"anthropic": ("tool", "instructed")}
"""Request shapes per provider where they differ from :data:`MODES`: Anthropic has no
response_format; it returns structure as a forced tool call (``with_structured_output``)."""


def _lc_messages(messages: list[dict[str, str]]) -> list[tuple[str, str]]:
    roles = {"system": "system", "user": "human", "assistant": "ai"}
    return [(roles.get(m["role"], "human"), m["content"]) for m in messages]


def _provider_options(provider: str, settings: Settings) -> dict[str, Any]:
    """The keyword arguments ``init_chat_model`` needs for ``provider``."""
    key = settings.provider_key(provider)
    timeout = settings.llm_timeout
    if provider == "ollama":
        return {
            "base_url": settings.llm_base_url or "http://127.0.0.1:11434",
            "client_kwargs": {"timeout": timeout},
        }
    # max_retries=0: retries are ours (a 500 can be a rejected request shape).
    common: dict[str, Any] = {"timeout": timeout, "max_retries": 0}
    if provider == "anthropic":
        return {
            **common,
            "api_key": key,
            "base_url": settings.llm_base_url,
            "max_tokens": settings.llm_answer_tokens,
        }
    if provider == "azure_openai":
        return {
            **common,
            "max_tokens": settings.llm_answer_tokens,
            "api_key": key,
            "azure_endpoint": settings.llm_base_url or settings.azure_openai_endpoint,
            "azure_deployment": provider_of(settings.model)[1],
            "api_version": settings.azure_api_version,
        }
    # The answer budget: api.openai.com takes max_completion_tokens (LangChain's mapping of
    # max_tokens); OpenAI-compatible servers (llama.cpp, vLLM, LM Studio) read max_tokens,
    # and without it a small model under a JSON grammar can run on to the context limit.
    budget: dict[str, Any] = (
        {"extra_body": {"max_tokens": settings.llm_answer_tokens}}
        if settings.llm_base_url
        else {"max_tokens": settings.llm_answer_tokens}
    )
    # Local servers need no key, but the SDK insists on one.
    return {
        **common,
        **budget,
        "api_key": key or "not-needed",
        "base_url": settings.llm_base_url,
    }


class CallLogHandler(BaseCallbackHandler):
    """One call-log line per model request, from LangChain's callbacks: every retry and
    every request shape tried, with tokens, latency and outcome (never a key or a text)."""

    def __init__(self, model: str) -> None:
        self.model = model
        self._runs: dict[UUID, tuple[float, CallContext | None, str | None]] = {}

    def on_chat_model_start(
        self,
        serialized: dict[str, Any],
        messages: list[list[Any]],
        *,
        run_id: UUID,
        metadata: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        """Remember when and for which prompt the request started."""
        mode = (metadata or {}).get("coach_mode")
        self._runs[run_id] = (time.perf_counter(), current_call.get(), mode)

    def on_llm_end(self, response: Any, *, run_id: UUID, **kwargs: Any) -> None:
        """Log a request that answered."""
        try:
            usage = response.generations[0][0].message.usage_metadata or {}
        except (AttributeError, IndexError):
            usage = {}
        self._write(
            run_id,
            outcome="ok",
            prompt_tokens=usage.get("input_tokens"),
            completion_tokens=usage.get("output_tokens"),
        )

    def on_llm_error(self, error: BaseException, *, run_id: UUID, **kwargs: Any) -> None:
        """Log a request that failed (a rejected request shape, a 429, a timeout…)."""
        self._write(run_id, outcome="error", reason=reason_for(error))

    def _write(self, run_id: UUID, **fields: Any) -> None:
        started, context, mode = self._runs.pop(run_id, (time.perf_counter(), None, None))
        if context is None:  # a request outside a job (nothing to attribute it to)
            return
        context.log.write(
            prompt=context.prompt,
            model=self.model,
            attempt=context.attempt,
            mode=mode,
            **fields,
            latency_ms=round((time.perf_counter() - started) * 1000),
        )


class LangChainChatModel:
    """A ChatModel on a LangChain chat model (``init_chat_model``), for api.openai.com or
    any OpenAI-compatible server."""

    def __init__(self, settings: Settings) -> None:
        from langchain.chat_models import init_chat_model

        provider, name = provider_of(settings.model)
        if provider not in PROVIDERS:
            known = ", ".join(f"{p}:<model>" for p in PROVIDERS)
            raise ChatError(f"provider {provider!r} is not supported: use {known}")
        self.provider = provider
        self.base_url = settings.llm_base_url
        self.model = name
        self.context_tokens = settings.llm_context_tokens
        self.temperature = settings.temperature
        self.ladder = LADDERS.get(provider, MODES[:4])
        try:
            self._chat = init_chat_model(
                name,
                model_provider=provider,
                temperature=settings.temperature,
                **_provider_options(provider, settings),
            )
        except ImportError as exc:
            raise ChatError(
                f"the {provider} provider needs its extra: uv sync --extra {PROVIDERS[provider]}"
            ) from exc
        self.logs_calls = True
        """Requests are logged by :class:`CallLogHandler`, not by the caller."""
        self._log = CallLogHandler(name)
        self._retries = settings.llm_max_retries
        self._modes_file = settings.home / "llm_modes.json"
        self._key = f"{settings.llm_base_url or 'openai'}|{settings.model}"

    # -- remembering which structured-output request shape works -------------------
    def _remembered(self) -> str:
        with _memory_lock:
            if _memory.get(self._key) in self.ladder:
                return _memory[self._key]
            try:
                stored = json.loads(self._modes_file.read_text())
                mode = stored.get(self._key)
                if mode in self.ladder:
                    _memory[self._key] = mode
                    return mode
            except (OSError, ValueError):
                pass
        return self.ladder[0]

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
        if mode not in ("json_schema", "tool"):
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

    def _config(self, mode: str | None) -> dict[str, Any]:
        return {"callbacks": [self._log], "metadata": {"coach_mode": mode}}

    def _invoke(self, messages: list[dict[str, str]], kwargs: dict[str, Any]) -> Any:
        mode = "instructed"
        if "response_format" in kwargs:
            fmt = kwargs["response_format"]
            mode = fmt["type"] + ("_schema" if "schema" in fmt else "")
        return self._chat.invoke(_lc_messages(messages), config=self._config(mode), **kwargs)

    def _invoke_tool(
        self, messages: list[dict[str, str]], schema: dict[str, Any], name: str
    ) -> Any:
        """Structure as a forced tool call (``with_structured_output``, function calling);
        the reply carries the call's arguments as its JSON text."""
        tool = {"title": name, "description": "Give the answer by calling this tool.", **schema}
        tool["title"] = name
        runnable = self._chat.with_structured_output(
            tool, method="function_calling", include_raw=True
        )
        out = runnable.invoke(_lc_messages(messages), config=self._config("tool"))
        raw = out["raw"]
        calls = getattr(raw, "tool_calls", None) or []
        if calls:
            raw.content = json.dumps(calls[0]["args"])  # the text structured() validates
        return raw

    def complete_json(
        self, messages: list[dict[str, str]], schema: dict[str, Any], schema_name: str
    ) -> ChatReply:
        """Ask for JSON, stepping down the request-shape ladder on 400/422 rejections."""
        start = self.ladder.index(self._remembered())
        last: Exception | None = None
        for mode in self.ladder[start:]:
            msgs, fmt = self._request(mode, messages, schema, schema_name)
            kwargs: dict[str, Any] = {} if fmt is None else {"response_format": fmt}
            call = (
                partial(self._invoke_tool, msgs, schema, schema_name)
                if mode == "tool"
                else partial(self._invoke, msgs, kwargs)
            )
            try:
                reply = with_retries(call, self._retries)
            except Exception as exc:
                if not is_sdk_error(exc):
                    error = as_chat_error(exc)
                    if error is None:
                        raise
                    raise error from exc
                status = status_of(exc)
                if status in (400, 422):
                    log.info("server rejected %s request shape: %s", mode, reason_for(exc))
                    last = exc
                    continue
                # llama-cpp-python's server answers an unknown response_format with a 500
                # that names the field; that is a rejected shape, not a broken server.
                if status is not None and mode != "instructed" and names_response_format(exc):
                    log.info("server rejected %s request shape (HTTP %s)", mode, status)
                    last = exc
                    continue
                raise ChatError(reason_for(exc)) from exc
            self._remember(mode)
            usage = getattr(reply, "usage_metadata", None) or {}
            content = reply.content if isinstance(reply.content, str) else json.dumps(reply.content)
            return ChatReply(
                text=content,
                prompt_tokens=usage.get("input_tokens"),
                completion_tokens=usage.get("output_tokens"),
                mode=mode,
            )
        raise ChatError(
            reason_for(last) if last else "the model server rejected every request shape"
        )

    def stream_text(self, messages: list[dict[str, str]]) -> Iterator[str]:
        """Yield the answer as it streams in (LangChain's ``stream``)."""
        try:
            for chunk in self._chat.stream(_lc_messages(messages), config=self._config("stream")):
                if isinstance(chunk.content, str) and chunk.content:
                    yield chunk.content
        except ChatError:
            raise
        except Exception as exc:
            error = as_chat_error(exc)
            if error is None:
                raise
            raise error from exc

    def list_models(self) -> list[str]:
        """Model ids the server offers (raises ChatError when unreachable)."""

        def names() -> list[str]:
            if self.provider == "ollama":  # GET /api/tags
                return [str(m.model) for m in self._chat._client.list().models]
            if self.provider == "anthropic":  # GET /v1/models
                return [m.id for m in self._chat._client.models.list()]
            if self.provider == "azure_openai":
                # Reachable and the key accepted; deployments are not listed by this API,
                # so the structured check is what proves the deployment exists.
                self._chat.root_client.models.list()
                return []
            client = getattr(self._chat, "root_client", None)
            return [m.id for m in client.models.list()] if client is not None else []

        try:
            return with_retries(names, self._retries)
        except Exception as exc:
            error = as_chat_error(exc)
            if error is None:
                raise
            raise error from exc
