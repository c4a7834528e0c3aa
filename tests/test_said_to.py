"""A plain note about someone, said to them in feedback."""

from __future__ import annotations

import pytest

from coach.offline.said_to import as_then, said_to


@pytest.mark.parametrize(
    ("note", "person", "said"),
    [
        (
            'Code reviews from Jordan are very short ("LGTM") on large PRs.',
            "Jordan",
            'Your code reviews are very short ("LGTM") on large PRs.',
        ),
        (
            "Sofia misses the Monday planning call most weeks and sends no update on her tickets.",
            "Sofia Reyes",
            "You miss the Monday planning call most weeks and send no update on your tickets.",
        ),
        (
            "Arjun has skipped the last three incident reviews and has not sent his notes.",
            "Arjun",
            "You have skipped the last three incident reviews and have not sent your notes.",
        ),
        (
            "Ben's status update on Friday said the API was done.",
            "Ben",
            "Your status update on Friday said the API was done.",
        ),
        # Someone else's "she" stays theirs.
        (
            "omar interrupted Lea three times while she presented the roadmap",
            "Omar",
            "You interrupted Lea three times while she presented the roadmap",
        ),
        (
            "She skipped the team lunch to finish the write-up.",
            "Priya",
            "You skipped the team lunch to finish the write-up.",
        ),
    ],
)
def test_a_note_is_said_to_the_person(note, person, said):
    assert said_to(note, person) == said


@pytest.mark.parametrize(
    ("note", "person"),
    [
        # Whose "his" and "him" is not clear with Dana in the sentence: left for the user.
        ("Marcus was talked over; Dana finished his sentences for him.", "Marcus"),
        ("The on-call spent the evening rolling it back.", "Ravi"),  # not about them
    ],
)
def test_a_note_that_cannot_be_said_safely_is_left_alone(note, person):
    assert said_to(note, person) is None


def test_a_full_name_is_taken_out_whole():
    said = said_to("Nora Lind finished her export two days early.", "Nora Lind")
    assert said == "You finished your export two days early."


@pytest.mark.parametrize(
    ("note", "person", "then"),
    [
        (
            'Code reviews from Jordan are very short ("LGTM") on large PRs.',
            "Jordan",
            'Your code reviews were very short ("LGTM") on large PRs.',
        ),
        (
            "Sofia misses the Monday planning call most weeks and sends no update on her tickets.",
            "Sofia",
            "You missed the Monday planning call most weeks and sent no update on your tickets.",
        ),
        # The "and" that goes on from it takes the past too.
        (
            "Kim often pushes to main and breaks the build.",
            "Kim",
            "You often pushed to main and broke the build.",
        ),
        # Already in the past: nothing to change.
        ("Nadia approved the 1,200-line PR with a one-word comment.", "Nadia", None),
        ("Arjun has skipped the last three incident reviews.", "Arjun", None),
    ],
)
def test_a_pattern_noted_in_the_present_is_said_as_it_was_then(note, person, then):
    assert as_then(said_to(note, person), note) == then
