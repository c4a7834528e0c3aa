"""Agenda offline: carried-over actions, well-being, concerns, goals and objective coverage, ranked and fitted to the meeting length."""

from __future__ import annotations

import re
from datetime import date, timedelta

from coach.context import PersonContext
from coach.followup import reported_done
from coach.lexicon import words
from coach.offline import NO_NOTES
from coach.offline.asks import ask_candidates
from coach.offline.carryover import (
    RECENT_WEEKS,
    action_candidates,
    confirm_candidate,
    promise_candidates,
    short,
)
from coach.offline.coverage import (
    Candidate,
    coverage_candidates,
    objective_coverage,
)
from coach.offline.objectives import about
from coach.offline.planned import PLANNED, planned_candidates
from coach.offline.staying import staying_candidates
from coach.offline.summarize import all_clear, is_concern
from coach.playbook import load_playbook
from coach.signals import lexicon, matching
from coach.types import Agenda, AgendaTopic, Citation, EngineInfo

MIN_MINUTES = 2


# How much of the meeting each kind of topic deserves, relative to the others.
WEIGHT = {
    "wellbeing": 6,
    "concern": 5,
    "action": 3,
    "ask": 3,
    "goal": 4,
    "objective": 4,
    "checkin": 3,
    "general": 4,
}


RESOLVED = re.compile(
    r"\b(?:resolved|fixed|sorted|better now|no longer|solved|done with|closed out|went well)\b",
    re.I,
)


def _wellbeing_candidate(ctx: PersonContext, meeting: date) -> Candidate | None:
    recent = ctx.since(meeting - timedelta(weeks=RECENT_WEEKS)) or ctx.recent(2)
    said = matching(recent, load_playbook().wellbeing.keywords)
    # The usual words, then what the classifier reads as well-being in other words.
    hits = said + [s for s in about(ctx, recent, ("wellbeing",)) if s not in said]
    # "No concerns from him this week", "not stressed": said to be fine.
    hits = [h for h in hits if not all_clear(h.text)]
    if not hits:
        return None
    latest = hits[0]
    count = len({h.note_id for h in hits})
    reason = f'On {latest.date.isoformat()}: "{short(latest.text, 16)}"'
    if count > 1:
        reason += f"; well-being came up in {count} recent notes"
    return Candidate(
        96 + min(count, 3),
        AgendaTopic(
            # What the note saw, so the topic says what to ask about.
            title=f"Check in on well-being: {short(_lead_cut(latest.text), 10)}",
            reason=reason + ".",
            minutes=0,
            kind="wellbeing",
            objective="Well-being and work-life balance",
            citations=_one_per_note(hits)[:3],
        ),
    )


CONCERN_WORDS = (
    "worr",
    "concern",
    "risk",
    "block",
    "frustrat",
    "struggl",
    "slipp",
    "unclear",
    "confus",
    "behind",
    "delay",
    "problem",
    "issue",
    "upset",
    "unhappy",
    "conflict",
    "tension",
    "tense",
    "friction",
    "argued",
    "stuck",
    "late",
    "missed",
)


REFERS_BACK = re.compile(r"^(?:that|it|this)(?:'s| is| sounds| must be)\b", re.I)
_COMMON = words("common")


def _lead_cut(text: str) -> str:
    """A note sentence without its bullet, chat label or "1:1 w/ marcus." opening."""
    text = re.sub(r"^\s*(?:[-*•]\s*)?(?:[\w ]{1,20}:\s+)?", "", text)
    return re.sub(r"^1:1 (?:w/|with) \w+\.\s*", "", text, flags=re.I)


def _one_per_note(sentences: list) -> list[Citation]:
    seen: set[int] = set()
    out: list[Citation] = []
    for s in sentences:
        if s.note_id not in seen:
            seen.add(s.note_id)
            out.append(s.citation())
    return out


def _terms(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]{4,}", text.lower()) if w not in _COMMON}


