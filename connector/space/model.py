"""What the connector space holds and the operations the host needs from it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from connector.backend import ImportedEntry


@dataclass(frozen=True)
class SpaceEntry:
    """One object of the connector space: the host's cached view of a target object."""

    object_type: str
    anchor: str
    attributes: Mapping[str, Any] = field(default_factory=dict)

    @property
    def dn(self) -> str:
        return f"CN={self.anchor},OBJECT={self.object_type}"


class ConnectorSpace(Protocol):
    """The cache ECMA2Host answers SCIM reads from. Changed only by successful imports and exports."""

    def get(self, anchor: str) -> SpaceEntry | None: ...

    def find(self, criteria: Mapping[str, Any]) -> list[SpaceEntry]:
        """Entries whose attributes equal every value in ``criteria``, sorted by anchor."""

    def entries(self) -> list[SpaceEntry]:
        """All entries, sorted by anchor."""

    def count(self) -> int: ...

    def put(self, entry: SpaceEntry) -> None: ...

    def remove(self, anchor: str) -> None: ...

    def sequence(self) -> int:
        """A counter of single-entry writes (exports), read before an import starts."""

    def replace_all(self, entries: Iterable[SpaceEntry], *, keep_writes_after: int | None = None) -> None:
        """What a Full Import does: the space becomes exactly ``entries``, except anchors
        written after sequence ``keep_writes_after`` (exports that finished meanwhile)."""

    def apply_delta(self, changes: Iterable[ImportedEntry]) -> None:
        """What a Delta Import does: Add/Replace upsert, Delete removes."""

    def get_state(self, key: str) -> str | None: ...

    def set_state(self, key: str, value: str | None) -> None: ...

    def close(self) -> None: ...
