"""A plain note about someone, said to them: "Nadia approved the 1,200-line PR with a
one-word comment" → "You approved the 1,200-line PR with a one-word comment".

Feedback is said to the person, so the user's note of the moment reads best in the second
person. Only the person's name and the pronouns that can only be theirs change; when a
pronoun might be someone else's, the note is left for the user to reword (None).
"""

from __future__ import annotations

import re

from coach.context import PersonContext
from coach.dates import DAY_NAMES, MONTH_NAMES
from coach.lexicon import words
from coach.offline.label_frames import past
from coach.offline.language import check_language
from coach.signals import NoteSentence

# "you was" → "you were": the forms a third-person subject takes.
_AGREE = {
    "is": "are", "was": "were", "has": "have", "does": "do", "isn't": "aren't",
    "wasn't": "weren't", "hasn't": "haven't", "doesn't": "don't", "is not": "are not",
    "was not": "were not", "has not": "have not", "does not": "do not",
}  # fmt: skip
_SUBJECT = re.compile(r"\b(?:he|she)\b", re.I)
_OBJECT = re.compile(r"\b(?:him|his|her|hers|himself|herself)\b", re.I)
# "…Lea three times while she presented": a subject pronoun opening a clause after someone
# else was named is theirs, and stays.
_CLAUSE_SUBJECT = re.compile(
    r"\b(?:while|when|as|because|after|before|until|since|and|but)\s+(?:he|she)\b", re.I
)
# Capitalised words that are not people: days, months, and words written in capitals.
_NOT_PEOPLE = re.compile(
    "^(?:"
    + "|".join(n.capitalize() for n in (*DAY_NAMES, *MONTH_NAMES))
    + r"|On|In|At|The|A|An|During|After|Before|Last|This|Today|Yesterday|Security|Support|"
    r"Finance|Legal|Sales|Product|Design|Engineering|Marketing|HR|I|[A-Z0-9]{2,}s?|Q[1-4])$"
)
_HER_AS_OBJECT = re.compile(
    r"\bher\b(?=\s*(?:[.,;:!?)]|$|\s(?:the|a|an|to|that|about|on|in|for|with|and|at|when|if|as|"
    r"because|before|after|again|last|this|what|how|why|up|back|off|out|over)\b))",
    re.I,
)


def _other_names(text: str, person: str) -> list[str]:
    found = re.findall(r"(?<![\w'’])([A-Z][a-z][\w'’-]*)", text)
    sentence_start = re.match(r"\s*(?:[-*•]\s*)?([A-Z][a-z][\w'’-]*)", text)
    start = sentence_start.group(1) if sentence_start else None
    theirs = {p.casefold() for p in person.split()}
    names = []
    for w in found:
        w = re.sub(r"['’]s$", "", w)
        if w.casefold() in theirs or _NOT_PEOPLE.match(w):
            continue
        if w == start and w.casefold() in words("stopwords"):
            continue
        names.append(w)
    return names


def _third_person_verb(verb: str) -> str | None:
    """ "misses" → "miss", "sends" → "send", "tries" → "try"; None when not such a form."""
    v = verb.lower()
    if v.endswith("ies") and len(v) > 4:
        return v[:-3] + "y"
    if re.search(r"(?:ss|sh|ch|x|z|o)es$", v):
        return v[:-2]
    if v.endswith("s") and not v.endswith(("ss", "us", "is")) and len(v) > 3:
        return v[:-1]
    return None


def said_to(text: str, person: str) -> str | None:
    """``text`` (the user's note about ``person``) in the second person, or None when it
    does not name them or a pronoun in it may be someone else's."""
    first = person.split()[0] if person.split() else ""
    if not first:
        return None
    # "Nora Lind" or "Nora": the full name first, so no "you Lind" is left.
    name = rf"(?:{re.escape(person.strip())}|{re.escape(first)})"
    t = re.sub(r"^\s*(?:[-*•]\s*)?", "", text.strip()).rstrip()
    others = _other_names(t, person)
    if not re.search(rf"\b{name}\b", t, re.I) and not (others == [] and _SUBJECT.search(t)):
        return None
    if others and (_OBJECT.search(t) or len(_SUBJECT.findall(t)) > len(_CLAUSE_SUBJECT.findall(t))):
        return None  # "Dana finished his sentences for him": whose is not clear
    # "Code reviews from Jordan are short" → "Your code reviews are short".
    t = re.sub(
        rf"^(?P<np>(?:[\w-]+\s+){{0,3}}?[\w-]+)\s+(?:from|by)\s+{name}\b",
        lambda m: "your " + m["np"][:1].lower() + m["np"][1:],
        t,
        count=1,
        flags=re.I,
    )
    t = re.sub(rf"\b{name}['’]s\b", "your", t, flags=re.I)
    t = re.sub(rf"\b{name}\b", "you", t, flags=re.I)
    if not others:
        t = _SUBJECT.sub("you", t)
        t = _HER_AS_OBJECT.sub("you", t)
        t = re.sub(r"\b(?:his|her)\b", "your", t, flags=re.I)
        t = re.sub(r"\bhim\b", "you", t, flags=re.I)
        t = re.sub(r"\b(?:himself|herself)\b", "yourself", t, flags=re.I)
    t = _agree(t)
    return t[:1].upper() + t[1:]


