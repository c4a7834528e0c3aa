"""Task text and owners as a reader expects them: names for "you" and "me", an "it" said
just before, and chat labels written as names ("jordan" → "Jordan", "Me" → "me")."""

from __future__ import annotations

import re

from coach.dates import DAY_NAMES, MONTH_NAMES, MONTHS, WEEKDAYS
from coach.lexicon import words
from coach.parsing import Doc


def personalise(task: str, speaker: str | None, addressee: str | None) -> str:
    """Replace "you"/"me" objects with names when the transcript tells us who they are.

    The speaker's "me" is replaced first, so that a "you" said to the user ("send it to
    you") becomes "me" and stays so.
    """
    if speaker and speaker.casefold() != "me":
        speaker = display(speaker)
        task = re.sub(r"\bme\b", speaker, task)
        task = re.sub(r"\bmy\b", f"{speaker}'s", task)
    if addressee:
        addressee = display(addressee)
        # "since you're out thursday": a contraction says it of them ("Fei is out").
        for short, verb in (("re", "is"), ("ve", "has"), ("ll", "will"), ("d", "would")):
            task = re.sub(rf"\byou['’]{short}\b", f"{addressee} {verb}", task)
        task = re.sub(r"\b(?<!thank )you\b(?!r|['’])", addressee, task)
        task = re.sub(r"\byour\b", "my" if addressee == "me" else f"{addressee}'s", task)
    return task


def display(name: str) -> str:
    """A chat label as a name: "jordan" → "Jordan"; "Me" or "I" is "me"."""
    if name.casefold() in ("me", "i", "myself"):
        return "me"
    return name if not name.islower() or name == "team" else name.capitalize()


GROUP_OWNERS = frozenset(["both", "all", "everyone", "everybody", "us", "we", "team", "all of us"])
"""Owners that name the group: their items are the team's."""


def canonical(owner: str, doc: Doc, person: str | None) -> str:
    """The owner as the person or a speaker is spelled, the person's spelling first."""
    if owner.casefold() in ("me", "i", "myself"):
        return "me"
    if owner.casefold() in GROUP_OWNERS:  # "Both - review the OKRs"
        return "team"
    for known in [
        *([person] if person else []),
        *doc.speakers,
        *([doc.about] if doc.about else []),
    ]:
        first = known.split()[0]
        if first.lower() == owner.lower():
            return display(first) if owner.islower() else owner
    return owner


_UNKEPT = re.compile(
    r"^(?:(?:honestly|and|also|but|oh),?\s+)?i(?: still)? (?:haven't|have not|hadn't|didn't|did not|"
    r"never|forgot to)\s+(?:yet\s+)?(?P<verb>[a-z]+)\b(?P<rest>.*)$",
    re.I,
)
# Past forms whose base is not the form less "-ed".
_IRREGULAR = {
    "given": "give", "gave": "give", "sent": "send", "written": "write", "wrote": "write",
    "told": "tell", "done": "do", "made": "make", "taken": "take", "took": "take",
    "brought": "bring", "met": "meet", "found": "find", "spoken": "speak", "spoke": "speak",
    "set": "set", "put": "put", "read": "read", "run": "run", "ran": "run", "paid": "pay",
    "bought": "buy", "built": "build", "held": "hold", "kept": "keep",
}  # fmt: skip
# What follows the task and is not part of it: "…doc, need to do that this week", "…yet".
_UNKEPT_TAIL = re.compile(
    r"(?:\s*[,;(–—-]\s*(?:need|have|must|should|going|want|will|i'll|i need|i have|that's)\b.*|"
    r"\s+(?:yet|either|so far)\b.*)$",
    re.I,
)


