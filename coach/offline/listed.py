"""Who does what, said without a promise verb: a list after "we agreed on three things:",
a passive ("the checklist will be updated by me"), "the handbook needs an owner; Hiro
volunteered"."""

from __future__ import annotations

import re
from datetime import date

from coach.dates import find_due_date
from coach.lexicon import words
from coach.offline.commitments import Found, base_verb, meant
from coach.parsing import Doc, Sentence

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


_KEYED = re.compile(r"^(?P<name>[A-Z][a-z]+|[A-Z]{2,}|[Mm]e)\s*[—–-]\s+(?P<task>[a-z]+\b.+)$")


_FOR_WHOM = re.compile(
    r"^(?:priorities|next steps|to-?dos|tasks|actions?|goals|homework|focus)\s+for\s+"
    r"(?P<name>[A-Z][a-z]+|me)$",
    re.I,
)
_NUMBERED = re.compile(r"(?:^|[,;]\s*(?:and\s+)?)\(?\d{1,2}[.)]\s+(?P<item>[^,;]+)")


def numbered_for(label: str | None, body: str, offset: int) -> list[Found]:
    """ "Priorities for Nina: 1) ship the billing fix by 12/22, 2) review two PRs a day" →
    each numbered item is hers (only items that start with a task verb)."""
    who = _FOR_WHOM.match(label or "")
    if who is None:
        return []
    out: list[Found] = []
    for m in _NUMBERED.finditer(body):
        item = m.group("item").strip().rstrip(".")
        first = item.split()[0].lower() if item.split() else ""
        if first in words("action_verbs") or base_verb(first):
            out.append((who.group("name"), item, offset + m.start("item")))
    return out


def keyed_list(body: str, offset: int) -> list[Found]:
    """Each item of a line of several keyed by owner: "FINANCE - confirm the budget; ME -
    book the venue" (two at least, so one dash in a sentence is not read as a list)."""
    out: list[Found] = []
    parts = list(re.finditer(r"[^;]+", body))
    for part in parts:
        text = part.group(0)
        k = _KEYED.match(text.strip())
        if k is None:
            return []
        name = k["name"]
        who = "me" if name.lower() == "me" else name.capitalize() if name.isupper() else name
        if who.lower() in words("not_names"):
            return []
        lead = len(text) - len(text.lstrip())
        out.append((who, k["task"], offset + part.start() + lead + k.start("task")))
    return out if len(out) >= 2 else []


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


# "The release checklist will be updated by me": the one it is done by.
PASSIVE = re.compile(
    r"^(?P<obj>(?:the|our|my|his|her|their)\s[^,;]+?)\s+(?:will|is going to|needs to) be\s+"
    r"(?P<verb>[a-z]+)\s+by\s+(?P<who>me|[A-Z][a-z]+)\b(?P<rest>.*)$",
    re.I,
)
# "The on-call handbook needs an owner; Hiro volunteered."
NEEDS_OWNER = re.compile(
    r"^(?P<obj>(?:the|our)\s[^,;]+?)\s+needs an owner[;,.]?\s+(?P<who>[A-Z][a-z]+)\s+"
    r"(?:volunteered|offered|said (?:she|he|they)(?:'d| would) (?:do|take) it)\b",
    re.I,
)


def done_by(body: str, offset: int) -> Found | None:
    """ "the checklist will be updated by me" → mine to update; "the handbook needs an
    owner; Hiro volunteered" → Hiro's."""
    passive = PASSIVE.match(body)
    if passive and (verb := _base_of(passive.group("verb"))):
        who = "me" if passive.group("who").lower() == "me" else passive.group("who")
        obj = passive.group("obj")
        return who, f"{verb} {obj[0].lower()}{obj[1:]}{passive.group('rest')}", offset
    owner = NEEDS_OWNER.match(body)
    if owner:
        obj = owner.group("obj")
        return owner.group("who"), f"own {obj[0].lower()}{obj[1:]}", offset
    return None


def _base_of(participle: str) -> str | None:
    """ "updated" → "update", "written" → "write", when it is a task verb."""
    verbs = words("action_verbs")
    irregular = {"written": "write", "sent": "send", "done": "do", "made": "make", "run": "run"}
    if participle in irregular:
        return irregular[participle]
    for cut in (1, 2, 3):
        if participle[:-cut] in verbs:
            return participle[:-cut]
    return None


# "she's submitting the abstract by Friday", "I'm presenting on Thursday": a plan with a date.
PROGRESSIVE = re.compile(
    r"(?:^|[;,]\s*|\b(?:and|so|also)\s+)(?P<who>I|he|she|[A-Z][a-z]+)(?:['’]s|['’]m| is| am)\s+"
    r"(?P<verb>[a-z]+ing)\b(?P<rest>[^.;]*)",
)


def planned(doc: Doc, sent: Sentence, body: str, offset: int, person: str | None) -> Found | None:
    """ "she's submitting the abstract by Friday" → hers, when it names a day (notes only;
    "I'm going" or "she's working on it" with no date is news, not a promise)."""
    m = PROGRESSIVE.search(body)
    if not m or doc.is_transcript or find_due_date(m.group("rest"), date(2000, 1, 3))[0] is None:
        return None
    verb = _base_of_ing(m.group("verb"))
    who = m.group("who")
    # "she's presenting at the guild on the 15th" is an event on her calendar, not a task.
    if verb is None or verb in _EVENTS or who.lower() in words("not_names") - {"i", "he", "she"}:
        return None
    if who.lower() in ("he", "she"):
        who = meant(doc, sent, person) or ""
    elif who == "I":
        who = "me"
    at = offset + m.start("verb") + len(m.group("verb")) - len(verb)
    return (who, verb + m.group("rest"), at) if who else None


_EVENTS = frozenset(["present", "attend", "speak", "join", "meet", "host", "lead", "run", "demo"])


def _base_of_ing(verb: str) -> str | None:
    """ "submitting" → "submit", "writing" → "write", "sending" → "send"."""
    verbs = words("action_verbs")
    stem = verb[:-3]
    for guess in (stem, stem + "e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else ""):
        if guess in verbs:
            return guess
    return None
