"""The AMI suites: the whole summarize pipeline on real recorded meetings.

``coach eval --suite ami-dev`` runs the 20 development meetings of the AMI corpus
(``../shared/data/ami``, CC BY 4.0, "AMI Meeting Corpus, the AMI Consortium"), which the
engine was never fitted on; ``--suite ami-train`` runs the 102 meetings it was fitted on.
Each meeting is pasted as a user would paste it: ``"{role} ({speaker}): {text}"`` lines.

Metrics, aggregated over all meetings of the split:
- action precision/recall/F1: a predicted "owner task" matches a gold action sentence when
  their MiniLM cosine is at least 0.5, one to one (best pairs first);
- owner accuracy on matched items: the owner names the gold role, or the group for a
  group action;
- ROUGE-1/2/L (rouge-score, stemmed F-measure, x100) of summary + key points against the
  human abstract;
- decision recall: gold decisions matched (cosine >= 0.5) by a predicted decision.
"""

from __future__ import annotations

import gzip
import json
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from evals.scorers import Score, ratio

MATCH = 0.5
ROLES = ("project manager", "marketing", "user interface", "industrial designer")
# How the human summaries name each role.
ALIASES = {
    "project manager": ("project manager",),
    "marketing": ("marketing",),
    "user interface": (
        "user interface",
        "interface designer",
        "interface specialist",
        "ui designer",
    ),
    "industrial designer": ("industrial designer", "industrial specialist", "industrial design"),
}
# "The UI will present…", "The PM needs to finish…": capitals only, as the summaries write them.
ABBREVIATIONS = {
    "project manager": "PM",
    "marketing": "ME",
    "user interface": "UID?",
    "industrial designer": "ID",
}
# One distinctive word per role: "the industrial and interface designers" names two people.
ROLE_WORDS = {
    "project manager": re.compile(r"\bproject manager\b|\bPM\b"),
    "marketing": re.compile(r"\bmarketing\b", re.I),
    "user interface": re.compile(r"\binterface\b|\bUID?\b", re.I),
    "industrial designer": re.compile(r"\bindustrial\b|\bID\b", re.I),
}
GROUP = re.compile(r"\b(?:group|team|everyone|everybody|all|members|they)\b", re.I)
GROUP_OWNERS = re.compile(r"^(?:the )?(?:team|group|everyone|everybody|all|we|us)$", re.I)


def data_dir() -> Path:
    """Where the AMI split lives: ``COACH_AMI_DIR``, else ``../shared/data/ami``."""
    env = os.environ.get("COACH_AMI_DIR")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "shared" / "data" / "ami"


@lru_cache(maxsize=2)
def meetings(split: str) -> tuple[dict[str, Any], ...]:
    """The meetings of ``split`` (train or dev), as cases with a pasted transcript."""
    path = data_dir() / f"{split}.jsonl.gz"
    if not path.exists():
        from coach.service import CoachError

        raise CoachError(f"the AMI data is not at {path} (set COACH_AMI_DIR)")
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        raw = [json.loads(line) for line in fh if line.strip()]
    return tuple(
        {
            "id": m["meeting"],
            "text": "\n".join(f"{a['role']} ({a['speaker']}): {a['text']}" for a in m["acts"]),
            "gold": m["gold"],
        }
        for m in raw
        if m["acts"]  # three training meetings have no transcript at all
    )


@lru_cache(maxsize=1)
def _embedder() -> Any:
    # The measuring instrument the issue names: the same local MiniLM as the index.
    from retrieval.embeddings import LocalEmbedder

    return LocalEmbedder(batch_size=32)


def _match(predicted: list[str], gold: list[str]) -> list[tuple[int, int]]:
    """One-to-one pairs (pred, gold) with cosine >= 0.5, best pairs first."""
    if not predicted or not gold:
        return []
    vectors = _embedder().embed(predicted + gold)
    sims = vectors[: len(predicted)] @ vectors[len(predicted) :].T
    pairs, used_p, used_g = [], set(), set()
    for flat in np.argsort(-sims, axis=None):
        i, j = divmod(int(flat), sims.shape[1])
        if sims[i, j] < MATCH:
            break
        if i not in used_p and j not in used_g:
            pairs.append((i, j))
            used_p.add(i)
            used_g.add(j)
    return pairs