def _base_of_past(verb: str) -> str | None:
    verb = verb.lower()
    verbs = words("action_verbs")
    if verb in _IRREGULAR:
        return _IRREGULAR[verb]
    if verb in verbs:  # "I didn't follow up" is already the base
        return verb
    if verb.endswith("ied") and verb[:-3] + "y" in verbs:
        return verb[:-3] + "y"
    for stem in (verb[:-1], verb[:-2], verb[:-3]):  # shared, booked, planned
        if verb.endswith("ed") and stem in verbs:
            return stem
    return None


def unkept_as_task(text: str) -> str | None:
    """ "I still haven't sent the expectations doc, need to do that this week" → "Send the
    expectations doc": the user's unkept promise as the thing to do. None when the sentence
    does not say one ("I didn't ask", "I haven't seen her this relaxed")."""
    m = _UNKEPT.match(text.strip())
    if not m:
        return None
    verb = _base_of_past(m.group("verb"))
    rest = _UNKEPT_TAIL.sub("", m.group("rest")).strip(" .,;:!")
    if verb is None or not rest:
        return None
    return f"{verb[:1].upper()}{verb[1:]} {rest}"


_MONTHS_DAYS = re.compile(
    "^(?:"
    + "|".join(n.capitalize() for n in (*WEEKDAYS, *MONTHS) if n.isalpha())
    + r"|I|OK|Okay|Q[1-4])$"
)
# "her" as an object: at the end, or before punctuation or a word that starts a new phrase.
_OBJECT_PRONOUN = re.compile(
    r"\b(?:him|her(?=\s*(?:[.,;!?]|$|\s(?:about|on|in|for|with|to|at|tomorrow|today|tonight|"
    r"this|next|by|before|after|and|first|again|later|soon|the|a|an|my|our|your|some|what|how|if|"
    r"that)\b)))\b",
    re.I,
)


_ROLE = re.compile(
    r"\bthe (?:new (?:hire|joiner|grad|starter|pm|designer|engineer|manager)|intern|candidate|"
    r"contractor)\b",
    re.I,
)


def resolve_role_from(task: str, before: str) -> str:
    """ "…mentor the new hire?" / "i'll set up an intro with her" → "…with the new hire": a
    "him" or "her" left after the names becomes the role the talk before named."""
    roles = _ROLE.findall(before)
    if not roles or not _OBJECT_PRONOUN.search(task):
        return task
    return _OBJECT_PRONOUN.sub(roles[-1].lower(), task, count=1)


def resolve_person_from(task: str, before: str) -> str:
    """ "I can ask Priya to cover the sync. I'll check with her tomorrow." → "Check with
    Priya": a "him" or "her" the task has becomes the one person the sentence before named."""
    if not _OBJECT_PRONOUN.search(task):
        return task
    # Not a sentence's first word: any word opens a sentence with a capital.
    found = re.findall(r"(?<![\w'’])(?<![.!?]\s)(?<!^)([A-Z][a-z]+)\b", before.strip())
    names = {w for w in found if not _MONTHS_DAYS.match(w) and w.lower() not in words("stopwords")}
    if len(names) != 1:
        return task
    return _OBJECT_PRONOUN.sub(names.pop(), task, count=1)


def name_pronoun(task: str, name: str | None) -> str:
    """ "Get back to him" in a note about Tariq → "Get back to Tariq": a "him" or "her" no
    sentence before resolved is the person the note is about."""
    return _OBJECT_PRONOUN.sub(name.split()[0], task, count=1) if name else task


def ended(text: str) -> str:
    """``text`` as a finished sentence, so that a chat turn with no full stop ("still waiting
    on their quote") does not run into the next ("ok, told procurement…")."""
    text = text.rstrip()
    return text + ("" if text[-1:] in ".!?" else ".") + " "


_DUE_LEAD = re.compile(
    r"(?:\s*,)?\s*(?:\b(?:by|on|before|b4|nlt|until|till|due|no later than|for|at|sometime|at the latest|latest|from|starting|"
    r"beginning|as of|effective|target|targeting|deadline|eta)\s+)*(?:the\s+)?$",
    re.I,
)


