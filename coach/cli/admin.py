"""``coach serve``, ``users``, ``export``, ``import``, ``status`` and ``eval``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from coach.cli.common import EXIT_ERROR, EXIT_OK, Parser, open_coach, print_json
from coach.errors import CoachError


def cmd_serve(args: argparse.Namespace) -> int:
    """Start the web app (login required once accounts exist)."""
    from coach.service import load_settings, serve_policy

    settings = load_settings()
    require_login = serve_policy(settings, args.host)
    from ui.app import serve

    serve(settings, host=args.host, port=args.port, require_login=require_login)
    return EXIT_OK


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin or not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    import getpass

    password = getpass.getpass("Password: ")
    if getpass.getpass("Again: ") != password:
        raise CoachError("the passwords do not match")
    return password


def cmd_users_add(args: argparse.Namespace) -> int:
    """Add a login account."""
    from coach.service import add_account, load_settings

    add_account(load_settings(), args.name, _read_password(args))
    print(f"added account {args.name}; coach serve now requires login")
    return EXIT_OK


def cmd_users_passwd(args: argparse.Namespace) -> int:
    """Change an account's password; its open web sessions end."""
    from coach.service import change_password, load_settings

    change_password(load_settings(), args.name, _read_password(args))
    print(f"changed the password of {args.name}; their open sessions must log in again")
    return EXIT_OK


def cmd_users_list(args: argparse.Namespace) -> int:
    """List login accounts."""
    from coach.service import list_accounts, load_settings

    names = list_accounts(load_settings())
    if args.json:
        print_json({"users": names})
    elif names:
        print("\n".join(names))
    else:
        print("no accounts: coach serve runs without login on 127.0.0.1 only")
    return EXIT_OK


def cmd_users_remove(args: argparse.Namespace) -> int:
    """Remove a login account (and with --purge its data)."""
    from coach.service import load_settings, remove_account

    removed = remove_account(load_settings(), args.name, purge=args.purge)
    if args.purge:
        print(f"removed account {args.name} and {removed - 1} row(s) of its data")
    else:
        print(f"removed account {args.name} (its notes are kept; --purge deletes them)")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """Write the account's data to a JSON file."""
    from coach.service import describe_counts

    coach = open_coach()
    print(f"exported {coach.account}: {describe_counts(coach.export(Path(args.file)))}")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    """Restore an export into the account."""
    from coach.service import describe_counts

    coach = open_coach()
    print(f"imported into {coach.account}: {describe_counts(coach.import_export(Path(args.file)))}")
    return EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    """Engine, connection checks, account and counts."""
    from coach.service import describe_engine

    coach = open_coach()
    st = coach.status()
    if args.json:
        print_json(vars(st))
        return EXIT_OK if st.ok else EXIT_ERROR
    s = coach.settings
    if st.engine["kind"] == "llm":
        print(f"engine: {describe_engine(s)}")
    else:
        print("engine: offline (built-in, nothing leaves this machine)")
    print(f"  because {st.reason}")
    for c in st.checks:
        print(f"  [{'ok' if c['ok'] else 'FAIL'}] {c['name']}: {c['detail']}")
    if st.engine["kind"] == "llm":
        print(f"  tracing: {st.tracing}")
    for key in ("account", "home", "people", "notes", "index_behind"):
        print(f"{key}: {getattr(st, key)}")
    return EXIT_OK if st.ok else EXIT_ERROR


def cmd_eval(args: argparse.Namespace) -> int:
    """Run the eval suites and gate on their thresholds."""
    from coach.service import load_settings
    from evals.runner import run_evals, table

    def progress(name: str, i: int, n: int) -> None:
        print(f"[{i}/{n}] {name}…", file=sys.stderr, flush=True)

    run = run_evals(
        load_settings(),
        args.suite,
        engine=args.engine,
        progress=None if args.json else progress,
        judge=args.engine == "llm",
    )
    if args.json:
        keep = ("name", "cases", "scores", "thresholds", "passed", "failures", "regressions")
        suites = [{k: v for k, v in s.model_dump().items() if k in keep} for s in run.suites]
        print_json(
            {"suites": suites, "passed": run.passed, "engine": run.engine, "report": run.report}
        )
    else:
        print(table(run))
    return EXIT_OK if run.passed else EXIT_ERROR


def register(sub: Any) -> None:
    """Add serve, export, import, users, eval and status."""
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
        dest="users_command", metavar="ACTION", parser_class=Parser, required=True
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
    s = usub.add_parser(
        "passwd",
        help="change an account's password",
        description="Change an account's password (asked twice, or --password-stdin). The "
        "account's open web sessions end and must log in again.",
    )
    s.add_argument("name", help="account name")
    s.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    s.set_defaults(func=cmd_users_passwd)
    s = usub.add_parser("list", help="list accounts", description="List login accounts.")
    s.add_argument("--json", action="store_true", help="print JSON")
    s.set_defaults(func=cmd_users_list)
    s = usub.add_parser("remove", help="remove an account", description="Remove a login account.")
    s.add_argument("name", help="account name")
    s.add_argument("--purge", action="store_true", help="also delete all of the account's data")
    s.set_defaults(func=cmd_users_remove)

    s = sub.add_parser(
        "eval",
        help="measure output quality of every job (exits 1 below thresholds)",
        description="Run the eval suites (summarize, summarize-unseen, summarize-heldout, agenda, "
        "talking_points, career, questions, feedback, practice, trust; ami-dev and ami-train "
        "only when named: real "
        "AMI meetings from ../shared/data/ami or COACH_AMI_DIR), print a table, write JSON, "
        "Markdown and PNG reports under COACH_HOME/evals, compare with the previous run, and "
        "exit 1 if a suite is below its thresholds (evals/thresholds.toml).",
    )
    s.add_argument("--suite", action="append", help="run only this suite (repeatable)")
    s.add_argument(
        "--engine", choices=["offline", "llm"], default="offline", help="default offline"
    )
    s.add_argument("--json", action="store_true", help="print JSON")
    s.set_defaults(func=cmd_eval)

    s = sub.add_parser(
        "status",
        help="show the engine (and test the LLM connection), account and data folder",
        description="Show which engine answers and why; with an LLM configured, check that the "
        "server is reachable, the model exists and it returns structured output. "
        "Exits 1 if a check fails.",
    )
    s.add_argument("--json", action="store_true", help="print JSON")
    s.set_defaults(func=cmd_status)
