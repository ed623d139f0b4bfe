"""Gathering a run's raw material while it happens, for :func:`build_run_report`.

Give :meth:`ReportCollector.on_exchange` to the SCIM client (``ScimClient(..., on_exchange=...)``),
hand it each cycle's or on-demand run's log records, the target's journal and its state before
and after, then :meth:`build`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from typing import Any

from provlab.clock import SYSTEM_CLOCK, Clock

from .build import build_run_report
from .model import RunReport


class ReportCollector:
    def __init__(self, title: str, *, clock: Clock = SYSTEM_CLOCK) -> None:
        self.title = title
        self.clock = clock
        self.records: list[Mapping[str, Any]] = []
        self.exchanges: list[Any] = []
        self.target_calls: list[Mapping[str, Any]] = []
        self.before: dict[str, Mapping[str, Any]] | None = None
        self.after: dict[str, Mapping[str, Any]] | None = None
        self._lock = threading.Lock()  # the engine's workers report exchanges concurrently

    def on_exchange(self, exchange: Any) -> None:
        with self._lock:
            self.exchanges.append(exchange)

    def add_records(self, records: Iterable[Mapping[str, Any]]) -> None:
        self.records.extend(records)

    def add_target_calls(self, entries: Iterable[Mapping[str, Any]]) -> None:
        self.target_calls.extend(entries)

    def build(self) -> RunReport:
        return build_run_report(
            title=self.title,
            generated=self.clock.now().isoformat(),
            records=self.records,
            exchanges=self.exchanges,
            target_calls=self.target_calls,
            before=self.before,
            after=self.after,
        )
