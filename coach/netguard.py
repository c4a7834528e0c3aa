"""An opt-in guard that refuses every non-loopback connection from this process.

Set ``COACH_NETWORK_GUARD=1`` and ``coach`` refuses to talk to anything but 127.0.0.0/8
and ::1. The test suite sets it, so that every ``coach`` subprocess it starts proves the
same thing the in-process guard proves: nothing leaves the machine.
"""

from __future__ import annotations

import ipaddress
import sys
from typing import Any


def is_loopback_host(host: str) -> bool:
    """True for ``localhost`` and loopback addresses; ``""`` (every interface) is not."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def is_loopback(address: Any) -> bool:
    """True for a socket address on this machine: loopback hosts and Unix sockets."""
    if isinstance(address, (str, bytes)) or not isinstance(address, tuple) or not address:
        return True  # a Unix socket path
    host = address[0].decode() if isinstance(address[0], bytes) else address[0]
    return is_loopback_host(host)


def install() -> None:
    """Make any non-loopback connect attempt raise (via an audit hook, so no library escapes it)."""

    def hook(event: str, args: tuple[Any, ...]) -> None:
        if event == "socket.connect" and not is_loopback(args[1]):
            raise ConnectionRefusedError(f"COACH_NETWORK_GUARD: refused connection to {args[1]!r}")

    sys.addaudithook(hook)
