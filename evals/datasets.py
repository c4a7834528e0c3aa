"""Loading eval datasets (JSONL files written by the project, in ``evals/datasets``)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

DATASETS = Path(__file__).parent / "datasets"
# Filler turns for "very long" cases: realistic chatter with no commitments in it.
_FILLER = [
    "Ada: We went through the dashboard numbers for the last sprint in some detail.",
    "Ben: The graphs look similar to last month, nothing surprising there.",
    "Cy: There was a question about the naming of the new metrics.",
    "Ada: People liked the new layout of the weekly report.",
]


def load(name: str) -> list[dict[str, Any]]:
    """The cases of ``datasets/<name>.jsonl``, with ``{PAD}`` expanded for long cases."""
    return [_expand(c) for c in _raw(name)]


@lru_cache(maxsize=16)
def _raw(name: str) -> tuple[dict[str, Any], ...]:
    path = DATASETS / f"{name}.jsonl"
    cases = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                cases.append(json.loads(line))
            except ValueError as exc:
                raise ValueError(f"{path.name}:{n}: {exc}") from exc
    return tuple(cases)


def _expand(case: dict[str, Any]) -> dict[str, Any]:
    case = dict(case)
    pad = int(case.get("pad", 0))
    if pad and "{PAD}" in case.get("text", ""):
        half = "\n".join(_FILLER[i % len(_FILLER)] for i in range(pad // 2))
        case["text"] = case["text"].replace("{PAD}", half)
    return case
