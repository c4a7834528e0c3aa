"""``coach eval``: run the suites, compare with the last run, write the report, gate CI."""

from __future__ import annotations

import json
import logging
import time
import tomllib
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from coach.service import CoachError, Settings, prompt_versions
from evals.datasets import load
from evals.solvers import Env
from evals.suites import SUITES

log = logging.getLogger(__name__)
THRESHOLDS = Path(__file__).parent / "thresholds.toml"
REGRESSION = 0.02


class SuiteResult(BaseModel):
    """One suite's outcome (the ``suites`` entries of ``coach eval --json``)."""

    name: str
    cases: int
    scores: dict[str, float]
    thresholds: dict[str, float]
    passed: bool
    failures: list[str] = Field(default_factory=list)
    """Metrics below their threshold, as ``metric value < threshold``."""
    regressions: list[str] = Field(default_factory=list)
    """Metrics that dropped by more than 0.02 since the previous run."""
    errors: list[str] = Field(default_factory=list)
    """Cases that raised instead of producing output."""
    per_case: dict[str, dict[str, float | None]] = Field(default_factory=dict)
    explanations: dict[str, dict[str, str]] = Field(default_factory=dict)
    """Why each case scored what it did, metric by metric."""
    seconds: float = 0.0


class EvalRun(BaseModel):
    """A whole ``coach eval`` run."""

    engine: dict[str, Any]
    prompts: dict[str, str]
    suites: list[SuiteResult]
    passed: bool
    report: str | None = None


def thresholds() -> dict[str, dict[str, float]]:
    """Minimum score per metric, per suite (``evals/thresholds.toml``)."""
    return {
        k: dict(v) for k, v in tomllib.loads(THRESHOLDS.read_text()).items() if isinstance(v, dict)
    }


def run_suite(name: str, env: Env, limits: dict[str, float]) -> SuiteResult:
    """Run every case of one suite and average each metric over the cases it applies to."""
    suite = SUITES[name]
    started = time.perf_counter()
    per_case: dict[str, dict[str, float | None]] = {}
    explanations: dict[str, dict[str, str]] = {}
    errors: list[str] = []
    for case in suite.cases() if suite.cases else load(suite.dataset):
        try:
            scores = suite.scorer(case, suite.solver(case, env))
            per_case[case["id"]] = {m: s.value for m, s in scores.items()}
            explanations[case["id"]] = {m: s.explanation for m, s in scores.items()}
        except Exception as exc:  # a crash is a failed case, not a crashed eval
            log.warning("eval case %s failed", case["id"], exc_info=True)
            errors.append(f"{case['id']}: {type(exc).__name__}: {exc}")
    if suite.aggregate is not None:
        scores = {
            m: round(v.value, 4)
            for m, v in sorted(suite.aggregate(per_case).items())
            if v.value is not None
        }
    else:
        totals: dict[str, list[float]] = {}
        for metrics in per_case.values():
            for metric, value in metrics.items():
                if value is not None:
                    totals.setdefault(metric, []).append(float(value))
        scores = {m: round(sum(v) / len(v), 4) for m, v in sorted(totals.items())}
    failures = [
        f"{m} {scores.get(m, 0.0):.3f} < {t}" for m, t in limits.items() if scores.get(m, 0.0) < t
    ]
    failures += [f"case error: {e}" for e in errors]
    return SuiteResult(
        name=name,
        cases=len(per_case) + len(errors),
        scores=scores,
        thresholds=limits,
        passed=not failures,
        failures=failures,
        errors=errors,
        per_case=per_case,
        explanations=explanations,
        seconds=round(time.perf_counter() - started, 2),
    )


