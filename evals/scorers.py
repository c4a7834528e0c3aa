"""Deterministic scorers. Each returns a value in [0, 1] (higher is better) or None when
the metric does not apply to a case; suites average the values that apply."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from coach.offline.language import check_language, is_open_question
from coach.offline.summarize import STOPWORDS

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


def match_actions(
    gold: list[dict[str, Any]], predicted: list[dict[str, Any]]
) -> list[tuple[dict, dict]]:
    """Greedy one-to-one matching of predicted to gold items, by owner and task meaning."""
    pairs = []
    used: set[int] = set()
    for g in gold:
        candidates = [
            (task_overlap(g["task"], p["task"]), i) for i, p in enumerate(predicted)
            if i not in used and p["owner"].casefold() == g["owner"].casefold() and task_matches(g["task"], p["task"])
        ]  # fmt: skip
        if candidates:
            _score, best = max(candidates)
            pairs.append((g, predicted[best]))
            used.add(best)
    return pairs


def action_scores(
    gold: list[dict[str, Any]], predicted: list[dict[str, Any]]
) -> dict[str, float | None]:
    """Precision, recall, F1, owner accuracy and due-date accuracy for one case."""
    pairs = match_actions(gold, predicted)
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
            by_task.append(predicted[best[1]]["owner"].casefold() == g["owner"].casefold())
    owner = sum(by_task) / len(by_task) if by_task else None
    due = (
        sum(1 for g, p in pairs if (g.get("due") or None) == (p.get("due") or None)) / len(pairs)
        if pairs
        else None
    )
    return {"action_precision": precision, "action_recall": recall, "action_f1": f1,
            "owner_accuracy": owner, "due_accuracy": due}  # fmt: skip


def faithfulness(texts: Iterable[str], source: str) -> float:
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
        return 1.0
    return sum(1 for f in facts if f in src) / len(facts)


def coverage(needles: list[str], haystack: str) -> float | None:
    """Share of must-mention strings present (case-insensitive)."""
    if not needles:
        return None
    h = haystack.lower()
    return sum(1 for n in needles if n.lower() in h) / len(needles)


def absent(forbidden: list[str], haystack: str) -> float | None:
    """1.0 when none of the forbidden strings appear, else 0.0."""
    if not forbidden:
        return None
    h = haystack.lower()
    return 0.0 if any(f.lower() in h for f in forbidden) else 1.0


def open_share(questions: list[str]) -> float | None:
    """Share of questions that are open (what/how…), not yes/no."""
    if not questions:
        return None
    return sum(1 for q in questions if is_open_question(q)) / len(questions)


def language_scores(
    labels: list[dict[str, Any]], issues: list[dict[str, Any]], draft: str
) -> dict[str, float | None]:
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
    return {
        "language_precision": sum(correct) / len(correct)
        if correct
        else (1.0 if not labels else 0.0),
        "language_recall": sum(found) / len(found) if found else None,
    }


def sbi_completeness(sbi: dict[str, Any], expected: dict[str, str] | None) -> float:
    """Share of SBI parts filled; with expectations, parts must carry the expected words."""
    keys = ("situation", "behavior", "impact", "request")
    if not expected:
        return sum(1 for k in keys if sbi.get(k, "").strip()) / len(keys)
    hits = [expected[k].lower() in sbi.get(k, "").lower() for k in expected]
    return sum(hits) / len(hits)


def clean_rewrite(rewrite: str) -> float:
    """1.0 when the rewrite has no labels, absolutes, mind-reading, threats or hedging."""
    bad = {"judgmental", "about_person", "mind_reading", "sarcasm_threat", "absolute", "hedging"}
    return 0.0 if any(i.category in bad for i in check_language(rewrite)) else 1.0


def length_ok(text: str, limit: int) -> float:
    """1.0 when ``text`` is at most ``limit`` characters."""
    return 1.0 if len(text) <= limit else 0.0


def unquoted(text: str, source: str) -> str:
    """``text`` without the sentences it quotes verbatim from ``source``."""
    kept = []
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        bare = re.sub(r"^[A-Z][\w'.-]*(?:\s[A-Z][\w'.-]*)?:\s+", "", sentence).rstrip(".")
        if bare and bare in source:
            continue
        kept.append(sentence)
    return " ".join(kept)
