"""The offline practice partner and the rule-based rubric.

The persona's state is never hidden: its resistance is recomputed from the user's
turns so far, so the same transcript always gets the same answers, and the app can
keep the whole session in a serialisable model.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Any

from coach.dates import find_due_date
from coach.offline.language import check_language, has_example, has_impact, is_open_question
from coach.offline.reflect import reflect
from coach.parsing import split_sentences
from coach.types import RUBRIC, Debrief, Turn, WeakPoint

STAGES = ("opening", "pushback", "emotional", "problem_solving", "close")
ACK = re.compile(
    r"\b(?:i hear (?:you|that)|sounds like|it sounds|i understand|that makes sense|makes sense|thank you for "
    r"(?:sharing|telling|being)|thanks for (?:sharing|telling|being)|i appreciate|that must|i can see|i get that|"
    r"so what you'?re saying|if i understand|you'?re right|fair point|that'?s fair|i'?m sorry (?:to hear|that)|"
    r"that sounds)\b",
    re.I,
)
PROPOSAL = re.compile(
    r"\b(?:what if|let'?s|could we|can we|how about|next step|plan|agree|would it help|shall we|"
    r"going forward|from now on|try)\b",
    re.I,
)
CLOSE = re.compile(
    r"\b(?:to recap|to summari[sz]e|so we agreed|let'?s wrap|wrap up|thanks for (?:the chat|talking|this)|"
    r"thank you for (?:the chat|talking|this)|sounds like a plan|good talk)\b",
    re.I,
)
OWNER = re.compile(
    r"\b(?:i'?ll|i will|you'?ll|you will|we'?ll|we will|let'?s|can you|could you|would you)\b", re.I
)
FALLBACK_LINES = [
    "Mm.",
    "Go on.",
    "Okay, I'm listening.",
    "What do you mean exactly?",
    "Right.",
    "I'm not sure what to say to that.",
    "Can you say more?",
    "Hm, okay.",
    "And then what?",
    "I see.",
]


@lru_cache(maxsize=1)
def library() -> dict[str, Any]:
    """Scenarios and persona banks from ``prompts/practice.toml``."""
    return tomllib.loads((files("prompts") / "practice.toml").read_text(encoding="utf-8"))


def personas() -> list[str]:
    """The persona names."""
    return list(library()["personas"])


def scenarios() -> list[dict[str, Any]]:
    """The scenario library."""
    return list(library()["scenarios"])


@dataclass
class TurnSignals:
    """What one user turn does, as counted by rules."""

    open_questions: int = 0
    closed_questions: int = 0
    acknowledgements: int = 0
    labels: int = 0
    threats: int = 0
    proposal: bool = False
    commitment_with_date: bool = False
    commitment: bool = False
    closing: bool = False
    behavioural_opening: int = 0


def analyse(text: str, first: bool = False) -> TurnSignals:
    """Count what a user's line does: questions, acknowledgement, blame, proposals…"""
    sig = TurnSignals()
    for s in split_sentences(text):
        if s.rstrip().endswith("?"):
            if is_open_question(s):
                sig.open_questions += 1
            else:
                sig.closed_questions += 1
    sig.acknowledgements = len(ACK.findall(text))
    issues = check_language(text)
    sig.labels = sum(
        1
        for i in issues
        if i.category in ("judgmental", "about_person", "mind_reading", "absolute")
    )
    sig.threats = sum(1 for i in issues if i.category == "sarcasm_threat")
    sig.proposal = bool(PROPOSAL.search(text))
    sig.closing = bool(CLOSE.search(text))
    has_owner = bool(OWNER.search(text))
    from datetime import date

    sig.commitment = (has_owner and sig.proposal) or bool(
        re.search(r"\b(?:i'?ll|you'?ll|we'?ll)\b", text, re.I)
    )
    sig.commitment_with_date = (
        sig.commitment and find_due_date(text, date(2026, 1, 5))[0] is not None
    )
    if first:
        sig.behavioural_opening = (
            int(has_example(text))
            + int(has_impact(text))
            + int(bool(re.search(r"\byou(?:r)?\s+\w+(?:ed|ing)?\b", text, re.I)))
        )
    return sig


