"""Feedback offline: the draft rebuilt as Situation-Behaviour-Impact and rewritten without the flagged language."""

from __future__ import annotations

import re

from coach.context import PersonContext
from coach.offline.label_frames import FELT, LABEL_FRAME, past
from coach.offline.label_moment import moment_sentences
from coach.offline.language import check_language, has_example, is_open_question, rules
from coach.offline.said_to import plain_moment, sayable
from coach.parsing import split_sentences
from coach.signals import NoteSentence, note_sentences
from coach.types import SBI, EngineInfo, FeedbackDraft, LanguageIssue
from coach.workspace import Workspace

SEVERE = {"judgmental", "about_person", "mind_reading", "sarcasm_threat"}
PRAISE = re.compile(
    r"\b(?:thank|thanks|appreciat|great|excellent|awesome|well done|impress|love|fantastic|brilliant|"
    r"kudos|proud|nice work|good work|stellar|amazing|helped|saved|let us|allowed us|enabled|approved|"
    r"because of you|thanks to you|made it possible|clearly|on time|ahead of)\w*",
    re.I,
)


REQUEST = re.compile(
    r"\b(?:next time|going forward|from now on|in future|in the future|could you|can you|would you|please|"
    r"i'?d like|i would like|can we|could we|let'?s|i need you to|i'?d ask|could be|should be|"
    r"would be (?:better|great|helpful)|needs? to be)\b",
    re.I,
)


SITUATION_HINT = "[When and where did it happen? e.g. 'In Tuesday's design review']"
BEHAVIOR_HINT = "[What exactly did they do or say? Describe it as a camera would see it.]"
IMPACT_HINT = {
    "redirect": "[What effect did it have on the team, the work or the customer?]",
    "praise": "[What did it make possible for the team or the customer?]",
}


DEFAULT_REQUEST = {
    "redirect": "How do you see it, and what could we do differently next time?",
    "praise": "What helped you pull this off, and how can we do more of it?",
}


def detect_kind(draft: str, issues: list[LanguageIssue]) -> str:
    """``praise`` for appreciative drafts without criticism, else ``redirect``."""
    # An absolute alone ("everyone spoke") is not criticism; a label or sarcasm is.
    negative = any(i.category in SEVERE for i in issues) or re.search(
        r"\b(?:but|however|problem|issue|concern|(?:was|were|is|are|been|running) late|late again|missed|"
        r"didn'?t|don'?t|not|stop|wrong|slipped|failed|broke)\b",
        draft,
        re.I,
    )
    return "praise" if PRAISE.search(draft) and not negative else "redirect"


def _clean(sentence: str) -> str:
    """Drop hedges and absolutes from a sentence that is otherwise behavioural."""
    r = rules()
    out = r["hedging"]["pattern"].sub("", sentence)
    out = re.sub(r"\bnever\b", "did not", out, flags=re.I)
    out = r["absolute"]["pattern"].sub("", out)
    out = re.sub(r"\s+([,.!?])", r"\1", re.sub(r"\s{2,}", " ", out)).strip(" ,")
    return out[:1].upper() + out[1:] if out else out


def _describes(clause: str) -> bool:
    """A clause with no label, vagueness or absolute: a description worth keeping (not a
    bare "because of it")."""
    bad = SEVERE | {"vague", "absolute"}
    content = [w for w in _CONNECTOR.sub("", clause).lower().split() if w not in _PRONOUNS]
    return (
        len(clause.split()) >= 3
        and len(content) >= 2
        and not any(i.category in bad for i in check_language(clause))
    )


def _flagged(sentence: str) -> bool:
    return any(i.category in SEVERE | {"vague"} for i in check_language(sentence))


IMPACT_SPLIT = re.compile(
    r",?\s*\b(?P<m>which (?:meant|made|caused|led|left|gave|let|helped|saved|put|cost|forced)|and that meant|"
    r"so that|so the|so we|so i|because|as a result|this meant|that meant|it helped|it saved|it made|it meant|"
    r"it let|that helped|leading to|resulting in|and it|and (?=(?:the|that|we|they|this|our|everyone|customers)\b))\b",
    re.I,
)


IMPACT_LEAD = {
    "which": "That",
    "because": "It mattered because",
    "and ": "",
    "so that": "That way,",
    "so the": "As a result, the",
    "so we": "As a result, we",
    "so i": "As a result, I",
    "and that meant": "That meant",
    "leading to": "It led to",
    "resulting in": "It resulted in",
    "and it": "It",
}


