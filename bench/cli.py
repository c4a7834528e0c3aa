"""CLI start-up: CPU and wall time of the everyday commands, after the first run.

Each round runs every command once, in turn (interleaved, so machine drift hits all of them
alike), and reports medians and the spread over the rounds. CPU is user + system time of
the child process (``resource.getrusage``), which is what the issue's "under 0.5 s of CPU"
means; a bare ``python -c pass`` is the floor.

The searches run against an index of ``--chunks`` chunks (100k by default: real MiniLM
vectors of note-like sentences, mixed as in ``retrieval.py``), so the resident process's
figure is the issue's "at 100k chunks", measured rather than composed.

    python bench/cli.py [--rounds 7] [--chunks 100000]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import coach_exe, table, write

NOTE = "Jordan said the on-call week was brutal. I'll move the rotation by Friday."
GOAL_CPU_S = 0.5


def timed(args: list[str], env: dict[str, str], stdin: str | None = None) -> tuple[float, float]:
    """(wall s, CPU s) of one run of ``args``; fails loudly if it fails."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(args, env=env, input=stdin, text=True, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def fill_index(chunks: int) -> None:
    """Add ``chunks`` generated chunks (an eighth of them Jordan's) to the account's index,
    in this process's COACH_HOME; their note ids are far above SQLite's."""
    from bench.retrieval import PEOPLE, add_generated, base_vectors, grow
    from coach.config import load_settings
    from coach.service.usecases import Coach

    index = Coach(load_settings()).workspace.index
    vectors = grow(base_vectors(index.embedder.embed), chunks)
    people = ["Jordan" if i % 8 == 0 else PEOPLE[i % len(PEOPLE)] for i in range(chunks)]
    add_generated(
        index, vectors, people, 10_000_000, lambda i, person: f"{person}: generated chunk {i}"
    )
    print(f"index holds {index.count()} chunks", file=sys.stderr)


def main() -> int:
    """Measure, print the table, write bench/results/cli.json."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--chunks", type=int, default=100_000, help="chunks in the searched index")
    ap.add_argument("--fill", type=int, help=argparse.SUPPRESS)  # the child that fills it
    args = ap.parse_args()
    if args.fill is not None:
        fill_index(args.fill)
        return 0
    coach = coach_exe()
    # Two homes, each with its own index of ``--chunks`` chunks: the resident process serves
    # one, where notes are added every round (so each of its searches first indexes the new
    # note, as in real use); the in-process searches read the other, which nothing else
    # writes, so neither side makes the other reopen its index.
    with tempfile.TemporaryDirectory() as home, tempfile.TemporaryDirectory() as other:
        env = {**os.environ, "COACH_HOME": home, "COACH_USER": "bench"}
        env.pop("OPENAI_API_KEY", None)
        env["COACH_RESIDENT_INDEX"] = "true"
        in_process = {**env, "COACH_HOME": other, "COACH_RESIDENT_INDEX": "false"}
        for side in (env, in_process):
            people = [coach, "people", "add", "Jordan"]
            subprocess.run(people, env=side, check=True, capture_output=True)
            add = [coach, "notes", "add", "--person", "Jordan", "-"]
            subprocess.run(add, env=side, input=NOTE, text=True, check=True, capture_output=True)
            if args.chunks:
                fill = [sys.executable, __file__, "--fill", str(args.chunks)]
                subprocess.run(fill, env={**side, "COACH_RESIDENT_INDEX": "false"}, check=True)
        day = iter(range(1, 10_000))
        commands = {
            "python -c pass (floor)": lambda: timed([sys.executable, "-c", "pass"], env),
            "coach --help": lambda: timed([coach, "--help"], env),
            "coach notes add (one note)": lambda: timed(
                [coach, "notes", "add", "--person", "Jordan", "-"], env, f"{NOTE} ({next(day)})"
            ),
            "coach summarize - (short text)": lambda: timed([coach, "summarize", "-"], env, NOTE),
            "coach notes search, in-process": lambda: timed(
                [coach, "notes", "search", "on-call", "--person", "Jordan"], in_process
            ),
            "coach notes search, resident process": lambda: timed(
                [coach, "notes", "search", "on-call", "--person", "Jordan"], env
            ),
        }
        for run in commands.values():  # the first run builds caches (index, bytecode)
            run()
        time.sleep(5)  # the first resident search started the process; let it open the index
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        try:
            for _ in range(args.rounds):
                for name, run in commands.items():
                    samples[name].append(run())
        finally:
            stop = "from coach.config import load_settings as s\n"
            stop += "from coach.service.resident import stop\nstop(s())"
            subprocess.run([sys.executable, "-c", stop], env=env, check=False)
    rows = []
    for name, got in samples.items():
        walls = [w for w, _ in got]
        cpus = [c for _, c in got]
        rows.append(
            {
                "command": name,
                "wall_s": round(statistics.median(walls), 3),
                "cpu_s": round(statistics.median(cpus), 3),
                "cpu_range_s": f"{min(cpus):.2f}-{max(cpus):.2f}",
                "goal": f"< {GOAL_CPU_S} s CPU"
                if "notes add" in name or "summarize" in name
                else ("< 1 s wall" if "resident" in name else ""),
            }
        )
    print(table(rows, ["command", "wall_s", "cpu_s", "cpu_range_s", "goal"]))
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")
    result = {"rounds": args.rounds, "chunks": args.chunks, "load": os.getloadavg()[0]}
    path = write("cli", {**result, "rows": rows})
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
