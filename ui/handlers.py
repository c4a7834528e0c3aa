"""Plain handler functions behind the app: values in, values out, no Gradio objects.

Tests call these directly. Every piece of user text shown in Markdown is HTML-escaped
first, so a note containing ``<script>`` is shown, never run.
"""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path

from coach.dates import parse_date_arg
from coach.errors import CoachError
from coach.jobs.summarize import summarize
from coach.render import engine_line
from coach.types import Summary
from coach.workspace import Workspace

ACTION_COLUMNS = ["owner", "task", "due", "done", "source"]
UPLOAD_LIMIT_BYTES = 2_000_000


def esc(text: str) -> str:
    """Escape user text for Markdown display (no raw HTML ever reaches the page)."""
    return html.escape(text, quote=False).replace("\n", "  \n")


def _md_list(title: str, items: list[str]) -> str:
    if not items:
        return ""
    return f"### {title}\n" + "\n".join(f"- {esc(i)}" for i in items) + "\n"


def summary_markdown(s: Summary) -> str:
    """The summary as Markdown for the app (action items go in their own table)."""
    parts = ["### Summary\n" + esc(s.summary) + "\n"]
    parts.append(_md_list("Key points", s.key_points))
    parts.append(_md_list("Decisions", s.decisions))
    parts.append(_md_list("Concerns and risks", s.concerns))
    parts.append(_md_list("Follow-ups for the next 1:1", s.follow_ups))
    return "\n".join(p for p in parts if p)


def read_upload(path: str | None) -> str:
    """Text of an uploaded notes file (.txt, .md, .docx, .vtt, .srt), with size and type limits."""
    from coach.formats import SUFFIXES, read_notes_file

    if not path:
        raise CoachError("no file uploaded")
    p = Path(path)
    if p.suffix.lower() not in SUFFIXES:
        raise CoachError(f"{p.name}: upload a .txt, .md, .docx, .vtt or .srt file")
    if p.stat().st_size > UPLOAD_LIMIT_BYTES:
        raise CoachError(f"{p.name} is larger than {UPLOAD_LIMIT_BYTES // 1_000_000} MB")
    return read_notes_file(p.name, p.read_bytes(), UPLOAD_LIMIT_BYTES)


def do_summarize(
    ws: Workspace, text: str, meeting_date: str, person: str | None, save: bool, progress=None
):
    """Summarize pasted text; optionally save it to a person. Returns (markdown, rows, status)."""
    when = parse_date_arg(meeting_date) if meeting_date and meeting_date.strip() else None
    if save and not person:
        raise CoachError("pick a person to save these notes to")
    if person:
        ws.person(person)
    from coach.jobs.summarize import resolve_meeting_date
    from coach.llm_engine import select_model
    from coach.textin import clean_text

    settings = ws.settings
    note_id, created = None, False
    if save and person:
        # Saved before any model call, so a failing LLM never loses what was pasted.
        clean = clean_text(text, "notes", settings.max_input_bytes)
        note_id, created = ws.save_input(person, clean, resolve_meeting_date(clean, when))
    result = summarize(
        text,
        meeting_date=when,
        person=person,
        max_bytes=settings.max_input_bytes,
        chat=select_model(settings),
        settings=settings,
        progress=progress,
    )
    status = engine_line(result.engine)
    if note_id is not None and person:
        result.saved_note_id = note_id
        notice = (
            ws.attach_actions(person, note_id, result)
            if created
            else "Already saved; action items not duplicated."
        )
        status = f"Saved to {person} as note {note_id}. " + (notice or "") + f" ({status})"
    rows = [
        [a.owner, a.task, a.due.isoformat() if a.due else "", False, a.source]
        for a in result.action_items
    ]
    return summary_markdown(result), rows, status


def people_names(ws: Workspace) -> list[str]:
    """Names for the person picker."""
    return [p.name for p in ws.people()]


def add_person(ws: Workspace, name: str, relationship: str) -> str:
    """Add a person; returns a status line."""
    person = ws.add_person(name or "", relationship or "report")
    return f"Added {person.name} ({person.relationship})."


def add_note(ws: Workspace, person: str | None, text: str, meeting_date: str) -> str:
    """Save a pasted note; returns a status line."""
    if not person:
        raise CoachError("pick a person first")
    when = parse_date_arg(meeting_date) if meeting_date and meeting_date.strip() else None
    note, notice = ws.add_note(person, text, when)
    return f"Saved note {note.id} ({note.meeting_date.isoformat()})." + (
        f" {notice}" if notice else ""
    )


