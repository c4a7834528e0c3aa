"""``coach topics``: the saved agenda's topics, ticked as they are covered."""

from __future__ import annotations

import argparse
from typing import Any

from coach.cli.common import EXIT_OK, date_arg, open_coach, print_json


def cmd_topics_list(args: argparse.Namespace) -> int:
    """The topics of a person's saved agenda, with ids and ticks."""
    from coach.service import saved_topics

    topics = saved_topics(open_coach(), args.person, date_arg(args.date))
    if args.json:
        print_json({"topics": [t.model_dump(mode="json") for t in topics]})
        return EXIT_OK
    if not topics:
        print(f"no saved agenda: build one with: coach agenda --person {args.person!r}")
    for t in topics:
        mark = "x" if t.covered else " "
        print(f"[{mark}] {t.id:>4}  {t.title} ({t.minutes} min)")
    return EXIT_OK


def cmd_topics_done(args: argparse.Namespace) -> int:
    """Tick (or untick) agenda topics."""
    from coach.service import cover_topics

    changed = cover_topics(open_coach(), args.ids, [] if args.undo else args.ids)
    state = "not covered" if args.undo else "covered"
    print(f"{changed} topic(s) marked {state}")
    return EXIT_OK


def register(sub: Any) -> None:
    """Add the topics group."""
    from coach.cli.notes import group

    tsub = group(sub, "topics", "the saved agenda's topics: list them and tick them off")
    s = tsub.add_parser(
        "list",
        help="list the topics of a person's saved agenda",
        description="List the topics of a person's saved agenda (the latest one unless --date) "
        "with their ids; ticked topics show [x]. Unticked topics carry into the next agenda.",
    )
    s.add_argument("--person", required=True, help="whose agenda")
    s.add_argument("--date", help="the meeting date YYYY-MM-DD (default: the latest agenda)")
    s.add_argument("--json", action="store_true", help="print JSON")
    s.set_defaults(func=cmd_topics_list)
    s = tsub.add_parser(
        "done",
        help="tick agenda topics as covered",
        description="Tick agenda topics as covered. Topics left unticked are carried into the "
        "person's next agenda.",
    )
    s.add_argument("ids", type=int, nargs="+", metavar="ID", help="topic ids (coach topics list)")
    s.add_argument("--undo", action="store_true", help="untick them instead")
    s.set_defaults(func=cmd_topics_done)
