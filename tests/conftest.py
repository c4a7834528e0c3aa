"""Test fixtures: a private COACH_HOME per test, and a guard against leaving the machine."""

from __future__ import annotations

import ipaddress
import socket
from pathlib import Path

import pytest

from coach.config import load_settings

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_getaddrinfo = socket.getaddrinfo


def _is_local(address: object) -> bool:
    if isinstance(address, (str, bytes)):  # AF_UNIX paths
        return True
    if not isinstance(address, tuple) or not address:
        return True
    host = address[0]
    if isinstance(host, bytes):
        host = host.decode()
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _guarded_connect(self: socket.socket, address: object) -> None:
    if not _is_local(address):
        pytest.fail(f"test tried to open a non-loopback connection to {address!r}")
    return _real_connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: object) -> int:
    if not _is_local(address):
        pytest.fail(f"test tried to open a non-loopback connection to {address!r}")
    return _real_connect_ex(self, address)


@pytest.fixture(autouse=True)
def no_remote_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any test that connects anywhere but loopback (remote models included)."""
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", _guarded_connect_ex)


@pytest.fixture(autouse=True)
def coach_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data directory and account; no real user data is touched."""
    home = tmp_path / "coach-home"
    monkeypatch.setenv("COACH_HOME", str(home))
    monkeypatch.setenv("COACH_USER", "tester")
    for var in ("OPENAI_API_KEY", "COACH_LLM_BASE_URL", "COACH_LLM", "COACH_CHROMA_HOST"):
        monkeypatch.delenv(var, raising=False)
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


DATA = Path(__file__).parent / "data"


@pytest.fixture
def data_dir() -> Path:
    """Sample notes and transcripts written for the tests."""
    return DATA
