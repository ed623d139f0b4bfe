"""The standard admin view of a user, and the record an admin creates from its fields.

Every vendor's admin view starts here unless it shows its own fields (``Target.admin_view``):
the store's neutral fields under the names the admin API has always used (``validTo`` in
ISO form, ``0000-00-00`` when there is none), the computed status, never a password hash.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from simulator.store import UserRecord

# The fields a scenario may expect of a user (``expect.target``), in the view's order.
STANDARD_FIELDS = (
    "userName",
    "status",
    "firstName",
    "lastName",
    "email",
    "department",
    "jobTitle",
    "city",
    "company",
    "phone",
    "validFrom",
    "validTo",
    "locked",
    "hasPassword",
    "passwordInitial",
    "userType",
    "activityGroups",
)
# Admin field → (store attribute, maximum length) for the plain text fields an admin may set.
TEXT_FIELDS: dict[str, tuple[str, int]] = {
    "firstName": ("first_name", 40),
    "lastName": ("last_name", 40),
    "email": ("email", 241),
    "department": ("department", 40),
    "jobTitle": ("job_title", 40),
    "city": ("city", 40),
    "company": ("company", 42),
    "phone": ("phone", 30),
}
SEEDABLE_FIELDS = ("userName", *TEXT_FIELDS, "validTo", "locked")
USERNAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
NO_DATE = "0000-00-00"


class AdminFieldError(ValueError):
    """A field an admin sent that no user can have; the message names it and says what is allowed."""


def _date(value: date | None) -> str:
    return value.isoformat() if value else NO_DATE


def standard_view(user: UserRecord, today: date) -> dict[str, Any]:
    """A user as the admin sees it: every neutral field, the computed status, no password hash."""
    return {
        "userName": user.username,
        "status": user.status(today).value,
        "firstName": user.first_name,
        "lastName": user.last_name,
        "email": user.email,
        "department": user.department,
        "jobTitle": user.job_title,
        "city": user.city,
        "company": user.company,
        "phone": user.phone,
        "validFrom": _date(user.valid_from),
        "validTo": _date(user.valid_to),
        "locked": user.locked,
        "hasPassword": bool(user.password_hash),
        "passwordInitial": user.password_initial,
        "userType": user.user_type,
        "activityGroups": [g.name for g in user.activity_groups],
        "extra": dict(user.extra),
        "created": user.created_at.isoformat() if user.created_at else None,
        "modified": user.modified_at.isoformat() if user.modified_at else None,
    }


def check_known(fields: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
    """Refuse fields outside ``allowed``, naming them and the ones that are allowed."""
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        raise AdminFieldError(f"unknown target user field(s) {', '.join(unknown)}; use: {', '.join(allowed)}")


def standard_record(fields: Mapping[str, Any]) -> UserRecord:
    """The user an admin creates from :data:`SEEDABLE_FIELDS` (as the admin view names them)."""
    check_known(fields, SEEDABLE_FIELDS)
    username = fields.get("userName")
    if not isinstance(username, str) or not USERNAME_PATTERN.match(username):
        raise AdminFieldError(
            "userName is required: 1 to 64 characters, letters, digits and . _ @ -, "
            "starting with a letter or digit"
        )
    values: dict[str, Any] = {"username": username}
    for name, (attribute, limit) in TEXT_FIELDS.items():
        value = fields.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            raise AdminFieldError(f"{name} must be text, not {type(value).__name__}")
        if len(value) > limit:
            raise AdminFieldError(f"{name} is longer than {limit} characters")
        values[attribute] = value
    if "locked" in fields:
        if not isinstance(fields["locked"], bool):
            raise AdminFieldError("locked must be true or false")
        values["locked"] = fields["locked"]
    values["valid_to"] = parse_date(fields.get("validTo"), "validTo")
    return UserRecord(**values)


def parse_date(value: Any, name: str) -> date | None:
    """An ISO date (``YYYY-MM-DD``), or None for null, empty or ``0000-00-00``."""
    if value in (None, "", NO_DATE):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise AdminFieldError(f"{name} {value!r} is not a date in the form YYYY-MM-DD") from None
