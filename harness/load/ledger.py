"""What the load wrote, user by user, for the consistency check after the run.

Each entry keeps the source user as the target last confirmed it (the answer to the write came
back), so the check can evaluate the mappings again and compare with what the target holds.
A write whose answer was lost (no response, a 5xx) may or may not have landed: its state is
kept as ``pending`` and either outcome is accepted.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from harness.directory import SourceUser

PRESENT = "present"
DELETED = "deleted"
NOT_CREATED = "not-created"  # the create's answer was lost: the user may exist or not


@dataclass
class Entry:
    key: str
    source: dict[str, Any]
    target_id: str | None
    state: str
    pending: dict[str, Any] | None = None
    pending_state: str | None = None
    writes: int = 0
    relinked: int = 0  # gone from the target during the run (GET by id answered 404), created again

    @property
    def user(self) -> SourceUser:
        return SourceUser.from_dict(self.source)

    @property
    def pending_user(self) -> SourceUser | None:
        return SourceUser.from_dict(self.pending) if self.pending is not None else None

    def confirm(self, user: SourceUser, target_id: str | None, state: str) -> None:
        self.source, self.target_id, self.state = user.to_dict(), target_id, state
        self.pending = self.pending_state = None
        self.writes += 1

    def uncertain(self, user: SourceUser, state: str) -> None:
        self.pending, self.pending_state = user.to_dict(), state


@dataclass
class Ledger:
    entries: dict[str, Entry] = field(default_factory=dict)

    def created(self, user: SourceUser, target_id: str) -> Entry:
        entry = Entry(user.userPrincipalName, user.to_dict(), target_id, PRESENT, writes=1)
        self.entries[entry.key] = entry
        return entry

    def lost_create(self, user: SourceUser) -> Entry:
        entry = Entry(user.userPrincipalName, user.to_dict(), None, NOT_CREATED)
        entry.uncertain(user, PRESENT)
        self.entries[entry.key] = entry
        return entry

    def to_json(self) -> list[dict[str, Any]]:
        return [asdict(entry) for entry in self.entries.values()]

    def add_json(self, rows: list[dict[str, Any]]) -> None:
        for row in rows:
            entry = Entry(**row)
            self.entries[entry.key] = entry

    @classmethod
    def from_json(cls, rows: list[dict[str, Any]]) -> Ledger:
        ledger = cls()
        ledger.add_json(rows)
        return ledger
