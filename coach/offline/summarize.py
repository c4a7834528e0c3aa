"""Extractive summary: rank sentences by lexical centrality, drop near-duplicates.

Lexical centrality (TF-IDF cosine to the document centroid) is linear in the input,
so a 50k-word transcript costs milliseconds; embedding every sentence would cost
seconds (see bench/). Every line the summary shows is a sentence of the input.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from datetime import date

from coach.lexicon import words
from coach.offline.actions import INJECTION, extract_actions
from coach.offline.commitments import EARLIER
from coach.parsing import Doc, Sentence
from coach.types import ActionItem, EngineInfo, Summary

STOPWORDS = words("stopwords")
CHATTER = re.compile(
    r"^\W*(?:hi|hey|hello|thanks|thank you|cheers|bye|see you|talk soon|have a (?:good|great|nice)|"
    r"enjoy|good (?:morning|afternoon|evening)|how (?:are|was) you|how's it going|sounds good|"
    r"ok(?:ay)?|yes|yeah|yep|sure|great|cool|perfect|awesome|nice|got it|right|mm+|uh+|um+)\W*(?:\w+\W*){0,4}$",
    re.I,
)
DECISION = re.compile(
    r"\b(?:decided|decision|agreed|agree to|we'll go with|let's go with|going with|approved|signed off|"
    r"settled on|the plan is|final call|chose|we will keep|we'll keep|confirmed that|green[- ]?lit)\b",
    re.I,
)
CONCERN = re.compile(
    r"\b(?:worr(?:y|ied|ies|ying)|concern(?:ed|s|ing)?|risky|risks? (?:is|are|of|that)|block(?:ed|er|ers|ing)|stress(?:ed|ful)?|"
    r"overload(?:ed)?|burn(?:ed|t)?[ -]?out|burnout|exhaust(?:ed|ing)|tired|frustrat\w*|struggl\w*|"
    r"behind schedule|slipp\w*|unclear|confus\w*|anxious|overwhelm\w*|too much|problem|"
    r"upset|unhappy|demotivat\w*|skipp(?:ed|ing) lunch|attrition|thinking (?:of|about) leaving|quit|"
    r"(?:is|are|was|were|running|slipped|been) (?:late|delayed)|keeps? slipping|at risk|"
    r"a (?:big |real |major |serious )?risk|stretched (?:thin|too thin)|spread too thin|"
    r"underwater|no time|can't keep up|falling behind|missed (?:the )?deadline|late again|conflict|friction|"
    r"tension|tense|argued|clash(?:ed|ing)?)\b",
    re.I,
)
# "No concerns there", "nope, no blockers", "not stressed": a concern word said to be absent.
NO_CONCERN = re.compile(
    r"\b(?:no|not|nothing|never|zero|none|without|isn't|aren't|wasn't|no real|no big)\s+"
    r"(?:(?:a|any|real|big|major|more|much|too|really|at all|to)\s+)*"
    r"(?:worr\w*|concern\w*|risk\w*|block\w*|stress\w*|problem\w*|issue\w*|conflict\w*|"
    r"tired|overload\w*|burn\w*|frustrat\w*|struggl\w*|late|delayed|slipp\w*)",
    re.I,
)


def is_concern(text: str) -> bool:
    """A concern word that is not said to be absent ("no concerns", "not stressed")."""
    return bool(CONCERN.search(NO_CONCERN.sub(" ", text)))


def all_clear(text: str) -> bool:
    """A concern word said only to be absent: "No concerns from him this week", "isn't
    worried about the launch anymore"."""
    return bool(CONCERN.search(text)) and not is_concern(text)


FOLLOW_UP = re.compile(
    r"\b(?:next (?:time|1:1|one[- ]on[- ]one|meeting|sync|week's 1:1)|revisit|circle back|come back to|"
    r"check in on|follow up on|keep an eye on|parking lot|parked|table (?:this|it)|pick (?:this|it) up|"
    r"talk more about|dig into .* later|discuss (?:it |this )?later|"
    # "we need to talk about the reorg at some point", "let's decide next week": a topic for
    # a later talk, not a task.
    r"at some point|(?:need|have|ought) to (?:talk|chat) about|decide\b[^.;?!]{0,40}?\s"
    r"(?:next week|later|another time))\b",
    re.I,
)
_WORD = re.compile(r"[a-z][a-z'’-]+|\d+")
MAX_ITEM_CHARS = 300


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _terms(text: str) -> list[str]:
    return [_stem(w) for w in _WORD.findall(text.lower()) if w not in STOPWORDS and len(w) > 2]


