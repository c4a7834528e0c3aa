"""The LLM engine over real HTTP against a scripted OpenAI-compatible server on 127.0.0.1."""

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from coach.config import load_settings
from coach.errors import CoachError
from coach.jobs.summarize import split_for_budget, summarize
from coach.llm_engine import select_model
from coach.llm_langchain import LangChainChatModel, _memory
from coach.testing import FakeChatModel
from tests.fake_openai_server import FakeOpenAIServer

TRANSCRIPT = """1:1 Maya / Jordan 2026-11-18
Maya: Can you write down the three noisiest alerts by Tuesday?
Jordan: Sure, I'll do that.
Maya: I'll talk to Priya about the rotation.
"""
GOOD = {
    "summary": "Jordan is tired of on-call; Maya will raise the rotation with Priya.",
    "key_points": ["On-call is noisy"],
    "decisions": [],
    "concerns": ["On-call load"],
    "action_items": [
        {
            "owner": "Jordan",
            "task": "Write down the three noisiest alerts",
            "due": "by Tuesday",
            "source": "Can you write down the three noisiest alerts by Tuesday?",
        },
        {
            "owner": "Maya",
            "task": "Talk to Priya about the rotation",
            "due": None,
            "source": "I'll talk to Priya about the rotation.",
        },
    ],
    "follow_ups": ["Check the alert list"],
}


@pytest.fixture
def server():
    _memory.clear()
    with FakeOpenAIServer() as srv:
        yield srv


def llm_settings(server, **extra):
    values = {
        "llm_base_url": server.url,
        "model": "test-model",
        "llm_timeout": 2.0,
        "llm_max_retries": 2,
    }
    return load_settings(**{**values, **extra})


def run(server, **extra):
    settings = llm_settings(server, **extra)
    return summarize(TRANSCRIPT, chat=select_model(settings), settings=settings), settings


def test_auto_uses_the_llm_only_when_configured(monkeypatch):
    assert select_model(load_settings()) is None
    monkeypatch.setenv("COACH_LLM_BASE_URL", "http://127.0.0.1:1/v1")
    assert isinstance(select_model(load_settings()), LangChainChatModel)
    monkeypatch.setenv("COACH_LLM", "offline")
    assert select_model(load_settings()) is None


def test_valid_answer_is_grounded_and_dated(server):
    server.script.add(GOOD)
    result, settings = run(server)
    assert result.engine.kind == "llm" and result.engine.model == "test-model"
    jordan = next(a for a in result.action_items if a.owner == "Jordan")
    assert jordan.due == date(2026, 11, 24)  # "by Tuesday" normalised from the meeting date
    req = server.script.requests[0]
    assert req["response_format"]["type"] == "json_schema"
    # The answer budget reaches an OpenAI-compatible server as max_tokens (what llama.cpp
    # reads): without it a small model under a grammar runs on to the context limit.
    assert req["max_tokens"] == settings.llm_answer_tokens
    assert "<notes>" in req["messages"][1]["content"]
    assert "ignore" in req["messages"][0]["content"].lower()  # notes are data, not instructions
    log = (settings.log_dir / "llm_calls.jsonl").read_text().splitlines()
    entry = json.loads(log[-1])
    assert (
        entry["prompt"] == "summarize@1"
        and entry["outcome"] == "ok"
        and entry["prompt_tokens"] == 11
    )


def test_ungrounded_action_items_are_dropped_and_reported(server):
    bad = json.loads(json.dumps(GOOD))
    bad["action_items"].append(
        {
            "owner": "Maya",
            "task": "Fire the team",
            "due": None,
            "source": "Maya: I will fire the whole team.",
        }
    )
    bad["action_items"].append(
        {
            "owner": "Zed",
            "task": "Approve budget",
            "due": None,
            "source": "I'll talk to Priya about the rotation.",
        }
    )
    server.script.add(bad)
    result, _ = run(server)
    assert all("Fire" not in a.task for a in result.action_items)
    reasons = {d.item: d.reason for d in result.dropped}
    assert "not in the input" in reasons["Maya: Fire the team"]
    assert "not named" in reasons["Zed: Approve budget"]


def test_malformed_json_gets_one_reask_then_succeeds(server):
    server.script.add("{not json").add(GOOD)
    result, _ = run(server)
    assert result.engine.kind == "llm"
    reask = server.script.requests[1]["messages"]
    assert reask[-1]["role"] == "user" and "not valid" in reask[-1]["content"]


