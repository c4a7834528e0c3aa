"""Feedback wording: a rough draft in; SBI, a language check and a rewrite out."""

from __future__ import annotations

from pydantic import BaseModel, Field

from coach.chat import ChatModel
from coach.config import Settings
from coach.context import VOICE_TAGS, PersonContext, gather
from coach.errors import CoachError
from coach.jobs.common import llm_engine, with_fallback
from coach.llm_engine import call_log, structured
from coach.offline.feedback import (
    SEVERE,
    feedback_offline,
)
from coach.offline.label_moment import moment_sentences
from coach.offline.language import check_language
from coach.offline.specificity import specificity
from coach.prompting import load_prompt, render
from coach.textin import clean_text
from coach.types import SBI, FeedbackDraft
from coach.workspace import Workspace

MAX_DRAFT_CHARS = 5000


class LLMFeedback(BaseModel):
    """The model's SBI and rewrite."""

    situation: str = Field(min_length=1)
    behavior: str = Field(min_length=1)
    impact: str = Field(min_length=1)
    request: str = Field(min_length=1)
    rewrite: str = Field(min_length=1)


def _feedback_llm(
    ctx: PersonContext | None,
    ws: Workspace | None,
    draft: str,
    kind: str | None,
    chat: ChatModel,
    settings: Settings | None,
) -> FeedbackDraft:
    offline = feedback_offline(ctx, ws, draft, kind)
    # The same evidence the offline engine may use: about the drafted behaviour by meaning,
    # never praise for a criticism, each sentence tagged with whose words it is.
    evidence = (
        moment_sentences(ws, ctx, draft, offline.issues, offline.kind)
        if ctx is not None and ws is not None and ctx.notes
        else []
    )
    notes = "\n".join(
        f'<note id="{e.note_id}" date="{e.date.isoformat()}">'
        f"[{VOICE_TAGS[ctx.voice(e)]}] {e.text}</note>"
        for e in evidence
        if ctx is not None
    )
    issues = "\n".join(f"- {i.category}: {i.text[:80]!r}" for i in offline.issues) or "- none"
    prompt = render(
        load_prompt("feedback", settings.prompts_dir if settings else None),
        user=(ctx.user if ctx else "the user"),
        person=(ctx.person if ctx else "the person"),
        kind=offline.kind,
        draft=draft,
        issues=issues,
        notes=notes or "(no notes)",
    )
    answer = structured(chat, prompt, LLMFeedback, call_log(settings))
    source = offline.sbi.situation_source
    if evidence and source is None:
        source = next((e.citation() for e in evidence if e.text[:30] in answer.situation), None)
    sbi = SBI(
        situation=answer.situation,
        behavior=answer.behavior,
        impact=answer.impact,
        request=answer.request,
        situation_source=source,
    )
    left = sorted(
        {i.category for i in check_language(answer.rewrite) if i.category in SEVERE | {"absolute"}}
    )
    notice = f"the model's rewrite still contains: {', '.join(left)}" if left else offline.notice
    return FeedbackDraft(
        draft=draft,
        kind=offline.kind,
        person=offline.person,
        sbi=sbi,
        issues=offline.issues,
        rewrite=answer.rewrite,
        notice=notice,
        engine=llm_engine(chat),
    )


def feedback(
    ws: Workspace | None,
    draft: str,
    person: str | None = None,
    kind: str | None = None,
    chat: ChatModel | None = None,
    settings: Settings | None = None,
) -> FeedbackDraft:
    """Rework a feedback draft: SBI, language issues and a rewrite, on either engine."""
    draft = " ".join(clean_text(draft, "draft", 200_000).split())
    if len(draft) > MAX_DRAFT_CHARS:
        raise CoachError(
            f"the draft is {len(draft)} characters; keep feedback under {MAX_DRAFT_CHARS}"
        )
    if kind is not None and kind not in ("praise", "redirect"):
        raise CoachError("--kind must be praise or redirect")
    ctx = gather(ws, person) if ws is not None and person else None
    result = with_fallback(
        chat,
        lambda: feedback_offline(ctx, ws, draft, kind),
        lambda model: _feedback_llm(ctx, ws, draft, kind, model, settings),
    )
    # Measured the same way on both engines, from the text alone.
    result.specificity = specificity(draft)
    result.rewrite_specificity = specificity(result.rewrite)
    return result
