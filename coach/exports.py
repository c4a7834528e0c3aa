"""Exports people take elsewhere: action items as CSV or calendar reminders (ICS)."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from pydantic import BaseModel

CSV_COLUMNS = ["owner", "task", "due", "done", "source"]


class ExportItem(BaseModel):
    """An action item as shown in the app's editable table."""

    owner: str
    task: str
    due: date | None = None
    done: bool = False
    source: str = ""


def _cell(value: str) -> str:
    # Spreadsheet apps run cells that start with these as formulas ("CSV injection").
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def actions_csv(items: Iterable[ExportItem]) -> str:
    """CSV with a header row; text cells are protected against formula injection."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for it in items:
        writer.writerow(
            [
                _cell(it.owner),
                _cell(it.task),
                it.due.isoformat() if it.due else "",
                "yes" if it.done else "no",
                _cell(it.source),
            ]
        )
    return out.getvalue()


def actions_ics(items: Iterable[ExportItem], calendar: str = "coach action items") -> str:
    """All-day reminders on each open item's due date (items without a date are skipped).

    Written with ``icalendar``, which escapes text and folds lines as RFC 5545 requires.
    """
    from icalendar import Alarm, Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//coach//1:1 coach//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", calendar)
    stamp = datetime.now(UTC)
    for it in items:
        if it.due is None or it.done:
            continue
        event = Event()
        uid = hashlib.sha256(f"{it.owner}|{it.task}|{it.due}".encode()).hexdigest()[:24]
        event.add("uid", f"{uid}@coach")
        event.add("dtstamp", stamp)
        event.add("dtstart", it.due)
        event.add("dtend", it.due + timedelta(days=1))
        event.add("summary", f"{it.owner}: {it.task}")
        event.add("description", it.source)
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", it.task)
        alarm.add("trigger", timedelta(hours=-9))  # 15:00 the day before an all-day item
        event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical().decode("utf-8")
