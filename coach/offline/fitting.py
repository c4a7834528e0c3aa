"""Evidence that fits a tough conversation: the notes about what the situation is about,
not the notes that merely share a word with it.

"Raf interrupts people in design reviews" is not supported by "Raf scheduled the design
reviews", though MiniLM puts the two close (the setting is most of both sentences). So a
note is cited only when it is close in meaning or carries one of the scenario's own words
(the behaviour, not the setting), it is not a logistics line the objective classifier reads
as about nothing, it is not praise offered for a problem, and it is nearly as good as the
best note found: one right citation beats three loose ones.
"""

from __future__ import annotations

import re

import numpy as np

from coach.context import PersonContext, Scored, query_terms, scored_sentences, without_names
from coach.offline.label_moment import praises
from coach.offline.objectives import NONE_CUT, load_objective_model
from coach.playbook import Situation
from coach.signals import NoteSentence
from coach.workspace import Workspace

CLOSE = 0.3
"""MiniLM cosine at which a note is about the situation without sharing a scenario word
(the cut ``relevant_sentences`` has always used for talking points)."""
WORD_FLOOR = 0.15
"""A note sharing a scenario word must still be this close: "fixed a bigger than usual
batch of tickets" shares "bigger" with "wants a bigger challenge" at 0.03."""
STRONG = 0.5
"""Close enough that the classifier's "about nothing" does not rule a note out: "the
billing export was due Sep 18 and landed Sep 25" reads as a status line to it."""
BEYOND = 0.15
"""A note between ``CLOSE`` and ``STRONG`` without a scenario word must keep this much
meaning once the words it shares with the situation are taken out of it: "Raf scheduled
the design reviews" keeps 0.10 of "interrupts people … in design reviews", "cut Joy off
mid-sentence" keeps 0.19."""
MARGIN = 0.25
"""A note is cited only when its score is within this of the best note's. 0.15 and 0.25
both give 8 of the 12 ``loose_evidence`` cases (no cut: 7); 0.25 keeps the sample's "she's
worried the migration will slip if she moves before Q1" for a move's timing."""


_MARKUP = re.compile(r"<[^>]*>")


def _about_nothing(ctx: PersonContext, found: list[Scored]) -> list[bool]:
    """Which of ``found`` the objective classifier reads as about none of the objectives
    (booking rooms, moving a meeting); all False without the classifier."""
    model = load_objective_model()
    if ctx.embed is None or model is None or model.embedder != ctx.embed_model or not found:
        return [False] * len(found)
    # Markup pasted into a note ("exhausted <img …> and skipped lunch") is not what it says.
    texts = [" ".join(_MARKUP.sub(" ", s.sentence.text).split()) for s in found]
    p = model.probabilities(np.asarray(ctx.embed(texts)), texts)
    return [bool(row[-1] >= NONE_CUT) for row in p]


def _beyond_setting(ctx: PersonContext, situation: str, found: list[Scored]) -> list[float]:
    """Each note's closeness to ``situation`` once the words they share are taken out of
    the note: what is left is what the note says beyond the shared setting."""
    names = {p.casefold() for p in ctx.person.split()}
    terms = tuple(query_terms(without_names(situation, names), names))
    if ctx.embed is None or not terms or not found:
        return [s.meaning for s in found]
    rest = [
        " ".join(w for w in without_names(s.sentence.text, names).split() if not _shares(w, terms))
        for s in found
    ]
    vectors = np.asarray(ctx.embed([without_names(situation, names), *(r or "." for r in rest)]))
    return (vectors[1:] @ vectors[0]).tolist()


def _shares(word: str, terms: tuple[str, ...]) -> bool:
    bare = word.strip(".,;:!?()\"'").lower()
    return len(bare) >= 4 and any(bare.startswith(t) or t.startswith(bare) for t in terms)


def fitting_evidence(
    ws: Workspace, ctx: PersonContext, situation: str, scenario: Situation, k: int = 6
) -> list[NoteSentence]:
    """The note sentences (best first, at most ``k``) that show what ``situation`` is
    about, for the talking points of ``scenario``."""
    found = [
        s
        for s in scored_sentences(
            ws, ctx, situation, k, keywords=tuple(scenario.keywords), query_words=False
        )
        if s.meaning >= CLOSE or (s.words and s.meaning >= WORD_FLOOR)
    ]
    if not scenario.praise_fits:  # "great incident review" is not evidence of burnout
        found = [s for s in found if not praises(s.sentence.text)]
    nothing = _about_nothing(ctx, found)
    found = [s for s, none in zip(found, nothing, strict=True) if s.meaning >= STRONG or not none]
    beyond = _beyond_setting(ctx, situation, found)
    found = [
        s
        for s, rest in zip(found, beyond, strict=True)
        if s.meaning >= STRONG or s.words or rest >= BEYOND
    ]
    if not found:
        return []
    best = found[0].score
    return [s.sentence for s in found if s.score >= best - MARGIN][:k]
