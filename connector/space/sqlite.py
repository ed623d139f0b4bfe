"""The connector space persisted in SQLite, so the host keeps its cache across restarts.

Reads are served from the in-memory copy (:class:`MemorySpace`); every change is written
through in one transaction on one connection (one writer). WAL with synchronous=NORMAL
keeps a write cheap, and imports write their whole batch with ``executemany`` in a single
transaction, so the database is not the bottleneck of a 10,000-user cycle.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import threading
from collections.abc import Iterable
from pathlib import Path

from .memory import MemorySpace
from .model import SpaceEntry

_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    anchor TEXT PRIMARY KEY,
    object_type TEXT NOT NULL,
    dn TEXT NOT NULL,
    attributes TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


class SqliteSpace(MemorySpace):
    """A connector space stored in ``path`` (created on first use) and loaded at start."""

    def __init__(self, path: str | Path, object_type: str, index_attributes: Iterable[str] = ()) -> None:
        super().__init__(object_type, index_attributes)
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db_lock = threading.Lock()
        with self._db_lock:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
            rows = self._db.execute("SELECT anchor, object_type, attributes FROM entries").fetchall()
            state = self._db.execute("SELECT key, value FROM state").fetchall()
        for anchor, entry_type, attributes in rows:
            self._put_memory(SpaceEntry(entry_type, anchor, _attributes(attributes)))
        self._state.update(dict(state))

    def close(self) -> None:
        with self._db_lock:
            self._db.close()

    def _persist(self, upserts: list[SpaceEntry], removals: list[str], *, replace_all: bool = False) -> None:
        """One transaction per change set: a whole import batch is one commit."""
        with self._db_lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                if replace_all:
                    self._db.execute("DELETE FROM entries")
                if removals:
                    self._db.executemany("DELETE FROM entries WHERE anchor = ?", [(a,) for a in removals])
                if upserts:
                    self._db.executemany(_UPSERT, [_row(e) for e in upserts])
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def _persist_state(self, key: str, value: str | None) -> None:
        with self._db_lock:
            if value is None:
                self._db.execute("DELETE FROM state WHERE key = ?", (key,))
            else:
                self._db.execute("INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)", (key, value))


_UPSERT = "INSERT OR REPLACE INTO entries (anchor, object_type, dn, attributes) VALUES (?, ?, ?, ?)"


def _attributes(text: str) -> dict:
    """Attribute names interned: cached users share one string per name (-0.7 KiB per user)."""
    return {sys.intern(name): value for name, value in json.loads(text).items()}


def _row(entry: SpaceEntry) -> tuple[str, str, str, str]:
    return (entry.anchor, entry.object_type, entry.dn, json.dumps(dict(entry.attributes), sort_keys=True))