def _shown(sent: Sentence) -> str:
    text = sent.text if len(sent.text) <= MAX_ITEM_CHARS else sent.text[: MAX_ITEM_CHARS - 1] + "…"
    return f"{sent.speaker}: {text}" if sent.speaker else text


PLEASANTRY = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|so|anyway|alright|right|well),?\s+)*(?:hi|hey|hello|thanks|thank you|cheers|bye|see you|"
    r"talk soon|have a (?:good|great|nice)|enjoy|happy (?:friday|monday|holidays)|good (?:morning|afternoon|evening)|"
    r"let'?s (?:get started|start|begin|see|go|kick off|dive in|wrap up)|welcome|you too|sounds good|"
    r"how are (?:you|things)|how'?s it going)\b",
    re.I,
)
_FULL_DATE = re.compile(r"\b(?:19|20)\d\d-\d\d-\d\d\b|\b(?:19|20)\d\d\b")


def _substantive(sent: Sentence, transcript: bool = False) -> bool:
    if transcript and sent.speaker is None:
        return False  # a title or date line above the transcript
    if PLEASANTRY.match(sent.text) or INJECTION.search(sent.text):
        return False
    if sent.text.lstrip().startswith("|"):
        return False  # a markdown table's row: its items are listed as actions, not prose
    words = len(sent.text.split())
    if _FULL_DATE.search(sent.text) and words <= 10:
        return False  # a header such as "Coffee chat with Elena, 2026-11-10."
    return words >= 4 and not CHATTER.match(sent.text) and not sent.text.rstrip().endswith("?")


SUMMARY_WORDS = 10
"""Sentences shorter than this rank lower in proportion (a one-to-one transcript's replies)."""


