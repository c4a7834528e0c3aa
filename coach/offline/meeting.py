"""Long recorded meetings: action items, summary and decisions chosen by the models learned
from real meetings (``learned.py``), with owners named from the transcript's speakers.

A recorded meeting is mostly talk: the hand-written commitment rules fire on hundreds of
"I'll just say…" lines. Here the learned action model decides which sentences are action
items; the rules still phrase them, and explicit markers (``Action:``, ``TODO``) always count.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

import numpy as np

from coach.dates import find_due_date
from coach.lexicon import words
from coach.offline.actions import MARKER
from coach.offline.learned import Model, Unit, clean_disfluencies
from coach.offline.rerank import Candidate, choose, feature_matrix, pool, probabilities
from coach.offline.spoken_names import ROLE_NOUNS, called
from coach.parsing import Doc
from coach.types import ActionItem

SUMMARY_WORDS = 170
LIST_WINDOW = 10
"""How many sentences back a list of assignments ("the I_D_ the look and feel, the U_I_D_ the
interface, and you the evaluation") is read."""
KEY_POINTS = 6

_FIRST = re.compile(
    r"\b(?:i(?:'ll| will| shall|'m going to|'m gonna| am going to| can| could| need to|"
    r" have to| should)|let me)\b",
    re.I,
)
_GROUP = re.compile(
    r"\b(?:we(?:'ll| will| should| need to| have to|'re going to|'re gonna)|let's|let us|"
    r"everyone|everybody|you guys|all of you|each of you|you all|you two|you both|both of you|"
    r"the two of you|the (?:two|both) (?:of you|designers|of them))\b",
    re.I,
)
_YOU = re.compile(
    r"\b(?:you(?:'ll| will|'re going to|'re gonna| are going to| can| could| should| need to|"
    r" have to| might)|can you|could you|would you|i'd like you to|i want you to|want you to|"
    r"like you to|for you)\b",
    re.I,
)
_TOLD = re.compile(
    r"\b(?:you(?:'ll| will)(?: be)? (?:get|getting|receive|receiving|be given|be sent)|"
    r"(?:sent|given|emailed|mailed|forwarded) to (?:you|all of you|everyone)\b)",
    re.I,
)
"""Information handed to the listeners, which in a meeting of three or more is everyone's:
"you'll be getting specific instructions", "further instructions will be sent to you"."""
_AND = re.compile(r"^(?:and|then|and then|also)\b", re.I)
_TOGETHER = re.compile(r"\b(?:work(?:ing)? together|together on|you two|the two of you)\b", re.I)
_LEAD = re.compile(
    r"^.*?\b(?:(?:i|you|we|he|she|they)(?:'ll|'d| will| would| shall| can| could| should)|"
    r"(?:i'm|you're|we're|i am|you are|we are) (?:going to|gonna)|gonna|going to|"
    r"(?:need|have|want|like) (?:you )?to|let's|let me|can you|could you|would you)\s+",
    re.I,
)
_ASK = re.compile(r"\b(?:ask|tell|get|have)\s+(?:the\s+|our\s+)?[\w' -]{2,40}?\s+to\b", re.I)
_ASKED = re.compile(
    r"^(?:(?:like|want|need|ask) (?:you |them |him |her |us )?to|you to|to)\s+", re.I
)
_VERB_FIRST = re.compile(r"(?:please\s+)?(\w+)", re.I)
_SOFT = re.compile(
    r"^(?:(?:just|also|then|probably|maybe|actually|really|still|all|be able to)\s+)+"
)
_FILLERS = re.compile(r"\b(?:you know|i mean|sort of|kind of|like)\b,?\s*", re.I)
_PROGRESSIVE = re.compile(r"^be\s+(\w+?)ing\b", re.I)


def units(doc: Doc) -> list[Unit]:
    """The document's sentences as model units."""
    return make_units([(s.text, s.speaker) for s in doc.sentences], list(doc.speakers))


def make_units(said: list[tuple[str, str | None]], people: list[str]) -> list[Unit]:
    """Model units from (text, speaker) pairs in order; shared with training."""
    n = max(len(said) - 1, 1)
    out = []
    for i, (text, speaker) in enumerate(said):
        others = [p for p in people if p != speaker]
        named = _named(text, others) is not None
        if not named and i > 0 and said[i - 1][1] == speaker:
            named = _named(said[i - 1][0], others) is not None
        out.append(Unit(clean_disfluencies(text), speaker, i / n, named))
    return out


def _base(verb: str) -> str:
    """'working' → 'work', 'making' → 'make', 'putting' → 'put' (for 'be Xing')."""
    verbs = words("action_verbs")
    if verb + "e" in verbs:
        return verb + "e"
    if len(verb) > 3 and verb[-1] == verb[-2] and verb[-1] not in "ls":
        return verb[:-1]
    return verb


def task_text(text: str) -> str | None:
    """What to do, as an imperative: modal and subject dropped, 'be working on' → 'work on'.

    None when the sentence is not phrased as something to do (no commitment or request,
    and no verb first).
    """
    body = _FILLERS.sub("", clean_disfluencies(text)).strip()
    lead = _LEAD.match(body)
    if lead and len(body) - lead.end() > 8:
        body = _ASKED.sub("", body[lead.end() :])
    else:
        verb = _VERB_FIRST.match(body)
        if not verb or verb.group(1).lower() not in words("action_verbs"):
            return None
    body = _SOFT.sub("", body)
    body = _PROGRESSIVE.sub(lambda m: _base(m.group(1).lower()), body)
    body = re.sub(r"^(?:be\s+)?(?:doing|do)\s+(?=\w+ing\b)", "", body)
    body = body.strip(" ,.;:-")
    return body[:1].upper() + body[1:] if body else None


# Words that name a kind of role, not one person: "designer" alone does not say which.


@lru_cache(maxsize=256)
def _handles(person: str, people: tuple[str, ...]) -> tuple[str, ...]:
    """How a transcript may refer to ``person``: the full name, a part of it no one else
    shares, or its initials ("I_D_", "UID", "PM")."""
    parts = [p for p in re.split(r"\W+", person.lower()) if len(p) > 2]
    others = {q for o in people if o != person for q in re.split(r"\W+", o.lower())}
    stop = words("stopwords")
    out = [person.lower()]
    out += [p for p in parts if p not in others and p not in ROLE_NOUNS and p not in stop]
    if len(parts) >= 2:
        out.append("".join(p[0] for p in parts))
    return tuple(out)


def _mentioned(text: str, people: list[str]) -> list[str]:
    """The participants a sentence refers to, by any of their handles."""
    low = text.lower()
    tokens = set(re.findall(r"[a-z]+", low))
    if "_" in low:
        tokens |= {t.replace("_", "") for t in re.findall(r"\b(?:[a-z]_){2,}", low)}
    group = tuple(people)

    def said(handle: str) -> bool:
        if " " in handle:
            return handle in low
        # "the Market Expert" for "Marketing": a clipped form of a handle counts too.
        return handle in tokens or any(
            len(t) >= 5 and handle.startswith(t) for t in tokens if t[0] == handle[0]
        )

    return [p for p in people if any(said(h) for h in _handles(p, group))]


def _named(text: str, people: list[str]) -> str | None:
    """A participant (speaker name or role) the sentence names, if exactly one."""
    found = _mentioned(text, people)
    return found[0] if len(found) == 1 else None


def owner_of(doc: Doc, index: int, text: str, *, final: bool = False) -> str:
    """The participant who owns sentence ``index``: named, addressed, or the speaker.

    ``final`` reads the whole meeting: "and you…" after a list of assignments goes to
    whoever the list has not named, and information handed to the listeners in a meeting of
    three or more ("you'll be getting instructions") is the group's. The reranker was fitted
    on owners without these, so only the final owner uses them.
    """
    speaker = doc.sentences[index].speaker or "team"
    people = list(doc.speakers)
    others = [p for p in people if p != speaker]
    named = _named(text, others) or called(doc, text, others)
    # "The I_D_ is going to do the look and feel, the U_I_D_ the interface, and you're going
    # to do the evaluation": the last of a list is whoever the list has not named yet.
    listed = final and named is None and _AND.match(text) is not None
    left = _not_yet_assigned(doc, index, speaker, others) if listed else None
    if named is None and left is None:
        # "Um and uh marketing executive," … "you'll be thinking about…": the name is said
        # just before, by the same speaker.
        for back in range(index - 1, max(index - 4, -1), -1):
            before = doc.sentences[back]
            if before.speaker != speaker or (_YOU.search(text) and _LEAD.match(before.text)):
                break  # "Ryan, you'll do the interface." gave its own task to its own name
            named = _named(before.text, others)
            if named:
                break
    if (len(_mentioned(text, others)) >= 2 or _TOGETHER.search(text)) and not _FIRST.search(text):
        return "team"  # "the I_D_ and the U_I_D_ need to work together on the prototype"
    if final and len(people) >= 3 and named is None and _TOLD.search(text):
        return "team"
    asked = _ASK.search(text)
    if asked and _named(asked.group(0), others):
        return _named(asked.group(0), others) or speaker  # "I'll ask the marketing expert to…"
    # Whoever the sentence assigns first decides: "Manuel, you're going to work on what
    # we're gonna use" is Manuel's, not the group's.
    first = min(
        (
            (m.start(), kind)
            for kind, rx in (("me", _FIRST), ("you", _YOU), ("we", _GROUP))
            if (m := rx.search(text))
        ),
        default=(len(text), "none"),
    )[1]
    if first == "we" and not named:
        return "team"
    if first == "you" or (named and first != "me"):
        if named:
            return named
        if left is not None:
            return left
        reply = next((s.speaker for s in doc.sentences[index + 1 :] if s.speaker != speaker), None)
        return reply or speaker
    return speaker


def _not_yet_assigned(doc: Doc, index: int, speaker: str, others: list[str]) -> str | None:
    """The one participant the speaker's recent sentences have not named, when they named
    all the others (at least two): the last item of a list of assignments."""
    named: set[str] = set()
    for back in range(index - 1, max(index - LIST_WINDOW, -1), -1):
        s = doc.sentences[back]
        if s.speaker != speaker:
            continue
        text = clean_disfluencies(s.text)
        named.update(_mentioned(text, others))
        by_name = called(doc, text, others)  # "…for Kate to do the components"
        if by_name:
            named.add(by_name)
        elif _YOU.search(text) and not _mentioned(text, others):
            # "You have to work on the component concept." / "Okay.": an earlier item of
            # the list went to whoever answered it at once.
            after = doc.sentences[back + 1] if back + 1 < len(doc.sentences) else None
            if after is not None and after.speaker in others:
                named.add(after.speaker)
    left = [p for p in others if p not in named]
    return left[0] if len(left) == 1 and len(named) >= 2 else None


def is_explicit(item: ActionItem) -> bool:
    """An item that stays whatever the models say: marked ("Action: …", "TODO") or a
    commitment with a deadline ("I'll send the deck by Friday"), which in real meetings is
    rarely chatter."""
    return bool(MARKER.match(item.source)) or (item.due is not None and item.owner != "team")


def candidates(
    doc: Doc, meeting: date, scores: np.ndarray, rule_items: list[ActionItem]
) -> list[Candidate]:
    """The word model's best sentences, each phrased as "owner task" (best first).

    Where the commitment rules found an item in one of those sentences, the rules' phrasing
    (with its due date) is used; they phrase clear commitments better.
    """
    index_of = {s.text: s.index for s in doc.sentences}
    rules = {index_of[a.source]: a for a in rule_items if a.source in index_of}
    out = []
    for i in pool(scores):
        sent = doc.sentences[i]
        text = clean_disfluencies(sent.text)
        if len(text.split()) < 2:
            continue
        task = task_text(text)
        item = rules.get(i)
        if item is not None and item.owner not in (*doc.speakers, "team"):
            # "Nathan, I'd like you to…" in a meeting labelled by role: the rules name who
            # was called; the models read owners as the participants they were fitted on.
            item = item.model_copy(update={"owner": owner_of(doc, i, text)})
        if item is None:
            due, _span = find_due_date(sent.text, meeting)
            owner = owner_of(doc, i, text)
            item = ActionItem(owner=owner, task=(task or text)[:300], due=due, source=sent.text)
        out.append(Candidate(i, item, task is not None or i in rules, text, sent.speaker))
    return out


def learned_actions(
    doc: Doc,
    meeting: date,
    model: Model,
    scores: np.ndarray,
    rule_items: list[ActionItem],
    explicit: list[ActionItem],
) -> list[ActionItem]:
    """Action items of a recorded meeting.

    The word model proposes its best sentences; the reranker (``rerank.py``) keeps those
    that, phrased as "owner task", look like the action items people wrote for real
    meetings. Explicit items ("Action: …") always stay.
    """
    taken = {a.source for a in explicit}
    pooled = [c for c in candidates(doc, meeting, scores, rule_items) if c.item.source not in taken]
    if not pooled:
        return list(explicit)
    reads_item, reads_text, vectors = model.reads(pooled)
    if model.rerank is None:  # a model file without the second stage: the word model alone
        p, cut = np.array([scores[c.index] for c in pooled]), model.thresholds["action"]
    else:
        x = feature_matrix(pooled, scores, reads_item, reads_text)
        p, cut = probabilities(model.rerank, x), model.rerank_cut
    keep = choose(p, cut, model.rerank_cap, vectors)
    chosen = sorted((pooled[k] for k in keep), key=lambda c: c.index)
    index_of: dict[str, int] = {}
    for s in doc.sentences:
        index_of.setdefault(s.text, s.index)  # a repeated sentence: its first saying
    return [_final_owner(doc, a, index_of.get(a.source)) for a in explicit] + [
        _final_owner(doc, c.item, c.index) for c in chosen
    ]


def _final_owner(doc: Doc, item: ActionItem, index: int | None) -> ActionItem:
    """The item with its owner read from the whole meeting.

    The rules name an owner from the turns either side, which in a meeting of four is often
    not the person addressed. A marked item ("Action: Dana to…") keeps the owner it names.
    """
    if index is None or MARKER.match(item.source):
        return item
    owner = owner_of(doc, index, clean_disfluencies(doc.sentences[index].text), final=True)
    return item.model_copy(update={"owner": owner})


def learned_summary(
    doc: Doc, model: Model, scores: dict[str, np.ndarray]
) -> tuple[str, list[str], list[str]]:
    """(summary, key points, decisions): the sentences the models rank highest, cleaned."""
    order = np.argsort(-scores["summary"])
    chosen: list[int] = []
    total = 0
    for i in order:
        text = clean_disfluencies(doc.sentences[int(i)].text)
        n = len(text.split())
        if n < 6 or any(text == clean_disfluencies(doc.sentences[j].text) for j in chosen):
            continue
        chosen.append(int(i))
        total += n
        if total >= SUMMARY_WORDS + KEY_POINTS * 12:
            break
    shown = [clean_disfluencies(doc.sentences[i].text) for i in sorted(chosen)]
    summary, key_points = _split_budget(shown)
    threshold = model.thresholds["decision"]
    decided = [
        int(i)
        for i in np.argsort(-scores["decision"])[:5]
        if scores["decision"][int(i)] >= threshold and len(doc.sentences[int(i)].text.split()) >= 5
    ]
    decisions = [clean_disfluencies(doc.sentences[i].text) for i in sorted(decided)]
    return summary, key_points, decisions


def _split_budget(shown: list[str]) -> tuple[str, list[str]]:
    summary: list[str] = []
    size = 0
    for text in shown:
        if size >= SUMMARY_WORDS // 2:
            break
        summary.append(text if text.endswith((".", "?", "!")) else text + ".")
        size += len(text.split())
    rest = [t for t in shown if (t if t.endswith((".", "?", "!")) else t + ".") not in summary]
    return " ".join(summary), rest[: KEY_POINTS * 2]
