from datetime import date

import pytest

from coach.dates import find_due_date, find_meeting_date, parse_date_arg, window_end
from coach.errors import CoachError

MONDAY = date(2026, 11, 23)
FRIDAY = date(2026, 11, 27)


@pytest.mark.parametrize(
    ("sentence", "meeting", "expected"),
    [
        ("I'll send it by Friday.", MONDAY, date(2026, 11, 27)),
        ("I'll send it by Friday.", FRIDAY, date(2026, 12, 4)),  # not the meeting day itself
        ("Let's aim for next Wednesday.", MONDAY, date(2026, 12, 2)),
        ("Done by end of day tomorrow.", MONDAY, date(2026, 11, 24)),
        ("Book it before the retro on December 1.", MONDAY, date(2026, 12, 1)),
        ("Send it on Jan 5.", MONDAY, date(2027, 1, 5)),  # month/day rolls to next year
        ("Ship by 2026-12-10.", MONDAY, date(2026, 12, 10)),
        ("Finish it in two weeks.", MONDAY, date(2026, 12, 7)),
        ("Get it done by EOW.", MONDAY, date(2026, 11, 27)),
        ("Draft it by end of month.", MONDAY, date(2026, 11, 30)),
        ("Let's close it next week.", MONDAY, date(2026, 12, 4)),
        ("Do it today.", MONDAY, MONDAY),
        ("Pay by the 15th.", MONDAY, date(2026, 12, 15)),
        ("Due 12/5 at the latest.", MONDAY, date(2026, 12, 5)),
    ],
)
def test_due_dates_are_worked_out_from_the_meeting_date(sentence, meeting, expected):
    assert find_due_date(sentence, meeting)[0] == expected


@pytest.mark.parametrize(
    "sentence",
    ["We talked about the roadmap.", "Half the team, 1/2 of it, agreed.", "We sat down."],
)
def test_sentences_without_dates_have_no_due_date(sentence):
    assert find_due_date(sentence, MONDAY) == (None, None)


def test_meeting_date_is_found_near_the_top():
    assert find_meeting_date("1:1 with Sam - November 20, 2026\nStuff") == date(2026, 11, 20)
    assert find_meeting_date("# 2026-10-02 check-in\n") == date(2026, 10, 2)
    assert find_meeting_date("No date here at all.") is None


@pytest.mark.parametrize("bad", ["2026-13-01", "yesterday", "", "2026/11/23"])
def test_invalid_date_argument_is_a_one_line_error(bad):
    with pytest.raises(CoachError) as err:
        parse_date_arg(bad)
    assert "\n" not in str(err.value)
    assert "YYYY-MM-DD" in str(err.value)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("ok, i'll take you off support for october", date(2026, 10, 31)),
        ("I'll cover your on-call shifts for the next two weeks", date(2026, 10, 15)),
        ("Sam will act as team lead until October 15.", date(2026, 10, 15)),
        ("Omar will sit on the hiring panel for November", date(2026, 11, 30)),
        ("she works from Lisbon for a month", date(2026, 10, 31)),
        ("I'll approve the remote month for September.", date(2027, 9, 30)),
        ("I'll shield him from ad-hoc requests this week", date(2026, 10, 4)),
        ("i'll cover your on-call next week", date(2026, 10, 11)),
        ("send the doc by Friday", None),
        ("I'll send the deck this week", None),  # a deadline, not a period
        ("we'll take the deck to legal this week", None),
        ("we'll wait for may to weigh in", None),
    ],
)
def test_a_promise_for_a_period_ends_when_the_period_does(sentence, expected):
    assert window_end(sentence, date(2026, 10, 1)) == expected
