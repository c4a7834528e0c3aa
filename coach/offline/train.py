"""Fit the meeting models on the AMI training meetings: ``python -m coach.offline.train``.

Reads ``train.jsonl.gz`` of the AMI split (default ``../shared/data/ami`` beside the
repository; never the dev or test meetings), fits one logistic regression per task
(action item, summary sentence, decision) over hashed features, picks each threshold
by 4-fold cross-validation grouped by meeting, and writes
``coach/offline/models/meetings.npz``. The same data gives the same file, byte for byte.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import sys
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from coach.offline.learned import DIM, MODEL_FILE, TASKS, Model, Unit, features, name_features
from coach.offline.train_rerank import fit_reranker, pooled_meeting

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "ami"
OUT = Path(__file__).resolve().parent / "models" / MODEL_FILE
L2 = 1e-4
STEPS = 400
RATE = 0.05


def load_meetings(path: Path) -> list[dict[str, Any]]:
    """Meetings of one AMI split file."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def meeting_units(meeting: dict[str, Any]) -> list[Unit]:
    """The meeting's dialogue acts as model units, the way the engine sees a transcript."""
    from coach.offline.meeting import make_units

    people = list(dict.fromkeys(a["role"] for a in meeting["acts"]))
    return make_units([(a["text"], a["role"]) for a in meeting["acts"]], people)


def labels(meeting: dict[str, Any], task: str) -> list[int]:
    """1 where the act is an example of ``task`` in the human annotation."""
    if task == "summary":
        return [int(bool(a["extractive"])) for a in meeting["acts"]]
    link = {"action": "actions", "decision": "decisions"}[task]
    return [int(link in (a.get("links") or [])) for a in meeting["acts"]]


class Design:
    """A sparse design matrix as (row, column) index arrays of binary features."""

    def __init__(self, rows: list[list[int]]) -> None:
        self.n = len(rows)
        self.rows = np.repeat(np.arange(self.n), [len(r) for r in rows])
        self.cols = np.fromiter((c for r in rows for c in r), dtype=np.int64, count=len(self.rows))

    def take(self, keep: np.ndarray) -> Design:
        """The rows where ``keep`` is True."""
        mask = keep[self.rows]
        sub = Design([])
        sub.n = int(keep.sum())
        renumber = np.cumsum(keep) - 1
        sub.rows = renumber[self.rows[mask]]
        sub.cols = self.cols[mask]
        return sub

    def logits(self, w: np.ndarray, b: float) -> np.ndarray:
        """X @ w + b."""
        return np.bincount(self.rows, weights=w[self.cols], minlength=self.n) + b


def fit(x: Design, y: np.ndarray, steps: int = STEPS) -> tuple[np.ndarray, float]:
    """Class-balanced L2 logistic regression by full-batch Adam (deterministic)."""
    pos = max(y.sum(), 1)
    weight = np.where(y == 1, len(y) / (2 * pos), len(y) / (2 * max(len(y) - pos, 1)))
    w = np.zeros(DIM)
    b = 0.0
    m_w, v_w, m_b, v_b = np.zeros(DIM), np.zeros(DIM), 0.0, 0.0
    for step in range(1, steps + 1):
        p = 1.0 / (1.0 + np.exp(-x.logits(w, b)))
        err = (p - y) * weight / len(y)
        g_w = np.bincount(x.cols, weights=err[x.rows], minlength=DIM) + L2 * w
        g_b = float(err.sum())
        m_w = 0.9 * m_w + 0.1 * g_w
        v_w = 0.999 * v_w + 0.001 * g_w**2
        m_b = 0.9 * m_b + 0.1 * g_b
        v_b = 0.999 * v_b + 0.001 * g_b**2
        scale = RATE * np.sqrt(1 - 0.999**step) / (1 - 0.9**step)
        w -= scale * m_w / (np.sqrt(v_w) + 1e-8)
        b -= scale * m_b / (np.sqrt(v_b) + 1e-8)
    return w, b


def best_threshold(y: np.ndarray, p: np.ndarray) -> tuple[float, float]:
    """The probability cut with the best F1, and that F1."""
    order = np.argsort(-p)
    tp = np.cumsum(y[order])
    k = np.arange(1, len(y) + 1)
    f1 = 2 * tp / (k + y.sum())
    i = int(np.argmax(f1))
    return float(p[order][i]), float(f1[i])