_MOVE = re.compile(
    r"(?:move|reschedule|push|postpone|shift|bump|delay|defer|bring|slide|change|rebook)\b", re.I
)


_HAVE_DONE = re.compile(
    r"^(?:have|get)\s+((?:the|my|our|your|this|that)\s.+?)\s+(?:done|finished|completed|wrapped up)$",
    re.I,
)


_IS_DUE = re.compile(r"^((?:the|your|his|her|their|this|that)\s.+?)\s+(?:is|are)(?:\s+due)?$", re.I)


# Not "may", which is a verb as often as a month.
CALENDAR = re.compile(
    r"\b(?:" + "|".join(n for n in (*DAY_NAMES, *MONTH_NAMES) if n != "may") + r")\b"
)


_ACRONYM = re.compile(
    r"\b(hr|qa|ui|ux|api|vp|ceo|cto|cfo|pr|okr|kpi|sla|rfc|eod|eow|q[1-4]|ios|aws|sso|dba)(s?)\b"
)


def _upper(m: re.Match[str]) -> str:
    word = m.group(1)
    return ("iOS" if word == "ios" else word.upper()) + m.group(2)


_SHORTHAND = (
    (re.compile(r"(?<!\S)w/o(?!\S)", re.I), "without"),
    (re.compile(r"(?<!\S)w/(?=\s)", re.I), "with"),
    (re.compile(r"(?<!\S)re:(?=\s)", re.I), "about"),
    (re.compile(r"\bb4\b", re.I), "before"),
)


def clean_task(pred: str, due_span: tuple[int, int] | None, offset: int, sentence: str) -> str:
    """The task a commitment's predicate states: its due date (at ``due_span`` in
    ``sentence``; the predicate starts at ``offset``) and lead words stripped, "have the
    migration done" as "finish the migration"."""
    task = pred
    group = re.search(r"\s*\([^()]*\)\s*$", task)
    if group and due_span and group.start() <= due_span[0] - offset < group.end():
        return clean_task(task[: group.start()], None, offset, sentence)  # "(due 12/4)"
    if due_span is not None:
        start, end = due_span[0] - offset, due_span[1] - offset
        tail = task[max(end, 0) :] if 0 <= start <= len(task) else ""
        # Strip the date only at the end ("send it by Friday"), not mid-phrase ("take Friday off").
        # "move it to tuesday": where it moves to is the task itself, not only its date.
        moved = _MOVE.match(task) and re.search(r"\bto\s+(?:the\s+)?$", task[: max(start, 0)])
        if (
            0 <= start <= len(task)
            and not moved
            # "check with finance on Tuesday about the budget": a date before what it is about.
            and (
                not tail.strip(" .!?;")
                or re.match(r"\s*(?:,|and\b|so\b|because\b|about\b|for\b|with\b)", tail)
                # "finish the rollback script by Monday too"
                or re.fullmatch(r"\s*(?:too|as well)[\s.!?]*", tail)
            )
        ):
            head = _DUE_LEAD.sub("", task[:start])
            task = (head + tail).strip()
    task = re.sub(r"\s+", " ", task).strip(" .!?;,:-–—\"'")
    # Note-taking shorthand reads as words in a task ("sync w/ Ana re: thresholds b4 Fri").
    for short, word in _SHORTHAND:
        task = short.sub(word, task)
    task = re.sub(
        # "he will to fix them", as a non-native speaker writes it: the "to" is not the task.
        r"^(?:please|pls|just|also|then|definitely|probably|quickly|to(?=\s+[a-z]+\b))\s+",
        "",
        task,
        flags=re.I,
    )
    task = re.sub(
        # "…before then" keeps its "then": it is when, not a filler.
        r"(?:,\s*|\s+)(?:please|ok|okay|alright|right|(?<!before )(?<!until )(?<!till )(?<!til )(?<!by )then)$|"
        # "book the room and uh that's about it": a voice memo trailing off.
        r"\s+and\s+(?:(?:uh|um|er)\s+)?that'?s (?:about |all |pretty much )?it\b.*$|"
        # "loop in the dba team too": the "too" joins it to the last request, not part of it.
        r"\s+(?:too|as well)$|"
        # "finish the ios release first, prob" once "by the 15th" is cut: a hedge on the date.
        r",\s*(?:prob|probs|probably|hopefully|ideally|maybe|roughly|approx)$|"
        r",\s*(?:will do|on it|i'?m on it)$",  # "chase it, will do tomorrow" (date cut)
        "",
        task,
        flags=re.I,
    ).strip(" .,")
    # "ping Arjun today, he built the framework": the reason after it is not the task.
    task = re.sub(r",\s+(?:he|she|they)(?:['’](?:s|d|ve|re))?\s+\w+.*$", "", task)
    # "can you write the faq or should i?": the other option is not the task.
    task = re.sub(
        r"\s+or\s+(?:should|shall|will|can|do|would)\s+(?:i|you|we)\b.*$", "", task, flags=re.I
    )
    # "write up the API changes so I have something to show them": why, not what.
    task = re.sub(r"\s+so (?:that )?(?:I|we|you|he|she|they)\b.*$", "", task)
    # "write down the steps, which would be a good start for a guide": a comment on it.
    task = re.sub(r",\s+which\b.*$", "", task)
    # "write the postmortem and to include the timeline": one task, one "to".
    task = re.sub(r"\band to\s+(?=[a-z])", "and ", task)
    # "i'll have the migration done" is to finish it; "have the deck ready" stays as said.
    task = _HAVE_DONE.sub(r"finish \1", task)
    # "the self-assessment is due friday" (its date cut) is to complete it.
    task = _IS_DUE.sub(lambda m: "complete " + m.group(1)[:1].lower() + m.group(1)[1:], task)
    if not task:
        return ""
    # "take jordan off support for october", typed in chat: days and months as names.
    task = CALENDAR.sub(lambda m: m.group(0).capitalize(), task)
    task = _ACRONYM.sub(_upper, task)  # "chase hr", "the ios release"
    return task[0].upper() + task[1:]


