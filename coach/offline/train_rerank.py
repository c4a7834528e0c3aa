"""Fit the second stage for recorded meetings (``rerank.py``) on the AMI training meetings.

Called by ``python -m coach.offline.train``. Everything it learns from is out of fold: each
training meeting is scored by a word model and compared with prototypes fitted on the
other three folds, so the reranker sees the word model as it behaves on meetings it has not
seen. A candidate's label is whether its "owner task" matches one of the meeting's
human-written action items (MiniLM cosine at least 0.5, the measure ``coach eval`` uses).
The cut and the cap are chosen by 4-fold cross-validation of meeting-level F1.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from coach.offline.learned import Model, nearest_mean
from coach.offline.rerank import NAMES, Candidate, choose, feature_matrix, probabilities
from coach.types import ActionItem

MATCH = 0.5
L2 = 1e-2
STEPS = 3000
RATE = 0.1
CUTS = tuple(round(0.2 + 0.05 * k, 2) for k in range(11))
CAPS = (2, 3, 4, 5, 6)


@dataclass
class Pooled:
    """One training meeting's candidates: features, their "owner task" vectors, the gold."""

    x: np.ndarray
    vectors: np.ndarray
    gold: np.ndarray


def transcript(meeting: dict[str, Any]) -> str:
    """The meeting pasted as a user would paste it: ``Role (A): text`` lines."""
    return "\n".join(f"{a['role']} ({a['speaker']}): {a['text']}" for a in meeting["acts"])


def pooled_meeting(
    meeting: dict[str, Any], model: Model, embed: Callable[[list[str]], np.ndarray]
) -> Pooled | None:
    """The candidates of one meeting as the engine builds them, with their features."""
    from coach.offline.actions import extract_actions
    from coach.offline.meeting import candidates, is_explicit, units
    from coach.parsing import parse

    doc = parse(transcript(meeting))
    if not doc.sentences:
        return None
    scores = model.all_scores(units(doc))["action"]
    day = date(2026, 1, 5)
    found = extract_actions(doc, day)
    explicit = {a.source for a in found if is_explicit(a)}
    rules = [a for a in found if a.source not in explicit]
    # As the engine does: explicit items stay anyway, so they do not compete.
    pooled: Sequence[Candidate] = [
        c for c in candidates(doc, day, scores, rules) if c.item.source not in explicit
    ]
    if not pooled:
        return None
    items = [_as_text(c.item) for c in pooled]
    vectors = embed(items + [c.text for c in pooled])
    assert model.prototypes is not None
    reads = nearest_mean(vectors, model.prototypes)
    x = feature_matrix(pooled, scores, reads[: len(items)], reads[len(items) :])
    gold_text = [a for a in meeting.get("gold", {}).get("actions", []) if len(a) > 5]
    gold = embed(gold_text) if gold_text else np.zeros((0, vectors.shape[1]))
    return Pooled(x, vectors[: len(items)], gold)


def _as_text(item: ActionItem) -> str:
    return f"{item.owner} {item.task}"


def matched(vectors: np.ndarray, gold: np.ndarray) -> int:
    """One-to-one matches (cosine >= 0.5, best pairs first) between items and gold."""
    if not len(vectors) or not len(gold):
        return 0
    sims = vectors @ gold.T
    used_i: set[int] = set()
    used_j: set[int] = set()
    for flat in np.argsort(-sims, axis=None, kind="stable"):
        i, j = divmod(int(flat), sims.shape[1])
        if sims[i, j] < MATCH:
            break
        if i not in used_i and j not in used_j:
            used_i.add(i)
            used_j.add(j)
    return len(used_i)


def fit(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """L2 logistic regression by plain gradient descent on standardised features; the
    returned weights apply to the raw features (deterministic)."""
    mu = x[:, 1:].mean(axis=0)
    sd = x[:, 1:].std(axis=0) + 1e-9
    z = np.hstack([x[:, :1], (x[:, 1:] - mu) / sd])
    w = np.zeros(x.shape[1])
    for _ in range(STEPS):
        p = 1.0 / (1.0 + np.exp(-(z @ w)))
        w -= RATE * (z.T @ (p - y) / len(y) + L2 * w)
    raw = np.concatenate([[w[0] - float((w[1:] * mu / sd).sum())], w[1:] / sd])
    return raw


def meeting_f1(meetings: list[Pooled], p: list[np.ndarray], cut: float, cap: int) -> float:
    """Meeting-level F1 of keeping the candidates ``choose`` keeps."""
    tp = pred = gold = 0
    for m, probs in zip(meetings, p, strict=True):
        keep = choose(probs, cut, cap, m.vectors)
        pred += len(keep)
        gold += len(m.gold)
        tp += matched(m.vectors[keep], m.gold)
    precision, recall = tp / max(pred, 1), tp / max(gold, 1)
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


def fit_reranker(
    meetings: list[Pooled], group: np.ndarray, log: Any = None
) -> dict[str, np.ndarray]:
    """Weights, cut and cap of the reranker, and the prototype fill values."""
    x = np.vstack([m.x for m in meetings])
    y = np.concatenate(
        [
            (m.vectors @ m.gold.T).max(axis=1) >= MATCH
            if len(m.gold)
            else np.zeros(len(m.x), dtype=bool)
            for m in meetings
        ]
    ).astype(np.float64)
    rows = np.repeat(np.arange(len(meetings)), [len(m.x) for m in meetings])
    oof = np.zeros(len(y))
    for fold in range(4):
        held = group[rows] % 4 == fold
        oof[held] = probabilities(fit(x[~held], y[~held]), x[held])
    split = [oof[rows == k] for k in range(len(meetings))]
    f1, cut, cap = max((meeting_f1(meetings, split, c, k), -c, k) for c in CUTS for k in CAPS)
    weights = fit(x, y)
    if log is not None:
        print(
            f"rerank: cross-validated meeting F1 {f1:.3f} at p >= {-cut:.2f}, cap {cap}", file=log
        )
        for name, w in zip(NAMES, weights, strict=True):
            print(f"  {w:+.3f}  {name}", file=log)
    return {
        "rerank_w": weights,
        "rerank_cut": np.array(-cut, dtype=np.float64),
        "rerank_cap": np.array(cap, dtype=np.int64),
        "reads_fill": x[:, 4:6].mean(axis=0),
    }
