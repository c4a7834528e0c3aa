"""Finding commitments in notes: who will do what, by when, quoting the source sentence.

Rules, in the order they are tried for each sentence:
1. explicit markers (``Action:``, ``TODO``, ``[ ]``, an "Action items" section);
2. first person ("I'll", "I will", "let me") → the speaker, or ``me`` in plain notes;
3. group ("we'll", "let's") → ``team``;
4. a named person ("Dana will", "Dana to send") → that person;
5. "you'll …" and imperatives addressed to someone ("Priya, please send …") → the addressee;
6. "can you …?" answered yes in the next turn → whoever said yes.
"Chatter" ("I'll be honest", "let's get started", "enjoy it") is never an action.
"""

from __future__ import annotations

import re
from datetime import date

from coach.dates import WEEKDAYS, find_due_date
from coach.offline.commitment_patterns import (
    ACTION_SECTIONS,
    ACTION_VERBS,
    BARE_REQUEST,
    CHATTER,
    CONDITION,
    FILLED_FIRST_PERSON,
    FIRST_PERSON,
    GROUP,
    IMPERATIVE,
    IMPLICIT_I,
    INJECTION,
    MARKER,
    NAME_LIKE,
    NOT_NAMES,
    OWNER_LEAD,
    REQUEST,
    THIRD_PERSON,
    TICKET,
    YOU,
    owner_from_tail,
    third_person,
)
from coach.offline.commitments import WHO, base_verb, meant
from coach.offline.items import make_item
from coach.offline.joined import coordinated
from coach.offline.listed import agreed_list, keyed_list, numbered_for
from coach.offline.replies import (
    NEGATION,
    acknowledged,
    addressee_of,
    answered_yes,
    is_yes_reply,
    volunteer,
)
from coach.offline.shapes import other_shapes
from coach.offline.tables import labelled_items, owner_groups, table_rows
from coach.offline.task_text import (
    GROUP_OWNERS,
)
from coach.parsing import LABELS, Doc, Sentence
from coach.types import ActionItem

_BUT_I = re.compile(
    # "…but I'll ask finance"; "he won't finish the audit, so I'll ask Mara to take it over".
    r"(?:[,;]\s*|\s)(?:but|so)\s+(?=i(?:'ll|’ll| will| can| am going to|'m going to)\b)",
    re.I,
)


_PRESENT = re.compile(r"^(?P<name>[A-Z][a-z]+)\s+(?P<verb3>[a-z]+s)\b(?P<rest>.*)")
_HANDED = re.compile(r"(?:have|get)\s+(?P<name>[A-Z][a-z]+)\s+(?:to\s+)?(?P<pred>[a-z].*)")


def _asked_of_them(doc: Doc, sent: Sentence) -> bool:
    """Whether the turn before asked for someone to do something ("can you…?", "who can…?")."""
    before = doc.turns.get(sent.turn - 1, [])
    return any(REQUEST.search(s.text) or WHO.match(s.text) for s in before)


def _is_task(pred: str) -> bool:
    words = re.findall(r"[A-Za-z']+", pred)
    return len(words) >= 2 and not CHATTER.match(pred.strip())


def _known_name_match(body: str, doc: Doc, person: str | None) -> re.Match[str] | None:
    """Lower-case notes ("raj will update …") when raj is the person or a speaker."""
    known = [*doc.speakers, *([person] if person else []), *([doc.about] if doc.about else [])]
    names = {n.split()[0].lower() for n in known if n}
    if not names:
        return None
    alts = "|".join(re.escape(n) for n in sorted(names))
    return re.search(third_person(f"(?i:{alts})"), body)


def _body(sent: Sentence) -> tuple[str, int]:
    """The sentence without its "Label:" prefix, and where the rest starts. Only a label
    is cut: "Jordan will ship it" starts with the speaker's name too."""
    labelled = (
        # "**Dana**: send the list" as markdown bolds the name.
        re.match(
            rf"(?:(?:\*\*|__)?{re.escape(sent.label)}(?:\*\*|__)?\s*:|@{re.escape(sent.label)}\b)\s*",
            sent.text,
        )
        if sent.label
        else None
    )
    return (sent.text[labelled.end() :], labelled.end()) if labelled else (sent.text, 0)


_DONE_SECTION = re.compile(r"^(?:done|completed|finished)$", re.I)
_WAITING = re.compile(r"^waiting (?:on|for)\b", re.I)
_ARROWED = re.compile(r"\s(?:->|=>|→)\s")
_TEAMS = frozenset({"me", "legal", "hr", "leadership", "management", "team"})
"""Not names, but owners in a list of actions ("- legal to approve the contract")."""
_LOWER_TO = re.compile(r"^(?P<name>[a-z][a-z-]+|I)\s+to\s+(?P<pred>[a-z]+\b.*)")


