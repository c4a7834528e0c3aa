"""Loading what the first request would otherwise wait for, once per process at start-up."""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coach.service.usecases import Coach

log = logging.getLogger(__name__)


def warm_up(coach: Coach) -> None:
    """Open the account's index (Chroma, any notes saved without indexing), load the
    embedding model and, with an LLM configured, import LangChain and build the chat model
    (about 1.5 s of imports), so nobody's first click waits for them.

    tiktoken's encoding is not loaded here: it takes 0.4 s but 43 MB, and only saving a
    note (chunking) or an LLM prompt needs it."""
    try:
        coach.workspace.index.embed(["warm up"])
        coach.chat  # noqa: B018 (constructing it is the point)
    except Exception as exc:  # a user's request will report it properly
        log.warning("warm-up failed: %s", exc)


def limit_malloc_arenas(arenas: int = 2) -> bool:
    """Cap glibc's malloc arenas for a long-running server; True if it took effect.

    glibc gives each busy thread its own arena, and a web server's worker threads each
    keep theirs: 4 concurrent users of ``coach serve`` ended at 494 MB RSS, 450 MB with
    two arenas (bench/load.py --cold), at no cost in throughput measured there. Call it
    before the server starts its threads; a no-op off glibc.
    """
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    if not name:
        return False
    try:
        libc = ctypes.CDLL(name)
        return bool(libc.mallopt(-8, arenas))  # -8 is M_ARENA_MAX in glibc's malloc.h
    except (OSError, AttributeError):  # not glibc (musl, macOS): nothing to cap
        return False


def warm_up_in_background(coach: Coach) -> threading.Thread:
    """:func:`warm_up` on a daemon thread; returns the thread."""
    thread = threading.Thread(target=warm_up, args=(coach,), name="coach-warm-up", daemon=True)
    thread.start()
    return thread
