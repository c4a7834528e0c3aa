"""The one module that imports chromadb: clients, the embedding-function wrapper, and an
import that skips a development-time check costing a third of chromadb's import time."""

from __future__ import annotations

import contextlib
import logging
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from retrieval.index import Embedder

log = logging.getLogger(__name__)

_import_lock = threading.Lock()


def _chromadb() -> Any:
    """Import chromadb, without the ``overrides`` package re-checking its method signatures.

    chromadb marks about 170 methods with ``@override``, and on every import that decorator
    disassembles the caller's frame and compares each signature with its base class: a
    development-time check that took 0.35 s of the 1.25 s chromadb import, on every CLI
    search.
    """
    with _import_lock:  # a second thread waits for the whole import, not a half-made module
        if "chromadb.api.rust" not in sys.modules:
            with _signature_checks_off():
                import chromadb.api.rust  # the local store, else imported (and checked) on open
    import chromadb

    return chromadb


@contextlib.contextmanager
def _signature_checks_off() -> Iterator[None]:
    """While inside, ``@override`` only marks the method, as ``EnforceOverrides`` needs;
    the check is back afterwards. Does nothing for a chromadb that no longer uses it."""
    with contextlib.suppress(ImportError):
        import overrides  # noqa: F401  (chromadb's dependency; loads overrides.overrides)
    checks: Any = sys.modules.get("overrides.overrides")
    checking = getattr(checks, "_overrides", None)
    if checking is None:
        yield
        return

    def mark_only(method: Any, check_signature: bool, check_at_runtime: bool) -> Any:
        method.__override__ = True
        return method

    checks._overrides = mark_only
    try:
        yield
    finally:
        checks._overrides = checking


def chroma_embedding_function(embedder: Embedder) -> Any:
    """Wrap an embedder as a Chroma ``EmbeddingFunction`` (Chroma's own default downloads)."""
    _chromadb()
    from chromadb.api.types import Documents, EmbeddingFunction, Embeddings

    class CoachEmbeddingFunction(EmbeddingFunction[Documents]):
        def __init__(self, inner: Embedder) -> None:
            self._inner = inner

        def __call__(self, input: Documents) -> Embeddings:
            return list(self._inner.embed(list(input)))

        @staticmethod
        def name() -> str:
            return "coach-local"

        def get_config(self) -> dict[str, Any]:
            return {"model": self._inner.name}

        @staticmethod
        def build_from_config(config: dict[str, Any]) -> CoachEmbeddingFunction:
            from retrieval.embeddings import LocalEmbedder

            return CoachEmbeddingFunction(LocalEmbedder())

        def default_space(self) -> str:  # type: ignore[override]
            return "cosine"

    return CoachEmbeddingFunction(embedder)


def make_client(path: Path | None = None, host: str | None = None, port: int = 8000) -> Any:
    """A Chroma client: a server when ``host`` is set, else a persistent store at ``path``."""
    chromadb = _chromadb()
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False, allow_reset=True)
    if host:
        return chromadb.HttpClient(host=host, port=port, settings=settings)
    assert path is not None
    if not path.exists():
        # Chroma caches one system per directory for the process; if the directory was
        # deleted (to force a rebuild), that cached system points at a vanished file.
        forget_client(path)
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=settings)


def forget_client(path: Path) -> None:
    """Drop the Chroma system this process keeps for ``path``, so the next client reads the
    directory afresh (after another process rebuilt or changed it)."""
    _chromadb()
    from chromadb.api.shared_system_client import SharedSystemClient

    stale = SharedSystemClient._identifier_to_system.pop(str(path), None)
    SharedSystemClient._identifier_to_refcount.pop(str(path), None)
    if stale is not None:
        try:
            stale.stop()
        except Exception:  # a system that never started (a damaged file) cannot stop
            log.debug("stopping the stale Chroma system failed", exc_info=True)
