"""Trust checks for what the user says and hears: feedback drafts and practice sessions.

Graded from each case's gold with rules written here; no engine code is imported.
"""

from __future__ import annotations

import re
from typing import Any

from evals.scorers import Score, flag
from evals.solvers import Output

# What a resisting reply sounds like, written for this scorer (not the engine's wording).
RESISTANCE = re.compile(
    r"\b(?:my fault|not fair|unfair|don't see (?:why|how)|not my (?:problem|job)|why is this on me|"
    r"that's not true|you don't understand|i disagree|not realistic|won't work|can't do that|"
    r"whatever|blame|not the only one|everyone else)\b",
    re.I,
)


def norm(text: str) -> str:
    """``text`` case-folded, with straight quotes and single spaces, for comparing."""
    return " ".join(text.replace("’", "'").casefold().split())


def has(text: str, fragment: str) -> bool:
    """Whether ``fragment`` occurs in ``text``, ignoring case, quotes and spacing."""
    return norm(fragment) in norm(text)


def behaviour_seen(case: dict[str, Any], out: Output) -> Score:
    """A labelling draft's behaviour comes from the user's note of the moment when the note
    describes it, and never from a note about something else."""
    behaviour, exp = out["result"].sbi.behavior, case["expect"]
    missing = [f for f in exp.get("behaviour_has", []) if not has(behaviour, f)]
    if missing:
        return flag(False, "", f"behaviour {behaviour[:80]!r} lacks {missing}")
    wrong = [f for f in exp.get("behaviour_not", []) if has(behaviour, f)]
    if wrong:
        return flag(False, "", f"behaviour took an unrelated note: {wrong}")
    return flag(True, "behaviour from the note of the moment", "")


def said_to_them(case: dict[str, Any], out: Output) -> Score:
    """The user's plain note of the moment, said to the person ("you approved the PR…"),
    rather than a bracketed quote about them for the user to reword; a note that itself
    judges ("was rude again") stays bracketed, since it is not yet fit to say."""
    behaviour, exp = out["result"].sbi.behavior, case["expect"]
    if exp.get("bracketed"):
        ok = behaviour.startswith("[")
        return flag(ok, "a judging note left for you to reword", f"used as is: {behaviour[:80]!r}")
    first = case["person"].split()[0]
    problems = [f"lacks {f!r}" for f in exp.get("behaviour_has", []) if not has(behaviour, f)]
    if behaviour.startswith("["):
        problems.append("still a bracketed prompt")
    if re.search(rf"\b{re.escape(first)}\b", behaviour, re.I):
        problems.append(f"names {first} instead of saying 'you'")
    if not re.search(r"\byour?\b", behaviour, re.I):
        problems.append("not said to them")
    return flag(not problems, "said to them", f"{behaviour[:80]!r}: {'; '.join(problems)}")


def sarcasm(case: dict[str, Any], out: Output) -> Score:
    """A sarcastic or backhanded draft is flagged as such; a sincere one is not."""
    r = out["result"]
    found = any(i.category == "sarcasm_threat" or "sarcas" in i.reason.casefold() for i in r.issues)
    if case["expect"]["sarcastic"]:
        ok = found and r.kind != "praise"
        return flag(ok, "recognised", f"flagged={found}, read as {r.kind}")
    ok = not found and r.kind == "praise"
    return flag(ok, "sincere praise left alone", f"flagged={found}, read as {r.kind}")


def judgement(case: dict[str, Any], out: Output) -> Score:
    """The rewrite drops the flagged judgement and keeps the draft's good parts."""
    rewrite, exp = out["result"].rewrite, case["expect"]
    kept = [f for f in exp["judgement"] if has(rewrite, f)]
    lost = [f for f in exp["keep"] if not has(rewrite, f)]
    return flag(not kept and not lost, "clean and complete", f"kept {kept}; lost {lost}")


def plan(case: dict[str, Any], out: Output) -> Score:
    """The persona never repeats itself and stops resisting once a plan is agreed; or,
    where the case lists them, every blaming line is quoted in the debrief."""
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
        missing = [b for b in blame if not any(has(q, b) or has(b, q) for q in quotes)]
        return flag(not missing, "every blaming line quoted", f"not quoted: {missing}")
    resisting = [a for a in after if RESISTANCE.search(a)]
    return flag(not resisting, "the plan was taken in", f"still resisting: {resisting}")


# A persona giving in, written for this scorer (not the engine's wording).
CONCESSION = re.compile(
    r"\b(?:you're right|you are right|that's fair|fair enough|i should have|i'll (?:do|fix|send|write|"
    r"make|try)|makes sense|good idea|i can do that|sounds good|okay, that's fair|i agree)\b",
    re.I,
)


def blame_heard(case: dict[str, Any], out: Output) -> Score:
    """A blaming line with no label word in it ("that's just an excuse", "what were you
    thinking?") is quoted in the debrief, and the persona does not give in right after it."""
    s, exp = out["result"], case["expect"]
    # Quoted as blame or tone, not merely as a missed chance to listen.
    quotes = [w.quote for w in s.debrief.weak_points if w.rubric in ("no_blame", "tone")]
    missing = [b for b in exp["blame"] if not any(has(q, b) for q in quotes)]
    users = [i for i, t in enumerate(s.transcript) if t.role == "user"]
    at = users[exp["blame_at"]]
    reply = next((t.text for t in s.transcript[at + 1 :] if t.role == "persona"), "")
    problems = [f"not quoted: {missing}"] if missing else []
    if CONCESSION.search(reply):
        problems.append(f"gives in after it: {reply[:70]!r}")
    return flag(not problems, "heard as blame", "; ".join(problems))


def specificity(case: dict[str, Any], out: Output) -> Score:
    """Specific feedback scores above vague feedback on the specificity score."""
    vague, specific = out["vague"].specificity, out["specific"].specificity
    if vague is None or specific is None:
        return flag(False, "", "no specificity score in the output")
    ok = specific.score > vague.score
    return flag(ok, f"{specific.score} > {vague.score}", f"{specific.score} ≤ {vague.score}")


def situation_voice(case: dict[str, Any], out: Output) -> Score:
    """The rewrite, said to the person, uses the note of the moment without reading the
    user's note back in the third person: their name only to greet them, and no "from your
    notes" quote."""
    rewrite, exp = out["result"].rewrite, case["expect"]
    first = case["person"].split()[0]
    problems = [f"lacks {f!r}" for f in exp["keeps"] if not has(rewrite, f)]
    named = len(re.findall(rf"\b{re.escape(first)}\b", rewrite, re.I))
    if named > 1:
        problems.append(f"names {first} {named} times")
    if has(rewrite, "from your notes"):
        problems.append("quotes your notes to them")
    return flag(not problems, "said to them", f"{rewrite[:90]!r}: {'; '.join(problems)}")