def resistance(user_turns: list[str], persona: str, difficulty: int) -> float:
    """The persona's resistance after these user turns (0 calm … 10 shut down)."""
    base = float(library()["personas"][persona]["base_resistance"]) + (difficulty - 2) * 1.5
    r = base
    for i, text in enumerate(user_turns):
        s = analyse(text, first=i == 0)
        r += 2.0 * s.labels + 3.0 * s.threats + 0.5 * s.closed_questions
        r -= 1.0 * min(s.open_questions, 2) + 1.5 * min(s.acknowledgements, 2)
        # A concrete plan (who does what, by when) is what settles most people.
        r -= 2.5 if s.commitment_with_date else 1.0 if s.commitment else 0.0
        if i == 0:
            r -= 0.7 * s.behavioural_opening
        r = max(0.0, min(10.0, r))
    return r


def _stage(user_turns: list[str], persona: str, r: float) -> str:
    last = analyse(user_turns[-1], first=len(user_turns) == 1)
    if len(user_turns) == 1:
        # An opening accusation skips the pleasantries.
        if last.labels or last.threats:
            return "emotional" if persona == "emotional" else "pushback"
        return "opening"
    if last.closing and r < 6:
        return "close"
    agreed = any(analyse(t).commitment_with_date for t in user_turns)
    if agreed and not (last.labels or last.threats):
        # Once a plan with an owner and a date is on the table, the persona works with it
        # instead of arguing the past again.
        return "close" if r < 4 else "problem_solving"
    if persona == "emotional" and r >= 4 and len(user_turns) <= 3:
        return "emotional"
    if r >= 5 or last.labels or last.threats:
        return "emotional" if persona == "emotional" and last.labels else "pushback"
    if last.proposal or last.open_questions or last.acknowledgements:
        return "problem_solving"
    return "pushback" if r >= 3.5 else "problem_solving"


GENERIC_TOPIC = "this"
"""The topic of a scenario the user described in their own words."""


def persona_reply(transcript: list[Turn], persona: str, topic: str, difficulty: int) -> Turn:
    """The persona's next line, from its bank, never repeating a line of this session."""
    bank = library()["personas"][persona]["lines"]
    user_turns = [t.text for t in transcript if t.role == "user"]
    used = {t.text for t in transcript if t.role == "persona"}
    r = resistance(user_turns, persona, difficulty)
    stage = _stage(user_turns, persona, r)
    order = [
        stage,
        *[
            s
            for s in ("problem_solving", "pushback", "emotional", "close", "opening")
            if s != stage
        ],
    ]
    seed = int(hashlib.sha256(user_turns[-1].encode()).hexdigest(), 16)
    for candidate_stage in order:
        templates = bank.get(candidate_stage, [])
        if topic == GENERIC_TOPIC:
            # A scenario in the user's own words has no topic phrase, and "Is this about
            # this?" reads as a broken template: lines that need one only when none is left.
            plain = [t for t in templates if "{topic}" not in t and t not in used]
            if plain:
                return Turn(role="persona", text=plain[seed % len(plain)], stage=candidate_stage)
        lines = [ln.replace("{topic}", topic) for ln in templates]
        fresh = [ln for ln in lines if ln not in used]
        if fresh:
            return Turn(role="persona", text=fresh[seed % len(fresh)], stage=candidate_stage)
    fresh = [ln for ln in FALLBACK_LINES if ln not in used] or [f"({len(used)})"]
    return Turn(role="persona", text=fresh[seed % len(fresh)], stage=stage)


