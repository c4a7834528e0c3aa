"""Load test: N concurrent users drive a running ``coach serve`` through gradio_client.

Mixed offline jobs (summarize, search, agenda, questions, feedback) for a fixed time;
reports errors, p50/p95 latency per job and overall, and the server's RSS before and
after. Traffic goes to 127.0.0.1 only and stops by itself.

    python bench/load.py [--users 20] [--seconds 60]
    python bench/load.py --cold --users 4 --seconds 60   # first requests all at once

``--cold`` sends no warm-up request: the users' first requests reach the server together,
as they do when a team opens the app after a restart. The server's RSS is sampled every
0.2 s and its peak reported.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import coach_exe, free_port, rss_mb, summary, table, wait_http, write

TRANSCRIPT = (
    "1:1 Maya / Jordan 2026-11-18\nMaya: How are things?\nJordan: On-call was brutal and I skipped lunch.\n"
    "Maya: I'll talk to Priya about a second on-call engineer by Friday.\n"
    "Maya: Can you write down the three noisiest alerts before our next 1:1?\nJordan: Sure, by Tuesday.\n"
)


def seed(env: dict[str, str]) -> None:
    """A realistic account: two people with a few notes each."""
    people = Path(__file__).resolve().parent.parent / "tests" / "data" / "people"
    for person in ("priya", "sam"):
        subprocess.run(
            [coach_exe(), "people", "add", person.capitalize()],
            env=env,
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [coach_exe(), "notes", "import", str(people / person), "--person", person.capitalize()],
            env=env,
            check=True,
            capture_output=True,
        )


def main() -> int:
    """Run the load test and print and save the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--cold", action="store_true", help="no warm-up request first")
    args = parser.parse_args()
    from gradio_client import Client

    home = tempfile.mkdtemp(prefix="coach-load-")
    env = {
        **os.environ,
        "COACH_HOME": home,
        "COACH_USER": "load",
        "COACH_LLM": "offline",
        "GRADIO_ANALYTICS_ENABLED": "False",
    }
    seed(env)
    port = free_port()
    server = subprocess.Popen(
        [coach_exe(), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        ready = wait_http(url)
        if not args.cold:
            warm = Client(url, verbose=False)
            warm.predict("on-call", "Priya", api_name="/search")  # load the embedding model once
        rss_before = rss_mb(server.pid)
        peak = [rss_before]
        sampling = threading.Event()

        def sample() -> None:
            while not sampling.wait(0.2):
                peak[0] = max(peak[0], rss_mb(server.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        jobs = {
            "summarize": lambda c: c.predict(TRANSCRIPT, "", None, False, api_name="/summarize"),
            "search": lambda c: c.predict("burnout", "Priya", api_name="/search"),
            "agenda": lambda c: c.predict("Priya", "2026-11-24", 30, api_name="/agenda"),
            "questions": lambda c: c.predict("Sam", "all themes", 6, api_name="/questions"),
            "feedback": lambda c: c.predict(
                "You are always late, be more proactive.", None, "detect", api_name="/feedback"
            ),
        }
        latencies: dict[str, list[float]] = {k: [] for k in jobs}
        errors: list[str] = []
        lock = threading.Lock()
        stop = time.perf_counter() + args.seconds

        def user(n: int) -> None:
            rnd = random.Random(n)
            client = Client(url, verbose=False)
            while time.perf_counter() < stop:
                name = rnd.choice(list(jobs))
                start = time.perf_counter()
                try:
                    jobs[name](client)
                    with lock:
                        latencies[name].append((time.perf_counter() - start) * 1000)
                except Exception as exc:  # counted, not fatal
                    with lock:
                        errors.append(f"{name}: {type(exc).__name__}: {str(exc)[:120]}")

        threads = [threading.Thread(target=user, args=(i,)) for i in range(args.users)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        rss_after = rss_mb(server.pid)
        sampling.set()
        sampler.join()
    finally:
        server.terminate()
        server.wait(timeout=30)
    rows = [{"job": k, **summary(v)} for k, v in latencies.items()]
    overall = summary([x for v in latencies.values() for x in v])
    rows.append({"job": "all", **overall})
    print(table(rows, ["job", "n", "p50_ms", "p95_ms", "mean_ms"]))
    print(
        f"\nusers={args.users} seconds={args.seconds} errors={len(errors)} ready={ready:.1f}s "
        f"rss_before={rss_before}MB rss_after={rss_after}MB peak={peak[0]}MB "
        f"cold={args.cold} throughput={overall['n'] / args.seconds:.1f} req/s"
    )
    for e in errors[:10]:
        print("  error:", e)
    path = write(
        "load-cold" if args.cold else "load",
        {
            "users": args.users,
            "seconds": args.seconds,
            "errors": len(errors),
            "error_samples": errors[:20],
            "jobs": rows,
            "rss_before_mb": rss_before,
            "rss_after_mb": rss_after,
            "rss_peak_mb": peak[0],
            "cold": args.cold,
            "ready_s": round(ready, 2),
        },
    )
    print(f"wrote {path}")
    return 0 if not errors else 1


if __name__ == "__main__":
    raise SystemExit(main())
