"""Commitment shapes the main rules in ``actions.py`` do not cover, tried after them.

- an owner arrow in notes: "Nadia -> reconcile the cost report", "me → book a slot";
- an agreement that names its owner: "we decided that Omar will run the load test, and that
  Priya writes the runbook";
- a volunteer: "Who can take the Acme escalation?" answered "I can take it.";
- the whole group addressed: "Everybody please update your tickets";
- "he will" / "she will" in a note about one person: "1:1 with Kenji. he will finish it";
- a promise reported as made: "told him I'd check the conf budget with Lena";
- "I'll need your budget numbers by Monday" said to someone: theirs to deliver;
- a deliverable said to be due ("reminder, the self-assessment is due friday" / "yep, on
  it"; "Reminded Priya that the promo packet is due Dec 11"): the one reminded finishes it.

Each returns ``(owner, predicate, predicate offset)`` or None; the predicate is always a
span of the sentence, so the source stays verbatim and the due date can be cut from it.
"""

from __future__ import annotations

import re

from coach.lexicon import words
from coach.parsing import Doc, Sentence

Found = tuple[str, str, int]

ARROW = re.compile(
    r"^(?P<name>[A-Za-z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?)\s*(?:->|→|=>)\s*(?P<pred>(?P<verb>[a-z]+)\b.*)",
    re.I,
)
# "perf calibration next week -> me to send the summary by Wed" / "handoff doc -> Kai, EOW":
# the arrow points at the owner, after the topic.
ARROW_TO = re.compile(
    r"^(?P<topic>[^>→]+?)\s*(?:->|→|=>)\s*(?P<name>me|I|[A-Z][a-z]+)\b"
    r"(?:\s+(?:to|will|'ll|’ll)\s+(?P<pred>[a-z].*)|\s*(?:[,(].*)?$)"
)
AGREED = re.compile(
    r"\b(?:agreed|decided|settled on|concluded)(?: on)? that\s+|\band that\s+|\bso that\s+",
    re.I,
)
_SUBJECT = re.compile(
    r"(?P<name>[A-Z][a-z][\w'’-]*|he|she)\s+"
    r"(?:(?:will|'ll|’ll|is going to|would|should|is to|needs to|has to)\s+(?P<pred>[a-z].*)|"
    r"(?P<verb3>[a-z]+s)\b(?P<rest>.*))"
)
WHO = re.compile(
    r"^(?:so,?\s+|and\s+|ok(?:ay)?,?\s+)?who(?:'s| is)?\s+(?:can|could|will|wants to|would like to|"
    r"is going to|'ll|’ll|is up for|volunteers to)\s+(?P<pred>[^?]+)\?",
    re.I,
)
VOLUNTEER = re.compile(
    r"^\W*(?:(?:yes|yeah|sure|ok(?:ay)?)[,.!]?\s+)?(?:i can|i'll|i’ll|i will|me\b|i'm on it|"
    r"i've got (?:it|this)|mine\b|happy to)",
    re.I,
)
EVERYONE = re.compile(
    r"^(?:(?:and|also|so|ok(?:ay)?|morning all|hi all)[.,!\s]+)?(?:everyone|everybody|all of you|"
    r"team|folks|y'all)[,\s]+(?P<please>please\s+)?(?P<pred>(?P<verb>[a-z]+)\b.*)",
    re.I,
)
# "he will", "she'll", "he's going to", "he said he'd": what the person of the note will do.
_WILL = (
    r"(?:\s+(?:will|is going to|is gonna|has to|needs to|must|should)|['’]ll|['’]s going to|"
    r"['’]s gonna|\s+(?:offered|agreed|promised|volunteered) to|"
    r"\s+said (?:he|she)(?:['’]d|['’]ll| would| will))\s+(?P<pred>[a-z].*)"
)
PRONOUN = re.compile(
    rf"(?:^|[,;]\s*|\b(?:and|so|then|also|next|now|later|after that)\s+)(?:he|she){_WILL}", re.I
)


def about_one(doc: Doc, person: str | None) -> str | None:
    """The person a note is about: the one given, or the one "1:1 with Kenji" names."""
    return person or doc.about


def base_verb(verb: str) -> str | None:
    """ "sets" → "set", "writes" → "write", when the base form is a task verb."""
    verbs = words("action_verbs")
    for cut in (1, 2):
        if len(verb) > cut + 2 and verb[:-cut] in verbs:
            return verb[:-cut]
    return None


