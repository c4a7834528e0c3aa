"""What an export file may contain, field by field, and the digest over all of it.

Every record is validated with the same limits the CLI applies (names up to 80
characters, a known relationship and status, real dates, bounded text) before anything is
written, so a hand-edited file cannot plant a record that later breaks ``actions list`` or
the agenda. The digest is a SHA-256 over the canonical JSON of all records: any change to
any record (an altered task, an injected person, a faked practice score) is refused whole.
It detects changes to the file; it is not a signature, since whoever edits the file could
also recompute it.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from coach.storage.store import name_key

NAME = Field(min_length=1, max_length=80)
TEXT_LIMIT = 2_000_000


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _stamp(value: str | None) -> str | None:
    if value is not None:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    return value


class PersonRecord(_Record):
    name: str = NAME
    relationship: Literal["report", "manager", "peer", "other"] = "report"
    created_at: str

    @field_validator("name")
    @classmethod
    def _clean_name(cls, v: str) -> str:
        if not v.strip() or any(ord(c) < 32 for c in v):
            raise ValueError("a person's name must be printable text")
        return v

    _created = field_validator("created_at")(_stamp)


class NoteRecord(_Record):
    key: str = Field(pattern=r"^[0-9a-f]{16,64}$")
    person: str = NAME
    meeting_date: date
    text: str = Field(min_length=1, max_length=TEXT_LIMIT)
    source: str = Field(max_length=300)
    created_at: str

    _created = field_validator("created_at")(_stamp)


class ActionRecord(_Record):
    person: str | None = NAME
    note: str | None = Field(default=None, pattern=r"^[0-9a-f]{16,64}$")
    owner: str = NAME
    task: str = Field(min_length=1, max_length=500)
    due: date | None = None
    status: Literal["open", "done"]
    source: str = Field(default="", max_length=5000)
    created_at: str
    done_at: str | None = None

    _stamps = field_validator("created_at", "done_at")(_stamp)


class PracticeRecord(_Record):
    person: str | None = NAME
    persona: str = Field(min_length=1, max_length=40)
    scenario: str = Field(min_length=1, max_length=2000)
    difficulty: int = Field(ge=1, le=3)
    transcript: str = Field(max_length=TEXT_LIMIT)
    debrief: str | None = Field(default=None, max_length=TEXT_LIMIT)
    overall: float | None = Field(default=None, ge=1, le=5)
    engine: str = Field(default="offline", max_length=200)
    created_at: str

    _created = field_validator("created_at")(_stamp)


class CitationRecord(_Record):
    note: str = Field(pattern=r"^[0-9a-f]{16,64}$")
    """The cited note's key (its content hash): database ids do not travel."""
    date: date
    quote: str = Field(default="", max_length=2000)


class TopicRecord(_Record):
    person: str = NAME
    meeting_date: date
    position: int = Field(ge=0, le=1000)
    title: str = Field(min_length=1, max_length=500)
    reason: str = Field(default="", max_length=5000)
    kind: Literal[
        "action", "ask", "wellbeing", "concern", "goal", "objective", "checkin", "general"
    ]
    objective: str | None = Field(default=None, max_length=200)
    minutes: int = Field(ge=0, le=240)
    citations: list[CitationRecord] = Field(default_factory=list, max_length=50)
    carried_from: date | None = None
    covered_at: str | None = None
    created_at: str

    _stamps = field_validator("created_at", "covered_at")(_stamp)


SECTIONS: dict[str, type[_Record]] = {
    "people": PersonRecord,
    "notes": NoteRecord,
    "action_items": ActionRecord,
    "practice_sessions": PracticeRecord,
    "agenda_topics": TopicRecord,
}
SINCE_VERSION = {"agenda_topics": 3}
"""Sections newer files have: an older file's digest is over the sections it had."""


def sections(version: int) -> list[str]:
    """The sections a file of format ``version`` holds."""
    return [k for k in SECTIONS if SINCE_VERSION.get(k, 1) <= version]


def digest(data: dict[str, Any], version: int) -> str:
    """SHA-256 of the canonical JSON of the records of every section of format ``version``."""
    body = {k: data.get(k, []) for k in sections(version)}
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def validate(data: dict[str, Any]) -> str | None:
    """The first problem with the export's records, as one line, or None when all are valid."""
    for section, model in SECTIONS.items():
        rows = data.get(section, [])
        if not isinstance(rows, list):
            return f"{section} must be a list"
        for i, row in enumerate(rows, 1):
            try:
                model.model_validate(row)
            except Exception as exc:  # pydantic.ValidationError, or a non-dict row
                first = str(exc).splitlines()
                detail = " ".join(first[1:3]).strip() if len(first) > 1 else str(exc)
                return f"{section} record {i} is invalid: {detail}"[:200]
    people = {name_key(p["name"]) for p in data.get("people", [])}
    for section, what in (("notes", "a note"), ("agenda_topics", "an agenda topic")):
        for n in data.get(section, []):
            if name_key(n["person"]) not in people:
                return f"{what} names {n['person']!r}, who is not among the people"
    return None
