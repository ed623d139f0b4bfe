"""SIGTERM and SIGINT (Ctrl+C) as one polite request to stop a long-running command
(the demo, the serve commands).

Python's defaults are wrong for a command that owns servers and a temporary directory:
SIGTERM kills the process before any ``finally`` runs (the certificate and key stay in
``/tmp``), and SIGINT's KeyboardInterrupt reaches click, which prints "Aborted!" and exits 1,
the code the demo reserves for "SAP did not end up as expected". While a :class:`StopSignals`
is active both signals are only recorded; inside :meth:`StopSignals.interruptible` (the
story, which may take a while) the first one also interrupts the work with
:class:`StopRequested` so the caller can clean up and exit with :attr:`StopSignals.exit_code`.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType, TracebackType
from typing import Any

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class StopRequested(KeyboardInterrupt):
    """A stop signal arrived while the work could still be interrupted (a KeyboardInterrupt, so
    no ``except Exception`` in the work swallows it)."""


class StopSignals:
    """Handle SIGTERM and SIGINT alike for the duration of a ``with`` block (main thread only)."""

    def __init__(self) -> None:
        self.received: signal.Signals | None = None
        self._event = threading.Event()
        self._interruptible = False
        self._previous: dict[signal.Signals, Any] = {}

    def __enter__(self) -> StopSignals:
        if threading.current_thread() is threading.main_thread():
            self._previous = {sig: signal.signal(sig, self._handle) for sig in STOP_SIGNALS}
        return self

    def __exit__(
        self, _type: type[BaseException] | None, _value: BaseException | None, _tb: TracebackType | None
    ) -> None:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)
        self._previous = {}

    def _handle(self, signum: int, _frame: FrameType | None) -> None:
        first = self.received is None
        if first:
            self.received = signal.Signals(signum)
        self._event.set()
        if first and self._interruptible:
            raise StopRequested(self.received.name)

    @contextmanager
    def interruptible(self) -> Iterator[None]:
        """Let the first stop signal interrupt the block with :class:`StopRequested`."""
        if self.received is not None:
            raise StopRequested(self.received.name)
        self._interruptible = True
        try:
            yield
        finally:
            self._interruptible = False

    def wait(self) -> signal.Signals:
        """Block until a stop signal arrives (at once if one already did) and return it."""
        while not self._event.wait(0.5):  # a timed wait keeps the main thread responsive
            pass
        assert self.received is not None
        return self.received

    @property
    def exit_code(self) -> int:
        """The shell's convention for a process stopped by a signal: 128 + its number."""
        return 128 + int(self.received) if self.received is not None else 0
