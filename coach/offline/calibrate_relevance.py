"""Calibrate the cut for "this note is about the drafted behaviour":
``python -m coach.offline.calibrate_relevance``.

Reads the labelled pairs in ``evals/datasets/relevance.jsonl`` (a draft, a note sentence,
and whether the note is about the same behaviour), scores each pair the way feedback does
(local MiniLM cosine with the person's name taken out of both sides), and prints precision,
recall and F1 per cut with the best-F1 cut (the higher one on a tie). See
``SITUATION_MIN`` in ``coach/offline/label_moment.py`` for what was measured and chosen.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from coach.context import without_names
from retrieval.embeddings import LocalEmbedder

DATA = Path(__file__).resolve().parents[2] / "evals" / "datasets" / "relevance.jsonl"


def main() -> None:
    """Print the table and the chosen cut."""
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line]
    embed = LocalEmbedder().embed
    sims = []
    for r in rows:
        names = {r["person"].casefold()}
        v = embed([without_names(r["draft"], names), without_names(r["note"], names)])
        sims.append(float(v[0] @ v[1]))
    s, y = np.array(sims), np.array([r["about"] for r in rows])
    best = (0.0, 0.0)
    print("cut   precision recall F1")
    for cut in np.round(np.arange(0.2, 0.61, 0.025), 3):
        pred = s >= cut
        tp = int((pred & y).sum())
        p = tp / max(int(pred.sum()), 1)
        r = tp / max(int(y.sum()), 1)
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{cut:.3f} {p:9.2f} {r:6.2f} {f1:.2f}")
        if f1 >= best[0]:
            best = (f1, float(cut))
    print(f"chosen cut {best[1]:.3f} (F1 {best[0]:.2f}) on {len(rows)} pairs")


if __name__ == "__main__":
    main()
