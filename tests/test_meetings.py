"""Recorded meetings and every input shape: the learned meeting models, owners that are
participants, cleaned summaries, pasted captions and chats."""

from __future__ import annotations

from datetime import date

import numpy as np

from coach.formats import normalise_pasted
from coach.jobs.summarize import summarize
from coach.offline import train
from coach.offline.learned import clean_disfluencies, load_model
from coach.offline.meeting import owner_of
from coach.parsing import parse

ROLES = {
    "A": "Project Manager",
    "B": "Marketing",
    "C": "User Interface",
    "D": "Industrial Designer",
}
CHATTER = [
    ("B", "Um, so I looked at the {disfmarker} the market research, uh, from last year."),
    ("C", "Yeah, the the buttons are are too small on most remotes."),
    ("D", "Mm-hmm. And the batteries, uh, they run out fast."),
    ("A", "Okay. Uh, what do people think about the colour?"),
    ("B", "I think, um, people like bright colours ... for the young market."),
    ("C", "Right, the interface should be simple."),
]
ENDING = [
    (
        "A",
        "Okay, so for the next meeting, um, the industrial designer, you're gonna be working "
        "on the components design.",
    ),
    ("D", "Okay."),
    ("A", "And marketing, you'll look into the trends for the young market."),
    ("B", "Sure, will do."),
    ("A", "I'll send the minutes to everyone after the meeting."),
]


def _meeting(ending: list[tuple[str, str]] = ENDING) -> str:
    """A four-person recorded meeting: nine rounds of chatter, then ``ending``."""
    return "\n".join(f"{ROLES[s]} ({s}): {t}" for s, t in CHATTER * 9 + ending)


def test_disfluencies_are_cleaned_without_changing_the_words():
    text = "Um, so I looked at the {disfmarker} the the market research, uh, from last year ..."
    assert clean_disfluencies(text) == "So I looked at the market research, from last year"
    assert clean_disfluencies("Mm-hmm.") == ""


def test_a_recorded_meeting_yields_few_items_owned_by_participants():
    assert load_model() is not None  # the model ships in the package
    result = summarize(_meeting(), meeting_date=date(2026, 11, 23))
    owners = {a.owner for a in result.action_items}
    assert owners <= set(ROLES.values()) | {"team"}, owners
    assert 1 <= len(result.action_items) <= 5
    assert any(
        a.owner == "Industrial Designer" and "components design" in a.task
        for a in result.action_items
    ), result.action_items
    for a in result.action_items:
        assert a.source in _meeting()  # quoted verbatim
        assert not a.task.lower().startswith(("um", "uh", "so ", "okay"))
    shown = " ".join([result.summary, *result.key_points, *result.decisions])
    assert "{disfmarker}" not in shown and " um" not in shown.lower()


def test_lowercase_chat_owners_are_the_speakers():
    text = (
        "alex: ok. i'll talk to jordan and get you off the on-call rotation by wednesday\n"
        "sam: thanks\n"
        "alex: can you send me a revised plan by Friday?\n"
        "sam: yes\n"
        "alex: close slack and let's focus"
    )
    result = summarize(text, meeting_date=date(2026, 11, 23))
    owners = {a.owner for a in result.action_items}
    assert owners == {"Alex", "Sam"}, result.action_items  # chat labels written as names
    assert not any("slack" in a.task.lower() for a in result.action_items)


def test_pasted_captions_html_and_teams_exports_become_speaker_lines():
    vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Maya>I'll send the plan.</v>\n"
    assert normalise_pasted(vtt) == "Maya: I'll send the plan."
    srt = "1\n00:00:01,000 --> 00:00:04,000\nLeo: I'll book the room.\n"
    assert normalise_pasted(srt) == "Leo: I'll book the room."
    html = "<p>Mona will send the results.</p><script>alert(1)</script>"
    assert normalise_pasted(html) == "Mona will send the results."
    teams = "Jess Park  0:03\nCan we start?\nOmar Ali  0:10\nSure, I'll share my screen."
    assert (
        normalise_pasted(teams) == "Jess Park: Can we start?\nOmar Ali: Sure, I'll share my screen."
    )
    slack = "Priya Shah  9:14 AM\nI'll write it up today\nJon Park  9:20 AM\ngreat, thanks"
    assert normalise_pasted(slack) == "Priya Shah: I'll write it up today\nJon Park: great, thanks"
    zoom = (
        "10:02:11 From Dana Lee to Everyone: i'll send the deck by friday\n"
        "14:31:10 From Ben Cho to Ana Ruiz (Direct Message): sure, 10:30 works"
    )
    assert normalise_pasted(zoom) == (
        "Dana Lee: i'll send the deck by friday\nBen Cho: sure, 10:30 works"
    )
    assert (
        normalise_pasted("Plain notes: nothing to convert.") == "Plain notes: nothing to convert."
    )


