"""Ingest throughput: notes/s for chunking + embedding + indexing, against the raw
onnxruntime forward pass on the same texts (the floor), by batch size and threads.

    python bench/ingest.py [--sizes 1000 10000] [--sweep 1000]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import table, write

WORDS = [
    "team",
    "project",
    "migration",
    "deadline",
    "review",
    "customer",
    "feedback",
    "design",
    "sprint",
    "release",
    "on-call",
    "budget",
    "hiring",
    "career",
    "growth",
    "mentoring",
    "roadmap",
    "priority",
    "risk",
    "blocker",
    "incident",
    "postmortem",
    "estimate",
    "scope",
    "quality",
    "test",
    "deploy",
    "database",
    "latency",
    "dashboard",
    "metric",
    "goal",
    "promotion",
    "learning",
    "conference",
    "workload",
    "stress",
    "balance",
]


def notes(n: int, words: int = 100, seed: int = 0) -> list[str]:
    """``n`` note-like texts of about ``words`` words, of varied length."""
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        length = rnd.randint(int(words * 0.6), int(words * 1.4))
        body = " ".join(rnd.choice(WORDS) for _ in range(length))
        out.append(f"Note {i}. Priya said the {body}.")
    return out


def raw_forward(texts: list[str], batch: int, threads: int) -> float:
    """Notes/s of tokenizer + onnxruntime alone (no pooling into the index, no Chroma)."""
    import numpy as np

    from retrieval.embeddings import _load

    session, tokenizer = _load(threads)
    start = time.perf_counter()
    encodings = tokenizer.encode_batch(texts)
    order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
    for s in range(0, len(order), batch):
        idx = order[s : s + batch]
        width = max(len(encodings[i].ids) for i in idx)
        ids = np.zeros((len(idx), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, i in enumerate(idx):
            ids[row, : len(encodings[i].ids)] = encodings[i].ids
            mask[row, : len(encodings[i].ids)] = 1
        session.run(
            None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        )
    return len(texts) / (time.perf_counter() - start)


def ingest(texts: list[str], batch: int, threads: int) -> float:
    """Notes/s through the real path: SQLite notes, then Workspace.sync_index."""
    from coach.config import load_settings
    from coach.workspace import Workspace

    home = Path(tempfile.mkdtemp(prefix="coach-bench-ingest-"))
    ws = Workspace(
        load_settings(home=home, user="bench", embed_batch_size=batch, embed_threads=threads)
    )
    person = ws.store.add_person("Priya")
    for i, text in enumerate(texts):
        ws.store.add_note(person, date(2020, 1, 1) + timedelta(days=i), text)
    ws.index.count()  # open Chroma before timing
    start = time.perf_counter()
    done = ws.sync_index()
    rate = done / (time.perf_counter() - start)
    ws.close()
    return rate


def main() -> int:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument(
        "--sweep", type=int, default=1_000, help="notes used for the batch/thread sweep"
    )
    args = parser.parse_args()
    sweep_texts = notes(args.sweep)
    rows = []
    for threads in (1, 2):
        for batch in (1, 8, 16, 32, 64):
            rows.append(
                {
                    "notes": args.sweep,
                    "threads": threads,
                    "batch": batch,
                    "raw_notes_per_s": round(raw_forward(sweep_texts, batch, threads), 1),
                }
            )
            print(rows[-1], file=sys.stderr)
    best = max(rows, key=lambda r: r["raw_notes_per_s"])
    print(table(rows, ["notes", "threads", "batch", "raw_notes_per_s"]))
    print(f"\nbest raw setting: batch {best['batch']}, threads {best['threads']}")
    ingest_rows = []
    for size in args.sizes:
        texts = notes(size, seed=size)
        floor = raw_forward(texts, best["batch"], best["threads"])
        rate = ingest(texts, best["batch"], best["threads"])
        ingest_rows.append(
            {
                "notes": size,
                "raw_notes_per_s": round(floor, 1),
                "ingest_notes_per_s": round(rate, 1),
                "ingest_over_raw": round(rate / floor, 3),
            }
        )
        print(ingest_rows[-1], file=sys.stderr)
    print(table(ingest_rows, ["notes", "raw_notes_per_s", "ingest_notes_per_s", "ingest_over_raw"]))
    print(f"wrote {write('ingest', {'sweep': rows, 'best': best, 'ingest': ingest_rows})}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
