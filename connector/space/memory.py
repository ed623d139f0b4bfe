"""The connector space in memory, with an index on the query attributes.

Entra looks users up one GET per user by a query attribute, so lookups must not scan
the whole space; the index keeps a 10,000-user cycle linear.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from connector.backend import ImportedEntry

from .model import SpaceEntry


class MemorySpace:
    """A thread-safe in-memory connector space for one object type."""

    def __init__(self, object_type: str, index_attributes: Iterable[str] = ()) -> None:
        self.object_type = object_type
        self._entries: dict[str, SpaceEntry] = {}
        self._index_attributes = tuple(index_attributes)
        self._index: dict[str, dict[Any, set[str]]] = {a: defaultdict(set) for a in self._index_attributes}
        self._state: dict[str, str] = {}
        self._lock = threading.RLock()
        # Export writes are numbered so an import that read the target before them keeps them.
        self._sequence = 0
        self._written_at: dict[str, int] = {}

    # -- reads ---------------------------------------------------------------------------
    def get(self, anchor: str) -> SpaceEntry | None:
        with self._lock:
            return self._entries.get(anchor)

    def find(self, criteria: Mapping[str, Any]) -> list[SpaceEntry]:
        with self._lock:
            indexed = [a for a in criteria if a in self._index]
            if indexed:
                anchors = set(self._index[indexed[0]].get(_key(criteria[indexed[0]]), ()))
                candidates = [self._entries[a] for a in anchors]
            else:
                candidates = list(self._entries.values())
            found = [
                e
                for e in candidates
                if all(_key(e.attributes.get(k)) == _key(v) for k, v in criteria.items())
            ]
        return sorted(found, key=lambda e: e.anchor)

    def entries(self) -> list[SpaceEntry]:
        with self._lock:
            return sorted(self._entries.values(), key=lambda e: e.anchor)

    def count(self) -> int:
        with self._lock:
            return len(self._entries)

    def get_state(self, key: str) -> str | None:
        with self._lock:
            return self._state.get(key)

    def sequence(self) -> int:
        """A counter of single-entry writes; pass it to :meth:`replace_all` as ``keep_writes_after``."""
        with self._lock:
            return self._sequence

    # -- writes --------------------------------------------------------------------------
    def put(self, entry: SpaceEntry) -> None:
        with self._lock:
            self._put_memory(entry)
            self._note_write(entry.anchor)
            self._persist([entry], [])

    def remove(self, anchor: str) -> None:
        with self._lock:
            self._remove_memory(anchor)
            self._note_write(anchor)
            self._persist([], [anchor])

    def replace_all(self, entries: Iterable[SpaceEntry], *, keep_writes_after: int | None = None) -> None:
        """Become exactly ``entries``, except for anchors written (put/remove) after sequence
        ``keep_writes_after``: an export that finished while the import ran is newer than it."""
        new = {e.anchor: e for e in entries}
        with self._lock:
            if keep_writes_after is not None:
                for anchor, written in self._written_at.items():
                    if written > keep_writes_after:
                        current = self._entries.get(anchor)
                        if current is None:
                            new.pop(anchor, None)
                        else:
                            new[anchor] = current
            self._entries.clear()
            for values in self._index.values():
                values.clear()
            for entry in new.values():
                self._put_memory(entry)
            self._written_at.clear()
            self._persist(list(new.values()), [], replace_all=True)

    def apply_delta(self, changes: Iterable[ImportedEntry]) -> None:
        upserts: list[SpaceEntry] = []
        removals: list[str] = []
        with self._lock:
            for change in changes:
                if change.modification == "Delete":
                    self._remove_memory(change.anchor)
                    removals.append(change.anchor)
                else:
                    entry = SpaceEntry(change.object_type, change.anchor, dict(change.attributes))
                    self._put_memory(entry)
                    upserts.append(entry)
            self._persist(upserts, removals)

    def set_state(self, key: str, value: str | None) -> None:
        with self._lock:
            if value is None:
                self._state.pop(key, None)
            else:
                self._state[key] = value
            self._persist_state(key, value)

    def close(self) -> None:
        """Nothing to release in memory."""

    # -- memory bookkeeping ----------------------------------------------------------------
    def _note_write(self, anchor: str) -> None:
        self._sequence += 1
        self._written_at[anchor] = self._sequence

    def _put_memory(self, entry: SpaceEntry) -> None:
        self._remove_memory(entry.anchor)
        self._entries[entry.anchor] = entry
        for attribute, values in self._index.items():
            values[_key(entry.attributes.get(attribute))].add(entry.anchor)

    def _remove_memory(self, anchor: str) -> None:
        old = self._entries.pop(anchor, None)
        if old is None:
            return
        for attribute, values in self._index.items():
            values[_key(old.attributes.get(attribute))].discard(anchor)

    # -- persistence hooks (no-ops in memory; SqliteSpace overrides them) ----------------------
    def _persist(self, upserts: list[SpaceEntry], removals: list[str], *, replace_all: bool = False) -> None:
        """Write one change set (called under the space lock, so there is one writer)."""

    def _persist_state(self, key: str, value: str | None) -> None:
        pass


def _key(value: Any) -> Any:
    """Values compare as strings so "True" from a query matches a stored True."""
    if isinstance(value, bool):
        return "True" if value else "False"
    return None if value is None else str(value)
