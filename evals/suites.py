"""The eval suites: one per job, each running the same job function the CLI and app call."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from coach.chat import ChatModel
from coach.config import Settings
from coach.types import Summary
from evals import scorers as sc
from evals.datasets import load

Metrics = dict[str, float | None]


@dataclass
class Env:
    """What a suite runs against: the engine, settings and a workspace of sample notes."""

    chat: ChatModel | None
    settings: Settings
    judge: bool = False
    """Also grade outputs with the LLM-as-judge scorer (only with an LLM)."""
    _workspace: Any = None
    _tmp: Any = None
    cache: dict[str, Any] = field(default_factory=dict)

    @property
    def workspace(self) -> Any:
        """A throwaway workspace holding the people in ``datasets/people.jsonl``."""
        if self._workspace is None:
            from coach.jobs.summarize import summarize
            from coach.workspace import Workspace

            self._tmp = tempfile.TemporaryDirectory(prefix="coach-eval-")
            settings = self.settings.model_copy(
                update={"home": Path(self._tmp.name), "user": "eval"}
            )
            ws = Workspace(settings)
            for row in load("people"):
                if ws.store.find_person(row["person"]) is None:
                    ws.add_person(row["person"], row.get("relationship", "report"))
                when = date.fromisoformat(row["date"])
                # Saved the way a user saves a 1:1: summarized, with its action items.
                ws.save_summary(
                    row["person"], row["text"], summarize(row["text"], meeting_date=when)
                )
            ws.add_person("Newhire")
            self._workspace = ws
        return self._workspace

    def close(self) -> None:
        """Remove the throwaway workspace."""
        if self._workspace is not None:
            self._workspace.close()
            self._tmp.cleanup()
            self._workspace = None


@dataclass(frozen=True)
class Suite:
    """A dataset and the function that runs and scores one of its cases."""

    name: str
    dataset: str
    run: Callable[[dict[str, Any], Env], Metrics]
    description: str


def _summary_text(s: Summary) -> str:
    return "\n".join([s.summary, *s.key_points, *s.decisions, *s.concerns, *s.follow_ups])


def run_summarize(case: dict[str, Any], env: Env) -> Metrics:
    """Summarize one case and score it against the gold action items and facts."""
    from coach.jobs.summarize import summarize

    when = date.fromisoformat(case["date"]) if case.get("date") else None
    result = summarize(
        case["text"],
        meeting_date=when,
        person=case.get("person"),
        chat=env.chat,
        settings=env.settings,
    )
    predicted = [a.model_dump(mode="json") for a in result.action_items]
    metrics: Metrics = {
        "schema_valid": float(Summary.model_validate(result.model_dump()) is not None)
    }
    metrics.update(sc.action_scores(case["actions"], predicted))
    outputs = [
        result.summary,
        *result.key_points,
        *result.decisions,
        *result.concerns,
        *[a.task for a in result.action_items],
    ]
    metrics["faithfulness"] = sc.faithfulness(outputs, case["text"])
    metrics["must_mention"] = sc.coverage(case.get("must_mention", []), _summary_text(result))
    # Quoting the input is not obeying it: verbatim input sentences are left out of the check.
    checked = "\n".join([sc.unquoted(result.summary, case["text"]), *result.decisions,
                         *[a.task for a in result.action_items]])  # fmt: skip
    metrics["forbidden_absent"] = sc.absent(case.get("forbidden", []), checked)
    metrics["sources_verbatim"] = (
        sum(1 for a in result.action_items if a.source in case["text"]) / len(result.action_items)
        if result.action_items else None
    )  # fmt: skip
    if case.get("injection"):
        exact = metrics["action_precision"] == 1.0 and metrics["action_recall"] == 1.0
        metrics["injection_resistance"] = float(exact and metrics["forbidden_absent"] != 0.0)
    metrics["length_ok"] = sc.length_ok(result.summary, 1500) * (
        1.0 if len(result.key_points) <= 8 else 0.0
    )
    if env.judge and env.chat is not None:
        from evals.judge import judge

        metrics["llm_judge"] = judge(
            env.chat, env.settings, "summarize", case["text"], result.model_dump_json()
        )
    return metrics


def run_agenda(case: dict[str, Any], env: Env) -> Metrics:
    """Build an agenda and check carry-over, citations, minutes, coverage and specificity."""
    from coach.jobs.agenda import agenda

    ws = env.workspace
    exp = case["expect"]
    when = date.fromisoformat(case["date"])
    result = agenda(ws, case["person"], when, case["minutes"], chat=env.chat, settings=env.settings)
    text = "\n".join(f"{t.title} {t.reason}" for t in result.topics)
    own = {n.id for n in ws.notes(case["person"])}
    cites = [c for t in result.topics for c in t.citations]
    cited_text = " ".join(ws.note(c.note_id).text for c in cites if c.note_id in own)
    metrics: Metrics = {
        "minutes_fit": float(sum(t.minutes for t in result.topics) == case["minutes"]),
        "must_mention": sc.coverage(exp.get("mentions", []), text),
        "cites_expected_note": sc.coverage(exp.get("cites", []), cited_text),
        "citation_validity": (sum(1 for c in cites if c.note_id in own) / len(cites))
        if cites
        else None,
        "reasons_present": float(all(t.reason.strip() for t in result.topics)),
    }
    if exp.get("wellbeing_top"):
        kinds = [t.kind for t in result.topics]
        metrics["wellbeing_near_top"] = float("wellbeing" in kinds[:2])
    stale = exp.get("stale_objectives", [])
    if stale:
        flagged = {
            t.objective for t in result.topics if t.kind == "objective" and "weeks ago" in t.reason
        }
        metrics["stale_objective_flagged"] = sum(1 for o in stale if o in flagged) / len(stale)
    if exp.get("differs_from"):
        other = agenda(
            ws, exp["differs_from"], when, case["minutes"], chat=env.chat, settings=env.settings
        )
        a, b = {t.title for t in result.topics}, {t.title for t in other.topics}
        metrics["distinct_per_person"] = float(len(a & b) / max(len(a | b), 1) < 0.3)
    if exp.get("notice"):
        metrics["says_notes_would_help"] = float(exp["notice"] in (result.notice or ""))
    if env.judge and env.chat is not None:
        from evals.judge import judge

        notes = "\n".join(n.text for n in ws.notes(case["person"]))
        metrics["llm_judge"] = judge(
            env.chat, env.settings, "agenda", notes, result.model_dump_json()
        )
    return metrics


def run_talking_points(case: dict[str, Any], env: Env) -> Metrics:
    """Prepare talking points and check the scenario, evidence and completeness."""
    from coach.jobs.talking_points import talking_points

    ws = env.workspace
    exp = case["expect"]
    result = talking_points(
        ws, case["person"], case["situation"], chat=env.chat, settings=env.settings
    )
    own = {n.id for n in ws.notes(case["person"])}
    evidence = [c for m in result.key_messages for c in m.evidence]
    metrics: Metrics = {
        "scenario_accuracy": float(result.scenario == exp["scenario"]),
        "cites_expected_note": sc.coverage(
            exp.get("cites", []), " ".join(c.quote for c in evidence)
        ),
        "citation_validity": (sum(1 for c in evidence if c.note_id in own) / len(evidence))
        if evidence
        else None,
        "complete": float(
            all(
                [
                    result.goal,
                    result.opening,
                    result.key_messages,
                    result.questions,
                    result.reactions,
                    result.avoid,
                    result.outcome,
                    result.next_steps,
                ]
            )
        ),
        "open_questions": sc.open_share(result.questions),
    }
    if exp.get("notice"):
        metrics["says_notes_would_help"] = float(exp["notice"] in (result.notice or ""))
    return metrics


def run_career(case: dict[str, Any], env: Env) -> Metrics:
    """Prepare career topics and check framings, evidence and the draft message."""
    from coach.jobs.career import career

    ws = env.workspace
    exp = case["expect"]
    result = career(ws, case["about"], case.get("manager"), chat=env.chat, settings=env.settings)
    valid_ids = {n.id for n in (ws.notes(case["manager"]) if case.get("manager") else ws.notes())}
    cites = [a.citation for a in result.achievements] + [
        c for t in result.topics for c in t.citations
    ]
    framings = {t.framing for t in result.topics}
    # Notes' dates are facts about them too; "1:1" is the product's own word.
    notes_text = " ".join(f"{n.meeting_date.isoformat()} {n.text}" for n in ws.notes())
    notes_text += f" {case['about']} {case.get('manager') or ''} 1:1"
    return {
        "framing_recall": sum(1 for f in exp["framings"] if f in framings) / len(exp["framings"]),
        "achievement_coverage": sc.coverage(
            exp.get("achievements", []), " ".join(a.text for a in result.achievements)
        ),
        "message_mentions": sc.coverage(exp.get("message", []), result.message),
        "citation_validity": (sum(1 for c in cites if c.note_id in valid_ids) / len(cites))
        if cites
        else None,
        "open_questions": sc.open_share(result.questions),
        "message_faithfulness": sc.faithfulness([result.message], notes_text),
    }


def run_questions(case: dict[str, Any], env: Env) -> Metrics:
    """Suggest questions and check they are open, specific, spread and grounded."""
    from coach.jobs.questions import questions

    ws = env.workspace
    exp = case["expect"]
    result = questions(
        ws, case["person"], case.get("theme"), case["n"], chat=env.chat, settings=env.settings
    )
    texts = [q.text for q in result.questions]
    own = {n.id for n in ws.notes(case["person"])}
    cites = [c for q in result.questions for c in q.citations]
    metrics: Metrics = {
        "open_questions": sc.open_share(texts),
        "count_ok": float(len(texts) == case["n"]),
        "theme_spread": min(1.0, len({q.theme for q in result.questions}) / exp["themes"]),
        "quotes_person": sc.coverage(exp.get("quotes", []), " ".join(texts)),
        "citation_validity": (sum(1 for c in cites if c.note_id in own) / len(cites))
        if cites
        else None,
        "specificity": (sum(1 for q in result.questions if q.citations) / len(texts))
        if own and texts
        else None,
    }
    if exp.get("notice"):
        metrics["says_notes_would_help"] = float(exp["notice"] in (result.notice or ""))
    return metrics


def run_feedback(case: dict[str, Any], env: Env) -> Metrics:
    """Check a labelled draft: language issues, SBI parts and a clean rewrite."""
    from coach.jobs.feedback import feedback

    result = feedback(None, case["draft"], kind=None, chat=env.chat, settings=env.settings)
    issues = [i.model_dump(mode="json") for i in result.issues]
    metrics: Metrics = dict(sc.language_scores(case["labels"], issues, result.draft))
    metrics["sbi_completeness"] = sc.sbi_completeness(result.sbi.model_dump(), case.get("sbi"))
    metrics["clean_rewrite"] = sc.clean_rewrite(result.rewrite)
    if case.get("kind"):
        metrics["kind_accuracy"] = float(result.kind == case["kind"])
    metrics["length_ok"] = sc.length_ok(result.rewrite, 1200)
    return metrics


def run_practice(case: dict[str, Any], env: Env) -> Metrics:
    """Play a good and a bad scripted conversation; the good one must score higher."""
    from coach.jobs.practice import play

    good = play(
        None,
        case["persona"],
        case["good"],
        scenario=case["scenario"],
        chat=env.chat,
        settings=env.settings,
    )
    bad = play(
        None,
        case["persona"],
        case["bad"],
        scenario=case["scenario"],
        chat=env.chat,
        settings=env.settings,
    )
    assert good.debrief and bad.debrief
    differing = [k for k in good.debrief.scores if good.debrief.scores[k] != bad.debrief.scores[k]]
    replies = [t.text for s in (good, bad) for t in s.transcript if t.role == "persona"]
    per_session = [[t.text for t in s.transcript if t.role == "persona"] for s in (good, bad)]
    return {
        "good_beats_bad": float(good.debrief.overall > bad.debrief.overall),
        "margin": min(1.0, max(0.0, (good.debrief.overall - bad.debrief.overall) / 4)),
        "rubric_ordering": (sum(1 for k in differing if good.debrief.scores[k] > bad.debrief.scores[k]) / len(differing))
        if differing else None,
        "persona_no_repeat": float(all(len(set(p)) == len(p) for p in per_session)),
        "weak_points_quote_user": float(all(w.quote in case["bad"] for w in bad.debrief.weak_points)),
        "replies_present": float(all(r.strip() for r in replies)),
    }  # fmt: skip


SUITES: dict[str, Suite] = {
    s.name: s
    for s in (
        Suite(
            "summarize",
            "summarize",
            run_summarize,
            "Summary and action items from notes and transcripts",
        ),
        Suite("agenda", "agenda", run_agenda, "Agenda for the next 1:1"),
        Suite(
            "talking_points",
            "talking_points",
            run_talking_points,
            "Talking points for a tough conversation",
        ),
        Suite("career", "career", run_career, "Career-aspiration topics for the user's own 1:1"),
        Suite("questions", "questions", run_questions, "Growth-minded questions"),
        Suite(
            "feedback",
            "language",
            run_feedback,
            "Language check, SBI and rewrite of feedback drafts",
        ),
        Suite(
            "practice",
            "practice",
            run_practice,
            "Debrief ordering on scripted practice conversations",
        ),
    )
}
