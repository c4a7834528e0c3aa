"""Agenda for the next 1:1 with a person: carried-over actions, concerns, goals, coverage."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from coach.chat import ChatModel
from coach.config import Settings
from coach.context import PersonContext, gather, prompt_context, relevant_sentences
from coach.jobs.agenda_memory import remember, with_carried_over
from coach.jobs.common import budget_for, llm_engine, valid_citations, with_fallback
from coach.llm_engine import call_log, structured
from coach.offline.agenda import (
    agenda_offline,
    fit_minutes,
)
from coach.prompting import load_prompt, render
from coach.types import Agenda, AgendaTopic
from coach.workspace import Workspace


class LLMTopic(BaseModel):
    """An agenda topic as the model proposes it."""

    title: str = Field(min_length=1)
    reason: str
    minutes: int = 5
    kind: str = "general"
    objective: str | None = None
    note_ids: list[int] = Field(default_factory=list)


class LLMAgenda(BaseModel):
    """The model's agenda."""

    topics: list[LLMTopic] = Field(min_length=1)


# What an agenda is about, one aspect per query: short queries match far better than one
# long one with the small embedding model.
AGENDA_QUERIES = (
    "feeling tired, drained or overwhelmed",
    "worried, blocked or frustrated",
    "goals, deadlines and progress",
    "career growth and learning",
)


def _agenda_llm(
    ctx: PersonContext,
    meeting: date,
    minutes: int,
    chat: ChatModel,
    settings: Settings | None,
    ws: Workspace | None = None,
) -> Agenda:
    offline = agenda_offline(ctx, meeting, minutes)
    signals = "\n".join(
        f"- [{t.kind}] {t.title}: {t.reason}"
        + (f" (notes {', '.join(str(c.note_id) for c in t.citations)})" if t.citations else "")
        for t in offline.topics
    )
    priority = [c.note_id for t in offline.topics for c in t.citations]
    if ws is not None:  # plus the notes nearest in meaning to what an agenda is about
        for query in AGENDA_QUERIES:
            priority += [s.note_id for s in relevant_sentences(ws, ctx, query, k=3, min_score=0.2)]
    context = prompt_context(ctx, priority, budget_for(chat, settings), chat.model)
    prompt = render(
        load_prompt("agenda", settings.prompts_dir if settings else None),
        user=ctx.user,
        person=ctx.person,
        meeting_date=meeting.isoformat(),
        minutes=minutes,
        signals=signals or "(none)",
        context=context or "(no notes)",
    )
    answer = structured(chat, prompt, LLMAgenda, call_log(settings))
    dropped = 0
    topics: list[AgendaTopic] = []
    kinds = {"action", "ask", "wellbeing", "concern", "goal", "objective", "checkin", "general"}
    for t in answer.topics:
        cites, bad = valid_citations(ctx, t.note_ids)
        dropped += bad
        topics.append(
            AgendaTopic(
                title=t.title,
                reason=t.reason,
                minutes=max(t.minutes, 0),
                kind=t.kind if t.kind in kinds else "general",  # type: ignore[arg-type]
                objective=t.objective,
                citations=cites,
            )
        )  # type: ignore[arg-type]
    total = sum(t.minutes for t in topics)
    if total != minutes:
        topics = fit_minutes(topics, minutes)
    notice = (
        f"removed {dropped} citation(s) to notes that are not {ctx.person}'s" if dropped else None
    )
    return Agenda(
        person=ctx.person,
        meeting_date=meeting,
        minutes=minutes,
        topics=topics,
        coverage=offline.coverage,
        notice=notice or offline.notice,
        engine=llm_engine(chat),
    )


def agenda(
    ws: Workspace,
    person: str,
    meeting_date: date | None = None,
    minutes: int = 30,
    chat: ChatModel | None = None,
    settings: Settings | None = None,
) -> Agenda:
    """The agenda for the next 1:1 with ``person``, on ``chat`` when given, else offline.

    The unticked topics of the person's previous agenda come first, and the agenda is saved
    so its topics can be ticked as they are covered.
    """
    from coach.errors import CoachError

    if not 5 <= minutes <= 240:
        raise CoachError("--minutes must be between 5 and 240")
    meeting = meeting_date or date.today()
    ctx = gather(ws, person, today=meeting)
    result = with_fallback(
        chat,
        lambda: agenda_offline(ctx, meeting, minutes),
        lambda model: _agenda_llm(ctx, meeting, minutes, model, settings, ws),
    )
    return remember(ws, with_carried_over(ws, result))
