"""Evidence that fits a tough conversation: the notes about what the situation is about,
not the notes that merely share a word with it.

"Raf interrupts people in design reviews" is not supported by "Raf scheduled the design
reviews", though MiniLM puts the two close (the setting is most of both sentences). So each
candidate note is described by a few measurements (closeness to the user's words, to the
same words without the shared setting, to what a note showing the scenario reads like, to
everyday work news; shared scenario words; praise offered for a problem; the objective
classifier's "about nothing"), and a logistic regression fitted on labelled pairs
(``prompts/evidence_examples.toml``, ``python -m coach.offline.train_evidence``) says
whether the note is evidence. Only notes nearly as likely as the best one are cited: one
right citation beats three loose ones.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from coach.context import PersonContext, Scored, query_terms, scored_sentences, without_names
from coach.offline.label_moment import praises
from coach.offline.objectives import load_objective_model
from coach.playbook import Situation, load_playbook
from coach.signals import NoteSentence
from coach.workspace import Workspace

MODEL_PATH = Path(__file__).resolve().parent / "models" / "evidence.json"
FEATURES = (
    "meaning",
    "beyond",
    "signal",
    "everyday",
    "words",
    "praise",
    "nothing",
    "said",
    "problem",
    "shared",
    "said_word",
)
"""What the model reads of a (situation, note) pair; see :func:`pair_features`."""

# Without the model (another embedding model, or its file missing): the cuts used before it.
CLOSE = 0.3
STRONG = 0.5
BEYOND = 0.15

Embed = Callable[[list[str]], np.ndarray]
_MARKUP = re.compile(r"<[^>]*>")
_SAID = re.compile(
    r"^\s*[A-Za-z][\w.'-]{0,20}:\s|\b(?:said|says|asked|asks|told|tells|mentioned|complained|"
    r"admitted|wondered|wonders|feels|felt)\b",
    re.I,
)
"""What the person said: their own chat line (:func:`_as_written` keeps only theirs
labelled) or reported speech. A bare "I" in a note is the user's own voice ("I didn't
ask"), never the person's."""
_PROBLEM = re.compile(
    r"\b(?:but|without|not|no|nobody|no one|never|nothing|didn'?t|doesn'?t|don'?t|wasn'?t|"
    r"weren'?t|hasn'?t|haven'?t|can'?t|won'?t|late|missed|skipped|failed|broke|forgot|"
    r"complain\w*|wrong|problem|issue|ignored|again|still|stuck|upset|worried|anxious)\b",
    re.I,
)
"""Marks of something gone wrong or a worry (negation, lateness, failure)."""


@dataclass(frozen=True)
class EvidenceModel:
    """Logistic regression weights over :data:`FEATURES` for one embedding model."""

    weights: np.ndarray
    bias: float
    floor: float
    """A note less likely than this is not cited (unless it is the clear best, ``lead``)."""
    margin: float
    """A note is cited only when its probability is within this of the best note's."""
    lead: float
    """The best note is cited below ``floor`` (down to ``LOW``) when it is at least this many
    times as likely as the runner-up; 0 turns this off."""
    embedder: str

    def probability(self, x: np.ndarray) -> np.ndarray:
        """The probability that each row's note is evidence for its situation."""
        return 1.0 / (1.0 + np.exp(-(x @ self.weights + self.bias)))


@lru_cache(maxsize=1)
def load_evidence_model() -> EvidenceModel | None:
    """The shipped model, or None when its file is missing or reads other features."""
    try:
        data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if tuple(data.get("features", ())) != FEATURES:
        return None
    return EvidenceModel(
        weights=np.asarray(data["weights"], dtype=np.float64),
        bias=float(data["bias"]),
        floor=float(data["floor"]),
        margin=float(data["margin"]),
        lead=float(data["lead"]),
        embedder=str(data["embedder"]),
    )


LOW = 0.1
"""No note this unlikely is cited, however far it leads the others."""


def cite_mask(p: np.ndarray, floor: float, margin: float, lead: float) -> np.ndarray:
    """Which of one situation's candidate notes (probabilities ``p``) are cited: those at
    least ``floor`` and within ``margin`` of the best; and the best alone, below the floor,
    when it leads the runner-up ``lead`` times over (the moment itself among notes that
    merely share its setting)."""
    if not len(p):
        return np.zeros(0, dtype=bool)
    order = np.argsort(-p, kind="stable")
    best = p[order[0]]
    mask = (p >= floor) & (p >= best - margin)
    # A lead needs a runner-up: a lone note leads nothing.
    if lead and len(p) > 1 and best >= LOW and best >= lead * p[order[1]]:
        mask[order[0]] = True
    return mask


def _plain(text: str, names: set[str]) -> str:
    # Markup pasted into a note ("exhausted <img …> and skipped lunch") is not what it says.
    return " ".join(_MARKUP.sub(" ", without_names(text, names)).split())


