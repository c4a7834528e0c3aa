"""The second stage for recorded meetings: which of the word model's best sentences become
action items.

The word model (``learned.py``) ranks every sentence of a meeting. Its top sentences are
phrased as "owner task" (``meeting.py``), and a small logistic regression, fitted on the
AMI training meetings by ``python -m coach.offline.train``, decides which of them to keep
from what the word model said, how much "owner task" reads like a human-written action
item (MiniLM cosine to the training prototypes), who owns it, and where it sits in the
meeting. Its labels are the training meetings' own human action items.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from coach.types import ActionItem

POOL = 15
"""How many of the word model's best sentences compete (each meeting)."""
NAMES = (
    "bias",
    "word model logit",
    "rank in the pool",
    "score over the meeting's best",
    "owner task reads like an action item",
    "the sentence reads like an action item",
    "not phrased as a task",
    "question",
    "owner is not the speaker",
    "owner is the group",
    "position in the meeting",
    "length",
    "distance to the best sentence",
    "sentences the word model likes",
    "owner already has a better item",
)
GROUP_OWNER = "team"
DUPLICATE = 0.8
"""Two items whose "owner task" are this close (MiniLM cosine) say the same thing."""


@dataclass
class Candidate:
    """One of the word model's best sentences, phrased as an item."""

    index: int
    """The sentence's index in the document."""
    item: ActionItem
    phrased: bool
    """The sentence reads as something to do (a task could be phrased from it)."""
    text: str
    """The sentence, cleaned of disfluencies."""
    speaker: str | None


def pool(scores: np.ndarray) -> list[int]:
    """Indexes of the sentences that compete, best first."""
    return [int(i) for i in np.argsort(-scores, kind="stable")[:POOL]]


def feature_matrix(
    candidates: Sequence[Candidate],
    scores: np.ndarray,
    reads_item: np.ndarray,
    reads_text: np.ndarray,
) -> np.ndarray:
    """One row of :data:`NAMES` features per candidate (ranked best first).

    ``reads_item`` and ``reads_text`` are the prototype similarities of "owner task" and of
    the cleaned sentence.
    """
    n = max(len(scores), 1)
    best = candidates[0].index if candidates else 0
    top = float(scores[best]) if candidates else 1.0
    liked = float((scores >= 0.5).sum())
    rows, owners = [], set()
    for rank, c in enumerate(candidates):
        s = float(np.clip(scores[c.index], 1e-6, 1 - 1e-6))
        rows.append(
            [
                1.0,
                float(np.log(s / (1 - s))),
                rank / POOL,
                s / max(top, 1e-6),
                float(reads_item[rank]),
                float(reads_text[rank]),
                float(not c.phrased),
                float(c.text.rstrip().endswith("?")),
                float(c.item.owner != c.speaker),
                float(c.item.owner == GROUP_OWNER),
                c.index / n,
                min(len(c.text.split()), 40) / 40,
                abs(c.index - best) / n * 10,
                min(liked, 30.0) / 30,
                float(c.item.owner in owners),
            ]
        )
        owners.add(c.item.owner)
    return np.array(rows, dtype=np.float64).reshape(len(rows), len(NAMES))


def choose(
    probabilities: np.ndarray, cut: float, cap: int, vectors: np.ndarray | None = None
) -> list[int]:
    """Positions of the kept candidates: probability at least ``cut``, best first, ``cap``
    at most, and none that says what a better one says (unit ``vectors`` of "owner task"
    closer than :data:`DUPLICATE`)."""
    keep: list[int] = []
    for i in np.argsort(-probabilities, kind="stable"):
        if len(keep) >= cap or probabilities[i] < cut:
            break
        if vectors is not None and keep and float((vectors[keep] @ vectors[i]).max()) >= DUPLICATE:
            continue
        keep.append(int(i))
    return keep


def probabilities(weights: np.ndarray, x: np.ndarray) -> np.ndarray:
    """The reranker's P(action item) per row."""
    return 1.0 / (1.0 + np.exp(-(x @ weights)))