def import_files(ws: Workspace, person: str | None, paths: list[str], progress=None) -> str:
    """Import uploaded dated .md/.txt files as notes; returns a status line."""
    import shutil
    import tempfile

    if not person:
        raise CoachError("pick a person first")
    if not paths:
        raise CoachError("choose one or more .md/.txt files named by date, e.g. 2026-11-23.md")
    with tempfile.TemporaryDirectory() as tmp:
        for p in paths:
            shutil.copy(p, Path(tmp) / Path(p).name)
        report = ws.import_folder(Path(tmp), person, progress)
    lines = [
        f"Imported {report.imported}, already saved {report.duplicates}, skipped {len(report.skipped)}."
    ]
    lines += [f"- skipped {esc(s)}" for s in report.skipped]
    if report.index_notice:
        lines.append(esc(report.index_notice))
    return "\n".join(lines)


def search_notes(ws: Workspace, query: str, person: str | None) -> str:
    """Search results as Markdown."""
    result = ws.search(query, person=person or None, k=8)
    if not result.hits:
        out = "No matching notes."
    else:
        out = "\n".join(
            f"- **note {h.note_id}** · {h.date.isoformat()} · {esc(h.person)} · score {h.score:.2f}  \n"
            f"  {esc(' '.join(h.text.split())[:400])}"
            for h in result.hits
        )
    if result.notice:
        out += f"\n\n_{esc(result.notice)}_"
    return out


def list_notes(ws: Workspace, person: str | None) -> list[list[object]]:
    """A person's notes as table rows (id, date, source, first line)."""
    if not person:
        return []
    return [
        [n.id, n.meeting_date.isoformat(), n.source, " ".join(n.text.split())[:120]]
        for n in reversed(ws.notes(person))
    ]


def today_iso() -> str:
    """Today's date for date fields."""
    return date.today().isoformat()


# -- Prepare -----------------------------------------------------------------------------------
def _chat(ws: Workspace):
    from coach.llm_engine import select_model

    return select_model(ws.settings)


def _need_person(person: str | None) -> str:
    if not person:
        raise CoachError("pick a person first (add one in the Notes tab)")
    return person


def do_agenda(ws: Workspace, person: str | None, meeting_date: str, minutes: float | int) -> str:
    """The agenda for the next 1:1, as escaped Markdown."""
    from coach.jobs.agenda import agenda
    from coach.render import agenda_text

    when = parse_date_arg(meeting_date) if meeting_date and meeting_date.strip() else None
    result = agenda(
        ws, _need_person(person), when, int(minutes or 30), chat=_chat(ws), settings=ws.settings
    )
    return agenda_text(result, esc)


def do_talking_points(ws: Workspace, person: str | None, situation: str) -> str:
    """Talking points for a tough conversation, as escaped Markdown."""
    from coach.jobs.talking_points import talking_points
    from coach.render import talking_points_text

    result = talking_points(
        ws, _need_person(person), situation or "", chat=_chat(ws), settings=ws.settings
    )
    return talking_points_text(result, esc)


def do_career(ws: Workspace, about: str, manager: str | None) -> str:
    """Career prep for the user's own 1:1, as escaped Markdown."""
    from coach.jobs.career import career
    from coach.render import career_text

    result = career(ws, about or "", manager or None, chat=_chat(ws), settings=ws.settings)
    return career_text(result, esc)


def do_questions(ws: Workspace, person: str | None, theme: str | None, n: float | int) -> str:
    """Growth-minded questions, as escaped Markdown."""
    from coach.jobs.questions import questions
    from coach.render import questions_text

    theme = None if not theme or theme == "all themes" else theme
    result = questions(
        ws, _need_person(person), theme, int(n or 8), chat=_chat(ws), settings=ws.settings
    )
    return questions_text(result, esc)


# -- Feedback and practice ----------------------------------------------------------------------
def do_feedback(ws: Workspace, draft: str, person: str | None, kind: str | None):
    """(highlighted spans, SBI markdown, rewrite) for the Feedback tab."""
    from coach.jobs.feedback import feedback

    kind = None if not kind or kind == "detect" else kind
    result = feedback(ws, draft or "", person or None, kind, chat=_chat(ws), settings=ws.settings)
    return feedback_view(result)


def feedback_view(result):
    """The Feedback tab's three outputs for a result."""
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


def practice_start(
    ws: Workspace, persona: str, scenario: str, person: str | None, use_person: bool, difficulty
):
    """A new practice session for the app's state, plus the opening instructions."""
    from coach.jobs import practice

    scenario = None if not scenario or scenario == "from the person's notes" else scenario
    who = person if use_person or scenario is None else None
    if scenario is None and not who:
        raise CoachError("pick a scenario, or a person whose notes suggest one")
    session = practice.start(
        ws, persona or "defensive", scenario, who, int(difficulty or 2), _chat(ws)
    )
    return (
        session.model_dump(mode="json"),
        [],
        f"**Scenario:** {esc(session.scenario_text)}  \nYou open the conversation.",
    )


