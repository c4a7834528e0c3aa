"""Summarize: notes or a transcript in, summary and action items out."""

from __future__ import annotations

from datetime import date

from coach.dates import find_meeting_date
from coach.offline.summarize import summarize_offline
from coach.parsing import parse
from coach.textin import clean_text
from coach.types import Summary


def resolve_meeting_date(text: str, given: date | None, today: date | None = None) -> date:
    """``--date`` if given, else a full date near the top of the text, else today."""
    return given or find_meeting_date(text) or today or date.today()


def summarize(
    text: str,
    meeting_date: date | None = None,
    person: str | None = None,
    max_bytes: int = 2_000_000,
) -> Summary:
    """Summarize notes or a transcript on the offline engine (deterministic, no model)."""
    text = clean_text(text, "notes", max_bytes)
    meeting = resolve_meeting_date(text, meeting_date)
    return summarize_offline(parse(text), meeting, person)
