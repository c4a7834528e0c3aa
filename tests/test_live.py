"""Opt-in tests against a real local model server (``pytest -m live``).

Either point ``COACH_LIVE_BASE_URL`` at a running OpenAI-compatible server (with
``COACH_LIVE_MODEL``), or give ``COACH_LIVE_GGUF`` (a .gguf file) and
``COACH_LIVE_PYTHON`` (a Python with ``llama-cpp-python[server]``) and the test starts
llama.cpp's server on 127.0.0.1 itself. See the README for a SmolLM2 recipe.
"""

from __future__ import annotations

import os
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from coach.chat import ChatError
from coach.config import load_settings
from coach.diagnostics import check_llm
from coach.grounding import find_source
from coach.jobs.summarize import summarize
from coach.llm_engine import select_model
from coach.parsing import parse
from tests.util import free_port

pytestmark = pytest.mark.live
DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def live_server():
    url = os.environ.get("COACH_LIVE_BASE_URL")
    if url:
        yield url, os.environ.get("COACH_LIVE_MODEL", "local")
        return
    gguf, python = os.environ.get("COACH_LIVE_GGUF"), os.environ.get("COACH_LIVE_PYTHON")
    if not (gguf and python):
        pytest.skip("set COACH_LIVE_BASE_URL, or COACH_LIVE_GGUF and COACH_LIVE_PYTHON")
    port = free_port()
    proc = subprocess.Popen(
        [
            python,
            "-m",
            "llama_cpp.server",
            "--model",
            gguf,
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--n_ctx",
            "8192",
            "--model_alias",
            "smollm2",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/v1"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(base + "/models", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("llama.cpp server did not start")
        yield base, "smollm2"
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def _settings(live_server, tmp_path):
    url, model = live_server
    return load_settings(
        llm_base_url=url,
        model=model,
        llm_timeout=300,
        llm_max_retries=1,
        llm_context_tokens=8192,
        llm_answer_tokens=1024,
        # Greedy decoding: at 0.2 the 135M model sometimes repeats itself until the answer
        # budget cuts the JSON off. The test is about the wire path, which should not vary.
        temperature=0.0,
        home=tmp_path / "h",
    )


def test_status_passes_against_the_real_server(live_server, tmp_path):
    checks = check_llm(_settings(live_server, tmp_path))
    assert all(c.ok for c in checks), checks
    assert [c.name for c in checks] == ["server", "model", "structured output"]


def test_summarize_on_a_real_model_is_grounded(live_server, tmp_path):
    settings = _settings(live_server, tmp_path)
    text = (DATA / "one_on_one.txt").read_text()
    result = summarize(text, chat=select_model(settings), settings=settings)
    # The server constrains output to the schema, so even a 135M model answers validly.
    assert result.engine.kind == "llm", result.engine.notice
    assert result.engine.model == settings.model and result.summary
    doc = parse(text)
    for item in result.action_items:
        assert find_source(item.source, doc) == item.source, (
            "every kept action item quotes the input"
        )
    log = (settings.log_dir / "llm_calls.jsonl").read_text()
    assert "summarize@" in log


def test_streaming_from_the_real_server(live_server, tmp_path):
    model = select_model(_settings(live_server, tmp_path))
    try:
        text = "".join(model.stream_text([{"role": "user", "content": "Say hello in five words."}]))
    except ChatError as exc:  # pragma: no cover - reported, not hidden
        pytest.fail(exc.reason)
    assert text.strip()
