"""Embeddings from an OpenAI-compatible API, opt-in with ``COACH_EMBEDDINGS=openai``.

Goes through LangChain's ``OpenAIEmbeddings``, so ``retrieval/`` owns every embedder and
the OpenAI SDK is imported by LangChain, never by this project directly. Vectors are
unit-normalised like the local model's, so cosine scores mean the same thing.
"""

from __future__ import annotations

from typing import Any

import numpy as np


class RemoteEmbeddingError(RuntimeError):
    """The embeddings server could not be reached or refused the request."""


class RemoteEmbedder:
    """Embeds texts on a remote server; one Chroma collection per embedding model."""

    def __init__(
        self,
        model: str = "text-embedding-3-small",
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: float = 60.0,
        max_retries: int = 2,
    ) -> None:
        from langchain_openai import OpenAIEmbeddings

        # check_embedding_ctx_length would fetch a tiktoken encoding from the network and
        # split inputs with it; chunks are already far below any model's input limit.
        self._client: Any = OpenAIEmbeddings(
            model=model,
            api_key=api_key or "not-needed",  # type: ignore[arg-type]
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            check_embedding_ctx_length=False,
            chunk_size=256,
        )
        # Chroma collection names allow [a-zA-Z0-9._-].
        self.name = "openai-" + "".join(c if c.isalnum() or c in "._-" else "-" for c in model)
        self.dim = 0  # known after the first call

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit vectors for ``texts``, in input order."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        try:
            rows = self._client.embed_documents(texts)
        except Exception as exc:  # the SDK's errors are many; one message for the user
            raise RemoteEmbeddingError(f"embeddings request failed ({type(exc).__name__})") from exc
        out = np.asarray(rows, dtype=np.float32).reshape(len(texts), -1)
        self.dim = out.shape[1]
        return out / np.clip(np.linalg.norm(out, axis=1, keepdims=True), 1e-12, None)


def make_embedder(
    kind: str,
    *,
    batch_size: int = 8,
    threads: int = 0,
    model: str = "text-embedding-3-small",
    api_key: str | None = None,
    base_url: str | None = None,
    timeout: float = 60.0,
    max_retries: int = 2,
) -> Any:
    """The embedder for ``kind``: ``local`` (MiniLM on this machine) or ``openai`` (opt-in)."""
    if kind == "openai":
        return RemoteEmbedder(model, api_key, base_url, timeout, max_retries)
    from retrieval.embeddings import LocalEmbedder

    return LocalEmbedder(batch_size, threads)
