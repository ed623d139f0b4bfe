"""The call journal: every call to the simulated services, for test assertions and the admin API.

Inputs are stored with secrets redacted (``provlab.logsetup.redact_mapping``: passwords,
BAPIPWD, tokens …). The journal is bounded; the oldest entries fall off first.
"""

from __future__ import annotations

import itertools
import threading
from collections import deque
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from provlab.clock import SYSTEM_CLOCK, Clock
from provlab.logsetup import redact_mapping

DEFAULT_CAPACITY = 10_000


@dataclass(frozen=True)
class JournalEntry:
    """One call: when, to which service and operation (BAPI or REST route), with what, how it ended.

    ``outcome`` is "ok", "error" (a business error: SAP RETURN type E, REST 4xx) or "fault"
    (SOAP fault, 5xx, dropped connection)."""

    seq: int
    time: datetime
    service: str
    operation: str
    method: str
    path: str
    inputs: dict[str, Any]
    status: int
    outcome: str
    detail: dict[str, Any] = field(default_factory=dict)  # e.g. RETURN TYPE/NUMBER, REST error code
    fault: str | None = None  # the injected fault kind that fired, if any
    duration_ms: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["time"] = self.time.isoformat()
        return data


class Journal:
    """A thread-safe, bounded, queryable list of :class:`JournalEntry`."""

    def __init__(self, *, clock: Clock = SYSTEM_CLOCK, capacity: int = DEFAULT_CAPACITY) -> None:
        self.clock = clock
        self._entries: deque[JournalEntry] = deque(maxlen=capacity)
        self._seq = itertools.count(1)
        self._lock = threading.Lock()

    def record(
        self,
        *,
        service: str,
        operation: str,
        method: str,
        path: str,
        inputs: dict[str, Any],
        status: int,
        outcome: str,
        detail: dict[str, Any] | None = None,
        fault: str | None = None,
        duration_ms: float = 0.0,
    ) -> JournalEntry:
        with self._lock:
            entry = JournalEntry(
                seq=next(self._seq),
                time=self.clock.now(),
                service=service,
                operation=operation,
                method=method,
                path=path,
                inputs=redact_mapping(inputs),
                status=status,
                outcome=outcome,
                detail=dict(detail or {}),
                fault=fault,
                duration_ms=round(duration_ms, 3),
            )
            self._entries.append(entry)
            return entry

    def entries(
        self,
        *,
        service: str | None = None,
        operation: str | None = None,
        outcome: str | None = None,
        since_seq: int = 0,
    ) -> list[JournalEntry]:
        """Entries in call order, filtered by any of service, operation, outcome and sequence."""
        with self._lock:
            snapshot = list(self._entries)
        return [
            e
            for e in snapshot
            if e.seq > since_seq
            and (service is None or e.service == service)
            and (operation is None or e.operation == operation)
            and (outcome is None or e.outcome == outcome)
        ]

    def operations(self, service: str | None = None) -> list[str]:
        """Just the operation names, in call order — handy in assertions."""
        return [e.operation for e in self.entries(service=service)]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)
