"""What a task's "it", "them" or "both" refers to: the thing the same sentence or the one
before has just named ("the caching doc", "the tests are failing", "two customers left")."""

from __future__ import annotations

import re

from coach.lexicon import words
from coach.offline.task_text import CALENDAR

_READY = re.compile(
    r"(?:(?:^|[,;.]\s*|\band\s+)(?:(?:the|my|our|your|his|her|their)\s+)?|"
    r"\b(?:the|my|our|your|his|her|their)\s+)"
    r"(?P<np>(?!it\b|that\b|this\b)[a-z][\w-]*(?:\s+[a-z][\w-]*){0,3}?)\s+"
    r"(?:is|are|'s|’s)\s+(?:(?:now|almost|nearly|mostly)\s+)?(?:done|ready|finished|written|drafted|complete|up)\b",
    re.I,
)


# A part or version of something: "the first draft" is only readable with what it drafts.
_PART = re.compile(
    r"^(?:(?:first|second|rough|early|initial|final)\s+)?(?:draft|outline|version|cut|pass|"
    r"skeleton|v\d+|mockups?|slides|write-?up)$",
    re.I,
)


def resolve_it(task: str, before: str, context: str = "") -> str:
    """ "first draft is done, i'll share it with the team" → "Share the first draft with the
    team": an "it" whose thing the same sentence has just said is done or ready. A part
    ("first draft", "v1") takes the thing named before it, in ``before`` or the sentence
    before (``context``): "the first draft of the migration plan"."""
    ready = list(_READY.finditer(before))
    if not ready or not re.search(r"\bit\b", task):
        return task
    np = ready[-1].group("np")
    if len(np.split()) > 4 or np.lower() in ("everything", "something", "all"):
        return task
    if _PART.match(np):
        earlier = context + before[: ready[-1].start()]
        wholes = [
            m.group("np")
            for m in _LAST_THING.finditer(earlier + ".")
            if not _PART.match(m.group("np")) and not _NOT_A_THING.search(m.group("np"))
        ]
        # "the pricing proposal is coming along. The outline is ready": the last thing named.
        named = re.findall(
            r"\bthe\s+([a-z][\w-]*(?:\s+[a-z][\w-]*){0,2}?)\s+(?:is|was|are)\b", earlier, re.I
        )
        whole = (wholes or [n for n in named if not _PART.match(n)] or [None])[-1]
        if whole:
            np = f"{np} of the {whole}"
    return re.sub(r"\bit\b", f"the {np}", task, count=1)


# "…read the caching doc." → the thing a following "it" means: a noun phrase that ends its
# sentence or clause, led by "the" or a possessive (not "this"/"that", which lead verbs as
# often as nouns), and not a stretch of time ("the next morning").
_LAST_THING = re.compile(
    # "your peer feedback for Sam is due Monday": a thing for or of someone.
    r"\b(?:the|your|my|our|his|her|their)\s+"
    r"(?P<np>[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2}?(?:\s(?:for|of)\s[A-Z][a-z]+)?)"
    # "how's the migration plan going?": the thing ends before how it is going.
    r"\s*(?:(?:\s(?:is|are|was|were|'s))?\s(?:going|coming along|doing|looking|progressing))?"
    # "the SOC2 evidence folder is a mess": the thing, then a short word on its state.
    # "the tests are failing since monday": a state in -ing with no object after it.
    r"(?:\s(?:is|are|was|were)\s(?:still\s)?[\w-]+ing(?:\s(?:since|again|for|on|in|all)\b[\w\s-]{0,20})?)?"
    # (Not an action, "the laptops are killing us": the thing asked for comes before that.)
    r"(?:\s(?:is|are|was|were)\s(?:still\s)?(?:a\s|an\s|not\s)?(?![\w-]+ing\b)[\w-]+(?:\s[\w-]+){0,2})?"
    # "the design review got moved again": what happened to it.
    r"(?:\s(?:got|gets|keeps getting|has been|have been)\s[a-z]+ed(?:\s(?:again|twice|today))?)?"
    # "…draft the platform section or will you?": the thing ends before "or".
    # "finish the audit this year": when is not part of the thing.
    r"(?=[.!?,;:]|$|\s+(?:and|or|by|before|on)\b|"
    r"\s+(?:(?:this|next|last)\s+(?:year|week|month|quarter|sprint)|today|tomorrow|yesterday)\b)",
    re.I,
)
_NOT_A_THING = re.compile(
    r"\b(?:week|weekend|day|morning|afternoon|evening|night|time|moment|meeting|call|quarter|"
    r"month|year|sprint|end|rest|same|one|other|way|point|idea|team|room)s?$",
    re.I,
)


