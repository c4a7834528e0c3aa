"""Carried-over items for the agenda: open action items, the ones a later note reports as
done (one topic asking to confirm them), and the user's own unkept promises."""

from __future__ import annotations

import re
from datetime import date, timedelta

from coach.context import PersonContext
from coach.followup import reported_done
from coach.offline.coverage import Candidate
from coach.offline.referents import resolve_it_from
from coach.offline.task_text import unkept_as_task
from coach.signals import NoteSentence, note_sentences
from coach.types import AgendaTopic, Citation, StoredAction

RECENT_WEEKS = 6


def short(text: str, words: int = 12) -> str:
    """The first ``words`` words of ``text``, with an ellipsis when cut."""
    parts = text.rstrip(".!?").split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def confirm_candidate(ctx: PersonContext) -> Candidate | None:
    """Open items a later note reports as done: one topic asking to confirm them."""
    done = [a for a in ctx.open_actions if a.done_evidence]
    if not done:
        return None
    said = "; ".join(
        f"{a.task} ({_evidence(a.done_evidence, a)})" for a in done[:3] if a.done_evidence
    )
    ids = ", ".join(str(a.id) for a in done)
    return Candidate(
        40,
        AgendaTopic(
            title=f"Looks done, confirm: {'; '.join(a.task for a in done[:3])}",
            reason=f"These look done: {said}. Confirm with 'coach actions done {ids}'.",
            minutes=0,
            kind="action",
            objective="Progress and accountability",
            citations=[a.done_evidence for a in done[:3] if a.done_evidence],
        ),
    )


def _evidence(e: Citation, a: StoredAction) -> str:
    """Why an item looks done: the later note that says so, or the period it promised."""
    if a.period_over():
        return f'the period it promised is over: "{short(e.quote)}"'
    return f'the {e.date.isoformat()} note: "{short(e.quote)}"'


_POINTS_BACK = re.compile(r"\b(?:it|that|this|them)\b", re.I)


def promise_candidates(ctx: PersonContext, meeting: date, used: set[str]) -> list[Candidate]:
    """The user's own unkept promises in recent notes ("I still haven't sent…"): theirs to
    raise first, never the person's failure. Ones already saved as action items, or that a
    later note reports done, are left out."""
    saved = {a.source for a in ctx.open_actions}
    out: list[Candidate] = []
    for note in ctx.since(meeting - timedelta(weeks=RECENT_WEEKS)) or ctx.recent(2):
        sentences = note_sentences(note)
        for i, s in enumerate(sentences):
            # A saved item's source may carry the chat label the sentence lost ("me: i'll…").
            if s.text in used or any(s.text in src for src in saved):
                continue
            if ctx.voice(s) != "my_promise":
                continue
            if reported_done(s, ctx.notes, ctx.embed):
                continue
            used.add(s.text)
            # "I haven't given him feedback on it yet": what "it" is, the note said first.
            task = unkept_as_task(s.text)
            if task and i > 0:
                task = resolve_it_from(task, sentences[0].text)
            context = (
                f' It follows "{sentences[0].text}"'
                if i > 0 and _POINTS_BACK.search(task or s.text)
                else ""
            )
            out.append(
                Candidate(
                    70 - (meeting - s.date).days / 14,
                    AgendaTopic(
                        title=f"Your promise: {task or short(s.text)}",
                        reason=f"You noted on {s.date.isoformat()} that this is yours to do; "
                        f"say where it stands before they have to ask.{context}",
                        minutes=0,
                        kind="action",
                        objective="Trust and rapport",
                        citations=[s.citation()],
                    ),
                )
            )
    out.sort(key=lambda c: -c.priority)
    return out[:2]


def _in_reply_to(ctx: PersonContext, a: StoredAction) -> NoteSentence | None:
    """The other speaker's question a short task answers: "I'll ask Priya" means little on
    an agenda without "Can you pair me with someone who's good at estimating?"."""
    note = ctx.by_id.get(a.note_id) if a.note_id else None
    if note is None or len(a.task.split()) > 3:
        return None
    sentences = note_sentences(note)
    at = next((i for i, s in enumerate(sentences) if s.text and s.text in a.source), None)
    if not at:
        return None
    said = sentences[at]
    for before in reversed(sentences[max(0, at - 2) : at]):
        if before.speaker == said.speaker:
            break
        if before.speaker and before.text.rstrip().endswith("?"):
            return before
    return None


def action_candidates(ctx: PersonContext, meeting: date) -> list[Candidate]:
    out: list[Candidate] = []
    for a in ctx.open_actions:
        if a.done_evidence:
            continue  # asked about once, in the "looks done" topic
        overdue = a.due is not None and a.due < meeting
        mine = a.owner.casefold() in ctx.me
        # "Priya Shah" from a chat export is the Priya these notes are about.
        theirs = a.owner.split()[:1] == ctx.person.split()[:1] and a.owner != ctx.person
        named = ctx.person if theirs else a.owner
        owner = "You" if mine else named  # it opens the reason
        status = "Overdue" if overdue else "Open"
        reason = f"{owner} committed to it"
        if a.due:
            days = (meeting - a.due).days
            reason += f", due {a.due.isoformat()}" + (
                f", {days} day{'s' if days != 1 else ''} overdue" if overdue else ""
            )
        cites = [c for c in [ctx.citation(a.note_id, a.source)] if c] if a.note_id else []
        if cites:
            reason += f" (from the {cites[0].date.isoformat()} 1:1)"
        asked = _in_reply_to(ctx, a)
        if asked:
            reason += f', in reply to "{asked.text}"'
            cites.append(asked.citation())
        priority = (88 if overdue else 66 if a.due and (a.due - meeting).days <= 7 else 60) + (
            4 if mine else 0
        )
        title = f"{status}: {a.task} ({'your promise' if mine else named})"
        out.append(
            Candidate(
                priority,
                AgendaTopic(
                    title=title,
                    reason=reason + ".",
                    minutes=0,
                    kind="action",
                    objective="Progress and accountability",
                    citations=cites,
                ),
            )
        )
    out.sort(key=lambda c: -c.priority)
    if len(out) > 4:  # keep the agenda readable: the rest go in one topic
        rest = out[3:]
        titles = "; ".join(c.topic.title.split(": ", 1)[1] for c in rest[:4])
        cites = [cit for c in rest for cit in c.topic.citations][:3]
        grouped = AgendaTopic(
            title=f"Other open items ({len(rest)})",
            reason=f"Also open: {titles}.",
            minutes=0,
            kind="action",
            objective="Progress and accountability",
            citations=cites,
        )
        out = [*out[:3], Candidate(55, grouped)]
    return out