def practice_say(ws: Workspace, state: dict | None, line: str):
    """Send the user's line; returns the new state and the chat history."""
    from coach.jobs import practice
    from coach.types import PracticeSession

    if not state:
        raise CoachError("start a session first")
    session = practice.say(PracticeSession(**state), line or "", _chat(ws), ws.settings)
    return session.model_dump(mode="json"), chat_messages(session)


def practice_say_streaming(ws: Workspace, state: dict | None, line: str):
    """Like practice_say, yielding the chat as the persona's answer streams in (LLM engine)."""
    from coach.jobs import practice
    from coach.types import PracticeSession

    if not state:
        raise CoachError("start a session first")
    for session in practice.say_streaming(
        PracticeSession(**state), line or "", _chat(ws), ws.settings
    ):
        yield session.model_dump(mode="json"), chat_messages(session)


def chat_messages(session) -> list[dict[str, str]]:
    """The transcript as Gradio chat messages (escaped)."""
    return [
        {"role": "user" if t.role == "user" else "assistant", "content": esc(t.text)}
        for t in session.transcript
    ]


def practice_debrief(ws: Workspace, state: dict | None):
    """Score and save the session; returns the debrief card and the updated trend rows."""
    from coach.jobs import practice
    from coach.render import debrief_text
    from coach.types import PracticeSession

    if not state:
        raise CoachError("start a session first")
    session = practice.debrief(PracticeSession(**state), _chat(ws), ws.settings)
    session = practice.save(ws, session)
    return session.model_dump(mode="json"), debrief_text(session, esc), practice_trend(ws)


def practice_trend(ws: Workspace):
    """Rows (session number, overall score) for the trend plot."""
    import pandas as pd

    from coach.jobs import practice

    rows = [
        (i + 1, r.overall, r.persona)
        for i, r in enumerate(practice.history(ws))
        if r.overall is not None
    ]
    return pd.DataFrame(rows, columns=["session", "overall", "persona"])


# -- Summarize: edited table, save and exports ------------------------------------------------
def _table_items(rows) -> list:
    """The editable action table (a DataFrame or list of rows) as ExportItems."""
    from coach.exports import ExportItem

    values = rows.values.tolist() if hasattr(rows, "values") else list(rows or [])
    items = []
    for row in values:
        row = list(row) + [""] * (5 - len(row))
        owner, task, due, done, source = (row + [""] * 5)[:5]
        if not str(task or "").strip():
            continue
        due_text = str(due or "").strip()
        items.append(ExportItem(owner=str(owner or "unassigned").strip() or "unassigned", task=str(task).strip(),
                                due=parse_date_arg(due_text) if due_text else None,
                                done=str(done).lower() in ("true", "1", "yes", "x"), source=str(source or "")))  # fmt: skip
    return items


def _out_file(name: str, content: str) -> str:
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="coach-export-"))
    path = folder / name
    path.write_text(content, encoding="utf-8")
    return str(path)


def export_actions(rows, fmt: str) -> str:
    """A downloadable file of the (edited) action items: csv or ics."""
    from coach.exports import actions_csv, actions_ics

    items = _table_items(rows)
    if not items:
        raise CoachError("there are no action items to export")
    if fmt == "ics":
        if not any(i.due and not i.done for i in items):
            raise CoachError("no open action item has a due date to put in a calendar")
        return _out_file("action-items.ics", actions_ics(items))
    return _out_file("action-items.csv", actions_csv(items))


def export_summary_markdown(markdown: str) -> str:
    """The shown summary as a Markdown file."""
    if not markdown or not markdown.strip():
        raise CoachError("summarize something first")
    return _out_file("summary.md", html.unescape(markdown.replace("  \n", "\n")))


def save_edited(ws: Workspace, person: str | None, text: str, meeting_date: str, rows) -> str:
    """Save the notes and the (edited) action items to a person."""
    from coach.jobs.summarize import resolve_meeting_date
    from coach.textin import clean_text

    if not person:
        raise CoachError("pick a person to save these notes to")
    clean = clean_text(text, "notes", ws.settings.max_input_bytes)
    when = parse_date_arg(meeting_date) if meeting_date and meeting_date.strip() else None
    note_id, created = ws.save_input(person, clean, resolve_meeting_date(clean, when))
    items = _table_items(rows)
    ids = ws.replace_actions(person, note_id, items)
    return (
        f"Saved to {esc(person)} as note {note_id}"
        + ("" if created else " (already saved; action items updated)")
        + f" with {len(ids)} action item(s)."
    )


