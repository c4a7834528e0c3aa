"""Plain-text rendering of job results for the terminal."""

from __future__ import annotations

from collections.abc import Callable

from coach.types import (
    Agenda,
    CareerPrep,
    Citation,
    EngineInfo,
    FeedbackDraft,
    PracticeSession,
    Questions,
    SearchResult,
    StoredAction,
    Summary,
    TalkingPoints,
)


def engine_line(engine: EngineInfo) -> str:
    """``engine: offline`` or ``engine: llm (model)``, plus any notice."""
    text = f"engine: {engine.kind}" + (f" ({engine.model})" if engine.model else "")
    return text + (f" - {engine.notice}" if engine.notice else "")


def _section(title: str, items: list[str]) -> list[str]:
    if not items:
        return []
    return ["", f"## {title}", *[f"- {i}" for i in items]]


def summary_text(s: Summary) -> str:
    """A summary as readable Markdown."""
    lines = ["# Summary", s.summary]
    lines += _section("Key points", s.key_points)
    lines += _section("Decisions", s.decisions)
    lines += _section("Concerns and risks", s.concerns)
    actions = [
        f"{a.owner}: {a.task}"
        + (f" (due {a.due.isoformat()})" if a.due else "")
        + f'\n  > "{a.source}"'
        for a in s.action_items
    ]
    lines += _section("Action items", actions) or ["", "## Action items", "- none found"]
    lines += _section("Follow-ups for the next 1:1", s.follow_ups)
    if s.saved_note_id:
        lines += ["", f"saved as note {s.saved_note_id}"]
    lines += ["", engine_line(s.engine)]
    return "\n".join(lines)


def actions_text(actions: list[StoredAction]) -> str:
    """Action items as an aligned list."""
    if not actions:
        return "no action items"
    rows = []
    for a in actions:
        due = a.due.isoformat() if a.due else "-"
        mark = "x" if a.status == "done" else " "
        rows.append(f"[{mark}] {a.id:>4}  {due:<10}  {a.person:<14.14}  {a.owner:<12.12}  {a.task}")
        if a.done_evidence and a.status == "open":
            e = a.done_evidence
            why = (
                "the period it promised is over"
                if a.period_over()
                else f'the {e.date.isoformat()} note (note {e.note_id}) says "{e.quote}"'
            )
            rows.append(f"{'':>8}looks done: {why}; confirm with: coach actions done {a.id}")
    return "\n".join(rows)


def search_text(result: SearchResult) -> str:
    """Search hits, best first."""
    lines = []
    for h in result.hits:
        snippet = " ".join(h.text.split())
        snippet = snippet if len(snippet) <= 200 else snippet[:199] + "…"
        lines.append(
            f"[note {h.note_id} | {h.date.isoformat()} | {h.person} | {h.score:.2f}] {snippet}"
        )
    if not lines:
        lines.append("no matching notes")
    if result.notice:
        lines.append(f"note: {result.notice}")
    return "\n".join(lines)


# -- Prepare --------------------------------------------------------------------------------
def _ident(text: str) -> str:
    return text


def _cites(citations: list[Citation]) -> str:
    # Two quotes from one note are one reference in the text ("[note 17, 2026-11-12]").
    refs = dict.fromkeys(f"note {c.note_id}, {c.date.isoformat()}" for c in citations)
    return " [" + "; ".join(refs) + "]" if refs else ""


def agenda_text(a: Agenda, esc: Callable[[str], str] = _ident) -> str:
    """An agenda as Markdown: topics in order with minutes, reasons and citations."""
    lines = [f"# 1:1 with {esc(a.person)} — {a.meeting_date.isoformat()} ({a.minutes} min)", ""]
    if a.notice:
        lines += [f"_{esc(a.notice)}_", ""]
    for i, t in enumerate(a.topics, 1):
        tick = "✓ " if t.covered else ""
        lines.append(f"{i}. {tick}**{esc(t.title)}** ({t.minutes} min){_cites(t.citations)}")
        lines.append(f"   {esc(t.reason)}")
    stale = [c for c in a.coverage if c.weeks_ago is not None and c.weeks_ago >= 4]
    if stale:
        lines += [
            "",
            "Objectives not discussed for 4+ weeks: "
            + ", ".join(f"{esc(c.objective)} ({c.weeks_ago} wk)" for c in stale),
        ]
    lines += ["", engine_line(a.engine)]
    return "\n".join(lines)


def talking_points_text(t: TalkingPoints, esc: Callable[[str], str] = _ident) -> str:
    """Talking points as Markdown."""
    lines = [
        f"# Talking points: {esc(t.person)}",
        f"_Situation: {esc(t.situation)}_ ({t.scenario.replace('_', ' ')})",
        "",
    ]
    if t.notice:
        lines += [f"_{esc(t.notice)}_", ""]
    lines += [
        "**Goal:** " + esc(t.goal),
        "",
        "**Opening:** " + esc(t.opening),
        "",
        "**Key messages**",
    ]
    for m in t.key_messages:
        lines.append(f"- {esc(m.message)}")
        lines += [
            f'  - {c.date.isoformat()} (note {c.note_id}): "{esc(c.quote)}"' for c in m.evidence
        ]
    lines += ["", "**Questions to ask**", *[f"- {esc(q)}" for q in t.questions]]
    lines += [
        "",
        "**Likely reactions**",
        *[f"- {esc(r.reaction)} → {esc(r.response)}" for r in t.reactions],
    ]
    lines += ["", "**Avoid**", *[f"- {esc(a)}" for a in t.avoid]]
    lines += [
        "",
        "**Desired outcome:** " + esc(t.outcome),
        "",
        "**Next steps**",
        *[f"- {esc(s)}" for s in t.next_steps],
    ]
    lines += ["", engine_line(t.engine)]
    return "\n".join(lines)


