"""The ``coach`` command line: one module per group of commands, each registering its
subcommands next to their handlers. Handlers call the service layer only.

Heavy libraries (gradio, chromadb, onnxruntime) are imported inside the commands that
need them, so ``coach --help`` and quick commands start fast.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from coach.cli import admin, jobs, notes, practice, topics
from coach.cli.common import EXIT_ERROR, EXIT_OK, EXIT_USAGE, Parser
from coach.errors import CoachError

__all__ = ["build_parser", "main"]


class _Version(argparse.Action):
    """``--version``, importing the service layer only when asked (``--help`` stays fast)."""

    def __init__(self, option_strings: list[str], dest: str, **_kw: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *_args: object) -> None:
        from coach.service import __version__

        parser.exit(message=f"coach {__version__}\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every ``coach`` command."""
    p = Parser(
        prog="coach",
        description="A coach for 1:1 meetings. Runs offline by default; notes stay on this machine.",
        epilog="Data lives in COACH_HOME; the account is COACH_USER. See README.md for settings.",
    )
    p.add_argument("--version", action=_Version)
    p.add_argument("-v", "--verbose", action="store_true", help="log details to stderr")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for group in (admin, jobs, practice, notes, topics):
        group.register(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (2 for bad input, with a one-line message)."""
    if os.environ.get("COACH_NETWORK_GUARD", "").strip() in ("1", "true", "yes"):
        from coach.service import install_network_guard

        install_network_guard()
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.ERROR,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return int(args.func(args))
    except CoachError as exc:
        print(f"coach: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("coach: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # never a traceback for users; -v shows it
        if args.verbose:
            import traceback

            traceback.print_exc()
        print(
            f"coach: unexpected error: {type(exc).__name__}: {exc} (run with -v for details)",
            file=sys.stderr,
        )
        return EXIT_ERROR