# -- History --------------------------------------------------------------------------------------
def history_view(ws: Workspace, person: str | None):
    """(timeline rows, open action rows, heatmap PNG path) for a person."""
    import tempfile

    from ui.history import action_rows, heatmap_png, timeline_rows

    if not person:
        raise CoachError("pick a person first")
    ws.person(person)
    image = heatmap_png(
        ws, person, Path(tempfile.mkdtemp(prefix="coach-heatmap-")) / "coverage.png"
    )
    return timeline_rows(ws, person), action_rows(ws, person), str(image)


def mark_done(ws: Workspace, person: str | None, action_id) -> tuple:
    """Mark an action item done, then refresh the History view."""
    if action_id in (None, ""):
        raise CoachError("type the id of the action item to mark done")
    ws.set_action_status(int(action_id), done=True)
    return history_view(ws, person)


def open_note(ws: Workspace, note_id) -> str:
    """One note, escaped, for the note viewer."""
    if note_id in (None, ""):
        raise CoachError("type a note id (shown in citations as 'note 12')")
    note = ws.note(int(note_id))
    return f"**note {note.id}** · {esc(note.person)} · {note.meeting_date.isoformat()} · {esc(note.source)}\n\n{esc(note.text)}"


# -- Settings --------------------------------------------------------------------------------------
def settings_view(ws: Workspace) -> str:
    """Engine, model, data folder and account, for the Settings tab (never the API key)."""
    from coach.llm_engine import describe_engine

    s = ws.settings
    rows = [("Engine", describe_engine(s)), ("Model", s.model if s.llm != "offline" else "-"),
            ("LLM base URL", s.llm_base_url or "-"), ("API key", "set" if s.api_key_set() else "not set"),
            ("Redaction", "on" if s.redact else "off"), ("Data folder", str(s.home)), ("Account", ws.account),
            ("Notes", str(len(ws.notes()))), ("Index behind by", str(ws.store.count_unindexed()))]  # fmt: skip
    lines = ["| setting | value |", "| --- | --- |", *[f"| {k} | {esc(v)} |" for k, v in rows]]
    lines.append(
        "\nChange these with COACH_* environment variables or a .env file, then restart `coach serve`."
    )
    return "\n".join(lines)


def export_account(ws: Workspace) -> str:
    """A download of everything the account has (coach export)."""
    import tempfile

    from coach.transfer import write_export

    path = Path(tempfile.mkdtemp(prefix="coach-export-")) / f"coach-{ws.account}.json"
    write_export(ws, path)
    return str(path)


def import_account(ws: Workspace, path: str | None) -> str:
    """Restore an uploaded export into the account."""
    from coach.transfer import describe_counts, read_import

    if not path:
        raise CoachError("choose a coach export file (.json)")
    return f"Imported {describe_counts(read_import(ws, Path(path)))}."


def agenda_view(ws: Workspace, person: str | None, meeting_date: str, minutes):
    """(checkbox choices, markdown, markdown file) for the agenda."""
    from coach.jobs.agenda import agenda
    from coach.render import agenda_text

    when = parse_date_arg(meeting_date) if meeting_date and meeting_date.strip() else None
    result = agenda(
        ws, _need_person(person), when, int(minutes or 30), chat=_chat(ws), settings=ws.settings
    )
    choices = [f"{t.minutes} min · {t.title}" for t in result.topics]
    md = agenda_text(result, esc)
    path = _out_file(
        f"agenda-{result.person}-{result.meeting_date.isoformat()}.md", agenda_text(result)
    )
    seen: set[int] = set()
    cites = []
    for t in result.topics:
        for c in t.citations:
            if c.note_id not in seen:
                seen.add(c.note_id)
                cites.append([c.note_id, c.date.isoformat(), t.title])
    return choices, md, path, cites


def run_quality_evals(ws: Workspace, progress=None):
    """Run the offline eval suites (as ``coach eval``); returns a Markdown table and the chart."""
    from evals.runner import run_evals

    def step(name: str, i: int, n: int) -> None:
        if progress is not None:
            progress((i - 1, n), desc=f"Running the {name} evals")

    run = run_evals(ws.settings, progress=step)
    lines = [f"**{'All suites pass' if run.passed else 'Below threshold'}** · report: `{esc(run.report or '')}`", "",
             "| suite | cases | result | lowest metric |", "| --- | --- | --- | --- |"]  # fmt: skip
    for s in run.suites:
        low = min(s.scores.items(), key=lambda kv: kv[1]) if s.scores else ("-", 0.0)
        lines.append(
            f"| {s.name} | {s.cases} | {'pass' if s.passed else 'FAIL'} | {low[0]} {low[1]:.2f} |"
        )
    chart = str(Path(run.report).with_name("scores.png")) if run.report else None
    return "\n".join(lines), chart