def career_text(c: CareerPrep, esc: Callable[[str], str] = _ident) -> str:
    """Career prep as Markdown."""
    who = f" with {esc(c.manager)}" if c.manager else ""
    lines = [f"# Career conversation{who}", f"_{esc(c.about)}_", ""]
    if c.notice:
        lines += [f"_{esc(c.notice)}_", ""]
    lines.append("**Topics to raise**")
    for t in c.topics:
        lines.append(f"- **{esc(t.title)}** ({t.framing}): {esc(t.ask)}{_cites(t.citations)}")
    if c.achievements:
        lines += ["", "**Evidence from your notes**"]
        lines += [
            f"- {esc(a.text)} ({a.citation.date.isoformat()}, note {a.citation.note_id})"
            for a in c.achievements
        ]
    lines += ["", "**Questions for your manager**", *[f"- {esc(q)}" for q in c.questions]]
    lines += [
        "",
        "**Draft message**",
        "",
        *[f"> {esc(line)}" if line else ">" for line in c.message.splitlines()],
    ]
    lines += ["", engine_line(c.engine)]
    return "\n".join(lines)


def questions_text(q: Questions, esc: Callable[[str], str] = _ident) -> str:
    """Questions as a numbered Markdown list with themes and citations."""
    lines = [f"# Questions for {esc(q.person)}", ""]
    if q.notice:
        lines += [f"_{esc(q.notice)}_", ""]
    for i, item in enumerate(q.questions, 1):
        lines.append(
            f"{i}. {esc(item.text)} _({item.theme.replace('_', ' ')})_{_cites(item.citations)}"
        )
    lines += ["", engine_line(q.engine)]
    return "\n".join(lines)


# -- Feedback and practice ------------------------------------------------------------------
def feedback_text(f: FeedbackDraft, esc: Callable[[str], str] = _ident) -> str:
    """A feedback result as Markdown: SBI, issues and the rewrite."""
    lines = [f"# Feedback ({f.kind})" + (f" for {esc(f.person)}" if f.person else ""), ""]
    if f.notice:
        lines += [f"_{esc(f.notice)}_", ""]
    src = f.sbi.situation_source
    cite = f" [note {src.note_id}, {src.date.isoformat()}]" if src else ""
    lines += [
        "**Situation:** " + esc(f.sbi.situation) + cite,
        "**Behaviour:** " + esc(f.sbi.behavior),
        "**Impact:** " + esc(f.sbi.impact),
        "**Request:** " + esc(f.sbi.request),
        "",
    ]
    lines.append(f"**Language check:** {len(f.issues)} issue(s)")
    for i in f.issues:
        where = (
            f'"{esc(i.text)}"'
            if len(i.text) < 60 and i.span != (0, len(f.draft))
            else "(whole draft)"
        )
        lines.append(
            f"- {i.category.replace('_', ' ')}: {where}: {esc(i.reason)} {esc(i.suggestion)}"
        )
    lines += ["", "**Rewrite**", "", esc(f.rewrite), "", engine_line(f.engine)]
    return "\n".join(lines)


def debrief_text(s: PracticeSession, esc: Callable[[str], str] = _ident) -> str:
    """A practice session's debrief card."""
    lines = [
        f"# Debrief: {s.persona} persona, {s.scenario.replace('_', ' ')} (difficulty {s.difficulty})",
        "",
    ]
    if s.debrief is None:
        return "\n".join([*lines, "No debrief yet."])
    d = s.debrief
    lines.append(f"**Overall: {d.overall} / 5**")
    lines += [
        f"- {k.replace('_', ' ')}: {v}/5" + (f" ({esc(d.reasons[k])})" if k in d.reasons else "")
        for k, v in d.scores.items()
    ]
    if d.weak_points:
        lines += ["", "**What to do better**"]
        for w in d.weak_points:
            lines += [
                f'- {w.rubric.replace("_", " ")}: you said "{esc(w.quote)}"',
                f"  try: {esc(w.better)}",
            ]
    if d.strengths:
        lines += ["", "**Strengths**", *[f"- {esc(x)}" for x in d.strengths]]
    if s.id:
        lines += ["", f"saved as practice session {s.id}"]
    lines += ["", engine_line(s.engine)]
    return "\n".join(lines)


def history_text(records: list) -> str:
    """Past practice sessions and the overall trend."""
    if not records:
        return "no practice sessions yet: try coach practice --persona defensive"
    rows = [
        f"{r.id:>4}  {r.date.isoformat()}  {r.persona:<10} {r.scenario:<20} {r.overall if r.overall is not None else '-'}"
        for r in records
    ]
    scored = [r.overall for r in records if r.overall is not None]
    if len(scored) >= 2:
        rows.append(f"trend: {scored[0]} → {scored[-1]} over {len(scored)} sessions")
    return "\n".join(rows)
