"""The service layer, use case by use case, on a real SQLite database, a real Chroma index
and the local embedding model (everything in the test's temp dir, offline engine)."""

from __future__ import annotations

from datetime import date

import pytest

from coach.service import (
    Coach,
    CoachError,
    add_account,
    check_login,
    export_item,
    list_accounts,
    login_required,
    remove_account,
    serve_policy,
)
from coach.testing import FakeChatModel

TRANSCRIPT = (
    "Maya: Can you send the migration plan by Friday?\n"
    "Jordan: Sure, will do.\n"
    "Maya: I'll book the design review for next week.\n"
)


@pytest.fixture
def jordan(coach: Coach) -> Coach:
    coach.add_person("Jordan")
    coach.add_note(
        "Jordan", "Jordan is exhausted by on-call and skipped lunch twice.", date(2026, 11, 2)
    )
    coach.add_note("Jordan", "Jordan wants to grow into a tech lead role.", date(2026, 11, 9))
    return coach


def test_summarize_without_saving_keeps_nothing(coach):
    summary, notice = coach.summarize(TRANSCRIPT, date(2026, 11, 23))
    assert summary.action_items[0].task == "Send the migration plan"
    assert summary.action_items[0].due == date(2026, 11, 27)
    assert notice is None and summary.saved_note_id is None
    assert coach.notes() == [] and coach.actions() == []


def test_summarize_and_save_stores_the_note_and_its_items_once(coach):
    coach.add_person("Jordan")
    summary, _ = coach.summarize(TRANSCRIPT, date(2026, 11, 23), "jordan", save=True)
    assert summary.saved_note_id == coach.notes("Jordan")[0].id
    assert len(coach.actions("Jordan")) == len(summary.action_items) >= 1
    _again, notice = coach.summarize(TRANSCRIPT, date(2026, 11, 23), "Jordan", save=True)
    assert "already saved" in notice
    assert len(coach.actions("Jordan")) == len(summary.action_items)  # not duplicated
    assert coach.search("migration plan", "Jordan").hits  # indexed after saving
    with pytest.raises(CoachError, match="pick a person"):
        coach.summarize(TRANSCRIPT, save=True)


def test_save_edited_replaces_the_items_of_the_note(coach):
    coach.add_person("Jordan")
    items = [
        export_item("Jordan", "Send the plan", date(2026, 11, 27)),
        export_item("Maya", "Book the review", None, done=True),
    ]
    note_id, created, count = coach.save_edited("Jordan", TRANSCRIPT, None, items)
    assert created and count == 2
    assert {a.task: a.status for a in coach.actions("Jordan")} == {
        "Send the plan": "open",
        "Book the review": "done",
    }
    same, created, count = coach.save_edited("Jordan", TRANSCRIPT, None, items[:1])
    assert same == note_id and not created and count == 1
    assert [a.task for a in coach.actions("Jordan")] == ["Send the plan"]


def test_people_notes_search_and_rebuild(jordan):
    assert [p.name for p in jordan.people()] == ["Jordan"]
    notes = jordan.notes("Jordan")
    assert jordan.note(notes[0].id).text.startswith("Jordan is exhausted")
    hit = jordan.search("burnout", "Jordan", k=1).hits[0]
    assert hit.note_id == notes[0].id
    assert jordan.rebuild_index() == (2, 2)
    with pytest.raises(CoachError):
        jordan.note(9999)


def test_import_of_uploaded_note_files(coach, tmp_path):
    coach.add_person("Ana")
    (tmp_path / "2026-10-01.md").write_text("Talked about the offsite and hiring.")
    (tmp_path / "notes.png").write_bytes(b"\x89PNG")
    report = coach.import_note_files(
        "Ana", [str(tmp_path / "2026-10-01.md"), str(tmp_path / "notes.png")]
    )
    assert report.imported == 1 and len(report.skipped) == 1
    assert coach.notes("Ana")[0].meeting_date == date(2026, 10, 1)
    with pytest.raises(CoachError, match="choose one or more"):
        coach.import_note_files("Ana", [])


def test_action_items_done_and_undone(coach):
    coach.add_person("Jordan")
    coach.summarize(TRANSCRIPT, date(2026, 11, 23), "Jordan", save=True)
    first = coach.actions("Jordan", open_only=True)[0]
    assert coach.set_action_status(first.id).status == "done"
    assert first.id not in [a.id for a in coach.actions("Jordan", open_only=True)]
    assert coach.set_action_status(first.id, done=False).status == "open"
    rows = coach.open_action_rows("Jordan", today=date(2026, 12, 1))
    assert rows[0][4] == "overdue"


def test_prepare_and_feedback_jobs_cite_the_persons_notes(jordan):
    own = {n.id for n in jordan.notes("Jordan")}
    agenda = jordan.agenda("Jordan", date(2026, 11, 16), 30)
    assert sum(t.minutes for t in agenda.topics) == 30
    assert {c.note_id for t in agenda.topics for c in t.citations} <= own
    assert agenda.topics[0].kind == "wellbeing"
    points = jordan.talking_points("Jordan", "burnout from on-call")
    assert points.scenario == "burnout"
    career = jordan.career("become a tech lead")
    assert career.message
    questions = jordan.questions("Jordan", None, 4)
    assert len(questions.questions) == 4
    draft = jordan.feedback("You are always late, be more proactive.", "Jordan")
    assert {"absolute", "vague"} <= {i.category for i in draft.issues}
    with pytest.raises(CoachError, match="pick a person"):
        jordan.agenda("", None)