def _lower_to(body: str, explicit: bool) -> re.Match[str] | None:
    """ "- legal to approve the contract" in a list of actions, or "me to chase IT" with a
    task verb anywhere: a lower-case owner (a team, or me) and the task."""
    m = _LOWER_TO.match(body)
    if m is None or m["name"].lower() in NOT_NAMES - _TEAMS or not _is_task(m["pred"]):
        return None
    mine = m["name"].lower() == "me" and m["pred"].split()[0] in ACTION_VERBS
    return m if explicit or mine else None


def _candidate(doc: Doc, sent: Sentence, by_turn: dict[int, str | None], person: str | None):
    """(owner, predicate, predicate offset) for a sentence that makes a commitment, else None."""
    body, offset = _body(sent)
    in_section = bool(sent.section and ACTION_SECTIONS.match(sent.section)) and (
        sent.bullet or not doc.is_transcript
    )
    label_is_marker = bool(sent.label and ACTION_SECTIONS.match(sent.label.lower()))
    marker = MARKER.match(body)
    # "- Fri: Zoe ships the newsletter draft": a line keyed by its day is a plan.
    day_label = bool(sent.label and sent.label.lower().rstrip(".") in WEEKDAYS)
    explicit = in_section or label_is_marker or marker is not None or day_label or sent.boxed
    tagged = marker["tagged"] if marker else None  # "TODO(Ana): check the invoice"
    if marker:
        offset += marker.end()
        body = body[marker.end() :]
    speaker = sent.speaker
    me = speaker or "me"
    addressee = addressee_of(doc, sent, by_turn)

    # "I don't have an answer yet, but I'll ask finance": the "no" is not the promise.
    turn = _BUT_I.search(body)
    if turn and NEGATION.search(body[: turn.start()]) and not explicit:
        body, offset = body[turn.end() :], offset + turn.end()
    # "If they don't answer by Tuesday, I'll escalate": a "not" in the condition is no refusal.
    first_clause = body.split(",")[0]
    if NEGATION.search(first_clause) and not explicit and not CONDITION.match(first_clause):
        return None
    if body.rstrip().endswith("?"):
        m = REQUEST.search(body)
        if not m or not doc.is_transcript:
            return None
        owner = answered_yes(doc, sent, by_turn)
        if owner is None or not _is_task(m.group("pred")):
            return None
        return owner, m.group("pred"), offset + m.start("pred"), speaker, owner

    bare = BARE_REQUEST.match(body) if doc.is_transcript else None
    if bare and _is_task(bare.group("pred")):
        owner = answered_yes(doc, sent, by_turn)
        if owner is not None:
            return owner, bare.group("pred"), offset + bare.start("pred"), speaker, owner

    replying = doc.is_transcript and is_yes_reply(doc, sent, by_turn)
    owners = (
        (FIRST_PERSON, me),
        (FILLED_FIRST_PERSON, None if doc.is_recorded_meeting else me),
        (GROUP, "team"),
        # In notes, "you" is the person they are about or written to ("Hi Mara, … you'll…").
        (YOU, addressee or (None if doc.is_transcript else person or doc.about)),
    )
    # The first promise in the sentence leads ("you'll send me the scorecard by Friday, and
    # I'll set up the session"); the one joined to it becomes its own item (_coordinated).
    matches = sorted(
        ((m, pattern, who) for pattern, who in owners if (m := pattern.search(body))),
        key=lambda found: found[0].start(),
    )
    for m, pattern, who in matches:
        if who and _is_task(m.group("pred")):
            # "have that ready", not "after this call"; and only after a request to them
            # ("can you…?"): "can we move the session?" asks nobody in particular.
            object_ = " ".join(m.group("pred").split()[:3])
            pointing = re.search(r"\b(?:it|that|this|them|those|something)\b", object_, re.I)
            if replying and pointing and _asked_of_them(doc, sent):
                continue  # "Sure, I'll have that ready": the request above is the action
            handed = _HANDED.match(m.group("pred")) if pattern is GROUP else None
            if handed and handed.group("name").lower() not in NOT_NAMES:
                # "Let's have Kim own the rollout plan": Kim's, not the group's.
                name = handed.group("name")
                return (
                    name,
                    handed.group("pred"),
                    offset + m.start("pred") + handed.start("pred"),
                    speaker,
                    addressee,
                )
            if pattern is GROUP and re.match(r"(?:let me)", m.group(0).strip(), re.I):
                who = me
            elif pattern is GROUP and doc.is_transcript:
                # "we should book the room" / "i'm on it": whoever takes it on takes it.
                who = volunteer(doc, sent, by_turn) or who
            return who, m.group("pred"), offset + m.start("pred"), speaker, addressee
    # "Want to get her in front of the council." in your own notes: "I" goes unsaid.
    unsaid = IMPLICIT_I.match(body)
    if unsaid and unsaid.group("verb").lower() in ACTION_VERBS and _is_task(unsaid.group("pred")):
        return me, unsaid.group("pred"), offset + unsaid.start("pred"), speaker, addressee
    m = THIRD_PERSON.search(body) or _known_name_match(body, doc, person)
    if m and m.group("name").split()[0].lower() not in NOT_NAMES and _is_task(m.group("pred")):
        pred = m.group("pred")
        first = re.match(r"[a-z]+", pred)
        via_to = re.search(r"\s+to\s+$", m.group(0)[: m.start("pred") - m.start()])
        # Under "Actions:", "AP: Tom to circulate the minutes" whatever the verb.
        if not via_to or explicit or (first and first.group(0) in ACTION_VERBS):
            return m.group("name"), pred, offset + m.start("pred"), speaker, addressee
    lower = _lower_to(body, explicit)
    if lower:
        who = me if lower.group("name").lower() in ("me", "i") else lower.group("name")
        return who, lower.group("pred"), offset + lower.start("pred"), speaker, addressee

    # "Dana: review the deck", or "dana: …" as typed in quick notes.
    label = sent.label[:1].upper() + sent.label[1:] if sent.label else ""
    if label and NAME_LIKE.match(label) and label.lower() not in LABELS and not doc.is_transcript:
        first = re.match(r"(?:please\s+)?([a-z]+)", body, re.I)
        if first and first.group(1).lower() in ACTION_VERBS:
            return label, body, offset, speaker, addressee
    lead = OWNER_LEAD.match(body)
    leader = (lead.group("name") or lead.group("bracketed") or lead.group("parens")) if lead else ""
    # Under "Actions:", "Both - rehearse the demo" names its owners whatever the verb.
    group_lead = lead is not None and (
        (explicit and leader.lower() in GROUP_OWNERS)
        or bool(lead.group("bracketed") or lead.group("parens"))
    )
    if (
        lead
        and (lead.group("verb").lower() in ACTION_VERBS or group_lead)
        and (explicit or not doc.is_transcript)
    ):
        return (
            leader,
            body[lead.start("task") :],
            offset + lead.start("task"),
            speaker,
            addressee,
        )

    # "Next steps: Yuki drafts a short note…": in a list of next steps the present names
    # the task too.
    now = _PRESENT.match(body) if explicit else None
    if now and now.group("name").lower() not in NOT_NAMES and (verb := base_verb(now["verb3"])):
        who = now.group("name")
        pred = verb + now.group("rest")
        # Said from the base form on, offset so that the rest lines up with the sentence.
        at = offset + now.start("verb3") + len(now["verb3"]) - len(verb)
        return who, pred, at, speaker, addressee
    mine = re.match(r"I\s+(?P<pred>(?P<verb>[a-z]+)\b.*)", body) if explicit else None
    if mine and mine.group("verb") in ACTION_VERBS:  # "Mon: I review it with legal"
        return me, mine.group("pred"), offset + mine.start("pred"), speaker, addressee
    imp = IMPERATIVE.match(body)
    # "@liv please tell QA": a mention and a please make any verb a request.
    mentioned = imp is not None and bool(imp.group("at") and imp.group("please"))
    # "OPS-12: rotate the certs (Raj)": an owner at the end of an explicit item, any verb.
    ticket = bool(sent.label and TICKET.fullmatch(sent.label))
    tailed = (explicit or ticket) and owner_from_tail(body) is not None
    if (
        imp
        and (imp.group("verb").lower() in ACTION_VERBS or mentioned or tailed)
        and _is_task(imp.group("pred"))
    ):
        named = imp.group("name") or imp.group("at")
        if named and named.lower() in NOT_NAMES:
            named = None  # "cool, close slack": a word, not someone addressed
        has_due = find_due_date(body, date(2000, 1, 1))[0] is not None
        if explicit:
            owner = tagged or owner_from_tail(body) or named
            owner = owner or (addressee if doc.is_transcript else None)
            return (
                owner or "unassigned",
                imp.group("pred"),
                offset + imp.start("pred"),
                speaker,
                addressee,
            )
        # "and loop in raj on it" / "will do": told, and taken on by whoever said yes.
        said_yes = (
            answered_yes(doc, sent, by_turn)
            if doc.is_transcript and sent.speaker and acknowledged(doc, sent)
            else None
        )
        if doc.is_transcript and (named or imp.group("please") or has_due or said_yes):
            owner = named or said_yes or addressee
            if owner:
                return owner, imp.group("pred"), offset + imp.start("pred"), speaker, addressee
        tail_owner = owner_from_tail(body)
        if tail_owner and not doc.is_transcript:  # "Update the pricing page — Lucia"
            return tail_owner, imp.group("pred"), offset + imp.start("pred"), speaker, addressee
    if explicit and _is_task(body) and not _ARROWED.search(body):  # arrows: ``arrow``
        # "Waiting on: - Dana: updated headcount numbers": the name the line is keyed by.
        keyed = label if label and NAME_LIKE.match(label) and label.lower() not in LABELS else None
        owner = tagged or owner_from_tail(body) or keyed or "unassigned"
        first_word = body.split()[0].lower() if body.split() else ""
        if sent.section and _WAITING.match(sent.section) and first_word not in ACTION_VERBS:
            # What we wait for from them is theirs to send: "Bo: the signed contract".
            return owner, "send " + body, offset - len("send "), speaker, addressee
        return owner, body, offset, speaker, addressee
    return None


