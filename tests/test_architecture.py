"""The layering the README promises, checked over the real import graph.

The CLI, the app and the evals reach the core only through the service layer (plus the
result types, errors and plain-text rendering of those types); scorers never import
engine code; only one module imports each vendor SDK; no module grows past 400 lines.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# What the adapters may import from the core: the service layer and its types.
ADAPTER_ALLOWED = ("coach.service", "coach.types", "coach.errors", "coach.render")
OWN = {"cli": ("coach.cli",), "ui": ("ui",), "evals": ("evals",)}
# The CLI's eval command and the app's Settings page start the evals runner.
# The AMI suite measures with the same local MiniLM model as the index (a measuring
# instrument, not the engine).
EXTRA = {
    "cli": ("evals.runner", "ui.app"),
    "ui": ("evals.runner",),
    "evals": ("retrieval.embeddings",),
}
FOLDERS = {"cli": ROOT / "coach" / "cli", "ui": ROOT / "ui", "evals": ROOT / "evals"}
PROJECT = ("coach", "ui", "evals", "retrieval", "prompts", "bench")


def imports_of(path: Path) -> set[str]:
    """Every module a file imports, anywhere in it (functions and TYPE_CHECKING too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


@pytest.mark.parametrize("layer", sorted(FOLDERS))
def test_adapters_import_only_the_service_layer(layer):
    allowed = ADAPTER_ALLOWED + OWN[layer] + EXTRA[layer]
    wrong = []
    for path in sorted(FOLDERS[layer].rglob("*.py")):
        for name in imports_of(path):
            project = _within(name, PROJECT)
            # "from coach.service import Coach" also records "coach.service.Coach".
            if project and not _within(name, allowed) and name not in ("coach", "evals", "ui"):
                wrong.append(f"{path.relative_to(ROOT)} imports {name}")
    assert not wrong, "\n".join(wrong)


def test_scorers_never_import_engine_code():
    for path in (ROOT / "evals").glob("*.py"):
        if path.name in ("scorers.py", "suites.py"):
            reached = {n for n in imports_of(path) if _within(n, ("coach",))}
            assert not reached, f"{path.name} imports {reached}"


@pytest.mark.parametrize("sdk", ["openai", "chromadb", "onnxruntime", "gradio", "langchain_openai"])
def test_each_vendor_sdk_has_one_adapter_module_in_the_core(sdk):
    users = [
        str(p.relative_to(ROOT))
        for folder in ("coach", "retrieval")
        for p in (ROOT / folder).rglob("*.py")
        if any(_within(n, (sdk,)) for n in imports_of(p))
    ]
    assert len(users) <= 1, f"{sdk} is imported by {users}"


def test_no_module_is_over_400_lines():
    long = []
    for folder in ("coach", "retrieval", "ui", "evals", "prompts"):
        for path in (ROOT / folder).rglob("*.py"):
            n = len(path.read_text(encoding="utf-8").splitlines())
            if n > 400:
                long.append(f"{path.relative_to(ROOT)}: {n} lines")
    assert not long, "\n".join(long)


def test_the_core_never_imports_an_adapter():
    wrong = []
    for folder in ("coach", "retrieval"):
        for path in (ROOT / folder).rglob("*.py"):
            if "cli" in path.relative_to(ROOT).parts or path.name == "__main__.py":
                continue
            for name in imports_of(path):
                if _within(name, ("ui", "evals", "coach.cli")):
                    wrong.append(f"{path.relative_to(ROOT)} imports {name}")
    assert not wrong, "\n".join(wrong)
