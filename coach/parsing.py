"""Turning notes and transcripts into speaker turns and sentences.

Handles plain notes, Markdown bullets and headings, and transcripts with ``Name: text``
speaker lines (optionally with ``[00:12:03]`` time stamps or ``**bold**`` names).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from itertools import pairwise

from coach.dates import WEEKDAYS
from coach.lexicon import words
from coach.line_labels import LABELS, label_prefix, mention

# Words that look like "Name:" prefixes but label a section or field instead of a speaker.

# "[00:12]", "(1:02:33)", and a Slack export's "[10:02 AM]".
_STAMP = r"(?:[\[(]?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?(?:\s?[AaPp]\.?[Mm]\.?)?[\])]?\s*)"
# "Priya:", "[00:12] Priya:", "**Priya**:", "Project Manager (A):" (a role with its speaker
# letter, as in recorded-meeting corpora); lower-case names are accepted only in chats.
_SPEAKER_LINE = re.compile(
    rf"^\s*{_STAMP}?(?:[-*•]\s+)?(?:\*\*|__)?"
    # "Speaker 2:" from a transcription service that does not know the names.
    rf"(?P<name>(?:Speaker|Participant|Guest|Caller|Attendee)\s+\d{{1,3}}|"
    # Any script's letters: "Łucja:", "Joaquín:".
    rf"[^\W\d_][\w'’.-]*(?:\s+[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’.-]*){{0,2}})"
    rf"(?:\s*\((?P<tag>[\w .'-]{{1,24}})\))?"
    rf"(?:\*\*|__)?\s*{_STAMP}?\s*(?:\*\*|__)?:(?:\*\*|__)?\s+(?P<text>\S.*)$"
)
_HEADING = re.compile(r"^\s*(?:#{1,6}\s+(?P<h1>.+?)|(?P<h2>[A-Za-z][\w /&'-]{1,40}):)\s*#*\s*$")
# A checkbox first, so that "- [ ] send it" loses its box with its dash.
# "◦", "▪", "‣", "●", "○": the bullets of meeting-notes tools (Fireflies, Otter, Docs).
# Checkboxes as characters too: "☐ send it" to do, "✅ sent it" done.
_BULLET = re.compile(
    r"^\s*(?:[-*•+◦▪‣●○]\s+\[[ xX]?\]|\[[ xX]?\]|[-*•+◦▪‣●○☐☑✅✔]\ufe0f?|\d{1,2}[.)])\s+"
)
_TICKED = re.compile(r"^\s*(?:(?:[-*•+◦▪‣●○]\s+)?\[[xX]\]|[☑✅✔])")
_BOXED = re.compile(r"^\s*(?:(?:[-*•+◦▪‣●○]\s+)?\[ ?\]|☐)")
# A heading without markup, as AI meeting notes export them ("Action Items", "Outline").
_PLAIN_HEADING = re.compile(
    r"^\s*(?:action items?|next steps|suggested next steps|follow[- ]?ups?(?: tasks)?|"
    r"to ?-?dos?|tasks|outline|summary|quick recap|details|decisions|key points|takeaways|"
    r"done|completed|finished|doing|in progress)\s*$",
    re.I,
)
_ABBREV = re.compile(
    r"\b(?:mr|mrs|ms|dr|prof|sr|jr|st|vs|etc|e\.g|i\.e|approx|dept|inc|ltd|no|fig|cf|al)\.$",
    re.I,
)
_SPLIT = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Za-z0-9])")


_NOTE_ABOUT = re.compile(
    r"\b(?i:1:1|one[- ]on[- ]one|meeting|call|sync|chat|talked|spoke|met|caught up|checked in|"
    r"check-in|catch-up|review|walkthrough|session)\s+(?i:with|w/|to)\s+([A-Z][a-z]+)|"
    # A heading: "1:1 - Marco", "Notes - 1:1 Ana (Dec 4)"; "Priya and I went through…".
    r"\b(?:1:1|1-1|1on1)\s*[-–—:]?\s*([A-Z][a-z]+)\b|^([A-Z][a-z]+) and I\b|"
    # Typed fast: "1:1 w/ zoe".
    r"^(?:1:1|1-1|1on1)\s+(?:w/|with)\s+([a-z]{3,})\s*$|"
    # A voice memo: "ok so talked to ravi he's going to…", "ok so one on one with marco today".
    r"^(?:(?:ok(?:ay)?|so)[,\s]+)*(?:talked|spoke|met|chatted|caught up)\s+(?:to|with)\s+"
    r"([a-z]{3,})\s+(?:he|she)\b|"
    r"^(?:(?:ok(?:ay)?|so)[,\s]+)*(?:one on one|1:1|1-1)\s+with\s+([a-z]{3,})\s+"
    r"(?:today|this morning|this afternoon|just now)\b|"
    # "Recap for Tom: you agreed to…".
    r"^(?i:recap|notes|summary|follow[- ]?ups?|actions?)\s+(?i:for|to)\s+([A-Z][a-z]+)\b|"
    # A recap written to them: "Hi Mara,".
    r"^(?i:hi|hey|hello|dear)\s+([A-Z][a-z]+)\s*[,!]"
)


# A name opening a sentence as its subject, not a heading's noun ("Pipeline review with
# Carla"): a verb follows it ("Nora finished the audit", "Nora's out").
_OPENS_WITH_NAME = re.compile(
    r"^(?P<name>[A-Z][a-z]+)(?:['’]s\s+[a-z]|\s+(?:[a-z]+ed|is|was|has|had|said|told|sent|"
    r"wrote|gave|took|made|ran|got|will|can|wants?|needs?|seems?|looks?|thinks?)\b)"
)


@dataclass
class Sentence:
    """One sentence of the input, verbatim, with where it sits."""

    text: str
    index: int
    turn: int
    speaker: str | None = None
    section: str | None = None
    bullet: bool = False
    label: str | None = None
    """A ``Name:`` or ``Label:`` prefix on a notes line (not a transcript speaker)."""
    ticked: bool = False
    """A ticked checkbox ("- [x] booked the room"): done, not an action to take."""
    boxed: bool = False
    """An empty checkbox ("- [ ] book the room", "☐ book the room"): a to-do."""


RECORDED_MEETING_SENTENCES = 40


@dataclass
class Doc:
    """A parsed input: its sentences, and the speakers when it is a transcript."""

    sentences: list[Sentence]
    speakers: list[str] = field(default_factory=list)
    is_transcript: bool = False

    @property
    def is_recorded_meeting(self) -> bool:
        """A long transcript: what the models learned from real meetings are for. Shorter
        inputs are notes or a short 1:1, which the commitment rules alone handle well."""
        # A one-to-one, however long, is a conversation the rules read well (a long 1:1
        # transcript: 6 of 6 items by the rules, 2 of 6 by the models fitted on group meetings).
        return (
            self.is_transcript
            and len(self.sentences) >= RECORDED_MEETING_SENTENCES
            and len(self.speakers) >= 3
        )

    @cached_property
    def about(self) -> str | None:
        """The one person the note's headings and openings name ("1:1 w/ Tariq", "1:1 -
        Marco", "Quick sync with Ben", "Priya and I went through…", a recap's "Hi Mara,"),
        if exactly one. Read
        once per document: every sentence's rules may ask."""
        named = {
            n[:1].upper() + n[1:]
            for s in self.sentences
            for groups in _NOTE_ABOUT.findall(s.text)
            for n in groups
            if n and n.lower() not in words("not_names") | words("stopwords")
        }
        return named.pop() if len(named) == 1 else None

    @cached_property
    def lone_subjects(self) -> list[str | None]:
        """For each sentence, the one name the sentences before it open with ("Nora finished
        the audit. Next she's going to…"), or None when they open with none or several. Read
        once per document, in one pass: every "she" of a note may ask."""
        skip = words("not_names") | words("stopwords") | words("action_verbs")
        out: list[str | None] = []
        seen: set[str] = set()
        for s in self.sentences:
            out.append(next(iter(seen)) if len(seen) == 1 else None)
            m = _OPENS_WITH_NAME.match(s.text)
            if m and m.group("name").lower() not in skip:
                seen.add(m.group("name"))
        return out

    @cached_property
    def turns(self) -> dict[int, list[Sentence]]:
        """Sentences grouped by turn, so lookups by turn stay linear over a long transcript."""
        grouped: dict[int, list[Sentence]] = {}
        for s in self.sentences:
            grouped.setdefault(s.turn, []).append(s)
        return grouped

    def first_of_turn(self, turn: int) -> Sentence | None:
        """The first sentence of a turn, if there is one."""
        found = self.turns.get(turn)
        return found[0] if found else None

    def turn_speaker(self, turn: int) -> str | None:
        """The speaker of a given turn, if any."""
        first = self.first_of_turn(turn)
        return first.speaker if first else None


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences, keeping abbreviations like "e.g." intact."""
    text = text.strip()
    if not text:
        return []
    parts: list[str] = []
    start = 0
    for m in _SPLIT.finditer(text):
        candidate = text[start : m.end()].strip()  # with its closing quote or bracket
        if _ABBREV.search(candidate):
            continue
        if re.search(r"[\"')\]]", m.group(0)) and text[m.end() : m.end() + 1].islower():
            continue  # "replied 'per my last message...' to the lead": the quote ends, not the sentence
        if candidate:
            parts.append(candidate)
        start = m.end()
    tail = text[start:].strip()
    if tail:
        parts.append(tail)
    return [clause for part in parts for clause in _run_on_clauses(part)]


RUN_ON_WORDS = 25
"""A sentence this long with no punctuation inside is dictation, not one sentence."""
_CLAUSE = re.compile(
    # Not right after a joining word or a verb of saying: "and he said he'll…" is one clause.
    r"(?<!\band)(?<!\bso)(?<!\balso)(?<!\bthen)(?<!\bbut)(?<!\bsaid)(?<!\bsays)(?<!\btold)"
    r"\s(?=(?:(?:and|so|also|then|but)\s+)?(?:i(?:'ll|’ll|'m|’m)?\s+(?:told|said|asked|need|needs|"
    r"will|want|have|think|promised|agreed|should|can|could|am|gonna)\b|i(?:'ll|’ll)\s|"
    r"(?:he|she|they)\s+(?:said|says|told|will|agreed|promised|asked|wants|needs)\b|"
    r"(?:he|she|they)(?:'ll|’ll)\s))"
)


def _run_on_clauses(sentence: str) -> list[str]:
    """A dictated run-on ("…stuck on the export for a week i told him to pair with jen on it
    tomorrow and he said he'll have a fix by thursday also i need to…") split where a new
    clause starts with its subject; any other sentence as it is."""
    words = sentence.split()
    if (
        len(words) < RUN_ON_WORDS
        or re.search(r"[.!?;]\s", sentence)
        or sentence != sentence.lower()
    ):
        return [sentence]
    cuts = [m.start() for m in _CLAUSE.finditer(sentence)]
    bounds = [0, *cuts, len(sentence)]
    clauses = [sentence[a:b].strip() for a, b in pairwise(bounds) if sentence[a:b].strip()]
    return clauses or [sentence]


_SPOKEN = re.compile(
    r"^\W*(?:i|i'll|i'm|i've|i'd|we|we'll|we're|we've|let's|can|could|would|will|sure|ok|"
    r"okay|yes|yeah|yep|no|nope|perfect|great|thanks|thank you|np|cool|sounds|good|nice|"
    r"hey|hi|hmm|agreed|deal|you|you're|you've|ugh|argh|oh|ah|lmk|thx|ty|kk)\b",
    re.I,
)


def _speaker_lines(lines: list[str]) -> list[tuple[str, str] | None]:
    """Speaker lines of a document; lower-case names count only when they recur (a chat)."""
    found = [speaker_line(ln) for ln in lines]
    lower = [m[0] for m in found if m and m[0][:1].islower()]
    recurring = {n for n in set(lower) if lower.count(n) >= 2}
    # Two people who both talk, or a short exchange where one of two talks twice
    # ("jordan: …" / "me: …" / "jordan: …").
    if len(set(lower)) == 2 and len(recurring) == 1:
        recurring = set(lower)
    # Or two who each say one line that is speech, not a task for them ("nina: i'll send
    # the results by thursday" / "sam: perfect", where "dana: review the deck" is a note).
    said = [m[1] for m in found if m and m[0][:1].islower()]
    # A question is speech too ("me: has finance approved the budget?"), and so is the line
    # that answers it ("priya: first draft is done, i'll share it…").
    asked = [i > 0 and said[i - 1].rstrip().endswith("?") for i in range(len(said))]
    # A chat mention ("and @ben please…") or a reaction alone ("👍") is speech as well.
    spoken = all(
        _SPOKEN.match(t) or t.rstrip().endswith("?") or after or "@" in t or not re.search(r"\w", t)
        for t, after in zip(said, asked, strict=True)
    )
    if len(set(lower)) >= 2 and spoken:
        recurring = set(lower)
    chat = len(recurring) >= 2
    return [
        m if m and (m[0][:1].isupper() or (chat and m[0] in recurring)) else None for m in found
    ]


def speaker_line(line: str) -> tuple[str, str] | None:
    """(speaker, text) for a transcript line such as ``[00:12] Priya: text``, else None."""
    m = _SPEAKER_LINE.match(line)
    if not m:
        return None
    name = m.group("name").strip().rstrip(".")
    if name.lower() in ("none", "unknown", "speaker") and m.group("tag"):
        name = f"Speaker {m.group('tag').strip()}"  # "None (A):" in exported transcripts
    if name.lower() in LABELS or len(name) > 40:
        return None
    # (Not "Sat", "Sun" or months: Jun, May and Sun are people's names as often.)
    day = name.lower().rstrip(".")
    if day in WEEKDAYS and len(day) >= 3 and day not in ("sat", "sun"):
        return None  # "- Thu: Carla sends the deck" is a line keyed by its day, not a speaker
    return name, m.group("text").strip()


def _heading(line: str) -> str | None:
    if _PLAIN_HEADING.match(line):
        return line.strip().lower()
    m = _HEADING.match(line)
    if not m:
        return None
    h = (m.group("h1") or m.group("h2") or "").strip().strip("*_: ").lower()
    return h or None


def parse(text: str) -> Doc:
    """Parse notes or a transcript into sentences tagged with speaker, section and turn."""
    lines = text.split("\n")
    speaker_lines = _speaker_lines(lines)
    names = [m[0] for m in speaker_lines if m]
    distinct = list(dict.fromkeys(names))
    content_lines = sum(1 for ln in lines if ln.strip())
    # A transcript has several speakers who each talk, and most lines are speaker lines;
    # otherwise "Dana: send the deck" is an owner-prefixed note line.
    texts = [m[1] for m in speaker_lines if m]
    # Owner-prefixed notes ("Dana: review the deck") start with a lower-case verb; chat
    # lines ("alex: ok, i'll talk to jordan") start with anything.
    verbs = words("action_verbs")
    lower_starts = sum(
        1 for t in texts if t[:1].islower() and t.split()[0].strip(",.").lower() in verbs
    )
    is_transcript = (
        len(distinct) >= 2
        and len(names) >= 0.4 * max(content_lines, 1)
        and (
            (len(names) >= 3 and sum(1 for n in distinct if names.count(n) >= 2) >= 1)
            or len(names) >= 0.6 * max(content_lines, 1)
        )
        # "Dana: review the deck" lines (lower-case tasks) are owner-prefixed notes.
        and lower_starts <= len(texts) / 2
    )
    sentences: list[Sentence] = []
    section: str | None = None
    turn = -1
    speaker: str | None = None
    paragraph: list[str] = []
    para_meta: dict[str, object] = {}
    # A transcript turn continues over plain lines until the next speaker line.

    def flush() -> None:
        nonlocal paragraph
        if not paragraph:
            return
        body = " ".join(p.strip() for p in paragraph)
        for sent in split_sentences(body):
            sentences.append(
                Sentence(
                    text=sent,
                    index=len(sentences),
                    turn=turn,
                    speaker=speaker if is_transcript else None,
                    section=section,
                    bullet=bool(para_meta.get("bullet")),
                    label=para_meta.get("label"),  # type: ignore[arg-type]
                    ticked=bool(para_meta.get("ticked")),
                    boxed=bool(para_meta.get("boxed")),
                )
            )
        paragraph = []

    for raw, sp in zip(lines, speaker_lines, strict=True):
        line = raw.rstrip()
        if not line.strip():
            flush()
            continue
        if is_transcript and sp:
            flush()
            turn += 1
            speaker = sp[0]
            para_meta = {"bullet": False, "label": None}
            paragraph = [sp[1]]
            continue
        heading = _heading(line)
        if heading is not None and not (is_transcript and speaker and paragraph):
            flush()
            section = heading
            continue
        bullet = _BULLET.match(line)
        if bullet or not is_transcript:
            # Notes are line-based: each line (bullet or not) is its own unit, since
            # hard-wrapped prose is rarer in notes than one-thought-per-line.
            # In a transcript, a bullet inside a turn is its own unit of that turn.
            flush()
            body = line[bullet.end() :] if bullet else line
            label_match = None if is_transcript else label_prefix(body) or mention(body)
            if not is_transcript:
                turn += 1
                speaker = None
            para_meta = {
                "bullet": bool(bullet),
                "label": label_match[0] if label_match else None,
                "ticked": bool(_TICKED.match(line)),
                "boxed": bool(_BOXED.match(line)),
            }
            paragraph = [body]
            flush()
            continue
        paragraph.append(line)
    flush()
    return Doc(
        sentences=sentences, speakers=distinct if is_transcript else [], is_transcript=is_transcript
    )