# -- the debrief ---------------------------------------------------------------------------
BETTER = {
    "sbi_opening": "In Tuesday's planning meeting (situation), the estimate changed twice without a heads-up "
    "(behaviour), and the team had to re-plan the sprint (impact). Can we talk about it?",
    "open_questions": "What got in the way from your side?",
    "listening": "It sounds like the last few weeks have been really stretched. Tell me more about that.",
    "no_blame": "In the last two releases the checklist was skipped (a specific behaviour, not a label).",
    "next_steps": "So, to recap: you'll send the revised plan by Friday, and I'll check in with you on Monday.",
    "tone": "I want to understand what happened, and I'm here to help us fix it.",
}
EXPLAIN = {
    "sbi_opening": "Open with the situation, the behaviour and its impact",
    "open_questions": "Ask open questions (what, how)",
    "listening": "Acknowledge what you hear before moving on",
    "no_blame": "Describe behaviour without labels or absolutes",
    "next_steps": "Agree next steps with an owner and a date",
    "tone": "Keep a calm, respectful tone",
}


def _scale(count: int, steps: tuple[int, ...]) -> int:
    """1 for count < steps[0], 2 for < steps[1] … up to 5."""
    score = 1
    for threshold in steps:
        if count >= threshold:
            score += 1
    return min(score, 5)


def score(transcript: list[Turn]) -> Debrief:
    """Rubric scores 1-5 from the user's turns, with weak points quoting the user's own lines."""
    user = [t.text for t in transcript if t.role == "user"]
    if not user:
        return Debrief(
            scores=dict.fromkeys(RUBRIC, 1), overall=1.0, weak_points=[], strengths=[], signals={}
        )
    sigs = [analyse(text, first=i == 0) for i, text in enumerate(user)]
    opening = analyse(_opening(user), first=True)
    labels = sum(s.labels for s in sigs)
    threats = sum(s.threats for s in sigs)
    open_q = sum(s.open_questions for s in sigs)
    closed_q = sum(s.closed_questions for s in sigs)
    acks = sum(s.acknowledgements for s in sigs)
    scores = {
        "sbi_opening": max(
            1,
            min(
                5,
                1
                + opening.behavioural_opening
                + (1 if opening.labels == 0 and opening.threats == 0 else -1),
            ),
        ),
        "open_questions": max(1, _scale(open_q, (1, 2, 3, 4)) - (1 if closed_q > open_q else 0)),
        "listening": _scale(acks, (1, 2, 3, 4)),
        "no_blame": max(1, 5 - 2 * labels - 2 * threats),
        "next_steps": 5
        if any(s.commitment_with_date for s in sigs)
        else 3
        if any(s.commitment for s in sigs)
        else 1,
        "tone": max(
            1, 5 - 2 * threats - labels - sum(1 for t in user if t.isupper() or t.count("!") >= 2)
        ),
    }
    weak: list[WeakPoint] = []
    for key in RUBRIC:
        if key == "no_blame":
            # Every blaming or labelling line is quoted, not only the worst one, and even a
            # single one: the score alone does not show which line it was.
            for text, sig in zip(user, sigs, strict=True):
                if sig.labels or sig.threats:
                    weak.append(
                        WeakPoint(rubric=key, quote=text, better=_better(key, transcript, text))
                    )
            continue
        if scores[key] >= 3:
            continue
        quote = _worst_line(key, user, sigs)
        weak.append(WeakPoint(rubric=key, quote=quote, better=_better(key, transcript, quote)))
    # One label is not a strength in tone, however calm the rest was.
    strengths = [
        EXPLAIN[k] + ": done well."
        for k in RUBRIC
        if scores[k] == 5 or (scores[k] == 4 and k not in ("tone", "no_blame"))
    ]
    overall = round(sum(scores.values()) / len(scores), 1)
    signals = {
        "open_questions": open_q,
        "closed_questions": closed_q,
        "acknowledgements": acks,
        "labels": labels,
        "threats": threats,
        "commitments_with_date": sum(1 for s in sigs if s.commitment_with_date),
    }
    return Debrief(
        scores=scores,
        overall=overall,
        weak_points=weak,
        strengths=strengths,
        signals=signals,
        reasons=_reasons(scores, signals, opening),
    )


