"""Deterministic scorers. Each returns a :class:`Score`: a value in [0, 1] (higher is
better, or None when the metric does not apply to a case) with a one-line explanation.

Scorers never import engine code: an engine graded by its own rules would always pass.
Their word lists are their own, written from the definitions of the metrics.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

# Function words that carry no task meaning (the evals' own list, not the engine's).
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "then",
        "so",
        "to",
        "of",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "into",
        "about",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "i",
        "you",
        "he",
        "she",
        "we",
        "they",
        "me",
        "him",
        "her",
        "us",
        "them",
        "my",
        "your",
        "his",
        "our",
        "their",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "could",
        "may",
        "might",
        "must",
        "do",
        "does",
        "did",
        "have",
        "has",
        "had",
        "not",
        "no",
        "yes",
        "just",
        "also",
        "up",
        "out",
        "over",
        "next",
        "week",
        "by",
        "please",
        "let",
        "lets",
        "let's",
        "get",
        "got",
    ]
)
# Opening words of open questions (what/how...) and of closed ones (is/do/can...).
OPEN_STARTS = (
    "what",
    "how",
    "why",
    "where",
    "when",
    "which",
    "who",
    "tell me",
    "describe",
    "walk me",
    "talk me",
    "help me understand",
    "in what",
    "to what",
)
LEAD_INS = re.compile(
    r"^(?:(?:so|and|ok|okay|now|also|then|looking back|thinking about [^,]*),\s*)+", re.I
)
# Language that has no place in a reworked piece of feedback: labels, absolutes, mind-reading,
# threats and hedging (after the SBI literature: describe behaviour, not the person).
UNCLEAN = re.compile(
    r"\b(?:always|never|every single time|lazy|careless|sloppy|unprofessional|incompetent|"
    r"rude|selfish|useless|hopeless|difficult person|bad attitude|you are (?:a|so|too|very) \w+|"
    r"you're (?:a|so|too|very) \w+|you don't care|you clearly|obviously you|you must think|"
    r"or else|last warning|you'd better|i guess maybe|kind of maybe|sort of maybe)\b",
    re.I,
)


@dataclass(frozen=True)
class Score:
    """One metric of one case: a value in [0, 1] (None: does not apply) and why."""

    value: float | None
    explanation: str = ""


def ratio(hits: int, total: int, what: str) -> Score:
    """``hits/total`` with an explanation; None when there is nothing to count."""
    if not total:
        return Score(None, f"no {what} to check")
    return Score(hits / total, f"{hits}/{total} {what}")


TEMPLATE_WORDS = {
    "conversation",
    "check",
    "revisit",
    "concern",
    "progress",
    "follow",
    "ups",
    "summary",
}


def _stems(text: str) -> set[str]:
    words = re.findall(r"[a-z0-9][a-z0-9'%-]*", text.lower())
    return {w[:5] for w in words if w not in STOPWORDS and len(w) > 2}


def task_overlap(gold: str, predicted: str) -> float:
    """Share of the gold task's content words found in the prediction."""
    g, p = _stems(gold), _stems(predicted)
    return len(g & p) / len(g) if g else 0.0


def task_matches(gold: str, predicted: str) -> bool:
    """Same task by meaning: most of the gold task's content words are in the prediction."""
    return task_overlap(gold, predicted) >= 0.5


def same_owner(predicted: str, gold: str) -> bool:
    """The same owner: the same name in any case, or the full name of a gold first name
    ("Jin Park" for "Jin", as a chat export labels its speakers)."""
    words = predicted.casefold().split()
    return predicted.casefold() == gold.casefold() or (
        len(gold.split()) == 1 and bool(words) and words[0] == gold.casefold()
    )


def match_actions(
    gold: list[dict[str, Any]], predicted: list[dict[str, Any]]
) -> list[tuple[dict, dict]]:
    """Greedy one-to-one matching of predicted to gold items, by owner and task meaning."""
    pairs = []
    used: set[int] = set()
    for g in gold:
        candidates = [
            (task_overlap(g["task"], p["task"]), i)
            for i, p in enumerate(predicted)
            if i not in used
            and same_owner(p["owner"], g["owner"])
            and task_matches(g["task"], p["task"])
        ]
        if candidates:
            _score, best = max(candidates)
            pairs.append((g, predicted[best]))
            used.add(best)
    return pairs


def action_scores(gold: list[dict[str, Any]], predicted: list[dict[str, Any]]) -> dict[str, Score]:
    """Precision, recall, F1, owner accuracy and due-date accuracy for one case."""
    pairs = match_actions(gold, predicted)
    found = f"{len(pairs)} matched of {len(gold)} gold and {len(predicted)} predicted items"
    precision = len(pairs) / len(predicted) if predicted else (1.0 if not gold else 0.0)
    recall = len(pairs) / len(gold) if gold else None
    f1 = None
    if recall is not None:
        f1 = 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)
    # Owner accuracy: of the gold tasks found by meaning (any owner), how many have the right owner.
    by_task = []
    for g in gold:
        scored = [(task_overlap(g["task"], p["task"]), i) for i, p in enumerate(predicted)]
        best = max(scored, default=(0.0, -1))
        if best[0] >= 0.5:
            by_task.append(same_owner(predicted[best[1]]["owner"], g["owner"]))
    due_right = sum(1 for g, p in pairs if (g.get("due") or None) == (p.get("due") or None))
    missed = [g["task"] for g in gold if all(g is not m[0] for m in pairs)]
    return {
        "action_precision": Score(precision, found),
        "action_recall": Score(recall, found + (f"; missed: {missed[0]!r}" if missed else "")),
        "action_f1": Score(f1, found),
        "owner_accuracy": ratio(sum(by_task), len(by_task), "owners right on tasks found"),
        "due_accuracy": ratio(due_right, len(pairs), "due dates right on matched items"),
    }