def designs_for(meetings: list[dict[str, Any]]) -> tuple[Design, Design, np.ndarray]:
    """Design matrices of the action model and of the other models (one featurising pass),
    and the meeting index of each row."""
    action_rows, other_rows, group = [], [], []
    for g, meeting in enumerate(meetings):
        units = meeting_units(meeting)
        for i, unit in enumerate(units):
            base = features(units, i)
            other_rows.append(base)
            action_rows.append(base + name_features(unit))
        group += [g] * len(units)
    return Design(action_rows), Design(other_rows), np.array(group)


def train(
    meetings: list[dict[str, Any]], log: Any = sys.stderr, steps: int = STEPS
) -> dict[str, np.ndarray]:
    """Arrays of the model file: weights, bias and threshold per task."""
    x_action, x_other, group = designs_for(meetings)
    arrays: dict[str, np.ndarray] = {"tasks": np.array(TASKS)}
    folds: list[tuple[np.ndarray, float]] = []
    for task in TASKS:
        x = x_action if task == "action" else x_other
        y = np.array([v for m in meetings for v in labels(m, task)], dtype=np.float64)
        oof = np.zeros(len(y))
        for fold in range(4):
            held = group % 4 == fold
            w, b = fit(x.take(~held), y[~held], steps)
            oof[held] = 1 / (1 + np.exp(-x.take(held).logits(w, b)))
            if task == "action":
                folds.append((w.astype(np.float16).astype(np.float32), float(b)))
        threshold, f1 = best_threshold(y, oof)
        w, b = fit(x, y, steps)
        if log is not None:
            print(f"{task}: cross-validated F1 {f1:.3f} at p >= {threshold:.3f}", file=log)
        arrays[f"w_{task}"] = w.astype(np.float16)
        arrays[f"b_{task}"] = np.array(b, dtype=np.float32)
        arrays[f"t_{task}"] = np.array(threshold, dtype=np.float32)
    arrays["proto_action"] = action_prototypes(meetings)
    arrays.update(rerank_arrays(meetings, folds, log))
    return arrays


def rerank_arrays(
    meetings: list[dict[str, Any]], folds: list[tuple[np.ndarray, float]], log: Any
) -> dict[str, np.ndarray]:
    """The second stage, fitted on out-of-fold word-model scores and prototypes."""
    from retrieval.embeddings import LocalEmbedder

    embedder = LocalEmbedder(batch_size=32, threads=1)
    pooled, group = [], []
    for fold, (w, b) in enumerate(folds):
        others = [m for g, m in enumerate(meetings) if g % 4 != fold]
        model = Model(
            weights={"action": w},
            bias={"action": b},
            thresholds={},
            prototypes=action_prototypes(others).astype(np.float32),
        )
        for g, meeting in enumerate(meetings):
            if g % 4 == fold and (m := pooled_meeting(meeting, model, embedder.embed)):
                pooled.append(m)
                group.append(g)
    return fit_reranker(pooled, np.array(group), log)


def action_prototypes(meetings: list[dict[str, Any]]) -> np.ndarray:
    """Unit MiniLM vectors of the human-written action items: what an action item reads like."""
    from retrieval.embeddings import LocalEmbedder

    sentences = sorted(
        {a for m in meetings for a in m.get("gold", {}).get("actions", []) if len(a) > 5}
    )
    if not sentences:
        return np.zeros((0, 384), dtype=np.float16)
    return LocalEmbedder(batch_size=32, threads=1).embed(sentences).astype(np.float16)


def write(arrays: dict[str, np.ndarray], path: Path) -> str:
    """Write the arrays as a reproducible .npz (fixed timestamps); returns its sha256."""
    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(arrays):
            data = io.BytesIO()
            np.lib.format.write_array(data, np.asarray(arrays[name]), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data.getvalue())
    path.write_bytes(buf.getvalue())
    return hashlib.sha256(buf.getvalue()).hexdigest()


def main(argv: list[str] | None = None) -> int:
    """Train on AMI train and write the model file."""
    parser = argparse.ArgumentParser(prog="python -m coach.offline.train", description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of the AMI split")
    parser.add_argument("--out", type=Path, default=OUT, help="model file to write")
    args = parser.parse_args(argv)
    meetings = load_meetings(args.data / "train.jsonl.gz")
    digest = write(train(meetings), args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} kB, sha256 {digest})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
