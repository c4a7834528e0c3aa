"""Labels at the start of a notes line: "Dana: send the deck", "dana: …", "me: …",
"@dana send the deck", and the section words ("Action:", "Notes:") that are not people."""

from __future__ import annotations

import re

from coach.lexicon import words

LABELS = {
    "note",
    "notes",
    "action",
    "actions",
    "action item",
    "action items",
    "ai",
    "ais",
    "todo",
    "todos",
    "to do",
    "to-do",
    "decision",
    "decisions",
    "agenda",
    "update",
    "updates",
    "next steps",
    "next step",
    "summary",
    "date",
    "attendees",
    "participants",
    "re",
    "fyi",
    "q",
    "a",
    "ps",
    "nb",
    "risk",
    "risks",
    "concern",
    "concerns",
    "blocker",
    "blockers",
    "goal",
    "goals",
    "win",
    "wins",
    "topic",
    "topics",
    "owner",
    "due",
    "status",
    "context",
    "background",
    "feedback",
    "question",
    "questions",
    "answer",
    "outcome",
    "outcomes",
    "follow up",
    "follow ups",
    "follow-up",
    "follow-ups",
    "followups",
    "time",
    "location",
    "subject",
    "when",
    "where",
    "why",
    "what",
    "how",
    "tldr",
    "tl;dr",
    "important",
    "reminder",
    "priority",
    "warning",
    "example",
    "source",
    "meeting",
    "project",
    "team",
    "parking lot",
    "open questions",
    "key points",
    "done",
    "highlights",
    "lowlights",
    "progress",
    "career",
    "wellbeing",
    "well-being",
    "misc",
    "other",
    "news",
    "learnings",
    "kudos",
    "praise",
    "issues",
    "issue",
    "plan",
    "plans",
    "result",
    "results",
    "ask",
    "asks",
    "idea",
    "ideas",
    "objective",
    "objectives",
    "p.s",
    "n.b",
    "also",
    "then",
    "so",
    "but",
    "and",
    "ok",
    "okay",
    "yes",
    "no",
    "note to self",
}


_NOTE_WORDS = frozenset({"btw", "next"})
"""Short words people put before a colon that are not a person (besides ``LABELS``, which
never reach :func:`_owner_line`)."""


def _owner_line(label: str, m: re.Match[str]) -> bool:
    """A lower-case name before a task, "dana: review the deck", as people type notes: one
    word that is not a common word, then a verb that starts an action."""
    first = m.group("text").split()[0].strip(",.").lower()
    low = label.lower()
    common = words("not_names") | words("stopwords") | words("action_verbs") | _NOTE_WORDS
    # "me: ask finance about the budget" is the user's own, though "me" is a common word.
    person = low == "me" or (label.isalpha() and low not in common)
    return person and first in words("action_verbs")


def mention(line: str) -> tuple[str, str] | None:
    """``@dana send the deck`` → ("dana", "send the deck"): a mention before an action."""
    m = re.match(r"^@(?P<name>[A-Za-z][\w'’-]{0,30})\s+(?P<text>\S.*)$", line.strip())
    if not m or m.group("text").split()[0].lower() not in words("action_verbs"):
        return None
    return m.group("name"), m.group("text")


def label_prefix(line: str) -> tuple[str, str] | None:
    """``Dana: send the deck`` → ("Dana", "send the deck"); also ``Action: …``."""
    m = re.match(
        r"^\s*(?:\*\*|__)?(?P<label>[A-Za-z][\w'’ .-]{0,30}?)(?:\*\*|__)?\s*:\s+(?P<text>\S.*)$",
        line,
    )
    if not m:
        return None
    label = m.group("label").strip()
    if label.lower() not in LABELS and not label[0].isupper() and not _owner_line(label, m):
        return None
    if label.lower() not in LABELS and len(label.split()) > 3:
        return None
    return label, m.group("text").strip()