def _concern_candidates(ctx: PersonContext, meeting: date, used: set[str]) -> list[Candidate]:
    recent_notes = ctx.recent(4)
    wellbeing = lexicon(tuple(load_playbook().wellbeing.keywords))
    later_text = {
        n.id: [m for m in ctx.notes if m.meeting_date > n.meeting_date] for n in recent_notes
    }
    out: list[Candidate] = []
    seen_terms: list[set[str]] = []
    for note in recent_notes:
        found = matching([note], CONCERN_WORDS)
        # The person's own words: in a transcript, the manager's "That sounds frustrating"
        # is empathy, not a concern.
        # The person's words and the user's observations; the user's own promises are
        # raised as the user's (``_promise_candidates``), never as the person's concern.
        for s in ctx.in_voice(found, "theirs", "mine"):
            if (
                s.text in used
                or wellbeing.search(s.text)
                or not is_concern(s.text)  # "No concerns from him this week" is none
                or s.text.rstrip().endswith("?")  # "anything worrying you?" asks, not says
                or REFERS_BACK.match(s.text)
                or PLANNED.search(s.text)
            ):
                continue
            terms = _terms(s.text)
            if any(len(terms & t) >= max(2, len(terms) // 2) for t in seen_terms):
                continue
            # Resolved later? A later note that shares words and says it is fixed.
            if any(
                RESOLVED.search(m.text) and len(terms & _terms(m.text)) >= 2
                for m in later_text[note.id]
            ):
                continue
            repeats = sum(
                1
                for other in ctx.recent(8)
                if other.id != note.id and len(terms & _terms(other.text)) >= 2
            )
            priority = 62 + (14 if repeats else 0) - (meeting - s.date).days / 14
            reason = (
                f"Raised on {s.date.isoformat()}"
                + (f" and echoed in {repeats} other note(s)" if repeats else "")
                + " — is it resolved?"
            )
            out.append(
                Candidate(
                    priority,
                    AgendaTopic(
                        title=f"Follow up: {short(s.text)}",
                        reason=reason,
                        minutes=0,
                        kind="concern",
                        objective="Problem-solving and conflict",
                        citations=[s.citation()],
                    ),
                )
            )
            seen_terms.append(terms)
            used.add(s.text)
    out.sort(key=lambda c: -c.priority)
    return out[:3]


def _goal_candidates(ctx: PersonContext, meeting: date, used: set[str]) -> list[Candidate]:
    recent = ctx.since(meeting - timedelta(weeks=8)) or ctx.recent(3)
    out: list[Candidate] = []
    saved = [a.source for a in ctx.open_actions]
    for s in matching(recent, load_playbook().goals.keywords):
        if s.text in used or s.text.rstrip().endswith("?") or PLANNED.search(s.text):
            continue  # a question, or a topic planned for this 1:1 ("next time: …")
        if all_clear(s.text):
            continue  # "isn't worried about the launch anymore": all is well there
        if ctx.voice(s) == "my_promise" or any(s.text in src for src in saved):
            continue  # your promise, or an action item the agenda lists already
        if reported_done(s, ctx.notes, ctx.embed):
            continue  # a later note says it happened: nothing to check on
        used.add(s.text)
        out.append(
            Candidate(
                52 - (meeting - s.date).days / 30,
                AgendaTopic(
                    title=f"Progress check: {short(s.text)}",
                    reason=f"Goal or milestone noted on {s.date.isoformat()}.",
                    minutes=0,
                    kind="goal",
                    objective="Performance expectations and goals",
                    citations=[s.citation()],
                ),
            )
        )
        if len(out) == 2:
            break
    return out


def _generic(ctx: PersonContext) -> list[Candidate]:
    pb = load_playbook()
    picks = [
        ("trust", 90, "checkin"),
        ("performance", 80, "general"),
        ("problem_solving", 70, "general"),
        ("career", 60, "general"),
        ("feedback", 50, "general"),
    ]
    return [
        Candidate(
            p,
            AgendaTopic(
                title=pb.objective(k).topic,
                reason=f"A core 1:1 objective: {pb.objective(k).title.lower()}.",
                minutes=0,
                kind=kind,  # type: ignore[arg-type]
                objective=pb.objective(k).title,
            ),
        )  # type: ignore[arg-type]
        for k, p, kind in picks
    ]


def fit_minutes(topics: list[AgendaTopic], minutes: int) -> list[AgendaTopic]:
    """Keep the first topics (about one per 4 minutes); share the time by weight."""
    keep = topics[: max(1, min(minutes // MIN_MINUTES, max(3, minutes // 4)))]
    weights = [WEIGHT.get(t.kind, 3) for t in keep]
    spare = minutes - MIN_MINUTES * len(keep)
    if spare < 0:  # a very short meeting: one topic gets it all
        keep, weights, spare = keep[:1], weights[:1], minutes - MIN_MINUTES
    total = sum(weights)
    shares = [spare * w / total for w in weights]
    alloc = [MIN_MINUTES + int(s) for s in shares]
    leftover = minutes - sum(alloc)
    for i in sorted(range(len(keep)), key=lambda i: -(shares[i] - int(shares[i])))[:leftover]:
        alloc[i] += 1
    return [t.model_copy(update={"minutes": m}) for t, m in zip(keep, alloc, strict=True)]


def agenda_offline(ctx: PersonContext, meeting: date, minutes: int) -> Agenda:
    """The rule-based agenda: every topic comes from a signal in the notes or actions."""
    coverage = objective_coverage(ctx, meeting)
    if not ctx.notes and not ctx.open_actions:
        topics = [c.topic for c in _generic(ctx)]
        return Agenda(
            person=ctx.person,
            meeting_date=meeting,
            minutes=minutes,
            topics=fit_minutes(topics, minutes),
            coverage=coverage,
            notice=NO_NOTES.format(name=ctx.person),
            engine=EngineInfo(kind="offline"),
        )
    used: set[str] = set()
    candidates: list[Candidate] = []
    wb = _wellbeing_candidate(ctx, meeting)
    if wb:
        candidates.append(wb)
        used.update(c.quote for c in wb.topic.citations)
    candidates += action_candidates(ctx, meeting)
    confirm = confirm_candidate(ctx)
    if confirm:
        candidates.append(confirm)
        used.update(c.quote for c in confirm.topic.citations)
    candidates += promise_candidates(ctx, meeting, used)
    candidates += planned_candidates(ctx, used)
    candidates += staying_candidates(ctx, meeting, used)
    candidates += ask_candidates(ctx, meeting, used)
    candidates += _concern_candidates(ctx, meeting, used)
    candidates += _goal_candidates(ctx, meeting, used)
    candidates += coverage_candidates(
        ctx, meeting, coverage, {"wellbeing", "accountability", "trust"}
    )
    if not wb:
        candidates.append(
            Candidate(
                70,
                AgendaTopic(
                    title="Check-in: how are things?",
                    minutes=0,
                    kind="checkin",
                    reason="Start with the person, not the work.",
                    objective="Trust and rapport",
                ),
            )
        )
    if len(candidates) < 3:  # a thin history: round out with core 1:1 topics
        covered = {c.topic.objective for c in candidates}
        generic = [
            c
            for c in _generic(ctx)
            if c.topic.objective not in covered and c.topic.kind != "checkin"
        ]
        candidates += [Candidate(c.priority / 4, c.topic) for c in generic[: 3 - len(candidates)]]
    candidates.sort(key=lambda c: -c.priority)
    topics = fit_minutes([c.topic for c in candidates], minutes)
    return Agenda(
        person=ctx.person,
        meeting_date=meeting,
        minutes=minutes,
        topics=topics,
        coverage=coverage,
        engine=EngineInfo(kind="offline"),
    )
