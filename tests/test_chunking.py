import itertools

from retrieval.chunking import chunk_text
from retrieval.tokens import count_tokens


def test_short_note_is_one_chunk():
    chunks = chunk_text("Priya feels overloaded with on-call.")
    assert len(chunks) == 1 and chunks[0].text == "Priya feels overloaded with on-call."


def test_long_note_is_split_with_overlap_and_within_size():
    text = " ".join(f"Sentence {i} is about topic {i % 5} in some detail." for i in range(200))
    chunks = chunk_text(text, max_tokens=100, overlap=20)
    assert len(chunks) > 5
    assert all(c.tokens <= 100 for c in chunks)
    assert all(count_tokens(c.text) <= 110 for c in chunks)  # joins add at most a few tokens
    for a, b in itertools.pairwise(chunks):
        last_sentence = a.text.rsplit(". ", 1)[-1]
        assert last_sentence in b.text, "consecutive chunks share their boundary sentence"
    assert "Sentence 0 " in chunks[0].text and "Sentence 199 " in chunks[-1].text


def test_a_run_on_sentence_longer_than_a_chunk_is_cut():
    text = "word " * 1000
    chunks = chunk_text(text, max_tokens=50, overlap=10)
    assert all(c.tokens <= 50 for c in chunks)
    assert sum(c.text.count("word") for c in chunks) >= 1000
