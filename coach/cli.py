"""The ``coach`` command line.

Heavy libraries (gradio, chromadb, onnxruntime) are imported inside the commands that
need them, so ``coach --help`` and quick commands start fast.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from coach.errors import CoachError

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2, like every other input error
        self.exit(EXIT_USAGE, f"coach: error: {message} (see --help)\n")


def _settings() -> Any:
    from pydantic import ValidationError

    from coach.config import load_settings

    try:
        return load_settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "settings"
        raise CoachError(f"invalid configuration {where}: {first.get('msg')}") from None


def _workspace() -> Any:
    from coach.workspace import Workspace

    return Workspace(_settings())


def _date(value: str | None) -> Any:
    from coach.dates import parse_date_arg

    return parse_date_arg(value) if value else None


def _print_json(obj: Any) -> None:
    if hasattr(obj, "model_dump_json"):
        print(obj.model_dump_json(indent=2))
    else:
        print(json.dumps(obj, indent=2, default=str))


def _offline_engine() -> dict[str, Any]:
    return {"kind": "offline", "model": None, "notice": None}


def _chat_model(settings: Any) -> Any:
    from coach.llm_engine import select_model

    return select_model(settings)


# -- commands ---------------------------------------------------------------------------
def cmd_summarize(args: argparse.Namespace) -> int:
    from coach.jobs.summarize import summarize
    from coach.render import summary_text
    from coach.textin import read_input

    settings = _settings()
    text = read_input(args.file, settings.max_input_bytes)
    meeting = _date(args.date)
    ws = None
    note_id, created = None, False
    if args.person:
        from coach.jobs.summarize import resolve_meeting_date
        from coach.workspace import Workspace

        ws = Workspace(settings)
        # Saved before any model call: a failing or slow LLM never loses what was pasted.
        note_id, created = ws.save_input(args.person, text, resolve_meeting_date(text, meeting))
    result = summarize(
        text,
        meeting_date=meeting,
        person=args.person,
        max_bytes=settings.max_input_bytes,
        chat=_chat_model(settings),
        settings=settings,
    )
    if ws is not None and note_id is not None:
        result.saved_note_id = note_id
        notice = (
            ws.attach_actions(args.person, note_id, result)
            if created
            else (f"these notes were already saved (note {note_id}); action items not duplicated")
        )
        if notice:
            print(f"note: {notice}", file=sys.stderr)
    if args.json:
        _print_json(result)
    else:
        print(summary_text(result))
    return EXIT_OK


def _prepare(args: argparse.Namespace, run: Any, render: Any, settings: Any = None) -> int:
    """Run a job on the account's workspace with the configured engine; print JSON or Markdown."""
    from coach.workspace import Workspace

    settings = settings or _settings()
    ws = Workspace(settings)
    result = run(ws, _chat_model(settings), settings)
    if args.json:
        _print_json(result)
    else:
        print(render(result))
    return EXIT_OK


def cmd_agenda(args: argparse.Namespace) -> int:
    from coach.jobs.agenda import agenda
    from coach.render import agenda_text

    when = _date(args.date)
    return _prepare(
        args,
        lambda ws, chat, s: agenda(ws, args.person, when, args.minutes, chat=chat, settings=s),
        agenda_text,
    )


def cmd_talking_points(args: argparse.Namespace) -> int:
    from coach.jobs.talking_points import talking_points
    from coach.render import talking_points_text

    return _prepare(
        args,
        lambda ws, chat, s: talking_points(ws, args.person, args.situation, chat=chat, settings=s),
        talking_points_text,
    )


def cmd_career(args: argparse.Namespace) -> int:
    from coach.jobs.career import career
    from coach.render import career_text

    return _prepare(
        args,
        lambda ws, chat, s: career(ws, args.about, args.person, chat=chat, settings=s),
        career_text,
    )


def cmd_questions(args: argparse.Namespace) -> int:
    from coach.jobs.questions import questions
    from coach.render import questions_text

    return _prepare(
        args,
        lambda ws, chat, s: questions(ws, args.person, args.theme, args.n, chat=chat, settings=s),
        questions_text,
    )


