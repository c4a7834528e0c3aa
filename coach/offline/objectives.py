"""Which 1:1 objectives a sentence is about, by a classifier over local MiniLM vectors.

The classifier is fitted on labelled note sentences (``prompts/objective_examples.toml``)
by ``python -m coach.offline.train_objectives``; see ``models/README.md`` for its card.
It reads paraphrases that share no word with an objective ("the Singapore folks reply
overnight" is remote collaboration), and its ``none`` sentences teach it that logistics and
status lines touch no objective.
"""

from __future__ import annotations

import io
import itertools
import re
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from coach.offline.learned import read_pinned
from coach.signals import NoteSentence, note_sentences

if TYPE_CHECKING:
    from coach.context import PersonContext
    from coach.types import Note

MODEL_FILE = "objectives.npz"
# Printed by ``python -m coach.offline.train_objectives``; a changed file is refused.
MODEL_SHA256 = "7780f0af1f86f193a4be28f81e6a135a36340a50cf254877f8b23bd7fdb2375b"


NONE_CUT = 0.4
"""A sentence is about none of the objectives when ``none`` has at least this; then even
an objective's keywords do not count in it."""
SECOND = 0.5
"""A sentence is about its most likely objective, and about its second when that is at
least this share of the first ("shadow the SRE team to pick up Terraform" is learning and
career); either only when it beats ``none`` (``OVER_NONE``). Chosen on the cross-validated
training sentences (first round, 415): recall 0.64 at precision 0.48 per sentence, against
0.54/0.56 for the first objective alone. (Without the ``none`` condition: 0.67 at 0.47, but
a thin 0.23 for career beat a 0.32 for none in "I'll write the migration plan".)"""


WORD_DIM = 2048
"""Hashed word and word-pair features beside the MiniLM vector. Learned from the same
labelled sentences, they carry the words MiniLM's averaged vector blurs ("interviewing",
"shadow", "rated"): cross-validated recall 0.72 → 0.75 at precision 0.57 → 0.60, and
``none`` sentences hitting an objective 13% → 9% (876 sentences, 2026-12-05)."""
CHAR_DIM = 2048
"""Hashed four-letter pieces of the same words: they tie "interviewing" to "interviews" and
"recruiter" to "recruiting" where the crude stemmer does not. Cross-validated on the 933
training sentences (2026-12-05): precision 0.61 → 0.63, recall 0.72 → 0.73, ``none``
sentences hitting an objective 4.5% → 5.4%."""
_STOP = frozenset(
    [
        *("the", "a", "an", "and", "or", "to", "of", "in", "on", "for", "with", "at", "by"),
        *("is", "are", "was", "were", "be", "been", "it", "this", "that", "i", "he", "she"),
        *("they", "we", "you", "my", "his", "her", "their", "our", "me", "him", "them", "us"),
    ]
)


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s", "ly"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def word_features(texts: Sequence[str]) -> np.ndarray:
    """Unit-length hashed bags of crudely stemmed words, word pairs and the four-letter
    pieces of the stemmed words, one row per text (``WORD_DIM`` + ``CHAR_DIM`` columns).
    CRC32 hashing, so the same text gives the same row on every machine."""
    out = np.zeros((len(texts), WORD_DIM + CHAR_DIM), dtype=np.float32)
    for row, text in enumerate(texts):
        words = [_stem(w) for w in re.findall(r"[a-z']+", text.lower()) if w not in _STOP]
        for token in words + [f"{a}_{b}" for a, b in itertools.pairwise(words)]:
            out[row, zlib.crc32(token.encode()) % WORD_DIM] = 1.0
        joined = f" {' '.join(words)} "
        for i in range(len(joined) - 3):
            out[row, WORD_DIM + zlib.crc32(joined[i : i + 4].encode()) % CHAR_DIM] = 1.0
        norm = float(np.linalg.norm(out[row]))
        if norm:
            out[row] /= norm
    return out


def features(vectors: np.ndarray, texts: Sequence[str]) -> np.ndarray:
    """The classifier's input: each sentence's MiniLM vector, then its word features."""
    return np.hstack([np.asarray(vectors, dtype=np.float32), word_features(texts)])


OVER_NONE = 1.5
"""An objective counts only when at least 1.5 times as likely as ``none``. Adopted at 2.0
(cross-validated on 933 sentences: ``none`` sentences hitting an objective 9% → 4.5%)
after an unrelated note ("lia set the CI timeout to 20 minutes", remote 0.31 against none
0.16) counted. Recalibrated on the 967 sentences of the fifth round (2026-12-05): the
lowest ratio that keeps ``none`` hits under that 4.5% (4.2%, recall 0.75 at precision
0.61, against 3.4% and 0.73 at 0.62 for 2.0)."""


def softmax(z: np.ndarray) -> np.ndarray:
    """Row-wise softmax."""
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def hit_matrix(p: np.ndarray) -> np.ndarray:
    """Sentence × class hits from probabilities whose last column is ``none``."""
    objectives = p[:, :-1]
    first = objectives.max(axis=1, keepdims=True)
    rank = np.argsort(np.argsort(-objectives, axis=1), axis=1)
    none = p[:, -1:]
    hits = (
        (objectives >= SECOND * first)
        & (rank < 2)
        & (objectives >= OVER_NONE * none)
        & (none < NONE_CUT)
    )
    return np.hstack([hits, none >= NONE_CUT])


