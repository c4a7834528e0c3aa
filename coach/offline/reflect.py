"""Reflective listening for the practice debrief: the other person's words turned back to
them ("I don't think the full picture has reached you" → "you don't think the full
picture has reached me")."""

from __future__ import annotations

import re

_FLIP = {
    "i": "you",
    "i'm": "you're",
    "i've": "you've",
    "i'd": "you'd",
    "i'll": "you'll",
    "me": "you",
    "my": "your",
    "mine": "yours",
    "myself": "yourself",
    "am": "are",
}


_LEAD_IN = re.compile(
    r"^(?:(?:okay|ok|well|honestly|sure|alright|look|though|but|and|so|fine|yeah|"
    r"i mean|to be honest|if you're honest)[.,]?\s+)+",
    re.I,
)
_BACK = {"you're": "I'm", "you've": "I've", "you'd": "I'd", "you'll": "I'll", "your": "my"}
_BACK |= {"yours": "mine", "yourself": "myself"}
# "you" before one of these is the subject ("you never listen" → "I never listen"), else
# the object ("it has reached you" → "it has reached me").
_SUBJECT_NEXT = re.compile(
    r"^(?:are|were|have|had|do|don't|did|didn't|can|can't|could|will|won't|would|should|"
    r"always|never|just|only|really|also|still|think|want|said|say|know|keep|make|made|"
    r"pick|blame|get|got|need|feel)$",
    re.I,
)


def reflect(line: str) -> str:
    """Their words as you would reflect them back: "Fine, let's talk. But I don't think the
    full picture has reached you" → "you don't think the full picture has reached me". The
    sentence that says what they think or feel is taken, not the pleasantry or the
    question; its lead-in goes and its persons turn round."""
    sentences = [
        _LEAD_IN.sub("", t.strip()).rstrip(".!?… ")
        for t in re.split(r"(?<=[.!?…])\s+", line.strip())
        if t.strip() and not t.rstrip().endswith("?")
    ]
    sentences = [t for t in sentences if len(t.split()) >= 3]
    if not sentences:
        return ""
    own = [t for t in sentences if re.search(r"\b(?:i|i'm|i've|i'd|i'll|me|my)\b", t, re.I)]
    words = (own or [max(sentences, key=len)])[0].split()
    out = []
    for k, w in enumerate(words):
        key = w.lower().replace("’", "'")
        if key == "you":
            after = words[k + 1] if k + 1 < len(words) else ""
            out.append("I" if _SUBJECT_NEXT.match(after.strip(",.")) else "me")
        else:
            out.append(_FLIP.get(key) or _BACK.get(key) or w)
    text = " ".join(out)
    return text[:1].lower() + text[1:] if not text.startswith("I ") else text