def cmd_feedback(args: argparse.Namespace) -> int:
    from coach.jobs.feedback import feedback
    from coach.render import feedback_text
    from coach.textin import read_input

    settings = _settings()
    text = read_input("-", settings.max_input_bytes) if args.text == "-" else args.text
    return _prepare(
        args,
        lambda ws, chat, s: feedback(ws, text, args.person, args.kind, chat=chat, settings=s),
        feedback_text,
        settings,
    )


def cmd_practice(args: argparse.Namespace) -> int:
    from coach.jobs import practice
    from coach.render import debrief_text, history_text
    from coach.textin import read_input
    from coach.workspace import Workspace

    settings = _settings()
    ws = Workspace(settings)
    if args.history:
        records = practice.history(ws)
        if args.json:
            _print_json({"sessions": [r.model_dump(mode="json") for r in records]})
        else:
            print(history_text(records))
        return EXIT_OK
    if args.scenario and args.person:
        raise CoachError("give --scenario or --person, not both")
    chat = _chat_model(settings)
    if args.turns:
        lines = read_input(args.turns, settings.max_input_bytes).splitlines()
        session = practice.play(
            ws, args.persona, lines, args.scenario, args.person, args.difficulty, chat, settings
        )
    else:
        session = _interactive(ws, args, chat, settings)
    session = practice.save(ws, session)
    if args.json:
        _print_json(session)
    else:
        print(debrief_text(session))
    return EXIT_OK


def _interactive(ws: Any, args: argparse.Namespace, chat: Any, settings: Any) -> Any:
    from coach.jobs import practice

    session = practice.start(ws, args.persona, args.scenario, args.person, args.difficulty, chat)
    out = sys.stderr if args.json else sys.stdout
    print(f"Practice: {session.scenario_text}", file=out)
    print(
        f"The coach plays a {session.persona} {session.person or 'report'}. You open the conversation.",
        file=out,
    )
    print("Type your lines; /debrief (or an empty line, or Ctrl-D) ends it.\n", file=out)
    while True:
        try:
            line = input("you> ")
        except EOFError:
            print(file=out)
            break
        if not line.strip() or line.strip().lower() in ("/debrief", "/end", "/quit"):
            break
        try:
            session = practice.say(session, line, chat, settings)
        except CoachError as exc:
            print(f"coach: {exc}", file=sys.stderr)
            continue
        print(f"{session.person or 'them'}> {session.transcript[-1].text}", file=out)
    return practice.debrief(session, chat, settings)


def cmd_eval(args: argparse.Namespace) -> int:
    from evals.runner import run_evals, table

    settings = _settings()
    chat = None
    if args.engine == "llm":
        from coach.llm_engine import llm_configured, select_model

        if not llm_configured(settings):
            raise CoachError("--engine llm needs OPENAI_API_KEY or COACH_LLM_BASE_URL")
        chat = select_model(settings.model_copy(update={"llm": "openai"}))

    def progress(name: str, i: int, n: int) -> None:
        print(f"[{i}/{n}] {name}…", file=sys.stderr, flush=True)

    run = run_evals(
        settings,
        args.suite,
        chat=chat,
        progress=None if args.json else progress,
        judge=chat is not None,
    )
    if args.json:
        _print_json({"suites": [
            {k: v for k, v in s.model_dump().items() if k in ("name", "cases", "scores", "thresholds", "passed",
                                                               "failures", "regressions")}
            for s in run.suites], "passed": run.passed, "engine": run.engine, "report": run.report})  # fmt: skip
    else:
        print(table(run))
    return EXIT_OK if run.passed else EXIT_ERROR


def cmd_export(args: argparse.Namespace) -> int:
    from coach.transfer import describe_counts, write_export

    ws = _workspace()
    print(f"exported {ws.account}: {describe_counts(write_export(ws, Path(args.file)))}")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from coach.transfer import describe_counts, read_import

    ws = _workspace()
    print(f"imported into {ws.account}: {describe_counts(read_import(ws, Path(args.file)))}")
    return EXIT_OK


def cmd_notes_add(args: argparse.Namespace) -> int:
    from coach.textin import read_input

    ws = _workspace()
    text = read_input(args.file, ws.settings.max_input_bytes)
    note, notice = ws.add_note(args.person, text, _date(args.date), source=args.source)
    print(f"saved note {note.id} for {note.person} ({note.meeting_date.isoformat()})")
    if notice:
        print(f"note: {notice}", file=sys.stderr)
    return EXIT_OK


