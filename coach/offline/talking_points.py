"""Talking points offline: the closest playbook situation, with dated evidence from the person's notes."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from coach.context import PersonContext
from coach.offline import NO_NOTES
from coach.offline.fitting import fitting_evidence
from coach.playbook import Situation, load_playbook
from coach.signals import NoteSentence, lexicon
from coach.types import Citation, EngineInfo, KeyMessage, Reaction, TalkingPoints
from coach.workspace import Workspace


@lru_cache(maxsize=1)
def _situation_vectors(embedder_key: str, embed) -> tuple[np.ndarray, list[np.ndarray]]:
    """Each situation's description vector, and the vectors of its signals."""
    pb = load_playbook()
    described = embed([f"{s.title}: {' '.join(s.keywords)}. {s.goal}" for s in pb.situations])
    signals = [
        embed(s.signals) if s.signals else described[i : i + 1] for i, s in enumerate(pb.situations)
    ]
    return described, signals


LOW_CONFIDENCE = 0.15


def match_situation(text: str, embed=None) -> tuple[Situation, float, Situation]:
    """The playbook situation closest to the user's description, by keywords and meaning;
    with how far it leads the runner-up (capped at 1), and that runner-up."""
    pb = load_playbook()
    # A phrase says more than a word: "talked over" outweighs "meetings".
    scores = np.array(
        [
            sum(len(m.split()) for m in lexicon(tuple(s.keywords)).findall(text))
            for s in pb.situations
        ],
        dtype=float,
    )
    if embed is not None:
        described, signals = _situation_vectors("local", embed)
        query = embed([text])[0]
        # "elsa keeps telling me 'friday' and friday never comes" is far from "Missed
        # deadlines: …" and near "The estimate was pushed out again": the closer of the two.
        meaning = np.maximum(described @ query, [float((v @ query).max()) for v in signals])
        scores = scores + 2.0 * meaning
    order = np.argsort(-scores, kind="stable")
    lead = float(scores[order[0]] - scores[order[1]])
    return pb.situations[int(order[0])], round(min(1.0, lead), 2), pb.situations[int(order[1])]


def _evidence(sentences: list[NoteSentence], n: int) -> list[list[Citation]]:
    """Spread evidence across ``n`` key messages, strongest first."""
    buckets: list[list[Citation]] = [[] for _ in range(n)]
    for i, s in enumerate(sentences):
        buckets[i % n].append(s.citation())
    return buckets


def _fill(template: str, ctx: PersonContext) -> str:
    # "Nora, I want to walk you through…": people are spoken to by their first name.
    return template.replace("{name}", ctx.person.split()[0] if ctx.person.split() else ctx.person)


def talking_points_offline(ws: Workspace, ctx: PersonContext, situation: str) -> TalkingPoints:
    """Scaffold from the playbook, filled with the person's name and evidence from notes."""
    embed = ws.index.embed
    scenario, confidence, runner_up = match_situation(situation, embed)
    evidence = fitting_evidence(ws, ctx, situation, scenario) if ctx.notes else []
    # Evidence about the person: their words and the user's observations, not the user's
    # own promises (those are the user's to raise) or a third party's lines.
    evidence = ctx.in_voice(evidence, "theirs", "mine")
    buckets = _evidence(evidence, len(scenario.messages))
    messages = [
        KeyMessage(message=m, evidence=b) for m, b in zip(scenario.messages, buckets, strict=True)
    ]
    questions = list(scenario.questions)
    next_steps = list(scenario.next_steps)
    terms = lexicon(tuple(scenario.keywords))
    for a in ctx.open_actions:
        if terms.search(a.task) or terms.search(a.source):
            next_steps.append(f"Follow up on the open action: {a.task} ({a.owner})")
    notes: list[str] = []
    if confidence < LOW_CONFIDENCE:
        notes.append(
            f"This reads closest to '{scenario.title}' (confidence {confidence:.2f}), but also "
            f"like '{runner_up.title}'. Which is it? Add a sentence about what happened."
        )
    if not ctx.notes:
        notes.append(NO_NOTES.format(name=ctx.person))
    elif not evidence:
        notes.append(
            f"No note about {ctx.person} matches this situation; add dated examples for stronger evidence."
        )
    notice = " ".join(notes) or None
    return TalkingPoints(
        person=ctx.person,
        situation=situation,
        scenario=scenario.key,
        scenario_confidence=confidence,
        goal=scenario.goal,
        opening=_fill(scenario.opening, ctx),
        key_messages=messages,
        questions=questions,
        reactions=[Reaction(reaction=r, response=resp) for r, resp in scenario.reactions],
        avoid=list(scenario.avoid),
        outcome=scenario.outcome,
        next_steps=next_steps,
        notice=notice,
        engine=EngineInfo(kind="offline"),
    )
