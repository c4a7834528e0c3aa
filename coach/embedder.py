"""Choosing the embedding model from the settings: local MiniLM, or an API (opt-in)."""

from __future__ import annotations

import atexit
import logging
import threading
from typing import Any

from coach.config import Settings
from coach.errors import CoachError

log = logging.getLogger(__name__)

EXIT_WAIT = 30.0
"""Seconds an exiting process waits for a model load still in progress."""


def make_embedder(settings: Settings) -> Any:
    """The embedding model the settings ask for: local MiniLM, or the OpenAI API (opt-in)."""
    from retrieval.remote_embeddings import make_embedder as build

    if settings.embeddings == "openai" and not (settings.api_key_set() or settings.llm_base_url):
        raise CoachError("COACH_EMBEDDINGS=openai needs OPENAI_API_KEY or COACH_LLM_BASE_URL")
    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
    return build(
        settings.embeddings,
        batch_size=settings.embed_batch_size,
        threads=settings.embed_threads,
        model=settings.embedding_model,
        api_key=key,
        base_url=settings.llm_base_url,
        timeout=settings.llm_timeout,
        max_retries=settings.llm_max_retries,
    )


def warm_in_background(embedder: Any) -> None:
    """Start loading a local model on a thread, so it loads while the caller opens Chroma.

    The checksum and the ONNX session build run in C, mostly outside the GIL: a CLI search
    starts about 0.3 s sooner. An error here is raised again, with its message, on first use.
    """
    if not hasattr(embedder, "warm"):  # an API embedder has nothing to load
        return

    def warm() -> None:
        try:
            embedder.warm()
        except Exception:
            log.debug("loading the embedding model in the background failed", exc_info=True)

    thread = threading.Thread(target=warm, name="coach-embedder-warm", daemon=True)
    thread.start()
    # A process that exits while the thread is still inside onnxruntime's session build
    # aborts ("terminate called without an active exception", exit -6): a search answered by
    # the resident process can finish first. Exit waits for the load instead.
    atexit.register(thread.join, EXIT_WAIT)
