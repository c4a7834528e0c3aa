"""The LLM engine: choosing a model, validated structured calls, and the call log.

A structured call parses the model's JSON into a pydantic type. Invalid output gets one
re-ask that quotes the validation error; if it is still invalid, or the server cannot be
reached, :class:`ChatError` tells the job to answer from the offline engine instead.
"""

from __future__ import annotations

import inspect
import json
import logging
import re
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from coach.chat import ChatError, ChatModel, ChatReply
from coach.config import Settings
from coach.errors import CoachError
from coach.prompting import RenderedPrompt

log = logging.getLogger(__name__)
T = TypeVar("T", bound=BaseModel)
_FENCE = re.compile(r"^\s*```(?:json)?\s*|\s*```\s*$", re.I)


DEFAULT_ENDPOINTS = {
    "openai": "api.openai.com",
    "ollama": "127.0.0.1:11434",
    "anthropic": "api.anthropic.com",
}


def provider_of(model: str) -> tuple[str, str]:
    """``anthropic:claude-sonnet-4-5`` → (anthropic, claude-sonnet-4-5); a bare name is an
    OpenAI model (``gpt-4o-mini``), and so is ``llama3.1:8b`` (not a provider name)."""
    provider, sep, name = model.partition(":")
    if sep and provider.isidentifier() and not provider.isdigit() and "." not in provider:
        return provider, name
    return "openai", model


def endpoint(settings: Settings) -> str:
    """Where the model answers: the base URL, or the provider's default endpoint."""
    provider, _name = provider_of(settings.model)
    if provider == "azure_openai":
        return settings.llm_base_url or settings.azure_openai_endpoint or "(no endpoint)"
    if settings.llm_base_url:
        return settings.llm_base_url
    return DEFAULT_ENDPOINTS.get(provider, provider)


def missing_for(settings: Settings) -> str | None:
    """What the configured provider still needs before it can be called, or None."""
    provider, _name = provider_of(settings.model)
    if provider == "ollama":
        return None  # a local server with its own default endpoint
    if provider == "azure_openai":
        if not settings.provider_key(provider):
            return "AZURE_OPENAI_API_KEY"
        if not (settings.llm_base_url or settings.azure_openai_endpoint):
            return "AZURE_OPENAI_ENDPOINT (or COACH_LLM_BASE_URL)"
        return None
    if provider == "anthropic":
        return None if settings.provider_key(provider) else "ANTHROPIC_API_KEY"
    if provider == "openai":
        has = settings.api_key_set() or bool(settings.llm_base_url)
        return None if has else "OPENAI_API_KEY or COACH_LLM_BASE_URL"
    return None  # an unknown provider: the adapter names the supported ones


def llm_configured(settings: Settings) -> bool:
    """Whether settings ask for the LLM engine (``auto`` needs what the provider needs:
    a key, a base URL, or a provider with a local default endpoint such as Ollama)."""
    if settings.llm == "offline":
        return False
    missing = missing_for(settings)
    if settings.llm == "openai" and missing:
        raise CoachError(f"COACH_LLM=openai with COACH_MODEL={settings.model} needs {missing}")
    return missing is None


def select_model(settings: Settings) -> ChatModel | None:
    """The configured chat model, or None for the offline engine."""
    if not llm_configured(settings):
        return None
    from coach.llm_langchain import LangChainChatModel  # imports LangChain only when needed

    try:
        model: ChatModel = LangChainChatModel(settings)
    except ChatError as exc:  # an unknown provider, or its extra is not installed
        raise CoachError(exc.reason) from None
    if settings.redact:
        from coach.redact import RedactingChatModel

        model = RedactingChatModel(model)
    return model


def describe_engine(settings: Settings) -> str:
    """One line for headers: which engine and model will answer."""
    try:
        if not llm_configured(settings):
            return "offline (built-in; nothing leaves this machine)"
    except CoachError as exc:
        return f"offline ({exc})"
    where = endpoint(settings)
    return f"llm: {settings.model} at {where}"


class CallLog:
    """Appends one JSON line per LLM call under ``$COACH_HOME/logs`` (never any key)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path

    def write(self, **fields: Any) -> None:
        """Record one call."""
        if self.path is None:
            return
        fields = {"ts": datetime.now(UTC).isoformat(timespec="seconds"), **fields}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(fields, default=str) + "\n")
        except OSError:
            log.warning("could not write the LLM call log at %s", self.path)


@dataclass
class CallContext:
    """What the call log needs to know about the model request being made."""

    log: CallLog
    prompt: str
    """The prompt's name@version."""
    attempt: int = 1


