"""Growth-minded questions for a person: open, forward-looking, tied to their notes."""

from __future__ import annotations

from pydantic import BaseModel, Field

from coach.chat import ChatModel
from coach.config import Settings
from coach.context import (
    PersonContext,
    gather,
    prompt_context,
    quoted_in_wrong_voice,
    relevant_sentences,
)
from coach.errors import CoachError
from coach.jobs.common import budget_for, llm_engine, valid_citations, with_fallback
from coach.llm_engine import call_log, structured
from coach.offline.language import is_open_question
from coach.offline.questions import THEMES, pick_themes, questions_offline
from coach.prompting import load_prompt, render
from coach.types import Question, Questions
from coach.workspace import Workspace


class LLMQuestion(BaseModel):
    """A question as the model writes it."""

    text: str = Field(min_length=1)
    theme: str = ""
    why: str = ""
    note_ids: list[int] = Field(default_factory=list)


class LLMQuestions(BaseModel):
    """The model's questions."""

    questions: list[LLMQuestion] = Field(min_length=1)


def _questions_llm(
    ctx: PersonContext,
    themes: list[str],
    n: int,
    chat: ChatModel,
    settings: Settings | None,
    ws: Workspace | None = None,
) -> Questions:
    offline = questions_offline(ctx, themes, n)
    priority = [c.note_id for q in offline.questions for c in q.citations]
    if ws is not None:  # plus the notes nearest in meaning to the themes asked for
        query = " ".join(t.replace("_", " ") for t in themes)
        priority += [s.note_id for s in relevant_sentences(ws, ctx, query, k=8, min_score=0.2)]
    context = prompt_context(ctx, priority, budget_for(chat, settings), chat.model)
    prompt = render(
        load_prompt("questions", settings.prompts_dir if settings else None),
        user=ctx.user,
        person=ctx.person,
        n=n,
        themes=", ".join(themes),
        context=context or "(no notes)",
    )
    answer = structured(chat, prompt, LLMQuestions, call_log(settings))
    kept: list[Question] = []
    closed = dropped = wrong_voice = 0
    for proposed in answer.questions:
        if not is_open_question(proposed.text):
            closed += 1
            continue
        if quoted_in_wrong_voice(ctx, proposed.text):
            wrong_voice += 1  # the user's own note read back to the person as theirs
            continue
        cites, bad = valid_citations(ctx, proposed.note_ids)
        dropped += bad
        theme = (
            proposed.theme
            if proposed.theme in THEMES
            else (themes[0] if len(themes) == 1 else "aspirations")
        )
        kept.append(
            Question(text=proposed.text.strip(), theme=theme, why=proposed.why, citations=cites)
        )
    for fallback in offline.questions:  # top up from the offline engine if the model fell short
        if len(kept) >= n:
            break
        if all(fallback.text != k.text for k in kept):
            kept.append(fallback)
    notes = []
    if closed:
        notes.append(f"removed {closed} yes/no question(s)")
    if dropped:
        notes.append(f"removed {dropped} citation(s) to notes that are not {ctx.person}'s")
    if wrong_voice:
        notes.append(
            f"removed {wrong_voice} question(s) quoting your notes as {ctx.person}'s words"
        )
    return Questions(
        person=ctx.person,
        theme=offline.theme,
        questions=kept[:n],
        notice="; ".join(notes) or offline.notice,
        engine=llm_engine(chat),
    )


def questions(
    ws: Workspace,
    person: str,
    theme: str | None = None,
    n: int = 8,
    chat: ChatModel | None = None,
    settings: Settings | None = None,
) -> Questions:
    """``n`` growth-minded questions for ``person``, optionally for one theme."""
    if not 1 <= n <= 30:
        raise CoachError("--n must be between 1 and 30")
    themes = pick_themes(theme)
    ctx = gather(ws, person)
    return with_fallback(
        chat,
        lambda: questions_offline(ctx, themes, n),
        lambda model: _questions_llm(ctx, themes, n, model, settings, ws),
    )
