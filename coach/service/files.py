"""File formats at the edges: exports of action items, uploads and input files."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coach.exports import ExportItem


def describe_counts(counts: dict[str, int]) -> str:
    """'3 people, 12 notes, …' for an export or import."""
    from coach.transfer import describe_counts as describe

    return describe(counts)


def export_item(
    owner: str, task: str, due: date | None, done: bool = False, source: str = ""
) -> ExportItem:
    """An action item as edited in a table, ready to save or export."""
    from coach.exports import ExportItem

    return ExportItem(owner=owner, task=task, due=due, done=done, source=source)


def actions_csv(items: list[ExportItem]) -> str:
    """Action items as CSV (cells that look like formulas are neutralised)."""
    from coach.exports import actions_csv as to_csv

    return to_csv(items)


def actions_ics(items: list[ExportItem]) -> str:
    """Open, dated action items as calendar reminders (iCalendar)."""
    from coach.exports import actions_ics as to_ics

    return to_ics(items)


def read_notes_file(name: str, data: bytes, max_bytes: int) -> str:
    """Text of an uploaded notes file (.txt, .md, .docx, .vtt, .srt)."""
    from coach.formats import read_notes_file as read

    return read(name, data, max_bytes)


def read_input(path: str, max_bytes: int) -> str:
    """Text of a file or standard input (``-``), with size and binary checks."""
    from coach.textin import read_input as read

    return read(path, max_bytes)
