"""The trust suite: one metric per failure class a manager reported (issue 14).

Each case brings its own people and dated notes, runs one job on a fresh workspace through
the service layer, and is graded by rules written here, from the case's gold only: the
scorer never imports engine code. A class scores 1 for a case when every check of that
case holds, so the suite score per class is the share of its cases done right.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from coach.service import Coach
from evals import trust_talk as talk
from evals.scorers import Score, flag, ratio
from evals.solvers import Env, Output
from evals.trust_talk import has

CLASSES = (
    "voice",
    "someone_else",
    "stale",
    "stale_window",
    "stale_clause",
    "stale_answer",
    "stale_part",
    "evidence",
    "loose_evidence",
    "loose_evidence2",
    "loose_evidence3",
    "loose_evidence4",
    "behaviour_seen",
    "behaviour_seen2",
    "behaviour_seen3",
    "behaviour_seen4",
    "said_to_them",
    "situation_voice",
    "coverage",
    "coverage_unseen",
    "coverage_heldout",
    "coverage_heldout2",
    "coverage_heldout3",
    "coverage_heldout4",
    "coverage_heldout5",
    "coverage_heldout6",
    "coverage_heldout7",
    "false_coverage",
    "wellbeing_unsaid",
    "scenario",
    "scenario2",
    "scenario3",
    "scenario_move",
    "scenario_move2",
    "practice_from_notes",
    "their_ask",
    "their_ask_unseen",
    "agenda_reads",
    "agenda_reads2",
    "agenda_reads3",
    "agenda_reads4",
    "sarcasm",
    "judgement",
    "plan",
    "blame_heard",
    "complaint_theme",
    "specificity",
)


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
                        run["lines"],
                        run["persona"],
                        scenario=run.get("scenario"),
                        person=case.get("person") if run.get("from_notes") else None,
                        save=False,
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
        wrong = [f for f in exp.get("never_to_person", []) if any(has(s, f) for s in said)]
        return flag(not wrong, "no note of yours read back as theirs", f"quoted to them: {wrong}")
    wrong = []
    for fragment in exp.get("mine_not_theirs", []):
        for text in _topic_texts(r):
            if has(text, fragment) and "your" not in text.casefold():
                wrong.append(fragment)
    return flag(not wrong, "your promises stay yours", f"shown as theirs: {wrong}")


def _someone_else(case: dict[str, Any], out: Output) -> Score:
    r, exp = out["result"], case["expect"]
    mine = " ".join([r.message, *(a.text for a in r.achievements)])
    wrong = [f for f in exp.get("not_mine", []) if has(mine, f)]
    missing = [f for f in exp.get("mine", []) if not has(mine, f)]
    ok = not wrong and not missing
    return flag(ok, "only your own work", f"others' work {wrong}; own work missing {missing}")


def _shown_open(text: str) -> bool:
    low = text.casefold()
    return not any(w in low for w in ("done", "confirm", "reached", "complete"))


def _stale(case: dict[str, Any], out: Output) -> Score:
    r, exp = out["result"], case["expect"]
    topics = _topic_texts(r)
    for fragment in exp.get("looks_done", []):
        if any(has(t, fragment) and _shown_open(t) for t in topics):
            return flag(False, "", f"{fragment!r} still on the agenda as open")
        if exp.get("kind") == "action":
            items = [a for a in out["actions"] if has(f"{a.task} {a.source}", fragment)]
            if not items:
                return flag(False, "", f"no action item was saved for {fragment!r}")
            if not all(getattr(a, "done_evidence", None) or a.status == "done" for a in items):
                return flag(False, "", f"{fragment!r} not marked as looking done")
    for fragment in exp.get("still_open", []):
        if not any(has(t, fragment) and _shown_open(t) for t in topics):
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
    wrong = [f for f in exp.get("unfit", []) if any(has(c, f) for c in cited)]
    if wrong:
        return flag(False, "", f"cited unrelated {wrong}")
    fit = exp.get("fit", [])
    if fit and not any(has(c, f) for c in cited for f in fit):
        return flag(False, "", f"the fitting note {fit} was not used")
    return flag(True, "evidence fits the message", "")


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
    cited = [i for i, t in about if any(has(c.quote or "", phrase) for c in t.citations)]
    ok = bool(cited) and cited[0] < 3
    return flag(
        ok, f"raised at {cited[0] + 1 if cited else 0}", f"not raised near the top: {phrase!r}"
    )


def _scenario(case: dict[str, Any], out: Output) -> Score:
    """The talking points use the playbook situation the user described."""
    got, want = out["result"].scenario, case["expect"]["scenario"]
    return flag(got == want, want, f"read as {got}, not {want}")


def _practice_scenario(case: dict[str, Any], out: Output) -> Score:
    """Practice with a person and no scenario plays the one their notes are about."""
    got, want = out["result"].scenario, case["expect"]["scenario"]
    return flag(got == want, want, f"played {got}, not {want}")


def _complaint_theme(case: dict[str, Any], out: Output) -> Score:
    """A complaint in the person's words is never quoted as something to build on or aim
    for (skills, aspirations); a wish is quoted under one of ``themes``."""
    exp = case["expect"]
    fragment = exp.get("complaint") or exp["wish"]
    quoting = [
        q
        for q in out["result"].questions
        if has(q.text, fragment) or any(has(c.quote or "", fragment) for c in q.citations)
    ]
    if "complaint" in exp:
        wrong = [q.text for q in quoting if q.theme in ("skills", "aspirations")]
        return flag(not wrong, "the complaint is not read as a wish", f"read as a wish: {wrong}")
    right = [q.text for q in quoting if q.theme in exp["themes"]]
    return flag(
        bool(right),
        f"asked: {right[0] if right else ''}",
        f"wish not asked about: {[q.text for q in quoting]}",
    )


def _ask(case: dict[str, Any], out: Output) -> Score:
    """Something the person asked for is on the agenda with its note; notes with no ask
    add no such topic."""
    phrase = case["expect"]["ask_cites"]
    topics = out["result"].topics
    citing = [t for t in topics if phrase and any(has(c.quote or "", phrase) for c in t.citations)]
    if phrase is None:
        asks = [t.title for t in topics if t.title.lower().startswith(("their ask", "they asked"))]
        return flag(not asks, "no ask invented", f"invented {asks}")
    return flag(
        bool(citing), f"raised: {citing[0].title if citing else ''}", f"not raised: {phrase!r}"
    )


def _agenda_reads(case: dict[str, Any], out: Output) -> Score:
    """The agenda's titles read as a manager would write them: what is expected is there
    ("Move the analytics review to Tuesday"), and broken or wrong readings are not
    ("Move it to", "Follow up: No concerns there", "Progress check: Next time: …")."""
    titles = [t.title for t in out["result"].topics]
    exp = case["expect"]
    missing = [f for f in exp["title_has"] if not any(has(t, f) for t in titles)]
    wrong = [f for f in exp["title_not"] if any(has(t, f) for t in titles)]
    problems = [f"no title with {f!r}" for f in missing] + [f"a title with {f!r}" for f in wrong]
    return flag(not problems, "titles read right", f"{'; '.join(problems)} in {titles}")


CHECKS = {
    "voice": _voice,
    "someone_else": _someone_else,
    "stale": _stale,
    "stale_window": _stale,
    # Written 2026-12-05 before completion was read clause by clause ("venue is booked, also
    # the budget got cut again"; "…happened; Raj is still nervous").
    "stale_clause": _stale,
    # Written 2026-12-05 before an answer got for you ("dana says our team stays as is")
    # closed your promise to find it out.
    "stale_answer": _stale,
    # Written 2026-12-06 before "it" after "first draft is done" named what it drafts.
    "stale_part": _stale,
    "evidence": _evidence,
    # Written 2026-12-06 after the sample's "I had an idea …, but by the time I got a word in
    # the discussion had moved on" was asked "how would you like to build on that?".
    "complaint_theme": _complaint_theme,
    # Written 2026-12-06 (12 talking-points cases: one fitting note beside notes that
    # share a word with the situation) before loose keyword matches were dropped.
    "loose_evidence": _evidence,
    # Written 2026-12-06 with loose_evidence, kept unrun until the fix was built on that set.
    "loose_evidence2": _evidence,
    "loose_evidence3": _evidence,
    "loose_evidence4": _evidence,
    "behaviour_seen": talk.behaviour_seen,
    "behaviour_seen2": talk.behaviour_seen,
    "behaviour_seen3": talk.behaviour_seen,
    # Written 2026-12-06 before the evidence model judged the note of the moment.
    "behaviour_seen4": talk.behaviour_seen,
    # Written 2026-12-05 before the feedback job said a plain note of the moment to them.
    "said_to_them": talk.said_to_them,
    # Written 2026-12-05 before the situation of a feedback rewrite was said to the person.
    "situation_voice": talk.situation_voice,
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
    # Written 2026-12-06 (28 notes, 2 per objective, and 8 unrelated ones in false_coverage)
    # before a sixth round of training sentences.
    "coverage_heldout7": _coverage,
    "false_coverage": _coverage,
    # Written 2026-12-05 before the agenda read well-being by meaning.
    "wellbeing_unsaid": _wellbeing,
    # Written 2026-12-05 before scenario matching weighed phrases over single words.
    "scenario": _scenario,
    # Written 2026-12-06, two paraphrases per playbook situation, before the situations
    # were matched by their signals too.
    "scenario2": _scenario,
    # Written 2026-12-06 after scenario2 was seen, before situations got their phrasings.
    "scenario3": _scenario,
    # Written 2026-12-05 before the playbook had a situation for a move to another team.
    "scenario_move": _scenario,
    "scenario_move2": _scenario,
    # Written 2026-12-05 before practice chose its scenario from the notes by what they say.
    "practice_from_notes": _practice_scenario,
    # Written 2026-12-05 before the agenda raised the person's asks.
    "their_ask": _ask,
    # Written 2026-12-05 after the asks were built and before they ran on these.
    "their_ask_unseen": _ask,
    # Written 2026-12-06 from a manager's fresh notes, before the engine changed.
    "agenda_reads": _agenda_reads,
    # Written 2026-12-06 after the change above, before running it: a blind check.
    "agenda_reads2": _agenda_reads,
    "agenda_reads3": _agenda_reads,
    # Written 2026-12-06 after the third session's note shapes, before running the agenda on
    # notes in those shapes (AI-notes exports, dictation, waiting-on lists, chat spelling…).
    "agenda_reads4": _agenda_reads,
    "sarcasm": talk.sarcasm,
    "judgement": talk.judgement,
    "plan": talk.plan,
    # Written 2026-12-05 before the practice job read blame without label words.
    "blame_heard": talk.blame_heard,
    "specificity": talk.specificity,
}


def score_trust(case: dict[str, Any], out: Output) -> dict[str, Score]:
    """The case's failure class, 1 when every check holds; quoting own words where given."""
    scores = {case["class"]: CHECKS[case["class"]](case, out)}
    theirs = case["expect"].get("quotes_theirs")
    if theirs:
        said = [q.text for q in out["result"].questions]
        hits = sum(1 for f in theirs if any(has(s, f) for s in said))
        scores["quotes_their_words"] = ratio(hits, len(theirs), "of their own words quoted")
    return scores