_COUNTED = re.compile(
    r"\b(?P<num>two|three|four|five|six|\d+)\s+(?P<np>[a-z][\w-]*s)\s+"
    r"(?:left|remaining|(?:are|is) (?:still )?(?:left|open|pending|remaining))\b",
    re.I,
)


_ASKED_FOR = re.compile(
    r"\basked (?:me |us )?for\s+(?P<np>(?:a|an|some|more|the)\s[^;,.?!]{3,60}?)"
    r"(?=\s*(?:[;,.?!]|$|\s(?:and|but|so)\s))",
    re.I,
)


_WANTED = re.compile(
    r"\b(?:want|wants|wanting|wanted|looking for|needs|needing|need)\s+"
    r"(?P<np>(?:a|an|some|more)\s[^;,.?!]{3,50}?)(?=\s*(?:[;,.?!]|$))",
    re.I,
)
_BLOCKED = re.compile(
    r"\b(?:blocked|stuck|waiting) on\s+(?P<np>(?:the|a|an|his|her|their|our)\s[^;,.?!]{3,50}?)"
    r"(?=\s*(?:[;,.?!]|$))",
    re.I,
)


def _unsaid_object(task: str, before: str) -> str:
    """ "wanting a mentor outside the team; I promised to ask around" → "ask around for a
    mentor outside the team"; "blocked on the SSO config; I'll escalate to IT" → "escalate
    the SSO config to IT": verbs said without what they are about take the thing the clause
    before names."""
    around = re.fullmatch(r"(?i)(ask around|look around|shop around)", task.strip())
    wanted = list(_WANTED.finditer(before))
    if around and wanted:
        return f"{task.strip()} for {wanted[-1].group('np').strip()}"
    escalate = re.fullmatch(r"(?i)(escalate|raise)(\s+(?:to|with)\s.+)", task.strip())
    blocked = list(_BLOCKED.finditer(before))
    if escalate and blocked:
        return f"{escalate.group(1)} {blocked[-1].group('np').strip()}{escalate.group(2)}"
    return task


def resolve_it_from(task: str, before: str) -> str:
    """ "Marcus: I'm not sure anyone read the caching doc. Me: I'll bring it to the
    architecture review" → "Bring the caching doc to the architecture review": an "it" the
    task still has becomes the thing the sentence before ended on, when there is one."""
    task = _unsaid_object(task, before)
    # "i will review after": a verb whose object went unsaid takes the thing as its "it".
    bare = re.fullmatch(r"(?i)([a-z]+)\s+(after|afterwards|later|then|next)", task)
    if bare and bare.group(1).lower() in words("action_verbs"):
        task = f"{bare.group(1)} it {bare.group(2)}"
    pronoun = r"\bit\b(?!['’])"
    if re.search(r"\b(?:review|check|read|approve|merge|test)\s+both\b", task, re.I):
        # "Bo will write the timeline; Kira will fix the thresholds. I'll review both."
        pair = [m.group("np") for m in _LAST_THING.finditer(before)][-2:]
        if len(pair) == 2 and not any(_NOT_A_THING.search(np) for np in pair):
            return re.sub(r"\bboth\b", f"the {pair[0]} and the {pair[1]}", task, count=1)
    if not re.search(pronoun, task):
        # "the tests are failing … he will fix them": a "them" for a plural thing.
        if not re.search(r"\bthem\b", task):
            return task
        pronoun = r"\bthem\b"
        # "Two customers left. I'll migrate them" → "the two remaining customers".
        counted = list(_COUNTED.finditer(before))
        if counted:
            m = counted[-1]
            return re.sub(pronoun, f"the {m['num'].lower()} remaining {m['np']}", task, count=1)
    # "She asked for a budget for a design course; I said I'd look into it": what was asked.
    asked = list(_ASKED_FOR.finditer(before))
    if asked and pronoun != r"\bthem\b":
        return re.sub(pronoun, asked[-1].group("np").strip(), task, count=1)
    # "…the hiring rubric and have a draft by the 10th": a date is not the thing.
    things = [
        np
        for m in _LAST_THING.finditer(before)
        if not re.search(r"\b\d+(?:st|nd|rd|th)?\b", np := m.group("np"))
        and not re.fullmatch(CALENDAR, np)
    ]
    if not things or _NOT_A_THING.search(things[-1]):
        return task
    plural = bool(re.search(r"[^s]s$", things[-1]))
    if pronoun == r"\bthem\b" and not plural:
        return task
    # "clean it up" → "clean up the folder": the particle goes before a spelled-out thing.
    task = re.sub(r"\bit (up|out|off|down|over|back)\b", r"\1 it", task, count=1)
    task = re.sub(pronoun, f"the {things[-1]}", task, count=1)
    # "get it done" → "get the peer feedback for Sam done" → "finish the peer feedback for Sam".
    done = re.match(r"^(get|have)\s+(the\s.+?)\s+(?:done|finished)$", task, re.I)
    if done:
        return ("Finish " if done.group(1)[0].isupper() else "finish ") + done.group(2)
    return task