@dataclass(frozen=True)
class ObjectiveModel:
    """Softmax weights (the objectives, then ``none``) over sentence vectors of one model."""

    keys: tuple[str, ...]
    weights: np.ndarray
    bias: np.ndarray
    embedder: str
    examples_sha256: str

    def probabilities(self, vectors: np.ndarray, texts: Sequence[str]) -> np.ndarray:
        """Sentence × class probabilities (the objectives in ``keys`` order, then ``none``)."""
        return softmax(features(vectors, texts) @ self.weights + self.bias)

    def hits(self, vectors: np.ndarray, texts: Sequence[str]) -> np.ndarray:
        """True where a sentence is about an objective (one column per key, then ``none``)."""
        return hit_matrix(self.probabilities(vectors, texts))


@lru_cache(maxsize=1)
def load_objective_model() -> ObjectiveModel | None:
    """The shipped classifier, or None when its file is missing or altered."""
    raw = read_pinned(MODEL_FILE, MODEL_SHA256, "objectives by keywords")
    if raw is None:
        return None
    with np.load(io.BytesIO(raw)) as data:
        return ObjectiveModel(
            keys=tuple(str(k) for k in data["keys"]),
            weights=data["w"].astype(np.float32),
            bias=data["b"].astype(np.float32),
            embedder=str(data["embedder"][0]),
            examples_sha256=str(data["examples_sha256"][0]),
        )


def objective_hits(
    vectors: np.ndarray, texts: Sequence[str], embedder: str, keys: list[str]
) -> np.ndarray | None:
    """Sentence × objective hits (in ``keys`` order, then a last column: about none of
    them) for the sentences ``texts`` with their ``vectors``, or None when no classifier
    fits ``embedder`` (an API model has other vectors)."""
    model = load_objective_model()
    if model is None or model.embedder != embedder or not len(vectors):
        return None
    hits = model.hits(vectors, texts)
    out = np.zeros((len(vectors), len(keys) + 1), dtype=bool)
    for col, key in enumerate(keys):
        if key in model.keys:
            out[:, col] = hits[:, model.keys.index(key)]
    out[:, -1] = hits[:, -1]
    return out


SURE = 0.4
"""A sentence raised on its own (a well-being check-in, a question's theme) must have the
objective as its most likely class at this probability at least: the second-objective rule
above reads "i'll write up the postmortem" as well-being at 0.28. Chosen on the
cross-validated training sentences (933, 2026-12-05): the surest objective is right for
0.81 of the sentences it picks and finds 0.52 of them, better on both counts than the
vector-only classifier at its cut of 0.45 (0.78 and 0.51); well-being 0.85/0.67."""


def sure_about(
    ctx: PersonContext, notes: list[Note]
) -> Callable[[tuple[str, ...]], list[NoteSentence]]:
    """A reader of ``notes`` that embeds their sentences once: given objective keys, the
    sentences the classifier is sure are about one of them, in the person's words or the
    user's observations, newest note first and the surest sentence of a note first. Reads
    nothing without the classifier. "he's caring for his dad, mornings are hard" is
    well-being with no well-being word in it."""
    model = load_objective_model()
    if ctx.embed is None or not notes or model is None or model.embedder != ctx.embed_model:
        return lambda keys: []
    ordered = sorted(notes, key=lambda n: (n.meeting_date, n.id), reverse=True)
    sentences = [
        s
        for n in ordered
        for s in note_sentences(n)
        if not s.text.rstrip().endswith("?") and ctx.voice(s) in ("theirs", "mine")
    ]
    if not sentences:
        return lambda keys: []
    texts = [s.text for s in sentences]
    p = model.probabilities(np.asarray(ctx.embed(texts)), texts)
    rank = {n.id: i for i, n in enumerate(ordered)}

    def pick(keys: tuple[str, ...]) -> list[NoteSentence]:
        cols = [model.keys.index(k) for k in keys if k in model.keys]
        sure = p[:, cols].max(axis=1)
        found = [
            (i, float(sure[i]))
            for i in range(len(sentences))
            if sure[i] >= SURE and sure[i] >= p[i].max()
        ]
        found.sort(key=lambda pair: (rank[sentences[pair[0]].note_id], -pair[1]))
        return [sentences[i] for i, _p in found]

    return pick


def about(ctx: PersonContext, notes: list[Note], keys: tuple[str, ...]) -> list[NoteSentence]:
    """The sentences of ``notes`` the classifier is sure are about one of ``keys`` (see
    :func:`sure_about`)."""
    return sure_about(ctx, notes)(keys)


def likeliest(ctx: PersonContext, texts: list[str]) -> list[str | None]:
    """Each text's likeliest objective, or None when ``none`` is likelier or no classifier
    fits the embedding model. A looser reading than :func:`sure_about`, for the person's
    own words, which are few and worth asking about: "I'd like more heads-up before
    priorities change" is communication at 0.38."""
    model = load_objective_model()
    if ctx.embed is None or not texts or model is None or model.embedder != ctx.embed_model:
        return [None] * len(texts)
    p = model.probabilities(np.asarray(ctx.embed(texts)), texts)
    top = p[:, :-1].argmax(axis=1)
    return [model.keys[int(k)] if p[i, int(k)] > p[i, -1] else None for i, k in enumerate(top)]
