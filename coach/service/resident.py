"""A resident index process, so ``coach notes search`` answers without importing Chroma.

Importing Chroma and loading the embedding model cost well over a second on every command
line search. The first search starts a background process that keeps both open and listens
on a Unix socket in ``COACH_HOME/run`` (a directory only you can enter, a socket only you
can open; nothing listens on the network). Later searches ask it and get their answer in
milliseconds. It stops after ten idle minutes, and ``COACH_RESIDENT_INDEX=false`` turns it
off.

SQLite stays the source of truth: before each answer the process indexes notes saved since
(``coach notes add`` only writes SQLite), and it reopens the index when another process has
changed it (the app, a rebuild, a deletion).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

from coach.config import Settings, load_settings
from coach.errors import CoachError
from coach.types import SearchResult

IDLE_SECONDS = 600.0
"""How long the process waits for the next search before it exits."""
ASK_TIMEOUT = 10.0
"""Seconds a search waits for the resident process before searching in-process instead."""
_MAX_REPLY = 16 * 1024 * 1024


def socket_path(settings: Settings) -> Path:
    """The socket of the process serving exactly these settings (another account, home or
    embedding model gets its own process)."""
    digest = hashlib.sha256(settings.model_dump_json().encode()).hexdigest()[:16]
    return settings.home / "run" / f"ix-{digest[:12]}.sock"  # Unix sockets allow 107 bytes


def search(
    query: str, person: str | None = None, k: int = 5, settings: Settings | None = None
) -> SearchResult:
    """Notes found by meaning: asked of the resident process when it runs, else searched
    here (and the process started for the next search)."""
    settings = settings or load_settings()
    if not settings.resident_index:
        return _search_here(settings, query, person, k)
    answer = ask(settings, {"query": query, "person": person, "k": k})
    if answer is not None:
        return answer
    result = _search_here(settings, query, person, k)
    start(settings)
    return result


def _search_here(settings: Settings, query: str, person: str | None, k: int) -> SearchResult:
    from coach.service.usecases import Coach

    return Coach(settings).search(query, person=person, k=k)


def ask(settings: Settings, request: dict[str, Any]) -> SearchResult | None:
    """The resident process's answer, or None when none is running (or it did not answer)."""
    path = socket_path(settings)
    if not path.exists():
        return None
    try:
        with _connect(path, ASK_TIMEOUT) as conn:
            conn.sendall(json.dumps(request).encode() + b"\n")
            reply = json.loads(_read_line(conn))
    except (OSError, ValueError):
        return None
    if "error" in reply:
        raise CoachError(str(reply["error"]))
    return SearchResult.model_validate(reply["result"])


def start(settings: Settings) -> None:
    """Start the resident process in the background (it exits at once if one is running)."""
    with contextlib.suppress(OSError):
        subprocess.Popen(
            [sys.executable, "-m", "coach.service.resident"],
            env={**os.environ, "COACH_HOME": str(settings.home), "COACH_USER": settings.user},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # not stopped by the terminal's Ctrl-C
            close_fds=True,
        )


def serve(settings: Settings, idle: float = IDLE_SECONDS) -> int:
    """Answer searches on the socket until ``idle`` seconds pass without one."""
    from coach.service.usecases import Coach

    path = socket_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.parent.chmod(0o700)
    if ask_alive(path):
        return 0  # another process got there first
    with contextlib.suppress(FileNotFoundError):
        path.unlink()  # left by a process that was killed
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old = os.umask(0o177)  # the socket is created readable and writable by you only
    try:
        server.bind(str(path))
    finally:
        os.umask(old)
    server.listen(8)
    server.settimeout(idle)
    mine = path.stat().st_ino
    coach = Coach(settings)
    seen = _index_stamp(settings)
    try:
        while True:
            try:
                conn, _ = server.accept()
            except TimeoutError:
                return 0
            with conn:
                if _wants_stop(conn):
                    return 0
                if _index_stamp(settings) != seen:
                    coach = _reopened(settings)  # another process changed the index
                reply = _answer(coach, conn)
                seen = _index_stamp(settings)
                with contextlib.suppress(OSError):
                    conn.sendall(json.dumps(reply).encode() + b"\n")
    finally:
        server.close()
        with contextlib.suppress(OSError):
            if path.stat().st_ino == mine:
                path.unlink()


def stop(settings: Settings) -> bool:
    """Stop the resident process for these settings; True when one was running."""
    path = socket_path(settings)
    try:
        with _connect(path, ASK_TIMEOUT) as conn:
            conn.sendall(b"STOP\n")
            conn.recv(1)  # closed once it has stopped listening
        return True
    except OSError:
        return False


def _wants_stop(conn: socket.socket) -> bool:
    # Peek, so a search request is still there to be read in full.
    conn.settimeout(ASK_TIMEOUT)
    try:
        if conn.recv(5, socket.MSG_PEEK) != b"STOP\n":
            return False
        conn.recv(5)  # read it, or closing with unread data resets the connection
        return True
    except OSError:
        return False


def ask_alive(path: Path) -> bool:
    """True when a process answers on ``path``."""
    try:
        with _connect(path, 1.0):
            return True
    except OSError:
        return False


def _connect(path: Path, timeout: float) -> socket.socket:
    """A connection to the process on ``path`` (raises OSError when none answers)."""
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.settimeout(timeout)
        conn.connect(str(path))
    except OSError:
        conn.close()
        raise
    return conn


def _answer(coach: Any, conn: socket.socket) -> dict[str, Any]:
    try:
        conn.settimeout(ASK_TIMEOUT)
        request = json.loads(_read_line(conn))
        workspace = coach.workspace
        if workspace.store.count_unindexed():
            workspace.sync_index()  # notes added since, e.g. by 'coach notes add'
        result = coach.search(
            str(request["query"]), person=request.get("person") or None, k=int(request["k"])
        )
        return {"result": result.model_dump(mode="json")}
    except CoachError as exc:
        return {"error": str(exc)}
    except Exception as exc:  # one bad request must not stop the process
        return {"error": f"search failed ({type(exc).__name__})"}


def _index_stamp(settings: Settings) -> tuple[int, ...]:
    """When the embedded index last changed on disk (a Chroma server has no local files)."""
    files = [settings.chroma_dir / "chroma.sqlite3", settings.chroma_dir]
    return tuple(f.stat().st_mtime_ns if f.exists() else 0 for f in files)


def _reopened(settings: Settings) -> Any:
    from coach.service.usecases import Coach
    from retrieval.chroma import forget_client

    forget_client(settings.chroma_dir)
    return Coach(settings)


def _read_line(conn: socket.socket) -> bytes:
    data = bytearray()
    while not data.endswith(b"\n"):
        chunk = conn.recv(65536)
        if not chunk:
            break
        data += chunk
        if len(data) > _MAX_REPLY:
            raise ValueError("reply too large")
    return bytes(data)


if __name__ == "__main__":
    sys.exit(serve(load_settings()))
