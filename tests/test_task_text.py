"""The user's unkept promises read as the thing to do on an agenda."""

from __future__ import annotations

import pytest

from coach.offline.task_text import unkept_as_task


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
