"""Dates in notes: meeting dates, and due dates worked out from the meeting date.

Conventions (documented in the README):
- a bare weekday ("by Friday", "on Monday") is the next such day after the meeting;
- "next <weekday>" is that day in the following calendar week (Monday-based);
- "this week" / "end of week" / "EOW" is the Friday of the meeting's week;
- "next week" is the Friday of the following week;
- "end of month" / "EOM" is the month's last day; "end of quarter" the quarter's;
- a month and day without a year is the first such date on or after the meeting
  (so "December 1" in a November meeting is this year, "January 5" is next year).
"""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date, timedelta

from coach.errors import CoachError

WEEKDAYS = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tue": 1,
    "tues": 1,
    "wednesday": 2,
    "wed": 2,
    "thursday": 3,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
}
MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}


def _full_names(names: dict[str, int]) -> tuple[str, ...]:
    """The full name of each day or month: the longest spelling of each number."""
    return tuple(
        max((k for k, v in names.items() if v == n), key=len) for n in sorted(set(names.values()))
    )


DAY_NAMES = _full_names(WEEKDAYS)
"""("monday", …, "sunday")"""
MONTH_NAMES = _full_names(MONTHS)
"""("january", …, "december")"""
NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "a": 1,
    "an": 1,
    "a couple of": 2,
    "a few": 3,
}

_MONTH = r"(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WD = r"(?P<wd>" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_NUM = r"(?P<n>\d{1,3}|" + "|".join(sorted(NUMBERS, key=len, reverse=True)) + r")"

# Ordered: the first pattern that matches in a sentence wins for due dates.
_ISO = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<m>[01]?\d)-(?P<day>[0-3]?\d)\b")
_SLASH = re.compile(r"\b(?P<m>[01]?\d)/(?P<day>[0-3]?\d)(?:/(?P<year>(?:19|20)?\d\d))?\b")
# "by 18.12." as much of Europe writes it (day first).
_DOTTED = re.compile(r"\b(?P<day>[0-3]?\d)\.(?P<m>[01]?\d)\.(?:(?P<year>(?:19|20)\d\d)\b)?")
_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?\b", re.I)
_DAY_MONTH = re.compile(rf"\b{_DAY}(?:\s+of)?\s+{_MONTH}(?:,?\s+{_YEAR})?\b", re.I)

_RELATIVE = [
    (
        "eod_tomorrow",
        re.compile(
            r"\b(?:end of (?:the )?day|eod|cob|close of business)\s+tomorrow\b|\btomorrow\s+(?:by\s+)?(?:end of (?:the )?day|eod|cob|morning|afternoon|evening)\b",
            re.I,
        ),
    ),
    # "tmrw", "tmr", "2moro": as chats spell it.
    ("tomorrow", re.compile(r"\b(?:tomorrow|tmrw|tmr|tmw|2moro|2morrow)\b", re.I)),
    (
        "today",
        re.compile(
            r"\b(?:today|tonight|end of (?:the )?day|eod|cob|close of business|"
            r"this (?:afternoon|evening)|later today)\b",
            re.I,
        ),
    ),
    ("next_wd", re.compile(rf"\bnext\s+{_WD}(?:\s+(?:morning|afternoon|evening|night))?\b", re.I)),
    (
        "this_wd",
        re.compile(
            rf"\b(?:this|on|by|before|until|till|due|coming|nlt|no later than)\s+(?:this\s+)?{_WD}(?:\s+(?:morning|afternoon|evening|night))?\b",
            re.I,
        ),
    ),
    ("eow", re.compile(r"\b(?:end of (?:the |this )?week|eow|this week|later this week)\b", re.I)),
    ("next_week", re.compile(r"\b(?:next week|end of next week)\b", re.I)),
    ("eom", re.compile(r"\b(?:end of (?:the |this )?month|eom|this month)\b", re.I)),
    ("next_month", re.compile(r"\bnext month\b", re.I)),
    ("eoq", re.compile(r"\b(?:end of (?:the |this )?quarter|eoq|this quarter)\b", re.I)),
    # "by end of Q1", "by Q3": the named quarter's last day, the next one to come.
    (
        "named_q",
        re.compile(
            r"\b(?:(?:by|before|for)\s+(?:the\s+)?(?:end of\s+)?|end of\s+)q(?P<q>[1-4])\b", re.I
        ),
    ),
    ("in_n", re.compile(rf"\b(?:in|within)\s+{_NUM}\s+(?P<unit>days?|weeks?|months?)\b", re.I)),
    (
        "the_nth",
        # "aiming for the 18th", "target the 18th": a day of the month said as a goal.
        re.compile(
            r"\b(?:by|on|before|until|(?:aiming|aim|shooting|target(?:ing)?)(?:\s+for)?)\s+the\s+"
            r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)\b",
            re.I,
        ),
    ),
    # "Fri: Zoe ships the newsletter draft": a list keyed by the day.
    ("this_wd", re.compile(rf"^\W*{_WD}\s*:", re.I)),
    # "update the capacity model (Mon)": a day in brackets after the task.
    ("this_wd", re.compile(rf"\(\s*{_WD}\s*\)", re.I)),
    (
        "this_wd",
        re.compile(
            r"\b(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:\s+(?:morning|afternoon|evening|night))?\b",
            re.I,
        ),
    ),
]


