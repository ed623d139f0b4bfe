"""Provisioning logs kept as JSON Lines in ``--state-dir`` (or in memory), newest last."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

LOG_FILE = "provisioning-logs.jsonl"


class LogStore:
    """Append-only store of provisioning log records; thread-safe for parallel workers."""

    def __init__(self, state_dir: str | Path | None = None) -> None:
        self.path = Path(state_dir) / LOG_FILE if state_dir is not None else None
        self._memory: list[dict[str, Any]] = []
        self._lock = threading.Lock()

    def append(self, records: Iterable[dict[str, Any]]) -> None:
        batch = list(records)
        with self._lock:
            if self.path is None:
                self._memory.extend(batch)
                return
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as handle:
                for record in batch:
                    handle.write(json.dumps(record, ensure_ascii=False) + "\n")

    def read(
        self, *, limit: int | None = None, status: str | None = None, action: str | None = None
    ) -> list[dict[str, Any]]:
        """Records oldest first, optionally filtered; ``limit`` keeps the newest ones."""
        with self._lock:
            if self.path is None:
                records = list(self._memory)
            elif self.path.exists():
                lines = self.path.read_text(encoding="utf-8").splitlines()
                records = [json.loads(line) for line in lines if line.strip()]
            else:
                records = []
        if status:
            records = [r for r in records if r["provisioningStatusInfo"]["status"] == status]
        if action:
            records = [r for r in records if r["provisioningAction"] == action]
        return records[-limit:] if limit else records
