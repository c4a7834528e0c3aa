"""``coach notes``, ``coach people``, ``coach actions`` and ``coach index``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from coach.cli.common import (
    EXIT_OK,
    Parser,
    date_arg,
    notice,
    open_coach,
    print_json,
    tty_progress,
)


def cmd_notes_add(args: argparse.Namespace) -> int:
    """Save one note."""
    from coach.service import read_input

    coach = open_coach()
    text = read_input(args.file, coach.settings.max_input_bytes)
    # Saved to SQLite at once; the index (seconds to open) catches up at the next search.
    note, note_notice = coach.add_note(
        args.person, text, date_arg(args.date), source=args.source, index=False
    )
    print(f"saved note {note.id} for {note.person} ({note.meeting_date.isoformat()})")
    notice(note_notice)
    return EXIT_OK


def cmd_notes_list(args: argparse.Namespace) -> int:
    """List notes, oldest first."""
    notes = open_coach().notes(args.person)
    if args.json:
        print_json({"notes": [n.model_dump(mode="json") for n in notes]})
        return EXIT_OK
    if not notes:
        print("no notes")
    for n in notes:
        first = " ".join(n.text.split())[:80]
        print(f"{n.id:>5}  {n.meeting_date.isoformat()}  {n.person:<16.16}  {first}")
    return EXIT_OK


def cmd_notes_show(args: argparse.Namespace) -> int:
    """Print one note."""
    note = open_coach().note(args.id)
    if args.json:
        print_json(note)
    else:
        print(f"note {note.id} | {note.person} | {note.meeting_date.isoformat()} | {note.source}\n")
        print(note.text)
    return EXIT_OK


def cmd_notes_search(args: argparse.Namespace) -> int:
    """Find notes by meaning."""
    from coach.render import search_text
    from coach.service.resident import search

    result = search(args.query, person=args.person, k=args.k)
    if args.json:
        data = result.model_dump(mode="json")
        # Search never calls a chat model: it always answers on this machine.
        data["engine"] = {"kind": "offline", "model": None, "notice": None}
        print_json(data)
    else:
        print(search_text(result))
    return EXIT_OK


def cmd_notes_import(args: argparse.Namespace) -> int:
    """Import a folder of dated notes."""
    report = open_coach().import_notes(Path(args.folder), args.person, tty_progress("importing"))
    print(
        f"imported {report.imported} note(s), {report.duplicates} already saved, "
        f"{len(report.skipped)} skipped"
    )
    for line in report.skipped:
        print(f"  skipped {line}")
    notice(report.index_notice)
    return EXIT_OK


def cmd_people_add(args: argparse.Namespace) -> int:
    """Add a person."""
    person = open_coach().add_person(args.name, args.relationship)
    print(f"added {person.name} ({person.relationship})")
    return EXIT_OK


def cmd_people_list(args: argparse.Namespace) -> int:
    """List people."""
    people = open_coach().people()
    if args.json:
        print_json({"people": [p.model_dump() for p in people]})
        return EXIT_OK
    if not people:
        print("no people yet: add one with: coach people add NAME")
    for p in people:
        print(f"{p.name}  ({p.relationship})")
    return EXIT_OK


def cmd_actions_list(args: argparse.Namespace) -> int:
    """List action items by due date."""
    from coach.render import actions_text

    actions = open_coach().actions(args.person, open_only=args.open)
    if args.json:
        print_json({"action_items": [a.model_dump(mode="json") for a in actions]})
    else:
        print(actions_text(actions))
    return EXIT_OK


def cmd_actions_done(args: argparse.Namespace) -> int:
    """Mark an action item done (or open again)."""
    action = open_coach().set_action_status(args.id, done=not args.undo)
    print(f"action {action.id} is {action.status}: {action.task}")
    return EXIT_OK


def cmd_index_rebuild(args: argparse.Namespace) -> int:
    """Recreate the index from SQLite."""
    notes, chunks = open_coach().rebuild_index(tty_progress("indexing"))
    print(f"index rebuilt from SQLite: {notes} note(s), {chunks} chunk(s)")
    return EXIT_OK


def group(sub: Any, name: str, help_text: str) -> Any:
    """A command group (``coach NAME ACTION``) whose action is required."""
    group = sub.add_parser(name, help=help_text)
    return group.add_subparsers(
        dest=f"{name}_command", metavar="ACTION", parser_class=Parser, required=True
    )


def register(sub: Any) -> None:
    """Add the notes, people, actions and index groups."""
    nsub = group(sub, "notes", "add, list, show, search and import notes")
    s = nsub.add_parser(
        "add",
        help="save a note about a person",
        description="Save a note about a person, with the action items in it. It is added to "
        "the search index by the next command that searches (or by coach serve at start).",
    )
    s.add_argument("file", metavar="FILE|-", help="a .txt/.md file, or - for standard input")
    s.add_argument("--person", required=True, help="who the note is about")
    s.add_argument(
        "--date", help="meeting date YYYY-MM-DD (default: a date in the text, else today)"
    )
    s.add_argument("--source", default="manual", help="where the note came from (default manual)")
    s.set_defaults(func=cmd_notes_add)
    s = nsub.add_parser("list", help="list notes", description="List notes, oldest first.")
    s.add_argument("--person", help="only this person's notes")
    s.add_argument("--json", action="store_true", help="print JSON")
    s.set_defaults(func=cmd_notes_list)
    s = nsub.add_parser("show", help="print one note", description="Print one note in full.")
    s.add_argument("id", type=int, help="note id")
    s.add_argument("--json", action="store_true", help="print JSON")
    s.set_defaults(func=cmd_notes_show)
    s = nsub.add_parser(
        "search",
        help="find notes by meaning",
        description="Find notes by meaning (local embeddings): 'burnout' finds "
        "'overloaded with on-call'.",
    )
    s.add_argument("query", help="what to look for")
    s.add_argument("--person", help="only this person's notes")
    s.add_argument("-k", type=int, default=5, help="number of hits (default 5)")
    s.add_argument("--json", action="store_true", help="print JSON")
    s.set_defaults(func=cmd_notes_search)
    s = nsub.add_parser(
        "import",
        help="import a folder of dated .md/.txt notes",
        description="Import every .md/.txt file of a folder as a note; each file is named by its "
        "meeting date (2026-11-23.md, 2026-11-23-career.txt). Re-running skips saved notes.",
    )
    s.add_argument("folder", help="folder of notes")
    s.add_argument("--person", required=True, help="who the notes are about")
    s.set_defaults(func=cmd_notes_import)

    psub = group(sub, "people", "add and list the people you meet with")
    s = psub.add_parser("add", help="add a person", description="Add someone you hold 1:1s with.")
    s.add_argument("name", help="their name")
    s.add_argument(
        "--relationship",
        choices=["report", "manager", "peer", "other"],
        default="report",
        help="how they relate to you (default report)",
    )
    s.set_defaults(func=cmd_people_add)
    s = psub.add_parser("list", help="list people", description="List people.")
    s.add_argument("--json", action="store_true", help="print JSON")
    s.set_defaults(func=cmd_people_list)

    asub = group(sub, "actions", "list action items and mark them done")
    s = asub.add_parser(
        "list", help="list action items", description="List saved action items by due date."
    )
    s.add_argument("--person", help="only this person's")
    s.add_argument("--open", action="store_true", help="only open items")
    s.add_argument("--json", action="store_true", help="print JSON")
    s.set_defaults(func=cmd_actions_list)
    s = asub.add_parser(
        "done", help="mark an action item done", description="Mark an action item done."
    )
    s.add_argument("id", type=int, help="action item id (see 'coach actions list')")
    s.add_argument("--undo", action="store_true", help="mark it open again")
    s.set_defaults(func=cmd_actions_done)

    isub = group(sub, "index", "manage the vector index (derived from SQLite)")
    s = isub.add_parser(
        "rebuild",
        help="recreate the search index from SQLite",
        description="Recreate this account's search index from the SQLite database.",
    )
    s.set_defaults(func=cmd_index_rebuild)
