"""Retrieval latency and recall: the Chroma index against exact (brute-force numpy) search.

Vectors are real MiniLM embeddings of note-like sentences, extended to 100k chunks by
mixing pairs of them with small noise, so the index sees a realistic, clustered set.

    python bench/retrieval.py [--sizes 1000 10000 100000] [--queries 200]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import summary, table, write

TOPICS = [
    "on-call load",
    "promotion case",
    "migration deadline",
    "budget review",
    "hiring plan",
    "design review",
    "career growth",
    "burnout and workload",
    "peer conflict",
    "customer escalation",
    "learning Rust",
    "conference talk",
    "offsite planning",
    "release checklist",
    "mentoring a new hire",
    "roadmap changes",
]
PEOPLE = ["Priya", "Sam", "Lena", "Omar", "Ines", "Kai", "Tomas", "Dana"]
VERBS = [
    "worried about",
    "wants to discuss",
    "made progress on",
    "is blocked by",
    "asked for help with",
    "shipped",
    "proposed changes to",
    "feels good about",
]


def base_vectors(embed, n: int = 1024) -> np.ndarray:
    """Real embeddings of generated note sentences."""
    rng = np.random.default_rng(0)
    texts = [
        f"{rng.choice(PEOPLE)} {rng.choice(VERBS)} the {rng.choice(TOPICS)} ({i})."
        for i in range(n)
    ]
    return embed(texts)


def grow(base: np.ndarray, size: int, seed: int = 1) -> np.ndarray:
    """``size`` unit vectors mixed from pairs of base vectors plus noise."""
    rng = np.random.default_rng(seed)
    a = base[rng.integers(0, len(base), size)]
    b = base[rng.integers(0, len(base), size)]
    w = rng.uniform(0.6, 1.0, (size, 1)).astype(np.float32)
    v = w * a + (1 - w) * b + rng.normal(0, 0.02, a.shape).astype(np.float32)
    return (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)


def add_generated(
    index: Any,
    vectors: np.ndarray,
    people: list[str],
    first_note_id: int = 0,
    document: Callable[[int, str], str] = lambda i, person: "",
) -> None:
    """Add one chunk per vector to a NoteIndex's collection, as indexing would store it
    (real chunk ids with the person tag, note metadata), 5,000 at a time."""
    from retrieval.index import chunk_id

    for s in range(0, len(vectors), 5000):
        e = min(s + 5000, len(vectors))
        index.collection.add(
            ids=[chunk_id(index.account, first_note_id + i, 0, people[i]) for i in range(s, e)],
            embeddings=vectors[s:e],
            documents=[document(i, people[i]) for i in range(s, e)],
            metadatas=[
                {
                    "account": index.account,
                    "person": people[i],
                    "person_key": people[i].casefold(),
                    "note_id": first_note_id + i,
                    "date": "2026-01-01",
                    "chunk": 0,
                }
                for i in range(s, e)
            ],
        )


def main() -> int:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    from retrieval.chroma import make_client
    from retrieval.embeddings import LocalEmbedder
    from retrieval.index import NoteIndex

    embedder = LocalEmbedder()
    base = base_vectors(embedder.embed)
    queries = grow(base, args.queries, seed=99)
    query_texts = [
        f"{PEOPLE[i % len(PEOPLE)]} {TOPICS[i % len(TOPICS)]}" for i in range(args.queries)
    ]
    rows = []
    for size in args.sizes:
        vectors = grow(base, size)
        # The real index class, on its own per-account collection, with note metadata.
        index = NoteIndex(
            make_client(Path(tempfile.mkdtemp(prefix="coach-bench-ret-"))), embedder, "bench"
        )
        people = [PEOPLE[i % len(PEOPLE)] for i in range(size)]
        start = time.perf_counter()
        add_generated(index, vectors, people)
        build_s = time.perf_counter() - start
        index.search_vector(queries[:1], 10)  # warm
        index_ms, person_ms, exact_ms, recalls, person_recalls = [], [], [], [], []
        mask = np.array([p == "Priya" for p in people])
        for q in queries:
            t0 = time.perf_counter()
            got = index.search_vector(q[None, :], 10)
            index_ms.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            scores = vectors @ q
            exact = np.argpartition(-scores, 10)[:10]
            exact_ms.append((time.perf_counter() - t0) * 1000)
            recalls.append(len({h.note_id for h in got} & {int(i) for i in exact}) / 10)
            t0 = time.perf_counter()
            mine = index.search_vector(q[None, :], 10, person="Priya")
            person_ms.append((time.perf_counter() - t0) * 1000)
            exact_mine = np.flatnonzero(mask)[np.argsort(-scores[mask])[:10]]
            person_recalls.append(
                len({h.note_id for h in mine} & {int(i) for i in exact_mine}) / 10
            )
        end_to_end = []
        for text in query_texts[:50]:
            t0 = time.perf_counter()
            index.search(text, 10)
            end_to_end.append((time.perf_counter() - t0) * 1000)
        idx, per, ex, e2e = (
            summary(index_ms),
            summary(person_ms),
            summary(exact_ms),
            summary(end_to_end),
        )
        rows.append(
            {
                "chunks": size,
                "index_p50_ms": idx["p50_ms"],
                "index_p95_ms": idx["p95_ms"],
                "person_p95_ms": per["p95_ms"],
                "numpy_p50_ms": ex["p50_ms"],
                "numpy_p95_ms": ex["p95_ms"],
                "with_query_embedding_p95_ms": e2e["p95_ms"],
                "recall_at_10": round(float(np.mean(recalls)), 4),
                "person_recall_at_10": round(float(np.mean(person_recalls)), 4),
                "build_s": round(build_s, 1),
            }
        )
        print(f"{size} chunks done", file=sys.stderr)
    cols = [
        "chunks",
        "index_p50_ms",
        "index_p95_ms",
        "person_p95_ms",
        "numpy_p50_ms",
        "numpy_p95_ms",
        "with_query_embedding_p95_ms",
        "recall_at_10",
        "person_recall_at_10",
        "build_s",
    ]
    print(table(rows, cols))
    print(f"wrote {write('retrieval', {'rows': rows, 'queries': args.queries})}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