def arrow(body: str, offset: int, is_transcript: bool) -> Found | None:
    """ "Nadia -> reconcile the cost report with finance by friday" (notes only)."""
    if is_transcript:
        return None
    m = ARROW.match(body)
    # The arrow assigns: any verb after it is the task ("reconcile", "fill in").
    # "pricing faq -> Lea, EOW": a capitalised word after the arrow is its owner, not a verb.
    if not m or m.group("verb").lower() in words("stopwords") or m.group("verb")[0].isupper():
        return _arrow_to(body, offset)
    name = m.group("name")
    if name.lower() in words("not_names") - {"i"} and name.lower() != "me":
        return None
    owner = "me" if name.lower() in ("me", "i") else name
    return owner, m.group("pred"), offset + m.start("pred")


def _arrow_to(body: str, offset: int) -> Found | None:
    """ "handoff doc -> Kai, EOW": the owner after the arrow; the task is what follows "to",
    else the topic before the arrow."""
    m = ARROW_TO.match(body)
    if not m or m.group("name").lower() in words("not_names") - {"i", "me"}:
        return None
    owner = "me" if m.group("name").lower() in ("me", "i") else m.group("name")
    if m.group("pred"):
        return owner, m.group("pred"), offset + m.start("pred")
    return owner, m.group("topic"), offset + m.start("topic")


def agreed(doc: Doc, body: str, offset: int, person: str | None) -> list[Found]:
    """Owners named in an agreement: "decided that Omar will run…, and that Priya writes…"."""
    out: list[Found] = []
    for lead in AGREED.finditer(body):
        m = _SUBJECT.match(body, lead.end())
        if not m:
            continue
        name = m.group("name")
        if name.lower() in ("he", "she"):
            if not (name := about_one(doc, person) or ""):
                continue
        elif name.lower() in words("not_names"):
            continue
        if m.group("pred"):
            out.append((name, m.group("pred"), offset + m.start("pred")))
        elif base_verb(m.group("verb3")):
            # The present tense names the task too: "Priya writes the rollback runbook".
            out.append((name, m.group("verb3") + m.group("rest"), offset + m.start("verb3")))
    return out


def volunteer(doc: Doc, sent: Sentence, body: str, offset: int) -> Found | None:
    """ "Who can take the customer escalation?" → whoever answers "I can take it"."""
    m = WHO.match(body)
    if not m or not doc.is_transcript:
        return None
    reply = doc.first_of_turn(sent.turn + 1)
    if reply is None or reply.speaker in (None, sent.speaker) or not VOLUNTEER.match(reply.text):
        return None
    return reply.speaker or "", m.group("pred"), offset + m.start("pred")


def everyone(body: str, offset: int) -> Found | None:
    """ "Everybody please update your tickets before the demo" → the team."""
    m = EVERYONE.match(body)
    if not m or not (m.group("please") or m.group("verb").lower() in words("action_verbs")):
        return None
    return "team", m.group("pred"), offset + m.start("pred")


def meant(doc: Doc, sent: Sentence, person: str | None) -> str | None:
    """Who a "he" or "she" in a note means: the person it is about, or else the one name
    its sentences before ``sent`` open with."""
    return about_one(doc, person) or doc.lone_subjects[sent.index]


def pronoun(doc: Doc, sent: Sentence, body: str, offset: int, person: str | None) -> Found | None:
    """ "he will finish it until wednesday", "she's going to send…" or "marco's going to
    take…" in a note about one person → that person."""
    if doc.is_transcript:
        return None
    who = meant(doc, sent, person)
    if not who:
        return None
    name = re.escape(who.split()[0])
    m = (
        PRONOUN.search(body)
        or re.search(rf"(?:^|[,;]\s*|\b(?:and|so|then|also)\s+){name}{_WILL}", body, re.I)
        # A run-on voice memo: "talked to ravi he's going to send the deck".
        or re.search(rf"\b{name}\s+(?:he|she){_WILL}", body, re.I)
    )
    return (who, m.group("pred"), offset + m.start("pred")) if m else None


# "Last time I told him I'd look into it": a promise an earlier note holds.
EARLIER = re.compile(r"\b(?:last (?:time|week|month|1:1)|previously|earlier|back in)\b", re.I)
"""Words that place what follows in an earlier meeting ("Last time I told him I'd…")."""
