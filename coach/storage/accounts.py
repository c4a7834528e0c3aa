"""Login accounts for ``coach serve``: names and scrypt password hashes in SQLite.

scrypt (memory-hard; n=2**15, r=8, p=1, about 32 MB and 0.1 s per check) makes offline
guessing of a stolen database slow. Hashes carry their parameters so they can be raised
later without breaking existing accounts.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import sqlite3
from functools import lru_cache

from coach.errors import CoachError
from coach.storage.db import transaction

N, R, P = 2**15, 8, 1
MIN_PASSWORD = 8
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def hash_password(password: str) -> str:
    """``scrypt$n$r$p$salt$hash`` for a password."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode(), salt=salt, n=N, r=R, p=P, maxmem=128 * 1024 * 1024, dklen=32
    )
    return f"scrypt${N}${R}${P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    """True when ``password`` matches the stored hash (constant-time comparison)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        got = hashlib.scrypt(
            password.encode(),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            maxmem=128 * 1024 * 1024,
            dklen=len(expected),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


def check_name(name: str) -> str:
    """A valid account name, or a one-line error."""
    name = name.strip()
    if not _NAME.match(name):
        raise CoachError("an account name is 1-64 letters, digits, '.', '_', '-' or '@'")
    return name


def add_user(conn: sqlite3.Connection, name: str, password: str) -> None:
    """Create an account; an existing name is an error."""
    name = check_name(name)
    if len(password) < MIN_PASSWORD:
        raise CoachError(f"the password needs at least {MIN_PASSWORD} characters")
    try:
        with transaction(conn):
            conn.execute(
                "INSERT INTO users (name, password_hash) VALUES (?, ?)",
                (name, hash_password(password)),
            )
    except sqlite3.IntegrityError:
        raise CoachError(f"account {name!r} already exists") from None


def set_password(conn: sqlite3.Connection, name: str, password: str) -> None:
    """Change an account's password (its open sessions end: see ``password_stamp``)."""
    if len(password) < MIN_PASSWORD:
        raise CoachError(f"the password needs at least {MIN_PASSWORD} characters")
    with transaction(conn):
        cur = conn.execute(
            "UPDATE users SET password_hash = ? WHERE name = ?", (hash_password(password), name)
        )
        if cur.rowcount == 0:
            raise CoachError(f"no account named {name!r}")


def password_stamp(conn: sqlite3.Connection, name: str) -> str | None:
    """A short fingerprint of the account's password hash, or None if there is no account:
    a session logged in under another stamp ended when the password changed."""
    row = conn.execute("SELECT password_hash FROM users WHERE name = ?", (name,)).fetchone()
    return hashlib.sha256(row[0].encode()).hexdigest()[:16] if row else None


def list_users(conn: sqlite3.Connection) -> list[str]:
    """Account names, sorted."""
    return [r[0] for r in conn.execute("SELECT name FROM users ORDER BY name")]


def has_users(conn: sqlite3.Connection) -> bool:
    """Whether any login account exists (then the app requires login)."""
    return conn.execute("SELECT 1 FROM users LIMIT 1").fetchone() is not None


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    # Hashed once: an unknown name then costs one verification, exactly like a known one
    # (hashing here on every call made unknown names twice as slow, so names leaked).
    return hash_password(secrets.token_urlsafe(16))


def check_login(conn: sqlite3.Connection, name: str, password: str) -> bool:
    """True for a correct name and password."""
    row = conn.execute("SELECT password_hash FROM users WHERE name = ?", (name.strip(),)).fetchone()
    if row is None:
        verify_password(password, _dummy_hash())  # one verification, as for a known name
        return False
    return verify_password(password, row[0])


def remove_user(conn: sqlite3.Connection, name: str, purge: bool = False) -> int:
    """Delete an account; with ``purge`` also every row of its data. Returns rows removed."""
    with transaction(conn):
        cur = conn.execute("DELETE FROM users WHERE name = ?", (name,))
        if cur.rowcount == 0:
            raise CoachError(f"no account named {name!r}")
        removed = 1
        if purge:
            for table in ("agenda_topics", "action_items", "practice_sessions", "notes", "people"):
                removed += conn.execute(f"DELETE FROM {table} WHERE account = ?", (name,)).rowcount
    return removed
