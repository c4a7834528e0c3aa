"""Domain types shared by the engines, the CLI, the app and the evals.

Every job returns one of these pydantic models on both engines, so the CLI's ``--json``
output, the app and the evals all read the same shapes.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Relationship = Literal["report", "manager", "peer", "other"]
RELATIONSHIPS: tuple[str, ...] = ("report", "manager", "peer", "other")


class EngineInfo(BaseModel):
    """Which engine produced an answer; carried by every ``--json`` output."""

    kind: Literal["offline", "llm"]
    """``offline`` for the built-in rule- and retrieval-based engine, ``llm`` for a model."""
    model: str | None = None
    """The model that answered (null on the offline engine)."""
    notice: str | None = None
    """Why the answer differs from what was asked for, e.g. an LLM fell back to offline."""


class Person(BaseModel):
    """Someone the user holds 1:1s with."""

    id: int
    name: str
    relationship: Relationship = "report"


class Note(BaseModel):
    """One meeting's notes or transcript, as saved in SQLite."""

    id: int
    person: str
    """The person's name."""
    meeting_date: date
    text: str
    source: str = "manual"
    """Where the note came from: ``manual``, ``summarize``, ``import:<file>``…"""
    indexed: bool = False
    """True once its chunks are in the vector index."""


class ActionItem(BaseModel):
    """A commitment found in notes: who does what, by when, and the sentence it came from."""

    model_config = ConfigDict(extra="forbid")

    owner: str
    """A participant's name, ``me`` (the note taker), ``team`` (we / let's) or ``unassigned``."""
    task: str
    """The task as a short imperative phrase."""
    due: date | None = None
    """ISO due date when stated or derivable from the meeting date, else null."""
    source: str
    """The sentence of the input the item was taken from, verbatim."""


class StoredAction(BaseModel):
    """An action item saved for a person, with its status."""

    id: int
    person: str
    owner: str
    task: str
    due: date | None
    status: Literal["open", "done"]
    note_id: int | None
    source: str = ""
    done_evidence: Citation | None = None
    """A later note that reports it done, cancelled or superseded (or, for a promise for a
    period that is over, the promise itself): it looks done and waits for the user to
    confirm (``coach actions done ID``)."""

    def period_over(self) -> bool:
        """True when it looks done only because the period it promised is over: its
        evidence is the promise itself, not a later note."""
        e = self.done_evidence
        return e is not None and (e.note_id, e.quote) == (self.note_id, self.source)


class Dropped(BaseModel):
    """Something a model proposed that the grounding check removed, and why."""

    item: str
    reason: str


class Summary(BaseModel):
    """The summarize job's result (the documented ``coach summarize --json`` object)."""

    summary: str
    key_points: list[str] = Field(default_factory=list)
    decisions: list[str] = Field(default_factory=list)
    concerns: list[str] = Field(default_factory=list)
    action_items: list[ActionItem] = Field(default_factory=list)
    follow_ups: list[str] = Field(default_factory=list)
    meeting_date: date | None = None
    """The date the due dates were worked out from."""
    dropped: list[Dropped] = Field(default_factory=list)
    """Model output removed by the grounding check (always empty offline)."""
    saved_note_id: int | None = None
    """The note id when the input was saved to a person."""
    engine: EngineInfo


class SearchHit(BaseModel):
    """One note chunk found by meaning."""

    note_id: int
    date: date
    person: str
    text: str
    score: float
    """Cosine similarity, 1.0 is identical."""


class SearchResult(BaseModel):
    """Search hits plus a warning when the index has not caught up with SQLite."""

    query: str
    hits: list[SearchHit]
    index_behind: int = 0
    """Notes saved in SQLite but not yet in the vector index."""
    notice: str | None = None


# -- Prepare ------------------------------------------------------------------------------
class Citation(BaseModel):
    """A note a suggestion draws on: its id, meeting date and the words used."""

    note_id: int
    date: date
    quote: str = ""
    """The sentence or excerpt of the note the suggestion rests on."""


class AgendaTopic(BaseModel):
    """One item of a 1:1 agenda."""

    title: str
    reason: str
    """One line: why this is on the agenda."""
    minutes: int = Field(ge=0)
    kind: Literal[
        "action", "ask", "wellbeing", "concern", "goal", "objective", "checkin", "general"
    ]
    objective: str | None = None
    """The 1:1 objective this topic serves, if any."""
    citations: list[Citation] = Field(default_factory=list)
    id: int | None = None
    """The saved topic's id (tick it with ``coach topics done ID``); None if not saved."""
    covered: bool = False
    """Ticked as covered in the meeting."""
    carried_from: date | None = None
    """The earlier meeting whose agenda had this topic and did not get to it."""


class ObjectiveCoverage(BaseModel):
    """When a 1:1 objective was last discussed with the person."""

    objective: str
    last_discussed: date | None = None
    weeks_ago: int | None = None
    note_id: int | None = None


class Agenda(BaseModel):
    """The agenda for the next 1:1 with a person (``coach agenda --json``)."""

    person: str
    meeting_date: date
    minutes: int
    topics: list[AgendaTopic]
    coverage: list[ObjectiveCoverage] = Field(default_factory=list)
    notice: str | None = None
    """For example: no notes yet, so the agenda is generic."""
    engine: EngineInfo