def test_garbage_twice_answers_offline_with_a_notice(server):
    server.script.add("garbage").add('{"summary": ""}')
    result, _ = run(server)
    assert result.engine.kind == "offline"
    assert "not valid" in result.engine.notice and "offline" in result.engine.notice
    assert any(a.owner == "Jordan" for a in result.action_items)  # the offline answer is real


def test_429_then_success_is_retried(server):
    server.script.add(status=429).add(GOOD)
    result, _ = run(server)
    assert result.engine.kind == "llm"
    assert len(server.script.requests) == 2


def test_persistent_5xx_answers_offline(server):
    for _ in range(5):
        server.script.add(status=500)
    result, _ = run(server, llm_max_retries=1)
    assert result.engine.kind == "offline"
    assert "HTTP 500" in result.engine.notice


def test_timeout_answers_offline(server):
    server.script.add(GOOD, delay=3).add(GOOD, delay=3)
    result, _ = run(server, llm_timeout=0.5, llm_max_retries=0)
    assert result.engine.kind == "offline" and "timed out" in result.engine.notice


def test_dead_server_answers_offline():
    settings = load_settings(llm_base_url="http://127.0.0.1:9/v1", llm_max_retries=0, llm_timeout=2)
    result = summarize(TRANSCRIPT, chat=select_model(settings), settings=settings)
    assert result.engine.kind == "offline" and "connect" in result.engine.notice


def test_rejected_json_schema_falls_back_and_is_remembered(server):
    server.script.reject_formats.add("json_schema")
    server.script.add(GOOD).add(GOOD)
    result, settings = run(server)
    assert result.engine.kind == "llm"
    kinds = [(r.get("response_format") or {}).get("type") for r in server.script.requests]
    assert kinds == ["json_schema", "json_object"]
    assert "schema" in server.script.requests[1]["response_format"]  # llama.cpp's shape
    remembered = json.loads((settings.home / "llm_modes.json").read_text())
    assert list(remembered.values()) == ["json_object_schema"]
    _memory.clear()  # a new process reads the file and starts at the rung that worked
    summarize(TRANSCRIPT, chat=select_model(settings), settings=settings)
    assert (server.script.requests[-1].get("response_format") or {}).get("type") == "json_object"
    assert len(server.script.requests) == 3


def test_call_log_has_a_line_per_request_from_the_langchain_callbacks(server):
    # A retried 429 and a rejected request shape are requests too: each gets its own line,
    # with the prompt, the rung and the outcome, and never the key or the notes.
    server.script.reject_formats.add("json_schema")
    server.script.add(status=429).add(GOOD)
    result, settings = run(server, openai_api_key="sk-secret-test", llm_max_retries=1)
    assert result.engine.kind == "llm"
    text = (settings.log_dir / "llm_calls.jsonl").read_text()
    lines = [json.loads(line) for line in text.splitlines()]
    assert [(e["mode"], e["outcome"]) for e in lines] == [
        ("json_schema", "error"),
        ("json_object_schema", "error"),
        ("json_object_schema", "ok"),
    ]
    assert "400" in lines[0]["reason"] and "429" in lines[1]["reason"]
    assert all(e["prompt"] == "summarize@1" and e["model"] == "test-model" for e in lines)
    assert lines[-1]["prompt_tokens"] == 11 and lines[-1]["latency_ms"] >= 0
    assert "sk-secret-test" not in text and "noisiest" not in text


def test_llama_cpp_python_style_500_rejection_steps_down_without_retries(server):
    server.script.reject_formats.add("json_schema_500")
    server.script.add(GOOD)
    result, _ = run(server)
    assert result.engine.kind == "llm"
    kinds = [(r.get("response_format") or {}).get("type") for r in server.script.requests]
    assert kinds == ["json_schema", "json_object"]  # the 500 was not retried as a server fault


def test_long_input_is_summarized_in_parts_not_truncated():
    lines = [f"Ada: Point {i} about the migration and the schema plan." for i in range(400)]
    lines.append("Ben: I'll write the rollback runbook by Friday.")
    text = "Sync 2026-11-23\n" + "\n".join(lines)
    fake = FakeChatModel(context_tokens=3000)
    parts = split_for_budget(text, 3000 - 2048 - 400)
    assert len(parts) > 3 and "\n".join(parts).count("Point") == 400  # nothing lost

    def reply(messages):
        part = messages[1]["content"]
        items = []
        if "rollback runbook" in part:
            items = [
                {
                    "owner": "Ben",
                    "task": "Write the rollback runbook",
                    "due": "2026-11-27",
                    "source": "I'll write the rollback runbook by Friday.",
                }
            ]
        return {"summary": "Part of the sync.", "action_items": items}

    settings = load_settings(llm_answer_tokens=2048)
    fake.enqueue(*[reply] * 50)
    result = summarize(text, chat=fake, settings=settings)
    assert result.engine.kind == "llm" and "parts" in result.engine.notice
    assert [a.owner for a in result.action_items] == ["Ben"]
    assert len(fake.history) >= 4  # several map calls plus one reduce call


