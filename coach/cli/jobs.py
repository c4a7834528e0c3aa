"""``coach summarize`` and the Prepare and Feedback jobs: agenda, talking-points, career,
questions and feedback."""

from __future__ import annotations

import argparse
from typing import Any

from coach.cli.common import date_arg, emit, notice, open_coach


def cmd_summarize(args: argparse.Namespace) -> int:
    """Summarize a file or standard input; with --person save notes and action items."""
    from coach.render import summary_text
    from coach.service import read_input

    coach = open_coach()
    text = read_input(args.file, coach.settings.max_input_bytes)
    result, saved = coach.summarize(
        text, date_arg(args.date), person=args.person, save=bool(args.person)
    )
    notice(saved)
    return emit(args, result, summary_text)


def cmd_agenda(args: argparse.Namespace) -> int:
    """Agenda for the next 1:1."""
    from coach.render import agenda_text

    result = open_coach().agenda(args.person, date_arg(args.date), args.minutes)
    if not args.json:
        ids = " ".join(str(t.id) for t in result.topics if t.id is not None)
        notice(f"saved; tick topics as you cover them with: coach topics done ID ({ids})")
    return emit(args, result, agenda_text)


def cmd_talking_points(args: argparse.Namespace) -> int:
    """Talking points for a tough conversation."""
    from coach.render import talking_points_text

    return emit(args, open_coach().talking_points(args.person, args.situation), talking_points_text)


def cmd_career(args: argparse.Namespace) -> int:
    """Career topics for the user's own 1:1."""
    from coach.render import career_text

    return emit(args, open_coach().career(args.about, args.person), career_text)


def cmd_questions(args: argparse.Namespace) -> int:
    """Growth-minded questions."""
    from coach.render import questions_text

    return emit(args, open_coach().questions(args.person, args.theme, args.n), questions_text)


def cmd_feedback(args: argparse.Namespace) -> int:
    """A feedback draft reworked as SBI with a language check."""
    from coach.render import feedback_text
    from coach.service import read_input

    coach = open_coach()
    text = read_input("-", coach.settings.max_input_bytes) if args.text == "-" else args.text
    return emit(args, coach.feedback(text, args.person, args.kind), feedback_text)


def register(sub: Any) -> None:
    """Add summarize, agenda, talking-points, career, questions and feedback."""
    s = sub.add_parser(
        "summarize",
        help="summarize notes or a transcript, with action items",
        description="Summarize notes or a transcript: summary, key points, decisions, concerns, "
        "action items (owner, task, due date, source quote) and follow-ups. With --person the "
        "notes and action items are saved to that person.",
    )
    s.add_argument("file", metavar="FILE|-", help="a .txt/.md file, or - for standard input")
    s.add_argument(
        "--date", help="meeting date YYYY-MM-DD (default: a date in the text, else today)"
    )
    s.add_argument("--person", help="save the notes and action items to this person")
    s.add_argument("--json", action="store_true", help="print the result as JSON")
    s.set_defaults(func=cmd_summarize)

    s = sub.add_parser(
        "agenda",
        help="agenda for the next 1:1 with a person",
        description="Agenda for the next 1:1: carried-over and overdue action items, unresolved "
        "concerns, goals, well-being signals and 1:1 objectives not discussed recently, in priority "
        "order with minutes that fit the meeting, each citing the notes it comes from. The agenda is "
        "saved: tick topics with 'coach topics done', and the unticked ones come first next time.",
    )
    s.add_argument("--person", required=True, help="who the 1:1 is with")
    s.add_argument("--date", help="meeting date YYYY-MM-DD (default today)")
    s.add_argument("--minutes", type=int, default=30, help="meeting length (default 30)")
    s.add_argument("--json", action="store_true", help="print JSON")
    s.set_defaults(func=cmd_agenda)

    s = sub.add_parser(
        "talking-points",
        help="prepare a tough conversation",
        description="Talking points for a tough conversation: goal, opening line, key messages with "
        "dated evidence from your notes, questions, likely reactions, what to avoid, outcome.",
    )
    s.add_argument("--person", required=True, help="who the conversation is with")
    s.add_argument("--situation", required=True, help="what it is about, in your words")
    s.add_argument("--json", action="store_true", help="print JSON")
    s.set_defaults(func=cmd_talking_points)

    s = sub.add_parser(
        "career",
        help="prepare career topics for your own 1:1 with your manager",
        description="Career-aspiration topics for your own 1:1: topics framed as asks (scope, "
        "skills, visibility, sponsorship), achievements from your notes, questions for your "
        "manager and a draft message to send ahead.",
    )
    s.add_argument("--about", required=True, help="your aspiration, e.g. 'become a tech lead'")
    s.add_argument("--person", help="your manager (uses your notes from 1:1s with them)")
    s.add_argument("--json", action="store_true", help="print JSON")
    s.set_defaults(func=cmd_career)

    s = sub.add_parser(
        "questions",
        help="growth-minded questions for a person",
        description="Open, forward-looking questions tied to the person's notes, spread across "
        "themes: setbacks, skills, aspirations, support, wellbeing, feedback_for_manager.",
    )
    s.add_argument("--person", required=True, help="who the 1:1 is with")
    s.add_argument("--theme", help="only this theme")
    s.add_argument("--n", type=int, default=8, help="how many questions (default 8)")
    s.add_argument("--json", action="store_true", help="print JSON")
    s.set_defaults(func=cmd_questions)

    s = sub.add_parser(
        "feedback",
        help="turn a rough feedback draft into specific SBI feedback",
        description="Rework a feedback draft: Situation-Behaviour-Impact with a request or opening "
        "question, a language check (vague, labels, absolutes, about the person, mind-reading, "
        "sarcasm or threats, hedging, no impact, no example) and a full rewrite.",
    )
    s.add_argument("text", metavar="TEXT|-", help="the draft, or - to read it from standard input")
    s.add_argument("--person", help="who it is for (their notes supply a dated example)")
    s.add_argument(
        "--kind", choices=["praise", "redirect"], help="default: detected from the draft"
    )
    s.add_argument("--json", action="store_true", help="print JSON")
    s.set_defaults(func=cmd_feedback)
