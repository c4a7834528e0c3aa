"""What every command module shares: the parser class, exit codes and output helpers."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from coach.service import Coach

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
Sub = "argparse._SubParsersAction[Parser]"


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line and exit 2, like every other input error."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"coach: error: {message} (see --help)\n")


def open_coach() -> Coach:
    """The service for the configured account (settings from the environment)."""
    from coach.service import Coach

    return Coach.open()


def print_json(obj: Any) -> None:
    """Print a pydantic model or plain data as indented JSON."""
    if hasattr(obj, "model_dump_json"):
        print(obj.model_dump_json(indent=2))
    else:
        print(json.dumps(obj, indent=2, default=str))


def emit(args: argparse.Namespace, result: Any, render: Callable[[Any], str]) -> int:
    """Print ``result`` as JSON with ``--json``, else as text; exit 0."""
    if args.json:
        print_json(result)
    else:
        print(render(result))
    return EXIT_OK


def notice(text: str | None) -> None:
    """A notice for the user on standard error (keeps standard output parseable)."""
    if text:
        print(f"note: {text}", file=sys.stderr)


def tty_progress(verb: str) -> Callable[[int, int], None]:
    """A ``done/total`` progress line on a terminal; silent when redirected."""

    def progress(done: int, total: int) -> None:
        if sys.stderr.isatty():
            end = "\n" if done == total else ""
            print(f"\r{verb} {done}/{total}", end=end, file=sys.stderr, flush=True)

    return progress


def date_arg(value: str | None) -> Any:
    """A ``--date`` value as a date (None when not given)."""
    from coach.service import parse_date

    return parse_date(value)
