"""Whose words a note sentence is, so each job speaks in the right voice.

A note is written by the user, so a plain sentence is the user's own observation
("Priya looks exhausted") or the user's own promise ("I still haven't sent the
expectations"). Only the person's own words (their turn in a transcript, or speech a note
quotes from them) may be read back to them as "you said". Someone else's turn in a
transcript is a third party's.
"""

from __future__ import annotations

import re
from typing import Literal

from coach.signals import NoteSentence

Voice = Literal["theirs", "mine", "my_promise", "other"]

_QUOTED = re.compile(r"[\"“]([^\"”]{8,400})[\"”]")
_PRONOUN = r"(?:he|she|they|{first})"
_SAYS = r"(?:said|says|told me|tells me|mentioned|asked|wrote|put it|replied|added)"
_FIRST_PERSON = re.compile(r"(?<![\w'])(?:i|i'm|i've|i'll|i'd|me|my|myself)(?![\w'])", re.I)
_PROMISE = re.compile(
    r"(?<![\w'])(?:"
    r"i(?:'ll| will| shall| need to| have to| must| should| owe| promised| am going to|'m going to)|"
    r"i(?: still)? (?:haven't|have not|hadn't|didn't|did not|never)|i forgot|"
    r"(?:that's|that is|it's) on me|my bad|"
    r"^(?:need|have|must|should|remember|don't forget) to|^todo\b|^to do\b|^(?:i )?owe \w+"
    r")(?![\w'])",
    re.I,
)
_USER_LABELS = {"me", "i", "manager", "you", "myself"}


def _first(name: str) -> str:
    parts = name.split()
    return parts[0].casefold() if parts else ""


def speaker_voice(speaker: str, person: str, me: set[str]) -> Voice:
    """The voice of a transcript turn by ``speaker``."""
    who = speaker.casefold()
    if _first(speaker) == _first(person):
        return "theirs"
    if who in _USER_LABELS or who in me or _first(speaker) in me:
        return "mine"
    return "other"


def voice_of(s: NoteSentence, person: str, me: set[str], speakers: int = 0) -> Voice:
    """Whose words ``s`` is in a note about ``person``.

    ``speakers`` is how many people talk in the note: in a 1:1 transcript with two
    speakers, the one who is not the person is the user.
    """
    if s.speaker is not None:
        voice = speaker_voice(s.speaker, person, me)
        if voice == "other" and speakers == 2:
            voice = "mine"
        if voice == "mine" and _PROMISE.search(s.text):
            return "my_promise"
        return voice
    if their_quote(s, person):
        return "theirs"
    if _PROMISE.search(s.text.strip()):
        return "my_promise"
    return "mine"


def their_quote(s: NoteSentence, person: str) -> str | None:
    """Words ``person`` said in ``s``: a whole transcript turn, or speech a note quotes.

    ``He said "I just don't have time"`` gives ``I just don't have time``; a plain
    observation gives None, so it is never read back to the person as their words.
    """
    if s.speaker is not None:
        return s.text if _first(s.speaker) == _first(person) else None
    first = re.escape(_first(person)) or "she"
    says = re.compile(
        rf"\b{_PRONOUN.format(first=first)}\b[^\"“]{{0,40}}?\b{_SAYS}\b[^\"“]{{0,12}}$", re.I
    )
    for m in _QUOTED.finditer(s.text):
        if says.search(s.text[: m.start()]):
            return m.group(1).strip().rstrip(".")
    return None


def is_first_person(text: str) -> bool:
    """Whether the sentence speaks as "I"/"my" (in a note: the user's own voice). Speech it
    quotes is someone else's: 'She said "I'd like to lead something"' is not."""
    return bool(_FIRST_PERSON.search(re.sub(r"[\"“][^\"”]*[\"”]", " ", text)))
