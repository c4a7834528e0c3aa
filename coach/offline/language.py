"""The rule-based language check for feedback drafts (lexicons and patterns from prompts/)."""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib.resources import files
from typing import Any

from coach.types import LanguageIssue

SPAN_CATEGORIES = (
    "sarcasm_threat",
    "mind_reading",
    "about_person",
    "judgmental",
    "absolute",
    "vague",
    "hedging",
)


@lru_cache(maxsize=1)
def rules() -> dict[str, Any]:
    """The lexicons and patterns, compiled."""
    data = tomllib.loads((files("prompts") / "language.toml").read_text(encoding="utf-8"))
    compiled: dict[str, Any] = {}
    for key, spec in data.items():
        if not isinstance(spec, dict):
            continue
        parts = [
            rf"(?<![\w-]){re.escape(t)}(?![\w])"
            if not t.endswith(" ")
            else rf"(?<![\w-]){re.escape(t)}"
            for t in spec.get("terms", [])
        ]
        parts += spec.get("patterns", [])
        compiled[key] = {
            "pattern": re.compile("|".join(f"(?:{p})" for p in parts), re.I) if parts else None,
            "each": [re.compile(p, re.I) for p in parts],
            "reason": spec["reason"],
            "suggestion": spec["suggestion"],
            "terms": spec.get("terms", []),
            "glosses": spec.get("glosses", {}),
        }
    return compiled


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in taken)


def check_language(draft: str, kind: str = "redirect") -> list[LanguageIssue]:
    """Every language problem in ``draft``, in text order, then missing impact or example.

    Spans are reported per category, so "You are always late" is both about the person
    and an absolute.
    """
    r = rules()
    issues: list[LanguageIssue] = []
    for category in SPAN_CATEGORIES:
        pattern = r[category]["pattern"]
        taken: list[tuple[int, int]] = []  # spans may overlap across categories, not within one
        for m in pattern.finditer(draft):
            span = m.span()
            if span[1] == span[0] or _overlaps(span, taken):
                continue
            taken.append(span)
            issues.append(
                LanguageIssue(
                    span=span,
                    text=draft[span[0] : span[1]],
                    category=category,  # type: ignore[arg-type]
                    reason=r[category]["reason"],
                    suggestion=r[category]["suggestion"],
                )
            )
    whole = (0, len(draft))
    if not r["impact"]["pattern"].search(draft):
        issues.append(
            LanguageIssue(
                span=whole,
                text=draft,
                category="no_impact",
                reason=r["impact"]["reason"],
                suggestion=r["impact"]["suggestion"],
            )
        )
    if not r["example"]["pattern"].search(draft):
        issues.append(
            LanguageIssue(
                span=whole,
                text=draft,
                category="no_example",
                reason=r["example"]["reason"],
                suggestion=r["example"]["suggestion"],
            )
        )
    issues.sort(key=lambda i: (i.span[0] if i.span != whole else len(draft) + 1, i.category))
    return issues


def has_example(text: str) -> bool:
    """True when ``text`` names a specific moment (a time, an event or a number)."""
    return bool(rules()["example"]["pattern"].search(text))


def has_impact(text: str) -> bool:
    """True when ``text`` says what effect something had."""
    return bool(rules()["impact"]["pattern"].search(text))


_CLOSED = re.compile(
    r"^(?:do|does|did|is|are|was|were|can|could|will|would|should|have|has|had|am|may|might|shall)\b",
    re.I,
)


def is_open_question(text: str) -> bool:
    """True for an open question: it asks what/how/which/where/why…, not for a yes or no."""
    t = text.strip()
    if not t.endswith("?") or _CLOSED.match(t):
        return False
    return (
        re.search(r"\b(?:what|how|which|where|why|who|when|tell me|describe)\b", t, re.I)
        is not None
    )
