"""Settings read from the environment (prefix ``COACH_``) and an optional ``.env`` file.

A plain pydantic model filled by :func:`load_settings`, not pydantic-settings: importing
that library (asyncio, dataclasses, every source provider) cost every CLI call about 0.2 s
of CPU, which was a third of a ``coach notes add``. Precedence is the same: keyword
overrides, then environment variables, then ``.env``, then the defaults.
"""

from __future__ import annotations

import getpass
import os
import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator


def _default_home() -> Path:
    # platformdirs is tiny; import here so that importing config stays cheap.
    from platformdirs import user_data_dir

    return Path(user_data_dir("coach", appauthor=False))


def _default_user() -> str:
    try:
        return getpass.getuser() or "me"
    except Exception:  # no passwd entry (some containers)
        return "me"


class Settings(BaseModel):
    """Everything coach can be configured with. Every field maps to ``COACH_<NAME>``
    (the API keys and Azure settings to their providers' standard variables: ``ENV_NAMES``)."""

    model_config = ConfigDict(extra="ignore", validate_default=True)

    home: Path = Field(default_factory=_default_home)
    """Data directory: the SQLite database, the Chroma index and logs live here."""
    user: str = Field(default_factory=_default_user)
    """The account every read and write is scoped to."""
    display_name: str | None = None
    """Your name as it appears in notes and transcripts (so your own promises are recognised)."""

    llm: Literal["offline", "openai", "auto"] = "auto"
    """Engine choice. ``auto`` uses the LLM when a key or base URL is set."""
    llm_base_url: str | None = None
    """Any OpenAI-compatible server, e.g. Ollama's http://localhost:11434/v1."""
    model: str = "gpt-4o-mini"
    """Chat model name on the configured server."""
    llm_timeout: float = 60.0
    """Seconds before one LLM request gives up."""
    llm_max_retries: int = 2
    """Retries with backoff on 429/5xx and connection errors."""
    llm_context_tokens: int = 16384
    """The model's context window; prompts plus the expected answer must fit in it."""
    llm_answer_tokens: int = 2048
    """Tokens reserved for the model's answer."""
    temperature: float = 0.2
    """Sampling temperature for the LLM engine."""
    openai_api_key: SecretStr | None = None
    """Read from the standard ``OPENAI_API_KEY`` variable; never logged or shown."""
    anthropic_api_key: SecretStr | None = None
    """For ``COACH_MODEL=anthropic:<model>``; the standard ``ANTHROPIC_API_KEY`` variable."""
    azure_openai_api_key: SecretStr | None = None
    """For ``COACH_MODEL=azure_openai:<deployment>``; the standard ``AZURE_OPENAI_API_KEY``."""
    azure_openai_endpoint: str | None = None
    """The Azure resource, e.g. https://<name>.openai.azure.com (or ``COACH_LLM_BASE_URL``)."""
    azure_api_version: str = "2024-10-21"
    """The Azure OpenAI API version (``OPENAI_API_VERSION``, as LangChain reads it)."""
    redact: bool = False
    """Replace emails, phone numbers and ID-like numbers before anything goes to an LLM."""
    prompts_dir: Path | None = None
    """A folder whose prompt files override the built-in ones with the same name."""

    embeddings: Literal["local", "openai"] = "local"
    """``local`` runs all-MiniLM-L6-v2 with onnxruntime; ``openai`` sends note chunks to the
    embeddings API of the configured server (only when you opt in)."""
    embedding_model: str = "text-embedding-3-small"
    """Embedding model name when ``embeddings`` is ``openai``."""
    embed_batch_size: int = 8
    """Texts per ONNX forward pass (8 measured fastest on 2 cores; bench/ingest.py)."""
    embed_threads: int = 0
    """onnxruntime intra-op threads; 0 lets onnxruntime choose (one per core)."""
    chunk_tokens: int = 200
    """Chunk size for the vector index, in tiktoken tokens."""
    chunk_overlap: int = 40
    """Tokens shared by consecutive chunks, so a sentence on a boundary is still found."""
    max_input_bytes: int = 2_000_000
    """Largest note or transcript accepted, in bytes (a 3-hour transcript is ~200 kB)."""

    resident_index: bool = True
    """``coach notes search`` keeps the index open in a background process (a Unix socket in
    ``COACH_HOME/run``, ten idle minutes) so later searches skip seconds of start-up."""

    chroma_host: str | None = None
    """Use a Chroma server instead of the embedded store (client-server mode)."""
    chroma_port: int = 8000
    """Port of the Chroma server."""

    @field_validator("user")
    @classmethod
    def _user_is_sane(cls, v: str) -> str:
        v = v.strip()
        if not v or len(v) > 64 or any(c in v for c in "/\\\x00"):
            raise ValueError("COACH_USER must be 1-64 characters without slashes")
        return v

    @property
    def db_path(self) -> Path:
        """The SQLite database, the source of truth."""
        return self.home / "coach.sqlite3"

    @property
    def chroma_dir(self) -> Path:
        """The derived vector index; safe to delete and rebuild."""
        return self.home / "chroma"

    @property
    def log_dir(self) -> Path:
        """Where LLM call logs and eval reports go."""
        return self.home / "logs"

    def api_key_set(self) -> bool:
        """True when an OpenAI key is configured (the key itself is never exposed)."""
        return bool(self.openai_api_key and self.openai_api_key.get_secret_value())

    def provider_key(self, provider: str) -> str | None:
        """The API key for ``provider`` (openai, azure_openai, anthropic), if set."""
        secret = {
            "openai": self.openai_api_key,
            "azure_openai": self.azure_openai_api_key,
            "anthropic": self.anthropic_api_key,
        }.get(provider)
        return secret.get_secret_value() or None if secret else None


