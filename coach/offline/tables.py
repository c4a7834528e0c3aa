"""Action items kept as a table in notes: a header row that names a task column and an
owner column ("| Task | Owner | Due |", or "Item | Owner | Due" pasted without the outer
pipes), then one row per item."""

from __future__ import annotations

import re
from datetime import date

from coach.dates import find_due_date
from coach.offline.commitment_patterns import ACTION_SECTIONS, NOT_NAMES
from coach.offline.task_text import canonical, clean_task
from coach.parsing import Doc
from coach.types import ActionItem

_TASK = re.compile(r"^(?:task|action(?: item)?|item|what|to ?do|next step)s?$", re.I)
_OWNER = re.compile(r"^(?:owner|who|assignee|assigned to|responsible)$", re.I)
_DUE = re.compile(r"^(?:due|due date|when|by|deadline|date)$", re.I)
_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")


def _cells(line: str) -> list[str] | None:
    line = line.strip()
    # Three cells at least: "a | b | c" (pasted from a doc) or "| a | b |" (markdown).
    if line.count("|") < (3 if line.startswith("|") else 2):
        return None
    return [c.strip() for c in line.strip("|").split("|")]


def _due(cell: str, meeting: date) -> date | None:
    """The date a due cell or "Due:" line gives: there a bare "12/22" is a date, which in
    running text it need not be."""
    value = cell.split(":", 1)[-1].strip() if ":" in cell[:12] else cell
    return find_due_date(value, meeting)[0] or find_due_date(f"by {value}", meeting)[0]


def table_rows(doc: Doc, meeting: date, person: str | None) -> dict[int, ActionItem]:
    """Sentence index → the action item of each row of an action table."""
    out: dict[int, ActionItem] = {}
    columns: tuple[int, int, int | None] | None = None
    for sent in doc.sentences:
        cells = _cells(sent.text)
        if cells is None:
            columns = None  # the table ended
            continue
        if _RULE.match(sent.text.strip()):
            continue
        task_col = next((i for i, c in enumerate(cells) if _TASK.match(c)), None)
        owner_col = next((i for i, c in enumerate(cells) if _OWNER.match(c)), None)
        if task_col is not None and owner_col is not None:
            due_col = next((i for i, c in enumerate(cells) if _DUE.match(c)), None)
            columns = (task_col, owner_col, due_col)
            continue
        if columns is None or len(cells) <= max(i for i in columns if i is not None):
            continue
        t, o, d = columns
        if cells[t] and cells[o]:
            when = _due(cells[d], meeting) if d is not None and cells[d] else None
            owner = canonical(cells[o], doc, person)
            task = clean_task(cells[t], None, 0, cells[t])
            out[sent.index] = ActionItem(owner=owner, task=task, due=when, source=sent.text)
    return out


_OWNER_LABEL = re.compile(r"^(?:owner|assignee|assigned to|who)$", re.I)
_DUE_LABEL = re.compile(r"^(?:due|due date|deadline|by|when)$", re.I)


def labelled_items(
    doc: Doc, meeting: date, person: str | None
) -> tuple[dict[int, ActionItem], set[int]]:
    """Sentence index → the item of a task line followed by "Owner: Nadia" and "Due:
    Friday" lines (in either order), as tracker exports and templates write them; and the
    indices of those owner and due lines, which are part of the item, not items."""
    out: dict[int, ActionItem] = {}
    used: set[int] = set()
    sents = doc.sentences
    for i, sent in enumerate(sents):
        if not (sent.label and _OWNER_LABEL.match(sent.label)):
            continue
        owner_name = sent.text.split(":", 1)[-1].strip(" .")
        task_line = next(
            (s for s in reversed(sents[max(0, i - 2) : i]) if not s.label and s.text.strip()),
            None,
        )
        if task_line is None or not owner_name or len(owner_name.split()) > 3:
            continue
        # The task's own labelled lines: after it, up to the next task line. The "Due:" of
        # the task before is not this one's.
        block = []
        for s in sents[task_line.index + 1 : i + 3]:
            if not s.label and s.index > i:
                break
            block.append(s)
        due_line = next((s for s in block if s.label and _DUE_LABEL.match(s.label)), None)
        due = _due(due_line.text, meeting) if due_line is not None else None
        used.update(x.index for x in (sent, due_line) if x is not None)
        task = clean_task(task_line.text, None, 0, task_line.text)
        out[task_line.index] = ActionItem(
            owner=canonical(owner_name, doc, person), task=task, due=due, source=task_line.text
        )
    return out, used


_NAME_LINE = re.compile(r"^@?[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){0,2}:?$")


def owner_groups(doc: Doc) -> tuple[dict[int, str], set[int]]:
    """Action items grouped under their owner's name, as AI meeting notes export them
    ("Action Items / ◦ Kofi Mensah / ◦ Update the runbook…"): sentence index → the owner
    named above it, and the indices of the name lines themselves (not items)."""
    owners: dict[int, str] = {}
    names: set[int] = set()
    current: tuple[str, str] | None = None  # (section, name)
    for sent in doc.sentences:
        section = sent.section or ""
        if not ACTION_SECTIONS.match(section):
            current = None
            continue
        text = sent.text.strip()
        if _NAME_LINE.match(text) and text.rstrip(":").lower() not in NOT_NAMES:
            current = (section, text.lstrip("@").rstrip(":"))
            names.add(sent.index)
        elif current is not None and current[0] == section:
            owners[sent.index] = current[1]
    return owners, names
