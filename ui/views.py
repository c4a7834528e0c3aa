"""Rendering for the app: results as escaped Markdown, tables and chat messages.

Every piece of user text shown in Markdown is HTML-escaped first, so a note containing
``<script>`` is shown, never run.
"""

from __future__ import annotations

import html
from typing import Any

from coach.service import export_item, parse_date
from coach.types import FeedbackDraft, PracticeSession, SearchResult, Summary

ACTION_COLUMNS = ["owner", "task", "due", "done", "source"]


def esc(text: str) -> str:
    """Escape user text for Markdown display (no raw HTML ever reaches the page)."""
    return html.escape(text, quote=False).replace("\n", "  \n")


def _md_list(title: str, items: list[str]) -> str:
    if not items:
        return ""
    return f"### {title}\n" + "\n".join(f"- {esc(i)}" for i in items) + "\n"


def summary_markdown(s: Summary) -> str:
    """The summary as Markdown (action items go in their own table)."""
    parts = ["### Summary\n" + esc(s.summary) + "\n"]
    parts.append(_md_list("Key points", s.key_points))
    parts.append(_md_list("Decisions", s.decisions))
    parts.append(_md_list("Concerns and risks", s.concerns))
    parts.append(_md_list("Follow-ups for the next 1:1", s.follow_ups))
    return "\n".join(p for p in parts if p)


def action_rows(s: Summary) -> list[list[object]]:
    """The summary's action items as rows of the editable table."""
    return [
        [a.owner, a.task, a.due.isoformat() if a.due else "", "no", a.source]
        for a in s.action_items
    ]


def table_items(rows: Any) -> list[Any]:
    """The editable action table (a DataFrame or list of rows) as export items."""
    values = rows.values.tolist() if hasattr(rows, "values") else list(rows or [])
    items = []
    for row in values:
        owner, task, due, done, source = (list(row) + [""] * 5)[:5]
        if not str(task or "").strip():
            continue
        items.append(
            export_item(
                owner=str(owner or "").strip() or "unassigned",
                task=str(task).strip(),
                due=parse_date(str(due or "")),
                done=str(done).lower() in ("true", "1", "yes", "x"),
                source=str(source or ""),
            )
        )
    return items


def search_markdown(result: SearchResult) -> str:
    """Search hits as Markdown."""
    if not result.hits:
        out = "No matching notes."
    else:
        out = "\n".join(
            f"- **note {h.note_id}** · {h.date.isoformat()} · {esc(h.person)} · "
            f"score {h.score:.2f}  \n  {esc(' '.join(h.text.split())[:400])}"
            for h in result.hits
        )
    if result.notice:
        out += f"\n\n_{esc(result.notice)}_"
    return out


def feedback_view(result: FeedbackDraft) -> tuple[list[tuple[str, str | None]], str, str]:
    """The Feedback tab's outputs: highlighted spans, the SBI card and the rewrite."""
    from coach.render import engine_line

    whole = (0, len(result.draft))
    spans = sorted((i for i in result.issues if i.span != whole), key=lambda i: i.span)
    # Overlapping issues ("You are always" and "always"): each character shows the
    # shortest issue covering it, so both stay visible.
    labels: list[str | None] = [None] * len(result.draft)
    for issue in sorted(spans, key=lambda i: i.span[1] - i.span[0], reverse=True):
        for pos in range(issue.span[0], min(issue.span[1], len(labels))):
            labels[pos] = issue.category.replace("_", " ")
    pieces: list[tuple[str, str | None]] = []
    for pos, char in enumerate(result.draft):
        if pieces and pieces[-1][1] == labels[pos]:
            pieces[-1] = (pieces[-1][0] + char, labels[pos])
        else:
            pieces.append((char, labels[pos]))
    missing = [i for i in result.issues if i.span == whole]
    src = result.sbi.situation_source
    cite = f" _(note {src.note_id}, {src.date.isoformat()})_" if src else ""
    md = [
        f"**Situation:** {esc(result.sbi.situation)}{cite}",
        f"**Behaviour:** {esc(result.sbi.behavior)}",
        f"**Impact:** {esc(result.sbi.impact)}",
        f"**Request:** {esc(result.sbi.request)}",
        "",
        "**Language check**",
        *[
            f"- **{i.category.replace('_', ' ')}** “{esc(i.text)}”: {esc(i.suggestion)}"
            for i in spans
        ],
        *[
            f"- **{i.category.replace('_', ' ')}**: {esc(i.reason)} {esc(i.suggestion)}"
            for i in missing
        ],
    ]
    if not result.issues:
        md.append("- No problems found.")
    if result.notice:
        md += ["", f"_{esc(result.notice)}_"]
    md += ["", f"_{engine_line(result.engine)} · {result.kind}_"]
    return pieces, "\n".join(md), result.rewrite


def chat_messages(session: PracticeSession) -> list[dict[str, str]]:
    """The practice transcript as Gradio chat messages (escaped)."""
    return [
        {"role": "user" if t.role == "user" else "assistant", "content": esc(t.text)}
        for t in session.transcript
    ]


def coverage_html(titles: list[str], weeks: list[Any], grid: list[list[int]]) -> str:
    """The objective coverage grid as an HTML table: readable text on any screen (it
    scrolls sideways on a phone, with the objective column kept in view), headers for
    screen readers, darker cells for objectives discussed more that week."""
    peak = max((v for row in grid for v in row), default=0) or 1
    head = "".join(f'<th scope="col">{w.strftime("%m-%d")}</th>' for w in weeks)
    rows = []
    for title, row in zip(titles, grid, strict=True):
        cells = []
        for value in row:
            if not value:
                cells.append('<td class="none"></td>')
                continue
            shade = 255 - int(200 * value / peak)
            ink = "#fff" if shade < 150 else "#111"
            style = f"background:rgb({shade},{shade},255);color:{ink}"
            cells.append(f'<td style="{style}">{value}</td>')
        rows.append(f'<tr><th scope="row">{html.escape(title)}</th>{"".join(cells)}</tr>')
    caption = f"Notes touching each 1:1 objective, by week (last {len(weeks)} weeks)"
    return (
        # Focusable, so keyboard users can scroll it sideways on a narrow screen.
        '<div class="coverage-wrap" tabindex="0" role="region" '
        'aria-label="Objective coverage by week"><table class="coverage">'
        f"<caption>{caption}</caption>"
        f'<thead><tr><th scope="col">objective</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )
