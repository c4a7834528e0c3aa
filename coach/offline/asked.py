"""Promises made by asking or telling: "she asked if I'd be a reference — I said yes", "he
asked me to push back on it, which I'll do", "I asked him to write the postmortem", "remind
me to…", "you still owe me the q4 numbers", "told him I'd check the budget", "I'll need your
numbers by Monday", "reminder, the self-assessment is due friday"."""

from __future__ import annotations

import re

from coach.lexicon import words
from coach.offline.commitments import EARLIER, Found, meant
from coach.offline.replies import YES
from coach.parsing import Doc, Sentence

NEED_YOUR = re.compile(
    r"\bI(?:'ll| will)? need (?:your|you to send(?: me)?(?: the)?)\s+(?P<pred>.+)"
)
# "I still need to confirm the laptop order" in notes (in a meeting, "I just have to say…"
# is rarely a task, so transcripts keep the stricter first-person rule).
MINE_STILL = re.compile(
    r"^I (?:still|also|really|definitely|just) (?:need to|have to|must|will|'ll|’ll)\s+(?P<pred>.+)"
)
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
    r"\bi (?:(?:said|told (?:him|her|them))(?: that)? (?:yes|sure|of course|(?:i would|i'd|i will|"
    r"i'll)(?! (?:think|consider|see|check|look into|get back|let)\b))|agreed)\b|"
    r"^\W*(?:yes|sure|of course|happy to|absolutely)\b",
    re.I,
)


# 'Ines said, "I'll have the capacity numbers by Friday,"': her promise, in her words.
QUOTED_PROMISE = re.compile(
    r"\b(?P<name>[A-Z][a-z]+)\s+(?:said|says|told me|promised|wrote)[,:]?\s+[\"“]"
    r"I(?:'ll|’ll| will| can)\s+(?P<pred>[^\"”]+?)[,.!]?[\"”]"
)


def quoted_promise(body: str, offset: int) -> Found | None:
    """'Ines said, "I'll have the capacity numbers by Friday,"' → Ines's."""
    m = QUOTED_PROMISE.search(body)
    if not m or m.group("name").lower() in words("not_names"):
        return None
    return m.group("name"), m.group("pred"), offset + m.start("pred")


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


# "perf review self-assessment due Dec 12, he hasn't started": theirs to complete.
UNSTARTED = re.compile(
    r"^(?P<thing>[a-z][\w'’ -]{2,60}?)\s+(?:is\s+)?due\b[^,;]*[,;]\s*(?:and\s+)?(?:he|she)\s+"
    r"(?:hasn['’]?t|has not|still hasn['’]?t)\s+(?:started|begun|done it|touched it)",
    re.I,
)


def unstarted(doc: Doc, sent: Sentence, body: str, offset: int, person: str | None) -> Found | None:
    """ "self-assessment due Dec 12, he hasn't started" in a note about one person → theirs."""
    m = UNSTARTED.match(body)
    who = meant(doc, sent, person) if m and not doc.is_transcript else None
    if not m or not who:
        return None
    lead = "complete the "
    return who, lead + m.group("thing"), offset + m.start("thing") - len(lead)


# "you still owe me the q4 numbers" / "ugh yes, sending by eod": theirs to send.
OWE_ME = re.compile(
    r"\byou (?:still )?owe me (?P<obj>(?:the|your|a|an)\s.+?)(?:,?\s+(?:btw|by the way))?[.!]?$",
    re.I,
)


# "I owe Priya feedback on her deck": the user's (or the speaker's) debt to them.
I_OWE = re.compile(
    r"(?:^|\b(?:and|so|also|but)\s+)i (?:still |really )?owe (?P<what>(?:[A-Z][a-z]+|him|her|them)\s"
    # Alone in its sentence: "I owe her an answer; I'll get it to her by Wednesday" is one
    # promise, which the "I'll" states.
    r"+(?:a |an |the |my |some |his |her |their )?[a-z][^;]+?)[.!]?$",
    re.I,
)


def i_owe(sent: Sentence, body: str, offset: int) -> Found | None:
    """ "I owe Priya feedback on her deck" → mine: give it to her."""
    m = I_OWE.search(body)
    if not m:
        return None
    return sent.speaker or "me", "give " + m.group("what"), offset + m.start("what") - len("give ")


def owed(body: str, offset: int, addressee: str | None) -> Found | None:
    """ "you still owe me the q4 numbers" → the addressee's to send."""
    m = OWE_ME.search(body)
    if not m or not addressee:
        return None
    return addressee, "send " + m.group("obj"), offset + m.start("obj") - len("send ")
