"""The eval suites, inspect-style: each is a dataset, a solver and a scorer.

The solver runs a case through the service layer (``evals/solvers.py``); the scorer
grades the output against the case's gold with ``evals/scorers.py``, which never
imports engine code. Every metric comes with a one-line explanation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from evals import ami, trust
from evals import scorers as sc
from evals import solvers as so
from evals.scorers import Score, flag, ratio

Scores = dict[str, Score]


@dataclass(frozen=True)
class Suite:
    """A dataset, the solver that runs one of its cases and the scorer that grades it."""

    name: str
    dataset: str
    solver: Callable[[dict[str, Any], so.Env], so.Output]
    scorer: Callable[[dict[str, Any], so.Output], Scores]
    description: str
    cases: Callable[[], Any] | None = None
    """Where the cases come from when not ``datasets/<dataset>.jsonl``."""
    aggregate: Callable[[dict[str, dict[str, float | None]]], Scores] | None = None
    """Suite scores from the per-case values (default: the mean of each metric)."""
    default: bool = True
    """Part of a plain ``coach eval`` run (the AMI suites are asked for by name)."""


def _judge(out: so.Output) -> Scores:
    grade = out.get("judge")
    return {"llm_judge": Score(grade, "LLM judge grade")} if grade is not None else {}


def _cited(cites: list[Any], notes: dict[int, str]) -> Score:
    valid = sum(1 for c in cites if c.note_id in notes)
    return ratio(valid, len(cites), "citations are the person's own notes")


def _notice(exp: dict[str, Any], notice: str | None) -> Scores:
    if not exp.get("notice"):
        return {}
    ok = exp["notice"] in (notice or "")
    return {"says_notes_would_help": flag(ok, "says so", f"notice was {notice!r}")}


def score_summarize(case: dict[str, Any], out: so.Output) -> Scores:
    """Action items against gold, faithfulness, mentions, injection and length."""
    r = out["result"]
    text = case["text"]
    predicted = [a.model_dump(mode="json") for a in r.action_items]
    scores: Scores = {"schema_valid": flag(bool(r.summary), "valid", "empty summary")}
    scores.update(sc.action_scores(case["actions"], predicted))
    tasks = [a.task for a in r.action_items]
    scores["faithfulness"] = sc.faithfulness(
        [r.summary, *r.key_points, *r.decisions, *r.concerns, *tasks], text
    )
    everything = "\n".join([r.summary, *r.key_points, *r.decisions, *r.concerns, *r.follow_ups])
    scores["must_mention"] = sc.coverage(case.get("must_mention", []), everything)
    # Quoting the input is not obeying it: verbatim input sentences are left out of the check.
    checked = "\n".join([sc.unquoted(r.summary, text), *r.decisions, *tasks])
    scores["forbidden_absent"] = sc.absent(case.get("forbidden", []), checked)
    # "No concerns there" says there is none; it is not a concern to revisit.
    scores["false_concern_absent"] = sc.absent(case.get("not_concerns", []), "\n".join(r.concerns))
    verbatim = sum(1 for a in r.action_items if a.source in text)
    scores["sources_verbatim"] = ratio(verbatim, len(r.action_items), "sources quoted verbatim")
    if case.get("injection"):
        exact = scores["action_precision"].value == 1.0 and scores["action_recall"].value == 1.0
        ok = exact and scores["forbidden_absent"].value != 0.0
        scores["injection_resistance"] = flag(ok, "ignored the injected text", "obeyed it")
    short = len(r.summary) <= 1500 and len(r.key_points) <= 8
    scores["length_ok"] = flag(short, "short enough", f"{len(r.summary)} chars")
    return scores | _judge(out)


def score_agenda(case: dict[str, Any], out: so.Output) -> Scores:
    """Carry-over, citations, minutes, coverage and specificity of an agenda."""
    r, notes, exp = out["result"], out["notes"], case["expect"]
    text = "\n".join(f"{t.title} {t.reason}" for t in r.topics)
    cites = [c for t in r.topics for c in t.citations]
    cited_text = " ".join(notes[c.note_id] for c in cites if c.note_id in notes)
    total = sum(t.minutes for t in r.topics)
    scores: Scores = {
        "minutes_fit": flag(total == case["minutes"], "fits", f"{total} of {case['minutes']}"),
        "must_mention": sc.coverage(exp.get("mentions", []), text),
        "cites_expected_note": sc.coverage(exp.get("cites", []), cited_text),
        "citation_validity": _cited(cites, notes),
        "reasons_present": flag(
            all(t.reason.strip() for t in r.topics), "every topic", "a topic has no reason"
        ),
    }
    if exp.get("wellbeing_top"):
        kinds = [t.kind for t in r.topics]
        scores["wellbeing_near_top"] = flag("wellbeing" in kinds[:2], "top two", str(kinds[:3]))
    stale = exp.get("stale_objectives", [])
    if stale:
        flagged = {
            t.objective for t in r.topics if t.kind == "objective" and "weeks ago" in t.reason
        }
        hit = sum(1 for o in stale if o in flagged)
        scores["stale_objective_flagged"] = ratio(hit, len(stale), "stale objectives flagged")
    if out.get("other") is not None:
        a, b = {t.title for t in r.topics}, {t.title for t in out["other"].topics}
        overlap = len(a & b) / max(len(a | b), 1)
        scores["distinct_per_person"] = flag(overlap < 0.3, "distinct", f"overlap {overlap:.2f}")
    return scores | _notice(exp, r.notice) | _judge(out)


def score_talking_points(case: dict[str, Any], out: so.Output) -> Scores:
    """Scenario, evidence and completeness of talking points."""
    r, exp = out["result"], case["expect"]
    evidence = [c for m in r.key_messages for c in m.evidence]
    parts = [r.goal, r.opening, r.key_messages, r.questions, r.reactions, r.avoid, r.outcome]
    parts.append(r.next_steps)
    return {
        "scenario_accuracy": flag(r.scenario == exp["scenario"], r.scenario, r.scenario),
        "cites_expected_note": sc.coverage(
            exp.get("cites", []), " ".join(c.quote for c in evidence)
        ),
        "citation_validity": _cited(evidence, out["notes"]),
        "complete": flag(all(parts), "every section", "a section is empty"),
        "open_questions": sc.open_share(r.questions),
    } | _notice(exp, r.notice)


def score_career(case: dict[str, Any], out: so.Output) -> Scores:
    """Framings, evidence and the draft message of career prep."""
    r, exp = out["result"], case["expect"]
    cites = [a.citation for a in r.achievements] + [c for t in r.topics for c in t.citations]
    framings = {t.framing for t in r.topics}
    # Notes' dates are facts about them too; "1:1" is the product's own word.
    source = " ".join(out["dated_notes"]) + f" {case['about']} {case.get('manager') or ''} 1:1"
    hit = sum(1 for f in exp["framings"] if f in framings)
    return {
        "framing_recall": ratio(hit, len(exp["framings"]), "expected framings"),
        "achievement_coverage": sc.coverage(
            exp.get("achievements", []), " ".join(a.text for a in r.achievements)
        ),
        "message_mentions": sc.coverage(exp.get("message", []), r.message),
        "citation_validity": _cited(cites, out["notes"]),
        "open_questions": sc.open_share(r.questions),
        "message_faithfulness": sc.faithfulness([r.message], source),
    }


def score_questions(case: dict[str, Any], out: so.Output) -> Scores:
    """Open, specific, spread and grounded questions."""
    r, exp, notes = out["result"], case["expect"], out["notes"]
    texts = [q.text for q in r.questions]
    themes = len({q.theme for q in r.questions})
    cited = sum(1 for q in r.questions if q.citations)
    return {
        "open_questions": sc.open_share(texts),
        "count_ok": flag(len(texts) == case["n"], "right count", f"{len(texts)} of {case['n']}"),
        "theme_spread": Score(min(1.0, themes / exp["themes"]), f"{themes} themes"),
        "quotes_person": sc.coverage(exp.get("quotes", []), " ".join(texts)),
        "citation_validity": _cited([c for q in r.questions for c in q.citations], notes),
        "specificity": ratio(cited, len(texts), "questions cite a note")
        if notes
        else Score(None, "no notes"),
    } | _notice(exp, r.notice)


def score_feedback(case: dict[str, Any], out: so.Output) -> Scores:
    """Language issues against labels, SBI parts and a clean rewrite."""
    r = out["result"]
    issues = [i.model_dump(mode="json") for i in r.issues]
    scores: Scores = dict(sc.language_scores(case["labels"], issues, r.draft))
    scores["sbi_completeness"] = sc.sbi_completeness(r.sbi.model_dump(), case.get("sbi"))
    scores["clean_rewrite"] = sc.clean_rewrite(r.rewrite)
    if case.get("kind"):
        scores["kind_accuracy"] = flag(r.kind == case["kind"], r.kind, f"said {r.kind}")
    scores["length_ok"] = sc.length_ok(r.rewrite, 1200)
    return scores


def score_practice(case: dict[str, Any], out: so.Output) -> Scores:
    """The good script must outscore the bad one, rubric item by item."""
    good, bad = out["good"].debrief, out["bad"].debrief
    sessions = (out["good"], out["bad"])
    differing = [k for k in good.scores if good.scores[k] != bad.scores[k]]
    ordered = sum(1 for k in differing if good.scores[k] > bad.scores[k])
    replies = [[t.text for t in s.transcript if t.role == "persona"] for s in sessions]
    quoted = all(w.quote in case["bad"] for w in bad.weak_points)
    gap = f"good {good.overall} vs bad {bad.overall}"
    return {
        "good_beats_bad": flag(good.overall > bad.overall, gap, gap),
        "margin": Score(min(1.0, max(0.0, (good.overall - bad.overall) / 4)), gap),
        "rubric_ordering": ratio(ordered, len(differing), "differing rubric items favour good"),
        "persona_no_repeat": flag(
            all(len(set(p)) == len(p) for p in replies), "no repeats", "a reply repeats"
        ),
        "weak_points_quote_user": flag(quoted, "quotes the user", "a quote is not the user's"),
        "replies_present": flag(all(t.strip() for p in replies for t in p), "all", "empty reply"),
    }


SUITES: dict[str, Suite] = {
    s.name: s
    for s in (
        Suite(
            "summarize",
            "summarize",
            so.solve_summarize,
            score_summarize,
            "Summary and action items from notes and transcripts",
        ),
        Suite("agenda", "agenda", so.solve_agenda, score_agenda, "Agenda for the next 1:1"),
        Suite(
            "talking_points",
            "talking_points",
            so.solve_talking_points,
            score_talking_points,
            "Talking points for a tough conversation",
        ),
        Suite(
            "career",
            "career",
            so.solve_career,
            score_career,
            "Career-aspiration topics for the user's own 1:1",
        ),
        Suite(
            "questions", "questions", so.solve_questions, score_questions, "Growth-minded questions"
        ),
        Suite(
            "feedback",
            "language",
            so.solve_feedback,
            score_feedback,
            "Language check, SBI and rewrite of feedback drafts",
        ),
        Suite(
            "practice",
            "practice",
            so.solve_practice,
            score_practice,
            "Debrief ordering on scripted practice conversations",
        ),
        Suite(
            "summarize-unseen",
            "summarize_unseen",
            so.solve_summarize,
            score_summarize,
            "Summarize cases in many shapes, written before the engine ran on them",
        ),
        Suite(
            "summarize-heldout",
            "summarize_heldout",
            so.solve_summarize,
            score_summarize,
            "Summarize cases written at the end, run once and never tuned on",
        ),
        Suite(
            "trust",
            "trust",
            trust.solve_trust,
            trust.score_trust,
            "Voice, someone else's work, stale items, evidence, coverage, sarcasm, judgement, plans",
        ),
        Suite(
            "ami-dev",
            "ami-dev",
            ami.solve,
            ami.score,
            "Real AMI meetings the engine was not fitted on (CC BY 4.0)",
            cases=lambda: ami.meetings("dev"),
            aggregate=ami.aggregate,
            default=False,
        ),
        Suite(
            "ami-train",
            "ami-train",
            ami.solve,
            ami.score,
            "The AMI meetings the engine was fitted on",
            cases=lambda: ami.meetings("train"),
            aggregate=ami.aggregate,
            default=False,
        ),
    )
}
