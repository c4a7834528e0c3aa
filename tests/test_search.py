"""Semantic search over a real persistent Chroma index with the local embeddings."""

import os
import shutil
import subprocess
import sys
from datetime import date

import pytest

from coach.errors import CoachError
from coach.workspace import Workspace

NOTES = [
    ("Priya", date(2026, 9, 2), "Priya feels overloaded with on-call and has been working late."),
    ("Priya", date(2026, 9, 16), "We discussed her promotion case and the staff engineer ladder."),
    ("Priya", date(2026, 10, 1), "The quarterly budget spreadsheet needs new vendor numbers."),
    ("Sam", date(2026, 10, 3), "Sam wants to learn Rust and pair with the infra team."),
]


@pytest.fixture
def filled(workspace):
    workspace.add_person("Priya")
    workspace.add_person("Sam")
    for person, when, text in NOTES:
        workspace.add_note(person, text, when)
    return workspace


def test_burnout_finds_overloaded_with_on_call(filled):
    result = filled.search("burnout")
    assert result.hits[0].text.startswith("Priya feels overloaded with on-call")
    assert result.hits[0].person == "Priya" and result.hits[0].date == date(2026, 9, 2)
    assert result.index_behind == 0 and result.notice is None


def test_search_can_be_limited_to_a_person(filled):
    result = filled.search("learning a new programming language", person="Priya")
    assert result.hits and all(h.person == "Priya" for h in result.hits)
    assert filled.search("learning a new programming language").hits[0].person == "Sam"


def test_rebuild_returns_the_same_results(filled, settings):
    before = [(h.note_id, h.text) for h in filled.search("career growth", k=3).hits]
    filled.close()
    shutil.rmtree(settings.chroma_dir)  # the index is derived: delete it entirely
    ws = Workspace(settings)
    assert ws.rebuild_index() == len(NOTES)
    after = [(h.note_id, h.text) for h in ws.search("career growth", k=3).hits]
    assert after == before
    ws.close()


def test_a_failed_indexing_step_keeps_the_note_and_search_says_so(workspace, monkeypatch):
    workspace.add_person("Priya")
    workspace.add_note("Priya", "An early note about roadmap planning.", date(2026, 9, 1))

    def broken(*args, **kwargs):
        raise RuntimeError("embedding crashed")

    monkeypatch.setattr(workspace.index, "add_notes", broken)
    note, notice = workspace.add_note(
        "Priya", "Priya is exhausted by the release crunch.", date(2026, 9, 9)
    )
    assert note.id and not note.indexed
    assert "not yet searchable" in notice
    assert [n.id for n in workspace.notes("Priya")][-1] == note.id  # saved in SQLite
    result = workspace.search("tiredness")
    assert result.index_behind == 1
    assert "rebuild" in result.notice
    assert workspace.search("tiredness").index_behind == 1  # a read never indexes
    monkeypatch.undo()
    workspace.add_note("Priya", "Roadmap review went fine.", date(2026, 9, 16))  # catches up
    result = workspace.search("tiredness")
    assert result.index_behind == 0
    assert result.hits[0].note_id == note.id


def test_other_accounts_notes_are_never_found(settings, filled):
    other = Workspace(settings.model_copy(update={"user": "someone-else"}))
    other.add_person("Priya")
    other.add_note("Priya", "Completely unrelated gardening note.", date(2026, 9, 3))
    hits = other.search("overloaded with on-call", k=10).hits
    assert [h.text for h in hits] == ["Completely unrelated gardening note."]
    with pytest.raises(CoachError):
        other.note(filled.notes("Priya")[0].id)
    other.close()


def test_the_index_api_always_filters_by_account(filled):
    index = filled.index
    assert index.scope() == {"account": "tester"}
    scoped = index.scope(person="Priya")
    assert {"account": "tester"} in scoped["$and"]
    # The public methods take no free-form filter that could drop the account condition.
    import inspect

    for name in ("search", "count", "clear", "remove_notes", "add_notes"):
        assert "where" not in inspect.signature(getattr(index, name)).parameters


def test_folder_import_is_idempotent_and_reports_skips(workspace, tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "2026-10-01.md").write_text("Talked about the offsite and hiring.")
    (folder / "2026-10-08-career.txt").write_text("Wants to move toward product management.")
    (folder / "random.md").write_text("No date in the name or text.")
    (folder / "photo.png").write_bytes(b"\x89PNG\x00\x00")
    workspace.add_person("Ana")
    seen = []
    report = workspace.import_folder(folder, "Ana", lambda d, t: seen.append((d, t)))
    assert report.imported == 2 and report.duplicates == 0 and len(report.skipped) == 2
    assert seen[-1] == (4, 4)
    again = workspace.import_folder(folder, "Ana")
    assert again.imported == 0 and again.duplicates == 2
    assert [n.meeting_date for n in workspace.notes("Ana")] == [
        date(2026, 10, 1),
        date(2026, 10, 8),
    ]
    assert workspace.search("career change to PM", person="Ana").hits[0].date == date(2026, 10, 8)


def test_unchanged_chunks_are_never_embedded_again(filled, monkeypatch):
    calls = []
    real = filled.index.embedder.embed

    def counting(texts):
        calls.append(len(texts))
        return real(texts)

    monkeypatch.setattr(filled.index.embedder, "embed", counting)
    assert filled.rebuild_index() == len(NOTES)
    assert calls == []  # every chunk was already stored with the same text
    filled.add_person("Ana")
    filled.add_note("Ana", "Ana is preparing the offsite agenda.", date(2026, 10, 5))
    assert calls == [1]
    assert filled.search("burnout").hits[0].text.startswith("Priya feels overloaded")