def gold_owner(sentence: str) -> str:
    """The role a gold action names before its verb, or ``group``."""
    original = re.split(
        r"\b(?:will|is going to|are going to|should|has to|have to|needs? to|was|were)\b",
        sentence,
    )[0]
    head = original.lower()
    roles = [
        r
        for r in ROLES
        if any(a in head for a in ALIASES[r]) or re.search(rf"\b{ABBREVIATIONS[r]}\b", original)
    ]
    named = sum(bool(p.search(original)) for p in ROLE_WORDS.values())
    if len(roles) == 1 and named < 2 and not GROUP.search(head):
        return roles[0]
    return "group"


def owner_right(predicted: str, gold: str) -> bool:
    """The predicted owner names the gold role (or a group for a group action)."""
    p = predicted.lower()
    if gold == "group":
        return bool(GROUP_OWNERS.match(p.strip())) or sum(r in p for r in ROLES) >= 2
    return gold in p


def solve(case: dict[str, Any], env: Any) -> dict[str, Any]:
    """Summarize the meeting's transcript through the service, as a user would."""
    result, _ = env.coach.summarize(case["text"])
    return {"result": result}


def score(case: dict[str, Any], out: dict[str, Any]) -> dict[str, Score]:
    """Per-meeting counts (summed by :func:`aggregate`) and ROUGE."""
    from rouge_score import rouge_scorer

    r = out["result"]
    gold = case["gold"]
    predicted = [f"{a.owner} {a.task}" for a in r.action_items]
    pairs = _match(predicted, gold["actions"])
    owners = sum(
        owner_right(r.action_items[i].owner, gold_owner(gold["actions"][j])) for i, j in pairs
    )
    decided = _match(list(r.decisions), gold["decisions"])
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    rouge = scorer.score(" ".join(gold["abstract"]), " ".join([r.summary, *r.key_points]))
    return {
        "matched": Score(float(len(pairs)), f"{len(pairs)} matched"),
        "predicted": Score(float(len(predicted)), f"{len(predicted)} predicted"),
        "gold": Score(float(len(gold["actions"])), f"{len(gold['actions'])} gold"),
        "owners_right": Score(float(owners), f"{owners} owners right"),
        "decisions_found": Score(float(len(decided)), f"{len(decided)} decisions found"),
        "decisions_gold": Score(float(len(gold["decisions"])), "gold decisions"),
        "rouge1": Score(100 * rouge["rouge1"].fmeasure, "ROUGE-1 F x100"),
        "rouge2": Score(100 * rouge["rouge2"].fmeasure, "ROUGE-2 F x100"),
        "rougeL": Score(100 * rouge["rougeL"].fmeasure, "ROUGE-L F x100"),
    }


def aggregate(per_case: dict[str, dict[str, float | None]]) -> dict[str, Score]:
    """Micro-averaged action metrics, owner accuracy, decision recall and mean ROUGE."""

    def total(key: str) -> int:
        return int(sum((c.get(key) or 0) for c in per_case.values()))

    tp, pred, gold = total("matched"), total("predicted"), total("gold")
    precision = ratio(tp, pred, "predicted items match a gold action")
    recall = ratio(tp, gold, "gold actions found")
    p, r = precision.value or 0.0, recall.value or 0.0
    f1 = 0.0 if p + r == 0 else 2 * p * r / (p + r)
    out = {
        "action_precision": precision,
        "action_recall": recall,
        "action_f1": Score(f1, f"{tp} matched, {pred} predicted, {gold} gold"),
        "owner_accuracy": ratio(total("owners_right"), tp, "matched items with the right owner"),
        "decision_recall": ratio(total("decisions_found"), total("decisions_gold"), "decisions"),
    }
    for key in ("rouge1", "rouge2", "rougeL"):
        values = [c[key] for c in per_case.values() if c.get(key) is not None]
        mean = float(np.mean(values)) if values else None
        out[key] = Score(mean, f"mean over {len(values)} meetings (x100)")
    return out
