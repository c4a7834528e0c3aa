"""Summarize: notes or a transcript in, summary and action items out, on either engine."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from coach.chat import ChatError, ChatModel
from coach.config import Settings
from coach.dates import find_meeting_date
from coach.formats import normalise_pasted
from coach.grounding import (
    find_source,
    ground_texts,
    grounded_due,
    owner_is_grounded,
    task_is_supported,
)
from coach.llm_engine import call_log, structured
from coach.offline.summarize import summarize_offline
from coach.parsing import Doc, parse, split_sentences
from coach.prompting import load_prompt, render
from coach.textin import clean_text
from coach.types import ActionItem, Dropped, EngineInfo, Summary
from retrieval.tokens import count_tokens

log = logging.getLogger(__name__)


class LLMAction(BaseModel):
    # The model's answer, before grounding (descriptions below are sent to the model).
    model_config = ConfigDict(json_schema_extra={"description": "One action item."})

    owner: str = Field(description="Who will do it: a name from the notes, or 'team'.")
    task: str = Field(description="What to do, starting with a verb, e.g. 'Send the deck'.")
    due: str | None = Field(
        default=None, description="When, as an ISO date or the notes' own words; null if none."
    )
    source: str = Field(description="The sentence of the notes it comes from, copied exactly.")


class LLMMerged(BaseModel):
    # The text fields of a summary (the reduce step's answer); descriptions go to the model.
    model_config = ConfigDict(
        json_schema_extra={"description": "A summary of the 1:1 notes, using only their facts."}
    )

    summary: str = Field(
        min_length=1, description="Two to four sentences on what was discussed and agreed."
    )
    key_points: list[str] = Field(default_factory=list, description="The main points, short.")
    decisions: list[str] = Field(default_factory=list, description="What was decided.")
    concerns: list[str] = Field(default_factory=list, description="Worries or blockers raised.")
    follow_ups: list[str] = Field(
        default_factory=list, description="Topics to come back to in the next 1:1."
    )


class LLMSummary(LLMMerged):
    # The whole answer before grounding: text fields plus action items.
    model_config = ConfigDict(
        json_schema_extra={"description": "A summary of the 1:1 notes, using only their facts."}
    )

    action_items: list[LLMAction] = Field(
        default_factory=list, description="Every commitment made, with its owner."
    )


def resolve_meeting_date(text: str, given: date | None, today: date | None = None) -> date:
    """``--date`` if given, else a full date near the top of the text, else today."""
    return given or find_meeting_date(text) or today or date.today()


def summarize(
    text: str,
    meeting_date: date | None = None,
    person: str | None = None,
    max_bytes: int = 2_000_000,
    chat: ChatModel | None = None,
    settings: Settings | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Summary:
    """Summarize notes or a transcript: on ``chat`` when given, else offline.

    If the model is unreachable or keeps answering invalid JSON, the offline engine
    answers and ``engine.notice`` says why.
    """
    text = normalise_pasted(clean_text(text, "notes", max_bytes))
    meeting = resolve_meeting_date(text, meeting_date)
    doc = parse(text)
    if chat is None:
        return summarize_offline(doc, meeting, person)
    try:
        return _summarize_llm(text, doc, meeting, person, chat, settings, progress)
    except ChatError as exc:
        log.warning("LLM summarize failed, answering offline: %s", exc.reason)
        result = summarize_offline(doc, meeting, person)
        result.engine = EngineInfo(
            kind="offline", model=None, notice=f"{exc.reason}; answered with the offline engine"
        )
        return result


def note_actions(text: str, meeting_date: date, person: str | None = None) -> list[ActionItem]:
    """The action items of a note saved directly (added, imported, typed in the app).

    The same extractor as an offline summary, so a promise in any note reaches the
    agenda. It is the offline one whatever the engine: saving stays instant and private.
    """
    return summarize_offline(parse(normalise_pasted(text)), meeting_date, person).action_items


def split_for_budget(text: str, budget: int, model: str | None = None) -> list[str]:
    """Split text on line boundaries into parts of at most ``budget`` tokens each."""
    parts: list[str] = []
    current: list[str] = []
    size = 0
    for line in text.split("\n"):
        n = count_tokens(line, model) + 1
        if current and size + n > budget:
            parts.append("\n".join(current))
            current, size = [], 0
        if n > budget:  # one enormous line: cut it by characters (~4 per token)
            step = max(budget * 3, 1)
            parts.extend(line[i : i + step] for i in range(0, len(line), step))
            continue
        current.append(line)
        size += n
    if current:
        parts.append("\n".join(current))
    return [p for p in parts if p.strip()]


def _summarize_llm(
    text: str,
    doc: Doc,
    meeting: date,
    person: str | None,
    chat: ChatModel,
    settings: Settings | None,
    progress: Callable[[int, int], None] | None = None,
) -> Summary:
    override = settings.prompts_dir if settings else None
    answer = settings.llm_answer_tokens if settings else 2048
    template = load_prompt("summarize", override)
    base = dict(
        meeting_date=meeting.isoformat(), meeting_weekday=meeting.strftime("%A"), person=person
    )
    overhead = count_tokens(
        render(template, **base, notes="", part=None, parts=None).user
        + render(template, **base, notes="", part=None, parts=None).system,
        chat.model,
    )
    budget = max(chat.context_tokens - answer - overhead - 64, 256)
    logger = call_log(settings)
    parts = split_for_budget(text, budget, chat.model)
    partials: list[LLMSummary] = []
    for i, part in enumerate(parts, 1):
        prompt = render(
            template, **base, notes=part, part=i if len(parts) > 1 else None, parts=len(parts)
        )
        partials.append(structured(chat, prompt, LLMSummary, logger))
        if progress:
            progress(i, len(parts) + (1 if len(parts) > 1 else 0))
    if len(partials) == 1:
        merged = LLMMerged(**partials[0].model_dump(exclude={"action_items"}))
    else:
        reduce_t = load_prompt("summarize_reduce", override)
        payload = json.dumps([p.model_dump(exclude={"action_items"}) for p in partials], indent=1)
        merged = structured(
            chat,
            render(reduce_t, meeting_date=meeting.isoformat(), parts=payload),
            LLMMerged,
            logger,
        )
    actions, dropped = ground_actions(
        [a for p in partials for a in p.action_items], doc, text, meeting, person
    )
    notice = (
        f"long input: summarized in {len(parts)} parts, then merged" if len(parts) > 1 else None
    )
    # The text fields are checked like action items: no name or number the input lacks.
    grounded: dict[str, list[str]] = {}
    for field in ("key_points", "decisions", "concerns", "follow_ups"):
        grounded[field], removed = ground_texts(getattr(merged, field), text, field)
        dropped += [Dropped(item=item, reason=why) for item, why in removed]
    sentences, removed = ground_texts(split_sentences(merged.summary), text, "summary")
    dropped += [Dropped(item=item, reason=why) for item, why in removed]
    summary = " ".join(sentences) or summarize_offline(doc, meeting, person).summary
    return Summary(
        summary=summary,
        key_points=grounded["key_points"],
        decisions=grounded["decisions"],
        concerns=grounded["concerns"],
        action_items=actions,
        follow_ups=grounded["follow_ups"],
        meeting_date=meeting,
        dropped=dropped,
        engine=EngineInfo(kind="llm", model=chat.model, notice=notice),
    )


def _window(doc: Doc, source: str) -> str:
    """The source sentence with the one before and after it (a task may resolve "it")."""
    texts = [s.text for s in doc.sentences]
    i = texts.index(source) if source in texts else -1
    return " ".join(texts[max(i - 1, 0) : i + 2]) if i >= 0 else source


def ground_actions(
    proposed: list[LLMAction], doc: Doc, text: str, meeting: date, person: str | None
) -> tuple[list[ActionItem], list[Dropped]]:
    """Keep action items whose source is in the input and whose owner is real."""
    extra = set(doc.speakers) | ({person} if person else set())
    kept: list[ActionItem] = []
    dropped: list[Dropped] = []
    seen: set[tuple[str, str]] = set()
    for a in proposed:
        label = f"{a.owner}: {a.task}"
        source = find_source(a.source, doc)
        if source is None:
            dropped.append(Dropped(item=label, reason="its source quote is not in the input"))
            continue
        if not owner_is_grounded(a.owner, text, extra):
            dropped.append(
                Dropped(item=label, reason=f"owner {a.owner!r} is not named in the input")
            )
            continue
        unsupported = task_is_supported(a.task, _window(doc, source))
        if unsupported:
            dropped.append(Dropped(item=label, reason=unsupported))
            continue
        key = (a.owner.casefold(), " ".join(a.task.casefold().split()))
        if key in seen:
            continue
        seen.add(key)
        due, why = grounded_due(a.due, source, meeting)
        if why:
            dropped.append(Dropped(item=label, reason=why))
        kept.append(ActionItem(owner=a.owner.strip(), task=a.task.strip(), due=due, source=source))
    return kept, dropped
