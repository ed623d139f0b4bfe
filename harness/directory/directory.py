"""The simulated Entra directory: users, the events that change them, and a change watermark.

Every event bumps a sequence number and stamps it on the user, so a provisioning cycle can
ask for "what changed since watermark N" the way Entra reads Graph's delta query.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from typing import Any

from .model import PROFILE_ATTRIBUTES, InvalidUserError, SourceUser, check_upn

EVENTS = (
    "create",
    "update",
    "assign",
    "unassign",
    "disable",
    "enable",
    "soft-delete",
    "restore",
    "hard-delete",
)
_UPDATABLE = set(PROFILE_ATTRIBUTES) | {"accountEnabled"}
SOFT_DELETED = "IsSoftDeleted"  # every event that moves a user in or out of scope changes it


class UnknownUserError(KeyError):
    """No user has that id or userPrincipalName."""

    def __str__(self) -> str:
        return str(self.args[0])


class Directory:
    """Source users keyed by object id, with a monotonically increasing change sequence."""

    def __init__(self, users: Iterable[SourceUser] = (), *, sequence: int = 0) -> None:
        self.sequence = sequence
        self._users: dict[str, SourceUser] = {}
        for user in users:
            self._users[user.id] = user
            self.sequence = max(self.sequence, user.changed)

    # reading -----------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._users)

    def __iter__(self) -> Iterator[SourceUser]:
        return iter(self._users.values())

    def get(self, key: str) -> SourceUser:
        """The user whose id or userPrincipalName (case-insensitive) is ``key``."""
        if key in self._users:
            return self._users[key]
        lowered = key.lower()
        for user in self._users.values():
            if user.userPrincipalName.lower() == lowered:
                return user
        raise UnknownUserError(f"no user with id or userPrincipalName {key!r} in the source directory")

    @staticmethod
    def attributes_changed_since(user: SourceUser, watermark: int | None) -> frozenset[str] | None:
        """Source attributes changed after ``watermark``; None (unknown: all) on a full sync."""
        if watermark is None:
            return None
        return frozenset(name for name, sequence in user.changed_attributes.items() if sequence > watermark)

    def changed_since(self, watermark: int | None) -> list[SourceUser]:
        """Users touched by an event after ``watermark``; all users when it is None."""
        if watermark is None:
            return list(self._users.values())
        return [u for u in self._users.values() if u.changed > watermark]

    # events ------------------------------------------------------------------------------
    def create(self, user: SourceUser) -> SourceUser:
        if user.id in self._users:
            raise InvalidUserError(f"a user with id {user.id!r} already exists")
        if any(u.userPrincipalName.lower() == user.userPrincipalName.lower() for u in self._users.values()):
            raise InvalidUserError(f"userPrincipalName {user.userPrincipalName!r} is already taken")
        self._users[user.id] = user
        self._touch(user, (*PROFILE_ATTRIBUTES, "accountEnabled", SOFT_DELETED))
        return user

    def import_users(self, users: Iterable[SourceUser]) -> tuple[int, int]:
        """Create users not seen yet and update the profile of known ones (by id); returns
        (created, updated). Unchanged users fire no event, so re-importing a file is a no-op."""
        created = updated = 0
        for user in users:
            if user.id not in self._users:
                self.create(user)
                created += 1
                continue
            known = self._users[user.id]
            changes = {
                name: getattr(user, name)
                for name in _UPDATABLE
                if getattr(user, name) != getattr(known, name)
            }
            if changes and not known.hard_deleted:
                self.update(user.id, **changes)
                updated += 1
        return created, updated

    def new_user(self, user_principal_name: str, **attributes: Any) -> SourceUser:
        """Create a user with a fresh object id."""
        return self.create(
            SourceUser(id=str(uuid.uuid4()), userPrincipalName=user_principal_name, **attributes)
        )

    def update(self, key: str, **changes: Any) -> SourceUser:
        user = self._live(key)
        unknown = sorted(set(changes) - _UPDATABLE)
        if unknown:
            raise InvalidUserError(
                f"cannot update {', '.join(unknown)} of {user.userPrincipalName}; updatable attributes: "
                + ", ".join(sorted(_UPDATABLE))
            )
        if "userPrincipalName" in changes:
            check_upn(user.id, changes["userPrincipalName"])
        for name, value in changes.items():
            setattr(user, name, value)
        return self._touch(user, changes)

    def assign(self, key: str) -> SourceUser:
        return self._set(key, (SOFT_DELETED,), assigned=True)

    def unassign(self, key: str) -> SourceUser:
        return self._set(key, (SOFT_DELETED,), assigned=False)

    def disable(self, key: str) -> SourceUser:
        return self._set(key, ("accountEnabled", SOFT_DELETED), accountEnabled=False)

    def enable(self, key: str) -> SourceUser:
        return self._set(key, ("accountEnabled", SOFT_DELETED), accountEnabled=True)

    def soft_delete(self, key: str) -> SourceUser:
        return self._set(key, (SOFT_DELETED,), soft_deleted=True)

    def restore(self, key: str) -> SourceUser:
        user = self.get(key)
        if user.hard_deleted:
            raise InvalidUserError(
                f"{user.userPrincipalName} was hard-deleted; only soft-deleted users restore"
            )
        return self._set(key, (SOFT_DELETED,), soft_deleted=False)

    def hard_delete(self, key: str) -> SourceUser:
        """Purge the user; a tombstone stays so the next cycle sees the deletion."""
        user = self.get(key)
        user.hard_deleted = True
        user.soft_deleted = True
        return self._touch(user, (SOFT_DELETED,))

    def apply(self, event: str, key: str, **changes: Any) -> SourceUser:
        """Apply a named event (one of :data:`EVENTS` other than create)."""
        if event not in EVENTS or event == "create":
            raise ValueError(f"unknown event {event!r}; expected one of {', '.join(EVENTS[1:])}")
        method = getattr(self, event.replace("-", "_"))
        return method(key, **changes) if event == "update" else method(key)

    # internals ---------------------------------------------------------------------------
    def _live(self, key: str) -> SourceUser:
        user = self.get(key)
        if user.hard_deleted:
            raise InvalidUserError(f"{user.userPrincipalName} was hard-deleted and can no longer change")
        return user

    def _set(self, key: str, attributes: Iterable[str], **flags: Any) -> SourceUser:
        user = self._live(key)
        for name, value in flags.items():
            setattr(user, name, value)
        return self._touch(user, attributes)

    def _touch(self, user: SourceUser, attributes: Iterable[str]) -> SourceUser:
        self.sequence += 1
        user.changed = self.sequence
        for name in attributes:
            user.changed_attributes[name] = self.sequence
        return user
