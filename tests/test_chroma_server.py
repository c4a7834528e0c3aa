"""The retrieval tests against a real Chroma server (``chroma run`` on 127.0.0.1).

This is how a team deploys: one Chroma server, app replicas pointing at it with
COACH_CHROMA_HOST and COACH_CHROMA_PORT.
"""

import shutil
import subprocess
import sys
import time
import urllib.request
from datetime import date
from pathlib import Path

import pytest

from coach.workspace import Workspace
from tests.util import free_port

CHROMA = Path(sys.executable).with_name("chroma")


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    if not CHROMA.exists():  # pragma: no cover - chromadb ships the CLI
        pytest.fail("the chroma CLI is missing from the environment")
    port = free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    proc = subprocess.Popen(
        [str(CHROMA), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("chroma run did not start")
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture
def server_settings(settings, chroma_server):
    return settings.model_copy(update={"chroma_host": "127.0.0.1", "chroma_port": chroma_server})


def test_search_and_rebuild_through_a_chroma_server(server_settings):
    ws = Workspace(server_settings)
    ws.add_person("Priya")
    ws.add_note("Priya", "Priya feels overloaded with on-call and works late.", date(2026, 9, 2))
    ws.add_note("Priya", "We discussed the quarterly budget spreadsheet.", date(2026, 9, 9))
    assert ws.search("burnout").hits[0].text.startswith("Priya feels overloaded")
    before = [(h.note_id, h.text) for h in ws.search("money planning", k=2).hits]
    assert ws.rebuild_index() == 2
    assert [(h.note_id, h.text) for h in ws.search("money planning", k=2).hits] == before
    assert not (server_settings.chroma_dir).exists()  # nothing was written to the embedded store
    ws.close()


def test_two_replicas_share_the_server_but_not_accounts(server_settings):
    alice = Workspace(server_settings.model_copy(update={"user": "alice-srv"}))
    alice.add_person("Sam")
    alice.add_note("Sam", "Sam wants to learn Rust and pair with infra.", date(2026, 10, 1))
    replica = Workspace(
        server_settings.model_copy(update={"user": "alice-srv"})
    )  # another app process
    assert replica.search("programming language").hits[0].person == "Sam"
    bob = Workspace(server_settings.model_copy(update={"user": "bob-srv"}))
    assert bob.search("programming language").hits == []
    for ws in (alice, replica, bob):
        ws.close()
    shutil.rmtree(server_settings.home, ignore_errors=True)