class KeyMessage(BaseModel):
    """A message to get across, with the dated evidence behind it."""

    message: str
    evidence: list[Citation] = Field(default_factory=list)


class Reaction(BaseModel):
    """A likely reaction and a good way to respond."""

    reaction: str
    response: str


class TalkingPoints(BaseModel):
    """Preparation for a tough conversation (``coach talking-points --json``)."""

    person: str
    situation: str
    scenario: str
    """The playbook situation it matched, e.g. ``missed_deadlines``."""
    scenario_confidence: float | None = None
    """How clearly the description points at that situation rather than the next closest
    (0 a toss-up … 1 clear); below 0.15 the notice asks which one is meant."""
    goal: str
    opening: str
    key_messages: list[KeyMessage]
    questions: list[str]
    reactions: list[Reaction]
    avoid: list[str]
    outcome: str
    next_steps: list[str]
    notice: str | None = None
    engine: EngineInfo


class CareerTopic(BaseModel):
    """A career topic to raise, framed as an ask."""

    title: str
    framing: Literal["scope", "skills", "visibility", "sponsorship", "people"]
    ask: str
    citations: list[Citation] = Field(default_factory=list)


class Achievement(BaseModel):
    """Evidence of an achievement from the user's own notes."""

    text: str
    citation: Citation


class CareerPrep(BaseModel):
    """Career-aspiration topics for a report's own 1:1 (``coach career --json``)."""

    about: str
    manager: str | None = None
    topics: list[CareerTopic]
    achievements: list[Achievement]
    questions: list[str]
    message: str
    """A draft message to send ahead of the meeting."""
    notice: str | None = None
    engine: EngineInfo


class Question(BaseModel):
    """An open, forward-looking question for a 1:1."""

    text: str
    theme: str
    why: str = ""
    citations: list[Citation] = Field(default_factory=list)


class Questions(BaseModel):
    """Growth-minded questions for a person (``coach questions --json``)."""

    person: str
    theme: str | None = None
    questions: list[Question]
    notice: str | None = None
    engine: EngineInfo


# -- Feedback -------------------------------------------------------------------------------
IssueCategory = Literal[
    "vague",
    "judgmental",
    "absolute",
    "about_person",
    "mind_reading",
    "sarcasm_threat",
    "hedging",
    "no_impact",
    "no_example",
]


class LanguageIssue(BaseModel):
    """A problem in a feedback draft: where it is, what kind, why, and what to do instead."""

    span: tuple[int, int]
    """Character offsets [start, end) in the draft; the whole draft for missing-part issues."""
    text: str
    category: IssueCategory
    reason: str
    suggestion: str


class SBI(BaseModel):
    """Feedback as Situation, Behaviour, Impact, plus a request or an opening question."""

    situation: str
    behavior: str
    impact: str
    request: str
    situation_source: Citation | None = None
    """The note the situation was taken from, when it came from the person's notes."""


class Specificity(BaseModel):
    """How specific feedback is (0 vague … 1 specific), and the parts behind the score:
    behaviour, example, time, numbers, concreteness (Brysbaert norms) and impact."""

    score: float = Field(ge=0, le=1)
    parts: dict[str, float] = Field(default_factory=dict)


class FeedbackDraft(BaseModel):
    """The feedback job's result (``coach feedback --json``)."""

    draft: str
    kind: Literal["praise", "redirect"]
    person: str | None = None
    sbi: SBI
    issues: list[LanguageIssue]
    rewrite: str
    specificity: Specificity | None = None
    """How specific the draft is; the rewrite's own score is ``rewrite_specificity``."""
    rewrite_specificity: Specificity | None = None
    notice: str | None = None
    engine: EngineInfo


# -- Practice -------------------------------------------------------------------------------
Persona = Literal["defensive", "quiet", "emotional", "receptive", "deflecting"]
RUBRIC = ("sbi_opening", "open_questions", "listening", "no_blame", "next_steps", "tone")


class Turn(BaseModel):
    """One line of a practice conversation."""

    role: Literal["user", "persona"]
    text: str
    stage: str | None = None
    """For persona turns: opening, pushback, emotional, problem_solving or close."""


class WeakPoint(BaseModel):
    """A rubric line that scored low, the user's own line, and a better alternative."""

    rubric: str
    quote: str
    better: str


class Debrief(BaseModel):
    """Scores 1-5 per rubric line, an overall score, and what to do better."""

    scores: dict[str, int]
    overall: float
    weak_points: list[WeakPoint] = Field(default_factory=list)
    strengths: list[str] = Field(default_factory=list)
    signals: dict[str, int] = Field(default_factory=dict)
    """Rule-based counts behind the scores (open questions, acknowledgements, labels…)."""
    reasons: dict[str, str] = Field(default_factory=dict)
    """One sentence per rubric line saying why it got its score."""


class PracticeSession(BaseModel):
    """A practice conversation and its debrief (``coach practice --json``)."""

    id: int | None = None
    persona: Persona
    scenario: str
    scenario_text: str
    person: str | None = None
    difficulty: int = Field(ge=1, le=3)
    transcript: list[Turn]
    debrief: Debrief | None = None
    engine: EngineInfo
