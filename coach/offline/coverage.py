"""Which 1:1 objectives a person's notes touched, and when: stale ones become agenda topics."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

import numpy as np

from coach.context import PersonContext
from coach.offline.objectives import objective_hits
from coach.playbook import load_playbook
from coach.signals import lexicon, note_sentences
from coach.types import AgendaTopic, Note, ObjectiveCoverage

STALE_WEEKS = 4


# Objectives that matter most in most 1:1s: a long gap on these is flagged first.
CORE_OBJECTIVES = {"career", "feedback", "performance", "growth_mindset", "engagement"}


@dataclass
class Candidate:
    """A topic with its priority (higher first)."""

    priority: float
    topic: AgendaTopic
    key: str = ""
    extra: dict[str, object] = field(default_factory=dict)


MEANING_THRESHOLD = 0.40
"""Cosine (local MiniLM) between a note sentence and an objective's description above which
the note touched the objective without using its words. Calibrated on the sample notes
(``evals/datasets/people.jsonl``): against keyword labels, precision is 0.75 at 0.40 (0.28
at 0.30), and the keyword labels miss the paraphrases this is for."""
EXAMPLE_THRESHOLD = 0.475
"""The same for the closest of an objective's example sentences (``examples`` in the
playbook): the cut where precision against the keyword labels of the sample notes first
reaches 0.75, as for the description."""
MEANING_NOTES = 12
"""Only the most recent notes are read by meaning, which keeps the agenda fast."""


@lru_cache(maxsize=4)
def _objective_vectors(embed: Any) -> tuple[Any, list[Any]]:
    pb = load_playbook()
    described = embed([f"{o.title}: {', '.join(o.keywords)}. {o.question}" for o in pb.objectives])
    examples = [embed(o.examples) if o.examples else None for o in pb.objectives]
    return described, examples


def _by_meaning(ctx: PersonContext) -> tuple[dict[int, Note], set[int]]:
    """Objective index → the newest recent note with a sentence about it, and the ids of
    the notes read sentence by sentence.

    With the classifier, a sentence also counts by an objective's keywords unless it is
    about none of them: "booked the venue for the offsite" is neither learning nor remote
    work, however its words look.
    """
    if ctx.embed is None or not ctx.notes:
        return {}, set()
    recent = ctx.recent(MEANING_NOTES)
    sentences = [(n, s.text) for n in recent for s in note_sentences(n)]
    if not sentences:
        return {}, set()
    vectors = ctx.embed([t for _n, t in sentences])
    objectives = load_playbook().objectives
    learned = objective_hits(
        vectors, [t for _n, t in sentences], ctx.embed_model, [o.key for o in objectives]
    )
    if learned is None:  # another embedding model: compare with the objectives' own wording
        described, examples = _objective_vectors(ctx.embed)
        hit = (vectors @ described.T) >= MEANING_THRESHOLD
        for col, ex in enumerate(examples):
            if ex is not None:
                hit[:, col] |= (vectors @ ex.T).max(axis=1) >= EXAMPLE_THRESHOLD
        read: set[int] = set()
    else:
        hit, about_none = learned[:, :-1], learned[:, -1]
        for col, obj in enumerate(objectives):
            pattern = lexicon(tuple(obj.keywords))
            said = np.array([bool(pattern.search(t)) for _n, t in sentences])
            hit[:, col] |= said & ~about_none
        read = {n.id for n in recent}
    out: dict[int, Note] = {}
    for row, (note, _text) in enumerate(sentences):  # newest notes first
        for k in np.flatnonzero(hit[row]):
            out.setdefault(int(k), note)
    return out, read


def objective_coverage(ctx: PersonContext, meeting: date) -> list[ObjectiveCoverage]:
    """For each 1:1 objective, the last note that touched it, by its words or by meaning."""
    coverage: list[ObjectiveCoverage] = []
    newest_first = ctx.recent(len(ctx.notes))
    meaning, read = _by_meaning(ctx)
    for k, obj in enumerate(load_playbook().objectives):
        pattern = lexicon(tuple(obj.keywords))
        last = next((n for n in newest_first if n.id not in read and pattern.search(n.text)), None)
        near = meaning.get(k)
        if near is not None and (last is None or near.meeting_date > last.meeting_date):
            last = near
        if last is None:
            coverage.append(ObjectiveCoverage(objective=obj.title))
        else:
            weeks = max(0, (meeting - last.meeting_date).days // 7)
            coverage.append(
                ObjectiveCoverage(
                    objective=obj.title,
                    last_discussed=last.meeting_date,
                    weeks_ago=weeks,
                    note_id=last.id,
                )
            )
    return coverage


def coverage_candidates(
    ctx: PersonContext, meeting: date, coverage: list[ObjectiveCoverage], skip: set[str]
) -> list[Candidate]:
    if not ctx.notes:
        return []
    first = ctx.notes[0].meeting_date
    span_weeks = (meeting - first).days // 7
    out: list[Candidate] = []
    for cov, obj in zip(coverage, load_playbook().objectives, strict=True):
        if obj.key in skip:
            continue  # covered by their own signals above
        if cov.weeks_ago is not None and cov.weeks_ago >= STALE_WEEKS:
            reason = f"{obj.title} was last discussed {cov.weeks_ago} weeks ago ({cov.last_discussed.isoformat()})."  # type: ignore[union-attr]
            cites = [c for c in [ctx.citation(cov.note_id)] if c] if cov.note_id else []
            priority = 40 + min(cov.weeks_ago, 16) + (6 if obj.key in CORE_OBJECTIVES else 0)
        elif cov.weeks_ago is None and span_weeks >= STALE_WEEKS:
            reason = f"{obj.title} has not come up in any note since {first.isoformat()}."
            cites = []
            priority = 40 + min(span_weeks, 16) - 4 + (6 if obj.key in CORE_OBJECTIVES else 0)
        else:
            continue
        out.append(
            Candidate(
                priority,
                AgendaTopic(
                    title=obj.topic,
                    reason=reason,
                    minutes=0,
                    kind="objective",
                    objective=obj.title,
                    citations=cites,
                ),
                key=obj.key,
            )
        )
    out.sort(key=lambda c: -c.priority)
    return out[:3]
