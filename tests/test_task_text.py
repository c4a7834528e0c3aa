"""Task text: unkept promises read as the thing to do; "him" or "her" as the person named."""

from __future__ import annotations

import pytest

from coach.offline.referents import resolve_them_from
from coach.offline.task_text import (
    clean_task,
    resolve_person_from,
    unkept_as_task,
)


@pytest.mark.parametrize(
    ("said", "task"),
    [
        ("I haven't given him feedback on it yet.", "Give him feedback on it"),
        (
            "I still haven't sent the tech lead expectations doc, need to do that this week.",
            "Send the tech lead expectations doc",
        ),
        ("i still haven't published the on-call rotation", "Publish the on-call rotation"),
        ("I never booked the offsite venue.", "Book the offsite venue"),
        (
            "I forgot to reply to her email about the conference.",
            "Reply to her email about the conference",
        ),
        ("I didn't follow up with finance on the budget", "Follow up with finance on the budget"),
        ("I haven't planned the team offsite yet", "Plan the team offsite"),
    ],
)
def test_an_unkept_promise_becomes_its_task(said, task):
    assert unkept_as_task(said) == task


@pytest.mark.parametrize(
    "said",
    [
        "He didn't say why and I didn't ask.",  # no task to carry
        "I haven't decided yet.",
        "I'll send the deck on Friday.",  # a promise, not an unkept one
        "I haven't seen her this relaxed in months.",
    ],
)
def test_other_sentences_are_left_as_they_are(said):
    assert unkept_as_task(said) is None


@pytest.mark.parametrize(
    ("task", "before", "resolved"),
    [
        (
            "Check with her",
            "I can ask Priya to cover the vendor sync through January.",
            "Check with Priya",
        ),
        ("Send him the draft", "I'll loop in Marco on the pricing.", "Send Marco the draft"),
        # Her own thing, two people, or a name that only opens the sentence: left alone.
        ("Read her doc", "I told Priya I'd review it.", "Read her doc"),
        (
            "Tell him about the offsite",
            "We should loop in Marco and Dana.",
            "Tell him about the offsite",
        ),
        ("Remind him on Monday", "Marco missed the sync.", "Remind him on Monday"),
    ],
)
def test_him_or_her_is_the_one_person_the_sentence_before_named(task, before, resolved):
    assert resolve_person_from(task, before) == resolved


def test_days_and_months_typed_in_lower_case_read_as_names():
    said = "i'll take you off support for october and check in on monday"
    assert (
        clean_task(said[5:], None, 5, said)
        == "Take you off support for October and check in on Monday"
    )


def test_workplace_acronyms_typed_in_lower_case_are_written_as_acronyms():
    said = "yes, I'll chase hr and review the prs before the q1 okrs"
    at = said.index("chase")
    assert clean_task(said[at:], None, at, said) == "Chase HR and review the PRs before the Q1 OKRs"


@pytest.mark.parametrize(
    ("task", "before", "resolved"),
    [
        ("Nudge them", "did legal sign off on the contract? not yet, but i'll", "Nudge legal"),
        (
            "Ping them after standup",
            "The design team still hasn't sent the mockups.",
            "Ping the design team after standup",
        ),
        # Things, or two groups: left alone.
        ("Fix them", "The tests are flaky.", "Fix them"),
        ("Ask them", "Finance and legal both want the numbers.", "Ask them"),
    ],
)
def test_them_is_the_one_team_or_function_named_just_before(task, before, resolved):
    assert resolve_them_from(task, before) == resolved


def test_before_then_keeps_its_then():
    said = "Let's make sure Mia gets the runbook before then."
    at = said.index("make")
    assert clean_task(said[at:], None, at, said) == "Make sure Mia gets the runbook before then"
    said = "I'll send it then."
    assert clean_task(said[5:], None, 5, said) == "Send it"
