"""Choosing the embedding model from the settings: local MiniLM, or an API (opt-in)."""

from __future__ import annotations

from typing import Any

from coach.config import Settings
from coach.errors import CoachError


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
