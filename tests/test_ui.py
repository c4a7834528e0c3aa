"""The web app: plain handlers, and the real app driven over HTTP with gradio_client."""

import pytest

from coach.errors import CoachError
from tests.util import free_port
from ui.files import read_upload
from ui.pages import feedback, notes, practice, prepare, summarize

TRANSCRIPT = (
    "Maya: Can you send the migration plan by Friday?\n"
    "Jordan: Sure, will do.\n"
    "Maya: <script>alert('x')</script> I'll book the review <img src=x onerror=alert(1)>.\n"
)


def test_summarize_handler_returns_escaped_markdown_and_action_rows(coach):
    md, rows, status = summarize.summarize_outputs(coach, TRANSCRIPT, "2026-11-23", None, False)
    assert "<script>" not in md and "&lt;script&gt;" in md
    assert "<img" not in md
    assert rows[0][:3] == ["Jordan", "Send the migration plan", "2026-11-27"]
    assert "offline" in status


def test_summarize_handler_saves_to_the_picked_person(coach):
    notes.add_person(coach, "Jordan", "report")
    _md, _rows, status = summarize.summarize_outputs(
        coach, TRANSCRIPT, "2026-11-23", "Jordan", True
    )
    assert "Saved to Jordan" in status
    assert coach.actions("Jordan")[0].task == "Send the migration plan"
    with pytest.raises(CoachError, match="pick a person"):
        summarize.summarize_outputs(coach, TRANSCRIPT, "", None, True)


def test_bad_input_in_the_app_is_a_clear_error(coach, tmp_path):
    with pytest.raises(CoachError, match="empty"):
        summarize.summarize_outputs(coach, "   ", "", None, False)
    with pytest.raises(CoachError, match="invalid date"):
        summarize.summarize_outputs(coach, "Some notes.", "23/11/2026", None, False)
    exe = tmp_path / "tool.exe"
    exe.write_bytes(b"MZ\x00\x00")
    with pytest.raises(CoachError, match=r"upload a \.txt, \.md, \.docx, \.vtt or \.srt"):
        read_upload(str(exe))
    fake = tmp_path / "fake.txt"
    fake.write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(CoachError, match="binary"):
        read_upload(str(fake))


def test_notes_handlers_add_search_and_escape(coach):
    notes.add_person(coach, "Priya", "report")
    status = notes.add_note(
        coach, "Priya", "<b>Priya</b> feels overloaded with on-call.", "2026-11-02"
    )
    assert "Saved note" in status
    out = notes.search_notes(coach, "burnout", "Priya")
    assert "&lt;b&gt;Priya&lt;/b&gt;" in out and "<b>" not in out
    assert notes.list_notes(coach, "Priya")[0][1] == "2026-11-02"


def test_the_running_app_summarizes_over_http(settings):
    from gradio_client import Client

    from ui.app import serve

    port = free_port()
    app = serve(settings, host="127.0.0.1", port=port, block=False)
    try:
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        md, table, status = client.predict(
            TRANSCRIPT, "2026-11-23", None, False, api_name="/summarize"
        )
        assert "Summary" in md
        assert table["data"][0][:3] == ["Jordan", "Send the migration plan", "2026-11-27"]
        assert "engine: offline" in status
    finally:
        app.close()


def test_prepare_handlers_escape_notes_and_need_a_person(coach):
    notes.add_person(coach, "Priya", "report")
    notes.add_note(
        coach,
        "Priya",
        "Priya is exhausted <img src=x onerror=alert(1)> and skipped lunch.",
        "2026-11-02",
    )
    md = prepare.agenda_markdown(coach, "Priya", "2026-11-10", 30)
    assert "well-being" in md and "<img" not in md and "&lt;img" in md
    tp = prepare.talking_points_markdown(coach, "Priya", "burnout")
    assert "exhausted &lt;img" in tp and "<img" not in tp
    assert md.count("min)") >= 3  # a thin history still gets a usable agenda
    assert "<img" not in prepare.questions_markdown(coach, "Priya", "wellbeing", 3)
    assert "Draft message" in prepare.career_markdown(coach, "become a tech lead", None)
    with pytest.raises(CoachError, match="pick a person"):
        prepare.agenda_markdown(coach, None, "", 30)


def test_feedback_and_practice_handlers(coach):
    pieces, md, rewrite = feedback.feedback_outputs(
        coach, "You are always <b>late</b>, be more proactive.", None, "detect"
    )
    labels = {label for _text, label in pieces if label}
    assert {"about person", "absolute", "vague"} <= labels
    assert "".join(text for text, _ in pieces) == "You are always <b>late</b>, be more proactive."
    assert "no impact" in md and "<b>" not in md and rewrite
    state, chat, intro = practice.practice_start(coach, "quiet", "burnout", None, False, 2)
    assert chat == [] and "Scenario" in intro
    state, chat = practice.practice_say(coach, state, "How are you <i>really</i> doing?")
    assert (
        chat[0]["role"] == "user"
        and "&lt;i&gt;" in chat[0]["content"]
        and chat[1]["role"] == "assistant"
    )
    state, card, trend = practice.practice_debrief(coach, state)
    assert "Overall" in card and trend["visible"] is True
    from PIL import Image

    with Image.open(trend["value"]) as chart:  # a real PNG, sized for one session
        assert chart.format == "PNG" and 300 <= chart.width <= 400
    with pytest.raises(CoachError, match="start a session"):
        practice.practice_say(coach, None, "hi")


def test_agenda_download_works_for_a_name_with_a_slash(coach):
    """Issue 15 #13: "Sam (R&D/Ops)" gave FileNotFoundError on the agenda's file name."""
    from pathlib import Path

    coach.add_person("Sam (R&D/Ops)")
    coach.add_note("Sam (R&D/Ops)", "Sam will send the budget by Friday.")
    _choices, markdown, path, _rows, _ids = prepare.agenda_view(coach, "Sam (R&D/Ops)", "", 30)
    download = Path(path)
    assert download.is_file() and "/" not in download.name
    assert download.name.startswith("agenda-Sam-R-D-Ops-")
    assert "Sam (R&amp;D/Ops)" in markdown or "Sam (R&D/Ops)" in markdown
