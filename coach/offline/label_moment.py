"""The moment a feedback draft is about, found in the notes.

A labelling draft sums a moment up: "ravi is so careless with deploys" is about the note
where Ravi "deployed the billing change without telling the on-call".

A label and the act it stands for share almost no meaning for the local sentence model
(cosine 0.01-0.25 between "careless" and the note of that deploy), so the note of the
moment is looked for by the draft's topic with its labels taken out ("with deploys") plus
what each label usually stands for as behaviour (``[judgmental.glosses]`` in
``prompts/language.toml``). A note that praises is never the moment of a criticism.
"""

from __future__ import annotations

import re

from coach.context import PersonContext, relevant_sentences
from coach.offline.language import rules
from coach.signals import NoteSentence
from coach.types import LanguageIssue
from coach.workspace import Workspace

SITUATION_MIN = 0.3
"""Cosine a note sentence needs with the draft to be its situation. On 41 labelled pairs
(``evals/datasets/relevance.jsonl``, ``python -m coach.offline.calibrate_relevance``) the
best F1 is 0.67 at 0.225, but precision stays between 0.55 and 0.62 for every cut from 0.2
to 0.45: MiniLM's cosine does not tell "the same behaviour" from "shares a word". The cut
stays at the relevance default of 0.3, where fewer loose notes get in; a better judge of
relevance needs a better model than this one."""

LABEL_MIN = 0.2
"""Cosine a note sentence needs with the topic-plus-gloss query to be the moment a labelling
draft is about. On the 18 older labelling cases (``behaviour_seen``, ``said_to_them``,
2026-12-06) the 4 sentences of unrelated notes reach at most 0.19 and 9 of the 13 notes of
the moment reach 0.2: the cut sits just above the unrelated ones rather than taking every
true note. Below it, the draft keeps a bracketed prompt for the user to fill in."""

# Spans that say something of the person, not what the draft is about.
_SAID_OF_THEM = {"judgmental", "about_person", "absolute", "mind_reading"}
_FILLER = re.compile(
    r"\b(?:so|such|very|really|just|too|a bit|kind of|pretty|is|are|was|were|being|a|an|"
    r"it's|it is|and|always|never)\b",
    re.I,
)
# Appreciation in a note ("really thorough release notes, support loved them"): the note
# is praise, not the moment a criticism is about.
_PRAISED = re.compile(
    r"\b(?:great|excellent|awesome|fantastic|brilliant|stellar|amazing|superb|thorough|"
    r"impressive|impressed|loved?|praised|kudos|nailed|well done|did (?:a )?(?:really )?"
    r"(?:great|good) job|thank\w*|appreciat\w*|proud of|nice|went well)\b",
    re.I,
)
_PROBLEM = re.compile(
    r"\b(?:but|without|not|no|nobody|no one|never|didn'?t|wasn'?t|weren'?t|late|missed|"
    r"skipped|failed|broke|forgot|complain\w*|wrong|problem|issue|ignored)\b",
    re.I,
)


def label_query(draft: str, issues: list[LanguageIssue]) -> str | None:
    """What to look for in the notes when ``draft`` labels the person: its topic without
    the labels, then what those labels stand for. None when the draft has no label."""
    labels = [i for i in issues if i.category == "judgmental"]
    if not labels:
        return None
    glosses: dict[str, str] = rules()["judgmental"]["glosses"]
    meant = []
    for issue in labels:
        low = issue.text.casefold()
        meant += [g for term, g in glosses.items() if re.search(rf"\b{re.escape(term)}\b", low)]
    dropped: set[int] = set()
    for issue in issues:
        if issue.category in _SAID_OF_THEM and issue.span != (0, len(draft)):
            dropped.update(range(*issue.span))
    topic = "".join(" " if i in dropped else ch for i, ch in enumerate(draft))
    topic = " ".join(_FILLER.sub(" ", topic).split()).strip(" ,.;:!")
    return ". ".join(dict.fromkeys(p for p in (topic, *meant) if p)) or None


def praises(sentence: str) -> bool:
    """Whether a note sentence is appreciation with no problem in it."""
    return bool(_PRAISED.search(sentence)) and not _PROBLEM.search(sentence)


def moment_sentences(
    ws: Workspace, ctx: PersonContext, draft: str, issues: list[LanguageIssue], kind: str
) -> list[NoteSentence]:
    """The note sentences (best first, at most 3) that describe the moment ``draft`` is
    about: close in meaning, not merely sharing a word, and for a criticism never praise."""
    labelled = label_query(draft, issues)
    query, floor = (labelled, LABEL_MIN) if labelled else (draft, SITUATION_MIN)
    found = relevant_sentences(ws, ctx, query, k=3, min_score=floor, by_meaning=True)
    if kind == "redirect":  # praise for working late is not the moment of lateness
        found = [s for s in found if not praises(s.text)]
    return found
