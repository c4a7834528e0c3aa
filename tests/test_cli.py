"""The coach CLI: commands, JSON shapes and one-line errors with exit code 2."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from coach.cli import main


def run(capsys, *args, stdin=None, monkeypatch=None):
    if stdin is not None:
        import io

        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_summarize_json_has_the_documented_fields(capsys, data_dir):
    code, out, err = run(capsys, "summarize", str(data_dir / "one_on_one.txt"), "--json")
    assert code == 0, err
    data = json.loads(out)
    for key in (
        "summary",
        "key_points",
        "decisions",
        "concerns",
        "action_items",
        "follow_ups",
        "engine",
    ):
        assert key in data
    assert data["engine"] == {"kind": "offline", "model": None, "notice": None}
    item = data["action_items"][0]
    assert set(item) == {"owner", "task", "due", "source"}
    assert any(a["owner"] == "Jordan" and a["due"] == "2026-11-24" for a in data["action_items"])


def test_summarize_from_stdin_with_date(capsys, monkeypatch):
    text = b"Kim: I'll send the slides by Friday.\nLee: Thanks Kim.\nKim: Sure.\n"
    code, out, _ = run(
        capsys,
        "summarize",
        "-",
        "--date",
        "2026-11-23",
        "--json",
        stdin=text,
        monkeypatch=monkeypatch,
    )
    assert code == 0
    assert json.loads(out)["action_items"][0]["due"] == "2026-11-27"


def test_summarize_with_person_saves_note_and_actions(capsys, data_dir):
    assert run(capsys, "people", "add", "Jordan")[0] == 0
    code, out, _ = run(
        capsys, "summarize", str(data_dir / "one_on_one.txt"), "--person", "jordan", "--json"
    )
    assert code == 0
    note_id = json.loads(out)["saved_note_id"]
    assert note_id
    code, out, _ = run(capsys, "actions", "list", "--person", "Jordan", "--open", "--json")
    actions = json.loads(out)["action_items"]
    assert any("noisiest alerts" in a["task"] and a["note_id"] == note_id for a in actions)
    first = actions[0]["id"]
    assert run(capsys, "actions", "done", str(first))[0] == 0
    code, out, _ = run(capsys, "actions", "list", "--open", "--json")
    assert first not in [a["id"] for a in json.loads(out)["action_items"]]
    # Saving the same notes again does not duplicate the action items.
    run(capsys, "summarize", str(data_dir / "one_on_one.txt"), "--person", "Jordan")
    code, out, _ = run(capsys, "actions", "list", "--json")
    assert len(json.loads(out)["action_items"]) == len(actions)


def test_notes_add_list_search(capsys, monkeypatch, tmp_path):
    run(capsys, "people", "add", "Priya", "--relationship", "report")
    note = tmp_path / "n.md"
    note.write_text("Priya feels overloaded with on-call and skipped lunch all week.")
    code, out, _ = run(
        capsys, "notes", "add", "--person", "Priya", "--date", "2026-11-02", str(note)
    )
    assert code == 0 and "saved note 1" in out
    code, out, _ = run(
        capsys,
        "notes",
        "add",
        "--person",
        "Priya",
        "-",
        stdin=b"Wants a bigger scope next quarter.",
        monkeypatch=monkeypatch,
    )
    assert code == 0
    code, out, _ = run(capsys, "notes", "search", "burnout", "--json")
    data = json.loads(out)
    hit = data["hits"][0]
    assert set(hit) == {"note_id", "date", "person", "text", "score"}
    assert hit["note_id"] == 1 and hit["date"] == "2026-11-02" and hit["person"] == "Priya"
    assert data["engine"]["kind"] == "offline"
    code, out, _ = run(capsys, "notes", "list", "--person", "Priya")
    assert "2026-11-02" in out
    code, out, _ = run(capsys, "people", "list", "--json")
    assert json.loads(out)["people"][0]["name"] == "Priya"


def test_notes_import_and_index_rebuild(capsys, tmp_path, coach_home):
    run(capsys, "people", "add", "Ana")
    folder = tmp_path / "f"
    folder.mkdir()
    (folder / "2026-10-01.md").write_text("Ana shipped the onboarding redesign.")
    (folder / "2026-10-15.md").write_text("Ana is anxious about the reorg.")
    code, out, _ = run(capsys, "notes", "import", str(folder), "--person", "Ana")
    assert code == 0 and "imported 2" in out
    code, out, _ = run(capsys, "notes", "import", str(folder), "--person", "Ana")
    assert "imported 0" in out and "2 already saved" in out
    code, out, _ = run(capsys, "index", "rebuild")
    assert code == 0 and "2 note(s)" in out


@pytest.mark.parametrize(
    ("args", "setup", "message"),
    [
        (["summarize", "{empty}"], None, "empty"),
        (["summarize", "{blank}"], None, "empty"),
        (["summarize", "{binary}"], None, "binary"),
        (["summarize", "{huge}"], None, "limit"),
        (["summarize", "/no/such/file.txt"], None, "no such file"),
        (["summarize", "{good}", "--person", "Ghost"], None, "unknown person"),
        (["summarize", "{good}", "--date", "2026-02-30"], None, "invalid date"),
        (["notes", "add", "--person", "Ghost", "{good}"], None, "unknown person"),
        (
            ["notes", "add", "--person", "Priya", "{good}", "--date", "tomorrow"],
            "Priya",
            "invalid date",
        ),
        (["notes", "search", "   "], None, "empty"),
        (["actions", "done", "999"], None, "no action item"),
        (["people", "add", "Priya"], "Priya", "already exists"),
        (["notes", "show", "12345"], None, "no note"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_is_written(
    capsys, tmp_path, args, setup, message
):
    files = {
        "empty": b"",
        "blank": b"  \n\t \n",
        "binary": bytes(range(256)) * 10,
        "huge": b"a" * 5_000_001,
        "good": b"Kim: I'll send it by Friday.",
    }
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    if setup:
        run(capsys, "people", "add", setup)
    argv = [a.format(**{k: str(tmp_path / k) for k in files}) for a in args]
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    code, out, _ = run(capsys, "notes", "list", "--json")
    assert json.loads(out)["notes"] == []


def test_unknown_command_and_missing_arguments_exit_2(capsys):
    with pytest.raises(SystemExit) as err:
        main(["frobnicate"])
    assert err.value.code == 2
    with pytest.raises(SystemExit) as err:
        main(["notes", "add", "file.txt"])  # --person is required
    assert err.value.code == 2


def test_help_lists_every_command(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in ("serve", "summarize", "notes", "people", "actions", "index", "status"):
        assert command in out


def test_the_installed_console_script_runs(tmp_path, data_dir):
    """The real entry point, in a fresh process, with no network and no key."""
    env = {**os.environ, "COACH_HOME": str(tmp_path / "h"), "COACH_USER": "cli"}
    env.pop("OPENAI_API_KEY", None)
    exe = Path(sys.executable).with_name("coach")
    proc = subprocess.run(
        [str(exe), "summarize", str(data_dir / "team_meeting.txt"), "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["action_items"]
    proc = subprocess.run(
        [str(exe), "summarize", "/missing"], capture_output=True, text=True, env=env
    )
    assert proc.returncode == 2 and proc.stderr.strip() == "coach: error: no such file: /missing"


def test_prepare_commands_print_json_with_engine_and_text(capsys, data_dir):
    run(capsys, "people", "add", "Jordan")
    run(capsys, "summarize", str(data_dir / "one_on_one.txt"), "--person", "Jordan")
    code, out, err = run(
        capsys, "agenda", "--person", "Jordan", "--date", "2026-11-25", "--minutes", "20", "--json"
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["engine"]["kind"] == "offline" and sum(t["minutes"] for t in data["topics"]) == 20
    assert any("noisiest alerts" in t["title"] for t in data["topics"])
    code, out, _ = run(capsys, "agenda", "--person", "Jordan")
    assert code == 0 and "# 1:1 with Jordan" in out and "engine: offline" in out
    code, out, _ = run(
        capsys, "talking-points", "--person", "Jordan", "--situation", "on-call burnout", "--json"
    )
    assert code == 0 and json.loads(out)["scenario"] == "burnout"
    code, out, _ = run(capsys, "career", "--about", "grow into a staff engineer", "--json")
    assert code == 0 and json.loads(out)["message"]
    code, out, _ = run(capsys, "questions", "--person", "Jordan", "--n", "3")
    assert code == 0 and out.count("?") >= 3
    code, _, err = run(capsys, "questions", "--person", "Jordan", "--theme", "nope")
    assert code == 2 and "unknown theme" in err
    code, _, err = run(capsys, "agenda", "--person", "Jordan", "--date", "soon")
    assert code == 2 and "invalid date" in err


def test_agenda_topics_are_ticked_from_the_cli_and_unticked_ones_carry_over(capsys, data_dir):
    run(capsys, "people", "add", "Jordan")
    run(capsys, "summarize", str(data_dir / "one_on_one.txt"), "--person", "Jordan")
    code, out, err = run(capsys, "agenda", "--person", "Jordan", "--date", "2026-11-25")
    assert code == 0 and "coach topics done" in err
    code, out, _ = run(capsys, "topics", "list", "--person", "Jordan", "--json")
    topics = json.loads(out)["topics"]
    assert code == 0 and topics and not any(t["covered"] for t in topics)
    code, out, _ = run(capsys, "topics", "done", str(topics[0]["id"]))
    assert code == 0 and out.strip() == "1 topic(s) marked covered"
    code, out, _ = run(capsys, "topics", "list", "--person", "Jordan")
    assert out.splitlines()[0].startswith(f"[x] {topics[0]['id']:>4}  {topics[0]['title']}")
    assert all(line.startswith("[ ]") for line in out.splitlines()[1:])
    code, out, _ = run(capsys, "agenda", "--person", "Jordan", "--date", "2026-12-02", "--json")
    carried = [t for t in json.loads(out)["topics"] if t["carried_from"] == "2026-11-25"]
    assert code == 0 and {t["title"] for t in carried} <= {t["title"] for t in topics[1:]}
    assert carried and all(t["reason"].startswith("Not covered on 2026-11-25") for t in carried)
    code, _, err = run(capsys, "topics", "done", "424242")
    assert code == 2 and err.strip() == "coach: error: no agenda topic 424242"


def test_feedback_and_practice_commands(capsys, tmp_path, monkeypatch):
    code, out, _ = run(capsys, "feedback", "You always miss standup and it's lazy.", "--json")
    data = json.loads(out)
    assert code == 0 and {"sbi", "issues", "rewrite", "engine", "kind"} <= set(data)
    assert {"absolute", "judgmental"} <= {i["category"] for i in data["issues"]}
    assert all(len(i["span"]) == 2 for i in data["issues"])
    code, out, _ = run(
        capsys,
        "feedback",
        "-",
        "--kind",
        "praise",
        stdin=b"Thanks for the demo on Friday, it helped sales.",
        monkeypatch=monkeypatch,
    )
    assert code == 0 and "Feedback (praise)" in out
    turns = tmp_path / "turns.txt"
    turns.write_text(
        "On Monday the release slipped, which meant support waited. What happened?\n\nSo you'll send a plan by Friday?\n"
    )
    code, out, _ = run(
        capsys,
        "practice",
        "--persona",
        "receptive",
        "--scenario",
        "missed deadlines",
        "--turns",
        str(turns),
        "--json",
    )
    data = json.loads(out)
    assert code == 0 and [t["role"] for t in data["transcript"]] == [
        "user",
        "persona",
        "user",
        "persona",
    ]
    assert set(data["debrief"]["scores"]) == {
        "sbi_opening",
        "open_questions",
        "listening",
        "no_blame",
        "next_steps",
        "tone",
    }
    code, out, _ = run(capsys, "practice", "--history", "--json")
    assert len(json.loads(out)["sessions"]) == 1
    # A scenario of your own with someone you know: their name, your topic.
    code, _, err = run(
        capsys, "practice", "--scenario", "x y z", "--person", "Nobody", "--turns", str(turns)
    )
    assert code == 2 and "unknown person" in err
    code, _, err = run(capsys, "feedback", "   ")
    assert code == 2 and "empty" in err


def test_interactive_practice_in_a_terminal(capsys, monkeypatch):
    import io

    monkeypatch.setattr(
        sys, "stdin", io.StringIO("What's been going on with the deadlines?\n/debrief\n")
    )
    code, out, _ = run(capsys, "practice", "--persona", "quiet", "--scenario", "missed deadlines")
    assert code == 0 and "them> " in out and "Overall" in out


def test_export_and_import_commands(capsys, tmp_path, monkeypatch):
    run(capsys, "people", "add", "Priya")
    run(
        capsys,
        "notes",
        "add",
        "--person",
        "Priya",
        "-",
        stdin=b"Priya shipped the cache.",
        monkeypatch=monkeypatch,
    )
    code, out, _ = run(capsys, "export", str(tmp_path / "e.json"))
    assert code == 0 and "1 people, 1 notes" in out
    monkeypatch.setenv("COACH_USER", "other")
    code, out, _ = run(capsys, "import", str(tmp_path / "e.json"))
    assert (
        code == 0
        and out.strip()
        == "imported into other: 1 people, 1 notes, 0 action items, 0 practice sessions, "
        "0 agenda topics"
    )
    code, _, err = run(capsys, "import", str(tmp_path / "missing.json"))
    assert code == 2 and "no such file" in err


def test_notes_add_saves_at_once_and_the_next_search_finds_the_note(tmp_path, capsys):
    # 'coach notes add' does not open the index (seconds); the next search indexes the note
    # first, so it is found and the index is not reported behind.
    from coach.cli import main

    assert main(["people", "add", "Jordan"]) == 0
    note = tmp_path / "note.md"
    note.write_text("Jordan wants to put together a promotion packet this quarter.")
    assert main(["notes", "add", "--person", "Jordan", str(note)]) == 0
    assert "saved note 1" in capsys.readouterr().out
    assert main(["status", "--json"]) == 0
    assert '"index_behind": 1' in capsys.readouterr().out
    assert main(["notes", "search", "promotion packet"]) == 0
    out = capsys.readouterr().out
    assert "[note 1 |" in out and "behind" not in out
