"""The web app: plain handlers, and the real app driven over HTTP with gradio_client."""

import pytest

from coach.errors import CoachError
from tests.util import free_port
from ui import handlers as h

TRANSCRIPT = (
    "Maya: Can you send the migration plan by Friday?\n"
    "Jordan: Sure, will do.\n"
    "Maya: <script>alert('x')</script> I'll book the review <img src=x onerror=alert(1)>.\n"
)


def test_summarize_handler_returns_escaped_markdown_and_action_rows(workspace):
    md, rows, status = h.do_summarize(workspace, TRANSCRIPT, "2026-11-23", None, False)
    assert "<script>" not in md and "&lt;script&gt;" in md
    assert "<img" not in md
    assert rows[0][:3] == ["Jordan", "Send the migration plan", "2026-11-27"]
    assert "offline" in status


def test_summarize_handler_saves_to_the_picked_person(workspace):
    h.add_person(workspace, "Jordan", "report")
    _md, _rows, status = h.do_summarize(workspace, TRANSCRIPT, "2026-11-23", "Jordan", True)
    assert "Saved to Jordan" in status
    assert workspace.actions("Jordan")[0].task == "Send the migration plan"
    with pytest.raises(CoachError, match="pick a person"):
        h.do_summarize(workspace, TRANSCRIPT, "", None, True)


def test_bad_input_in_the_app_is_a_clear_error(workspace, tmp_path):
    with pytest.raises(CoachError, match="empty"):
        h.do_summarize(workspace, "   ", "", None, False)
    with pytest.raises(CoachError, match="invalid date"):
        h.do_summarize(workspace, "Some notes.", "23/11/2026", None, False)
    exe = tmp_path / "tool.exe"
    exe.write_bytes(b"MZ\x00\x00")
    with pytest.raises(CoachError, match=r"upload a \.txt, \.md, \.docx, \.vtt or \.srt"):
        h.read_upload(str(exe))
    fake = tmp_path / "fake.txt"
    fake.write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(CoachError, match="binary"):
        h.read_upload(str(fake))


def test_notes_handlers_add_search_and_escape(workspace):
    h.add_person(workspace, "Priya", "report")
    status = h.add_note(
        workspace, "Priya", "<b>Priya</b> feels overloaded with on-call.", "2026-11-02"
    )
    assert "Saved note" in status
    out = h.search_notes(workspace, "burnout", "Priya")
    assert "&lt;b&gt;Priya&lt;/b&gt;" in out and "<b>" not in out
    assert h.list_notes(workspace, "Priya")[0][1] == "2026-11-02"


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


def test_prepare_handlers_escape_notes_and_need_a_person(workspace):
    h.add_person(workspace, "Priya", "report")
    h.add_note(
        workspace,
        "Priya",
        "Priya is exhausted <img src=x onerror=alert(1)> and skipped lunch.",
        "2026-11-02",
    )
    md = h.do_agenda(workspace, "Priya", "2026-11-10", 30)
    assert "well-being" in md and "<img" not in md and "&lt;img" in md
    tp = h.do_talking_points(workspace, "Priya", "burnout")
    assert "exhausted &lt;img" in tp and "<img" not in tp
    assert md.count("min)") >= 3  # a thin history still gets a usable agenda
    assert "<img" not in h.do_questions(workspace, "Priya", "wellbeing", 3)
    assert "Draft message" in h.do_career(workspace, "become a tech lead", None)
    with pytest.raises(CoachError, match="pick a person"):
        h.do_agenda(workspace, None, "", 30)


def test_feedback_and_practice_handlers(workspace):
    pieces, md, rewrite = h.do_feedback(
        workspace, "You are always <b>late</b>, be more proactive.", None, "detect"
    )
    labels = {label for _text, label in pieces if label}
    assert {"about person", "absolute", "vague"} <= labels
    assert "".join(text for text, _ in pieces) == "You are always <b>late</b>, be more proactive."
    assert "no impact" in md and "<b>" not in md and rewrite
    state, chat, intro = h.practice_start(workspace, "quiet", "burnout", None, False, 2)
    assert chat == [] and "Scenario" in intro
    state, chat = h.practice_say(workspace, state, "How are you <i>really</i> doing?")
    assert (
        chat[0]["role"] == "user"
        and "&lt;i&gt;" in chat[0]["content"]
        and chat[1]["role"] == "assistant"
    )
    state, card, trend = h.practice_debrief(workspace, state)
    assert "Overall" in card and list(trend["overall"]) == [state["debrief"]["overall"]]
    with pytest.raises(CoachError, match="start a session"):
        h.practice_say(workspace, None, "hi")