def test_training_is_reproducible_byte_for_byte(tmp_path):
    meetings = [
        {
            "meeting": f"M{i}",
            "acts": [
                {
                    "text": t,
                    "speaker": s,
                    "role": ROLES[s],
                    "extractive": n % 3 == 0,
                    "links": ["actions"] if "you'll" in t or "I'll" in t else [],
                }
                for n, (s, t) in enumerate(CHATTER * 2 + ENDING)
            ],
            "gold": {"actions": ["The industrial designer will work on the components design."]},
        }
        for i in range(4)
    ]
    first = train.write(train.train(meetings, log=None, steps=20), tmp_path / "a.npz")
    second = train.write(train.train(meetings, log=None, steps=20), tmp_path / "b.npz")
    assert first == second
    assert (tmp_path / "a.npz").read_bytes() == (tmp_path / "b.npz").read_bytes()


def test_an_item_that_repeats_a_better_one_is_dropped():
    # Two phrasings of one assignment ("work on the components" said twice) must not become
    # two action items; a third, different item stays, and the cap and the cut hold.
    from coach.offline.rerank import choose
    from retrieval.embeddings import LocalEmbedder

    texts = [
        "Industrial Designer Work on the components design",
        "Industrial Designer Be working on the components design",
        "Marketing Look into the trends for the young market",
        "Project Manager Send the minutes",
    ]
    vectors = LocalEmbedder(batch_size=8).embed(texts)
    probabilities = np.array([0.9, 0.8, 0.7, 0.2])
    assert choose(probabilities, 0.3, 5, vectors) == [0, 2]
    assert choose(probabilities, 0.3, 5) == [0, 1, 2]
    assert choose(probabilities, 0.3, 1, vectors) == [0]


def test_the_last_of_a_list_of_assignments_goes_to_whoever_was_not_named():
    # "You" here is not the next speaker (the interface designer answers), but the one
    # participant the project manager's list has not named yet.
    ending = [
        ("A", "Okay, so here's what we're each going to do before the next meeting."),
        ("A", "The industrial designer is going to work on the components concept,"),
        ("A", "the user interface designer on the interface concept,"),
        ("A", "and you're going to do the trend watching for the young market by Friday."),
        ("C", "Sounds good."),
        ("D", "Okay."),
    ]
    text = _meeting(ending)
    result = summarize(text, meeting_date=date(2026, 11, 23))
    trends = [a for a in result.action_items if "trend watching" in a.task]
    assert [a.owner for a in trends] == ["Marketing"], result.action_items


def test_what_is_handed_to_everyone_in_a_meeting_is_the_groups():
    # "You'll be getting…" from the chair of a four-person meeting is said to everyone: the
    # group receives it, not whoever happens to speak next.
    ending = [
        ("A", "Okay, that's it for today, thanks everyone."),
        ("A", "You'll be getting the revised requirements from management by email tomorrow,"),
        ("A", "so please read them before the next meeting."),
        ("C", "Okay."),
        ("D", "Great, thanks."),
    ]
    text = _meeting(ending)
    doc = parse(text)
    index = next(s.index for s in doc.sentences if "revised requirements" in s.text)
    sentence = doc.sentences[index].text
    assert owner_of(doc, index, sentence, final=True) == "team"
    # Before the whole meeting is read (as the reranker saw it): the next speaker.
    assert owner_of(doc, index, sentence) == "User Interface"


def test_a_name_said_in_a_role_labelled_meeting_is_the_speaker_who_answers_to_it():
    doc = parse(
        "Project Manager (A): Okay, so Manuel, what did you find on the components?\n"
        "Industrial Designer (B): The chips are cheap enough.\n"
        "Project Manager (A): Good. And Manuel, the battery?\n"
        "Industrial Designer (B): Standard double A.\n"
        "Project Manager (A): Thanks. So Corinne, anything from the market side?\n"
        "Marketing (C): Users want it fancy.\n"
        "User Interface (D): And simple.\n"
        "Project Manager (A): Um Manuel you'll be working on the look and feel design.\n"
    )
    last = len(doc.sentences) - 1
    assert owner_of(doc, last, doc.sentences[last].text, final=True) == "Industrial Designer"


