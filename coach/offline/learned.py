"""Models learned from real meetings (the AMI corpus): which sentences are action items,
which belong in a summary, and which record a decision.

Each model is a logistic regression over hashed word features of a sentence and its
neighbours plus a few dense features (position in the meeting, length, question). They
are fitted by ``python -m coach.offline.train`` on the AMI training meetings and shipped
as ``coach/offline/models/meetings.npz`` (see ``models/README.md``, the data card).
Scoring a 10k-word transcript takes milliseconds: no embedding model is needed.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from itertools import pairwise
from typing import Any

import numpy as np

log = logging.getLogger(__name__)
DIM = 2**18
TASKS = ("action", "summary", "decision")
_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_MARKUP = re.compile(r"\{[a-z]+\}|\[[a-z ]+\]|<[a-z]+>", re.I)
_FILLER = re.compile(
    r"(?<![\w'])(?:mm-hmm|uh-huh|um+|uh+|erm+|er|hmm+|mm+|ah|eh|oh)(?![\w'])[,.]?\s*", re.I
)
_REPEAT = re.compile(r"\b(\w+(?:['’]\w+)?)(?:\s*,?\s+\1\b)+", re.I)
_SPACES = re.compile(r"\s+([,.?!])|\s{2,}")


@lru_cache(maxsize=20_000)
def clean_disfluencies(text: str) -> str:
    """Spoken text without fillers (um, uh), markup ({vocalsound}), '...' or repeated words.

    Only sounds and repeats are removed, never content words, so the meaning is unchanged.
    """
    out = _MARKUP.sub(" ", text)
    out = out.replace("...", " ").replace("…", " ")
    out = _FILLER.sub("", out)
    out = _REPEAT.sub(r"\1", out)
    out = _SPACES.sub(lambda m: m.group(1) or " ", out).strip(" ,")
    out = re.sub(r"^[,.\s]+", "", out)
    return out[:1].upper() + out[1:] if out else out


@lru_cache(maxsize=500_000)
def _h(token: str) -> int:
    # Cached: a meeting repeats the same words thousands of times.
    return zlib.crc32(token.encode("utf-8")) % DIM


def _tokens(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'"))


@dataclass(frozen=True)
class Unit:
    """One sentence (or dialogue act) of a meeting, as the models see it."""

    text: str
    speaker: str | None
    position: float
    """Where in the meeting it was said, 0 (start) to 1 (end)."""
    names_other: bool = False
    """It (or the speaker's sentence just before) names another participant."""


def name_features(unit: Unit) -> list[int]:
    """Features of the action model only: whether another participant is named, and how."""
    feats = [_h(f"named:{unit.names_other}")]
    if unit.names_other:
        feats += [_h(f"nf{i}:{w}") for i, w in enumerate(_tokens(unit.text)[:4])]
        feats.append(_h(f"namedpos:{min(int(unit.position * 5), 4)}"))
    return feats


def features(units: Sequence[Unit], index: int) -> list[int]:
    """Hashed feature ids of one unit: its words, its first words, its neighbours, position."""
    unit = units[index]
    words = _tokens(unit.text)
    feats = [_h("BIAS")]
    feats += [_h("w:" + w) for w in words]
    feats += [_h("b:" + a + "_" + b) for a, b in pairwise(words)]
    feats += [_h(f"f{i}:{w}") for i, w in enumerate(words[:3])]
    feats.append(_h(f"len:{min(len(words), 40) // 4}"))
    feats.append(_h(f"pos:{min(int(unit.position * 20), 19)}"))
    feats.append(_h(f"q:{unit.text.rstrip().endswith('?')}"))

    for offset, tag in ((-1, "p"), (1, "n")):
        j = index + offset
        if 0 <= j < len(units):
            other = units[j]
            feats += [_h(f"{tag}:{w}") for w in _tokens(other.text)[:12]]
            feats.append(_h(f"{tag}same:{other.speaker == unit.speaker}"))
            feats.append(_h(f"{tag}q:{other.text.rstrip().endswith('?')}"))
    return feats


@dataclass
class Model:
    """Weights and decision thresholds of the three models."""

    weights: dict[str, np.ndarray]
    bias: dict[str, float]
    thresholds: dict[str, float]
    prototypes: np.ndarray | None = None
    """Unit vectors of human-written action items (AMI train), for the reranking step."""
    rerank: np.ndarray | None = None
    """Weights of the second stage (``rerank.py``), one per feature."""
    rerank_cut: float = 0.5
    rerank_cap: int = 4
    reads_fill: tuple[float, float] = (0.0, 0.0)
    """The training means of the two prototype similarities, used when the embedding
    model cannot be loaded (the reranker then decides from the other features)."""

    def embed(self, texts: list[str]) -> np.ndarray | None:
        """Unit MiniLM vectors of ``texts``, or None when the embedding model is unavailable."""
        if self.prototypes is None or not len(self.prototypes) or not texts:
            return None
        try:
            from retrieval.embeddings import LocalEmbedder

            return LocalEmbedder(batch_size=32).embed(texts)
        except Exception:  # the rules and the word model still answer
            log.warning("embedding model unavailable; action items ranked without it")
            return None

    def reads(self, candidates: Sequence[Any]) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        """How much each candidate's "owner task" and its sentence read like a
        human-written action item (mean cosine of the five nearest prototypes), and the
        "owner task" vectors (None without the embedding model)."""
        items = [f"{c.item.owner} {c.item.task}" for c in candidates]
        vectors = self.embed(items + [c.text for c in candidates])
        if vectors is None or self.prototypes is None:
            n = len(candidates)
            return np.full(n, self.reads_fill[0]), np.full(n, self.reads_fill[1]), None
        sims = nearest_mean(vectors, self.prototypes)
        return sims[: len(items)], sims[len(items) :], vectors[: len(items)]

    def all_scores(self, units: Sequence[Unit]) -> dict[str, np.ndarray]:
        """P(task) for every unit and every task, featurising each unit once."""
        base = [features(units, i) for i in range(len(units))]
        named = [name_features(u) for u in units]
        out = {}
        for task in self.weights:
            w = self.weights[task]
            extra = named if task == "action" else [[] for _ in units]
            logits = np.array(
                [w[f].sum() + w[e].sum() for f, e in zip(base, extra, strict=True)],
                dtype=np.float64,
            )
            out[task] = 1.0 / (1.0 + np.exp(-(logits + self.bias[task])))
        return out


MODEL_FILE = "meetings.npz"
# Printed by ``python -m coach.offline.train``; a changed file is refused, not trusted.
MODEL_SHA256 = "1ca7f6766524c5d001370a2d75153ed1b87f23a1cfb312a702a625f48220350b"


def nearest_mean(vectors: np.ndarray, prototypes: np.ndarray, k: int = 5) -> np.ndarray:
    """Mean cosine of each (unit) vector to its ``k`` nearest prototypes."""
    if not len(prototypes):
        return np.zeros(len(vectors))
    sims = vectors @ prototypes.T
    k = min(k, sims.shape[1])
    return np.sort(sims, axis=1)[:, -k:].mean(axis=1)


def read_pinned(name: str, sha256: str, instead: str) -> bytes | None:
    """A shipped model file's bytes, or None when it is missing or not the pinned file
    (logged with what the engine does ``instead``): a changed file is refused, not trusted."""
    try:
        raw = (files("coach.offline") / "models" / name).read_bytes()
    except FileNotFoundError:
        return None
    if hashlib.sha256(raw).hexdigest() != sha256:
        log.warning("%s does not match its pinned checksum; %s", name, instead)
        return None
    return raw


@lru_cache(maxsize=1)
def load_model() -> Model | None:
    """The shipped model, or None when the file is missing (rules then work alone)."""
    raw = read_pinned(MODEL_FILE, MODEL_SHA256, "using the rules alone")
    if raw is None:
        return None
    with np.load(io.BytesIO(raw)) as data:
        tasks = [str(t) for t in data["tasks"]]
        return Model(
            weights={t: data[f"w_{t}"].astype(np.float32) for t in tasks},
            bias={t: float(data[f"b_{t}"]) for t in tasks},
            thresholds={t: float(data[f"t_{t}"]) for t in tasks},
            prototypes=data["proto_action"].astype(np.float32),
            rerank=data["rerank_w"].astype(np.float64),
            rerank_cut=float(data["rerank_cut"]),
            rerank_cap=int(data["rerank_cap"]),
            reads_fill=(float(data["reads_fill"][0]), float(data["reads_fill"][1])),
        )