# Teams and functions a "them" can stand for: "did legal sign off?" / "i'll nudge them".
_GROUP_NAMED = re.compile(
    r"\b(?:legal|finance|hr|security|ops|operations|procurement|sales|marketing|support|"
    r"customer success|payroll|facilities|recruiting|(?:the|our) (?:[a-z]+ ){0,2}?(?:team|vendor|"
    r"client|customer|agency|contractors?|board)|(?<![\w-])(?!the\b|our\b|my\b|your\b)[a-z]+ team|"
    # "Vendor still hasn't replied" at the start of a note.
    r"^(?:vendor|client|customer|agency|board))\b",
    re.I,
)
_THEM = re.compile(r"\bthem\b", re.I)


def resolve_them_from(task: str, before: str) -> str:
    """ "did legal sign off on the contract?" / "i'll nudge them" → "Nudge legal": a "them"
    becomes the one team or function the sentence before named."""
    if not _THEM.search(task):
        return task
    named = {m.group(0).lower(): m.group(0) for m in _GROUP_NAMED.finditer(before)}
    if len(named) != 1:
        return task
    group = next(iter(named.values()))
    group = group if group.isupper() else group.lower()
    if group.endswith(" team") and not group.startswith(("the ", "our ")):
        group = f"the {group}"  # "fraud team wants…" / "sync with them" → "the fraud team"
    return _THEM.sub(group, task, count=1)


def same_verb_object(task: str, window: str) -> str:
    """ "Can you run the demo on Monday?" … "Bo, can you run it?" → "run the demo": an "it"
    after a verb said a little earlier with its object takes that object."""
    m = re.fullmatch(r"(?i)([a-z]+(?:\s+(?:at|over|into|through|on))?)\s+it\b(.*)", task.strip())
    if not m:
        return task
    verb = m.group(1).split()[0].lower()
    said = [
        o.group("np")
        for o in re.finditer(
            rf"(?i)\b{re.escape(verb)}\s+(?:(?:me|us|him|her|them|you)\s+)?"
            r"(?P<np>(?:the|a|an|our|this|that)\s[a-z][\w'’ -]{1,40}?)"
            r"(?=\s+(?:on|by|for|at|before|after|today|tomorrow|this|next|and|or|to|with)\b"
            r"|[?.!,;]|$)",
            window,
        )
    ]
    if said:
        return f"{m.group(1)} {said[-1].strip()}{m.group(2)}"
    # "Can you put together a revised plan?" / "Sure, by Tuesday" / "Let's look at it
    # together": what was last asked for.
    asked = list(_REQUESTED.finditer(window))
    if asked:
        thing = asked[-1].group("np").strip()
        return f"{m.group(1)} the {thing}{m.group(2)}"
    return task


_REQUESTED = re.compile(
    r"(?i)\b(?:can|could|would) you (?:also )?[a-z]+(?: (?:up|together|out))?\s+(?:a|an|the)\s+"
    r"(?P<np>[a-z][\w'’ -]{2,50}?)\s*\?"
)
