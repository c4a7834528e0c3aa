"""The coaching playbook (``prompts/playbook.toml``) as typed data."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib.resources import files

from pydantic import BaseModel, ConfigDict


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Objective(_Strict):
    """One of the 1:1 objectives, with the words that show a note touched it."""

    key: str
    title: str
    keywords: list[str]
    topic: str
    question: str
    examples: list[str] = []
    """Sentences a note might contain when it touched this objective in other words."""


class Situation(_Strict):
    """A scaffold for a tough conversation."""

    key: str
    title: str
    keywords: list[str]
    signals: list[str] = []
    """What a note showing this situation reads like, in general words ("They have stopped
    contributing ideas"): evidence is found by meaning when a note shares no word with
    the user's own description of the situation."""
    goal: str
    opening: str
    messages: list[str]
    questions: list[str]
    reactions: list[tuple[str, str]]
    avoid: list[str]
    outcome: str
    next_steps: list[str]
    praise_fits: bool = False
    """Whether praise in a note is evidence for it: a promotion case, yes; burnout or a
    missed deadline, no."""


class QuestionTheme(_Strict):
    """Growth-minded questions for one theme: grounded templates and generic fallbacks."""

    theme: str
    keywords: list[str]
    grounded: list[str]
    generic: list[str]
    quotes_complaints: bool = True
    """Whether its grounded questions fit a complaint in the person's words ("What support
    would help most with …") or only a wish ("how would you like to build on that?")."""


class Lexicon(_Strict):
    """A list of signal words."""

    keywords: list[str]


class CareerFraming(_Strict):
    """How to frame one kind of career ask."""

    keywords: list[str]
    topic: str
    ask: str
    question: str


class Playbook(_Strict):
    """Everything the offline engine knows about running good 1:1s."""

    version: int
    everyday: list[str] = []
    """Everyday work news in general words, the contrast to a situation's ``signals``."""
    objectives: list[Objective]
    wellbeing: Lexicon
    goals: Lexicon
    achievements: Lexicon
    situations: list[Situation]
    questions: list[QuestionTheme]
    career: dict[str, object]

    def career_framing(self, key: str) -> CareerFraming:
        """The framing for ``scope``, ``skills``, ``visibility``, ``sponsorship`` or ``people``."""
        return CareerFraming(**self.career[key])  # type: ignore[arg-type]

    @property
    def career_framings(self) -> list[str]:
        """The framing keys in playbook order."""
        return list(self.career["framings"])  # type: ignore[call-overload]

    @property
    def career_questions(self) -> list[str]:
        """Generic questions a report can ask their manager about growth."""
        return list(self.career["generic_questions"]["items"])  # type: ignore[index]

    def objective(self, key: str) -> Objective:
        """An objective by key."""
        return next(o for o in self.objectives if o.key == key)

    def theme(self, key: str) -> QuestionTheme:
        """A question theme by key."""
        return next(q for q in self.questions if q.theme == key)


@lru_cache(maxsize=1)
def load_playbook() -> Playbook:
    """The playbook shipped in ``prompts/``, validated."""
    data = tomllib.loads((files("prompts") / "playbook.toml").read_text(encoding="utf-8"))
    return Playbook(**data)
