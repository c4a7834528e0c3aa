"""Word lists of the offline engine, kept as data in ``prompts/lexicon.toml``."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib.resources import files


@lru_cache(maxsize=1)
def _lists() -> dict[str, list[str]]:
    return tomllib.loads((files("prompts") / "lexicon.toml").read_text(encoding="utf-8"))


def words(name: str) -> frozenset[str]:
    """The word list ``name`` from ``prompts/lexicon.toml``, lower-case."""
    return frozenset(w.lower() for w in _lists()[name])