ENV_NAMES: dict[str, tuple[str, ...]] = {
    "openai_api_key": ("OPENAI_API_KEY",),
    "anthropic_api_key": ("ANTHROPIC_API_KEY",),
    "azure_openai_api_key": ("AZURE_OPENAI_API_KEY",),
    "azure_openai_endpoint": ("AZURE_OPENAI_ENDPOINT",),
    "azure_api_version": ("COACH_AZURE_API_VERSION", "OPENAI_API_VERSION"),
}
"""Fields read from variables other than ``COACH_<NAME>``, first match wins."""

_DOTENV_LINE = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$")


def read_dotenv(path: Path) -> dict[str, str]:
    """``KEY=value`` lines of a ``.env`` file (quotes stripped, ``#`` comments skipped);
    empty when there is no file."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (FileNotFoundError, IsADirectoryError, PermissionError, UnicodeDecodeError):
        return {}
    out: dict[str, str] = {}
    for line in lines:
        m = _DOTENV_LINE.match(line)
        if not m or line.lstrip().startswith("#"):
            continue
        value = m.group(2)
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        else:
            value = value.split(" #", 1)[0].strip()  # an inline comment after a bare value
        out[m.group(1)] = value
    return out


def from_environment(environ: dict[str, str] | None = None, dotenv: Path | None = None) -> dict:
    """The settings the environment and ``.env`` give, by field name (names are matched
    without regard to case, as pydantic-settings did)."""
    env = {k.upper(): v for k, v in read_dotenv(dotenv or Path(".env")).items()}
    env.update({k.upper(): v for k, v in (os.environ if environ is None else environ).items()})
    values: dict[str, str] = {}
    for name in Settings.model_fields:
        for var in ENV_NAMES.get(name, (f"COACH_{name.upper()}",)):
            if var in env:
                values[name] = env[var]
                break
    return values


def load_settings(**overrides: object) -> Settings:
    """Read settings from the environment and ``.env``; keyword overrides win."""
    settings = Settings.model_validate(from_environment() | overrides)
    settings.home = settings.home.expanduser()
    return settings
