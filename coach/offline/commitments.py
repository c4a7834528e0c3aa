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
from collections.abc import Callable

from coach.lexicon import words
from coach.offline.replies import YES
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
# "Nora finished the audit last week." opens a note as its subject.
_SUBJECT_NAME = re.compile(r"^(?P<name>[A-Z][a-z]+)(?:['’]s)?\s+[a-z]")
NEED_YOUR = re.compile(
    r"\bI(?:'ll| will)? need (?:your|you to send(?: me)?(?: the)?)\s+(?P<pred>.+)"
)
# "I still need to confirm the laptop order" in notes (in a meeting, "I just have to say…"
# is rarely a task, so transcripts keep the stricter first-person rule).
MINE_STILL = re.compile(
    r"^I (?:still|also|really|definitely|just) (?:need to|have to|must|will|'ll|’ll)\s+(?P<pred>.+)"
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


# "We agreed on three things: Nina takes over the rota, I update the wiki, and we both
# review the alert list": a list of who does what after a colon.
AGREED_LIST = re.compile(
    r"\b(?:agreed|decided|settled)(?: on)?(?: [\w ]{0,24})?:\s*(?P<items>.+)$", re.I
)
_LIST_SPLIT = re.compile(r",\s*(?:and\s+)?|;\s*(?:and\s+)?|\s+and\s+(?=(?:I|we|[A-Z][a-z]+)\s)")
_LIST_ITEM = re.compile(
    r"^(?:(?P<we>we)(?: both| all)?|(?P<i>I)|(?P<name>[A-Z][a-z]+))\s+"
    r"(?:(?:will|'ll|’ll|to)\s+)?(?P<verb>[a-z]+)\b(?P<rest>.*)$"
)


def agreed_list(body: str, offset: int) -> list[Found]:
    """Each "who does what" of a list after "we agreed on…:"."""
    m = AGREED_LIST.search(body)
    if not m:
        return []
    out: list[Found] = []
    start = m.start("items")
    for part in _LIST_SPLIT.split(m.group("items")):
        item = _LIST_ITEM.match(part.strip())
        if not item:
            continue
        verb = item["verb"]
        base = verb if verb in words("action_verbs") else base_verb(verb)
        if base is None or (item["name"] and item["name"].lower() in words("not_names")):
            continue
        who = "team" if item["we"] else "me" if item["i"] else item["name"]
        at = offset + start + m.group("items").find(part.strip()) + item.start("verb")
        out.append((who, base + item["rest"], at + len(verb) - len(base)))
    return out


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
    return about_one(doc, person) or _only_subject(doc, sent)


def _only_subject(doc: Doc, sent: Sentence) -> str | None:
    """The one name the note's sentences before ``sent`` open with ("Nora finished the
    audit. Next she's going to…"), if they name exactly one."""
    names = {
        m.group("name")
        for s in doc.sentences[: sent.index]
        if (m := _SUBJECT_NAME.match(s.text))
        and m.group("name").lower() not in words("not_names") | words("stopwords")
        and m.group("name").lower() not in words("action_verbs")
    }
    return names.pop() if len(names) == 1 else None


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


# "told him I'd check the budget", "I said I'd review her packet", "promised them I would…":
# a promise the user reports having made, which is theirs (or the speaker's) to keep.
REPORTED = re.compile(
    # Told by the user: "I told…", or with the "I" left out of a note ("told him…"); "Lina
    # said I'd need approval" is what Lina said, not a promise.
    r"(?:^|\bi\s+|\b(?:and|so|but|also|ok|okay)\s+|[,;:—–-]\s*)"
    r"(?:told|promised|assured|said|confirmed)(?:\s+(?:to\s+)?[\w'’-]+){0,2}?(?:\s+that)?"
    r"\s+i(?:['’]d|['’]ll| would| will)\s+(?P<pred>[a-z].*)",
    re.I,
)
# "Last time I told him I'd look into it": a promise an earlier note holds.
EARLIER = re.compile(r"\b(?:last (?:time|week|month|1:1)|previously|earlier|back in)\b", re.I)
"""Words that place what follows in an earlier meeting ("Last time I told him I'd…")."""


# "Noor asked if I'd write her a recommendation. I said yes." / "…a reference — I said yes".
ASKED_ME = re.compile(
    r"\basked (?:me )?(?:if|whether) i(?:['’]d| would| could| can)\s+(?P<pred>[a-z][^—–;]*?)"
    r"(?=\s*(?:[—–;]|,?\s+and)\s*i (?:said|agreed)|[.?!]?$)",
    re.I,
)
# "He asked me to push back on the exception, which I'll do today": taken on in the sentence.
ASKED_ME_TO = re.compile(
    r"\basked me to\s+(?P<pred>[a-z][^;—–]*?)(?=,?\s*(?:which|and|so)\s+i(?:['’]ll| will| did| agreed)\b)",
    re.I,
)
# "I asked him to write the postmortem by Thursday": a request the user made of them, in
# the user's own notes (not "Lina asked him to…", which is someone else's).
ASKED_THEM = re.compile(
    r"(?:^|\bi\s+)(?:asked|told)\s+(?P<who>him|her|[A-Z][a-z]+)\s+to\s+(?P<pred>[a-z].*)", re.I
)
_SAID_YES = re.compile(
    r"\bi (?:said (?:yes|sure|of course|(?:i would|i'd|i will|i'll)(?! (?:think|consider|see|"
    r"check|look into|get back|let)\b))|agreed)\b|^\W*(?:yes|sure|of course|happy to|absolutely)\b",
    re.I,
)


# "remind me to follow up with legal on the 12th": a note to self.
REMIND_ME = re.compile(r"^(?:pls\s+|please\s+)?remind me to\s+(?P<pred>[a-z].*)", re.I)


def remind_me(body: str, offset: int) -> Found | None:
    """ "remind me to follow up with legal" → mine."""
    m = REMIND_ME.match(body)
    return ("me", m.group("pred"), offset + m.start("pred")) if m else None


def asked_them(
    doc: Doc, sent: Sentence, body: str, offset: int, person: str | None
) -> Found | None:
    """ "I asked him to write the postmortem by Thursday" → his to do (notes only)."""
    m = ASKED_THEM.search(body)
    if not m or doc.is_transcript:
        return None
    who = m.group("who")
    if who.lower() in ("him", "her"):
        who = meant(doc, sent, person) or ""
    elif who.lower() in words("not_names"):
        return None
    return (who, m.group("pred"), offset + m.start("pred")) if who else None


def asked_me(doc: Doc, sent: Sentence, body: str, offset: int) -> Found | None:
    """ "She asked if I'd be a reference — I said yes" → mine to do, once I said yes; "he
    asked me to push back on it, which I'll do today" → mine too."""
    taken = ASKED_ME_TO.search(body)
    if taken:
        return "me", taken.group("pred"), offset + taken.start("pred")
    m = ASKED_ME.search(body)
    if not m:
        return None
    after = doc.sentences[sent.index + 1].text if sent.index + 1 < len(doc.sentences) else ""
    if not (_SAID_YES.search(body[m.end() :]) or _SAID_YES.search(after.strip())):
        return None
    return "me", m.group("pred"), offset + m.start("pred")


def reported(sent: Sentence, body: str, offset: int) -> Found | None:
    """ "told procurement i'd chase it" → the one who told (``me`` in notes)."""
    m = REPORTED.search(body)
    if not m or EARLIER.search(body[: m.start()]):
        return None
    return sent.speaker or "me", m.group("pred"), offset + m.start("pred")


def mine_still(doc: Doc, body: str, offset: int) -> Found | None:
    """ "I still need to confirm the laptop order" (notes only) → me."""
    m = MINE_STILL.match(body)
    if not m or doc.is_transcript:
        return None
    return "me", m.group("pred"), offset + m.start("pred")


def need_yours(body: str, offset: int, addressee: str | None) -> Found | None:
    """ "Ben, I'll need your budget numbers by Monday" → Ben delivers them."""
    m = NEED_YOUR.search(body)
    if not m or not addressee:
        return None
    return addressee, m.group("pred"), offset + m.start("pred")


IS_DUE = re.compile(
    r"(?:^|[,;:]\s*|\b(?:that|reminder|fyi|btw|also|and|so)[,:]?\s+)"
    r"(?P<pred>(?:the|your|his|her|their|this|that)\s+[\w'’ -]{2,60}?\s+(?:is|are)\s+due\b[^.?!]*)",
    re.I,
)
REMINDED = re.compile(
    r"\b(?:reminded|told|reminding|remind)\s+(?P<name>[A-Z][a-z]+)\s+(?:that\s+|about\s+)?", re.I
)
_REMINDER = re.compile(r"\b(?:don't forget|do not forget|remember|reminder|heads up)\b", re.I)


def due_reminder(
    doc: Doc, sent: Sentence, body: str, offset: int, addressee: str | None
) -> Found | None:
    """ "reminder, the self-assessment is due friday" → whoever it is said to finishes it,
    when they say yes to it or it is said as a reminder; in notes, "Reminded Priya that the
    promo packet is due Dec 11" is Priya's. "the rent is due friday" / "haha same" is not."""
    m = IS_DUE.search(body)
    if m is None:
        return None
    named = REMINDED.search(body[: m.start("pred")])
    if named and named.group("name").lower() not in words("not_names"):
        return named.group("name"), m.group("pred"), offset + m.start("pred")
    if not doc.is_transcript or not addressee:
        return None
    reply = doc.first_of_turn(sent.turn + 1)
    yes = reply is not None and reply.speaker == addressee and YES.match(reply.text)
    if not (yes or _REMINDER.search(body)):
        return None
    return addressee, m.group("pred"), offset + m.start("pred")


def other_shapes(
    doc: Doc,
    sent: Sentence,
    body: str,
    offset: int,
    person: str | None,
    addressee: str | None,
    is_task: Callable[[str], bool],
) -> list[Found]:
    """Every commitment of these shapes in one sentence (an agreement can name two)."""
    found: list[Found | None] = [
        arrow(body, offset, doc.is_transcript),
        volunteer(doc, sent, body, offset),
        everyone(body, offset),
        need_yours(body, offset, addressee),
        pronoun(doc, sent, body, offset, person),
        reported(sent, body, offset),
        asked_me(doc, sent, body, offset),
        asked_them(doc, sent, body, offset, person),
        remind_me(body, offset),
        mine_still(doc, body, offset),
        due_reminder(doc, sent, body, offset, addressee),
        *agreed(doc, body, offset, person),
    ]
    return [f for f in found if f is not None and is_task(f[1])]
