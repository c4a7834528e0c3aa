"""The trust suite: one metric per failure class a manager reported (issue 14).

Each case brings its own people and dated notes, runs one job on a fresh workspace through
the service layer, and is graded by rules written here, from the case's gold only: the
scorer never imports engine code. A class scores 1 for a case when every check of that
case holds, so the suite score per class is the share of its cases done right.
"""

from __future__ import annotations

import re
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from coach.service import Coach
from evals.scorers import Score, flag, ratio
from evals.solvers import Env, Output

CLASSES = (
    "voice",
    "someone_else",
    "stale",
    "stale_window",
    "evidence",
    "behaviour_seen",
    "said_to_them",
    "coverage",
    "coverage_unseen",
    "coverage_heldout",
    "coverage_heldout2",
    "coverage_heldout3",
    "coverage_heldout4",
    "coverage_heldout5",
    "coverage_heldout6",
    "false_coverage",
    "wellbeing_unsaid",
    "scenario",
    "scenario_move",
    "their_ask",
    "their_ask_unseen",
    "sarcasm",
    "judgement",
    "plan",
    "blame_heard",
    "specificity",
)

# What a resisting reply sounds like, written for this scorer (not the engine's wording).
RESISTANCE = re.compile(
    r"\b(?:my fault|not fair|unfair|don't see (?:why|how)|not my (?:problem|job)|why is this on me|"
    r"that's not true|you don't understand|i disagree|not realistic|won't work|can't do that|"
    r"whatever|blame|not the only one|everyone else)\b",
    re.I,
)


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").casefold().split())


def _has(text: str, fragment: str) -> bool:
    return _norm(fragment) in _norm(text)


def _seed(coach: Coach, case: dict[str, Any]) -> None:
    run = case["run"]
    manager = run.get("manager")
    if manager:
        coach.add_person(manager, "manager")
    person = case.get("person")
    if person:
        coach.add_person(person)
        for n in case.get("notes", []):
            coach.add_note(person, n["text"], date.fromisoformat(n["date"]))
    for name, notes in case.get("people", {}).items():
        target = manager if name == "me" else name
        if target is None:
            continue
        if target != manager:
            coach.add_person(target)
        for n in notes:
            coach.add_note(target, n["text"], date.fromisoformat(n["date"]))


def solve_trust(case: dict[str, Any], env: Env) -> Output:
    """Run the case's job on a workspace holding only the case's notes."""
    run = case["run"]
    with tempfile.TemporaryDirectory(prefix="coach-trust-") as tmp:
        settings = env.settings.model_copy(update={"home": Path(tmp), "user": "eval"})
        if env.chat is not None:
            coach = Coach(settings, chat=env.chat)
        else:
            coach = Coach(settings, engine=env.engine)
        try:
            _seed(coach, case)
            person = case.get("person") or ""
            job = run["job"]
            if job == "questions":
                return {"result": coach.questions(person, run.get("theme"), run.get("n", 6))}
            if job == "agenda":
                day = date.fromisoformat(run["date"])
                return {
                    "result": coach.agenda(person, day),
                    "actions": coach.actions(person),
                }
            if job == "career":
                return {"result": coach.career(run["about"], run.get("manager"))}
            if job == "feedback":
                return {"result": coach.feedback(run["draft"], person)}
            if job == "talking_points":
                return {"result": coach.talking_points(person, run["situation"])}
            if job == "feedback_pair":
                return {
                    "vague": coach.feedback(run["vague"]),
                    "specific": coach.feedback(run["specific"]),
                }
            if job == "practice":
                return {
                    "result": coach.practice_play(
                        run["lines"], run["persona"], scenario=run["scenario"], save=False
                    )
                }
            raise ValueError(f"unknown job {job!r}")
        finally:
            coach.close()


def _topic_texts(agenda: Any) -> list[str]:
    return [f"{t.title} {t.reason}" for t in agenda.topics]


def _voice(case: dict[str, Any], out: Output) -> Score:
    r, exp = out["result"], case["expect"]
    if case["run"]["job"] == "questions":
        said = [q.text for q in r.questions]
        wrong = [f for f in exp.get("never_to_person", []) if any(_has(s, f) for s in said)]
        return flag(not wrong, "no note of yours read back as theirs", f"quoted to them: {wrong}")
    wrong = []
    for fragment in exp.get("mine_not_theirs", []):
        for text in _topic_texts(r):
            if _has(text, fragment) and "your" not in text.casefold():
                wrong.append(fragment)
    return flag(not wrong, "your promises stay yours", f"shown as theirs: {wrong}")


