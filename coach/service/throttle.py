"""Login throttling: after a few wrong passwords for a user name, or from one address,
every further attempt is refused for a while, doubling each time (the right password too),
so guessing is slow whichever names or addresses an attacker spreads it over."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

FREE_FAILURES = 5
"""Wrong passwords allowed before the back-off starts."""
MAX_LOCK_SECONDS = 900.0


@dataclass
class _Record:
    failures: int = 0
    locked_until: float = 0.0


class LoginThrottle:
    """Failure counts per user name and per client address, with exponential back-off."""

    def __init__(self, clock=time.monotonic) -> None:
        self._clock = clock
        self._records: dict[str, _Record] = {}
        self._lock = threading.Lock()

    def _keys(self, name: str, address: str | None) -> list[str]:
        keys = [f"name:{name.strip().casefold()}"]
        if address:
            keys.append(f"addr:{address}")
        return keys

    def allowed(self, name: str, address: str | None) -> bool:
        """Whether an attempt may be checked now."""
        now = self._clock()
        with self._lock:
            return all(
                self._records.get(k, _Record()).locked_until <= now
                for k in self._keys(name, address)
            )

    def record(self, name: str, address: str | None, ok: bool) -> None:
        """Count a wrong password (and lock when due), or clear the name after a right one."""
        now = self._clock()
        with self._lock:
            for key in self._keys(name, address):
                if ok and key.startswith("name:"):
                    self._records.pop(key, None)
                    continue
                if ok:
                    continue
                rec = self._records.setdefault(key, _Record())
                rec.failures += 1
                if rec.failures >= FREE_FAILURES:
                    wait = min(2.0 ** (rec.failures - FREE_FAILURES), MAX_LOCK_SECONDS)
                    rec.locked_until = now + wait
