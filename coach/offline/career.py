"""Career prep offline: asks framed from the playbook, the user's own achievements and a draft message."""

from __future__ import annotations

import re

from coach.context import PersonContext, relevant_sentences
from coach.playbook import load_playbook
from coach.signals import NoteSentence, lexicon, matching, note_sentences
from coach.types import Achievement, CareerPrep, CareerTopic, EngineInfo
from coach.voice import is_first_person, speaker_voice
from coach.workspace import Workspace

NO_OWN_NOTES = (
    "No notes about your own work yet; add some (coach notes add) so achievements can be cited."
)


_I_DID = re.compile(
    r"(?<![\w'])(?:i|we)\s+(?:(?:also|just|finally|successfully)\s+)?"
    r"(?:\w+ed|ran|led|built|wrote|gave|won|made|got|took|set up|drove|taught|grew|cut|hired)\b",
    re.I,
)
_NUMBER = lexicon(("%", "percent", "x faster", "hours", "days", "users", "customers"))


def is_own_work(ctx: PersonContext, s: NoteSentence) -> bool:
    """A sentence about the user's own work: the user's own turn or note line, in the first
    person (or naming the user), and not a promise. A report's result is theirs, not the
    user's, even when the user wrote it down or told their manager about it."""
    if s.speaker is not None and speaker_voice(s.speaker, "", ctx.me) != "mine":
        return False
    text = s.text.strip()
    names_me = any(text.casefold().startswith(f"{m} ") for m in ctx.me if m != "me")
    if not (is_first_person(text) or names_me):
        return False
    return ctx.voice(s) != "my_promise" and not text.endswith("?")


def _achievements(ws: Workspace, ctx: PersonContext, about: str) -> list[NoteSentence]:
    words = load_playbook().achievements.keywords
    # A result in the keywords, or anything the user says they did ("I coached…").
    found = matching(ctx.notes, words) + [
        s for n in ctx.notes for s in note_sentences(n) if _I_DID.search(s.text)
    ]
    # Relevance to the aspiration first, then results with numbers, then recency.
    related = {s.text for s in relevant_sentences(ws, ctx, about, k=12, keywords=tuple(words))}

    def rank(s: NoteSentence) -> tuple:
        has_number = bool(_NUMBER.search(s.text)) or any(ch.isdigit() for ch in s.text)
        return (s.text in related, has_number, s.date)

    out = [s for s in found if is_own_work(ctx, s)]
    return sorted(dict.fromkeys(out), key=rank, reverse=True)[:5]


def career_offline(
    ws: Workspace, ctx: PersonContext, about: str, manager: str | None
) -> CareerPrep:
    """Framings chosen by keywords in the aspiration, evidence from the user's notes."""
    pb = load_playbook()
    scored = []
    for i, key in enumerate(pb.career_framings):
        framing = pb.career_framing(key)
        # A phrase says more than a word: "my own team" is leading people, not "own".
        hits = sum(len(m.split()) for m in lexicon(tuple(framing.keywords)).findall(about))
        scored.append((hits, -i, key))
    scored.sort(reverse=True)
    chosen = [k for hits, _i, k in scored if hits > 0] or []
    for default in ("scope", "visibility", "skills", "sponsorship"):
        if len(chosen) >= 3:
            break
        if default not in chosen:
            chosen.append(default)
    topics: list[CareerTopic] = []
    cited: set[str] = set()
    for key in chosen:
        framing = pb.career_framing(key)
        # Evidence per framing: the user's own lines that speak to that kind of ask.
        found = (
            relevant_sentences(
                ws, ctx, " ".join(framing.keywords), k=6, keywords=tuple(framing.keywords)
            )
            if ctx.notes
            else []
        )
        support = [s for s in found if s.text not in cited and is_own_work(ctx, s)][:2]
        cited.update(s.text for s in support)
        topics.append(
            CareerTopic(
                title=framing.topic,
                framing=key,  # type: ignore[arg-type]
                ask=framing.ask,  # type: ignore[arg-type]
                citations=[s.citation() for s in support],
            )
        )
    wins = _achievements(ws, ctx, about) if ctx.notes else []
    achievements = [Achievement(text=s.text, citation=s.citation()) for s in wins]
    questions = [pb.career_framing(k).question for k in chosen] + pb.career_questions[:3]
    return CareerPrep(
        about=about,
        manager=manager,
        topics=topics,
        achievements=achievements,
        questions=questions,
        message=draft_message(about, manager, wins, topics),
        notice=None if ctx.notes else NO_OWN_NOTES,
        engine=EngineInfo(kind="offline"),
    )


def draft_message(
    about: str, manager: str | None, wins: list[NoteSentence], topics: list[CareerTopic]
) -> str:
    """A short message to send ahead of the 1:1, quoting only the user's own words."""
    greeting = f"Hi {manager.split()[0]}," if manager else "Hi,"
    lines = [
        greeting,
        "",
        f"For our next 1:1 I'd like to talk about my growth: {about.rstrip('.')}.",
    ]
    if wins:
        lines += ["", "Some recent work I'd like to build on:"]
        lines += [f"- {w.text.rstrip('.')} ({w.date.isoformat()})" for w in wins[:3]]
    if topics:
        asks = [t.title[0].lower() + t.title[1:] for t in topics[:2]]
        lines += ["", f"In particular I'd like to discuss {' and '.join(asks)}."]
    lines += [
        "Could we set aside time for it? Happy to send more context beforehand.",
        "",
        "Thanks!",
    ]
    return "\n".join(lines)
