"""How a feedback draft frames what happened: a label around an act ("it was arrogant to
dismiss the intern's question"), and how others were left by it ("the team suffers")."""

from __future__ import annotations

import re

# How others are left by it: an effect, not a behaviour.
FELT = re.compile(
    r"^(?:the team|the whole team|people|everyone|everybody|others|the others|customers|"
    r"the customer|nobody|no one|we)\b[^.]{0,40}?\b(?:suffer|scared|afraid|annoyed|"
    r"frustrated|upset|unhappy|stressed|confused|worried|angry|avoid|dread|hate)\w*",
    re.I,
)
# "It was pretty arrogant to dismiss the intern's question": the label frames an act.
LABEL_FRAME = re.compile(
    r"^(?:it|that)(?:\s+was|'s|’s|\s+is)\s+(?P<label>(?:[\w-]+\s+){0,2}?[\w-]+)\s+"
    r"(?:of (?:you|him|her|them)\s+)?to\s+(?P<verb>[a-z]+)\b(?P<rest>.*)$",
    re.I,
)
_PAST = {"cut": "cut", "shut": "shut", "put": "put", "leave": "left", "take": "took"}
_PAST |= {"make": "made", "tell": "told", "speak": "spoke", "give": "gave", "send": "sent"}
_PAST |= {"say": "said", "run": "ran", "go": "went", "stop": "stopped", "drop": "dropped"}
_PAST |= {"break": "broke", "write": "wrote", "forget": "forgot", "bring": "brought"}
_PAST |= {"think": "thought", "keep": "kept", "begin": "began", "come": "came", "get": "got"}
_PAST |= {"feel": "felt", "hold": "held", "lose": "lost", "meet": "met", "pay": "paid"}
_PAST |= {"spend": "spent", "stand": "stood", "win": "won", "buy": "bought", "sit": "sat"}
_PAST |= {"read": "read", "set": "set", "let": "let", "hit": "hit", "find": "found"}


def past(verb: str) -> str:
    """The simple past of a verb: "dismiss" → "dismissed", "skip" → "skipped"."""
    v = verb.lower()
    if v in _PAST:
        return _PAST[v]
    if v.endswith("e"):
        return v + "d"
    if re.search(r"[^aeiou]y$", v):
        return v[:-1] + "ied"
    if re.fullmatch(r"[^aeiou]*[aeiou][^aeiouwxy]", v):  # one syllable: "skip" → "skipped"
        return v + v[-1] + "ed"
    return v + "ed"