def _cap(text: str) -> str:
    text = text.strip(" ,;")
    return text[:1].upper() + text[1:] if text else text


def _impact_sentence(marker: str, rest: str) -> str:
    key = marker.lower()
    for prefix, lead in IMPACT_LEAD.items():
        if key.startswith(prefix):
            tail = key[len(prefix) :].strip()
            return _cap(f"{lead} {tail} {rest}".replace("  ", " "))
    return _cap(f"{marker} {rest}")


_TIME = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tonight|morning|"
    r"afternoon|week|sprint|month|quarter|january|february|march|april|may|june|july|august|september|"
    r"october|november|december|\d)",
    re.I,
)


def _situation_phrase(sentence: str) -> str | None:
    """The time or event phrase of a sentence ("In Tuesday's design review").

    A phrase that says when (a day, a week, a date) beats one that only says where,
    and a longer phrase beats its parts.
    """
    matches = [
        m
        for p in rules()["example"]["each"]
        for m in p.finditer(sentence)
        # "last quarter's report" is a thing, not a time.
        if not re.match(r"['’]s\b", sentence[m.end() :])
    ]
    if not matches:
        return None
    best = max(matches, key=lambda m: (bool(_TIME.search(m.group(0))), m.end() - m.start()))
    # "on friday evening" is one time, not "on friday" and a stray "evening".
    part = re.match(r"\s+(?:morning|afternoon|evening|night)\b", sentence[best.end() :], re.I)
    return sentence[best.start() : best.end() + (part.end() if part else 0)]


_CLAUSE = re.compile(
    r"\s*[,;:—–]\s*|\s+-\s+|\s+(?=(?:when|because(?! of (?:it|that|this)\b)|since|after|while)\b)"
    # "…it's unprofessional and two bugs got through": a new clause with its own subject.
    r"|\s+and\s+(?=(?:the|that|we|they|this|our|two|three|several|\d+|everyone|customers)\b)",
    re.I,
)
# "two bugs got through because of it": what comes before is the effect.
_BECAUSE_OF_IT = re.compile(r"\s*,?\s*\b(?:because of|due to) (?:it|that|this)\s*$", re.I)
_CONNECTOR = re.compile(r"^(?:because|since|when|after|while|and|so)\b\s*", re.I)
_PRONOUNS = {"it", "that", "this", "them", "of", "to", "the", "a", "all", "just"}
_OPENER = re.compile(r"^(?:honestly|frankly|look|seriously|well|so)\b[,\s]*", re.I)


def _framed_act(sentence: str) -> str | None:
    """The act a labelling frame names, as what they did: "It was pretty arrogant to
    dismiss the intern's question" → "you dismissed the intern's question"."""
    m = LABEL_FRAME.match(_OPENER.sub("", sentence.strip()).rstrip(".!"))
    if not m or not _flagged(m.group("label")):
        return None
    act = f"you {past(m.group('verb'))}{m.group('rest')}"
    return act if _describes(act) else None


def _clauses(sentence: str) -> list[str]:
    """The clauses of a sentence, without a leading 'honestly' or 'frankly'."""
    parts = [_OPENER.sub("", p).strip() for p in _CLAUSE.split(sentence.strip().rstrip(".!"))]
    return [p for p in parts if p]


def _parts(sentence: str) -> dict[str, str]:
    """Split one sentence into situation, behaviour, impact and request clauses."""
    out: dict[str, str] = {}
    body = sentence.strip().rstrip(".!")
    req = REQUEST.search(body)
    if req and req.start() > 0 and body[: req.start()].rstrip().endswith((",", ";", " and")):
        out["request"] = _cap(body[req.start() :])
        body = body[: req.start()].rstrip(" ,;").removesuffix(" and")
    elif req and req.start() == 0:
        out["request"] = _cap(body)
        return out
    effect = _BECAUSE_OF_IT.search(body)
    if effect and effect.start() > 0:
        out["impact"] = _cap(body[: effect.start()])
        return out
    imp = IMPACT_SPLIT.search(body)
    if imp and imp.start() > 0:
        out["impact"] = _impact_sentence(imp.group("m"), body[imp.end() :].strip())
        body = body[: imp.start()]
    phrase = _situation_phrase(body)
    if phrase:
        out["situation"] = _cap(phrase)
        body = (body[: body.find(phrase)] + body[body.find(phrase) + len(phrase) :]).strip(" ,;")
    if len(body.split()) >= 2:
        out["behavior"] = _cap(body)
    return out


