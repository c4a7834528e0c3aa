"""Test fixtures: a private COACH_HOME per test, and a guard against leaving the machine."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from coach.config import load_settings
from coach.netguard import is_loopback

# Every connection attempt in this process, by address: the session must end with no
# non-loopback one (see pytest_sessionfinish). The audit hook sees connects from any
# library, even ones that bypass socket.socket.connect.
ATTEMPTS: list[object] = []


def _audit(event: str, args: tuple) -> None:
    if event == "socket.connect" and not is_loopback(args[1]):
        ATTEMPTS.append(args[1])
        raise ConnectionRefusedError(f"test tried to open a non-loopback connection to {args[1]!r}")


sys.addaudithook(_audit)
# coach subprocesses started by the tests refuse non-loopback connections too.
os.environ["COACH_NETWORK_GUARD"] = "1"


@pytest.fixture(autouse=True)
def no_remote_network() -> Iterator[None]:
    """Fail any test that tried to connect anywhere but loopback (remote models included)."""
    before = len(ATTEMPTS)
    yield
    if len(ATTEMPTS) > before:
        pytest.fail(f"non-loopback connection attempted: {ATTEMPTS[before:]}")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """The whole suite must have opened no non-loopback socket."""
    if ATTEMPTS:
        session.exitstatus = 1
        print(f"\nnon-loopback connections attempted during the suite: {ATTEMPTS}")


@pytest.fixture(autouse=True)
def coach_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data directory and account; no real user data is touched."""
    home = tmp_path / "coach-home"
    monkeypatch.setenv("COACH_HOME", str(home))
    monkeypatch.setenv("COACH_USER", "tester")
    for var in (
        "OPENAI_API_KEY",
        "ANTHROPIC_API_KEY",
        "AZURE_OPENAI_API_KEY",
        "AZURE_OPENAI_ENDPOINT",
        "COACH_LLM_BASE_URL",
        "COACH_LLM",
        "COACH_CHROMA_HOST",
        # LangChain tracing is opt-in and never on in tests: it would send prompts away.
        "LANGSMITH_TRACING",
        "LANGCHAIN_TRACING_V2",
        "LANGSMITH_OTEL_ENABLED",
    ):
        monkeypatch.delenv(var, raising=False)
    # Searches run in-process unless a test asks for the resident index process.
    monkeypatch.setenv("COACH_RESIDENT_INDEX", "false")
    monkeypatch.setenv("GRADIO_ANALYTICS_ENABLED", "False")
    monkeypatch.setenv("ANONYMIZED_TELEMETRY", "False")
    monkeypatch.chdir(tmp_path)  # no stray .env from the developer's checkout
    return home


@pytest.fixture
def settings(coach_home: Path):
    """Settings pointing at the test's COACH_HOME."""
    return load_settings()


@pytest.fixture
def workspace(settings):
    """A real workspace: SQLite, a persistent Chroma store and local embeddings in a temp dir."""
    from coach.workspace import Workspace

    ws = Workspace(settings)
    yield ws
    ws.close()


@pytest.fixture
def coach(settings):
    """The service layer on a real workspace in the test's temp dir, offline engine."""
    from coach.service import Coach

    c = Coach(settings)
    yield c
    c.close()


DATA = Path(__file__).parent / "data"


@pytest.fixture
def data_dir() -> Path:
    """Sample notes and transcripts written for the tests."""
    return DATA