def _opening(user: list[str]) -> str:
    """The user's opening: the first line, and the next one too when the first only greets
    or frames ("Thanks for making time. I wanted to talk about code reviews.") and the
    moment comes right after the person asks what it is about."""
    first = analyse(user[0], first=True)
    if len(user) > 1 and first.behavioural_opening == 0 and not (first.labels or first.threats):
        return f"{user[0]} {user[1]}"
    return user[0]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _reasons(scores: dict[str, int], sig: dict[str, int], opening: TurnSignals) -> dict[str, str]:
    """One sentence per rubric line: what in the conversation gave it its score."""
    blame = sig["labels"] + sig["threats"]
    return {
        "sbi_opening": (
            "The opening named a specific moment and its effect."
            if opening.behavioural_opening >= 2 and not (opening.labels or opening.threats)
            else "The opening lacked a specific situation, behaviour or impact"
            + (", and it started with a label." if opening.labels or opening.threats else ".")
        ),
        "open_questions": f"You asked {_plural(sig['open_questions'], 'open question')} and "
        f"{_plural(sig['closed_questions'], 'yes/no question')}.",
        "listening": f"You acknowledged what you heard {_plural(sig['acknowledgements'], 'time')}.",
        "no_blame": "No labels, absolutes or threats."
        if not blame
        else f"Labels, absolutes or threats about the person: {blame} (quoted below).",
        "next_steps": "A next step with an owner and a date was agreed."
        if scores["next_steps"] == 5
        else "A next step was named but without a date."
        if scores["next_steps"] == 3
        else "No next step with an owner was agreed.",
        "tone": "Calm and respectful throughout."
        if scores["tone"] == 5
        else "Mostly calm, but a label or raised voice hardened the tone."
        if scores["tone"] >= 4
        else "Threats, labels or shouting made the tone harsh.",
    }


def _better(key: str, transcript: list[Turn], quote: str) -> str:
    """A better line for a weak point, built from this conversation where it can be: a
    reflection of what they had just said, or the user's own behavioural opening."""
    turns = transcript
    at = next((i for i, t in enumerate(turns) if t.role == "user" and t.text == quote), None)
    if key == "listening" and at:
        before = next((t.text for t in reversed(turns[:at]) if t.role == "persona"), None)
        heard = reflect(before) if before else ""
        if len(heard.split()) >= 3:  # "Fine." is nothing to reflect
            return f'Reflect what you heard first: "So it sounds like {heard}. Tell me more about that."'
    if key == "no_blame":
        opening = next((t.text for t in turns if t.role == "user"), "")
        sig = analyse(opening, first=True)
        if opening != quote and sig.behavioural_opening >= 2 and not (sig.labels or sig.threats):
            return f'Stay with the behaviour, as your opening did: "{opening}"'
    return BETTER[key]


def _worst_line(key: str, user: list[str], sigs: list[TurnSignals]) -> str:
    if key == "sbi_opening":
        return user[0]
    if key in ("no_blame", "tone"):
        ranked = sorted(range(len(user)), key=lambda i: -(sigs[i].labels + 2 * sigs[i].threats))
        return user[ranked[0]]
    if key == "open_questions":
        closed = [u for u, s in zip(user, sigs, strict=True) if s.closed_questions]
        return closed[0] if closed else user[min(1, len(user) - 1)]
    if key == "listening":
        # The first reply that moved on without acknowledging them (a blaming line is
        # quoted under no blame already).
        moved_on = [
            i
            for i in range(1, len(user))
            if not (sigs[i].acknowledgements or sigs[i].labels or sigs[i].threats)
        ]
        return user[moved_on[0] if moved_on else min(1, len(user) - 1)]
    return user[-1]