def cmd_notes_list(args: argparse.Namespace) -> int:
    notes = _workspace().notes(args.person)
    if args.json:
        _print_json({"notes": [n.model_dump(mode="json") for n in notes]})
        return EXIT_OK
    if not notes:
        print("no notes")
    for n in notes:
        first = " ".join(n.text.split())[:80]
        print(f"{n.id:>5}  {n.meeting_date.isoformat()}  {n.person:<16.16}  {first}")
    return EXIT_OK


def cmd_notes_show(args: argparse.Namespace) -> int:
    note = _workspace().note(args.id)
    if args.json:
        _print_json(note)
    else:
        print(f"note {note.id} | {note.person} | {note.meeting_date.isoformat()} | {note.source}\n")
        print(note.text)
    return EXIT_OK


def cmd_notes_search(args: argparse.Namespace) -> int:
    from coach.render import search_text

    result = _workspace().search(args.query, person=args.person, k=args.k)
    if args.json:
        data = result.model_dump(mode="json")
        data["engine"] = _offline_engine()
        _print_json(data)
    else:
        print(search_text(result))
    return EXIT_OK


def cmd_notes_import(args: argparse.Namespace) -> int:
    ws = _workspace()

    def progress(done: int, total: int) -> None:
        if sys.stderr.isatty():
            print(f"\rimporting {done}/{total}", end="", file=sys.stderr, flush=True)

    report = ws.import_folder(Path(args.folder), args.person, progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(
        f"imported {report.imported} note(s), {report.duplicates} already saved, {len(report.skipped)} skipped"
    )
    for line in report.skipped:
        print(f"  skipped {line}")
    if report.index_notice:
        print(f"note: {report.index_notice}", file=sys.stderr)
    return EXIT_OK


def cmd_people_add(args: argparse.Namespace) -> int:
    person = _workspace().add_person(args.name, args.relationship)
    print(f"added {person.name} ({person.relationship})")
    return EXIT_OK


def cmd_people_list(args: argparse.Namespace) -> int:
    people = _workspace().people()
    if args.json:
        _print_json({"people": [p.model_dump() for p in people]})
        return EXIT_OK
    if not people:
        print("no people yet: add one with: coach people add NAME")
    for p in people:
        print(f"{p.name}  ({p.relationship})")
    return EXIT_OK


def cmd_actions_list(args: argparse.Namespace) -> int:
    from coach.render import actions_text

    actions = _workspace().actions(args.person, open_only=args.open)
    if args.json:
        _print_json({"action_items": [a.model_dump(mode="json") for a in actions]})
    else:
        print(actions_text(actions))
    return EXIT_OK


def cmd_actions_done(args: argparse.Namespace) -> int:
    action = _workspace().set_action_status(args.id, done=not args.undo)
    print(f"action {action.id} is {action.status}: {action.task}")
    return EXIT_OK


def cmd_index_rebuild(args: argparse.Namespace) -> int:
    ws = _workspace()

    def progress(done: int, total: int) -> None:
        if sys.stderr.isatty():
            print(f"\rindexing {done}/{total}", end="", file=sys.stderr, flush=True)

    count = ws.rebuild_index(progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(f"index rebuilt from SQLite: {count} note(s), {ws.index.count()} chunk(s)")
    return EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    from coach.diagnostics import check_llm, engine_reason
    from coach.llm_engine import llm_configured

    settings = _settings()
    ws = _workspace()
    use_llm = llm_configured(settings)
    checks = check_llm(settings) if use_llm else []
    info = {
        "engine": {
            "kind": "llm" if use_llm else "offline",
            "model": settings.model if use_llm else None,
            "notice": None
            if all(c.ok for c in checks)
            else "LLM checks failed; jobs will answer offline",
        },
        "reason": engine_reason(settings),
        "base_url": settings.llm_base_url,
        "checks": [c.model_dump() for c in checks],
        "account": settings.user,
        "home": str(settings.home),
        "people": len(ws.people()),
        "notes": len(ws.notes()),
        "index_behind": ws.store.count_unindexed(),
    }
    if args.json:
        _print_json(info)
    else:
        if use_llm:
            print(f"engine: llm ({settings.model} at {settings.llm_base_url or 'api.openai.com'})")
        else:
            print("engine: offline (built-in, nothing leaves this machine)")
        print(f"  because {info['reason']}")
        for c in checks:
            print(f"  [{'ok' if c.ok else 'FAIL'}] {c.name}: {c.detail}")
        for key in ("account", "home", "people", "notes", "index_behind"):
            print(f"{key}: {info[key]}")
    return EXIT_OK if all(c.ok for c in checks) else EXIT_ERROR


def cmd_serve(args: argparse.Namespace) -> int:
    from coach.accounts import has_users
    from retrieval.db import connect

    settings = _settings()
    conn = connect(settings.db_path)
    accounts = has_users(conn)
    conn.close()
    if not accounts and not _is_loopback(args.host):
        raise CoachError(
            f"refusing to serve private notes on {args.host} without login: add an account first "
            "(coach users add NAME), or bind to 127.0.0.1"
        )
    from ui.app import serve

    serve(settings, host=args.host, port=args.port, require_login=accounts)
    return EXIT_OK


def _is_loopback(host: str) -> bool:
    import ipaddress

    if host in ("localhost", ""):
        return host == "localhost"
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin or not sys.stdin.isatty():
        password = sys.stdin.readline().rstrip("\n")
    else:
        import getpass

        password = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != password:
            raise CoachError("the passwords do not match")
    return password


def cmd_users_add(args: argparse.Namespace) -> int:
    from coach.accounts import add_user
    from retrieval.db import connect

    conn = connect(_settings().db_path)
    add_user(conn, args.name, _read_password(args))
    print(f"added account {args.name}; coach serve now requires login")
    return EXIT_OK


def cmd_users_list(args: argparse.Namespace) -> int:
    from coach.accounts import list_users
    from retrieval.db import connect

    names = list_users(connect(_settings().db_path))
    if args.json:
        _print_json({"users": names})
    else:
        print(
            "\n".join(names)
            if names
            else "no accounts: coach serve runs without login on 127.0.0.1 only"
        )
    return EXIT_OK


def cmd_users_remove(args: argparse.Namespace) -> int:
    from coach.accounts import remove_user
    from retrieval.db import connect

    settings = _settings()
    removed = remove_user(connect(settings.db_path), args.name, purge=args.purge)
    if args.purge:
        from coach.workspace import Workspace

        ws = Workspace(settings.model_copy(update={"user": args.name}))
        ws.index.clear()
        print(f"removed account {args.name} and {removed - 1} row(s) of its data")
    else:
        print(f"removed account {args.name} (its notes are kept; --purge deletes them)")
    return EXIT_OK


# -- parser -----------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every ``coach`` command."""
    p = _Parser(
        prog="coach",
        description="A coach for 1:1 meetings. Runs offline by default; notes stay on this machine.",
        epilog="Data lives in COACH_HOME; the account is COACH_USER. See README.md for settings.",
    )
    from coach import __version__

    p.add_argument("--version", action="version", version=f"coach {__version__}")
    p.add_argument("-v", "--verbose", action="store_true", help="log details to stderr")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    s = sub.add_parser("serve", help="start the web app", description="Start the Gradio web app.")
    s.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    s.add_argument("--port", type=int, default=7860, help="port (default 7860)")
    s.set_defaults(func=cmd_serve)

    s = sub.add_parser(
        "export",
        help="write all of this account's data to a JSON file",
        description="Export people, notes, action items and practice sessions of COACH_USER to JSON "
        "(readable by you only). The file has no database ids, so it can be imported anywhere.",
    )
    s.add_argument("file", help="where to write the export")
    s.set_defaults(func=cmd_export)
    s = sub.add_parser(
        "import",
        help="restore a coach export into this account",
        description="Import a file written by 'coach export'. Rows already present are skipped, so "
        "importing twice is safe; the whole import is one transaction.",
    )
    s.add_argument("file", help="a coach export JSON file")
    s.set_defaults(func=cmd_import)

    users = sub.add_parser("users", help="manage login accounts for the web app")
    usub = users.add_subparsers(
        dest="users_command", metavar="ACTION", parser_class=_Parser, required=True
    )
    s = usub.add_parser(
        "add",
        help="add a login account",
        description="Add an account. The password is asked for twice (or read from standard input "
        "with --password-stdin) and stored as a scrypt hash. Once any account exists, coach serve "
        "requires login, and each account sees only its own notes.",
    )
    s.add_argument("name", help="account name")
    s.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    s.set_defaults(func=cmd_users_add)
    s = usub.add_parser("list", help="list accounts", description="List login accounts.")
    s.add_argument("--json", action="store_true", help="print JSON")
    s.set_defaults(func=cmd_users_list)
    s = usub.add_parser("remove", help="remove an account", description="Remove a login account.")
    s.add_argument("name", help="account name")
    s.add_argument("--purge", action="store_true", help="also delete all of the account's data")
    s.set_defaults(func=cmd_users_remove)

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
        "order with minutes that fit the meeting, each citing the notes it comes from.",
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
    s.add_argument("--person", help="take the scenario from this person's notes")
    s.add_argument(
        "--difficulty", type=int, choices=[1, 2, 3], default=2, help="1 easy … 3 hard (default 2)"
    )
    s.add_argument(
        "--turns", metavar="FILE", help="your lines, one per line, played without prompting"
    )
    s.add_argument("--history", action="store_true", help="list past sessions and the score trend")
    s.add_argument("--json", action="store_true", help="print JSON (transcript and debrief)")
    s.set_defaults(func=cmd_practice)

    s = sub.add_parser(
        "eval",
        help="measure output quality of every job (exits 1 below thresholds)",
        description="Run the eval suites (summarize, agenda, talking_points, career, questions, "
        "feedback, practice), print a table, write JSON, Markdown and PNG reports under "
        "COACH_HOME/evals, compare with the previous run, and exit 1 if a suite is below its "
        "thresholds (evals/thresholds.toml).",
    )
    s.add_argument("--suite", action="append", help="run only this suite (repeatable)")
    s.add_argument(
        "--engine", choices=["offline", "llm"], default="offline", help="default offline"
    )
    s.add_argument("--json", action="store_true", help="print JSON")
    s.set_defaults(func=cmd_eval)

    notes = sub.add_parser("notes", help="add, list, show, search and import notes")
    nsub = notes.add_subparsers(
        dest="notes_command", metavar="ACTION", parser_class=_Parser, required=True
    )
    s = nsub.add_parser(
        "add", help="save a note about a person", description="Save a note about a person."
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
        description="Find notes by meaning (local embeddings): 'burnout' finds 'overloaded with on-call'.",
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

    people = sub.add_parser("people", help="add and list the people you meet with")
    psub = people.add_subparsers(
        dest="people_command", metavar="ACTION", parser_class=_Parser, required=True
    )
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

    actions = sub.add_parser("actions", help="list action items and mark them done")
    asub = actions.add_subparsers(
        dest="actions_command", metavar="ACTION", parser_class=_Parser, required=True
    )
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

    index = sub.add_parser("index", help="manage the vector index (derived from SQLite)")
    isub = index.add_subparsers(
        dest="index_command", metavar="ACTION", parser_class=_Parser, required=True
    )
    s = isub.add_parser(
        "rebuild",
        help="recreate the search index from SQLite",
        description="Recreate this account's search index from the SQLite database.",
    )
    s.set_defaults(func=cmd_index_rebuild)

    s = sub.add_parser(
        "status",
        help="show the engine (and test the LLM connection), account and data folder",
        description="Show which engine answers and why; with an LLM configured, check that the "
        "server is reachable, the model exists and it returns structured output. Exits 1 if a check fails.",
    )
    s.add_argument("--json", action="store_true", help="print JSON")
    s.set_defaults(func=cmd_status)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (2 for bad input, with a one-line message)."""
    import os

    if os.environ.get("COACH_NETWORK_GUARD", "").strip() in ("1", "true", "yes"):
        from coach.netguard import install

        install()
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.ERROR,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    from retrieval.store import StoreError

    try:
        return int(args.func(args))
    except (CoachError, StoreError) as exc:
        print(f"coach: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("coach: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # never a traceback for users; -v shows it
        logging.getLogger("coach").debug("unexpected error", exc_info=True)
        print(
            f"coach: unexpected error: {type(exc).__name__}: {exc} (run with -v for details)",
            file=sys.stderr,
        )
        return EXIT_ERROR