def run_evals(
    settings: Settings,
    suites: list[str] | None = None,
    engine: str = "offline",
    progress: Callable[[str, int, int], None] | None = None,
    write: bool = True,
    judge: bool = False,
    chat: Any = None,
) -> EvalRun:
    """Run the suites on ``engine`` (or a given chat model); write the report under COACH_HOME."""
    names = suites or [n for n, s in SUITES.items() if s.default]
    unknown = [n for n in names if n not in SUITES]
    if unknown:
        raise CoachError(f"unknown suite {unknown[0]!r}: use one of {', '.join(SUITES)}")
    limits = thresholds()
    env = Env(settings=settings, engine=engine, chat=chat, judge=judge)
    results = []
    try:
        chat = env.coach.chat
        model = chat.model if chat is not None else None
        for i, name in enumerate(names, 1):
            if progress:
                progress(name, i, len(names))
            results.append(run_suite(name, env, limits.get(name, {})))
    finally:
        env.close()
    engine_info = {"kind": "llm" if model else "offline", "model": model}
    run = EvalRun(
        engine=engine_info,
        prompts=prompt_versions(settings),
        suites=results,
        passed=all(r.passed for r in results),
    )
    previous = _previous(settings, engine_info["kind"])
    for r in results:
        before = previous.get(r.name, {})
        r.regressions = [
            f"{m} {before[m]:.3f} → {v:.3f}"
            for m, v in r.scores.items()
            if m in before and v < before[m] - REGRESSION
        ]
    if write:
        run.report = str(write_report(run, settings))
    return run


def _runs_dir(settings: Settings) -> Path:
    return settings.home / "evals"


def _previous(settings: Settings, kind: str) -> dict[str, dict[str, float]]:
    latest = _runs_dir(settings) / f"latest-{kind}.json"
    try:
        data = json.loads(latest.read_text())
    except (OSError, ValueError):
        return {}
    return {s["name"]: s["scores"] for s in data.get("suites", [])}


def write_report(run: EvalRun, settings: Settings) -> Path:
    """JSON, Markdown and a PNG chart in ``$COACH_HOME/evals/<timestamp>/``."""
    from evals.chart import write_chart

    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    folder = _runs_dir(settings) / stamp
    folder.mkdir(parents=True, exist_ok=True)
    data = run.model_dump(mode="json")
    data["created"] = stamp
    (folder / "report.json").write_text(json.dumps(data, indent=2))
    (folder / "report.md").write_text(markdown(run))
    write_chart([s.model_dump() for s in run.suites], folder / "scores.png")
    # Only complete runs become the baseline for regressions.
    if {s.name for s in run.suites} >= {n for n, s in SUITES.items() if s.default}:
        (_runs_dir(settings) / f"latest-{run.engine['kind']}.json").write_text(
            json.dumps(data, indent=2)
        )
    return folder / "report.json"


def markdown(run: EvalRun) -> str:
    """The report as Markdown: one table per suite."""
    lines = [
        f"# coach eval ({run.engine['kind']}{', ' + run.engine['model'] if run.engine.get('model') else ''})",
        "",
        f"Result: **{'pass' if run.passed else 'FAIL'}**",
        "",
    ]
    for s in run.suites:
        lines += [
            f"## {s.name}: {'pass' if s.passed else 'FAIL'} ({s.cases} cases, {s.seconds}s)",
            "",
            "| metric | score | threshold |",
            "| --- | --- | --- |",
        ]
        for m, v in s.scores.items():
            t = s.thresholds.get(m)
            mark = " ⚠" if t is not None and v < t else ""
            lines.append(f"| {m} | {v:.3f}{mark} | {'' if t is None else t} |")
        if s.regressions:
            lines += ["", "Regressions since the previous run: " + "; ".join(s.regressions)]
        if s.failures:
            lines += ["", "Failures: " + "; ".join(s.failures)]
        lines.append("")
    lines += ["Prompts: " + ", ".join(sorted(run.prompts.values()))]
    return "\n".join(lines)


def table(run: EvalRun) -> str:
    """A compact terminal table."""
    rows = [f"{'suite':<16}{'cases':>6}  {'result':<7} below threshold / regressions"]
    for s in run.suites:
        notes = "; ".join(s.failures + [f"regressed {r}" for r in s.regressions]) or "-"
        rows.append(f"{s.name:<16}{s.cases:>6}  {'pass' if s.passed else 'FAIL':<7} {notes}")
        rows.append("    " + ", ".join(f"{m}={v:.2f}" for m, v in s.scores.items()))
    rows.append(f"report: {run.report}" if run.report else "")
    return "\n".join(rows)
