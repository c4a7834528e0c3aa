"""The vector index: note chunks in Chroma, always scoped to one account.

The index is derived from SQLite and can be deleted and rebuilt at any time. Every
query this module can issue carries the account filter: callers cannot pass their own
``where`` clause, only a person name, which is added *under* the account condition.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

import numpy as np

from retrieval.chroma import chroma_embedding_function
from retrieval.chunking import chunk_text

log = logging.getLogger(__name__)
REMEMBERED = 2048
"""Sentence vectors :meth:`NoteIndex.embed` keeps (about 3 MB at most)."""

COLLECTION_PREFIX = "coach_notes"


class Embedder(Protocol):
    """What the index needs from an embedding model (LocalEmbedder satisfies it)."""

    name: str
    dim: int

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit vectors for ``texts``."""
        ...


@dataclass(frozen=True)
class IndexedNote:
    """What the index needs to know about a note."""

    id: int
    person: str
    meeting_date: date
    text: str


@dataclass(frozen=True)
class ChunkHit:
    """A chunk found by meaning, with its cosine similarity."""

    note_id: int
    person: str
    meeting_date: date
    text: str
    score: float


def person_tag(person: str) -> str:
    """A short tag of a person's name, kept in chunk ids so a person's hits can be picked
    from a query's ids without reading metadata."""
    return hashlib.sha256(person.casefold().encode()).hexdigest()[:8]


def chunk_id(account: str, note_id: int, chunk: int, person: str) -> str:
    """``account:note:chunk:persontag``."""
    return f"{account}:{note_id}:{chunk}:{person_tag(person)}"


def account_key(account: str) -> str:
    """A collection-name-safe, fixed-length key for an account."""
    return hashlib.sha256(account.encode()).hexdigest()[:16]