def _someone_else(case: dict[str, Any], out: Output) -> Score:
    r, exp = out["result"], case["expect"]
    mine = " ".join([r.message, *(a.text for a in r.achievements)])
    wrong = [f for f in exp.get("not_mine", []) if _has(mine, f)]
    missing = [f for f in exp.get("mine", []) if not _has(mine, f)]
    ok = not wrong and not missing
    return flag(ok, "only your own work", f"others' work {wrong}; own work missing {missing}")


def _shown_open(text: str) -> bool:
    low = text.casefold()
    return not any(w in low for w in ("done", "confirm", "reached", "complete"))


def _stale(case: dict[str, Any], out: Output) -> Score:
    r, exp = out["result"], case["expect"]
    topics = _topic_texts(r)
    for fragment in exp.get("looks_done", []):
        if any(_has(t, fragment) and _shown_open(t) for t in topics):
            return flag(False, "", f"{fragment!r} still on the agenda as open")
        if exp.get("kind") == "action":
            items = [a for a in out["actions"] if _has(f"{a.task} {a.source}", fragment)]
            if not items:
                return flag(False, "", f"no action item was saved for {fragment!r}")
            if not all(getattr(a, "done_evidence", None) or a.status == "done" for a in items):
                return flag(False, "", f"{fragment!r} not marked as looking done")
    for fragment in exp.get("still_open", []):
        if not any(_has(t, fragment) and _shown_open(t) for t in topics):
            return flag(False, "", f"{fragment!r} is open but missing from the agenda")
    return flag(True, "done items left out, open ones kept", "")


def _evidence(case: dict[str, Any], out: Output) -> Score:
    r, exp = out["result"], case["expect"]
    if case["run"]["job"] == "feedback":
        source = r.sbi.situation_source.quote if r.sbi.situation_source else ""
        cited = [source] if source else []
    else:
        if r.scenario in exp.get("scenario_not", []):
            return flag(False, "", f"scenario {r.scenario} does not fit")
        cited = [c.quote for m in r.key_messages for c in m.evidence]
    wrong = [f for f in exp.get("unfit", []) if any(_has(c, f) for c in cited)]
    if wrong:
        return flag(False, "", f"cited unrelated {wrong}")
    fit = exp.get("fit", [])
    if fit and not any(_has(c, f) for c in cited for f in fit):
        return flag(False, "", f"the fitting note {fit} was not used")
    return flag(True, "evidence fits the message", "")


def _behaviour_seen(case: dict[str, Any], out: Output) -> Score:
    """A labelling draft's behaviour comes from the user's note of the moment when the note
    describes it, and never from a note about something else."""
    behaviour, exp = out["result"].sbi.behavior, case["expect"]
    missing = [f for f in exp.get("behaviour_has", []) if not _has(behaviour, f)]
    if missing:
        return flag(False, "", f"behaviour {behaviour[:80]!r} lacks {missing}")
    wrong = [f for f in exp.get("behaviour_not", []) if _has(behaviour, f)]
    if wrong:
        return flag(False, "", f"behaviour took an unrelated note: {wrong}")
    return flag(True, "behaviour from the note of the moment", "")


def _said_to_them(case: dict[str, Any], out: Output) -> Score:
    """The user's plain note of the moment, said to the person ("you approved the PR…"),
    rather than a bracketed quote about them for the user to reword; a note that itself
    judges ("was rude again") stays bracketed, since it is not yet fit to say."""
    behaviour, exp = out["result"].sbi.behavior, case["expect"]
    if exp.get("bracketed"):
        ok = behaviour.startswith("[")
        return flag(ok, "a judging note left for you to reword", f"used as is: {behaviour[:80]!r}")
    first = case["person"].split()[0]
    problems = [f"lacks {f!r}" for f in exp.get("behaviour_has", []) if not _has(behaviour, f)]
    if behaviour.startswith("["):
        problems.append("still a bracketed prompt")
    if re.search(rf"\b{re.escape(first)}\b", behaviour, re.I):
        problems.append(f"names {first} instead of saying 'you'")
    if not re.search(r"\byour?\b", behaviour, re.I):
        problems.append("not said to them")
    return flag(not problems, "said to them", f"{behaviour[:80]!r}: {'; '.join(problems)}")