def _agree(text: str) -> str:
    """The verbs after "you", and after an "and" that goes on from it, in the second person."""

    def fix(m: re.Match[str], *, known_only: bool) -> str:
        lead, verb = m.group("lead"), m.group("verb")
        low = verb.lower()
        if low in _AGREE:
            return lead + _AGREE[low]
        base = _third_person_verb(low)
        if base and (not known_only or base in words("action_verbs")):
            return lead + base
        return m.group(0)

    verb = r"(?P<verb>(?:is|was|has|does)(?: not)?|isn't|wasn't|hasn't|doesn't|[a-z]+s)\b"
    adverb = r"(?:(?:also|still|often|always|never|usually|just|then)\s+)?"
    text = re.sub(rf"(?P<lead>\byou\s+{adverb}){verb}", lambda m: fix(m, known_only=False), text)
    at = re.search(r"\byou\b", text)
    if at is None:
        return text
    head, tail = text[: at.end()], text[at.end() :]
    tail = re.sub(rf"(?P<lead>\band\s+{adverb}){verb}", lambda m: fix(m, known_only=True), tail)
    return head + tail


# Language issues that concern a whole draft, not the wording of one sentence of a note.
_WHOLE_DRAFT = {"no_example", "no_impact"}


def _judges(text: str) -> bool:
    """A note the language check flags (a label, an absolute…): not yet fit to say."""
    return any(i.category not in _WHOLE_DRAFT for i in check_language(text))


_OFTEN = r"(?:(?:often|usually|always|still|regularly|sometimes|mostly)\s+)?"
_ARE = re.compile(
    rf"^(?P<head>(?:You|Your(?:\s+[\w-]+){{1,3}})\s+{_OFTEN})(?P<be>are not|aren't|are)\b"
)
_YOU_VERB = re.compile(rf"^(?P<head>You\s+{_OFTEN})(?P<verb>[a-z]+)\b")
_WERE = {"are": "were", "aren't": "weren't", "are not": "were not"}


def as_then(plain: str, note: str) -> str | None:
    """A note of a pattern in the present tense, said as it was when the note was written
    ("Your code reviews are very short" → "Your code reviews were very short", "You miss
    the planning call most weeks" → "You missed…"); None when the note is not in the
    present tense."""
    be = _ARE.match(plain)
    verb = _YOU_VERB.match(plain)
    if be:
        head, end = be["head"] + _WERE[be["be"]], be.end()
    elif verb and _said_present(verb["verb"], note):
        head, end = verb["head"] + past(verb["verb"]), verb.end()
    else:
        return None
    # "…and send no update" goes on from it: "…and sent no update".
    rest = re.sub(
        r"\b(?P<and>and\s+)(?P<v>[a-z]+)\b", lambda m: m["and"] + _then(m["v"], note), plain[end:]
    )
    return head + rest


def _then(verb: str, note: str) -> str:
    """``verb`` ("send", or "breaks" left as the note had it) in the past when the note has
    it in the present; else as it is."""
    base = _third_person_verb(verb) if verb.endswith("s") else verb
    return past(base) if base and _said_present(base, note) else verb


def _said_present(verb: str, note: str) -> bool:
    """Whether the note has ``verb`` in the third person present ("misses", "sends")."""
    forms = {verb + "s", verb + "es", verb[:-1] + "ies"}
    return any(re.search(rf"\b{re.escape(f)}\b", note, re.I) for f in forms)


def _chosen(ctx: PersonContext, moment: list[NoteSentence]) -> tuple[NoteSentence, str] | None:
    """The first of the user's sentences about the moment that can be said to the person,
    with how it is said."""
    for s in ctx.in_voice(moment, "mine"):
        if _judges(s.text):
            continue
        plain = said_to(s.text, ctx.person)
        if plain:
            return s, plain
    return None


def plain_moment(
    ctx: PersonContext | None, moment: list[NoteSentence]
) -> tuple[dict[str, str], set[str]]:
    """The user's note of the moment said to the person, keyed by the cited sentence: the
    first of the note's sentences about it that names them ("Code reviews from Jordan are
    very short" → "Your code reviews were very short"). A note that judges ("was rude
    again") is not yet fit to say, and stays a prompt. Also the keys whose note describes a
    pattern in the present tense, to be dated "around" its note rather than "on" it."""
    chosen = _chosen(ctx, moment) if ctx is not None and moment else None
    if chosen is None:
        return {}, set()
    s, plain = chosen
    then = as_then(plain, s.text)
    plain = then or plain
    # Said weeks later under "On October 8": that note's "this week" is that week.
    plain = re.sub(r"\bthis (week|morning|afternoon|evening|sprint|month)\b", r"that \1", plain)
    key = moment[0].text
    return {key: re.sub(r"\btoday\b", "that day", plain)}, ({key} if then else set())


def sayable(ctx: PersonContext, s: NoteSentence) -> str | None:
    """A further sentence of the user's note as it can be said to the person: said to them
    when it names them, as written when it names no one ("Strong doc with clear numbers"),
    else None."""
    if ctx.voice(s) != "mine" or _judges(s.text):
        return None
    plain = said_to(s.text, ctx.person)
    if plain:
        return plain
    rest = s.text.strip().split(" ", 1)[-1]  # any word opens a sentence with a capital
    if _SUBJECT.search(s.text) or _OBJECT.search(s.text) or _other_names(rest, ""):
        return None
    return s.text.strip()
