"""Practice a feedback conversation: the coach plays the other person, then debriefs.

A session is a plain :class:`PracticeSession` value; each step takes a session and
returns a new one, so the CLI, the app (in ``gr.State``) and the evals share one path.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterator
from datetime import date

from pydantic import BaseModel, Field

from coach.chat import ChatError, ChatModel
from coach.config import Settings
from coach.context import gather
from coach.errors import CoachError
from coach.grounding import find_source
from coach.llm_engine import call_log, calling, structured
from coach.offline import practice as offline
from coach.offline.objectives import likeliest
from coach.parsing import Doc, Sentence
from coach.prompting import load_prompt, render
from coach.signals import NoteSentence, lexicon, note_sentences
from coach.textin import clean_text
from coach.types import RUBRIC, Debrief, EngineInfo, PracticeSession, Turn, WeakPoint
from coach.workspace import Workspace

log = logging.getLogger(__name__)
MAX_LINE_CHARS = 2000
MAX_TURNS = 60


def choose_scenario(
    ws: Workspace | None, scenario: str | None, person: str | None
) -> tuple[str, str, str]:
    """(key, brief, topic) from free text, the person's notes, or the library's first entry."""
    lib = offline.scenarios()
    if scenario:
        text = " ".join(clean_text(scenario, "scenario", 20_000).split())
        if len(text) > MAX_LINE_CHARS:
            raise CoachError(f"describe the scenario in at most {MAX_LINE_CHARS} characters")
        by_key = {s["key"]: s for s in lib}
        if text in by_key:
            s = by_key[text]
            return s["key"], s["brief"], s["topic"]
        scored = sorted(
            ((len(lexicon(tuple(s["keywords"])).findall(text)), -i, s) for i, s in enumerate(lib)),
            key=lambda x: (x[0], x[1]),
            reverse=True,
        )
        best = scored[0]
        if best[0] > 0:
            return best[2]["key"], text, best[2]["topic"]
        return "custom", text, "this"
    if person and ws is not None:
        s, h = _scenario_from_notes(ws, person, lib)
        if h is not None:
            brief = f'{s["brief"]} From your notes on {h.date.isoformat()}: "{h.text}"'
            return s["key"], brief, s["topic"]
        return s["key"], s["brief"], s["topic"]
    s = lib[0]
    return s["key"], s["brief"], s["topic"]


def _scenario_from_notes(
    ws: Workspace, person: str, lib: list[dict]
) -> tuple[dict, NoteSentence | None]:
    """The library scenario the person's recent notes are most about, and the sentence that
    says so. Only their words and your observations count (your own promise to "check the
    promo case" is not their promotion); keyword phrases count by their words, and the
    meaning of each sentence against the scenario's brief settles the rest."""
    ctx = gather(ws, person)
    sentences = [x for note in ctx.recent(8) for x in note_sentences(note)]
    said = ctx.in_voice(sentences, "theirs", "mine")
    if not said:
        return lib[0], None
    vectors = ws.index.embed([s["brief"] for s in lib] + [x.text for x in said])
    sims = vectors[len(lib) :] @ vectors[: len(lib)].T  # sentence × scenario
    # Well-being is said in many ways ("she's not sleeping great"): the objectives
    # classifier reads it by meaning, and it points to the burnout conversation.
    wellbeing = [k == "wellbeing" for k in likeliest(ctx, [x.text for x in said])]
    best: tuple[float, int, int] | None = None
    for j, s in enumerate(lib):
        terms = lexicon(tuple(s["keywords"]))
        for i, x in enumerate(said):
            score = sum(len(m.split()) for m in terms.findall(x.text)) + float(sims[i, j])
            score += 1.0 if wellbeing[i] and s["key"] == "burnout" else 0.0
            if best is None or score > best[0]:
                best = (score, j, i)
    assert best is not None
    return lib[best[1]], said[best[2]]


def start(
    ws: Workspace | None,
    persona: str,
    scenario: str | None = None,
    person: str | None = None,
    difficulty: int = 2,
    chat: ChatModel | None = None,
) -> PracticeSession:
    """A new session: persona, scenario and difficulty, with an empty transcript."""
    if persona not in offline.personas():
        raise CoachError(f"unknown persona {persona!r}: use one of {', '.join(offline.personas())}")
    if not 1 <= difficulty <= 3:
        raise CoachError("--difficulty must be 1, 2 or 3")
    if person and ws is not None:
        person = ws.person(person).name
    key, brief, _topic = choose_scenario(ws, scenario, person)
    engine = EngineInfo(kind="llm", model=chat.model) if chat else EngineInfo(kind="offline")
    return PracticeSession(
        persona=persona,  # type: ignore[arg-type]
        scenario=key,
        scenario_text=brief,
        person=person,  # type: ignore[arg-type]
        difficulty=difficulty,
        transcript=[],
        engine=engine,
    )


def _topic(session: PracticeSession) -> str:
    for s in offline.scenarios():
        if s["key"] == session.scenario:
            return s["topic"]
    return offline.GENERIC_TOPIC


def _transcript_text(session: PracticeSession) -> str:
    other = session.person or "Them"
    return "\n".join(
        f"{'Manager' if t.role == 'user' else other}: {t.text}" for t in session.transcript
    )


def _llm_reply(
    session: PracticeSession,
    chat: ChatModel,
    settings: Settings | None,
    on_text: Callable[[str], None] | None = None,
) -> Turn:
    desc = offline.library()["personas"][session.persona]["description"]
    prompt = render(
        load_prompt("practice_persona", settings.prompts_dir if settings else None),
        person=session.person or "the report",
        persona_description=desc,
        difficulty=session.difficulty,
        scenario=session.scenario_text,
        transcript=_transcript_text(session),
    )
    pieces: list[str] = []
    with calling(call_log(settings), prompt.ref):
        for piece in chat.stream_text(prompt.messages()):
            pieces.append(piece)
            if on_text:
                on_text("".join(pieces))
    text = "".join(pieces).strip()
    text = re.sub(r"^\s*[\w .'-]{1,30}:\s+", "", text)  # a model may prefix the speaker's name
    if not text:
        raise ChatError("the model returned an empty answer")
    return Turn(role="persona", text=text[:800])


def say(
    session: PracticeSession,
    line: str,
    chat: ChatModel | None = None,
    settings: Settings | None = None,
    on_text: Callable[[str], None] | None = None,
) -> PracticeSession:
    """Add the user's line and the persona's answer; returns the updated session.

    With a model, ``on_text`` receives the persona's answer so far as it streams in.
    """
    line = " ".join(clean_text(line, "your line", 100_000).split())
    if len(line) > MAX_LINE_CHARS:
        raise CoachError(f"keep each line under {MAX_LINE_CHARS} characters")
    if len(session.transcript) >= MAX_TURNS * 2:
        raise CoachError(f"a practice session has at most {MAX_TURNS} turns; ask for the debrief")
    updated = session.model_copy(deep=True)
    updated.transcript.append(Turn(role="user", text=line))
    reply = None
    if chat is not None:
        try:
            reply = _llm_reply(updated, chat, settings, on_text)
        except ChatError as exc:
            log.warning("persona LLM failed, answering offline: %s", exc.reason)
            updated.engine = EngineInfo(
                kind="offline", notice=f"{exc.reason}; the persona answered offline"
            )
    if reply is None:
        reply = offline.persona_reply(
            updated.transcript, updated.persona, _topic(updated), updated.difficulty
        )
    updated.transcript.append(reply)
    return updated


class LLMWeakPoint(BaseModel):
    """A weak point as the judge states it."""

    rubric: str
    quote: str
    better: str


class LLMDebrief(BaseModel):
    """The judge's scores."""

    scores: dict[str, int]
    weak_points: list[LLMWeakPoint] = Field(default_factory=list)
    strengths: list[str] = Field(default_factory=list)


def _llm_debrief(
    session: PracticeSession, rules: Debrief, chat: ChatModel, settings: Settings | None
) -> Debrief:
    prompt = render(
        load_prompt("practice_judge", settings.prompts_dir if settings else None),
        signals=json.dumps(rules.signals),
        transcript=_transcript_text(session),
    )
    answer = structured(chat, prompt, LLMDebrief, call_log(settings))
    scores = {k: max(1, min(5, int(answer.scores.get(k, rules.scores[k])))) for k in RUBRIC}
    user_lines = [t.text for t in session.transcript if t.role == "user"]
    doc = Doc(sentences=[Sentence(text=t, index=i, turn=i) for i, t in enumerate(user_lines)])
    weak = []
    for w in answer.weak_points:
        quote = find_source(w.quote, doc, threshold=0.8)
        if w.rubric in RUBRIC and quote:  # a quote the user never said is not evidence
            weak.append(WeakPoint(rubric=w.rubric, quote=quote, better=w.better))
    return Debrief(
        scores=scores,
        overall=round(sum(scores.values()) / len(scores), 1),
        weak_points=weak,
        strengths=answer.strengths,
        signals=rules.signals,
    )


def debrief(
    session: PracticeSession, chat: ChatModel | None = None, settings: Settings | None = None
) -> PracticeSession:
    """Score the session on the rubric (the judge prompt on the LLM; rules offline)."""
    if not any(t.role == "user" for t in session.transcript):
        raise CoachError("say something first: the debrief scores your lines")
    updated = session.model_copy(deep=True)
    rules = offline.score(updated.transcript)
    updated.debrief = rules
    if chat is not None:
        try:
            updated.debrief = _llm_debrief(updated, rules, chat, settings)
        except ChatError as exc:
            updated.engine = EngineInfo(
                kind="offline", notice=f"{exc.reason}; the debrief was scored offline"
            )
    return updated


def save(ws: Workspace, session: PracticeSession) -> PracticeSession:
    """Store the session (transcript and debrief) for the score trend."""
    person = ws.person(session.person) if session.person else None
    sid = ws.store.add_practice(
        person,
        session.persona,
        session.scenario,
        session.difficulty,
        json.dumps([t.model_dump() for t in session.transcript]),
        session.debrief.model_dump_json() if session.debrief else None,
        session.debrief.overall if session.debrief else None,
        session.engine.kind,
    )
    return session.model_copy(update={"id": sid})


class PracticeRecord(BaseModel):
    """One saved session, for the history and the trend."""

    id: int
    date: date
    persona: str
    scenario: str
    person: str | None
    difficulty: int
    overall: float | None
    scores: dict[str, int] = Field(default_factory=dict)


def history(ws: Workspace) -> list[PracticeRecord]:
    """This account's saved practice sessions, oldest first."""
    out = []
    for row in ws.store.list_practice():
        scores = json.loads(row["debrief"])["scores"] if row["debrief"] else {}
        out.append(
            PracticeRecord(
                id=row["id"],
                date=date.fromisoformat(row["created_at"][:10]),
                persona=row["persona"],
                scenario=row["scenario"],
                person=row["person"],
                difficulty=row["difficulty"],
                overall=row["overall"],
                scores=scores,
            )
        )
    return out


def play(
    ws: Workspace | None,
    persona: str,
    lines: list[str],
    scenario: str | None = None,
    person: str | None = None,
    difficulty: int = 2,
    chat: ChatModel | None = None,
    settings: Settings | None = None,
) -> PracticeSession:
    """Play scripted lines (``--turns FILE``), then debrief; the evals use this too."""
    lines = [ln for ln in (x.strip() for x in lines) if ln]
    if not lines:
        raise CoachError("the turns file has no lines")
    session = start(ws, persona, scenario, person, difficulty, chat)
    for line in lines:
        session = say(session, line, chat, settings)
    return debrief(session, chat, settings)


def say_streaming(
    session: PracticeSession,
    line: str,
    chat: ChatModel | None = None,
    settings: Settings | None = None,
) -> Iterator[PracticeSession]:
    """Like :func:`say`, but yields the session as the persona's answer streams in.

    The last value is the finished session. Offline, the answer arrives in one piece.
    """
    import queue
    import threading

    updates: queue.Queue[tuple[str, object]] = queue.Queue()

    def work() -> None:
        try:
            done = say(
                session, line, chat, settings, on_text=lambda text: updates.put(("partial", text))
            )
            updates.put(("done", done))
        except Exception as exc:  # handed to the caller's thread below
            updates.put(("error", exc))

    threading.Thread(target=work, daemon=True).start()
    asked = session.model_copy(deep=True)
    asked.transcript.append(Turn(role="user", text=" ".join(line.split())))
    while True:
        kind, value = updates.get()
        if kind == "partial":
            partial = asked.model_copy(deep=True)
            partial.transcript.append(Turn(role="persona", text=str(value)))
            yield partial
        elif kind == "done":
            yield value  # type: ignore[misc]
            return
        else:
            raise value  # type: ignore[misc]