def test_cli_json_against_a_local_server(server, tmp_path):
    server.script.add(GOOD)
    notes = tmp_path / "n.txt"
    notes.write_text(TRANSCRIPT)
    env = {
        "COACH_HOME": str(tmp_path / "h"),
        "COACH_LLM_BASE_URL": server.url,
        "COACH_MODEL": "test-model",
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
    }
    exe = Path(sys.executable).with_name("coach")
    proc = subprocess.run(
        [str(exe), "summarize", str(notes), "--json"], capture_output=True, text=True, env=env
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["engine"] == {"kind": "llm", "model": "test-model", "notice": None}
    server.script.add({"ok": True})
    proc = subprocess.run([str(exe), "status"], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "[ok] server" in proc.stdout and "[ok] model" in proc.stdout
    assert "[ok] structured output" in proc.stdout
    env["COACH_MODEL"] = "missing-model"
    proc = subprocess.run([str(exe), "status"], capture_output=True, text=True, env=env)
    assert proc.returncode == 1 and "missing-model is not on the server" in proc.stdout
    assert "test-model" in proc.stdout  # it says which models there are


def test_api_key_never_reaches_the_log(server, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-SECRET-123")
    server.script.add(GOOD)
    settings = llm_settings(server)
    summarize(TRANSCRIPT, chat=select_model(settings), settings=settings)
    assert "SECRET" not in (settings.log_dir / "llm_calls.jsonl").read_text()
    assert "SECRET" not in repr(settings)


def test_free_text_streams_over_http(server):
    server.script.add("Open with the specific situation first.")
    model = select_model(llm_settings(server))
    pieces = list(model.stream_text([{"role": "user", "content": "tip?"}]))
    assert len(pieces) > 3
    assert "".join(pieces).strip() == "Open with the specific situation first."
    assert server.script.requests[-1]["stream"] is True


def test_openai_embeddings_option_indexes_and_searches_via_the_server(server):
    from coach.workspace import Workspace

    settings = llm_settings(server, embeddings="openai")
    ws = Workspace(settings)
    ws.add_person("Priya")
    ws.add_note("Priya", "Priya wants to present at the spring summit.", date(2026, 11, 2))
    ws.add_note("Priya", "Budget numbers for the vendor contract.", date(2026, 11, 9))
    hits = ws.search("present at the spring summit").hits
    assert hits[0].text.startswith("Priya wants to present")
    assert any(r.get("input") for r in server.script.requests)  # embeddings went to the server
    ws.close()


def test_map_reduce_reports_progress():
    text = "Sync 2026-11-23\n" + "\n".join(f"Ada: Point {i} about the plan." for i in range(300))
    fake = FakeChatModel(context_tokens=2600)
    fake.enqueue(*[{"summary": "Part."}] * 40)
    seen = []
    summarize(
        text,
        chat=fake,
        settings=load_settings(llm_answer_tokens=2048),
        progress=lambda d, t: seen.append((d, t)),
    )
    assert len(seen) > 2 and seen[-1][0] == seen[-1][1] - 1  # the reduce step is the last one


def test_a_server_answering_200_with_html_falls_back_offline_everywhere(server, tmp_path):
    """Issue 15 #6: a 200 with a non-JSON (HTML) body crashed summarize, agenda, feedback
    and status with JSONDecodeError / AttributeError instead of answering offline."""
    from coach.service import Coach

    server.script.html = "<html><body>Please log in to the proxy</body></html>"
    settings = llm_settings(server, home=tmp_path / "home")
    coach = Coach(settings)
    try:
        coach.add_person("Jordan")
        coach.add_note("Jordan", "Jordan will send the migration plan by Friday.")
        summary, _ = coach.summarize(TRANSCRIPT)
        agenda = coach.agenda("Jordan")
        feedback = coach.feedback("You're always late.", person="Jordan")
        for result in (summary, agenda, feedback):
            assert result.engine.kind == "offline"
            assert result.engine.notice and "offline" in result.engine.notice
        status = coach.status()
        assert not status.ok
    finally:
        coach.close()


def test_grounding_drops_an_invented_task_and_a_due_date_the_source_does_not_give(server):
    """Issue 15 #7: only the quote and owner were checked, so the task "Wire $5,000 to
    account 99887766" with a real quote was kept, and so was an unsupported due date."""
    server.script.add(
        {
            "summary": "Maya and Jordan agreed on the migration plan.",
            "action_items": [
                {
                    "owner": "Jordan",
                    "task": "Wire $5,000 to account 99887766",
                    "due": "2026-11-27",
                    "source": "Sure, I'll do that.",
                },
                {
                    "owner": "Jordan",
                    "task": "Write down the three noisiest alerts",
                    "due": "2026-12-24",
                    "source": "Can you write down the three noisiest alerts by Tuesday?",
                },
            ],
        }
    )
    result, _settings = run(server)
    assert result.engine.kind == "llm"
    [item] = result.action_items
    assert item.task == "Write down the three noisiest alerts"
    assert item.due == date(2026, 11, 24)  # Tuesday after the 2026-11-18 meeting
    reasons = " | ".join(d.reason for d in result.dropped)
    assert "5,000" in reasons or "99887766" in reasons
    assert "due 2026-12-24 is not in its source" in reasons


def test_the_schema_speaks_to_the_model_and_summary_text_is_grounded(server):
    """Issue 16 #8: SmolLM2 answered with the docstring of the result type, which was sent
    as the schema description; and summary text was never checked against the input."""
    invented = {
        **GOOD,
        "summary": "Jordan is tired of on-call. Maya promised Jordan a $9,000 bonus from Helen.",
        "key_points": ["On-call is noisy", "The budget is 40% over"],
        "decisions": ["Ravi takes over the pager"],
    }
    server.script.add(invented)
    result, _settings = run(server)
    request = json.dumps(server.script.requests[0])
    assert "before grounding" not in request and "as the model states it" not in request
    assert "Two to four sentences" in request
    assert result.summary == "Jordan is tired of on-call."
    assert result.key_points == ["On-call is noisy"] and result.decisions == []
    reasons = " | ".join(d.reason for d in result.dropped)
    assert "Helen" in reasons and "40" in reasons and "Ravi" in reasons


def test_ollama_native_api_through_langchain(tmp_path):
    """COACH_MODEL=ollama:<model> speaks Ollama's own API (/api/chat, /api/tags) through
    langchain-ollama: structured summaries, the streamed persona, and the status checks."""
    from coach.diagnostics import check_llm
    from coach.service import Coach
    from tests.fake_ollama_server import FakeOllamaServer

    with FakeOllamaServer() as srv:
        settings = load_settings(
            model="ollama:llama3.1:8b", llm_base_url=srv.url, home=tmp_path / "home"
        )
        srv.script.add(GOOD)
        coach = Coach(settings)
        try:
            summary, _ = coach.summarize(TRANSCRIPT)
            assert summary.engine.kind == "llm" and summary.engine.model == "llama3.1:8b"
            assert summary.action_items[0].task.startswith("Write down")
            sent = srv.script.requests[0]
            assert sent["model"] == "llama3.1:8b" and isinstance(sent.get("format"), dict)
            assert sent["format"]["properties"]["summary"]["description"].startswith("Two to")
            srv.script.add("I guess it has been a lot lately.")
            session = coach.practice_start("quiet", "burnout")
            streamed = list(coach.practice_say_streaming(session, "How are you doing?"))
            assert streamed[-1].transcript[-1].text.strip() == "I guess it has been a lot lately."
        finally:
            coach.close()
        checks = {c.name: c.ok for c in check_llm(settings)}
        assert checks.get("server") and checks.get("model")
        missing = load_settings(model="ollama:nope", llm_base_url=srv.url, home=tmp_path / "h2")
        assert not all(c.ok for c in check_llm(missing))


def test_anthropic_messages_api_through_langchain(tmp_path, monkeypatch):
    """COACH_MODEL=anthropic:<model> speaks Anthropic's Messages API: structure as a forced
    tool call, the key sent, a 429 retried, the persona streamed, status checks."""
    from coach.diagnostics import check_llm
    from coach.service import Coach
    from tests.fake_anthropic_server import FakeAnthropicServer

    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-test")
    with FakeAnthropicServer() as srv:
        settings = load_settings(
            model="anthropic:claude-opus-4-5",
            llm_base_url=srv.url,
            llm_max_retries=1,
            home=tmp_path / "home",
        )
        srv.script.add(429).add(GOOD)
        coach = Coach(settings)
        try:
            summary, _ = coach.summarize(TRANSCRIPT)
            assert summary.engine.kind == "llm" and summary.engine.model == "claude-opus-4-5"
            assert summary.action_items[0].task.startswith("Write down")
            sent = srv.script.requests[-1]
            assert sent["tools"][0]["input_schema"]["properties"]["summary"]
            assert sent["tool_choice"]["type"] == "tool"
            headers = {k.lower(): v for k, v in srv.script.headers[-1].items()}
            assert "sk-ant-test" in (headers.get("x-api-key") or headers["authorization"])
            srv.script.add("I guess it has been a lot lately.")
            session = coach.practice_start("quiet", "burnout")
            streamed = list(coach.practice_say_streaming(session, "How are you doing?"))
            assert streamed[-1].transcript[-1].text.strip() == "I guess it has been a lot lately."
            assert srv.script.requests[-1]["stream"] is True
        finally:
            coach.close()
        srv.script.add({"ok": True})
        checks = {c.name: (c.ok, c.detail) for c in check_llm(settings)}
        assert checks["server"][0] and checks["model"][0], checks
        assert checks["structured output"] == (True, "valid JSON answer (request shape: tool)")
        missing = load_settings(
            model="anthropic:claude-nope", llm_base_url=srv.url, home=tmp_path / "h2"
        )
        failed = [c for c in check_llm(missing) if not c.ok]
        assert failed and "claude-opus-4-5" in failed[0].detail


def test_anthropic_without_a_key_stays_offline_and_says_what_is_missing(tmp_path, monkeypatch):
    from coach.llm_engine import describe_engine, llm_configured

    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    settings = load_settings(model="anthropic:claude-opus-4-5", home=tmp_path)
    assert not llm_configured(settings) and describe_engine(settings).startswith("offline")
    forced = load_settings(model="anthropic:claude-opus-4-5", llm="openai", home=tmp_path)
    with pytest.raises(CoachError, match="ANTHROPIC_API_KEY"):
        llm_configured(forced)


def test_azure_openai_deployment_through_langchain(tmp_path, monkeypatch, server):
    """COACH_MODEL=azure_openai:<deployment> calls the deployment's chat completions path
    with the api-version and the api-key header."""
    from coach.service import Coach

    monkeypatch.setenv("AZURE_OPENAI_API_KEY", "azure-test-key")
    monkeypatch.setenv("OPENAI_API_VERSION", "2024-10-21")
    settings = load_settings(
        model="azure_openai:coach-gpt4o", llm_base_url=server.base, home=tmp_path / "home"
    )
    server.script.add(GOOD)
    coach = Coach(settings)
    try:
        summary, _ = coach.summarize(TRANSCRIPT)
    finally:
        coach.close()
    assert summary.engine.kind == "llm" and summary.action_items[0].task.startswith("Write down")
    path, headers = server.script.paths[-1], server.script.headers[-1]
    assert path.startswith(
        "/openai/deployments/coach-gpt4o/chat/completions?api-version=2024-10-21"
    )
    assert headers.get("api-key") == "azure-test-key"


def test_an_unknown_provider_is_a_one_line_error_and_a_failed_status_check(
    tmp_path, capsys, monkeypatch
):
    from coach.cli import main
    from coach.diagnostics import check_llm

    settings = load_settings(model="bedrock:claude-3", home=tmp_path / "home")
    [check] = check_llm(settings)
    assert not check.ok and "not supported" in check.detail
    monkeypatch.setenv("COACH_MODEL", "bedrock:claude-3")
    notes = tmp_path / "notes.txt"
    notes.write_text("Jordan: I'll send it by Friday.")
    assert main(["summarize", str(notes)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "not supported" in err


def test_status_says_when_langchain_tracing_sends_calls_away(monkeypatch):
    from coach.diagnostics import tracing

    assert tracing() == "off"  # off by default, and in every test
    monkeypatch.setenv("LANGSMITH_TRACING", "true")
    assert tracing().startswith("on (LANGSMITH_TRACING)") and "LangSmith" in tracing()
    monkeypatch.setenv("LANGSMITH_OTEL_ENABLED", "true")
    assert "OpenTelemetry" in tracing()