class NoteIndex:
    """Chunks of one account's notes, in that account's own Chroma collection.

    Each account has its own collection, so a query can only ever see the account's
    chunks, and it runs on the HNSW graph directly: in Chroma 1.5 a metadata filter turns
    a 1 ms query into a 200 ms scan at 100k chunks (see bench/README.md). Every chunk
    also carries its account in metadata, and hits are checked against it.
    """

    def __init__(
        self,
        client: Any,
        embedder: Embedder,
        account: str,
        chunk_tokens: int = 200,
        chunk_overlap: int = 40,
    ) -> None:
        self._client = client
        self.embedder = embedder
        self.account = account
        self._chunk_tokens = chunk_tokens
        self._chunk_overlap = chunk_overlap
        self._remembered: OrderedDict[str, np.ndarray] = OrderedDict()
        self._remembered_lock = threading.Lock()
        self.collection = client.get_or_create_collection(
            name=f"{COLLECTION_PREFIX}_{embedder.name}_{account_key(account)}",
            embedding_function=chroma_embedding_function(embedder),
            configuration={"hnsw": {"space": "cosine"}},
        )

    # -- the only place a where clause is built -------------------------------------
    def scope(self, person: str | None = None, note_ids: Sequence[int] | None = None) -> dict:
        """The Chroma where clause for this account (and a person or notes): every write and
        delete carries it, so nothing reaches another account's chunks."""
        conditions: list[dict[str, Any]] = [{"account": self.account}]
        if person is not None:
            conditions.append({"person_key": person.casefold()})
        if note_ids is not None:
            conditions.append({"note_id": {"$in": [int(i) for i in note_ids]}})
        return conditions[0] if len(conditions) == 1 else {"$and": conditions}

    @staticmethod
    def _read_notes(note_ids: Sequence[int]) -> dict:
        """A where clause for a *read* by note id alone; the caller checks each row's account.
        Chroma 1.5 runs an "$and" with the account condition as a scan (130-160 ms at 100k
        chunks, against 27 ms), and in the account's own collection it always holds."""
        return {"note_id": {"$in": [int(i) for i in note_ids]}}

    def add_notes(
        self, notes: Iterable[IndexedNote], progress: Callable[[int], None] | None = None
    ) -> int:
        """(Re)index notes. Returns the number of chunks embedded.

        A chunk already stored with the same text is kept as it is: embedding is the
        expensive step, and unchanged text never needs it again.
        """
        notes = list(notes)
        if not notes:
            return 0
        existing = self.collection.get(
            where=self._read_notes([n.id for n in notes]), include=["documents", "metadatas"]
        )
        stored = {
            i: doc
            for i, doc, meta in zip(
                existing["ids"], existing["documents"], existing["metadatas"], strict=True
            )
            if meta.get("account") == self.account
        }
        ids: list[str] = []
        docs: list[str] = []
        metas: list[dict[str, Any]] = []
        for note in notes:
            for chunk in chunk_text(note.text, self._chunk_tokens, self._chunk_overlap):
                ids.append(chunk_id(self.account, note.id, chunk.index, note.person))
                docs.append(chunk.text)
                metas.append(
                    {
                        "account": self.account,
                        "person": note.person,
                        "person_key": note.person.casefold(),
                        "note_id": note.id,
                        "date": note.meeting_date.isoformat(),
                        "chunk": chunk.index,
                    }
                )
        stale = [i for i in stored if i not in set(ids)]
        if stale:
            self.collection.delete(ids=stale)
        changed = [k for k, (i, d) in enumerate(zip(ids, docs, strict=True)) if stored.get(i) != d]
        ids = [ids[k] for k in changed]
        docs = [docs[k] for k in changed]
        metas = [metas[k] for k in changed]
        written = 0
        step = 256
        for start in range(0, len(ids), step):
            sl = slice(start, start + step)
            vectors = self.embedder.embed(docs[sl])
            self.collection.upsert(
                ids=ids[sl], documents=docs[sl], metadatas=metas[sl], embeddings=vectors
            )
            written += len(ids[sl])
            if progress:
                progress(written)
        return written

    def close(self) -> None:
        """Release the Chroma client (its files stay on disk)."""
        close = getattr(self._client, "close", None)
        if close is not None:
            close()

    def remove_notes(self, note_ids: Sequence[int]) -> None:
        """Drop every chunk of these notes."""
        if note_ids:
            self.collection.delete(where=self.scope(note_ids=note_ids))

    def indexed_note_ids(self) -> set[int]:
        """Ids of the notes that have chunks in the index."""
        got = self.collection.get(where=self.scope(), include=["metadatas"])
        return {int(m["note_id"]) for m in got["metadatas"] or []}

    def clear(self) -> None:
        """Remove all of this account's chunks (other accounts are untouched)."""
        self.collection.delete(where=self.scope())

    def count(self) -> int:
        """Chunks stored for this account."""
        return int(self.collection.count())

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit vectors from the index's embedding model (for ranking sentences).

        Vectors are remembered (the newest ``REMEMBERED`` texts): a job compares the same
        note sentences with every open item, and each agenda reads the person's recent
        sentences again. Embedding them anew cost 300 ms an agenda, and under 20 users
        agendas queued on the model (13 s p50 in bench/load.py). Indexing does not come
        through here, so note chunks are never kept.
        """
        with self._remembered_lock:
            known = {t: self._remembered[t] for t in texts if t in self._remembered}
            for t in known:
                self._remembered.move_to_end(t)
        missing = list(dict.fromkeys(t for t in texts if t not in known))
        if missing:
            fresh = self.embedder.embed(missing)
            known.update(zip(missing, fresh, strict=True))
            with self._remembered_lock:
                self._remembered.update(zip(missing, fresh, strict=True))
                while len(self._remembered) > REMEMBERED:
                    self._remembered.popitem(last=False)
        if not texts:
            return self.embedder.embed([])
        return np.stack([known[t] for t in texts])

    def search(self, query: str, k: int = 5, person: str | None = None) -> list[ChunkHit]:
        """The ``k`` chunks nearest in meaning to ``query``, best first."""
        return self.search_vector(self.embedder.embed([query]), k, person)

    def search_vector(
        self, vector: np.ndarray, k: int = 5, person: str | None = None
    ) -> list[ChunkHit]:
        """Like :meth:`search`, for a query already embedded (shape 1 x dim)."""
        k = max(1, k)
        # No count() first: it cost 12 ms of a 17 ms search at 100k chunks, and Chroma
        # answers a request for more results than it holds with what it has.
        if person is None:
            return self._query(vector, k, None, None)[0]
        # One person's chunks: over-fetch from the graph and keep theirs, which is far
        # faster than a filtered scan. When too few of the fetched are theirs, widen by
        # the share that was (plus half again), once, then fall back to the filter.
        fetch = max(50, 10 * k)
        hits, exhausted = self._query(vector, fetch, None, person)
        if len(hits) >= k or exhausted:
            return hits[:k]
        share = max(len(hits), 1) / fetch
        hits, exhausted = self._query(vector, max(2 * fetch, int(1.5 * k / share)), None, person)
        if len(hits) >= k or exhausted:
            return hits[:k]
        return self._query(vector, k, self.scope(person), person)[0][:k]

    def _query(
        self, vector: np.ndarray, n: int, where: dict | None, person: str | None
    ) -> tuple[list[ChunkHit], bool]:
        """(hits, whether the index held fewer than ``n`` chunks to return)."""
        if person is not None and where is None:
            # Over-fetch ids and distances only, keep this person's by the tag in the id,
            # then read documents and metadata for the few that remain.
            found = self.collection.query(
                query_embeddings=vector, n_results=n, include=["distances"]
            )
            tag = person_tag(person)
            exhausted = len(found["ids"][0]) < n
            picked = [
                (i, d)
                for i, d in zip(found["ids"][0], found["distances"][0], strict=True)
                if i.endswith(":" + tag)
            ][: max(1, n)]
            if not picked:
                return [], exhausted
            got = self.collection.get(
                ids=[i for i, _ in picked], include=["documents", "metadatas"]
            )
            by_id = {
                i: (doc, meta)
                for i, doc, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=True)
            }
            rows = [(by_id[i][0], by_id[i][1], d) for i, d in picked if i in by_id]
        else:
            result = self.collection.query(
                query_embeddings=vector,
                n_results=n,
                where=where,
                include=["documents", "metadatas", "distances"],
            )
            exhausted = len(result["ids"][0]) < n
            rows = list(
                zip(
                    result["documents"][0],
                    result["metadatas"][0],
                    result["distances"][0],
                    strict=True,
                )
            )
        hits: list[ChunkHit] = []
        for doc, meta, dist in rows:
            if meta.get("account") != self.account:
                continue  # never happens with per-account collections; checked all the same
            if person is not None and meta.get("person_key") != person.casefold():
                continue
            hits.append(
                ChunkHit(
                    note_id=int(meta["note_id"]),
                    person=str(meta["person"]),
                    meeting_date=date.fromisoformat(str(meta["date"])),
                    text=doc,
                    score=round(1.0 - float(dist), 4),
                )
            )
        return hits, exhausted