def test_practice_round_trip_is_saved_for_the_trend(jordan):
    personas, scenarios = Coach.practice_options()
    assert "defensive" in personas and "burnout" in scenarios
    session = jordan.practice_start("quiet", "burnout")
    session = jordan.practice_say(session, "How are you doing with on-call lately?")
    assert session.transcript[-1].role == "persona"
    streamed = list(jordan.practice_say_streaming(session, "What would help most?"))
    assert streamed[-1].transcript[-1].role == "persona"
    scored = jordan.practice_debrief(streamed[-1])
    assert scored.id and scored.debrief
    played = jordan.practice_play(["That's just an excuse."], "defensive", "missed deadlines")
    history = jordan.practice_history()
    assert [r.id for r in history] == [scored.id, played.id]
    assert history[0].overall > history[1].overall


def test_history_timeline_and_objective_coverage(jordan):
    assert [row[0] for row in jordan.timeline("Jordan")] == ["2026-11-09", "2026-11-02"]
    titles, weeks, grid = jordan.coverage("Jordan", today=date(2026, 11, 10))
    assert len(grid) == len(titles) and all(len(r) == len(weeks) for r in grid)
    career_row = next(i for i, t in enumerate(titles) if "areer" in t)
    assert sum(grid[career_row]) >= 1


def test_export_then_import_into_another_account(jordan, settings, tmp_path):
    path = tmp_path / "out.json"
    counts = jordan.export(path)
    assert counts["notes"] == 2
    other = Coach(settings.model_copy(update={"user": "other"}))
    try:
        assert other.import_export(path)["notes"] == 2
        assert other.search("tired and overloaded").hits
    finally:
        other.close()


def test_status_and_engine_line(jordan):
    st = jordan.status()
    assert st.ok and st.engine["kind"] == "offline" and st.notes == 2
    assert "offline" in jordan.engine()
    assert jordan.chat is None and jordan.judge("agenda", "x", "y") is None


def test_the_llm_engine_is_used_when_given(settings):
    chat = FakeChatModel().enqueue({"summary": "Plan agreed.", "action_items": []})
    coach = Coach(settings, chat=chat)
    try:
        summary, _ = coach.summarize("Maya: the plan is agreed.")
        assert summary.engine.kind == "llm" and summary.summary == "Plan agreed."
    finally:
        coach.close()
    with pytest.raises(CoachError, match="needs OPENAI_API_KEY"):
        _ = Coach(settings, engine="llm").chat
    with pytest.raises(CoachError, match="unknown engine"):
        Coach(settings, engine="gpt")


def test_accounts_login_and_serving_policy(settings):
    assert not login_required(settings)
    assert serve_policy(settings, "127.0.0.1") is False
    with pytest.raises(CoachError, match="refusing"):
        serve_policy(settings, "0.0.0.0")
    add_account(settings, "bob", "correct horse battery")
    assert list_accounts(settings) == ["bob"] and login_required(settings)
    assert serve_policy(settings, "0.0.0.0") is True
    assert check_login(settings, "bob", "correct horse battery")
    assert not check_login(settings, "bob", "wrong password!")
    bob = Coach(settings.model_copy(update={"user": "bob"}))
    bob.add_person("Priya")
    bob.add_note("Priya", "Priya is planning the offsite.", date(2026, 11, 1))
    bob.close()
    assert remove_account(settings, "bob", purge=True) >= 3
    assert list_accounts(settings) == []
    bob = Coach(settings.model_copy(update={"user": "bob"}))
    try:
        assert bob.people() == [] and bob.search("offsite").hits == []
    finally:
        bob.close()


def test_the_person_page_knows_the_rhythm_the_items_and_the_themes(jordan):
    from coach.service import person_overview

    jordan.add_note(
        "Jordan", "Jordan: I'll send the on-call handover doc by Friday.", date(2026, 11, 16)
    )
    view = person_overview(jordan, "Jordan", today=date(2026, 11, 23))
    # Weekly notes: the next 1:1 is a week after the last one.
    assert view.last_meeting == date(2026, 11, 16) and view.cadence_days == 7
    assert view.next_meeting == date(2026, 11, 23)
    [item] = view.items
    assert "handover doc" in item.task and item.status == "open"
    assert view.notes[0].meeting_date == date(2026, 11, 16)  # newest first
    titles = [t for t, _ in view.themes]
    assert any("Well-being" in t for t in titles) and any("Career" in t for t in titles)
    # A just-ticked item stays on the page (so one more click undoes it).
    jordan.set_action_status(item.id, done=True)
    assert person_overview(jordan, "Jordan", today=date(2026, 11, 23)).items == []
    kept = person_overview(jordan, "Jordan", today=date(2026, 11, 23), keep={item.id})
    assert [a.status for a in kept.items] == ["done"]
    # One dated note is not a rhythm.
    jordan.add_person("Priya")
    jordan.add_note("Priya", "First 1:1 with Priya.", date(2026, 11, 20))
    assert person_overview(jordan, "Priya").next_meeting is None


def test_warm_up_indexes_waiting_notes_before_anyone_searches(coach):
    from coach.service import warm_up

    coach.add_person("Jordan")
    coach.add_note("Jordan", "Jordan asked about the staff engineer path.", index=False)
    assert coach.status(check=False).index_behind == 1
    warm_up(coach)  # what 'coach serve' runs on a background thread at start
    assert coach.status(check=False).index_behind == 0
    result = coach.search("career path toward staff engineer", person="Jordan")
    assert result.hits and result.notice is None
