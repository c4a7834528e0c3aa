"""The person's asks on the agenda. Real SQLite, Chroma and local embeddings, offline."""

from __future__ import annotations

from datetime import date


def _asks(coach, person):
    topics = coach.agenda(person, date(2026, 11, 24)).topics
    return [t for t in topics if t.kind == "ask"]


def test_an_ask_reported_or_in_their_words_is_on_the_agenda(coach):
    coach.add_person("Ola")
    coach.add_note("Ola", "Ola asked for a budget for the design course.", date(2026, 11, 3))
    coach.add_note("Ola", "ola: would it be ok if I skipped the offsite?", date(2026, 11, 10))
    asks = _asks(coach, "Ola")
    assert [a.citations[0].quote for a in asks] == [
        "would it be ok if I skipped the offsite?",
        "Ola asked for a budget for the design course.",
    ]
    assert all(a.title.startswith("Their ask: ") for a in asks)


def test_no_ask_from_a_status_note_or_small_talk(coach):
    coach.add_person("Pim")
    coach.add_note(
        "Pim",
        "pim: how was your weekend?\nme: good\npim: i fixed the deploy script",
        date(2026, 11, 10),
    )
    coach.add_note("Pim", "Pim shipped the importer. Good week.", date(2026, 11, 17))
    assert _asks(coach, "Pim") == []


def test_an_ask_you_answered_with_a_promise_is_raised_once_as_that_promise(coach):
    coach.add_person("Rui")
    coach.add_note(
        "Rui",
        "Rui: Can you pair me with someone who knows Terraform?\nMe: Sure, I'll ask Dana.",
        date(2026, 11, 12),
    )
    topics = coach.agenda("Rui", date(2026, 11, 24)).topics
    assert not [t for t in topics if t.kind == "ask"]
    [promise] = [t for t in topics if "Ask Dana" in t.title]
    assert "Can you pair me with someone who knows Terraform?" in promise.reason