def rank_sentences(doc: Doc) -> list[tuple[float, Sentence]]:
    """Sentences scored by TF-IDF cosine to the document's centroid, best first."""
    candidates = [s for s in doc.sentences if _substantive(s, doc.is_transcript)]
    if not candidates:
        return []
    bags = [Counter(_terms(s.text)) for s in candidates]
    df: Counter[str] = Counter()
    for bag in bags:
        df.update(bag.keys())
    n = len(bags)
    idf = {t: math.log((1 + n) / (1 + c)) + 1.0 for t, c in df.items()}
    vectors = []
    centroid: Counter[str] = Counter()
    for bag in bags:
        vec = {t: (1 + math.log(c)) * idf[t] for t, c in bag.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vec = {t: v / norm for t, v in vec.items()}
        vectors.append(vec)
        centroid.update(vec)
    cnorm = math.sqrt(sum(v * v for v in centroid.values())) or 1.0
    scored = []
    for sent, vec in zip(candidates, vectors, strict=True):
        score = sum(v * centroid.get(t, 0.0) for t, v in vec.items()) / cnorm
        if DECISION.search(sent.text) or CONCERN.search(sent.text):
            score *= 1.25  # what was decided or worried about matters more than small talk
        # A short reply ("If the billing thing gets sorted, maybe.") says less than a full
        # sentence, however central its words.
        score *= min(1.0, len(sent.text.split()) / SUMMARY_WORDS)
        scored.append((score, sent))
    scored.sort(key=lambda item: (-item[0], item[1].index))
    return scored


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def select_diverse(
    ranked: list[tuple[float, Sentence]], k: int, overlap: float = 0.5
) -> list[Sentence]:
    """The top ``k`` sentences, skipping any that mostly repeat one already chosen."""
    chosen: list[Sentence] = []
    chosen_terms: list[set[str]] = []
    for _score, sent in ranked:
        terms = set(_terms(sent.text))
        if any(_jaccard(terms, other) > overlap for other in chosen_terms):
            continue
        chosen.append(sent)
        chosen_terms.append(terms)
        if len(chosen) == k:
            break
    return chosen


def _matching(
    doc: Doc,
    pattern: re.Pattern[str],
    limit: int,
    exclude: set[int] | None = None,
    min_words: int = 3,
) -> list[Sentence]:
    out: list[Sentence] = []
    seen: list[set[str]] = []
    for s in doc.sentences:
        if not pattern.search(s.text) or len(s.text.split()) < min_words:
            continue
        if exclude and s.index in exclude:
            continue
        terms = set(_terms(s.text))
        if any(_jaccard(terms, t) > 0.6 for t in seen):
            continue
        out.append(s)
        seen.append(terms)
        if len(out) == limit:
            break
    return out


def _summary_text(doc: Doc, top: list[Sentence], actions: list[ActionItem], decisions: int) -> str:
    parts: list[str] = []
    if doc.speakers:
        names = doc.speakers
        who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        parts.append(f"Conversation between {who}.")
    for s in sorted(top, key=lambda s: s.index):
        shown = _shown(s)
        parts.append(shown if shown[-1] in ".!?…" else shown + ".")
    counts = [f"{len(actions)} action item{'s' if len(actions) != 1 else ''}"]
    if decisions:
        counts.append(f"{decisions} decision{'s' if decisions != 1 else ''}")
    parts.append("(" + ", ".join(counts) + ".)")
    return " ".join(parts)


def _meeting_mode(
    doc: Doc, meeting: date, actions: list[ActionItem]
) -> tuple[list[ActionItem], tuple[str, list[str], list[str]] | None]:
    """For a recorded meeting, the learned models choose items, summary and decisions."""
    if not doc.is_recorded_meeting:
        return actions, None
    # Imported here: numpy and the models cost a note or a short 1:1 ~0.1 s of start-up.
    from coach.offline.learned import load_model
    from coach.offline.meeting import is_explicit, learned_actions, learned_summary, units

    model = load_model()
    if model is None:
        return actions, None
    scores = model.all_scores(units(doc))
    # Explicit items ("Action: …", or a dated commitment) always stay; the rules' other
    # items lend their phrasing when the word model ranks their sentence among its best.
    explicit = [a for a in actions if is_explicit(a)]
    plausible = [a for a in actions if a not in explicit]
    items = learned_actions(doc, meeting, model, scores["action"], plausible, explicit)
    return items, learned_summary(doc, model, scores)


def summarize_offline(doc: Doc, meeting: date, person: str | None = None) -> Summary:
    """The offline summarize job: an extractive summary plus action items.

    Notes and short transcripts go through the commitment rules; a long recorded meeting
    goes through the models learned from real meetings (``meeting.py``).
    """
    actions, learned = _meeting_mode(doc, meeting, extract_actions(doc, meeting, person))
    # "Let's revisit X next time" belongs on the next agenda, not in the task list.
    deferred = [a for a in actions if a.owner == "team" and FOLLOW_UP.search(a.source)]
    actions = [a for a in actions if a not in deferred]
    # A recorded meeting's summary comes from the learned models; ranking is skipped there.
    ranked = rank_sentences(doc) if learned is None else []
    top = select_diverse(ranked, 3)
    key = select_diverse(ranked, 7)
    decisions = [
        s
        for s in _matching(doc, DECISION, 8)
        if not s.text.rstrip().endswith("?")
        and not INJECTION.search(s.text)
        # "Last time I said I'd look into it, and I did: it's approved", "I already approved
        # the budget": settled before this meeting.
        and not EARLIER.search(s.text)
        and not re.search(r"\balready\b", s.text, re.I)
    ]
    action_sources = {a.source for a in actions}
    taken = {s.index for s in doc.sentences if s.text in action_sources} | {
        s.index for s in decisions
    }
    concerns = [
        c
        for c in _matching(doc, CONCERN, 8, exclude=taken, min_words=3)
        if (not re.match(r"^(?:that'?s|it'?s|this is)\b", c.text, re.I) or len(c.text.split()) > 5)
        and is_concern(c.text)
    ]  # a bare "That's a concern." refers back; it is not the concern
    follow_ups = [_shown(s) for s in _matching(doc, FOLLOW_UP, 6)]
    for a in actions:
        due = f", due {a.due.isoformat()}" if a.due else ""
        follow_ups.append(f"Check progress: {a.task} ({a.owner}{due})")
    for s in concerns[:3]:
        follow_ups.append(f"Revisit concern: {_shown(s)}")
    summary = _summary_text(doc, top, actions, len(decisions))
    key_points = [_shown(s) for s in sorted(key, key=lambda s: s.index)]
    decided = [_shown(s) for s in decisions]
    if learned is not None:
        summary, key_points, decided = learned
    return Summary(
        summary=summary,
        key_points=key_points,
        decisions=decided,
        concerns=[_shown(s) for s in concerns],
        action_items=actions,
        follow_ups=list(dict.fromkeys(follow_ups))[:12],
        meeting_date=meeting,
        engine=EngineInfo(kind="offline"),
    )
