"""Solvers: run one eval case through the service layer and collect what the scorers read.

A solver never scores; it returns the job's result plus the context a scorer needs
(the person's notes, a second run to compare with, a judge's grade on an LLM).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from coach.service import Coach, Settings
from evals.datasets import load

Output = dict[str, Any]


@dataclass
class Env:
    """What a suite runs against: the engine, settings and a workspace of sample notes."""

    settings: Settings
    engine: str = "offline"
    chat: Any = None
    """A chat model to use instead of the configured one (tests pass scripted models)."""
    judge: bool = False
    """Also grade outputs with the LLM-as-judge (only with an LLM)."""
    _coach: Coach | None = None
    _tmp: Any = None
    cache: dict[str, Any] = field(default_factory=dict)

    @property
    def coach(self) -> Coach:
        """A coach on a throwaway workspace holding the people in ``datasets/people.jsonl``."""
        if self._coach is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="coach-eval-")
            settings = self.settings.model_copy(
                update={"home": Path(self._tmp.name), "user": "eval"}
            )
            # Seeded the way a user saves 1:1s (summarized, with action items), always
            # offline, so every engine is graded on the same history.
            seed = Coach(settings, engine="offline")
            known: set[str] = set()
            for row in load("people"):
                if row["person"] not in known:
                    seed.add_person(row["person"], row.get("relationship", "report"))
                    known.add(row["person"])
                when = date.fromisoformat(row["date"])
                seed.summarize(row["text"], when, row["person"], save=True)
            seed.add_person("Newhire")
            seed.close()
            if self.chat is not None:
                self._coach = Coach(settings, chat=self.chat)
            else:
                self._coach = Coach(settings, engine=self.engine)
        return self._coach

    @property
    def llm(self) -> bool:
        """Whether the jobs answer on an LLM."""
        return self.coach.chat is not None

    def notes(self, person: str | None = None) -> dict[int, str]:
        """Note id to text, for one person or everyone."""
        return {n.id: n.text for n in self.coach.notes(person)}

    def close(self) -> None:
        """Remove the throwaway workspace."""
        if self._coach is not None:
            self._coach.close()
            self._tmp.cleanup()
            self._coach = None


def _judged(env: Env, job: str, given: str, result: Any) -> float | None:
    if not (env.judge and env.llm):
        return None
    return env.coach.judge(job, given, result.model_dump_json())


def solve_summarize(case: dict[str, Any], env: Env) -> Output:
    """Summarize the case's text (nothing saved)."""
    when = date.fromisoformat(case["date"]) if case.get("date") else None
    result, _ = env.coach.summarize(case["text"], when, case.get("person"))
    return {"result": result, "judge": _judged(env, "summarize", case["text"], result)}


def solve_agenda(case: dict[str, Any], env: Env) -> Output:
    """The agenda for the case's person, and another person's to compare with."""
    when = date.fromisoformat(case["date"])
    result = env.coach.agenda(case["person"], when, case["minutes"])
    other = case["expect"].get("differs_from")
    notes = env.notes(case["person"])
    return {
        "result": result,
        "notes": notes,
        "other": env.coach.agenda(other, when, case["minutes"]) if other else None,
        "judge": _judged(env, "agenda", "\n".join(notes.values()), result),
    }


def solve_talking_points(case: dict[str, Any], env: Env) -> Output:
    """Talking points for the case's situation."""
    result = env.coach.talking_points(case["person"], case["situation"])
    return {"result": result, "notes": env.notes(case["person"])}


def solve_career(case: dict[str, Any], env: Env) -> Output:
    """Career prep for the case's aspiration."""
    result = env.coach.career(case["about"], case.get("manager"))
    return {
        "result": result,
        "notes": env.notes(case.get("manager")),
        "dated_notes": [f"{n.meeting_date.isoformat()} {n.text}" for n in env.coach.notes()],
    }


def solve_questions(case: dict[str, Any], env: Env) -> Output:
    """Questions for the case's person."""
    result = env.coach.questions(case["person"], case.get("theme"), case["n"])
    return {"result": result, "notes": env.notes(case["person"])}


def solve_feedback(case: dict[str, Any], env: Env) -> Output:
    """The feedback job on the case's draft (no person)."""
    return {"result": env.coach.feedback(case["draft"])}


def solve_practice(case: dict[str, Any], env: Env) -> Output:
    """Play the good and the bad script of the case (nothing saved)."""

    def play(lines: list[str]) -> Any:
        return env.coach.practice_play(
            lines, case["persona"], scenario=case["scenario"], save=False
        )

    return {"good": play(case["good"]), "bad": play(case["bad"])}
