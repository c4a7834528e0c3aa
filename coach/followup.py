"""Items that know when they are done: a later note that reports an open action item (or a
goal) as done, cancelled or superseded marks it "looks done", with that note as evidence.

Nothing is closed automatically: the agenda asks the user to confirm instead of listing
the item as open or overdue, and ``coach actions done ID`` (or one click in the app)
closes it. A sentence counts when it is about the same thing (shared content words, or
close in meaning by the local embeddings) and says it is finished, without a "still",
"not yet" or "half" that says otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date
from functools import lru_cache

import numpy as np

from coach.dates import window_end
from coach.lexicon import words
from coach.signals import NoteSentence, note_sentences
from coach.types import Citation, Note, StoredAction

Embed = Callable[[list[str]], np.ndarray]


MIN_SIMILARITY = 0.55
"""Cosine (local MiniLM) between the task and a completion sentence sharing no content word."""

COMPLETED = re.compile(
    r"\b(?:done|finished|completed?|sent|shipped|happened|delivered|published|submitted|"
    r"merged|launched|booked|updated|shared|wrapped up|closed|resolved|handled|"
    r"taken care of|signed(?: off)?|approved|is live|went out|went live|gave|given|"
    r"presented|fixed|set up|in place|rolled out|landed|ran|held|filed|posted|hired|"
    r"migrated|upgraded|written|wrote|drafted|made it|got it|received|"
    # "got the pricing proposal from Omar": what was to be sent arrived.
    r"got (?:the|his|her|their|my|our)|"
    r"dropped|cancell?ed|canceled|no longer needed|not needed|scrapped|called off|"
    r"superseded|replaced by|decided against|decided not to|won't (?:do|need)|"
    # An effect says the thing happened: "the rotation split helped a lot".
    r"helped(?! (?:with|me|us|to)\b)|made a (?:big |real )?difference|paid off|worked (?:well|out))\b",
    re.I,
)
NOT_YET = re.compile(
    r"\b(?:not|n't|never|yet|still|half|partly|partially|in progress|started|starting|"
    r"working on|needs? (?:another|more)|next week|almost|nearly|blocked|waiting|slipp\w*|"
    r"late|overdue|again)\b|n't\b",
    re.I,
)
_WORD = re.compile(r"[a-z][a-z0-9'-]{2,}")
_MODAL = frozenset({"will", "would", "should", "could", "going", "goal", "need", "needs"})
WITH_A_WORD = 0.35


def _names(*names: str) -> frozenset[str]:
    return frozenset(w.casefold() for n in names for w in n.split())


def _content(text: str, drop: frozenset[str] = frozenset(), verbs: bool = False) -> set[str]:
    stop = words("stopwords") | _MODAL | drop | (frozenset() if verbs else words("action_verbs"))
    return {w[:5] for w in _WORD.findall(text.lower()) if w not in stop and len(w) > 3}


# Where one report ends and the next begins: "venue is booked, also the budget got cut".
_CLAUSE = re.compile(r"\s*[;,]\s*|\s+(?:but|while|whereas)\s+|\s+[–—-]\s+")


_LEAD_IN = re.compile(
    r"^(?:[a-z][\w.-]{0,20}:\s*)?(?:(?:also|and|so|btw|plus|oh|ok|okay|fyi)\b[,\s]*)*", re.I
)


@lru_cache(maxsize=8192)
def done_part(text: str) -> str | None:
    """The clauses of ``text`` that report something finished, without a "still" or "not
    yet" of their own, or None. "The pairing session happened last week; Raj is still
    nervous" reports the session; "the timeline is done but the root cause isn't" reports
    only the timeline."""
    done = [c for c in _CLAUSE.split(text) if COMPLETED.search(c) and not NOT_YET.search(c)]
    # "me: also the all-hands shout-out happened": a chat label or a connective says nothing.
    done = [_LEAD_IN.sub("", c) for c in done]
    return " ".join(done) if done else None


def completion_sentences(notes: Iterable[Note]) -> list[NoteSentence]:
    """Sentences of ``notes`` that report something finished, dropped or superseded."""
    return [s for note in notes for s in note_sentences(note) if done_part(s.text)]


def _about(
    task: str, sentences: list[NoteSentence], embed: Embed | None, drop: frozenset[str]
) -> int | None:
    """The index of the sentence that is about ``task``, or None.

    Two shared content words are enough; one shared word needs the meaning to agree too
    (cosine ≥ ``WITH_A_WORD``), and no shared word needs ``MIN_SIMILARITY``.
    """
    if not sentences:
        return None
    terms = _content(task, drop)
    # Only what the sentence reports as done is compared: a clause about something else
    # ("…and I still haven't sorted her dashboard access") says nothing of this item.
    done = [done_part(s.text) or s.text for s in sentences]
    shared = np.array([len(terms & _content(d, drop)) for d in done], dtype=float)
    if embed is not None:
        vectors = embed([task, *done])
        sims = vectors[1:] @ vectors[0]
    else:
        sims = np.zeros(len(sentences))
    ok = (shared >= 2) | ((shared >= 1) & (sims >= WITH_A_WORD)) | (sims >= MIN_SIMILARITY)
    if not ok.any():
        return None
    return int(np.argmax(np.where(ok, shared + sims, -np.inf)))


def looks_done(
    items: list[StoredAction],
    notes: list[Note],
    embed: Embed | None = None,
    today: date | None = None,
) -> dict[int, Citation]:
    """Open items a later note of the same person reports as done: item id → evidence.

    A promise for a period ("I'll take you off support for October") whose period is over
    by ``today`` or by the newest note looks done too: the evidence is the latest later
    sentence about it ("Jordan is back on support from November"), else the promise itself.
    """
    dated = {n.id: (n.meeting_date, n.id) for n in notes}
    # Each note is read once, not once per item: 100 items over 1,000 notes took 3.6 s.
    ordered = sorted(notes, key=lambda n: (n.meeting_date, n.id))
    now = max([d for d in (today, *(n.meeting_date for n in notes)) if d], default=date.min)
    finished = {n.id: completion_sentences([n]) for n in ordered}
    reporting = [n for n in ordered if finished[n.id]]  # most notes report nothing finished
    out: dict[int, Citation] = {}
    for item in items:
        if item.status != "open" or item.note_id not in dated:
            continue
        said = dated[item.note_id]
        found = [s for n in _after(reporting, item, said) for s in finished[n.id]]
        drop = _names(item.person, item.owner)
        hit = _about(item.task, found, embed, drop)
        if hit is not None:
            out[item.id] = found[hit].citation()
            continue
        # Only a promise to ask someone reads every later note for their answer.
        answer = (
            _answered(item, _after(ordered, item, said), drop) if _ASKING.match(item.task) else None
        )
        if answer is not None:
            out[item.id] = answer
            continue
        end = window_end(item.source, said[0])
        if end is not None and end < now:  # rare: only then is every later note read
            out[item.id] = _period_over(item, _after(ordered, item, said), drop, said[0])
    return out


# A promise to get an answer from someone: "Find out from Dana whether…", "Ask legal if…".
_ASKING = re.compile(
    r"^(?:ask|find out from|check with|confirm with|get an answer from|follow up with)\s+"
    r"(?P<who>[A-Za-z][\w-]+)\b",
    re.I,
)
_ANSWERED = r"\b{who}\b[^.;]{{0,20}}?\b(?:says|said|confirmed|told (?:me|us)|replied|answered|got back|came back)\b"


def _answered(item: StoredAction, later: list[Note], drop: frozenset[str]) -> Citation | None:
    """The later sentence where the one you promised to ask gives their answer ("dana says
    our team stays as is, no changes to roles"), about the same thing, or None."""
    m = _ASKING.match(item.task)
    if m is None:
        return None
    said = re.compile(_ANSWERED.format(who=re.escape(m.group("who"))), re.I)
    # Four letters make the same word ("role", "roles"): the answer rarely repeats the ask.
    terms = {w[:4] for w in _content(item.task[m.end() :], drop)}
    for note in later:
        for s in note_sentences(note):
            if not said.search(s.text) or NOT_YET.search(s.text):
                continue
            if terms & {w[:4] for w in _content(s.text, drop)}:
                return s.citation()
    return None


def _after(notes: list[Note], item: StoredAction, said: tuple[date, int]) -> list[Note]:
    """The notes of the item's person written after the note that made it."""
    return [n for n in notes if n.person == item.person and (n.meeting_date, n.id) > said]


def _period_over(
    item: StoredAction, later: list[Note], drop: frozenset[str], said_on: date
) -> Citation:
    """The newest later sentence that shares a word with the item, else the item. Words
    that are also verbs count ("support" in "take Jordan off support" is what the period was
    about), all but the task's own first verb ("take" is in every other note)."""
    terms = _content(item.task.split(maxsplit=1)[-1], drop, verbs=True)
    for note in reversed(later):
        for s in note_sentences(note):
            if terms & _content(s.text, drop, verbs=True):
                return s.citation()
    return Citation(note_id=item.note_id or 0, date=said_on, quote=item.source)


def reported_done(
    goal: NoteSentence, notes: list[Note], embed: Embed | None = None
) -> Citation | None:
    """A later note that says what ``goal`` promised or aimed at has happened, or None."""
    later = [n for n in notes if (n.meeting_date, n.id) > (goal.date, goal.note_id)]
    found = completion_sentences(later)
    hit = _about(goal.text, found, embed, frozenset())
    return found[hit].citation() if hit is not None else None


def mark(
    items: list[StoredAction],
    notes: list[Note],
    embed: Embed | None = None,
    today: date | None = None,
) -> list[StoredAction]:
    """``items`` with ``done_evidence`` filled where a later note reports them done, or
    where the period they promised is over by ``today`` (or by the newest note)."""
    evidence = looks_done(items, notes, embed, today)
    return [
        i.model_copy(update={"done_evidence": evidence[i.id]}) if i.id in evidence else i
        for i in items
    ]
