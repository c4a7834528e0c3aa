"""What we know about a person before a 1:1: notes, open actions and retrieval.

The offline engine reads signals from this directly; the LLM engine gets it as a
token-budgeted block of delimited notes (the most relevant by meaning, then the most
recent, then open actions), and citations are checked against it afterwards.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from coach.errors import CoachError
from coach.followup import Embed, mark
from coach.prompting import fence
from coach.signals import NoteSentence, lexicon, matching, note_sentences
from coach.types import Citation, Note, StoredAction
from coach.voice import Voice, voice_of
from coach.workspace import Workspace
from retrieval.tokens import count_tokens


@dataclass
class PersonContext:
    """A person's notes (oldest first) and open action items."""

    person: str
    relationship: str
    notes: list[Note]
    open_actions: list[StoredAction]
    user: str
    me: set[str] = field(default_factory=set)
    """Names that mean the user: ``me``, the account and the display name (casefolded)."""
    by_id: dict[int, Note] = field(default_factory=dict)
    embed: Embed | None = None
    """The local sentence embedder, for judging meaning (None: words only)."""
    embed_model: str = ""
    """The name of ``embed``'s model: learned classifiers apply only to the one they fit."""

    def __post_init__(self) -> None:
        self.by_id = {n.id: n for n in self.notes}

    def recent(self, n: int) -> list[Note]:
        """The ``n`` most recent notes, newest first."""
        return sorted(self.notes, key=lambda x: (x.meeting_date, x.id), reverse=True)[:n]

    def since(self, day: date) -> list[Note]:
        """Notes from ``day`` on."""
        return [n for n in self.notes if n.meeting_date >= day]

    def voice(self, s: NoteSentence) -> Voice:
        """Whose words ``s`` is: the person's, the user's observation or promise, or another's."""
        note = self.by_id.get(s.note_id)
        speakers = len({x.speaker for x in note_sentences(note) if x.speaker}) if note else 0
        return voice_of(s, self.person, self.me, speakers)

    def in_voice(self, sentences: list[NoteSentence], *voices: Voice) -> list[NoteSentence]:
        """The sentences spoken in one of ``voices``."""
        return [s for s in sentences if self.voice(s) in voices]

    def citation(self, note_id: int, quote: str = "") -> Citation | None:
        """A citation of one of this person's notes, or None for an id that is not theirs."""
        note = self.by_id.get(int(note_id))
        if note is None:
            return None
        if not quote:
            sentences = note_sentences(note)
            quote = sentences[0].text if sentences else " ".join(note.text.split())[:160]
        return Citation(note_id=note.id, date=note.meeting_date, quote=quote)


def gather(ws: Workspace, person: str, today: date | None = None) -> PersonContext:
    """Everything saved about ``person`` for this account, with open items marked "looks
    done" as of ``today`` (default: the newest note)."""
    row = ws.person(person)
    notes = ws.notes(row.name)
    return PersonContext(
        person=row.name,
        relationship=row.relationship,
        notes=notes,
        open_actions=mark(ws.actions(row.name, open_only=True), notes, ws.index.embed, today),
        embed=ws.index.embed,
        embed_model=ws.index.embedder.name,
        user=ws.settings.display_name or ws.account,
        me=_me(ws),
    )


def _me(ws: Workspace) -> set[str]:
    names = {"me", ws.account.casefold()}
    if ws.settings.display_name:
        names.add(ws.settings.display_name.casefold())
        names.add(ws.settings.display_name.split()[0].casefold())
    return names


def gather_all(ws: Workspace, label: str = "you") -> PersonContext:
    """Every note of the account (for career prep about the user's own work)."""
    return PersonContext(
        person=label,
        relationship="other",
        notes=ws.notes(),
        open_actions=ws.actions(open_only=True),
        user=ws.settings.display_name or ws.account,
        me=_me(ws),
    )


def query_terms(query: str, drop: set[str]) -> list[str]:
    """The content words of ``query`` (four letters or more, not in ``drop``), cut to their
    first six letters so "reviews" also finds "review"."""
    from coach.offline.summarize import STOPWORDS

    words = re.findall(r"[a-z][a-z'-]{3,}", query.lower())
    return [w[:6] for w in words if w not in STOPWORDS and w not in drop]


def _bare(word: str) -> str:
    """A word without punctuation or a possessive: "Marcus's" → "marcus" (not "marcu")."""
    return re.sub(r"['’]s$", "", word.strip(".,!?;:()\"'’")).casefold()


def without_names(text: str, names: set[str]) -> str:
    """``text`` without the words in ``names`` (a person's name should not drive meaning)."""
    kept = [w for w in text.split() if _bare(w) not in names]
    return " ".join(kept) or text


@dataclass(frozen=True)
class Scored:
    """A candidate sentence with how close it is to the query in meaning (MiniLM cosine,
    names taken out of both) and how many of the query's words or keywords it shares."""

    sentence: NoteSentence
    meaning: float
    words: int

    @property
    def score(self) -> float:
        """Meaning plus a little for each shared word (at most three count)."""
        return self.meaning + 0.2 * min(self.words, 3)


