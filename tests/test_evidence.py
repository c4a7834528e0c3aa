"""Talking-points evidence: the note about the situation, not the ones sharing its words."""

import hashlib
import json
from datetime import date

import numpy as np

from coach.jobs.talking_points import talking_points
from coach.offline import fitting, train_evidence


def _cited(result) -> list[str]:
    return [c.quote for m in result.key_messages for c in m.evidence]


def test_a_note_sharing_the_setting_is_not_evidence(workspace):
    # Written for this test: the lure has the situation's setting ("architecture review")
    # and the fitting note says it in other words.
    workspace.add_person("Noa")
    workspace.add_note(
        "Noa",
        "noa: i raised the retry storm twice in arch review and it went nowhere, nobody replied",
        date(2026, 10, 6),
    )
    workspace.add_note("Noa", "Noa booked the architecture review room for Q1.", date(2026, 10, 20))
    workspace.add_note("Noa", "Noa's taking Friday off for a wedding.", date(2026, 11, 3))
    result = talking_points(
        workspace, "Noa", "Noa's concerns get ignored in the architecture review"
    )
    cited = _cited(result)
    assert any("went nowhere" in c for c in cited)
    assert not any("booked" in c or "wedding" in c for c in cited)


def test_praise_is_not_evidence_of_a_problem(workspace):
    workspace.add_person("Eli")
    workspace.add_note(
        "Eli",
        "Eli's forecast sent to finance had two totals that didn't add up.",
        date(2026, 10, 2),
    )
    workspace.add_note(
        "Eli", "Eli gave a great talk on report automation, really clear.", date(2026, 10, 16)
    )
    result = talking_points(workspace, "Eli", "Eli keeps making careless mistakes in reports")
    cited = _cited(result)
    assert any("didn't add up" in c for c in cited)
    assert not any("great talk" in c for c in cited)


def test_no_fitting_note_means_no_evidence_rather_than_a_loose_one(workspace):
    workspace.add_person("Ivo")
    workspace.add_note("Ivo", "Ivo ordered the team's new standing desks.", date(2026, 10, 2))
    workspace.add_note("Ivo", "Ivo is at the dentist on Tuesday morning.", date(2026, 10, 9))
    result = talking_points(workspace, "Ivo", "Ivo seems burned out")
    assert _cited(result) == []


def test_evidence_model_is_fitted_on_the_current_pairs(tmp_path):
    model = fitting.load_evidence_model()
    assert model is not None, "models/evidence.json is missing or reads other features"
    shipped = json.loads(fitting.MODEL_PATH.read_text(encoding="utf-8"))
    edited = hashlib.sha256(train_evidence.examples_text()).hexdigest()
    assert shipped["examples_sha256"] == edited, "refit: python -m coach.offline.train_evidence"
    # The documented command writes the shipped model again (within MiniLM's last-bit noise
    # between CPUs).
    assert train_evidence.main(["--out", str(tmp_path / "e.json")]) == 0
    again = json.loads((tmp_path / "e.json").read_text(encoding="utf-8"))
    assert again["features"] == shipped["features"]
    assert (again["floor"], again["margin"]) == (shipped["floor"], shipped["margin"])
    assert all(abs(a - b) < 1e-3 for a, b in zip(again["weights"], shipped["weights"], strict=True))


def test_without_the_model_evidence_still_needs_meaning_beyond_the_setting(monkeypatch, workspace):
    # Another embedding model (or a missing file) falls back to the cuts used before.
    monkeypatch.setattr(fitting, "load_evidence_model", lambda: None)
    workspace.add_person("Max")
    workspace.add_note(
        "Max",
        "Max said he is exhausted and has worked every weekend this month.",
        date(2026, 10, 2),
    )
    workspace.add_note("Max", "Max booked the room for the weekend hackathon.", date(2026, 10, 9))
    cited = _cited(talking_points(workspace, "Max", "Max is exhausted from working weekends"))
    assert any("exhausted" in c for c in cited)


def test_the_clear_best_note_is_cited_but_a_lone_weak_note_is_not():
    # Below the floor, the best note is cited only when it clearly leads a runner-up: a
    # lone note leads nothing ("taking Friday off" for "seems burned out" reads 0.17).
    assert fitting.cite_mask(np.array([0.15, 0.05]), 0.2, 0.05, 2.0).tolist() == [True, False]
    assert fitting.cite_mask(np.array([0.15, 0.1]), 0.2, 0.05, 2.0).tolist() == [False, False]
    assert fitting.cite_mask(np.array([0.15]), 0.2, 0.05, 2.0).tolist() == [False]
    assert fitting.cite_mask(np.array([0.5, 0.47, 0.3]), 0.2, 0.05, 2.0).tolist() == [
        True,
        True,
        False,
    ]
