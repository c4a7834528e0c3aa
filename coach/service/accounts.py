"""Login accounts and the serving policy of the web app.

Private notes are never served beyond this machine without login: with no account,
``coach serve`` binds to loopback only.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing

from coach.config import Settings
from coach.errors import CoachError
from coach.netguard import is_loopback_host


def _database(settings: Settings) -> closing[sqlite3.Connection]:
    """A connection of its own, closed after use (logins come from many threads)."""
    from coach.storage.db import connect

    return closing(connect(settings.db_path))


def login_required(settings: Settings) -> bool:
    """Whether any login account exists (then the app asks every visitor to log in)."""
    from coach.storage.accounts import has_users

    with _database(settings) as conn:
        return has_users(conn)


def serve_policy(settings: Settings, host: str) -> bool:
    """Whether serving on ``host`` needs login; refuses a non-loopback host without accounts."""
    required = login_required(settings)
    if not required and not is_loopback_host(host):
        raise CoachError(
            f"refusing to serve private notes on {host} without login: add an account first "
            "(coach users add NAME), or bind to 127.0.0.1"
        )
    return required


def session_stamp(settings: Settings, name: str) -> str | None:
    """The account's password fingerprint, or None when the account was removed; a web
    session started under another fingerprint is over (the password changed)."""
    from coach.storage.accounts import password_stamp

    with _database(settings) as conn:
        return password_stamp(conn, name)


def change_password(settings: Settings, name: str, password: str) -> None:
    """Set a new password; the account's open web sessions end."""
    from coach.storage.accounts import set_password

    with _database(settings) as conn:
        set_password(conn, name, password)


def check_login(settings: Settings, name: str, password: str) -> bool:
    """True for a correct account name and password (same cost for unknown names)."""
    from coach.storage.accounts import check_login as check

    with _database(settings) as conn:  # a connection per check: logins come from many threads
        return check(conn, name, password)


def add_account(settings: Settings, name: str, password: str) -> None:
    """Add a login account (scrypt-hashed password)."""
    from coach.storage.accounts import add_user

    with _database(settings) as conn:
        add_user(conn, name, password)


def list_accounts(settings: Settings) -> list[str]:
    """Login account names."""
    from coach.storage.accounts import list_users

    with _database(settings) as conn:
        return list_users(conn)


def remove_account(settings: Settings, name: str, purge: bool = False) -> int:
    """Remove an account; with ``purge`` also its data and index. Returns rows removed."""
    from coach.storage.accounts import remove_user

    with _database(settings) as conn:
        removed = remove_user(conn, name, purge=purge)
    if purge:
        from coach.workspace import Workspace

        ws = Workspace(settings.model_copy(update={"user": name}))
        try:
            ws.index.clear()
        finally:
            ws.close()
    return removed
