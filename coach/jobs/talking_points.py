"""Talking points before a tough conversation, backed by dated evidence from the notes."""

from __future__ import annotations

from pydantic import BaseModel, Field

from coach.chat import ChatModel
from coach.config import Settings
from coach.context import PersonContext, gather, prompt_context
from coach.errors import CoachError
from coach.jobs.common import budget_for, llm_engine, valid_citations, with_fallback
from coach.llm_engine import call_log, structured
from coach.offline.talking_points import (
    talking_points_offline,
)
from coach.playbook import Situation, load_playbook
from coach.prompting import load_prompt, render
from coach.textin import clean_text
from coach.types import KeyMessage, Reaction, TalkingPoints
from coach.workspace import Workspace

MAX_SITUATION_CHARS = 2000


class LLMKeyMessage(BaseModel):
    """A key message as the model states it."""

    message: str = Field(min_length=1)
    note_ids: list[int] = Field(default_factory=list)


class LLMTalkingPoints(BaseModel):
    """The model's talking points."""

    goal: str = Field(min_length=1)
    opening: str = Field(min_length=1)
    key_messages: list[LLMKeyMessage] = Field(min_length=1)
    questions: list[str] = Field(default_factory=list)
    reactions: list[Reaction] = Field(default_factory=list)
    avoid: list[str] = Field(default_factory=list)
    outcome: str = ""
    next_steps: list[str] = Field(default_factory=list)


def _scaffold_text(s: Situation) -> str:
    lines = [
        f"goal: {s.goal}",
        f"opening: {s.opening}",
        "messages:",
        *[f"- {m}" for m in s.messages],
        "questions:",
        *[f"- {q}" for q in s.questions],
        "avoid:",
        *[f"- {a}" for a in s.avoid],
    ]
    return "\n".join(lines)


def _talking_points_llm(
    ws: Workspace, ctx: PersonContext, situation: str, chat: ChatModel, settings: Settings | None
) -> TalkingPoints:
    offline = talking_points_offline(ws, ctx, situation)
    scenario = next(s for s in load_playbook().situations if s.key == offline.scenario)
    priority = [c.note_id for m in offline.key_messages for c in m.evidence]
    context = prompt_context(ctx, priority, budget_for(chat, settings), chat.model)
    prompt = render(
        load_prompt("talking_points", settings.prompts_dir if settings else None),
        user=ctx.user,
        person=ctx.person,
        situation=situation,
        scenario=scenario.title,
        scaffold=_scaffold_text(scenario),
        context=context or "(no notes)",
    )
    answer = structured(chat, prompt, LLMTalkingPoints, call_log(settings))
    dropped = 0
    messages: list[KeyMessage] = []
    for m in answer.key_messages:
        cites, bad = valid_citations(ctx, m.note_ids)
        dropped += bad
        messages.append(KeyMessage(message=m.message, evidence=cites))
    notice = (
        f"removed {dropped} citation(s) to notes that are not {ctx.person}'s"
        if dropped
        else offline.notice
    )
    return TalkingPoints(
        person=ctx.person,
        situation=situation,
        scenario=scenario.key,
        scenario_confidence=offline.scenario_confidence,
        goal=answer.goal,
        opening=answer.opening,
        key_messages=messages,
        questions=answer.questions or offline.questions,
        reactions=answer.reactions or offline.reactions,
        avoid=answer.avoid or offline.avoid,
        outcome=answer.outcome or offline.outcome,
        next_steps=answer.next_steps or offline.next_steps,
        notice=notice,
        engine=llm_engine(chat),
    )


def talking_points(
    ws: Workspace,
    person: str,
    situation: str,
    chat: ChatModel | None = None,
    settings: Settings | None = None,
) -> TalkingPoints:
    """Talking points for a tough conversation with ``person`` about ``situation``."""
    situation = " ".join(clean_text(situation, "situation", 100_000).split())
    if len(situation) > MAX_SITUATION_CHARS:
        raise CoachError(f"describe the situation in at most {MAX_SITUATION_CHARS} characters")
    ctx = gather(ws, person)
    return with_fallback(
        chat,
        lambda: talking_points_offline(ws, ctx, situation),
        lambda model: _talking_points_llm(ws, ctx, situation, model, settings),
    )
