"""Settings from the environment and ``.env``, with the precedence the README documents:
keyword overrides, then environment variables, then ``.env``, then the defaults."""

import subprocess
import sys

import pytest
from pydantic import ValidationError

from coach.config import load_settings, read_dotenv


def test_coach_variables_and_the_providers_standard_ones_are_read(monkeypatch):
    monkeypatch.setenv("COACH_MODEL", "anthropic:claude-x")
    monkeypatch.setenv("COACH_LLM_TIMEOUT", "12.5")
    monkeypatch.setenv("COACH_REDACT", "true")
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-secret")
    monkeypatch.setenv("OPENAI_API_VERSION", "2025-01-01")
    s = load_settings()
    assert (s.model, s.llm_timeout, s.redact) == ("anthropic:claude-x", 12.5, True)
    assert s.provider_key("anthropic") == "sk-ant-secret"
    assert "sk-ant-secret" not in repr(s)  # a secret never shows
    assert s.azure_api_version == "2025-01-01"
    monkeypatch.setenv("COACH_AZURE_API_VERSION", "2024-06-01")  # coach's own name wins
    assert load_settings().azure_api_version == "2024-06-01"


def test_dotenv_fills_in_what_the_environment_does_not_set(tmp_path, monkeypatch):
    (tmp_path / ".env").write_text(
        "# coach settings\n"
        "COACH_MODEL='gpt-4.1-mini'\n"
        'export COACH_DISPLAY_NAME="Maya R"\n'
        "COACH_CHUNK_TOKENS=120  # smaller chunks\n"
        "COACH_USER=from-dotenv\n"
        "not a setting line\n"
    )
    s = load_settings()
    assert (s.model, s.display_name, s.chunk_tokens) == ("gpt-4.1-mini", "Maya R", 120)
    assert s.user == "tester"  # the environment beats .env
    assert load_settings(user="override").user == "override"  # and overrides beat both


def test_names_match_without_regard_to_case(monkeypatch):
    monkeypatch.setenv("coach_display_name", "Sam")
    assert load_settings().display_name == "Sam"


def test_a_bad_value_is_a_validation_error_naming_the_setting(monkeypatch):
    monkeypatch.setenv("COACH_LLM_TIMEOUT", "soon")
    with pytest.raises(ValidationError, match="llm_timeout"):
        load_settings()


def test_a_bad_value_is_one_line_from_the_cli(tmp_path, monkeypatch):
    monkeypatch.setenv("COACH_EMBED_BATCH_SIZE", "many")
    proc = subprocess.run(
        [sys.executable, "-m", "coach", "status"], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().startswith("coach: error: invalid configuration embed_batch_size")


def test_an_unreadable_or_missing_dotenv_is_no_settings(tmp_path):
    assert read_dotenv(tmp_path / "missing.env") == {}
    (tmp_path / "bin.env").write_bytes(b"\xff\xfe\x00COACH_MODEL=x")
    assert read_dotenv(tmp_path / "bin.env") == {}
    assert read_dotenv(tmp_path) == {}  # a folder
