"""Plain-text rendering of job results for the terminal."""

from __future__ import annotations

from coach.types import EngineInfo, SearchResult, StoredAction, Summary


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
