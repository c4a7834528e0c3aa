"""The sentence shapes a commitment takes in notes and transcripts, as patterns: "I'll…",
"we'll…", "you'll…", "Dana will…", "can you…?", imperatives, markers ("Action:", "TODO") and
owner tails ("— Lucia"), plus the chatter that looks like a commitment and is not.

Used by ``actions.py``, which decides, sentence by sentence, which shape applies.
"""

from __future__ import annotations

import re

from coach.lexicon import words

# Base-form verbs that start a task ("send the deck", "book the room").
ACTION_VERBS = words("action_verbs")
# Predicates that follow "I'll" / "let's" in conversation but are not tasks.
CHATTER = re.compile(
    r"^(?:be\b(?! responsible| sending| owning| taking| working| reaching| drafting| writing|"
    r" (?:a|her|his|their) (?:reference|mentor|sponsor|referee))|see\b|"
    r"enjoy|say|admit|make it (?:to|on time|in time|for)\b|tell you (?:what|the truth)|guess|go\b|get started|start (?:the|with|off|by)|"
    r"begin|kick off|move on|wrap (?:up|it up)|hear\b|let you go|have a (?:good|great|nice)|"
    r"keep (?:it|this) (?:short|quick|brief)|think\b|imagine|bet\b|take (?:it|that) as|"
    r"do (?:that|it|this|so)\b|handle (?:that|it)|try\b(?! to)|jump in|dive in|skip\b|"
    r"leave it there|stop (?:there|here)|call it|pause|not\b|never\b|"
    # "talk thursday", "sync on Friday": the next meeting, not a task.
    r"(?:talk|speak|chat|sync(?: up)?)\b(?!\s+(?:to|with|about|through)\b)|catch you|"
    # "let's put it on the next agenda": a topic for the next 1:1 (``planned.py``), not a task.
    r"(?:put|add|keep) (?:it|that|this) (?:on|to|for) (?:the|our) (?:next )?(?:agenda|1:1)|mention|note that|add (?:that|one thing)|"
    r"be (?:honest|quick|brief|frank)|give you (?:some|a bit of) context|recap\b|"
    r"remember\b|agree\b|disagree\b|check in\b(?! with)|look at (?:the agenda|our agenda)|"
    r"get back to (?:the|our) agenda|turn to|switch to|come back to (?:that|this) (?:later|in a sec)|"
    # "I'll tell you about it later, the views were unreal": small talk.
    r"tell you (?:about (?:it|that|this)|more)\b|"
    # "Let me know if I missed anything": a sign-off, asking the reader.
    r"know if\b|know what you think|"
    # "I'll need your budget numbers": theirs to deliver (``commitments.need_yours``).
    r"need (?:your|you to)\b)",
    re.I,
)
_SUBJECT_START = (
    r"(?:^|(?<=[,;:—–-])\s*|\b(?:and|so|then|but|also|ok|okay|sure|yes|yeah|yep|great|right|fine|"
    r"alright|good|today|tomorrow|tonight|later)\s*,?\s+)"
)
FIRST_PERSON = re.compile(
    _SUBJECT_START
    # "i think i can get the plan to you by thursday", as people say it.
    + r"(?:i think\s+(?=i can\b))?"
    + r"(?:I(?:'ll|’ll| will| shall| am going to|'m going to|’m going to|'m gonna| can| need to| have to|"
    r" plan to| promise to| commit to| volunteer to| offered to| agreed to| promised to|"
    # "I should be able to finish the rollback script by Monday": a hedged promise is one.
    r" should be able to| expect to)"
    # "ill send the logs tmrw", as a chat types "I'll".
    r"|ill(?=\s+(?:" + "|".join(sorted(ACTION_VERBS)) + r")\b)"
    r"|let me|leave it with me(?: and I'll)?)\s+(?:(?:try|make sure|be sure) (?:to|and) )?(?P<pred>.+)",
    re.I,
)
# "…pretty good um i think i can get the plan to you": a promise after a filler, as captions
# of a 1:1 write it (not used on recorded meetings, where "um I'll just say…" is talk).
FILLED_FIRST_PERSON = re.compile(
    r"\b(?:(?:um|uh|erm),?\s+(?:i think\s+)?I(?:'ll|’ll| will| can)|"
    # "and I can, uh, write up the notes tonight"
    r"I(?:'ll|’ll| will| can),\s*(?:um|uh|erm),)\s+(?P<pred>.+)",
    re.I,
)
GROUP = re.compile(
    _SUBJECT_START
    + r"(?:we(?:'ll|’ll| will| shall| are going to|'re going to|’re going to| need to| have to| should| must)"
    r"|let's|let’s|let us)\s+(?P<pred>.+)",
    re.I,
)
YOU = re.compile(
    _SUBJECT_START
    + r"(?:you(?:'ll|’ll| will| are going to|'re going to|’re going to| need to| have to| agreed to| promised to| offered to)"
    r"|i(?:'d| would) like you to|i (?:want|need) you to)\s+(?P<pred>.+)",
    re.I,
)
NOT_NAMES = words("not_names")
IMPLICIT_I = re.compile(
    r"^(?:(?:and|also|then|so)\s+)?(?:(?:want|wanted|going|plan|planning|need|have|got|hoping|"
    r"intend|intending|aim|aiming|meaning|promised|offered|agreed|volunteered)\s+to|will|should|"
    r"must|gonna)\s+(?P<pred>(?P<verb>[a-z]+)\b.*)",
    re.I,
)
Commitment = tuple[str, str, int, str | None, str | None]
"""(owner, task predicate, where it starts in the sentence, speaker, addressee)."""