current_call: ContextVar[CallContext | None] = ContextVar("coach_call", default=None)
"""Set around each model request, so the adapter's LangChain callbacks can log it."""


@contextmanager
def calling(log_to: CallLog, prompt: str, attempt: int = 1) -> Iterator[None]:
    """Mark the model requests made inside as belonging to ``prompt`` (for the call log)."""
    token = current_call.set(CallContext(log_to, prompt, attempt))
    try:
        yield
    finally:
        current_call.reset(token)


def call_log(settings: Settings | None) -> CallLog:
    """The call log for these settings (a no-op without settings)."""
    return CallLog(settings.log_dir / "llm_calls.jsonl" if settings else None)


def parse_json_object(text: str) -> Any:
    """The JSON object in a model's answer, tolerating code fences and chatter around it."""
    stripped = _FENCE.sub("", text.strip())
    try:
        return json.loads(stripped)
    except ValueError:
        pass
    start, end = stripped.find("{"), stripped.rfind("}")
    if start == -1 or end <= start:
        raise ValueError("the answer contains no JSON object")
    return json.loads(stripped[start : end + 1])


def model_facing_schema(response_type: type[BaseModel]) -> dict[str, Any]:
    """The JSON schema sent to the model, without the classes' docstrings: those are notes
    for developers ("…before grounding"), and a small model echoes them back as answers.
    Descriptions written for the model (``Field(description=…)``, ``json_schema_extra``)
    stay."""
    schema = response_type.model_json_schema()
    module = sys.modules.get(response_type.__module__)
    docs = (
        {
            inspect.cleandoc(obj.__doc__)
            for obj in vars(module).values()
            if isinstance(obj, type) and issubclass(obj, BaseModel) and obj.__doc__
        }
        if module
        else set()
    )
    for node in [schema, *schema.get("$defs", {}).values()]:
        if node.get("description") in docs:
            del node["description"]
    return schema


def _since(started: float) -> int:
    return round((time.perf_counter() - started) * 1000)


def structured(
    model: ChatModel, prompt: RenderedPrompt, response_type: type[T], log_to: CallLog
) -> T:
    """Ask ``model`` for a ``response_type``; one re-ask on invalid output, else ChatError."""
    schema = model_facing_schema(response_type)
    messages = prompt.messages()
    # A LangChain model logs each request itself (callbacks: every retry and rung); other
    # models (the test fake) are logged here. Validation failures are logged here always.
    own_log = not getattr(model, "logs_calls", False)

    def record(
        attempt: int, latency: int, outcome: str, reply: ChatReply | None = None, **fields: Any
    ) -> None:
        if reply is not None:
            fields.update(
                mode=reply.mode,
                prompt_tokens=reply.prompt_tokens,
                completion_tokens=reply.completion_tokens,
            )
        log_to.write(
            prompt=prompt.ref,
            model=model.model,
            attempt=attempt,
            outcome=outcome,
            **fields,
            latency_ms=latency,
        )

    for attempt in (1, 2):
        started = time.perf_counter()
        try:
            with calling(log_to, prompt.ref, attempt):
                reply = model.complete_json(messages, schema, response_type.__name__)
        except ChatError as exc:
            if own_log:
                record(attempt, _since(started), "error", reason=exc.reason)
            raise
        latency = _since(started)
        try:
            result = response_type.model_validate(parse_json_object(reply.text))
        except (ValueError, ValidationError) as exc:
            # Where and why it is invalid, never the values: with redaction on, the answer
            # already holds the restored emails and numbers, which must not reach the log.
            error = (
                "; ".join(
                    f"{'.'.join(map(str, e['loc'])) or 'answer'}: {e['msg']}"
                    for e in exc.errors(include_input=False, include_url=False)
                )
                if isinstance(exc, ValidationError)
                else str(exc).splitlines()[0].split(":")[0]
            )
            record(attempt, latency, "invalid", reply, error=error[:500])
            messages = [
                *prompt.messages(),
                {"role": "assistant", "content": reply.text[:4000]},
                {
                    "role": "user",
                    "content": "That answer was not valid: "
                    f"{error[:1500]}\nReply again with only the corrected JSON object.",
                },
            ]
            continue
        if own_log:
            record(attempt, latency, "ok", reply)
        return result
    raise ChatError("the model's answer was not valid JSON for this job, twice")
