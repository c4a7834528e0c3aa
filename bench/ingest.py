"""Ingest throughput: notes/s for chunking + embedding + indexing, against the raw
onnxruntime forward pass on the same texts (the floor), by batch size and threads.

    python bench/ingest.py [--notes 1000] [--rounds 5] [--sweep]

Raw and ingest rounds alternate (ABBA), and the table gives medians with their spread, so
drift of the machine hits both sides alike.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
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
    ws.index.count()  # open Chroma (and load the model) first: opening it indexes any backlog
    person = ws.store.add_person("Priya")
    for i, text in enumerate(texts):
        ws.store.add_note(person, date(2020, 1, 1) + timedelta(days=i), text)
    start = time.perf_counter()
    done = ws.sync_index()
    rate = done / (time.perf_counter() - start)
    ws.close()
    return rate


def sweep(texts: list[str], rounds: int) -> list[dict[str, object]]:
    """Raw notes/s per (threads, batch), every setting once per round (interleaved)."""
    settings = [(t, b) for t in (1, 2) for b in (8, 16, 32, 64)]
    got: dict[tuple[int, int], list[float]] = {k: [] for k in settings}
    for r in range(rounds):
        for k in settings if r % 2 == 0 else reversed(settings):
            got[k].append(raw_forward(texts, k[1], k[0]))
    return [
        {
            "threads": t,
            "batch": b,
            "raw_notes_per_s": round(statistics.median(v), 1),
            "spread": f"{min(v):.0f}-{max(v):.0f}",
        }
        for (t, b), v in got.items()
    ]


def paired(texts: list[str], batch: int, threads: int, rounds: int) -> dict[str, object]:
    """Raw floor and real ingest in alternating rounds (ABBA order cancels drift)."""
    raws, ingests, ratios = [], [], []
    # One uncounted round of each: the model, the tokenizer and tiktoken's encoding load
    # once per process (coach serve loads them at start-up), not per ingest.
    raw_forward(texts[:50], batch, threads)
    ingest(texts[:50], batch, threads)
    for r in range(rounds):
        if r % 2 == 0:
            raw = raw_forward(texts, batch, threads)
            rate = ingest(texts, batch, threads)
        else:
            rate = ingest(texts, batch, threads)
            raw = raw_forward(texts, batch, threads)
        raws.append(raw)
        ingests.append(rate)
        ratios.append(rate / raw)
        print(
            f"round {r + 1}: raw {raw:.1f}/s ingest {rate:.1f}/s ratio {rate / raw:.3f}",
            file=sys.stderr,
        )
    return {
        "notes": len(texts),
        "batch": batch,
        "threads": threads,
        "raw_notes_per_s": round(statistics.median(raws), 1),
        "ingest_notes_per_s": round(statistics.median(ingests), 1),
        "ingest_over_raw": round(statistics.median(ratios), 3),
        "ratio_spread": f"{min(ratios):.3f}-{max(ratios):.3f}",
        "rounds": rounds,
    }


def main() -> int:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=1_000, help="notes per ingest round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--sweep", action="store_true", help="also sweep batch size and threads")
    args = parser.parse_args()
    texts = notes(args.notes, seed=args.notes)
    data: dict[str, object] = {"load_before": os.getloadavg()[0]}
    if args.sweep:
        rows = sweep(texts, args.rounds)
        print(table(rows, ["threads", "batch", "raw_notes_per_s", "spread"]))
        data["sweep"] = rows
    from coach.config import Settings

    default = Settings.model_fields["embed_batch_size"].default
    result = paired(texts, default, 0, args.rounds)
    columns = ["notes", "batch", "raw_notes_per_s", "ingest_notes_per_s", "ingest_over_raw"]
    print(table([result], [*columns, "ratio_spread"]))
    data |= {"ingest": result, "goal": ">= 0.95 of raw", "load_after": os.getloadavg()[0]}
    print(f"load average {data['load_before']:.2f} before, {data['load_after']:.2f} after")
    print(f"wrote {write('ingest', data)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
