"""Gathering a run's raw material while it happens, for :func:`build_run_report`.

Give :meth:`ReportCollector.on_exchange` to the SCIM client (``ScimClient(..., on_exchange=...)``),
hand it each cycle's or on-demand run's log records, the target's journal and its state before
and after (or :meth:`read_target_before` / :meth:`read_target_after` with a reader of the
simulator's admin API), then :meth:`build`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from provlab.clock import SYSTEM_CLOCK, Clock

from .build import build_run_report
from .model import RunReport


class TargetReader(Protocol):
    """What the report needs from the target's admin side (``harness.orchestration.target.TargetView``
    has it): its users as admin views keyed by ``userName``, and its call journal."""

    def users(self) -> list[dict[str, Any]]: ...

    def journal(self, since: int = 0) -> list[dict[str, Any]]: ...

    def last_seq(self) -> int: ...


class ReportCollector:
    def __init__(self, title: str, *, clock: Clock = SYSTEM_CLOCK) -> None:
        self.title = title
        self.clock = clock
        self.records: list[Mapping[str, Any]] = []
        self.exchanges: list[Any] = []
        self.target_calls: list[Mapping[str, Any]] = []
        self.before: dict[str, Mapping[str, Any]] | None = None
        self.after: dict[str, Mapping[str, Any]] | None = None
        self.target_unavailable: str | None = None  # why the target view is missing, shown in the report
        self._journal_mark = 0
        self._lock = threading.Lock()  # the engine's workers report exchanges concurrently

    def on_exchange(self, exchange: Any) -> None:
        with self._lock:
            self.exchanges.append(exchange)

    def add_records(self, records: Iterable[Mapping[str, Any]]) -> None:
        self.records.extend(records)

    def add_target_calls(self, entries: Iterable[Mapping[str, Any]]) -> None:
        self.target_calls.extend(entries)

    def read_target_before(self, reader: TargetReader) -> None:
        """Note the target's users and where its journal stands, before the run."""
        self.before = _by_user_name(reader.users())
        self._journal_mark = reader.last_seq()

    def read_target_after(self, reader: TargetReader) -> None:
        """Read the target's users and the calls it received since :meth:`read_target_before`.

        Call it after :meth:`add_records`: only the users the run processed (their target id in a
        record) or whose state changed keep their before/after, so untouched users of a large
        target do not bury the ones that matter."""
        before = self.before or {}
        after = _by_user_name(reader.users())
        self.add_target_calls(reader.journal(since=self._journal_mark))
        processed = {
            str(target).lower()
            for record in self.records
            if (target := (record.get("targetIdentity") or {}).get("id"))
        }
        keep = {
            name
            for name in before.keys() | after.keys()
            if name.lower() in processed or before.get(name) != after.get(name)
        }
        self.before = {name: state for name, state in before.items() if name in keep}
        self.after = {name: state for name, state in after.items() if name in keep}

    def build(self) -> RunReport:
        return build_run_report(
            title=self.title,
            generated=self.clock.now().isoformat(),
            records=self.records,
            exchanges=self.exchanges,
            target_calls=self.target_calls,
            before=self.before,
            after=self.after,
            target_unavailable=self.target_unavailable,
        )


def _by_user_name(users: Iterable[Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
    return {str(user["userName"]): user for user in users}