def third_person(name: str) -> str:
    """The pattern of "<name> will / to / is going to <task>", for names matching ``name``."""
    return (
        rf"(?:^|[,;:—–-]\s*|\b(?:and|so|then|but)\s+)(?P<name>{name})"
        r"\s+(?:will|'ll|’ll|is going to|is gonna|to|needs to|has to|agreed to|offered to|"
        r"volunteered to|promised to|committed to|said (?:she|he|they)(?:'ll| will| would)|owns|"
        r"is on)\s+(?P<pred>.+)"
    )


# "Dana", "Omar Ali", "Dev team"
THIRD_PERSON = re.compile(third_person(r"[A-Z][a-z][\w'’-]*(?:\s+[A-Z][a-z][\w'’-]*|\s+team)?"))
# "@ana can you…", "and @ben please…": a chat mention names who is asked.
_AT = r"(?:@(?P<at>[A-Za-z][\w.-]*)[,:]?\s+)?"
REQUEST = re.compile(
    r"(?:^|[,;:]\s*|\b(?:and|so|but|also)\s+)" + _AT + r"(?:(?P<name>[A-Z][a-z]+),\s*)?"
    r"(?:can|could|would|will) (?:you|u)(?: please| pls)?\s+(?P<pred>[^?]+)\?",
    re.I,
)
# "me: can you get the q1 hiring plan to finance by thursday" / "ines: ok": a chat request
# typed without its question mark.
BARE_REQUEST = re.compile(
    r"^(?:(?:and|so|also|ok|okay|perfect|great|cool|nice|thanks|thx)[,\s]+)*"
    # "maybe you could draft the RFC" / "uh yeah I can do that": a suggestion taken on.
    r"(?:(?:can|could|would|will) (?:you|u)|(?:maybe |perhaps )?you could)(?: please| pls)?\s+"
    r"(?P<pred>[a-z][^?]*)$",
    re.I,
)
IMPERATIVE = re.compile(
    r"^(?:(?:and|also|so|oh|then|ok|okay)[,\s]+)?" + _AT + r"(?:(?P<name>[A-Z][a-z]+),\s*)?"
    r"(?P<please>please\s+)?"
    r"(?P<pred>(?P<verb>[a-z]+)\b.*)",
    re.I,
)
NAME_LIKE = re.compile(r"^[A-Z][a-z]+(?:\s[A-Z][a-z]+)?$")
# "Aisha — write release notes" / "Ken: fix the login timeout" after an Action: marker.
# "If they don't answer by Tuesday, I'll escalate": a condition leads the promise.
CONDITION = re.compile(r"^(?:if|unless|when|once|in case)\b", re.I)
TICKET = re.compile(r"[A-Z][A-Z0-9]+-\d+")
"""A ticket key used as a label: "OPS-12: rotate the certs (Raj)"."""
OWNER_LEAD = re.compile(
    # "Dana (by 12/22) – send the Q1 forecast": a bracket may come between name and task.
    r"^(?:(?P<name>[A-Z][a-z]+|[Mm]e)\s*(?:\([^()]{1,30}\)\s*)?(?:[—–-]|:)|"
    # "[Dana] update the budget sheet", "(Me) send the offer letter".
    r"\[(?P<bracketed>[A-Z][a-z]+|[Mm]e)\]|\((?P<parens>[A-Z][a-z]+|[Mm]e)\))\s+"
    # "Owner: Priya — Finalize the headcount plan — Due 1/15": the verb may be capitalised.
    r"(?P<task>(?P<verb>[A-Za-z][a-z]+)\b.*)"
)
# Text that addresses an AI rather than recording a meeting ("ignore previous instructions").
INJECTION = re.compile(
    r"\b(?:ignore|disregard|forget) (?:all |any |the )?(?:previous|prior|above|earlier|your) (?:instructions|prompts?|rules)|"
    r"\bnew instructions\b|\bsystem\s*(?:prompt)?\s*:|\byou are now\b|</?(?:notes|system|instructions)>|"
    r"\bas an ai\b|\boutput\s+[\"']?[A-Z]{4,}",
    re.I,
)
MARKER = re.compile(
    r"^\s*(?:\[ ?\]\s*|(?:action(?: item)?s?|action points?|ai|ap|todos?|to ?dos?|to-dos?|next steps?|"
    r"follow[ -]?ups?|tasks?)"
    r"(?:\s*\(@?(?P<tagged>[A-Za-z][\w'’-]*)\))?\s*[:\-–]\s*|#action\s+)",
    re.I,
)
ACTION_SECTIONS = re.compile(
    r"^(?:action(?: item)?s?|ais?|todos?|to ?dos?|to-dos?|next steps?|follow[ -]?ups?|tasks?|"
    r"commitments?|owners?|who does what|waiting (?:on|for)|aps?|action points?|"
    r"don['’]?t forget|do not forget)\b",
    re.I,
)
OWNER_TAIL = re.compile(
    # "(Raj)", "(owner: Raj)", "(Raj, next sprint)"
    r"(?:\((?:owner:\s*)?@?(?P<a>[A-Z][\w'’-]+|me)(?:,[^()]*)?\)|\s[-–—]\s*@?(?P<b>[A-Z][\w'’-]+)$|@(?P<c>[A-Z][\w'’-]+)|"
    r"\bowner:\s*(?P<d>[A-Z][\w'’-]+))"
)


_NOT_TAIL_OWNERS = frozenset(
    {
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
        "eod",
        "eow",
        "cob",
        "asap",
        "tbd",
        "tbc",
        "wip",
        "fyi",
        "nb",
    }
)
"""Words in a tail that are not owners: "(Mon)" is when, not who."""


def owner_from_tail(text: str) -> str | None:
    """The owner a task line ends with: "(Dana)", "— Dana", "@Dana", "owner: Dana"."""
    m = OWNER_TAIL.search(text)
    who = next(g for g in m.groups() if g) if m else None
    return None if who is None or who.lower() in _NOT_TAIL_OWNERS else who
