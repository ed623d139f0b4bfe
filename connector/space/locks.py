"""Per-anchor locks: concurrent requests on one user serialize; others run in parallel."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager


class AnchorLocks:
    """A lock per anchor, created on demand and dropped when nobody holds or waits for it."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._locks: dict[str, tuple[threading.Lock, int]] = {}

    @contextmanager
    def hold(self, anchor: str) -> Iterator[None]:
        with self._guard:
            lock, users = self._locks.get(anchor, (threading.Lock(), 0))
            self._locks[anchor] = (lock, users + 1)
        lock.acquire()
        try:
            yield
        finally:
            lock.release()
            with self._guard:
                lock, users = self._locks[anchor]
                if users == 1:
                    del self._locks[anchor]
                else:
                    self._locks[anchor] = (lock, users - 1)

    def __len__(self) -> int:
        with self._guard:
            return len(self._locks)
