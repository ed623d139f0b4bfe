"""Source users from a JSON or CSV file, with errors that name the file, the row and the fix.

JSON: a list of user objects (or ``{"users": [...]}``) with Graph attribute names. CSV: a
header row of the same names. ``id`` is optional (a stable id is derived from the UPN);
``accountEnabled`` and ``assigned`` accept true/false/yes/no/1/0 and default to true.
"""

from __future__ import annotations

import csv
import json
import uuid
from dataclasses import fields
from pathlib import Path
from typing import Any

from .model import InvalidUserError, SourceUser

_NAMESPACE = uuid.UUID("6f1f3f5e-2d0b-4c39-9a57-1a5d0c2f7e11")
_BOOLEAN_FIELDS = ("accountEnabled", "assigned", "soft_deleted")
_FIELDS = {f.name for f in fields(SourceUser)} - {"changed", "hard_deleted", "extra"}
_TRUE = {"true", "yes", "1", "y"}
_FALSE = {"false", "no", "0", "n", ""}


class UserFileError(ValueError):
    """A users file that cannot be loaded."""


def load_users(path: str | Path) -> list[SourceUser]:
    """Users from ``path`` (``.json`` or ``.csv``)."""
    file = Path(path)
    if not file.is_file():
        raise UserFileError(f"{file}: no such users file; pass a .json or .csv file of users")
    suffix = file.suffix.lower()
    if suffix == ".json":
        rows = _json_rows(file)
    elif suffix == ".csv":
        rows = _csv_rows(file)
    else:
        raise UserFileError(f"{file}: unknown users file type {suffix!r}; use .json or .csv")
    users, seen = [], set()
    for where, row in rows:
        user = _user(file, where, row)
        key = user.userPrincipalName.lower()
        if key in seen or user.id in seen:
            raise UserFileError(
                f"{file}:{where}: duplicate user {user.userPrincipalName!r}; ids and UPNs must be unique"
            )
        seen.update((key, user.id))
        users.append(user)
    return users


def _json_rows(file: Path) -> list[tuple[str, dict[str, Any]]]:
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise UserFileError(f"{file}:{error.lineno}: invalid JSON: {error.msg}") from None
    if isinstance(data, dict) and isinstance(data.get("users"), list):
        data = data["users"]
    if not isinstance(data, list):
        raise UserFileError(
            f'{file}: expected a list of users or {{"users": [...]}}, found {type(data).__name__}'
        )
    rows = []
    for index, item in enumerate(data):
        if not isinstance(item, dict):
            raise UserFileError(f"{file}: users[{index}] must be an object, found {type(item).__name__}")
        rows.append((f"users[{index}]", item))
    return rows


def _csv_rows(file: Path) -> list[tuple[str, dict[str, Any]]]:
    with file.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames:
            raise UserFileError(f"{file}: empty CSV; the first row must name the attributes")
        return [(f"line {reader.line_num}", {k: v for k, v in row.items() if k}) for row in reader]


def _user(file: Path, where: str, row: dict[str, Any]) -> SourceUser:
    upn = row.get("userPrincipalName")
    if not upn:
        raise UserFileError(f"{file}:{where}: userPrincipalName is missing; every user needs one")
    values: dict[str, Any] = {}
    extra: dict[str, str] = {}
    for key, value in row.items():
        if key in _BOOLEAN_FIELDS:
            values[key] = _boolean(file, where, key, value)
        elif key in _FIELDS:
            values[key] = None if value in ("", None) else str(value)
        elif value not in ("", None):
            extra[key] = str(value)
    values.setdefault("id", None)
    values["id"] = values["id"] or str(uuid.uuid5(_NAMESPACE, str(upn).lower()))
    try:
        return SourceUser(**values, extra=extra)
    except InvalidUserError as error:
        raise UserFileError(f"{file}:{where}: {error}") from None


def _boolean(file: Path, where: str, key: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE or (text == "" and key != "soft_deleted"):
        return True
    if text in _FALSE:
        return False
    raise UserFileError(f"{file}:{where}: {key} is {value!r}; use true or false")
