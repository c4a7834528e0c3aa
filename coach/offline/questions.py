"""Questions offline: open questions from the question bank, tied to the person's own words where notes allow."""

from __future__ import annotations

import re
from functools import lru_cache

from coach.context import PersonContext
from coach.errors import CoachError
from coach.lexicon import words as word_list
from coach.offline import NO_NOTES
from coach.offline.objectives import likeliest, sure_about
from coach.playbook import load_playbook
from coach.signals import NoteSentence, lexicon, matching, note_sentences, short_quote
from coach.types import Citation, EngineInfo, Question, Questions
from coach.voice import their_quote

THEMES = ("setbacks", "skills", "aspirations", "support", "wellbeing", "feedback_for_manager")


# 1:1 objectives whose playbook question also serves a theme, to fill a one-theme list.
THEME_OBJECTIVES = {
    "setbacks": ("growth_mindset", "problem_solving"),
    "skills": ("learning", "innovation"),
    "aspirations": ("career", "engagement"),
    "support": ("problem_solving", "communication", "strategy"),
    "wellbeing": ("wellbeing", "trust"),
    "feedback_for_manager": ("feedback", "communication"),
}


@lru_cache(maxsize=1)
def _complaint() -> re.Pattern[str]:
    alts = "|".join(re.escape(w) for w in sorted(word_list("complaint"), key=len, reverse=True))
    return re.compile(rf"\b(?:{alts})\b", re.I)


COMPLAINTS_TO = "support"
"""The theme that asks about a complaint a wish theme would have quoted ("What support
would help most with '…shot it down in five seconds'?")."""


def complains(text: str) -> bool:
    """Whether the person's words complain ("…, but nobody even replied"), which no
    question should read back as something to build on."""
    return bool(_complaint().search(text))


def pick_themes(theme: str | None) -> list[str]:
    if theme is None:
        return list(THEMES)
    key = theme.strip().lower().replace("-", "_").replace(" ", "_")
    aliases = {
        "feedback": "feedback_for_manager",
        "well_being": "wellbeing",
        "career": "aspirations",
        "learning": "skills",
        "setback": "setbacks",
        "growth": "aspirations",
    }
    key = aliases.get(key, key)
    if key not in THEMES:
        raise CoachError(f"unknown theme {theme!r}: use one of {', '.join(THEMES)}")
    return [key]


def _own_words(ctx: PersonContext) -> list[tuple[NoteSentence, str, str | None]]:
    """The person's own words in their recent notes (not their questions), each with the
    objective its words, without the note's "she said", are likeliest about."""
    quoted = [
        (s, q)
        for n in ctx.recent(30)
        for s in note_sentences(n)
        if not s.text.rstrip().endswith("?") and (q := their_quote(s, ctx.person))
    ]
    keys = likeliest(ctx, [q for _s, q in quoted])
    return [(s, q, k) for (s, q), k in zip(quoted, keys, strict=True)]


def questions_offline(ctx: PersonContext, themes: list[str], n: int) -> Questions:
    """Round-robin over themes: questions that quote the person's notes first, then generic ones."""
    pb = load_playbook()
    per_theme: dict[str, list[Question]] = {}
    used_quotes: set[str] = set()
    meaning = sure_about(ctx, ctx.recent(30))  # embeds the notes once for every theme
    own_words = _own_words(ctx)
    held: list[tuple[NoteSentence, str]] = []  # complaints a wish theme did not quote
    for key in themes:
        theme = pb.theme(key)
        bank: list[Question] = []
        # Their own words may touch the theme through a related objective's words too.
        wide = (
            *theme.keywords,
            *(w for o in THEME_OBJECTIVES[key] for w in pb.objective(o).keywords),
        )
        said = matching(ctx.recent(30), wide)
        # And what the classifier is sure is about the theme's objectives in other words
        # ("the rollback went badly because we had no runbook" is a setback).
        meant = [s for s in meaning(THEME_OBJECTIVES[key]) if s not in said]
        found = [s for s in said + meant if not s.text.rstrip().endswith("?")]
        # Only the person's own words are quoted to them; the user's observations and
        # promises ground a question without being read back as theirs.
        theirs = [(s, q) for s in found if (q := their_quote(s, ctx.person))]
        # The theme's own words first; a related objective's words only fill in.
        own = lexicon(tuple(theme.keywords))
        theirs.sort(key=lambda pair: not own.search(pair[1]))
        # Then their words the classifier reads loosely as the theme's: a manager asks about
        # "I'd like more heads-up before priorities change" rather than a stock question.
        theirs += [(s, q) for s, q, k in own_words if k in THEME_OBJECTIVES[key] and s not in found]
        observed = [
            s
            for s in found
            if ctx.voice(s) == "mine" and lexicon(tuple(theme.keywords)).search(s.text)
        ]
        if not theme.quotes_complaints:
            held += [(s, q) for s, q in theirs if complains(q)]
            theirs = [(s, q) for s, q in theirs if not complains(q)]
        elif key == COMPLAINTS_TO:
            theirs += [pair for pair in held if pair not in theirs]
        templates = iter(theme.grounded)
        for s, words in theirs:
            if words in used_quotes:
                continue
            template = next(templates, None)
            if template is None:
                break
            used_quotes.add(words)
            quote = short_quote(words, theme.keywords)
            text = template.replace("{quote}", quote).replace("{date}", s.date.strftime("%b %-d"))
            bank.append(
                Question(
                    text=text,
                    theme=key,
                    why=f"Their own words on {s.date.isoformat()}.",
                    citations=[Citation(note_id=s.note_id, date=s.date, quote=words)],
                )
            )
        if observed and theme.generic:
            s = observed[0]
            bank.append(
                Question(
                    text=theme.generic[0],
                    theme=key,
                    why=f"Your note of {s.date.isoformat()} touches on this; ask, don't quote it.",
                    citations=[s.citation()],
                )
            )
        generic = [*theme.generic, *(pb.objective(o).question for o in THEME_OBJECTIVES[key])]
        asked = {q.text for q in bank}
        bank += [
            Question(text=g, theme=key, why="A general growth question for this theme.")
            for g in generic
            if g not in asked
        ]
        per_theme[key] = bank
    out: list[Question] = []
    round_ = 0
    while len(out) < n and any(round_ < len(b) for b in per_theme.values()):
        for key in themes:
            if round_ < len(per_theme[key]) and len(out) < n:
                out.append(per_theme[key][round_])
        round_ += 1
    notice = NO_NOTES.format(name=ctx.person) if not ctx.notes else None
    return Questions(
        person=ctx.person,
        theme=themes[0] if len(themes) == 1 else None,
        questions=out,
        notice=notice,
        engine=EngineInfo(kind="offline"),
    )
