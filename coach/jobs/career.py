"""Career-aspiration topics for a report preparing to meet their own manager."""

from __future__ import annotations

from pydantic import BaseModel, Field

from coach.chat import ChatModel
from coach.config import Settings
from coach.context import PersonContext, gather, gather_all, prompt_context
from coach.errors import CoachError
from coach.jobs.common import budget_for, llm_engine, valid_citations, with_fallback
from coach.llm_engine import call_log, structured
from coach.offline.career import career_offline
from coach.playbook import load_playbook
from coach.prompting import load_prompt, render
from coach.textin import clean_text
from coach.types import Achievement, CareerPrep, CareerTopic
from coach.workspace import Workspace


class LLMCareerTopic(BaseModel):
    """A topic as the model frames it."""

    title: str = Field(min_length=1)
    framing: str
    ask: str
    note_ids: list[int] = Field(default_factory=list)


class LLMAchievement(BaseModel):
    """An achievement the model found."""

    text: str = Field(min_length=1)
    note_id: int


class LLMCareer(BaseModel):
    """The model's career prep."""

    topics: list[LLMCareerTopic] = Field(min_length=1)
    achievements: list[LLMAchievement] = Field(default_factory=list)
    questions: list[str] = Field(default_factory=list)
    message: str = Field(min_length=1)


def _career_llm(
    ws: Workspace,
    ctx: PersonContext,
    about: str,
    manager: str | None,
    chat: ChatModel,
    settings: Settings | None,
) -> CareerPrep:
    offline = career_offline(ws, ctx, about, manager)
    pb = load_playbook()
    framings = "\n".join(f"- {k}: {pb.career_framing(k).ask}" for k in pb.career_framings)
    priority = [a.citation.note_id for a in offline.achievements] + [
        c.note_id for t in offline.topics for c in t.citations
    ]
    context = prompt_context(ctx, priority, budget_for(chat, settings), chat.model)
    prompt = render(
        load_prompt("career", settings.prompts_dir if settings else None),
        user=ctx.user,
        manager=manager,
        about=about,
        framings=framings,
        context=context or "(no notes)",
    )
    answer = structured(chat, prompt, LLMCareer, call_log(settings))
    dropped = 0
    topics = []
    for t in answer.topics:
        cites, bad = valid_citations(ctx, t.note_ids)
        dropped += bad
        framing = t.framing if t.framing in pb.career_framings else "scope"
        topics.append(CareerTopic(title=t.title, framing=framing, ask=t.ask, citations=cites))  # type: ignore[arg-type]
    achievements = []
    for a in answer.achievements:
        cites, bad = valid_citations(ctx, [a.note_id])
        dropped += bad
        if cites:
            achievements.append(Achievement(text=a.text, citation=cites[0]))
    notice = (
        f"removed {dropped} citation(s) to notes that do not exist" if dropped else offline.notice
    )
    return CareerPrep(
        about=about,
        manager=manager,
        topics=topics,
        achievements=achievements,
        questions=answer.questions or offline.questions,
        message=answer.message,
        notice=notice,
        engine=llm_engine(chat),
    )


def career(
    ws: Workspace,
    about: str,
    manager: str | None = None,
    chat: ChatModel | None = None,
    settings: Settings | None = None,
) -> CareerPrep:
    """Career topics, framing, evidence, questions and a draft message for the user's own 1:1."""
    about = " ".join(clean_text(about, "--about", 100_000).split())
    if len(about) > 2000:
        raise CoachError("describe your aspiration in at most 2000 characters")
    ctx = gather(ws, manager) if manager else gather_all(ws)
    return with_fallback(
        chat,
        lambda: career_offline(ws, ctx, about, manager and ctx.person),
        lambda model: _career_llm(ws, ctx, about, manager and ctx.person, model, settings),
    )