def _shares(word: str, terms: tuple[str, ...]) -> bool:
    bare = word.strip(".,;:!?()\"'").lower()
    return len(bare) >= 4 and any(bare.startswith(t) or t.startswith(bare) for t in terms)


def pair_features(
    embed: Embed,
    embed_model: str,
    person: str,
    situation: str,
    scenario: Situation,
    notes: Sequence[str],
    words: Sequence[int],
) -> np.ndarray:
    """One row of :data:`FEATURES` per note sentence in ``notes`` (``words``: how many of
    the scenario's keywords each shares), for evidence of ``situation``.

    meaning: MiniLM cosine to the situation, the person's name taken out of both; beyond:
    the same once the note's words shared with the situation are taken out; signal and
    everyday: cosine to the nearest of the scenario's signals and of the playbook's
    everyday work news; praise: appreciation offered for a problem scenario; nothing: the
    objective classifier's probability that the note is about none of the objectives.
    """
    names = {p.casefold() for p in person.split()}
    asked = without_names(situation, names)
    terms = tuple(query_terms(asked, names))
    plain = [_plain(n, names) or "." for n in notes]
    rest = [" ".join(w for w in p.split() if not _shares(w, terms)) or "." for p in plain]
    everyday = load_playbook().everyday
    signals = list(scenario.signals)
    vectors = np.asarray(embed([asked, *plain, *rest, *signals, *everyday]))
    n = len(plain)
    q, own, left = vectors[0], vectors[1 : 1 + n], vectors[1 + n : 1 + 2 * n]
    sig, day = vectors[1 + 2 * n : 1 + 2 * n + len(signals)], vectors[1 + 2 * n + len(signals) :]
    shared = [
        sum(_shares(w, terms) for w in p.split()) / max(sum(len(w) >= 4 for w in p.split()), 1)
        for p in plain
    ]
    nothing = np.zeros(n)
    model = load_objective_model()
    if model is not None and model.embedder == embed_model:
        nothing = model.probabilities(own.astype(np.float32), plain)[:, -1]
    return np.column_stack(
        [
            own @ q,
            left @ q,
            (own @ sig.T).max(axis=1) if len(sig) else np.zeros(n),
            (own @ day.T).max(axis=1) if len(day) else np.zeros(n),
            np.minimum(np.asarray(words, dtype=np.float64), 3) / 3,
            [float(not scenario.praise_fits and praises(t)) for t in notes],
            nothing,
            said := np.array([float(bool(_SAID.search(t))) for t in notes]),
            [float(bool(_PROBLEM.search(t))) for t in notes],
            shared,
            # The person saying the very word ("I'm a bit bored…" for "bored and
            # disengaged") is stronger than either alone.
            said * (np.asarray(words) > 0),
        ]
    )


def _as_written(sentence: NoteSentence, person: str) -> str:
    """The sentence as the labelled pairs were written: the person's own chat line keeps
    its label ("maks: could I join them?" is their words), anyone else's does not."""
    speaker = sentence.speaker or ""
    if speaker.casefold() in {p.casefold() for p in person.split()}:
        return f"{speaker}: {sentence.text}"
    return sentence.text


def _without_model(x: np.ndarray) -> np.ndarray:
    """The cuts used before the model: close in meaning and beyond the setting, or a word."""
    meaning, beyond, words, praise, nothing = (x[:, i] for i in (0, 1, 4, 5, 6))
    ok = (meaning >= STRONG) | ((meaning >= CLOSE) & (beyond >= BEYOND)) | (words > 0)
    return (ok & (praise == 0) & ((nothing < 0.4) | (meaning >= STRONG))).astype(float)


def fitting_evidence(
    ws: Workspace, ctx: PersonContext, situation: str, scenario: Situation, k: int = 6
) -> list[NoteSentence]:
    """The note sentences (best first, at most ``k``) that show what ``situation`` is
    about, for the talking points of ``scenario``."""
    found: list[Scored] = scored_sentences(
        ws,
        ctx,
        situation,
        k,
        keywords=tuple(scenario.keywords),
        query_words=False,
        also_near=tuple(scenario.signals),
        their_questions=True,
    )
    if not found or ctx.embed is None:
        return []
    x = pair_features(
        ctx.embed,
        ctx.embed_model,
        ctx.person,
        situation,
        scenario,
        [_as_written(s.sentence, ctx.person) for s in found],
        [s.words for s in found],
    )
    model = load_evidence_model()
    if model is not None and model.embedder == ctx.embed_model:
        p = model.probability(x)
        mask = cite_mask(p, model.floor, model.margin, model.lead)
    else:
        p = _without_model(x)
        mask = cite_mask(p, 0.5, 0.0, 0.0)
    ranked = sorted(zip(p.tolist(), mask, found, strict=True), key=lambda row: -row[0])
    return [s.sentence for _p, ok, s in ranked if ok][:k]