def parse_date_arg(value: str) -> date:
    """Parse a ``--date`` argument (YYYY-MM-DD), or raise a one-line error."""
    try:
        return date.fromisoformat(value.strip())
    except (ValueError, AttributeError):
        raise CoachError(f"invalid date {value!r}: use YYYY-MM-DD, e.g. 2026-11-23") from None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _year_for(month: int, day: int, ref: date) -> date | None:
    """The first (month, day) on or after ``ref`` minus a grace of 31 days."""
    d = _safe_date(ref.year, month, day)
    if d is None:
        return None
    if d < ref - timedelta(days=31):
        d = _safe_date(ref.year + 1, month, day)
    return d


def _explicit(match: re.Match[str], ref: date | None) -> date | None:
    g = match.groupdict()
    month = MONTHS[g["mon"].lower().rstrip(".")] if g.get("mon") else int(g["m"])
    day = int(g["day"])
    if g.get("year"):
        year = int(g["year"])
        year = year + 2000 if year < 100 else year
        return _safe_date(year, month, day)
    if ref is None:
        return None
    return _year_for(month, day, ref)


def find_explicit_dates(text: str, ref: date | None = None) -> list[tuple[date, tuple[int, int]]]:
    """All explicit calendar dates in ``text`` with their character spans, in text order."""
    found: list[tuple[date, tuple[int, int]]] = []
    taken: list[tuple[int, int]] = []
    for pattern in (_ISO, _MONTH_DAY, _DAY_MONTH, _SLASH, _DOTTED):
        for m in pattern.finditer(text):
            span = m.span()
            if any(s < span[1] and span[0] < e for s, e in taken):
                continue
            if pattern in (_SLASH, _DOTTED) and not m.group("year"):
                # "1/2 of the team" is not a date: want a year or a preposition before it.
                before = text[max(0, span[0] - 16) : span[0]].lower()
                if ref is None or not re.search(
                    r"\b(?:by|on|due|before|until|till|nlt|no later than)\s*$", before
                ):
                    continue
            d = _explicit(m, ref)
            if d is not None:
                found.append((d, span))
                taken.append(span)
    return sorted(found, key=lambda item: item[1][0])


def find_meeting_date(text: str) -> date | None:
    """A full date (with a year) near the top of the notes, taken as the meeting date."""
    head = "\n".join(text.splitlines()[:15])[:2000]
    for d, _span in find_explicit_dates(head):
        return d
    return None


def _next_weekday(ref: date, weekday: int) -> date:
    delta = (weekday - ref.weekday()) % 7
    return ref + timedelta(days=delta or 7)


