"""The REST user representation and its validation, free of Flask.

JSON field ↔ neutral store attribute. ``id`` is the user name; ``active`` is the opposite
of the lock; ``validUntil`` is the last valid day (ISO date) or null. Every check raises
:class:`~simulator.jsonapi.ApiError` with a stable ``code``, the HTTP status and a message that says what is
wrong and where.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date, datetime
from typing import Any

from simulator.jsonapi import ApiError, invalid
from simulator.store import UserRecord

# JSON name → (store attribute, maximum length) for the plain text fields.
TEXT_FIELDS: dict[str, tuple[str, int]] = {
    "givenName": ("first_name", 40),
    "surname": ("last_name", 40),
    "email": ("email", 241),
    "department": ("department", 40),
    "jobTitle": ("job_title", 40),
    "city": ("city", 40),
    "company": ("company", 42),
    "phoneNumber": ("phone", 30),
}
WRITABLE = {"userName", *TEXT_FIELDS, "active", "validUntil"}
READ_ONLY = {"id", "status", "created", "lastModified"}
USERNAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")


def to_json(user: UserRecord, today: date) -> dict[str, Any]:
    data: dict[str, Any] = {"id": user.username, "userName": user.username}
    for name, (attribute, _) in TEXT_FIELDS.items():
        data[name] = getattr(user, attribute)
    data["active"] = not user.locked
    data["validUntil"] = user.valid_to.isoformat() if user.valid_to else None
    data["status"] = user.status(today).value
    data["created"] = _stamp(user.created_at)
    data["lastModified"] = _stamp(user.modified_at)
    return data


def _stamp(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def _check_object(payload: Any) -> dict[str, Any]:
    if not isinstance(payload, dict):
        raise invalid(f"the request body must be a JSON object, not {type(payload).__name__}")
    unknown = set(payload) - WRITABLE - READ_ONLY
    if unknown:
        raise invalid(
            f"unknown field(s) {', '.join(sorted(unknown))}; known fields: {', '.join(sorted(WRITABLE))}"
        )
    return {k: v for k, v in payload.items() if k not in READ_ONLY}


def _changes(fields: dict[str, Any]) -> dict[str, Any]:
    """Store attribute changes for the given JSON fields (userName excluded)."""
    changes: dict[str, Any] = {}
    for name, value in fields.items():
        if name in TEXT_FIELDS:
            attribute, limit = TEXT_FIELDS[name]
            if value is None:
                value = ""
            if not isinstance(value, str):
                raise invalid(f"{name} must be a string, not {type(value).__name__}")
            if len(value) > limit:
                raise invalid(f"{name} is longer than {limit} characters")
            changes[attribute] = value
        elif name == "active":
            if not isinstance(value, bool):
                raise invalid("active must be true or false")
            changes["locked"] = not value
        elif name == "validUntil":
            changes["valid_to"] = parse_valid_until(value)
    return changes


def parse_valid_until(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise invalid("validUntil must be a date string YYYY-MM-DD or null")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise invalid(f"validUntil {value!r} is not a date in the form YYYY-MM-DD") from None


def check_username(value: Any) -> str:
    if not isinstance(value, str) or not USERNAME_PATTERN.match(value):
        raise invalid(
            "userName is required: 1 to 64 characters, letters, digits and . _ @ -, "
            "starting with a letter or digit"
        )
    return value


def new_user(payload: Any) -> UserRecord:
    """The record a POST creates."""
    fields = _check_object(payload)
    username = check_username(fields.pop("userName", None))
    return UserRecord(username=username, **_changes(fields))


def patched(current: UserRecord, payload: Any) -> UserRecord:
    """PATCH: only the fields present change."""
    fields = _check_object(payload)
    _same_username(current, fields.pop("userName", current.username))
    return dataclasses.replace(current, **_changes(fields))


def replaced(current: UserRecord, payload: Any) -> UserRecord:
    """PUT: every writable field takes the given value or its default; SAP-only data is kept."""
    fields = _check_object(payload)
    _same_username(current, fields.pop("userName", current.username))
    defaults: dict[str, Any] = {name: "" for name in TEXT_FIELDS} | {"active": True, "validUntil": None}
    return dataclasses.replace(current, **_changes(defaults | fields))


def _same_username(current: UserRecord, given: Any) -> None:
    if given != current.username:
        raise ApiError(
            400, "immutable_field", f"userName cannot change (is {current.username!r}, got {given!r})"
        )


def parse_modified_since(value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise invalid(
            f"modifiedSince {value!r} is not an ISO 8601 date-time, e.g. 2026-01-15T09:00:00Z"
        ) from None
    if parsed.tzinfo is None:
        raise invalid("modifiedSince needs a time zone, e.g. 2026-01-15T09:00:00Z")
    return parsed
