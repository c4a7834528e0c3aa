"""Action items kept as a markdown table in notes: a header row that names a task column and
an owner column ("| Task | Owner | Due |"), then one row per item."""

from __future__ import annotations

import re
from datetime import date

from coach.dates import find_due_date
from coach.offline.task_text import canonical, clean_task
from coach.parsing import Doc
from coach.types import ActionItem

_TASK = re.compile(r"^(?:task|action(?: item)?|item|what|to ?do|next step)s?$", re.I)
_OWNER = re.compile(r"^(?:owner|who|assignee|assigned to|responsible)$", re.I)
_DUE = re.compile(r"^(?:due|due date|when|by|deadline|date)$", re.I)
_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")


def _cells(line: str) -> list[str] | None:
    line = line.strip()
    if not line.startswith("|") or line.count("|") < 3:
        return None
    return [c.strip() for c in line.strip("|").split("|")]


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
            when = find_due_date(cells[d], meeting)[0] if d is not None and cells[d] else None
            owner = canonical(cells[o], doc, person)
            task = clean_task(cells[t], None, 0, cells[t])
            out[sent.index] = ActionItem(owner=owner, task=task, due=when, source=sent.text)
    return out


_OWNER_LABEL = re.compile(r"^(?:owner|assignee|assigned to|who)$", re.I)
_DUE_LABEL = re.compile(r"^(?:due|due date|deadline|by|when)$", re.I)


def labelled_items(doc: Doc, meeting: date, person: str | None) -> dict[int, ActionItem]:
    """Sentence index → the item of a task line followed by "Owner: Nadia" and "Due:
    Friday" lines (in either order), as tracker exports and templates write them."""
    out: dict[int, ActionItem] = {}
    sents = doc.sentences
    for i, sent in enumerate(sents):
        if not (sent.label and _OWNER_LABEL.match(sent.label)):
            continue
        owner_name = sent.text.split(":", 1)[-1].strip(" .")
        near = [s for s in sents[max(0, i - 2) : i + 2] if s is not sent]
        due_line = next((s for s in near if s.label and _DUE_LABEL.match(s.label)), None)
        task_line = next(
            (s for s in reversed(sents[max(0, i - 2) : i]) if not s.label and s.text.strip()),
            None,
        )
        if task_line is None or not owner_name or len(owner_name.split()) > 3:
            continue
        due = find_due_date(due_line.text, meeting)[0] if due_line is not None else None
        task = clean_task(task_line.text, None, 0, task_line.text)
        out[task_line.index] = ActionItem(
            owner=canonical(owner_name, doc, person), task=task, due=due, source=task_line.text
        )
    return out
