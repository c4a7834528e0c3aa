"""Prompts as data: one TOML file per job in ``prompts/``, rendered with strict variables.

A file with the same name in ``COACH_PROMPTS_DIR`` overrides the built-in one. Every
render records ``name@version`` so the LLM call log says which prompt produced what.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field


class PromptTemplate(BaseModel):
    """One prompt file: a name, a version and the system and user parts."""

    model_config = ConfigDict(extra="forbid")

    name: str
    version: int = Field(ge=1)
    system: str
    user: str
    origin: str = "built-in"
    """``built-in`` or the override file's path."""

    @property
    def ref(self) -> str:
        """``name@version``, as logged with each call."""
        return f"{self.name}@{self.version}"


class RenderedPrompt(BaseModel):
    """A prompt ready to send: chat messages plus where it came from."""

    ref: str
    system: str
    user: str

    def messages(self) -> list[dict[str, str]]:
        """OpenAI-style chat messages."""
        return [{"role": "system", "content": self.system}, {"role": "user", "content": self.user}]


def builtin_names() -> list[str]:
    """Names of the prompts shipped in ``prompts/``."""
    names = []
    for p in files("prompts").iterdir():
        # Prompt files have a name and a system part; the playbook and lexicons are data.
        if p.name.endswith(".toml") and "system" in tomllib.loads(p.read_text(encoding="utf-8")):
            names.append(p.name[:-5])
    return sorted(names)


@lru_cache(maxsize=64)
def _parse(text: str, origin: str) -> PromptTemplate:
    data = tomllib.loads(text)
    return PromptTemplate(**data, origin=origin)


def load_prompt(name: str, override_dir: Path | None = None) -> PromptTemplate:
    """The prompt ``name``, from ``override_dir`` when a file there has that name."""
    if override_dir is not None:
        candidate = Path(override_dir).expanduser() / f"{name}.toml"
        if candidate.is_file():
            return _parse(candidate.read_text(encoding="utf-8"), str(candidate))
    resource = files("prompts") / f"{name}.toml"
    return _parse(resource.read_text(encoding="utf-8"), "built-in")


_CLOSING_TAG = re.compile(r"</(?=\s*[A-Za-z])")


def fence(text: str) -> str:
    """``text`` with every closing tag ("</notes>") made inert ("&lt;/notes>")."""
    return _CLOSING_TAG.sub("&lt;/", text)


def render(template: PromptTemplate, **variables: object) -> RenderedPrompt:
    """Fill a template; a variable the template uses but is not given is an error."""
    from jinja2 import Environment, StrictUndefined

    env = Environment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)
    # Data cannot close the block it sits in: "</notes>" inside a note would otherwise end
    # the <notes> data early and turn the rest into instructions. ``context`` is markup
    # built by ``prompt_context``, which fences each note body itself.
    variables = {
        k: fence(v) if isinstance(v, str) and k != "context" else v for k, v in variables.items()
    }
    system = env.from_string(template.system).render(**variables).strip()
    user = env.from_string(template.user).render(**variables).strip()
    return RenderedPrompt(ref=template.ref, system=system, user=user)
