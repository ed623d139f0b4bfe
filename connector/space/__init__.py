"""The connector space: the host's cache of the target's objects (in memory or SQLite)."""

from .locks import AnchorLocks
from .memory import MemorySpace
from .model import ConnectorSpace, SpaceEntry
from .sqlite import SqliteSpace

__all__ = ["AnchorLocks", "ConnectorSpace", "MemorySpace", "SpaceEntry", "SqliteSpace"]
