"""``coach practice``: rehearse a feedback conversation, then get a scored debrief."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from coach.cli.common import EXIT_OK, emit, open_coach, print_json
from coach.errors import CoachError

if TYPE_CHECKING:
    from coach.service import Coach
    from coach.types import PracticeSession

END_WORDS = ("/debrief", "/end", "/quit")


def cmd_practice(args: argparse.Namespace) -> int:
    """Play scripted lines or an interactive session; or list past sessions."""
    from coach.render import debrief_text, history_text
    from coach.service import read_input

    coach = open_coach()
    if args.history:
        records = coach.practice_history()
        if args.json:
            print_json({"sessions": [r.model_dump(mode="json") for r in records]})
        else:
            print(history_text(records))
        return EXIT_OK
    if args.turns:
        lines = read_input(args.turns, coach.settings.max_input_bytes).splitlines()
        session = coach.practice_play(
            lines, args.persona, args.scenario, args.person, args.difficulty
        )
    else:
        session = _interactive(coach, args)
    return emit(args, session, debrief_text)


def _interactive(coach: Coach, args: argparse.Namespace) -> PracticeSession:
    session = coach.practice_start(args.persona, args.scenario, args.person, args.difficulty)
    out = sys.stderr if args.json else sys.stdout
    print(f"Practice: {session.scenario_text}", file=out)
    print(
        f"The coach plays a {session.persona} {session.person or 'report'}. "
        "You open the conversation.",
        file=out,
    )
    print("Type your lines; /debrief (or an empty line, or Ctrl-D) ends it.\n", file=out)
    while True:
        try:
            line = input("you> ")
        except EOFError:
            print(file=out)
            break
        if not line.strip() or line.strip().lower() in END_WORDS:
            break
        try:
            session = coach.practice_say(session, line)
        except CoachError as exc:
            print(f"coach: {exc}", file=sys.stderr)
            continue
        print(f"{session.person or 'them'}> {session.transcript[-1].text}", file=out)
    return coach.practice_debrief(session)


def register(sub: Any) -> None:
    """Add the practice command."""
    s = sub.add_parser(
        "practice",
        help="rehearse a feedback conversation, then get a scored debrief",
        description="The coach plays the other person. Type your lines (interactive), or play a file "
        "of lines with --turns. The debrief scores 1-5 on: a behavioural opening, open questions, "
        "listening, no blame, next steps with owner and date, and tone. Sessions are saved.",
    )
    s.add_argument(
        "--persona",
        choices=["defensive", "quiet", "emotional", "receptive", "deflecting"],
        default="defensive",
        help="how the other person reacts (default defensive)",
    )
    s.add_argument(
        "--scenario", help="what the conversation is about, or a library key such as burnout"
    )
    s.add_argument(
        "--person",
        help="who you practise with; without --scenario, the scenario comes from their notes",
    )
    s.add_argument(
        "--difficulty", type=int, choices=[1, 2, 3], default=2, help="1 easy … 3 hard (default 2)"
    )
    s.add_argument(
        "--turns", metavar="FILE", help="your lines, one per line, played without prompting"
    )
    s.add_argument("--history", action="store_true", help="list past sessions and the score trend")
    s.add_argument("--json", action="store_true", help="print JSON (transcript and debrief)")
    s.set_defaults(func=cmd_practice)