def _coverage(case: dict[str, Any], out: Output) -> Score:
    """The objective counts as discussed ``since`` a date, or (``not_since``) a note about
    something else did not make it count."""
    r, exp = out["result"], case["expect"]
    row = next((c for c in r.coverage if c.objective == exp["objective"]), None)
    if row is None:
        return flag(False, "", f"no coverage row for {exp['objective']}")
    last = row.last_discussed
    if "not_since" in exp:
        ok = last is None or last < date.fromisoformat(exp["not_since"])
        return flag(ok, "unrelated note not counted", f"counted the note of {last}")
    since = date.fromisoformat(exp["since"])
    ok = last is not None and last >= since
    return flag(ok, "seen by meaning", f"last discussed {last}, expected ≥ {since}")


def _wellbeing(case: dict[str, Any], out: Output) -> Score:
    """A well-being signal in other words than the usual ones is raised near the top of
    the agenda with its note; notes about work alone raise none."""
    topics = out["result"].topics
    about = [
        (i, t)
        for i, t in enumerate(topics)
        if t.kind == "wellbeing" or t.objective == "Well-being and work-life balance"
    ]
    phrase = case["expect"]["wellbeing_cites"]
    if phrase is None:
        return flag(not about, "no well-being topic", f"raised {[t.title for _i, t in about]}")
    cited = [i for i, t in about if any(_has(c.quote or "", phrase) for c in t.citations)]
    ok = bool(cited) and cited[0] < 3
    return flag(
        ok, f"raised at {cited[0] + 1 if cited else 0}", f"not raised near the top: {phrase!r}"
    )


def _scenario(case: dict[str, Any], out: Output) -> Score:
    """The talking points use the playbook situation the user described."""
    got, want = out["result"].scenario, case["expect"]["scenario"]
    return flag(got == want, want, f"read as {got}, not {want}")


def _ask(case: dict[str, Any], out: Output) -> Score:
    """Something the person asked for is on the agenda with its note; notes with no ask
    add no such topic."""
    phrase = case["expect"]["ask_cites"]
    topics = out["result"].topics
    citing = [t for t in topics if phrase and any(_has(c.quote or "", phrase) for c in t.citations)]
    if phrase is None:
        asks = [t.title for t in topics if t.title.lower().startswith(("their ask", "they asked"))]
        return flag(not asks, "no ask invented", f"invented {asks}")
    return flag(
        bool(citing), f"raised: {citing[0].title if citing else ''}", f"not raised: {phrase!r}"
    )


def _sarcasm(case: dict[str, Any], out: Output) -> Score:
    r = out["result"]
    found = any(i.category == "sarcasm_threat" or "sarcas" in i.reason.casefold() for i in r.issues)
    if case["expect"]["sarcastic"]:
        ok = found and r.kind != "praise"
        return flag(ok, "recognised", f"flagged={found}, read as {r.kind}")
    ok = not found and r.kind == "praise"
    return flag(ok, "sincere praise left alone", f"flagged={found}, read as {r.kind}")


def _judgement(case: dict[str, Any], out: Output) -> Score:
    rewrite, exp = out["result"].rewrite, case["expect"]
    kept = [f for f in exp["judgement"] if _has(rewrite, f)]
    lost = [f for f in exp["keep"] if not _has(rewrite, f)]
    return flag(not kept and not lost, "clean and complete", f"kept {kept}; lost {lost}")


def _plan(case: dict[str, Any], out: Output) -> Score:
    s, exp = out["result"], case["expect"]
    users = [i for i, t in enumerate(s.transcript) if t.role == "user"]
    start = users[exp["plan_at"]] if exp["plan_at"] < len(users) else len(s.transcript)
    replies = [t.text for t in s.transcript if t.role == "persona"]
    after = [t.text for t in s.transcript[start:] if t.role == "persona"]
    if len(set(replies)) != len(replies):
        return flag(False, "", "the persona repeats itself")
    blame = exp.get("blame")
    if blame:
        quotes = [w.quote for w in s.debrief.weak_points]
        missing = [b for b in blame if not any(_has(q, b) or _has(b, q) for q in quotes)]
        return flag(not missing, "every blaming line quoted", f"not quoted: {missing}")
    resisting = [a for a in after if RESISTANCE.search(a)]
    return flag(not resisting, "the plan was taken in", f"still resisting: {resisting}")


