"""Coaching content a manager can trust (issue 14): the right voice, the user's own work,
one path for notes, items that know when they are done, sarcasm and judgement in feedback.
Real SQLite, real Chroma and the local embeddings, offline engine."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

from coach.service import Coach

PRIYA_NOTES = [
    (
        date(2026, 10, 6),
        "Priya looks relieved but exhausted after the launch. "
        "I haven't sent the senior designer expectations yet.",
    ),
    (
        date(2026, 10, 20),
        "Priya: I'm worried about burnout, the weekends have been non-stop.\n"
        "Me: thanks for telling me, let's fix the rotation.",
    ),
]


def _priya(coach: Coach) -> Coach:
    coach.add_person("Priya")
    for day, text in PRIYA_NOTES:
        coach.add_note("Priya", text, day)
    return coach


def test_questions_quote_only_the_persons_own_words(coach):
    questions = _priya(coach).questions("Priya", n=8).questions
    said = " ".join(q.text for q in questions)
    # The manager's observation and promise are never read back to Priya as hers...
    assert "relieved but exhausted" not in said
    assert "senior designer expectations" not in said
    # ...while her own words from the transcript may be.
    assert "burnout" in said or "weekends" in said


def test_a_note_added_directly_saves_its_action_items_once(coach):
    coach.add_person("Omar")
    note, _ = coach.add_note(
        "Omar", "Omar will send the vendor comparison by Friday.", date(2026, 10, 1)
    )
    again, notice = coach.add_note(
        "Omar", "Omar will send the vendor comparison by Friday.", date(2026, 10, 1)
    )
    items = coach.actions("Omar")
    assert again.id == note.id and "already saved" in (notice or "")
    assert [(a.owner, a.note_id) for a in items] == [("Omar", note.id)]
    assert "vendor comparison" in items[0].task


def test_imported_notes_get_their_action_items(coach, tmp_path):
    coach.add_person("Lena")
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "2026-10-05.md").write_text("- Lena to write up the outage postmortem by Oct 12\n")
    report = coach.import_notes(folder, "Lena")
    assert report.imported == 1
    assert any("postmortem" in a.task for a in coach.actions("Lena"))


def test_an_item_a_later_note_reports_done_asks_for_confirmation(coach):
    coach.add_person("Priya")
    coach.add_note(
        "Priya", "Priya will set up a coffee chat with the design lead by Oct 3.", date(2026, 9, 29)
    )
    later, _ = coach.add_note(
        "Priya",
        "The coffee with the design lead happened, she found it useful.",
        date(2026, 10, 20),
    )
    [item] = coach.actions("Priya")
    assert item.status == "open" and item.done_evidence is not None
    assert item.done_evidence.note_id == later.id
    agenda = coach.agenda("Priya", date(2026, 11, 24))
    titles = [t.title for t in agenda.topics]
    assert not any(t.startswith("Overdue") and "coffee" in t for t in titles)
    assert any(t.startswith("Looks done, confirm") and "coffee" in t for t in titles)
    coach.set_action_status(item.id)
    assert coach.actions("Priya", open_only=True) == []


def test_a_part_takes_what_it_is_part_of_and_looks_done_when_the_whole_arrives(coach):
    coach.add_person("Omar")
    coach.add_note(
        "Omar",
        "me: how is the pricing work?\nomar: the pricing proposal is coming along. the "
        "outline is ready, i'll send it to you friday\nme: great",
        date(2026, 10, 14),
    )
    later, _ = coach.add_note(
        "Omar", "Got the pricing proposal from Omar, reviewed it with finance.", date(2026, 10, 28)
    )
    [item] = coach.actions("Omar")
    # "it" is the outline, only readable with what it outlines; "you" is you.
    assert (item.owner, item.task) == ("Omar", "Send the outline of the pricing proposal to me")
    assert item.done_evidence is not None and item.done_evidence.note_id == later.id


def test_an_effect_reported_later_says_the_item_happened(coach):
    coach.add_person("Ines")
    coach.add_note(
        "Ines",
        "Ines: the on-call week was rough.\nMe: I'll talk to Sam about splitting the rotation.",
        date(2026, 9, 22),
    )
    [item] = coach.actions("Ines")
    assert item.owner == "me"  # "Me:" is the user, written as everywhere else
    coach.add_note("Ines", "Sam helped with the release notes.", date(2026, 10, 6))
    assert coach.actions("Ines")[0].done_evidence is None  # helping is not the split
    coach.add_note("Ines", "ines: the rotation split helped a lot", date(2026, 10, 20))
    evidence = coach.actions("Ines")[0].done_evidence
    assert evidence is not None and "rotation split helped" in evidence.quote


def test_a_short_promise_on_the_agenda_says_what_it_answered(coach):
    coach.add_person("Jordan")
    coach.add_note(
        "Jordan",
        "Jordan: I'd like to get better at estimating. Can you pair me with someone?\n"
        "Me: Good idea, I'll ask Priya.",
        date(2026, 11, 12),
    )
    topics = coach.agenda("Jordan", date(2026, 11, 24)).topics
    [ask] = [t for t in topics if t.title.startswith("Open: Ask Priya")]
    assert 'in reply to "Can you pair me with someone?"' in ask.reason


def test_an_item_still_in_progress_stays_open(coach):
    coach.add_person("Tomas")
    coach.add_note(
        "Tomas", "Tomas will pair with Ana on the billing service by Oct 20.", date(2026, 10, 7)
    )
    coach.add_note(
        "Tomas", "Tomas is still pairing with Ana on the billing service.", date(2026, 11, 3)
    )
    [item] = coach.actions("Tomas")
    assert item.done_evidence is None
    titles = [t.title for t in coach.agenda("Tomas", date(2026, 11, 24)).topics]
    assert any("billing service" in t and t.startswith("Overdue") for t in titles)


def test_a_promise_for_a_period_looks_done_once_the_period_is_over(coach):
    coach.add_person("Jordan")
    coach.add_note(
        "Jordan",
        "jordan: i'm swamped, the support rotation eats two days a week\n"
        "me: ok, i'll take you off support for october\n"
        "jordan: that would help",
        date(2026, 10, 1),
    )
    # In October the promise is open, and the agenda lists it as yours.
    titles = [t.title for t in coach.agenda("Jordan", date(2026, 10, 15)).topics]
    assert any(t.startswith("Open: Take Jordan off support for October") for t in titles)
    back, _ = coach.add_note(
        "Jordan", "Support rotation: Jordan is back on it from November.", date(2026, 10, 29)
    )
    # After October it asks for confirmation, citing the note about what followed.
    topics = coach.agenda("Jordan", date(2026, 11, 24)).topics
    assert not any(t.title.startswith("Open: Take Jordan off support") for t in topics)
    [done] = [t for t in topics if t.title.startswith("Looks done, confirm")]
    assert "support for October" in done.title and done.citations[0].note_id == back.id


def test_a_period_over_with_no_later_note_says_so(coach):
    from coach.render import actions_text

    coach.add_person("Ivo")
    coach.add_note(
        "Ivo", "I will take Ivo off the pager rotation for the next two weeks.", date(2026, 10, 1)
    )
    [item] = coach.actions("Ivo")  # today is long after mid-October
    assert item.done_evidence is not None and item.period_over()
    assert "the period it promised is over" in actions_text([item])
    [topic] = [
        t for t in coach.agenda("Ivo", date(2026, 11, 2)).topics if t.title.startswith("Looks")
    ]
    assert "the period it promised is over" in topic.reason


def test_a_deadline_is_not_a_period(coach):
    coach.add_person("Cleo")
    coach.add_note(
        "Cleo", "Cleo will write the onboarding guide by November 6.", date(2026, 10, 20)
    )
    coach.add_note("Cleo", "Cleo asked the new hires about the guide.", date(2026, 11, 16))
    titles = [t.title for t in coach.agenda("Cleo", date(2026, 11, 30)).topics]
    assert any(t.startswith("Overdue: Write the onboarding guide") for t in titles)


def test_actions_list_shows_looks_done_with_the_command_to_confirm(coach_home):
    def run(*args: str, text: str | None = None) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "coach", *args],
            input=text,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    run("people", "add", "Mia")
    add = ("notes", "add", "-", "--person", "Mia", "--date")
    run(*add, "2026-10-14", text="Action: Mia to update the onboarding doc by Oct 21")
    run(*add, "2026-11-04", text="The onboarding doc is updated and new hires are using it.")
    out = run("actions", "list", "--open")
    assert "looks done" in out and "coach actions done" in out


def test_career_lists_only_the_users_own_work(coach):
    coach.add_person("Dana")
    coach.add_note(
        "Dana", "Dana shipped the billing migration and cut errors by 40%.", date(2026, 10, 10)
    )
    coach.add_person("Rosa", "manager")
    coach.add_note(
        "Rosa",
        "I led the hiring loop and closed three offers. Told Rosa that Dana's migration slipped.",
        date(2026, 11, 1),
    )
    for manager in (None, "Rosa"):
        prep = coach.career("become a senior manager", manager)
        assert "billing migration" not in prep.message
        assert "Dana" not in prep.message
    assert "hiring loop" in coach.career("become a senior manager", "Rosa").message


def test_a_reports_quoted_aspiration_is_not_evidence_for_the_users_career(coach):
    coach.add_person("Priya")
    coach.add_note(
        "Priya",
        'She said "I\'d like to lead something end to end next quarter". I led the hiring loop.',
        date(2026, 9, 8),
    )
    prep = coach.career("lead a bigger project end to end", None)
    cited = [c.quote for t in prep.topics for c in t.citations]
    cited += [a.citation.quote for a in prep.achievements if a.citation]
    # Her words, quoted in your note, are hers; your own line may be cited.
    assert not any("end to end next quarter" in q for q in cited)


def test_backhanded_praise_is_sarcasm_and_sincere_praise_is_not(coach):
    sarcastic = coach.feedback("Great job on the release, only three days late this time.")
    assert sarcastic.kind == "redirect"
    assert any(i.category == "sarcasm_threat" for i in sarcastic.issues)
    sincere = coach.feedback("Great job running the retro yesterday. Everyone spoke up.")
    assert sincere.kind == "praise"
    assert not any(i.category == "sarcasm_threat" for i in sincere.issues)


def test_rewrite_drops_the_label_but_keeps_the_example_and_the_question(coach):
    r = coach.feedback(
        "Stop being so negative in retros. Last week you said every idea wouldn't work. "
        "What would make retros feel useful to you?"
    )
    assert "so negative" not in r.rewrite
    assert "What would make retros feel useful to you?" in r.rewrite
    r = coach.feedback("you're lazy about documentation, the handoff doc was empty")
    assert "lazy" not in r.rewrite.lower() and "handoff doc" in r.rewrite


def test_persona_takes_in_an_agreed_plan_and_the_debrief_quotes_every_blaming_line(coach):
    plan = coach.practice_play(
        [
            "Can we talk about the missed release dates?",
            "So the plan: you flag any slip by Wednesday noon, I'll protect your Fridays. "
            "We review it on Dec 3.",
            "Does that work for you?",
        ],
        "defensive",
        scenario="missed_deadlines",
        save=False,
    )
    replies = [t for t in plan.transcript if t.role == "persona"]
    assert all(t.stage in ("problem_solving", "close") for t in replies[1:])
    assert plan.debrief.scores["next_steps"] == 5
    assert set(plan.debrief.reasons) == set(plan.debrief.scores)

    blame = ["This is just an excuse, and it's unprofessional.", "You always blame other people."]
    session = coach.practice_play(
        [*blame, "Fine."], "defensive", scenario="peer_conflict", save=False
    )
    quoted = {w.quote for w in session.debrief.weak_points if w.rubric == "no_blame"}
    assert quoted == set(blame)
    assert "about the person" in session.debrief.reasons["no_blame"]


def test_the_users_unkept_promise_is_raised_as_theirs_not_the_persons(coach):
    coach.add_person("Kofi")
    coach.add_note(
        "Kofi",
        "Kofi is frustrated that the conference budget was never approved. "
        "I haven't sent the approval request to finance yet.",
        date(2026, 11, 10),
    )
    topics = coach.agenda("Kofi", date(2026, 11, 24)).topics
    about = [t for t in topics if "approval request" in t.title]
    assert [t.title for t in about] == ["Your promise: Send the approval request to finance"]


def test_talking_points_match_by_meaning_and_ask_back_when_unsure(coach):
    coach.add_person("Marcus")
    clear = coach.talking_points("Marcus", "Marcus gets talked over in design reviews")
    assert clear.scenario == "not_heard" and clear.scenario_confidence >= 0.5
    vague = coach.talking_points("Marcus", "things with Marcus")
    assert vague.scenario_confidence < 0.15
    assert "Which is it?" in (vague.notice or "")


def test_talking_points_cite_only_notes_about_the_situation(coach):
    # "Marcus" ends in "s": his name must still be taken out before comparing meaning,
    # or every note about him looks relevant.
    coach.add_person("Marcus")
    for day, text in [
        (date(2026, 9, 10), "Marcus was talked over twice in the planning meeting."),
        (date(2026, 10, 8), "Marcus joined standup 15 minutes late three times this week."),
        (date(2026, 11, 5), "Marcus wrote up the caching proposal."),
    ]:
        coach.add_note("Marcus", text, day)
    tp = coach.talking_points("Marcus", "Marcus gets talked over in planning meetings")
    cited = [c.quote for m in tp.key_messages for c in m.evidence]
    assert cited == ["Marcus was talked over twice in the planning meeting."]


def test_talking_points_skip_notes_that_only_share_the_setting_or_praise(coach):
    # Each of the other notes shares a word with the situation ("design reviews", "team")
    # or praises; only the moment itself is evidence that Raf is dismissive.
    coach.add_person("Raf")
    for day, text in [
        (date(2026, 10, 9), "In Tuesday's design review Raf cut Joy off mid-sentence."),
        (date(2026, 10, 23), "Raf scheduled the design reviews for the rest of the quarter."),
        (date(2026, 11, 6), "Raf ran a great onboarding session for the team, nice slides."),
    ]:
        coach.add_note("Raf", text, day)
    tp = coach.talking_points("Raf", "Raf interrupts people and is dismissive in design reviews")
    cited = [c.quote for m in tp.key_messages for c in m.evidence]
    assert cited == ["In Tuesday's design review Raf cut Joy off mid-sentence."]


def test_specific_feedback_scores_above_vague_feedback(coach):
    vague = coach.feedback("You need to communicate better.")
    specific = coach.feedback(
        "In Monday's standup you said the API was done, but it returned errors for two hours, "
        "so QA lost the afternoon."
    )
    assert vague.specificity.score < 0.3 < 0.7 < specific.specificity.score
    assert set(specific.specificity.parts) == {
        "behaviour",
        "example",
        "time",
        "numbers",
        "concreteness",
        "impact",
    }
    # The rewrite is scored too, so the user sees what the rework added.
    assert vague.rewrite_specificity is not None


def test_the_llm_sees_voice_tags_and_a_quote_in_the_wrong_voice_is_dropped(settings):
    from coach.testing import FakeChatModel

    seed = Coach(settings, engine="offline")
    _priya(seed)
    seed.close()
    fake = FakeChatModel().enqueue(
        {
            "questions": [
                {
                    "text": "You said 'looks relieved but exhausted'; what is behind that?",
                    "theme": "wellbeing",
                },
                {"text": "What would make the weekends lighter for you?", "theme": "wellbeing"},
            ]
        }
    )
    coach = Coach(settings, chat=fake)
    try:
        result = coach.questions("Priya", theme="wellbeing", n=2)
    finally:
        coach.close()
    prompt = " ".join(m["content"] for m in fake.history[0])
    assert "[you] Priya looks relieved but exhausted" in prompt
    assert "[your promise] I haven't sent the senior designer expectations yet." in prompt
    assert "[theirs] I'm worried about burnout" in prompt
    texts = [q.text for q in result.questions]
    assert not any("relieved but exhausted" in t for t in texts)
    assert "What would make the weekends lighter for you?" in texts
    assert "quoting your notes" in (result.notice or "")


def test_one_click_confirms_every_item_that_looks_done(coach):
    coach.add_person("Omar")
    coach.add_note("Omar", "- Omar to send the vendor comparison by Friday", date(2026, 10, 1))
    coach.add_note("Omar", "- Omar to book the offsite venue by Oct 20", date(2026, 10, 1))
    coach.add_note("Omar", "- vendor comparison sent, we picked Acme", date(2026, 10, 15))
    rows = coach.open_action_rows("Omar", date(2026, 11, 24))
    assert rows[0][4].startswith("looks done") and "vendor comparison" in rows[0][2]
    assert rows[1][4] == "overdue"
    confirmed = coach.confirm_looks_done("Omar")
    assert [a.task for a in confirmed] == [rows[0][2]]
    assert [a.status for a in confirmed] == ["done"]
    assert len(coach.actions("Omar", open_only=True)) == 1


def test_a_later_sentence_is_read_clause_by_clause_for_what_it_reports_done(coach):
    coach.add_person("Raj")
    coach.add_note(
        "Raj", "I'll set up a pairing session for Raj with the SRE team.", date(2026, 10, 2)
    )
    coach.add_note("Raj", "I'll get Raj access to the billing dashboard.", date(2026, 10, 3))
    coach.add_note(
        "Raj",
        "The pairing session with SRE happened last week; Raj is still nervous about on-call. "
        "He shipped the invoice fix, and I still haven't sorted his dashboard access.",
        date(2026, 10, 16),
    )
    items = {a.task: a for a in coach.actions("Raj")}
    session = next(a for t, a in items.items() if "pairing session" in t)
    access = next(a for t, a in items.items() if "dashboard" in t)
    # "…happened; Raj is still nervous": the session is done, the "still" is about him.
    assert session.done_evidence is not None
    # "shipped the invoice fix, and I still haven't sorted…": nothing done about access.
    assert access.done_evidence is None


def test_a_chat_label_or_an_also_does_not_hide_what_a_line_reports_done(coach):
    coach.add_person("Nora")
    coach.add_note(
        "Nora", "Want to make sure she gets credit for that at the all-hands.", date(2026, 11, 10)
    )
    coach.add_note(
        "Nora",
        "nora: any news?\nme: also the all-hands shout-out happened, people loved the export",
        date(2026, 11, 24),
    )
    [item] = coach.actions("Nora")
    assert item.done_evidence is not None and "shout-out happened" in item.done_evidence.quote


def test_your_promise_to_find_something_out_looks_done_once_the_answer_is_noted(coach):
    coach.add_person("Nora")
    coach.add_note(
        "Nora",
        "I'll find out from Dana whether her role is affected by the reorg.",
        date(2026, 11, 10),
    )
    coach.add_note("Nora", "I'll ask Sam whether we can hire a contractor.", date(2026, 11, 11))
    coach.add_note(
        "Nora",
        "dana says our team stays as is, no changes to roles. Sam says he's still waiting on "
        "headcount approval for the contractor.",
        date(2026, 11, 24),
    )
    items = {a.task.split()[0] + a.task.split()[1]: a for a in coach.actions("Nora")}
    assert items["Findout"].done_evidence is not None  # Dana answered
    assert items["AskSam"].done_evidence is None  # "still waiting": no answer yet


def test_a_complaint_in_their_words_is_asked_about_as_support_not_built_on(coach):
    coach.add_person("Sia")
    coach.add_note(
        "Sia",
        "sia: had an idea for the onboarding flow but the PM shot it down in five seconds\n"
        "sia: and i'd love to get better at public speaking",
        date(2026, 10, 30),
    )
    asked = coach.questions("Sia", n=8).questions
    quoting = {q.theme for q in asked if "onboarding flow" in q.text}
    assert quoting == {"support"}  # never "how would you like to build on that?"
    wish = [q for q in asked if "public speaking" in q.text]
    assert wish and wish[0].theme in ("skills", "aspirations")
