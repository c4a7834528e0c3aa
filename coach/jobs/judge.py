"""An LLM-as-judge grade of a job's output (used by the evals when they run on an LLM)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from coach.chat import ChatError, ChatModel
from coach.config import Settings
from coach.llm_engine import call_log, structured
from coach.prompting import load_prompt, render


class Verdict(BaseModel):
    """The judge's grade."""

    score: int = Field(ge=1, le=5)
    reason: str = ""


def judge(
    chat: ChatModel, settings: Settings | None, job: str, given: str, output: str
) -> float | None:
    """A 0-1 quality score from the judge model, or None when the judge cannot answer."""
    prompt = render(
        load_prompt("eval_judge", settings.prompts_dir if settings else None),
        job=job,
        input=given[:6000],
        output=output[:6000],
    )
    try:
        verdict = structured(chat, prompt, Verdict, call_log(settings))
    except ChatError:
        return None
    return (verdict.score - 1) / 4
