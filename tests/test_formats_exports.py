"""Uploaded file formats (.vtt, .srt, .docx) and exports (CSV, ICS)."""

import csv
import io
from datetime import date

import pytest

from coach.errors import CoachError
from coach.exports import ExportItem, actions_csv, actions_ics
from coach.formats import read_notes_file
from coach.jobs.summarize import summarize

VTT = b"""WEBVTT

00:00:01.000 --> 00:00:04.000
<v Maya>Can you send the migration plan by Friday?</v>

00:00:04.500 --> 00:00:06.000
<v Jordan>Sure, will do.</v>
"""
SRT = b"""1
00:00:01,000 --> 00:00:04,000
Maya: Can you send the migration plan by Friday?

2
00:00:04,500 --> 00:00:06,000
Jordan: Sure, will do.
"""


def _docx(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize(
    "name,data",
    [
        ("call.vtt", VTT),
        ("call.srt", SRT),
        (
            "call.docx",
            _docx(["Maya: Can you send the migration plan by Friday?", "Jordan: Sure, will do."]),
        ),
    ],
)
def test_transcript_formats_are_parsed_into_speakers(name, data):
    text = read_notes_file(name, data, 1_000_000)
    assert text.splitlines() == [
        "Maya: Can you send the migration plan by Friday?",
        "Jordan: Sure, will do.",
    ]
    result = summarize(text, meeting_date=date(2026, 11, 23))
    assert [(a.owner, a.due) for a in result.action_items] == [("Jordan", date(2026, 11, 27))]


def test_bad_uploads_are_refused():
    with pytest.raises(CoachError, match="upload a"):
        read_notes_file("x.exe", b"MZ", 1000)
    with pytest.raises(CoachError, match="larger"):
        read_notes_file("x.txt", b"a" * 2000, 1000)
    with pytest.raises(CoachError, match=r"not a valid \.docx"):
        read_notes_file("x.docx", b"not a zip", 10_000)
    with pytest.raises(CoachError, match="no caption text"):
        read_notes_file("x.vtt", b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n\n", 10_000)


ITEMS = [
    ExportItem(
        owner="Jordan",
        task="Send the migration plan, with risks",
        due=date(2026, 11, 27),
        source="Can you send the migration plan by Friday?",
    ),
    ExportItem(owner="Maya", task='=HYPERLINK("http://evil")', due=None, source="x"),
    ExportItem(owner="Maya", task="Done already", due=date(2026, 11, 25), done=True),
]


def test_csv_has_all_items_and_neutralises_formulas():
    rows = list(csv.reader(io.StringIO(actions_csv(ITEMS))))
    assert rows[0] == ["owner", "task", "due", "done", "source"]
    assert rows[1][:4] == ["Jordan", "Send the migration plan, with risks", "2026-11-27", "no"]
    assert rows[2][1].startswith("'=")
    assert rows[3][3] == "yes"


def test_ics_has_one_all_day_reminder_per_open_dated_item():
    ics = actions_ics(ITEMS)
    assert ics.startswith("BEGIN:VCALENDAR\r\n") and ics.endswith("END:VCALENDAR\r\n")
    assert ics.count("BEGIN:VEVENT") == 1
    assert "DTSTART;VALUE=DATE:20261127" in ics and "DTEND;VALUE=DATE:20261128" in ics
    assert "SUMMARY:Jordan: Send the migration plan\\, with risks" in ics
    assert all(len(line.encode()) <= 75 for line in ics.split("\r\n"))