def sbi_offline(
    draft: str,
    kind: str,
    issues: list[LanguageIssue],
    evidence: list[NoteSentence],
    details: list[NoteSentence] | None = None,
    said: dict[str, str] | None = None,
    around: set[str] | None = None,
) -> SBI:
    """SBI from the draft's own clauses, a dated note for the situation, and bracketed prompts.

    Nothing is invented: every part is the user's own words (cleaned of hedges and
    absolutes), a quoted note, or a bracketed prompt for the user to fill in. ``said`` holds
    the user's plain notes said to the person ("You approved the PR with…"), by note text;
    ``around`` the texts of those that describe a pattern rather than one day.
    """
    said = said or {}
    found: dict[str, list[str]] = {"situation": [], "behavior": [], "impact": [], "request": []}
    flagged: list[str] = []
    after_label: list[str] = []  # what a labelling sentence says besides the label
    for sentence in split_sentences(draft):
        if is_open_question(sentence):
            found["request"].append(sentence.strip())  # the draft's own question, kept as is
            continue
        if _flagged(sentence):
            flagged.append(sentence)
            # Keep the parts that describe what happened; drop only the labelling clause.
            framed = _framed_act(sentence)
            kept = [framed] if framed else [c for c in _clauses(sentence) if _describes(c)]
            sentence = ", ".join(kept)
            if len(sentence.split()) < 3:
                continue
            after_label += _parts(sentence).get("behavior", [])
            if not framed and FELT.match(sentence):
                # "Mona is lazy about documentation and the team suffers": how others are
                # left is the effect; what Mona did is still to be said.
                found["impact"].append(_cap(sentence.strip().rstrip(".!")))
                continue
        for key, value in _parts(sentence).items():
            found[key].append(value)
    source = None
    moment = [e for e in evidence[:1] if kind != "praise" and flagged and not found["situation"]]
    if moment:
        # "ravi is so careless with deploys": the label says nothing a camera saw; the
        # user's note of the moment does. Quoted in brackets, for them to say in their words;
        # what the draft said besides the label ("the team suffers") is the effect.
        e = moment[0]
        found["impact"] = found["impact"] or after_label
        # A pattern noted in the present tense ("reviews are very short") is dated around
        # its note, not on that day.
        on = "Around" if e.text in (around or set()) else "On"
        situation, source = f"{on} {e.date.strftime('%B %-d')}", e.citation()
        plain = said.get(e.text)
        found["behavior"] = [
            plain
            or f'[Your note says: "{_note_moment(e, details or [])}". Say what they did in your words.]'
        ]
    elif found["situation"]:
        situation = found["situation"][0]
    elif evidence:
        e, day = evidence[0], evidence[0].date.strftime("%B %-d")
        plain = said.get(e.text)
        if plain and kind == "praise" and not found["behavior"]:
            situation = f"On {day}"  # the note is said as the behaviour
        elif plain:  # "On November 4, when you skipped the rollback checklist…"
            situation = f"On {day}, when {plain[:1].lower()}{plain[1:].rstrip('.')}"
        else:
            situation = f'On {day} (from your notes: "{e.text.rstrip(".")}")'
        source = e.citation()
    else:
        situation = SITUATION_HINT
    details = details or []
    if moment:
        behavior = found["behavior"][0]
    elif found["behavior"]:
        behavior = " ".join(_sentence(_clean(b)) for b in found["behavior"][:2])
    elif kind == "praise" and evidence and evidence[0].text in said:
        # "great job on the caching doc": what was great is in the user's note of it,
        # said to them ("You wrote up the caching proposal. Strong doc with clear numbers…").
        behavior = said[evidence[0].text]
    elif kind == "praise" and details:
        # Bracketed like every prompt: the user says it in their own words.
        behavior = f'[Your note says: "{details[0].text.rstrip(".")}". Say it in your words.]'
    elif flagged:
        # The draft's own wording here is a label or absolute (see issues); ask for the moment.
        behavior = (
            "[Which specific moment do you mean? Describe what they did, as a camera would see it.]"
        )
    else:
        behavior = BEHAVIOR_HINT
    impact = _sentence(_clean(found["impact"][0])) if found["impact"] else IMPACT_HINT[kind]
    request = _sentence(_clean(found["request"][0])) if found["request"] else DEFAULT_REQUEST[kind]
    return SBI(
        situation=situation,
        behavior=behavior,
        impact=impact,
        request=request,
        situation_source=source,
    )


