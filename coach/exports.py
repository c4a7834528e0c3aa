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


def _ics_text(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\n", "\\n")
        .replace("\r", "")
    )


def _fold(line: str) -> str:
    """Fold a content line at 75 octets, as RFC 5545 requires."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts, start = [], 0
    while start < len(data):
        end = min(start + (75 if start == 0 else 74), len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # do not split a UTF-8 character
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start = end
    return "\r\n ".join(parts)


def actions_ics(items: Iterable[ExportItem], calendar: str = "coach action items") -> str:
    """All-day reminders on each open item's due date (items without a date are skipped)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//coach//1:1 coach//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_ics_text(calendar)}",
    ]
    for it in items:
        if it.due is None or it.done:
            continue
        uid = hashlib.sha256(f"{it.owner}|{it.task}|{it.due}".encode()).hexdigest()[:24]
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}@coach",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{it.due.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(it.due + timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{_ics_text(f'{it.owner}: {it.task}')}",
            f"DESCRIPTION:{_ics_text(it.source)}",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{_ics_text(it.task)}",
            "TRIGGER:-PT9H",
            "END:VALARM",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
