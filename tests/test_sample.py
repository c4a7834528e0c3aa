"""The README's sample notes (docs/sample): what the README says about them holds.
Real SQLite, real Chroma and the local embeddings, offline engine."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parent.parent / "docs" / "sample"


@pytest.fixture
def sample(coach):
    for name in ("Priya", "Marcus", "Jordan"):
        coach.add_person(name)
        report = coach.import_notes(SAMPLE / name.lower(), name)
        assert report.imported == len(list((SAMPLE / name.lower()).glob("*.md")))
    return coach


def test_marcus_agenda_leads_with_his_wellbeing_and_lists_your_promises(sample):
    topics = sample.agenda("Marcus", date(2026, 11, 24)).topics
    assert topics[0].kind == "wellbeing"
    assert "caring for his dad" in topics[0].citations[0].quote
    promises = [t for t in topics if "promise" in t.title.lower()]
    assert len(promises) >= 2
    # "I haven't given him feedback on it yet" reads as the thing to do, "it" resolved.
    [feedback] = [t for t in promises if "feedback" in t.title]
    assert feedback.title == "Your promise: Give him feedback on the caching proposal"
    assert feedback.citations[0].quote == "I haven't given him feedback on it yet."


def test_marcus_talking_points_use_the_not_heard_script_and_only_fitting_notes(sample):
    tp = sample.talking_points("Marcus", "Marcus gets talked over in planning meetings")
    assert tp.scenario == "not_heard"
    cited = [c.quote for m in tp.key_messages for c in m.evidence]
    assert any("talked over" in q for q in cited)
    # His own words about not getting a word in fit too; his lateness, his dad, the caching
    # doc's numbers and your own plans do not.
    assert all("talked over" in q or "got a word in" in q for q in cited)


def test_jordan_questions_quote_only_his_own_words(sample):
    questions = sample.questions("Jordan", None, 6).questions
    text = " ".join(q.text for q in questions)
    assert "get better at estimating" in text
    # The user's observations about him ground a question at most; never quoted to him.
    for mine in ("LGTM", "Two bugs got through", "slipped a second time"):
        assert mine not in text


def test_priya_is_asked_about_the_move_she_raised_in_her_own_words(sample):
    questions = sample.questions("Priya", "aspirations", 2).questions
    asked = questions[0]
    # Her chat turn, read as career by meaning, without the "Also," that joined it.
    assert "'I've been thinking about the platform team'" in asked.text
    assert asked.citations[0].date == date(2026, 9, 22)
    # Your note that she "looked tired" is never read back to her.
    assert "looked tired" not in " ".join(q.text for q in questions)


def test_an_agenda_topic_names_each_note_it_cites_once(sample):
    from coach.render import agenda_text

    text = agenda_text(sample.agenda("Jordan", date(2026, 11, 24)))
    # "Ask Priya" cites the promise and the question it answers, both in note 17.
    [line] = [ln for ln in text.splitlines() if "Ask Priya" in ln]
    assert line.count("note ") == 1


def test_jordan_chat_owners_are_the_speakers(sample):
    items = {a.task: a.owner for a in sample.actions("Jordan")}
    assert items["Take Jordan off support for October"] == "me"
    assert items["Finish the migration"] == "Jordan"


def test_jordan_agenda_asks_to_confirm_what_is_over_and_done(sample):
    topics = sample.agenda("Jordan", date(2026, 11, 24)).topics
    assert not any(t.title.startswith("Open: Take Jordan off support") for t in topics)
    [done] = [t for t in topics if t.title.startswith("Looks done, confirm")]
    assert "Finish the migration" in done.title and "support for October" in done.title
    assert "back on it from November" in done.reason


def test_jordan_feedback_says_your_note_of_that_week_to_him(sample):
    f = sample.feedback(
        "jordan you just rubber-stamp PRs, it's unprofessional and two bugs got through "
        "because of it",
        person="Jordan",
    )
    # A pattern your note of October 15 saw, dated around it and said as it was then.
    assert f.sbi.situation == "Around October 15"
    assert f.sbi.behavior == 'Your code reviews were very short ("LGTM") on large PRs.'
    assert "unprofessional" not in f.rewrite and "rubber-stamp" not in f.rewrite
    assert f.rewrite.count("Jordan") == 1  # the greeting; your note is not read back to him


def test_priya_talking_points_for_her_move_use_the_move_script(sample):
    tp = sample.talking_points("Priya", "Priya wants to move to the platform team")
    assert tp.scenario == "internal_move"
    cited = " ".join(c.quote for m in tp.key_messages for c in m.evidence)
    assert "platform team" in cited
