"""Settings, dates as users type them, and what ``coach status`` reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from coach.config import Settings
from coach.errors import CoachError


def load_settings(**overrides: Any) -> Settings:
    """Settings from the environment and ``.env``; a bad value is a one-line error."""
    from pydantic import ValidationError

    from coach.config import load_settings as load

    try:
        return load(**overrides)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "settings"
        raise CoachError(f"invalid configuration {where}: {first.get('msg')}") from None


def parse_date(value: str | None) -> date | None:
    """A user-typed date (``YYYY-MM-DD``, ``today``…), or None for an empty value."""
    from coach.dates import parse_date_arg

    return parse_date_arg(value.strip()) if value and value.strip() else None


def describe_engine(settings: Settings) -> str:
    """One line for headers: which engine and model will answer."""
    from coach.llm_engine import describe_engine as describe

    return describe(settings)


@dataclass
class Status:
    """What ``coach status`` reports."""

    engine: dict[str, Any]
    reason: str
    base_url: str | None
    checks: list[dict[str, Any]]
    account: str
    home: str
    people: int
    notes: int
    index_behind: int
    tracing: str = "off"
    """LangChain tracing of LLM calls (LangSmith / OpenTelemetry), opt-in by its variables."""

    @property
    def ok(self) -> bool:
        """Whether every connection check passed."""
        return all(c["ok"] for c in self.checks)


def prompt_versions(settings: Settings) -> dict[str, str]:
    """``name@version`` of every prompt in use (built-in or overridden)."""
    from coach.prompting import builtin_names, load_prompt

    return {n: load_prompt(n, settings.prompts_dir).ref for n in builtin_names()}


def build_status(settings: Settings, workspace: Any, check: bool = True) -> Status:
    """What ``coach status`` shows; with ``check`` the LLM connection is tested too."""
    from coach.diagnostics import check_llm, engine_reason, tracing
    from coach.llm_engine import llm_configured

    use_llm = llm_configured(settings)
    checks = [c.model_dump() for c in check_llm(settings)] if use_llm and check else []
    failed = not all(c["ok"] for c in checks)
    return Status(
        engine={
            "kind": "llm" if use_llm else "offline",
            "model": settings.model if use_llm else None,
            "notice": "LLM checks failed; jobs will answer offline" if failed else None,
        },
        reason=engine_reason(settings),
        base_url=settings.llm_base_url,
        checks=checks,
        account=settings.user,
        home=str(settings.home),
        people=len(workspace.people()),
        notes=len(workspace.notes()),
        index_behind=workspace.store.count_unindexed(),
        tracing=tracing() if use_llm else "off",
    )