def scored_sentences(
    ws: Workspace,
    ctx: PersonContext,
    query: str,
    k: int = 6,
    keywords: tuple[str, ...] = (),
    query_words: bool = True,
    also_near: tuple[str, ...] = (),
    their_questions: bool = False,
) -> list[Scored]:
    """This person's note sentences near ``query``, each scored, best first (unfiltered).

    Candidates come from the vector index (chunks near the query, and near each of
    ``also_near``) and from word matches: ``keywords``, and the query's own words unless
    ``query_words`` is off. The person's
    name is taken out of the query first: with a short query, MiniLM otherwise matches the
    name. Very short sentences are not evidence, nor are questions, unless
    ``their_questions`` and the question is the person's own ("selma: what would I need
    to show for lead?").
    """
    if not ctx.notes:
        return []
    names = {p.casefold() for p in ctx.person.split()}
    cleaned = without_names(query, names)
    person = ctx.person if ctx.person in {n.person for n in ctx.notes} else None
    candidates: list[NoteSentence] = []
    hits = []
    for q, n in ((cleaned, max(k, 8)), *((a, 3) for a in also_near)):
        try:
            hits.extend(ws.search(q, person=person, k=n).hits)
        except CoachError:
            break
    for h in hits:
        note = ctx.by_id.get(h.note_id)
        if note is not None:
            candidates.extend(s for s in note_sentences(note) if s.text in h.text)
    own = query_terms(cleaned, names) if query_words else []
    terms = tuple(dict.fromkeys([*keywords, *own]))
    if terms:
        candidates.extend(matching(ctx.recent(40), terms))
    candidates = [
        c
        for c in dict.fromkeys(candidates)
        if len(c.text.split()) >= 4
        and (
            not c.text.rstrip().endswith("?")
            or (their_questions and (c.speaker or "").casefold() in names)
        )
    ]
    if not candidates:
        return []
    pattern = lexicon(terms) if terms else None
    # The name is taken out of the sentences too, so it pulls neither way.
    vectors = ws.index.embed([cleaned] + [without_names(c.text, names) for c in candidates])
    sims = (vectors[1:] @ vectors[0]).tolist()
    scored = [
        Scored(c, sim, len(pattern.findall(c.text)) if pattern else 0)
        for sim, c in zip(sims, candidates, strict=True)
    ]
    return sorted(scored, key=lambda s: -s.score)


def relevant_sentences(
    ws: Workspace,
    ctx: PersonContext,
    query: str,
    k: int = 6,
    keywords: tuple[str, ...] = (),
    min_score: float = 0.3,
    by_meaning: bool = False,
) -> list[NoteSentence]:
    """This person's note sentences that bear on ``query``, best first: close in meaning
    (``min_score``), or sharing a word with it. ``by_meaning`` keeps only sentences close
    in meaning, for evidence that must be about the same behaviour: "worked late" is not
    "late to standup"."""
    kept = [
        s
        for s in scored_sentences(ws, ctx, query, k, keywords)
        if s.meaning >= min_score or (s.words and not by_meaning)
    ]
    return [s.sentence for s in kept[:k]]


VOICE_TAGS = {"theirs": "theirs", "mine": "you", "my_promise": "your promise", "other": "other"}


def voiced(ctx: PersonContext, note: Note) -> str:
    """The note's sentences, each tagged with whose words it is, for a prompt:
    ``[theirs]`` the person's own words, ``[you]`` the user's observation, ``[your promise]``
    the user's own commitment, ``[other]`` someone else's."""
    sentences = note_sentences(note)
    if not sentences:
        return " ".join(note.text.split())
    return " ".join(f"[{VOICE_TAGS[ctx.voice(s)]}] {s.text}" for s in sentences)


def quoted_in_wrong_voice(ctx: PersonContext, text: str) -> str | None:
    """A quote in ``text`` that comes from the notes but not from the person's own words, or
    None. Reading the user's observation back to the person as "you said" is wrong voice."""
    for quote in re.findall(r"['\"“‘]([^'\"”’]{12,})['\"”’]", text):
        needle = quote.strip().rstrip(".").casefold()
        for note in ctx.notes:
            for s in note_sentences(note):
                if needle in s.text.casefold() and ctx.voice(s) != "theirs":
                    return quote
    return None


def prompt_context(
    ctx: PersonContext,
    priority: list[int],
    budget_tokens: int,
    model: str | None = None,
    note_chars: int = 1500,
    max_priority: int = 20,
    max_recent: int = 12,
) -> str:
    """Notes and open actions as delimited data for a prompt, within ``budget_tokens``.

    ``priority`` lists note ids most relevant first (at most ``max_priority`` are used);
    then the ``max_recent`` most recent notes. A long history is not pasted whole: the
    model sees what bears on the job and what happened lately (bench/tokens.py).
    """
    order: list[int] = []
    recent = [n.id for n in ctx.recent(max_recent)]
    for nid in [*[p for p in priority if p in ctx.by_id][:max_priority], *recent]:
        if nid in ctx.by_id and nid not in order:
            order.append(nid)
    lines: list[str] = []
    used = 0
    for a in ctx.open_actions[:20]:
        due = f", due {a.due.isoformat()}" if a.due else ""
        done = f" | looks done per note {a.done_evidence.note_id}" if a.done_evidence else ""
        line = fence(f"[open action {a.id} | note {a.note_id}{done}] {a.owner}: {a.task}{due}")
        cost = count_tokens(line, model) + 1
        if used + cost > budget_tokens // 4:
            break
        lines.append(line)
        used += cost
    for nid in order:
        note = ctx.by_id[nid]
        body = fence(voiced(ctx, note))
        body = body if len(body) <= note_chars else body[:note_chars] + " …"
        line = f'<note id="{note.id}" date="{note.meeting_date.isoformat()}">{body}</note>'
        cost = count_tokens(line, model) + 1
        if used + cost > budget_tokens:
            continue
        lines.append(line)
        used += cost
    return "\n".join(lines)
