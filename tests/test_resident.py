"""The resident index process behind ``coach notes search``: real processes, a real socket,
a real index in the test's COACH_HOME."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from coach.config import load_settings
from coach.service import resident


def _coach(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    exe = Path(sys.executable).with_name("coach")
    proc = subprocess.run(
        [str(exe), *args], input=stdin, capture_output=True, text=True, env=env, timeout=180
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def _add_note(env: dict[str, str], day: str, text: str) -> None:
    _coach(env, "notes", "add", "--person", "Jordan", "--date", day, "-", stdin=text)


def _wait_for(path: Path, seconds: float = 120) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if path.exists() and resident.ask_alive(path):
            return
        time.sleep(0.2)
    raise AssertionError(f"no resident index process answered on {path}")


@pytest.fixture
def env(coach_home, monkeypatch):
    monkeypatch.setenv("COACH_RESIDENT_INDEX", "true")
    environ = {**os.environ}
    yield environ
    resident.stop(load_settings())


def test_searches_are_answered_by_one_resident_process_that_sees_new_notes(env):
    _coach(env, "people", "add", "Jordan")
    _add_note(env, "2026-11-02", "Jordan is tired of the on-call rotation and wants it shared.")
    first = json.loads(_coach(env, "notes", "search", "on-call load", "--json"))
    assert "on-call" in first["hits"][0]["text"]  # answered in-process, process started

    settings = load_settings()
    path = resident.socket_path(settings)
    _wait_for(path)
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700  # only you can reach it
    assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0

    # A note saved by another command after the process started is found by it.
    _add_note(env, "2026-11-16", "Jordan wants to learn Rust and asked for a conference budget.")
    answer = resident.ask(settings, {"query": "learning Rust", "person": "Jordan", "k": 2})
    assert answer is not None, "the resident process did not answer"
    assert "Rust" in answer.hits[0].text
    assert answer.index_behind == 0

    # The CLI gets the same answer through it.
    via_cli = json.loads(_coach(env, "notes", "search", "learning Rust", "--json"))
    assert via_cli["hits"][0]["text"] == answer.hits[0].text

    # Another process rebuilds the index: the resident one reopens it and still answers.
    _coach(env, "index", "rebuild")
    again = resident.ask(settings, {"query": "on-call load", "person": None, "k": 2})
    assert again is not None and "on-call" in again.hits[0].text

    # A bad request gets a one-line error, and the process keeps answering.
    with pytest.raises(resident.CoachError):
        resident.ask(settings, {"query": "", "person": None, "k": 2})
    assert resident.ask(settings, {"query": "Rust", "person": None, "k": 1}) is not None

    assert resident.stop(settings)
    deadline = time.monotonic() + 10
    while path.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not path.exists()
    assert resident.ask(settings, {"query": "Rust", "person": None, "k": 1}) is None


def test_turned_off_it_searches_in_process_and_starts_nothing(coach_home, monkeypatch):
    monkeypatch.setenv("COACH_RESIDENT_INDEX", "false")
    settings = load_settings()
    result = resident.search("anything", settings=settings)
    assert result.hits == []
    time.sleep(1)
    assert not resident.socket_path(settings).parent.exists()