def _relative(kind: str, m: re.Match[str], ref: date) -> date | None:
    if kind == "eod_tomorrow" or kind == "tomorrow":
        return ref + timedelta(days=1)
    if kind == "today":
        return ref
    if kind == "next_wd":
        wd = WEEKDAYS[m.group("wd").lower().rstrip(".")]
        monday_next = ref - timedelta(days=ref.weekday()) + timedelta(days=7)
        return monday_next + timedelta(days=wd)
    if kind == "this_wd":
        return _next_weekday(ref, WEEKDAYS[m.group("wd").lower().rstrip(".")])
    if kind == "eow":
        friday = ref - timedelta(days=ref.weekday()) + timedelta(days=4)
        return friday if friday >= ref else ref
    if kind == "next_week":
        return ref - timedelta(days=ref.weekday()) + timedelta(days=11)
    if kind == "eom":
        return date(ref.year, ref.month, monthrange(ref.year, ref.month)[1])
    if kind == "next_month":
        year, month = (ref.year + 1, 1) if ref.month == 12 else (ref.year, ref.month + 1)
        return date(year, month, monthrange(year, month)[1])
    if kind == "eoq":
        q_end = ((ref.month - 1) // 3 + 1) * 3
        return date(ref.year, q_end, monthrange(ref.year, q_end)[1])
    if kind == "named_q":
        q_end = int(m.group("q")) * 3
        year = (
            ref.year
            if date(ref.year, q_end, monthrange(ref.year, q_end)[1]) >= ref
            else ref.year + 1
        )
        return date(year, q_end, monthrange(year, q_end)[1])
    if kind == "in_n":
        raw = m.group("n").lower()
        n = int(raw) if raw.isdigit() else NUMBERS[raw]
        unit = m.group("unit").lower()
        if unit.startswith("day"):
            return ref + timedelta(days=n)
        if unit.startswith("week"):
            return ref + timedelta(weeks=n)
        month = ref.month - 1 + n
        year, month = ref.year + month // 12, month % 12 + 1
        return date(year, month, min(ref.day, monthrange(year, month)[1]))
    if kind == "the_nth":
        day = int(m.group("day"))
        for step in range(3):
            month = ref.month - 1 + step
            d = _safe_date(ref.year + month // 12, month % 12 + 1, day)
            if d is not None and d >= ref:
                return d
    return None


def find_due_date(sentence: str, meeting: date) -> tuple[date | None, tuple[int, int] | None]:
    """The due date a sentence states, relative to the meeting date, and its span.

    Explicit dates win over relative phrases ("before the retro on December 1").
    Returns ``(None, None)`` when the sentence states no date.
    """
    explicit = find_explicit_dates(sentence, meeting)
    if explicit:
        return explicit[0]
    for kind, pattern in _RELATIVE:
        m = pattern.search(sentence)
        if m:
            d = _relative(kind, m, meeting)
            if d is not None:
                return d, m.span()
    return None, None


_FOR_MONTH = re.compile(
    rf"\b(?:for|during|throughout)\s+(?:(?:all|the rest|the month) of\s+)?{_MONTH}(?!\s*\d)\b",
    re.I,
)
_FOR_SPAN = re.compile(
    rf"\bfor\s+(?:the\s+)?(?:next\s+)?(?:{_NUM}|a|an)\s+(?P<unit>day|week|month)s?\b", re.I
)
_UNTIL = re.compile(r"\b(?:until|till|til|through|thru)\b", re.I)
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30}
# "I'll shield him from requests this week": a verb that lasts makes "this week" a period
# (a deadline verb, "send it this week", does not).
_LASTING_WEEK = re.compile(
    r"\b(?:shield\w*|cover\w*|protect\w*|field\w*|keep\w*\b[^.;]{0,30}\b(?:off|away|out)|"
    r"tak(?:e|ing)\b[^.;]{0,30}\boff)\b[^.;]{0,60}?\b(?P<which>this|next)\s+week\b",
    re.I,
)


def window_end(sentence: str, said_on: date) -> date | None:
    """The last day of the period a promise covers, or None when it covers no period.

    "take you off support for October" ends on October 31, "cover your shifts for the next
    two weeks" two weeks after it was said, "act as lead until October 15" on that day,
    "shield him from requests this week" on that week's Sunday. A deadline ("send it by
    Friday", "send it this week") is not a period.
    """
    m = _FOR_MONTH.search(sentence)
    if m and m.group("mon") != "may":  # "we'll wait for may…" is the verb
        month = MONTHS[m.group("mon").lower().rstrip(".")]
        year = said_on.year + (1 if month < said_on.month else 0)
        first_of_next = date(year + month // 12, month % 12 + 1, 1)
        return first_of_next - timedelta(days=1)
    m = _FOR_SPAN.search(sentence)
    if m:
        raw = (m.group("n") or "1").lower()
        n = int(raw) if raw.isdigit() else NUMBERS.get(raw, 1)
        return said_on + timedelta(days=n * _UNIT_DAYS[m.group("unit").lower()])
    m = _UNTIL.search(sentence)
    if m:
        end, _span = find_due_date(sentence[m.start() :], said_on)
        return end
    m = _LASTING_WEEK.search(sentence)
    if m:
        sunday = said_on + timedelta(days=6 - said_on.weekday())
        return sunday + timedelta(days=7 if m.group("which").lower() == "next" else 0)
    return None