def _note_moment(anchor: NoteSentence, details: list[NoteSentence]) -> str:
    """The note's sentences about the moment (``details``, in the note's order), else the
    anchor alone."""
    said = details if any(d.text == anchor.text for d in details) else [anchor]
    return " ".join(s.text.rstrip(".") + "." for s in said).rstrip(".")


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".!?]" else text + "."


def compose(sbi: SBI, kind: str, person: str | None) -> str:
    """The whole message, built from the SBI parts only (so it adds no facts)."""
    lead = f"{person.split()[0]}, " if person and person.split() else ""
    situation = sbi.situation.rstrip(".")
    if kind == "praise":
        opening = f"{lead}I want to recognise something. {situation[:1].upper() + situation[1:]},"
    else:
        opening = f"{lead}I'd like to talk about something specific. {situation[:1].upper() + situation[1:]},"
    behaviour = sbi.behavior
    if person:  # "Sam, handoffs need to be reliable": the message greets them already
        behaviour = re.sub(rf"^{re.escape(person.split()[0])},\s*", "", behaviour, flags=re.I)
    if not behaviour.startswith("[") and not behaviour.startswith(("I ", "I'")):
        behaviour = behaviour[:1].lower() + behaviour[1:]
    parts = [f"{opening} {_sentence(behaviour)}", _sentence(sbi.impact), _sentence(sbi.request)]
    return " ".join(p for p in parts if p)


def _details(ctx: PersonContext, anchor: NoteSentence) -> list[NoteSentence]:
    """The user's other observations in the note the situation comes from."""
    note = ctx.by_id.get(anchor.note_id)
    if note is None:
        return []
    return [
        s
        for s in note_sentences(note)
        if s.text != anchor.text and ctx.voice(s) == "mine" and len(s.text.split()) >= 4
    ][:1]


def _same_note(ctx: PersonContext, evidence: list[NoteSentence]) -> list[NoteSentence]:
    """The relevant sentences of the first cited note, in the note's order."""
    note = ctx.by_id.get(evidence[0].note_id)
    wanted = {e.text for e in evidence if e.note_id == evidence[0].note_id}
    return [s for s in note_sentences(note) if s.text in wanted] if note else []


def feedback_offline(
    ctx: PersonContext | None, ws: Workspace | None, draft: str, kind: str | None
) -> FeedbackDraft:
    """The rule-based feedback job."""
    issues = check_language(draft)
    kind = kind or detect_kind(draft, issues)
    evidence = []
    if ctx is not None and ws is not None and ctx.notes and not has_example(draft):
        evidence = moment_sentences(ws, ctx, draft, issues, kind)
    # The user's observations first: "I'm not sure anyone read the caching doc" is the
    # person's worry, not the moment the feedback is about.
    evidence = [*ctx.in_voice(evidence, "mine"), *ctx.in_voice(evidence, "theirs")] if ctx else []
    if ctx and evidence and kind == "praise":
        details = _details(ctx, evidence[0])
    else:
        details = _same_note(ctx, evidence) if ctx and evidence else []
    moment = evidence[:1] + [d for d in details if evidence and d.text != evidence[0].text]
    said, around = plain_moment(ctx, moment)
    if ctx is not None and kind == "praise" and said and details:
        said = {k: f"{v} {sayable(ctx, details[0]) or ''}".strip() for k, v in said.items()}
    sbi = sbi_offline(draft, kind, issues, evidence, details, said, around)
    person = ctx.person if ctx else None
    rewrite = compose(sbi, kind, person)
    notice = None
    if ctx is not None and not ctx.notes:
        notice = (
            f"No notes about {ctx.person} yet; add notes so the situation can cite a dated example."
        )
    return FeedbackDraft(
        draft=draft,
        kind=kind,  # type: ignore[arg-type]
        person=person,
        sbi=sbi,
        issues=issues,
        rewrite=rewrite,  # type: ignore[arg-type]
        notice=notice,
        engine=EngineInfo(kind="offline"),
    )
