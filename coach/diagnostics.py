"""``coach status``: which engine answers, and if it is an LLM, whether it really works.

People often cannot tell why their local server is not being used, so each check
says exactly what failed and what to do about it.
"""

from __future__ import annotations

import os

from pydantic import BaseModel

from coach.chat import ChatError
from coach.config import Settings
from coach.errors import CoachError
from coach.llm_engine import CallLog, llm_configured, missing_for
from coach.prompting import RenderedPrompt


class Check(BaseModel):
    """One connection check and its result."""

    name: str
    ok: bool
    detail: str


class Ping(BaseModel):
    """The tiny structured answer the status check asks for."""

    ok: bool


def engine_reason(settings: Settings) -> str:
    """Why the configured engine is the one in use."""
    if settings.llm == "offline":
        return "COACH_LLM=offline"
    try:
        if llm_configured(settings):
            if settings.llm_base_url:
                source = "COACH_LLM_BASE_URL is set"
            elif settings.api_key_set():
                source = "OPENAI_API_KEY is set"
            else:
                source = f"COACH_MODEL names the provider ({settings.model})"
            return f"COACH_LLM={settings.llm} and {source}"
    except CoachError as exc:
        return str(exc)
    missing = missing_for(settings)
    return f"COACH_LLM={settings.llm} and COACH_MODEL={settings.model} needs {missing}"


TRACING_FLAGS = ("LANGSMITH_TRACING", "LANGCHAIN_TRACING_V2")


def tracing() -> str:
    """Whether LangChain traces LLM calls (opt-in, by LangChain's own variables)."""
    on = [v for v in TRACING_FLAGS if os.environ.get(v, "").strip().lower() in ("1", "true")]
    if not on:
        return "off"
    otel = os.environ.get("LANGSMITH_OTEL_ENABLED", "").lower() in ("1", "true")
    where = "OpenTelemetry" if otel else "LangSmith"
    return f"on ({on[0]}): LLM prompts and answers are also sent to {where}"


def check_llm(settings: Settings) -> list[Check]:
    """Reachability, model presence and a structured answer, in that order."""
    from coach.llm_engine import endpoint, structured
    from coach.llm_langchain import LangChainChatModel

    checks: list[Check] = []
    try:
        model = LangChainChatModel(settings)
    except ChatError as exc:
        return [Check(name="provider", ok=False, detail=exc.reason)]
    where = endpoint(settings)
    try:
        models = model.list_models()
        checks.append(
            Check(name="server", ok=True, detail=f"{where} answered ({len(models)} models)")
        )
    except ChatError as exc:
        checks.append(Check(name="server", ok=False, detail=f"{where}: {exc.reason}"))
        return checks
    if model.model in models or not models:
        checks.append(Check(name="model", ok=True, detail=f"{settings.model} is available"))
    else:
        shown = ", ".join(models[:8]) + ("…" if len(models) > 8 else "")
        checks.append(
            Check(
                name="model",
                ok=False,
                detail=f"{settings.model} is not on the server; set COACH_MODEL to one of: {shown}",
            )
        )
        return checks
    prompt = RenderedPrompt(
        ref="status@1",
        system='Reply with the JSON object {"ok": true} and nothing else.',
        user="Are you there?",
    )
    try:
        structured(model, prompt, Ping, CallLog(None))
        mode = model._remembered()
        checks.append(
            Check(
                name="structured output",
                ok=True,
                detail=f"valid JSON answer (request shape: {mode})",
            )
        )
    except ChatError as exc:
        checks.append(Check(name="structured output", ok=False, detail=exc.reason))
    return checks
