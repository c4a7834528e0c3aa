"""Fit the objective classifier: ``python -m coach.offline.train_objectives``.

Reads the labelled sentences of ``prompts/objective_examples.toml`` and the ``examples`` of
each objective in ``prompts/playbook.toml``, embeds them with the local MiniLM, adds hashed
word features, fits a softmax regression over the 14 objectives and ``none``, prints its 5-fold cross-validated
figures, and writes ``coach/offline/models/objectives.npz``. The same sentences give the
same file, byte for byte.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tomllib
from importlib.resources import files
from pathlib import Path

import numpy as np

from coach.offline.objectives import MODEL_FILE, features, hit_matrix, softmax
from coach.offline.train import write
from coach.playbook import load_playbook

OUT = Path(__file__).resolve().parent / "models" / MODEL_FILE
FOLDS = 5
L2 = 1e-4
STEPS = 500
RATE = 0.1


def examples_text() -> bytes:
    """The raw bytes of the example file (their sha256 is stored with the model)."""
    return (files("prompts") / "objective_examples.toml").read_bytes()


def labelled() -> tuple[list[str], list[str], np.ndarray]:
    """Objective keys, sentences, and each sentence's class (``len(keys)`` for none)."""
    keys = [o.key for o in load_playbook().objectives]
    data = tomllib.loads(examples_text().decode("utf-8"))["examples"]
    unknown = set(data) - set(keys) - {"none"}
    if unknown:
        raise SystemExit(f"objective_examples.toml: unknown objectives {sorted(unknown)}")
    rows: list[tuple[str, str]] = [(k, s) for k in [*keys, "none"] for s in data.get(k, [])]
    rows += [(o.key, s) for o in load_playbook().objectives for s in o.examples]
    label = np.array([keys.index(k) if k != "none" else len(keys) for k, _s in rows])
    return keys, [s for _k, s in rows], label


def fit(x: np.ndarray, label: np.ndarray, classes: int) -> tuple[np.ndarray, np.ndarray]:
    """Softmax regression (L2) by full-batch Adam from zero, so the result is deterministic."""
    n, d = x.shape
    y = np.eye(classes)[label]
    w, b = np.zeros((d, classes)), np.zeros(classes)
    m = [np.zeros_like(w), np.zeros_like(b)]
    v = [np.zeros_like(w), np.zeros_like(b)]
    for step in range(1, STEPS + 1):
        g = (softmax(x @ w + b) - y) / n
        grads = [x.T @ g + L2 * w, g.sum(axis=0)]
        for i, (param, grad) in enumerate(zip((w, b), grads, strict=True)):
            m[i] = 0.9 * m[i] + 0.1 * grad
            v[i] = 0.999 * v[i] + 0.001 * grad**2
            param -= RATE * (m[i] / (1 - 0.9**step)) / (np.sqrt(v[i] / (1 - 0.999**step)) + 1e-8)
    return w.astype(np.float32), b.astype(np.float32)


def cross_validated(x: np.ndarray, label: np.ndarray, classes: int) -> np.ndarray:
    """Out-of-fold probabilities (fold = row index mod FOLDS, so the split is fixed)."""
    out = np.zeros((len(x), classes))
    fold = np.arange(len(x)) % FOLDS
    for f in range(FOLDS):
        w, b = fit(x[fold != f], label[fold != f], classes)
        out[fold == f] = softmax(x[fold == f] @ w + b)
    return out


def sentence_figures(p: np.ndarray, label: np.ndarray) -> dict[str, float]:
    """Precision and recall of the hits (``hits`` in objectives.py) on out-of-fold
    probabilities, and how often a ``none`` sentence still hits an objective."""
    hits = hit_matrix(p)[:, :-1]
    none = label == p.shape[1] - 1
    about = ~none
    tp = float(hits[about, label[about]].sum())
    return {
        "precision": tp / max(1.0, float(hits.sum())),
        "recall": tp / max(1.0, float(about.sum())),
        "none_hit": float(hits[none].any(axis=1).mean()) if none.any() else 0.0,
        "top1": float((p.argmax(axis=1) == label).mean()),
    }


def train(embed_threads: int = 1) -> tuple[dict[str, np.ndarray], str]:
    """The model arrays and a one-line report of the cross-validated figures."""
    from retrieval.embeddings import LocalEmbedder

    keys, sentences, label = labelled()
    embedder = LocalEmbedder(batch_size=32, threads=embed_threads)
    x = features(embedder.embed(sentences), sentences).astype(np.float64)
    figures = sentence_figures(cross_validated(x, label, len(keys) + 1), label)
    w, b = fit(x, label, len(keys) + 1)
    arrays = {
        "keys": np.array(keys),
        "w": w,
        "b": b,
        "embedder": np.array([embedder.name]),
        "examples_sha256": np.array([hashlib.sha256(examples_text()).hexdigest()]),
    }
    report = f"{len(sentences)} sentences, {len(keys)} objectives and none; cross-validated: " + (
        ", ".join(f"{k} {v:.2f}" for k, v in figures.items())
    )
    return arrays, report


def main(argv: list[str] | None = None) -> int:
    """Fit on the example sentences and write the model file."""
    parser = argparse.ArgumentParser(
        prog="python -m coach.offline.train_objectives", description=__doc__
    )
    parser.add_argument("--out", type=Path, default=OUT, help="model file to write")
    args = parser.parse_args(argv)
    arrays, report = train()
    digest = write(arrays, args.out)
    print(report)
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} kB, sha256 {digest})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