def test_rebuild_drops_chunks_of_deleted_notes(filled):
    victim = filled.notes("Sam")[0]
    filled.store.conn.execute("DELETE FROM notes WHERE id = ?", (victim.id,))
    filled.rebuild_index()
    assert all(h.note_id != victim.id for h in filled.search("learn Rust", k=10).hits)


def test_person_search_finds_a_rare_person_in_a_large_account(workspace):
    workspace.add_person("Priya")
    workspace.add_person("Sam")
    for i in range(80):
        workspace.store.add_note(
            workspace.person("Priya"), date(2026, 1, 1), f"Priya note {i} about migrations."
        )
    workspace.store.add_note(
        workspace.person("Sam"), date(2026, 2, 1), "Sam mentioned migrations once."
    )
    assert workspace.sync_index() == 81
    hits = workspace.search("migrations", person="Sam", k=3).hits
    assert [h.person for h in hits] == ["Sam"]
    assert all(
        h.person == "Priya" for h in workspace.search("migrations", person="Priya", k=5).hits
    )


def test_a_deleted_index_heals_on_the_next_search(filled, settings):
    filled.close()
    shutil.rmtree(settings.chroma_dir)
    ws = Workspace(settings)
    result = ws.search("burnout")
    assert result.hits and result.hits[0].text.startswith("Priya feels overloaded")
    assert result.index_behind == 0
    ws.close()


def test_a_corrupted_index_file_is_recreated_by_rebuild(coach, settings):
    """Issue 15 #11: with garbage in chroma/chroma.sqlite3, search said to run
    'coach index rebuild', which then failed with "file is not a database"."""
    from coach.service import Coach, CoachError

    coach.add_person("Jordan")
    coach.add_note("Jordan", "Jordan wants to learn Rust this quarter.")
    coach.close()
    (settings.chroma_dir / "chroma.sqlite3").write_bytes(b"\x8f garbage " * 300)
    again = Coach(settings, engine="offline")
    try:
        with pytest.raises(CoachError, match="index rebuild"):
            again.search("rust")
        notes, chunks = again.rebuild_index()
        assert (notes, chunks) == (1, 1)
        assert again.search("rust").hits[0].text.startswith("Jordan wants to learn Rust")
    finally:
        again.close()


def test_concurrent_first_requests_build_one_embedding_session(monkeypatch):
    """Four requests arriving together on a cold server share one ONNX session instead of
    each loading the model (RSS 694-759 MB against 396 MB warmed)."""
    import threading
    import time

    import onnxruntime as ort

    from retrieval import embeddings

    built: list[int] = []
    real = ort.InferenceSession

    class Counting(real):  # type: ignore[misc, valid-type]
        def __init__(self, *args, **kwargs):
            built.append(1)
            time.sleep(0.2)  # widen the window in which the threads would race
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(ort, "InferenceSession", Counting)
    threads = 3  # a setting no other test uses, so this session is built here, cold
    embeddings._load_once.cache_clear()
    results: list[object] = []
    workers = [
        threading.Thread(
            target=lambda: results.append(
                embeddings.LocalEmbedder(threads=threads).embed(["first request"])
            )
        )
        for _ in range(4)
    ]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert len(results) == 4 and len(built) == 1
    embeddings._load_once.cache_clear()  # later tests load the real, uncounted session


def test_remembered_sentences_give_the_same_vectors_without_running_the_model(
    workspace, monkeypatch
):
    """The agenda embeds the same recent sentences on every build; the second time they
    come from memory, identical and in the order asked, and only new text reaches the model."""
    import numpy as np

    index = workspace.index
    texts = ["Priya is exhausted after on-call.", "The migration slipped again."]
    first = index.embed(texts)
    runs = []
    real = index.embedder.embed
    monkeypatch.setattr(index.embedder, "embed", lambda t: runs.append(list(t)) or real(t))
    again = index.embed([texts[1], texts[0], "A new sentence.", texts[0]])
    assert np.allclose(again[[0, 1, 3]], first[[1, 0, 0]])
    assert runs == [["A new sentence."]]
    assert np.allclose(np.linalg.norm(again, axis=1), 1.0, atol=1e-5)
    assert index.embed([]).shape == (0, first.shape[1])


def test_the_faster_chromadb_import_leaves_other_code_its_override_checks(filled):
    # Opening the index imports chromadb with the `overrides` signature checks skipped;
    # afterwards the decorator must check again for everyone else.
    from overrides import override

    assert filled.search("on-call").hits

    class Base:
        def run(self, a: int) -> int:
            return a

    with pytest.raises(TypeError):

        class Broken(Base):
            @override
            def missing(self) -> None: ...


def test_a_process_that_exits_while_the_model_loads_exits_cleanly(tmp_path):
    # A search answered by the resident process can finish while this process is still
    # loading the model on its warm-up thread; exiting then used to abort (exit -6 or 134,
    # "terminate called without an active exception") in about half of these runs.
    script = (
        "import sys, time\n"
        "from coach.config import load_settings\n"
        "from coach.embedder import make_embedder, warm_in_background\n"
        "warm_in_background(make_embedder(load_settings()))\n"
        "time.sleep(float(sys.argv[1]))\n"
    )
    env = {**os.environ, "COACH_HOME": str(tmp_path)}
    for delay in ("0.1", "0.15", "0.2", "0.25", "0.3"):
        done = subprocess.run(
            [sys.executable, "-c", script, delay], capture_output=True, text=True, env=env
        )
        assert done.returncode == 0, (delay, done.returncode, done.stderr[-300:])