_ASKED_WHAT = re.compile(
    r"\b(?:asked|wondered|wants to know|wanted to know)\s+(?:me\s+)?"
    r"(?P<q>(?:whether|if|about|how|when|why|what)\b[^.?!;]{3,120})",
    re.I,
)


def with_question(task: str, before: str) -> str:
    """ "Theo asked whether the freeze affects his backfill. … I'll ask finance" → "Ask
    finance whether the freeze affects his backfill": a short task takes the question the
    sentence before says it answers."""
    if len(task.split()) > 4 or not before:
        return task
    m = _ASKED_WHAT.search(before)
    if m is None:
        return task
    question = m.group("q").strip(" ,")
    if re.match(r"(?:if|whether) i\b", question, re.I):
        return task  # "asked if I'd be a reference": the ask is the task itself
    if question.lower().startswith("if "):
        question = "whether " + question[3:]
    return f"{task} {question}"


_IF_LEAD = re.compile(
    r"^\W*(?P<word>if|unless|in case)\s+(?P<cond>[^,]+?),\s*(?:then\s+)?"
    r"(?:I|we|he|she|they|[A-Z][a-z]+)\b",
    re.I,
)


def with_condition(task: str, lead_in: str) -> str:
    """ "If they don't answer by Tuesday, I'll escalate to their account manager" →
    "Escalate to their account manager if they don't answer": a conditional promise keeps
    its condition (its date is the item's due date)."""
    m = _IF_LEAD.match(lead_in)
    if not m:
        return task
    cond = re.sub(
        r"\s+(?:by|before|until|on)\s+\S+(?:\s+(?:morning|afternoon|evening|night))?$",
        "",
        m["cond"],
    )
    return f"{task} {m['word'].lower()} {cond}"