def extract_actions(doc: Doc, meeting: date, person: str | None = None) -> list[ActionItem]:
    """All action items in a parsed document, each quoting its source sentence."""
    by_turn = {s.turn: s.speaker for s in doc.sentences}
    items: list[ActionItem] = []
    seen: set[tuple[str, str]] = set()
    labelled, label_lines = labelled_items(doc, meeting, person)
    rows = table_rows(doc, meeting, person) | labelled
    grouped, name_lines = owner_groups(doc)
    for sent in doc.sentences:
        if sent.index in name_lines or sent.index in label_lines:
            continue  # "◦ Kofi Mensah", "Assigned to: Nadia": parts of items, not items
        if INJECTION.search(sent.text):
            continue  # instructions aimed at a model are not commitments made in a meeting
        if sent.ticked or (sent.section and _DONE_SECTION.match(sent.section)):
            continue  # "- [x] booked the room", or listed under "DONE": done already
        if sent.index in rows:  # "| Draft the notice | Theo | Dec 12 |"
            row = rows[sent.index]
            if row.task and (key := (row.owner.lower(), row.task.lower())) not in seen:
                seen.add(key)
                items.append(row)
            continue
        found = _candidate(doc, sent, by_turn, person)
        # The rarer shapes: owner arrows, agreements, volunteers, "everybody please"; beside
        # a main rule's find, only one earlier in the sentence ("we agreed that he would
        # pair with Mina…, and I'll ask infra…": the main rule only saw "I'll ask").
        body, offset = _body(sent)
        to = addressee_of(doc, sent, by_turn)
        shapes = [
            (o, p, at, sent.speaker, to)
            for o, p, at in other_shapes(doc, sent, body, offset, person, to, _is_task)
            if found is None or at < found[2]
        ]
        # A main find inside a shape's own ("she's going to…, and I'll…") is its second part.
        inside = found is not None and any(found[1] in p for _o, p, *_rest in shapes)
        commitments = shapes + ([found] if found is not None and not inside else [])
        # "we agreed on…: Nina owns X, and I brief Y"; "FINANCE - confirm…; ME - book…"
        listed = (
            agreed_list(body, offset)
            or keyed_list(body, offset)
            or numbered_for(sent.label, body, offset)
        )
        if len(listed) >= 2:
            commitments = [(o, p, at, sent.speaker, to) for o, p, at in listed]
        commitments.sort(key=lambda c: c[2])
        starts = [c[2] for c in commitments]
        he = meant(doc, sent, person) if commitments and not doc.is_transcript else None
        for n, commitment in enumerate(commitments):
            # Two finds in one sentence: each reads its date from its own stretch ('Ines
            # said, "I'll have it by Friday," and asked whether I could join the call').
            end = starts[n + 1] if n + 1 < len(starts) else len(sent.text)
            own = (starts[n] if n else 0, end) if len(starts) > 1 else None
            for part, region in coordinated(commitment, _is_task, he):
                item = make_item(doc, sent, part, meeting, person, seen, region or own)
                if item is not None and item.owner == "unassigned" and sent.index in grouped:
                    item = item.model_copy(update={"owner": grouped[sent.index]})
                if item is not None:
                    items.append(item)
    return items
