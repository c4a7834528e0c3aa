"""Run every benchmark in turn, then print one table of each headline figure against its
goal and write it to bench/results/all.json.

Each script measures against its own reference inside the same run (interleaved rounds
where the figure is a ratio): startup against a minimal Gradio app, retrieval against exact
numpy search, ingest against the raw ONNX forward pass, the CLI against ``python -c pass``.

    python bench/run_all.py            # about 20 minutes on 2 cores
    python bench/run_all.py --summary  # only the table, from the last results
    python bench/run_all.py --against bench/results/all-previous.json  # and the change

``--against`` adds each figure's change from an earlier run's ``all.json``: a rerun
reproduces a figure when the change is within 15%.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import RESULTS, table, write

HERE = Path(__file__).resolve().parent
SCRIPTS = [
    ["startup.py"],
    ["cli.py"],
    ["jobs.py"],
    ["retrieval.py"],
    ["tokens.py"],
    ["ingest.py"],
    ["load.py"],
    ["load.py", "--cold", "--users", "4"],
]


def _row(rows: list[dict[str, Any]], **match: Any) -> dict[str, Any]:
    return next(r for r in rows if all(r.get(k) == v for k, v in match.items()))


# (figure, goal, how to read it from the results, is it met)
Check = tuple[str, str, Callable[[dict[str, Any]], float], Callable[[float], bool]]
CHECKS: dict[str, list[Check]] = {
    "startup": [
        ("serve ready / minimal Gradio app", "<= 1.5", lambda d: d["serve_over_minimal"], lambda v: v <= 1.5),
    ],
    "cli": [
        ("notes add CPU s", "< 0.5", lambda d: _row(d["rows"], command="coach notes add (one note)")["cpu_s"], lambda v: v < 0.5),
        ("summarize - CPU s", "< 0.5", lambda d: _row(d["rows"], command="coach summarize - (short text)")["cpu_s"], lambda v: v < 0.5),
        ("notes search at 100k, resident, wall s", "< 1", lambda d: _row(d["rows"], command="coach notes search, resident process")["wall_s"] if d.get("chunks") == 100_000 else None, lambda v: v < 1),
    ],
    "jobs": [
        ("summarize 10k words p50 ms", "< 1000", lambda d: _row(d["rows"], job="summarize", size="10000 words")["p50_ms"], lambda v: v < 1000),
        ("agenda 1,000 notes p50 ms", "< 1000", lambda d: _row(d["rows"], job="agenda", size="1000 notes")["p50_ms"], lambda v: v < 1000),
    ],
    "retrieval": [
        ("search p95 ms at 100k", "< 30", lambda d: _row(d["rows"], chunks=100000)["index_p95_ms"], lambda v: v < 30),
        ("person search p95 ms at 100k", "< 25", lambda d: _row(d["rows"], chunks=100000)["person_p95_ms"], lambda v: v < 25),
        ("person recall@10 at 100k", ">= 0.99", lambda d: _row(d["rows"], chunks=100000)["person_recall_at_10"], lambda v: v >= 0.99),
    ],
    "ingest": [
        ("ingest / raw forward pass", ">= 0.95", lambda d: d["ingest"]["ingest_over_raw"], lambda v: v >= 0.95),
    ],
    "load": [
        ("warm users (--users): errors", "0", lambda d: d["errors"], lambda v: v == 0),
    ],
    "load-cold": [
        ("4 cold users: RSS MB", "< 450", lambda d: d["rss_peak_mb"], lambda v: v < 450),
    ],
}  # fmt: skip


def summarize_results() -> list[dict[str, Any]]:
    """The headline rows from the latest bench/results/*.json."""
    rows = []
    for name, checks in CHECKS.items():
        path = RESULTS / f"{name}.json"
        data = json.loads(path.read_text()) if path.exists() else None
        for figure, goal, read, ok in checks:
            try:
                value = read(data) if data else None
            except (KeyError, StopIteration, TypeError):
                value = None
            rows.append(
                {
                    "benchmark": name,
                    "figure": figure,
                    "value": "missing" if value is None else value,
                    "goal": goal,
                    "met": "" if value is None else ("yes" if ok(value) else "NO"),
                    "when": data.get("when", "") if data else "",
                }
            )
    return rows


def compare(rows: list[dict[str, Any]], earlier: list[dict[str, Any]]) -> None:
    """Add the earlier run's value and the relative change to each row (in place)."""
    before = {(r["benchmark"], r["figure"]): r["value"] for r in earlier}
    for row in rows:
        old = before.get((row["benchmark"], row["figure"]))
        row["before"] = "missing" if old is None else old
        numbers = isinstance(old, int | float) and isinstance(row["value"], int | float)
        if numbers and old:
            row["change"] = f"{(row['value'] - old) / abs(old):+.0%}"
        else:
            row["change"] = "same" if old == row["value"] else ""


def main() -> int:
    """Run them all (unless --summary); print and save the summary table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--summary", action="store_true", help="only summarize the last results")
    ap.add_argument("--against", type=Path, help="an earlier all.json to compare each figure with")
    args = ap.parse_args()
    failed = []
    if not args.summary:
        for script in SCRIPTS:
            print(f"\n=== {' '.join(script)} ===", flush=True)
            if subprocess.run([sys.executable, str(HERE / script[0]), *script[1:]]).returncode:
                failed.append(" ".join(script))
    rows = summarize_results()
    columns = ["benchmark", "figure", "value", "goal", "met", "when"]
    if args.against:
        compare(rows, json.loads(args.against.read_text())["rows"])
        columns[3:3] = ["before", "change"]
    print("\n" + table(rows, columns))
    print(f"load average now: {os.getloadavg()[0]:.2f}")
    print(f"wrote {write('all', {'rows': rows, 'failed': failed})}")
    if failed:
        print(f"failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
