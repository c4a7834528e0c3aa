"""Property-based tests: parsing and extraction never crash, whatever the input."""

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.dates import find_due_date, find_explicit_dates, find_meeting_date
from coach.errors import CoachError
from coach.offline.actions import extract_actions
from coach.offline.language import check_language
from coach.parsing import parse, split_sentences
from coach.textin import decode_text

MEETING = date(2026, 11, 23)
WORDS = [
    "I'll",
    "we",
    "let's",
    "Dana",
    "will",
    "send",
    "the",
    "deck",
    "by",
    "Friday",
    "next",
    "Wednesday",
    "can",
    "you",
    "?",
    "yes",
    "sure",
    ":",
    "Action",
    "TODO",
    "-",
    "[ ]",
    "@Sam",
    "12/5",
    "2026-13-45",
    "\n",
    "Alex:",
    "Priya:",
    "end of day tomorrow",
    "in two weeks",
    "the 31st",
    "February 30",
    "—",
]
noteish = st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join)
anything = st.text(max_size=400)
fast = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@fast
@given(st.one_of(anything, noteish))
def test_dates_never_crash_and_are_real_dates(text):
    due, span = find_due_date(text, MEETING)
    assert due is None or isinstance(due, date)
    if span is not None:
        assert 0 <= span[0] <= span[1] <= len(text)
    for d, _ in find_explicit_dates(text, MEETING):
        assert isinstance(d, date)
    find_meeting_date(text)


@fast
@given(st.one_of(anything, noteish))
def test_speaker_parsing_and_sentences_never_crash(text):
    doc = parse(text)
    for s in doc.sentences:
        assert s.text.strip()
        if s.speaker is not None:
            assert s.speaker in doc.speakers
    split_sentences(text)


@fast
@given(st.one_of(anything, noteish))
def test_action_extraction_quotes_its_source(text):
    doc = parse(text)
    sentences = {s.text for s in doc.sentences}
    for item in extract_actions(doc, MEETING):
        assert item.source in sentences
        assert item.task and item.owner


@fast
@given(st.one_of(anything, noteish))
def test_language_check_spans_stay_inside_the_draft(text):
    for issue in check_language(text):
        assert 0 <= issue.span[0] <= issue.span[1] <= len(text)


@fast
@given(st.binary(max_size=600))
def test_note_import_decoding_gives_text_or_a_clear_error(data):
    try:
        text = decode_text(data, "file.md", 10_000)
    except CoachError as exc:
        assert "\n" not in str(exc)
    else:
        assert text.strip() and "\x00" not in text