def faithfulness(texts: Iterable[str], source: str) -> Score:
    """Share of names and numbers in the output that also appear in the input."""
    src = source.lower()
    facts: list[str] = []
    for text in texts:
        # Counts of the output's own parts ("3 action items") are not claims about the input.
        text = re.sub(r"\b\d+ (?:action items?|decisions?)\b", "", text)
        for sentence in re.split(r"(?<=[.!?:])\s+|\n", text):
            tokens = sentence.split()
            for i, tok in enumerate(tokens):
                word = re.sub(r"['’]s$", "", tok.strip(".,;:!?()[]\"'“”…"))
                if not word:
                    continue
                if any(ch.isdigit() for ch in word) or (
                    i > 0
                    and word[0].isupper()
                    and len(word) > 2
                    and word.lower() not in TEMPLATE_WORDS
                ):
                    facts.append(word.lower())
    if not facts:
        return Score(1.0, "no names or numbers to check")
    invented = [f for f in facts if f not in src]
    why = f"{len(facts) - len(invented)}/{len(facts)} names and numbers are in the input"
    return Score(
        1 - len(invented) / len(facts), why + (f"; not: {invented[0]!r}" if invented else "")
    )


def coverage(needles: list[str], haystack: str) -> Score:
    """Share of must-mention strings present (case-insensitive)."""
    h = haystack.lower()
    missing = [n for n in needles if n.lower() not in h]
    score = ratio(len(needles) - len(missing), len(needles), "expected mentions present")
    if missing:
        return Score(score.value, f"{score.explanation}; missing {missing[0]!r}")
    return score


def absent(forbidden: list[str], haystack: str) -> Score:
    """1.0 when none of the forbidden strings appear, else 0.0."""
    if not forbidden:
        return Score(None, "nothing forbidden")
    h = haystack.lower()
    present = [f for f in forbidden if f.lower() in h]
    return Score(0.0, f"contains {present[0]!r}") if present else Score(1.0, "none present")


def is_open_question(text: str) -> bool:
    """An open question invites more than yes or no: its question clause is a wh-clause.

    The clause may follow a preamble ("Looking back at X, what would you…?",
    "You said 'Y'; how is that…?"), so every clause after , ; or : is tried.
    """
    clauses = re.split(r"[,;:]\s+", text.strip().strip("\"“”'"))
    for clause in clauses:
        bare = LEAD_INS.sub("", clause.strip()).lower()
        if any(bare.startswith(w + " ") or bare.startswith(w + ",") for w in OPEN_STARTS):
            return True
    return False


def open_share(questions: list[str]) -> Score:
    """Share of questions that are open (what/how…), not yes/no."""
    closed = [q for q in questions if not is_open_question(q)]
    score = ratio(len(questions) - len(closed), len(questions), "questions are open")
    return Score(score.value, score.explanation + (f"; closed: {closed[0]!r}" if closed else ""))


def language_scores(
    labels: list[dict[str, Any]], issues: list[dict[str, Any]], draft: str
) -> dict[str, Score]:
    """Precision and recall of the language check against labelled issues."""

    def same(label: dict[str, Any], issue: dict[str, Any]) -> bool:
        if label["category"] != issue["category"]:
            return False
        text = label.get("text")
        if not text:
            return True
        start = draft.lower().find(text.lower())
        span = issue["span"]
        return start != -1 and span[0] < start + len(text) and start < span[1]

    found = [any(same(lab, iss) for iss in issues) for lab in labels]
    correct = [any(same(lab, iss) for lab in labels) for iss in issues]
    precision = ratio(sum(correct), len(correct), "flagged issues are labelled")
    if not correct:
        precision = Score(1.0 if not labels else 0.0, "nothing flagged")
    return {
        "language_precision": precision,
        "language_recall": ratio(sum(found), len(found), "labelled issues flagged"),
    }


def sbi_completeness(sbi: dict[str, Any], expected: dict[str, str] | None) -> Score:
    """Share of SBI parts filled; with expectations, parts must carry the expected words."""
    keys = ("situation", "behavior", "impact", "request")
    if not expected:
        return ratio(sum(1 for k in keys if sbi.get(k, "").strip()), len(keys), "SBI parts filled")
    hits = [expected[k].lower() in sbi.get(k, "").lower() for k in expected]
    return ratio(sum(hits), len(hits), "SBI parts carry the expected words")


def clean_rewrite(rewrite: str) -> Score:
    """1.0 when the rewrite has no labels, absolutes, mind-reading, threats or hedging."""
    bad = UNCLEAN.search(rewrite)
    return Score(0.0, f"rewrite still says {bad.group(0)!r}") if bad else Score(1.0, "clean")


def length_ok(text: str, limit: int) -> Score:
    """1.0 when ``text`` is at most ``limit`` characters."""
    return Score(float(len(text) <= limit), f"{len(text)} characters (limit {limit})")


def unquoted(text: str, source: str) -> str:
    """``text`` without the sentences it quotes verbatim from ``source``."""
    kept = []
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        bare = re.sub(r"^[A-Z][\w'.-]*(?:\s[A-Z][\w'.-]*)?:\s+", "", sentence).rstrip(".")
        if bare and bare in source:
            continue
        kept.append(sentence)
    return " ".join(kept)


def flag(ok: bool, yes: str, no: str) -> Score:
    """1.0 with ``yes`` as the explanation, or 0.0 with ``no``."""
    return Score(1.0, yes) if ok else Score(0.0, no)
