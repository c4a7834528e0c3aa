"""LLM prompt tokens per job: coach's context assembly against a naive prompt that
pastes every note of the person. Uses the eval people and the fake chat model, so the
prompts are exactly what an LLM would receive.

    python bench/tokens.py
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import table, write


def main() -> int:
    """Measure and print."""
    from coach.config import load_settings
    from coach.jobs.agenda import agenda
    from coach.jobs.career import career
    from coach.jobs.questions import questions
    from coach.jobs.talking_points import talking_points
    from coach.testing import FakeChatModel
    from evals.solvers import Env
    from retrieval.tokens import count_tokens

    env = Env(settings=load_settings())
    ws = env.coach.workspace
    # A person with a long history: 200 extra notes for Priya.
    priya = ws.store.find_person("Priya")
    for i in range(200):
        ws.store.add_note(
            priya,
            date(2025, 1, 1).fromordinal(date(2025, 1, 1).toordinal() + i),
            f"Priya: Weekly sync {i}. Discussed the billing migration, on-call and hiring in detail.",
        )
    replies = {
        "agenda": {"topics": [{"title": "x", "reason": "y", "minutes": 30}]},
        "talking_points": {"goal": "g", "opening": "o", "key_messages": [{"message": "m"}]},
        "career": {"topics": [{"title": "t", "framing": "scope", "ask": "a"}], "message": "m"},
        "questions": {"questions": [{"text": "What would help?"}]},
    }
    jobs = {
        "agenda": lambda chat: agenda(ws, "Priya", date(2026, 11, 24), 30, chat=chat),
        "talking_points": lambda chat: talking_points(
            ws, "Priya", "missed deadlines on the migration", chat=chat
        ),
        "career": lambda chat: career(ws, "become a tech lead", "Dana", chat=chat),
        "questions": lambda chat: questions(ws, "Priya", None, 8, chat=chat),
    }
    rows = []
    for name, run in jobs.items():
        fake = FakeChatModel(context_tokens=16384).enqueue(replies[name])
        run(fake)
        sent = sum(count_tokens(m["content"]) for m in fake.history[0])
        person = "Dana" if name == "career" else "Priya"
        naive = count_tokens(fake.history[0][0]["content"]) + count_tokens(
            "\n".join(f"[{n.meeting_date}] {n.text}" for n in ws.notes(person))
        )
        rows.append(
            {
                "job": name,
                "notes": len(ws.notes(person)),
                "coach_prompt_tokens": sent,
                "naive_all_notes_tokens": naive,
                "ratio": round(sent / naive, 3),
            }
        )
    env.close()
    print(table(rows, ["job", "notes", "coach_prompt_tokens", "naive_all_notes_tokens", "ratio"]))
    print(f"wrote {write('tokens', {'rows': rows, 'context_tokens': 16384})}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
