"""An Entra-like source user and the computed attribute ``IsSoftDeleted``.

Kept I/O-free: the directory store, the seeder and the file loader all build these.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields
from typing import Any

# The Graph user properties the lab models (Entra names, case as Graph spells them).
PROFILE_ATTRIBUTES = (
    "userPrincipalName",
    "displayName",
    "givenName",
    "surname",
    "mail",
    "mailNickname",
    "department",
    "city",
    "companyName",
    "telephoneNumber",
    "jobTitle",
    "employeeId",
)

_UPN = re.compile(r"^[^@\s]+@[^@\s]+$")


class InvalidUserError(ValueError):
    """A source user that cannot exist in Entra; the message names the user and the fix."""


@dataclass
class SourceUser:
    """One user in the simulated Entra directory.

    ``assigned`` models an app role assignment to the provisioning app; ``soft_deleted`` the
    deleted-items state (restorable); ``hard_deleted`` a purged user kept as a tombstone so
    the next cycle can still see the deletion. ``changed`` is the directory's change sequence
    number of the last event that touched the user (the delta watermark compares with it);
    ``changed_attributes`` the sequence number at which each source attribute last changed
    (what Graph's delta reports, and what the Switch quirk looks at)."""

    id: str
    userPrincipalName: str  # noqa: N815 - Graph's attribute names are the point
    givenName: str | None = None  # noqa: N815
    surname: str | None = None
    displayName: str | None = None  # noqa: N815
    mail: str | None = None
    mailNickname: str | None = None  # noqa: N815
    department: str | None = None
    city: str | None = None
    companyName: str | None = None  # noqa: N815
    telephoneNumber: str | None = None  # noqa: N815
    jobTitle: str | None = None  # noqa: N815
    employeeId: str | None = None  # noqa: N815
    accountEnabled: bool = True  # noqa: N815
    assigned: bool = True
    soft_deleted: bool = False
    hard_deleted: bool = False
    extra: dict[str, str] = field(default_factory=dict)
    changed: int = 0
    changed_attributes: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.id:
            raise InvalidUserError(f"user {self.userPrincipalName!r} has no id; give every user a unique id")
        check_upn(self.id, self.userPrincipalName)

    @property
    def local_part(self) -> str:
        return self.userPrincipalName.split("@", 1)[0]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SourceUser:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


def check_upn(user_id: str, upn: object) -> None:
    if not isinstance(upn, str) or not _UPN.match(upn):
        raise InvalidUserError(
            f"user {user_id!r}: userPrincipalName {upn!r} is not of the form localpart@domain"
        )


def bool_text(value: bool) -> str:
    """Entra's expression engine sees booleans as the strings "True" and "False"."""
    return "True" if value else "False"


def is_soft_deleted(user: SourceUser, *, in_scope: bool = True, sync_all: bool = False) -> bool:
    """Entra's computed ``IsSoftDeleted``: true when the user is unassigned (with "sync only
    assigned"), fails a scoping filter (``in_scope`` false), is soft-deleted, or has
    ``accountEnabled`` false."""
    unassigned = not sync_all and not user.assigned
    return unassigned or not in_scope or user.soft_deleted or user.hard_deleted or not user.accountEnabled


def source_attributes(user: SourceUser, *, soft_deleted: bool) -> dict[str, Any]:
    """The attribute bag mappings and expressions read: Graph names, plus ``objectId`` and
    the computed ``IsSoftDeleted``; null attributes are absent, as Entra treats them."""
    attributes: dict[str, Any] = {"objectId": user.id, "id": user.id}
    for name in PROFILE_ATTRIBUTES:
        value = getattr(user, name)
        if value not in (None, ""):
            attributes[name] = value
    attributes.update({k: v for k, v in user.extra.items() if v not in (None, "")})
    attributes["accountEnabled"] = bool_text(user.accountEnabled)
    attributes["IsSoftDeleted"] = bool_text(soft_deleted)
    return attributes
