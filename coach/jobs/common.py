"""What every job shares: engine fallback and citation checks."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from pydantic import BaseModel

from coach.chat import ChatError, ChatModel
from coach.config import Settings
from coach.context import PersonContext
from coach.types import Citation, EngineInfo

log = logging.getLogger(__name__)
R = TypeVar("R", bound=BaseModel)


def with_fallback(
    chat: ChatModel | None, offline: Callable[[], R], llm: Callable[[ChatModel], R]
) -> R:
    """Run ``llm`` when a model is configured, else ``offline``; fall back to offline on failure."""
    if chat is None:
        return offline()
    try:
        return llm(chat)
    except ChatError as exc:
        log.warning("LLM job failed, answering offline: %s", exc.reason)
        notice = f"{exc.reason}; answered with the offline engine"
        return offline().model_copy(update={"engine": EngineInfo(kind="offline", notice=notice)})


def llm_engine(chat: ChatModel, notice: str | None = None) -> EngineInfo:
    """EngineInfo for an answer from ``chat``."""
    return EngineInfo(kind="llm", model=chat.model, notice=notice)


def valid_citations(ctx: PersonContext, note_ids: list[int]) -> tuple[list[Citation], int]:
    """Citations for the ids that are this person's notes, and how many ids were not."""
    out: list[Citation] = []
    invalid = 0
    for nid in note_ids:
        try:
            c = ctx.citation(int(nid))
        except (TypeError, ValueError):
            c = None
        if c is None:
            invalid += 1
        elif all(x.note_id != c.note_id for x in out):
            out.append(c)
    return out, invalid


def budget_for(chat: ChatModel, settings: Settings | None, reserve: int = 800) -> int:
    """Tokens available for notes in a prompt to ``chat``."""
    answer = settings.llm_answer_tokens if settings else 2048
    return max(chat.context_tokens - answer - reserve, 512)
