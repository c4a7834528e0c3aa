"""Saved agendas: topics ticked as they are covered, and unticked ones carried into the next
agenda, on both engines and through the CLI, export and note deletion."""

from datetime import date

import pytest

from coach.errors import CoachError
from coach.jobs.agenda import agenda
from coach.jobs.agenda_memory import cover, saved_agenda
from coach.storage.agendas import save_topics
from coach.testing import FakeChatModel
from tests.test_prepare import load_person

FIRST = date(2026, 11, 24)
NEXT = date(2026, 12, 1)


@pytest.fixture
def priya(workspace):
    load_person(workspace, "Priya")
    return workspace


def titles(a):
    return [t.title for t in a.topics]


def test_every_agenda_is_saved_with_ids_and_ticks_survive_a_rebuild(priya):
    a = agenda(priya, "Priya", FIRST, 30)
    assert all(t.id is not None and not t.covered for t in a.topics)
    ticked = a.topics[1]
    assert cover(priya, [t.id for t in a.topics], [ticked.id]) == 1
    again = agenda(priya, "Priya", FIRST, 30)  # the same meeting, built again
    assert [t.id for t in again.topics] == [t.id for t in a.topics]
    assert [t.title for t in again.topics if t.covered] == [ticked.title]
    assert [(r.title, r.covered) for r in saved_agenda(priya, "Priya")] == [
        (t.title, t.covered) for t in again.topics
    ]


def test_unticked_topics_lead_the_next_agenda_and_covered_ones_do_not_return(priya):
    a = agenda(priya, "Priya", FIRST, 30)
    evidence = [t for t in a.topics if t.citations and t.kind != "action"]
    covered, left = evidence[0], evidence[1]
    cover(priya, [t.id for t in a.topics], [covered.id])
    b = agenda(priya, "Priya", NEXT, 30)
    assert covered.title not in titles(b)  # covered, and no note since: not again
    again = next(t for t in b.topics if t.title == left.title)
    assert again.carried_from == FIRST
    assert again.reason.startswith(f"Not covered on {FIRST.isoformat()}.")
    assert sum(t.minutes for t in b.topics) == 30
    # Still not covered a week later: the reason says since when, once.
    c = agenda(priya, "Priya", date(2026, 12, 8), 30)
    still = next(t for t in c.topics if t.title == left.title)
    assert still.carried_from == FIRST
    assert still.reason.count("not covered") + still.reason.count("Not covered") == 1
    assert f"since {FIRST.isoformat()}" in still.reason


def test_a_covered_topic_comes_back_when_a_later_note_gives_it_new_evidence(priya):
    a = agenda(priya, "Priya", FIRST, 30)
    wellbeing = next(t for t in a.topics if t.kind == "wellbeing")
    cover(priya, [t.id for t in a.topics], [wellbeing.id])
    priya.add_note("Priya", "Exhausted again after another week of late nights.", NEXT)
    b = agenda(priya, "Priya", date(2026, 12, 2), 30)
    back = next(t for t in b.topics if t.kind == "wellbeing")
    assert back.carried_from is None and any(c.date == NEXT for c in back.citations)


def test_a_topic_the_engine_no_longer_raises_is_carried_first(priya):
    person = priya.store.get_person("Priya")
    note = priya.notes("Priya")[-1]
    cite = {"note_id": note.id, "date": note.meeting_date.isoformat(), "quote": "offsite"}
    save_topics(
        priya.store,
        person.id,
        FIRST,
        [{"title": "Plan the team offsite", "reason": "Asked last time.", "citations": [cite]}],
    )
    b = agenda(priya, "Priya", NEXT, 30)
    first = b.topics[0]
    assert first.title == "Plan the team offsite" and first.carried_from == FIRST
    assert first.reason == f"Not covered on {FIRST.isoformat()}. Asked last time."
    assert [c.note_id for c in first.citations] == [note.id] and first.id is not None


def test_carry_over_works_on_the_llm_engine_too(priya):
    agenda(priya, "Priya", FIRST, 30)
    first = saved_agenda(priya, "Priya")
    fake = FakeChatModel().enqueue(
        {"topics": [{"title": "Roadmap questions", "reason": "New quarter", "minutes": 30}]}
    )
    b = agenda(priya, "Priya", NEXT, 30, chat=fake)
    assert b.engine.kind == "llm"
    carried = [t.title for t in b.topics if t.carried_from == FIRST]
    assert carried and set(carried) <= {r.title for r in first}
    assert "Roadmap questions" in titles(b) and sum(t.minutes for t in b.topics) == 30


def test_ticking_unknown_topics_changes_nothing(priya, settings):
    from coach.workspace import Workspace

    a = agenda(priya, "Priya", FIRST, 30)
    ids = [t.id for t in a.topics]
    with pytest.raises(CoachError, match="no agenda topic 99999"):
        cover(priya, [*ids, 99999], ids)
    assert not any(r.covered for r in saved_agenda(priya, "Priya"))
    other = Workspace(settings.model_copy(update={"user": "mallory"}))
    try:  # another account cannot tick Priya's agenda
        with pytest.raises(CoachError):
            cover(other, ids, ids)
    finally:
        other.close()
    assert not any(r.covered for r in saved_agenda(priya, "Priya"))


def test_deleting_a_note_deletes_the_saved_topics_that_quote_it(priya):
    a = agenda(priya, "Priya", FIRST, 30)
    cited = {c.note_id for t in a.topics for c in t.citations}
    victim = sorted(cited)[0]
    quoting = {t.title for t in a.topics if any(c.note_id == victim for c in t.citations)}
    priya.store.delete_note(victim)
    left = {r.title for r in saved_agenda(priya, "Priya")}
    assert left and not left & quoting


def test_the_person_page_lists_what_the_last_agenda_left_unticked(coach):
    from coach.service import cover_topics, person_overview, saved_topics

    coach.add_person("Jordan")
    coach.add_note("Jordan", "Jordan is worried the release date will slip again.", FIRST)
    assert person_overview(coach, "Jordan").left_over == []  # no agenda built yet
    topics = coach.agenda("Jordan", NEXT).topics
    cover_topics(coach, [t.id for t in topics], [topics[0].id])
    view = person_overview(coach, "Jordan")
    assert view.last_agenda == NEXT
    assert view.left_over == [t.title for t in topics[1:] if t.kind != "action"]
    assert [t.covered for t in saved_topics(coach, "Jordan", NEXT)] == [True] + [False] * (
        len(topics) - 1
    )


def test_an_export_from_before_saved_agendas_still_imports(workspace, settings, tmp_path):
    """Format 2 files have no agenda_topics and a digest over four sections."""
    import json

    from coach.storage.export_schema import digest
    from coach.transfer import read_import, write_export
    from coach.workspace import Workspace

    load_person(workspace, "Priya")
    path = tmp_path / "new.json"
    write_export(workspace, path)
    data = json.loads(path.read_text())
    data.pop("agenda_topics")
    data["version"] = 2
    data["digest"] = digest(data, 2)
    old = tmp_path / "old.json"
    old.write_text(json.dumps(data))
    fresh = Workspace(settings.model_copy(update={"user": "carol"}))
    try:
        added = read_import(fresh, old)
        assert added["notes"] == len(workspace.notes()) and added["agenda_topics"] == 0
    finally:
        fresh.close()