# A persona giving in, written for this scorer (not the engine's wording).
CONCESSION = re.compile(
    r"\b(?:you're right|you are right|that's fair|fair enough|i should have|i'll (?:do|fix|send|write|"
    r"make|try)|makes sense|good idea|i can do that|sounds good|okay, that's fair|i agree)\b",
    re.I,
)


def _blame_heard(case: dict[str, Any], out: Output) -> Score:
    """A blaming line with no label word in it ("that's just an excuse", "what were you
    thinking?") is quoted in the debrief, and the persona does not give in right after it."""
    s, exp = out["result"], case["expect"]
    # Quoted as blame or tone, not merely as a missed chance to listen.
    quotes = [w.quote for w in s.debrief.weak_points if w.rubric in ("no_blame", "tone")]
    missing = [b for b in exp["blame"] if not any(_has(q, b) for q in quotes)]
    users = [i for i, t in enumerate(s.transcript) if t.role == "user"]
    at = users[exp["blame_at"]]
    reply = next((t.text for t in s.transcript[at + 1 :] if t.role == "persona"), "")
    problems = [f"not quoted: {missing}"] if missing else []
    if CONCESSION.search(reply):
        problems.append(f"gives in after it: {reply[:70]!r}")
    return flag(not problems, "heard as blame", "; ".join(problems))


def _specificity(case: dict[str, Any], out: Output) -> Score:
    vague, specific = out["vague"].specificity, out["specific"].specificity
    if vague is None or specific is None:
        return flag(False, "", "no specificity score in the output")
    ok = specific.score > vague.score
    return flag(ok, f"{specific.score} > {vague.score}", f"{specific.score} ≤ {vague.score}")


CHECKS = {
    "voice": _voice,
    "someone_else": _someone_else,
    "stale": _stale,
    "stale_window": _stale,
    "evidence": _evidence,
    "behaviour_seen": _behaviour_seen,
    # Written 2026-12-05 before the feedback job said a plain note of the moment to them.
    "said_to_them": _said_to_them,
    "coverage": _coverage,
    "coverage_unseen": _coverage,  # written after the engine's coverage work, never tuned on
    # Written 2026-12-05 after the objective classifier's training sentences, before it ran.
    "coverage_heldout": _coverage,
    # Written 2026-12-05 after the second round of training sentences, before it ran.
    "coverage_heldout2": _coverage,
    "coverage_heldout3": _coverage,
    "coverage_heldout4": _coverage,
    # Written 2026-12-05 (28 notes, 2 per objective, and 8 unrelated ones) before the
    # classifier changed again.
    "coverage_heldout5": _coverage,
    # Written 2026-12-05 (8 career wishes: "I'd like to lead…", "own a whole service")
    # after the sample's "I'd like to lead something end to end" read as performance.
    "coverage_heldout6": _coverage,
    "false_coverage": _coverage,
    # Written 2026-12-05 before the agenda read well-being by meaning.
    "wellbeing_unsaid": _wellbeing,
    # Written 2026-12-05 before scenario matching weighed phrases over single words.
    "scenario": _scenario,
    # Written 2026-12-05 before the playbook had a situation for a move to another team.
    "scenario_move": _scenario,
    # Written 2026-12-05 before the agenda raised the person's asks.
    "their_ask": _ask,
    # Written 2026-12-05 after the asks were built and before they ran on these.
    "their_ask_unseen": _ask,
    "sarcasm": _sarcasm,
    "judgement": _judgement,
    "plan": _plan,
    # Written 2026-12-05 before the practice job read blame without label words.
    "blame_heard": _blame_heard,
    "specificity": _specificity,
}


def score_trust(case: dict[str, Any], out: Output) -> dict[str, Score]:
    """The case's failure class, 1 when every check holds; quoting own words where given."""
    scores = {case["class"]: CHECKS[case["class"]](case, out)}
    theirs = case["expect"].get("quotes_theirs")
    if theirs:
        said = [q.text for q in out["result"].questions]
        hits = sum(1 for f in theirs if any(_has(s, f) for s in said))
        scores["quotes_their_words"] = ratio(hits, len(theirs), "of their own words quoted")
    return scores