def test_speaker_numbered_transcripts_are_transcripts_and_a_named_addressee_owns_it():
    text = (
        "Speaker 1: Okay, let's start.\n"
        "Speaker 2: Hi all.\n"
        "Speaker 3: Morning.\n"
        "Speaker 1: Dana, you'll write the cutover checklist by Friday.\n"
        "Speaker 2: Sure, I can do that.\n"
        "Speaker 1: Sam, you'll follow up with the data team tomorrow.\n"
        "Speaker 3: Will do.\n"
        "Speaker 1: And I'll send the notes to the leadership group.\n"
    )
    items = summarize(text, meeting_date=date(2026, 12, 1)).action_items
    owners = {a.task: a.owner for a in items}
    assert owners == {
        "Write the cutover checklist": "Dana",
        "Follow up with the data team": "Sam",
        "Send the notes to the leadership group": "Speaker 1",
    }


def test_a_name_given_its_own_task_does_not_own_the_next_assignment():
    # "Ryan, you'll…" names its own owner; the "you'll" after it, answered by the
    # industrial designer, is not Ryan's too. A fragment that goes on from a named "you'll"
    # ("marketing executive," / "you'll be thinking about…" / "what requirements…") keeps it.
    doc = parse(
        "Project Manager (A): Um Ryan you'll be working on the user interface design.\n"
        "Project Manager (A): Um ...\n"
        "Project Manager (A): Manuel you'll be working on the look-and-feel design.\n"
        "Industrial Designer (B): Right.\n"
        "Project Manager (A): Um and uh marketing executive,\n"
        "Project Manager (A): you'll be just thinking about what it actually ...\n"
        "Project Manager (A): what requirements it has to fulfil.\n"
        "Marketing (D): Okay.\n"
        "User Interface (C): Sounds good.\n"
    )
    owners = {s.text: owner_of(doc, s.index, s.text, final=True) for s in doc.sentences}
    assert owners["Manuel you'll be working on the look-and-feel design."] == (
        "Industrial Designer"
    )
    assert owners["what requirements it has to fulfil."] == "Marketing"


def test_a_list_of_assignments_by_spoken_name_leaves_the_last_you_to_the_one_not_named():
    # Nathan and Ron are known by who answers to them; the "you" at the end of the list is
    # the participant the list has not named, not whoever speaks next.
    doc = parse(
        "Project Manager (A): Okay, Nathan, how did the components look?\n"
        "Industrial Designer (B): Fine, the chips are cheap.\n"
        "Project Manager (A): And Nathan, the case?\n"
        "Industrial Designer (B): Plastic, probably.\n"
        "Project Manager (A): Thanks. So Ron, anything on the interface?\n"
        "User Interface (C): Simple buttons.\n"
        "Project Manager (A): Good, and Ron, the menus?\n"
        "User Interface (C): Two levels at most.\n"
        "Marketing (D): Users want it fancy.\n"
        "Project Manager (A): Okay, for next time Nathan will work on the look and feel,\n"
        "Project Manager (A): Ron will do the interface design,\n"
        "Project Manager (A): and you'll check the product evaluation with some users.\n"
        "Industrial Designer (B): Okay.\n"
    )
    last = next(s.index for s in doc.sentences if "product evaluation" in s.text)
    assert owner_of(doc, last, doc.sentences[last].text, final=True) == "Marketing"


def test_a_name_everyone_else_says_belongs_to_the_one_who_never_says_it():
    # Kate is answered only once, by different people, but she is the one participant who
    # never says "Kate": the list's "for Kate" names the industrial designer, and the last
    # "you" is whoever the list has left.
    doc = parse(
        "User Interface (C): Did Kate send the chip prices?\n"
        "Marketing (D): Yes, this morning.\n"
        "Project Manager (A): Good, and Kate, the battery?\n"
        "Industrial Designer (B): Standard double A.\n"
        "Marketing (D): I think Kate said the case might be rubber.\n"
        "User Interface (C): Nice.\n"
        "Project Manager (A): So your assignments are for Kate to do the components,\n"
        "Project Manager (A): for you, Steph, to do the user interface,\n"
        "Project Manager (A): and for you the trend watching.\n"
        "User Interface (C): Yes.\n"
    )
    last = next(s.index for s in doc.sentences if "trend watching" in s.text)
    assert owner_of(doc, last, doc.sentences[last].text, final=True) == "Marketing"


def test_an_earlier_you_of_a_list_goes_to_whoever_answered_it():
    doc = parse(
        "Project Manager (A): Next meeting, here are the tasks.\n"
        "Project Manager (A): You have to work on the components concept.\n"
        "Industrial Designer (B): Okay.\n"
        "Project Manager (A): You have to work on the user interface,\n"
        "Project Manager (A): and you have to go through the trend watching.\n"
        "User Interface (C): Fine.\n"
        "Marketing (D): Sure.\n"
    )
    last = next(s.index for s in doc.sentences if "trend watching" in s.text)
    assert owner_of(doc, last, doc.sentences[last].text, final=True) == "Marketing"
