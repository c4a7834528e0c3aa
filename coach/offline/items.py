"""One commitment as an action item: its owner as the note spells them, its due date (from
the sentence, or the answer to a request), and a task that reads on its own ("it", "him",
"them", "both" and the question it answers resolved)."""

from __future__ import annotations

import re
from datetime import date

from coach.dates import find_due_date
from coach.offline.commitment_patterns import (
    ACTION_SECTIONS,
    NAME_LIKE,
    OWNER_TAIL,
    TICKET,
    Commitment,
)
from coach.offline.commitments import meant
from coach.offline.referents import (
    resolve_it,
    resolve_it_from,
    resolve_them_from,
    same_verb_object,
)
from coach.offline.replies import YES
from coach.offline.task_text import (
    canonical,
    clean_task,
    ended,
    name_pronoun,
    personalise,
    resolve_person_from,
    resolve_role_from,
    with_condition,
    with_question,
)
from coach.parsing import Doc, Sentence
from coach.types import ActionItem

_POINTS_BACK = re.compile(
    # "have it ready by…", or a thank-you that only adds when: "Thanks, ideally before…".
    r"\b(?:it|that|this)\b[^.?!]*\b(?:by|before|until|due)\b|"
    r"^\W*(?:thanks|thank you|great|perfect|cool)\W+(?:ideally\s+|if possible\s+)?(?:by|before|until)\b",
    re.I,
)


def make_item(
    doc: Doc,
    sent: Sentence,
    commitment: Commitment,
    meeting: date,
    person: str | None,
    seen: set[tuple[str, str]],
    region: tuple[int, int] | None = None,
) -> ActionItem | None:
    """One commitment of ``sent`` as an action item, or None for a fragment or a repeat.
    ``region`` is the stretch of the sentence its due date may come from (all of it)."""
    owner, pred, pred_offset, speaker, addressee = commitment
    owner = canonical(owner, doc, person)
    # "Today she asked for a mentor; I'll ask Omar": a date before a ";" is not this one's.
    # So is one before "…, and I'll" ("she'll re-forecast by tomorrow and I'll get the approval").
    clause = max(
        (
            m.end()
            for m in re.finditer(r";|\band\s+(?=I(?:'ll|’ll| will)\b)", sent.text[:pred_offset])
        ),
        default=0,
    )
    lo, hi = region or (clause, len(sent.text))
    due, span = find_due_date(sent.text[lo:hi], meeting)
    span = (span[0] + lo, span[1] + lo) if span else None
    reply = doc.first_of_turn(sent.turn + 1) if sent.turn >= 0 and doc.is_transcript else None
    answer = reply is not None and reply.speaker != speaker and YES.match(reply.text)
    if answer and reply is not None and (reply.speaker or "").casefold() == owner.casefold():
        # "…before friday?" "sure, i'll do it tomorrow morning": their own date is the promise;
        # "ok will do. i'll have something by monday": anywhere in their answer.
        answered = " ".join(s.text for s in doc.turns.get(sent.turn + 1, [reply]))
        due = find_due_date(answered, meeting)[0] or due
    if due is None and answer and reply is not None:
        # "Can you send it?" "Sure, by Friday." — the date is in the answer.
        due = find_due_date(reply.text, meeting)[0]
        # "I'll take it." "Thanks. Please have it ready by Thursday."
        if due is None and doc.first_of_turn(sent.turn + 2) is not None:
            follow = [s for s in doc.sentences if s.turn == sent.turn + 2]
            back = " ".join(s.text for s in follow)
            # …only when it points back at the task ("have it ready by"), not at
            # something else ("let's sync on Friday").
            if follow[0].speaker == sent.speaker and _POINTS_BACK.search(back):
                due = find_due_date(back, meeting)[0]
    # The owner tail "(Dana)" or "— Dana" is not part of the task.
    pred = OWNER_TAIL.sub("", pred)
    task = with_condition(clean_task(pred, span, pred_offset, sent.text), sent.text[:pred_offset])
    task = personalise(task, speaker, addressee if owner not in (addressee, "team") else None)
    # "…the migration script is almost ready. he will finish it": the same turn says what.
    earlier = doc.sentences[sent.index - 1] if sent.index > 0 else None
    said = earlier.text + " " if earlier is not None and earlier.turn == sent.turn else ""
    context = ended(earlier.text) if earlier is not None and not said else ""
    window = doc.sentences[max(0, sent.index - 3) : sent.index]
    if doc.is_transcript:  # "can you run the demo?" … "Bo, can you run it?"
        asked = doc.sentences[max(0, sent.index - 5) : sent.index]
        task = same_verb_object(task, " ".join(s.text for s in asked))
    task = resolve_it(task, said + sent.text[:pred_offset], context)
    # In notes the bullet before is the context too ("- I'll nudge Bilal" / "- remind him").
    before = said or (earlier.text + " " if earlier is not None and not doc.is_transcript else "")
    task = resolve_person_from(resolve_person_from(task, sent.text[:pred_offset]), before)
    if not doc.is_transcript and re.search(r"\b(?:him|her)\b", task, re.I):
        task = name_pronoun(task, meant(doc, sent, person))
    task = resolve_role_from(task, " ".join(s.text for s in window) + " " + sent.text[:pred_offset])
    # "did legal sign off?" / "not yet, but i'll nudge them": the turn before counts too.
    two_back = doc.sentences[sent.index - 2].text if sent.index > 1 else ""
    task = resolve_them_from(
        task, f"{two_back} {earlier.text if earlier else ''} {sent.text[:pred_offset]}"
    )
    # "want me to move the analytics review?" / "yes please" / "i'll move it to tuesday";
    # or the same sentence: "Ola updates the roadmap; I review it with finance".
    context = ended(two_back) if two_back and earlier is not None else ""
    lead_in = context + (ended(earlier.text) if earlier is not None else "")
    task = resolve_it_from(task, lead_in + sent.text[:pred_offset])
    task = with_question(task, said + sent.text[:pred_offset] or (earlier.text if earlier else ""))
    if not task or len(task) < 4:
        return None
    named = sent.label and NAME_LIKE.match(sent.label[:1].upper() + sent.label[1:])
    marker_label = bool(
        sent.label and (ACTION_SECTIONS.match(sent.label) or TICKET.fullmatch(sent.label))
    )
    if sent.label and not named and not marker_label and len(task.split()) <= 3:
        # "Cloud spend analysis: Dmitri will report back" → report back on the analysis
        task = f"{task} on {sent.label[0].lower()}{sent.label[1:]}"
    key = (owner.lower(), re.sub(r"\W+", " ", task.lower()).strip())
    if key in seen:
        return None
    seen.add(key)
    return ActionItem(owner=owner, task=task, due=due, source=sent.text)
