"""Offline job latency by input size: summarize by words; agenda and questions by notes.

python bench/jobs.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import summary, table, write

LINES = [
    "Ada: We reviewed the migration plan and the open risks for the data pipeline.",
    "Ben: The on-call load is heavy this month and I skipped lunch twice.",
    "Cy: I'll send the revised estimate to finance by Friday.",
    "Ada: Can you check the retry logic before the release on December 1?",
    "Ben: Sure, I'll do it tomorrow.",
    "Cy: We agreed to postpone the schema change until January.",
]


def transcript(words: int) -> str:
    """A realistic transcript of about ``words`` words."""
    out, n, i = ["Planning 2026-11-23"], 0, 0
    while n < words:
        line = LINES[i % len(LINES)].replace("migration", f"migration step {i}")
        out.append(line)
        n += len(line.split())
        i += 1
    return "\n".join(out)


NOTE_LINES = [
    "- talked about the roadmap and the budget for the data pipeline, nothing decided",
    "- he'll send the revised estimate to finance by friday",
    "- told him I'd check the conference budget with Lena",
    "- she seemed tired, the on-call load is heavy this month",
]


def bullet_notes(words: int) -> str:
    """Bullet notes of about ``words`` words about one person: every sentence's rules ask
    who the note is about ("1:1 w/ Tariq"), so this is where a per-sentence scan shows."""
    out, n, i = ["1:1 w/ Tariq"], 0, 0
    while n < words:
        line = NOTE_LINES[i % len(NOTE_LINES)].replace("pipeline", f"pipeline step {i}")
        out.append(line)
        n += len(line.split())
        i += 1
    return "\n".join(out)


PROSE_LINES = [
    "Nora finished the audit last week and the numbers look fine.",
    "She mentioned the vendor is late again with the export.",
    "Next she's going to fix the contrast issues, aiming for the 18th.",
    "The team seemed tired but happy with the release.",
]


def prose_notes(words: int) -> str:
    """Prose notes with no heading: a "she" is read as the one name the note's sentences
    open with, so this is where a scan of the sentences before each one shows."""
    out, n, i = [], 0, 0
    while n < words:
        line = PROSE_LINES[i % len(PROSE_LINES)]
        out.append(line)
        n += len(line.split())
        i += 1
    return " ".join(out)


def timed(fn, repeat: int) -> list[float]:
    """Milliseconds per call over ``repeat`` calls (after one warm-up call)."""
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> int:
    """Measure and print."""
    from coach.config import load_settings
    from coach.jobs.agenda import agenda
    from coach.jobs.questions import questions
    from coach.jobs.summarize import summarize
    from coach.workspace import Workspace

    rows = []
    for words in (1_000, 10_000, 50_000):
        text = transcript(words)
        times = timed(
            lambda text=text: summarize(text, max_bytes=5_000_000), 5 if words < 50_000 else 3
        )
        rows.append({"job": "summarize", "size": f"{words} words", **summary(times)})
    notes = bullet_notes(10_000)
    times = timed(lambda: summarize(notes, max_bytes=5_000_000), 5)
    rows.append({"job": "summarize", "size": "10000 words of notes", **summary(times)})
    prose = prose_notes(10_000)
    times = timed(lambda: summarize(prose, max_bytes=5_000_000), 5)
    rows.append({"job": "summarize", "size": "10000 words of prose", **summary(times)})
    home = Path(tempfile.mkdtemp(prefix="coach-bench-jobs-"))
    ws = Workspace(load_settings(home=home, user="bench"))
    for count in (10, 100, 1_000):
        name = f"P{count}"
        person = ws.store.add_person(name)
        start = date(2024, 1, 1)
        for i in range(count):
            text = (
                f"{name}: {LINES[i % len(LINES)]} Item {i}.\nMe: Thanks. Let's follow up on the pipeline.\n"
                f"{name}: I'll send the update by Friday."
            )
            note, _ = ws.store.add_note(person, start + timedelta(days=i), text)
            if i % 10 == 0:
                ws.store.add_action(
                    person, name, f"Send update {i}", start + timedelta(days=i + 4), note.id, text
                )
        meeting = start + timedelta(days=count + 1)
        rows.append(
            {
                "job": "agenda",
                "size": f"{count} notes",
                **summary(timed(lambda n=name, m=meeting: agenda(ws, n, m, 30), 5)),
            }
        )
        rows.append(
            {
                "job": "questions",
                "size": f"{count} notes",
                **summary(timed(lambda n=name: questions(ws, n, None, 8), 5)),
            }
        )
    print(table(rows, ["job", "size", "n", "p50_ms", "p95_ms", "mean_ms"]))
    print(f"wrote {write('jobs', {'rows': rows})}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
