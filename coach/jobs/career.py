"""Career-aspiration topics for a report preparing to meet their own manager."""

from __future__ import annotations

from pydantic import BaseModel, Field

from coach.chat import ChatModel
from coach.config import Settings
from coach.context import PersonContext, gather, gather_all, prompt_context, relevant_sentences
from coach.errors import CoachError
from coach.jobs.common import budget_for, llm_engine, valid_citations, with_fallback
from coach.llm_engine import call_log, structured
from coach.playbook import load_playbook
from coach.prompting import load_prompt, render
from coach.signals import NoteSentence, lexicon, matching
from coach.textin import clean_text
from coach.types import Achievement, CareerPrep, CareerTopic, EngineInfo
from coach.workspace import Workspace

NO_OWN_NOTES = (
    "No notes about your own work yet; add some (coach notes add) so achievements can be cited."
)
_NUMBER = lexicon(("%", "percent", "x faster", "hours", "days", "users", "customers"))


def _achievements(ws: Workspace, ctx: PersonContext, about: str) -> list[NoteSentence]:
    words = load_playbook().achievements.keywords
    found = matching(ctx.notes, words)
    # Relevance to the aspiration first, then results with numbers, then recency.
    related = {s.text for s in relevant_sentences(ws, ctx, about, k=12, keywords=tuple(words))}
    pattern = lexicon(tuple(words))

    def rank(s: NoteSentence) -> tuple:
        has_number = bool(_NUMBER.search(s.text)) or any(ch.isdigit() for ch in s.text)
        return (s.text in related, has_number, s.date)

    out = [s for s in found if pattern.search(s.text) and not s.text.rstrip().endswith("?")]
    return sorted(dict.fromkeys(out), key=rank, reverse=True)[:5]


def career_offline(
    ws: Workspace, ctx: PersonContext, about: str, manager: str | None
) -> CareerPrep:
    """Framings chosen by keywords in the aspiration, evidence from the user's notes."""
    pb = load_playbook()
    scored = []
    for i, key in enumerate(pb.career_framings):
        framing = pb.career_framing(key)
        hits = len(lexicon(tuple(framing.keywords)).findall(about))
        scored.append((hits, -i, key))
    scored.sort(reverse=True)
    chosen = [k for hits, _i, k in scored if hits > 0] or []
    for default in ("scope", "visibility", "skills", "sponsorship"):
        if len(chosen) >= 3:
            break
        if default not in chosen:
            chosen.append(default)
    topics: list[CareerTopic] = []
    cited: set[str] = set()
    for key in chosen:
        framing = pb.career_framing(key)
        # Evidence per framing: the user's own lines that speak to that kind of ask.
        found = (
            relevant_sentences(
                ws, ctx, " ".join(framing.keywords), k=6, keywords=tuple(framing.keywords)
            )
            if ctx.notes
            else []
        )
        support = [s for s in found if s.text not in cited][:2]
        cited.update(s.text for s in support)
        topics.append(CareerTopic(title=framing.topic, framing=key, ask=framing.ask,  # type: ignore[arg-type]
                                  citations=[s.citation() for s in support]))  # fmt: skip
    wins = _achievements(ws, ctx, about) if ctx.notes else []
    achievements = [Achievement(text=s.text, citation=s.citation()) for s in wins]
    questions = [pb.career_framing(k).question for k in chosen] + pb.career_questions[:3]
    return CareerPrep(
        about=about, manager=manager, topics=topics, achievements=achievements, questions=questions,
        message=draft_message(about, manager, wins, topics),
        notice=None if ctx.notes else NO_OWN_NOTES, engine=EngineInfo(kind="offline"),
    )  # fmt: skip


def draft_message(
    about: str, manager: str | None, wins: list[NoteSentence], topics: list[CareerTopic]
) -> str:
    """A short message to send ahead of the 1:1, quoting only the user's own words."""
    greeting = f"Hi {manager.split()[0]}," if manager else "Hi,"
    lines = [
        greeting,
        "",
        f"For our next 1:1 I'd like to talk about my growth: {about.rstrip('.')}.",
    ]
    if wins:
        lines += ["", "Some recent work I'd like to build on:"]
        lines += [f"- {w.text.rstrip('.')} ({w.date.isoformat()})" for w in wins[:3]]
    if topics:
        asks = [t.title[0].lower() + t.title[1:] for t in topics[:2]]
        lines += ["", f"In particular I'd like to discuss {' and '.join(asks)}."]
    lines += [
        "Could we set aside time for it? Happy to send more context beforehand.",
        "",
        "Thanks!",
    ]
    return "\n".join(lines)


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
    prompt = render(load_prompt("career", settings.prompts_dir if settings else None), user=ctx.user,
                    manager=manager, about=about, framings=framings, context=context or "(no notes)")  # fmt: skip
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
    return CareerPrep(about=about, manager=manager, topics=topics, achievements=achievements,
                      questions=answer.questions or offline.questions, message=answer.message,
                      notice=notice, engine=llm_engine(chat))  # fmt: skip


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
