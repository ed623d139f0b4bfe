"""The user store shared by the SAP and REST services.

One neutral record per user (no SAP or REST names), kept in memory and, when a state
directory is given, written through to a SQLite file so that a demo survives a restart.
Every method takes the store's lock, so the services can be served from many threads.
"today" and the modification times come from an injectable clock.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import secrets
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from provlab.clock import SYSTEM_CLOCK, Clock

SQLITE_FILE_NAME = "simulator-users.sqlite3"


class UserExistsError(KeyError):
    """A user with this name is already in the store."""


class UserNotFoundError(KeyError):
    """No user with this name is in the store."""


class UserStatus(StrEnum):
    """What a user's state means for logging on, in the order it is decided."""

    LOCKED = "locked"
    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"
    ACTIVE = "active"


@dataclass(frozen=True)
class ActivityGroup:
    """A role assignment (SAP activity group) with its validity."""

    name: str
    valid_from: date | None = None
    valid_to: date | None = None
    text: str = ""


@dataclass(frozen=True)
class UserRecord:
    """One user, in neutral names; each service maps its own wire names onto these."""

    username: str
    first_name: str = ""
    last_name: str = ""
    middle_name: str = ""
    email: str = ""
    department: str = ""
    job_title: str = ""
    city: str = ""
    company: str = ""
    phone: str = ""
    valid_from: date | None = None
    valid_to: date | None = None
    user_type: str = "A"
    user_group: str = ""
    locked: bool = False
    password_hash: str = ""
    password_initial: bool = True
    activity_groups: tuple[ActivityGroup, ...] = ()
    # Fields a service accepts but the other does not know (e.g. SAP ADDRESS.STREET), kept
    # verbatim under "<STRUCTURE>.<FIELD>" so that what was written reads back unchanged.
    extra: dict[str, str] = field(default_factory=dict)
    created_at: datetime | None = None
    modified_at: datetime | None = None

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.middle_name, self.last_name) if part)

    def status(self, today: date) -> UserStatus:
        """Locked wins over expired, which wins over not-yet-valid (validity dates inclusive)."""
        if self.locked:
            return UserStatus.LOCKED
        if self.valid_to is not None and self.valid_to < today:
            return UserStatus.EXPIRED
        if self.valid_from is not None and self.valid_from > today:
            return UserStatus.NOT_YET_VALID
        return UserStatus.ACTIVE


def hash_password(password: str) -> str:
    """A salted PBKDF2 hash; the store never keeps a password in clear text."""
    salt = secrets.token_hex(8)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), bytes.fromhex(salt), 1000).hex()
    return f"pbkdf2${salt}${digest}"


def verify_password(password: str, stored_hash: str) -> bool:
    try:
        _scheme, salt, digest = stored_hash.split("$")
    except ValueError:
        return False
    candidate = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), bytes.fromhex(salt), 1000).hex()
    return hmac.compare_digest(candidate, digest)


# --- (de)serialisation for SQLite ---------------------------------------------------------


def _to_json(record: UserRecord) -> str:
    def encode(value: Any) -> Any:
        if isinstance(value, date | datetime):
            return value.isoformat()
        raise TypeError(f"cannot store {type(value).__name__}")

    return json.dumps(dataclasses.asdict(record), default=encode, sort_keys=True)


def _parse_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _parse_datetime(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _from_json(text: str) -> UserRecord:
    data = json.loads(text)
    data["valid_from"] = _parse_date(data["valid_from"])
    data["valid_to"] = _parse_date(data["valid_to"])
    data["created_at"] = _parse_datetime(data["created_at"])
    data["modified_at"] = _parse_datetime(data["modified_at"])
    data["activity_groups"] = tuple(
        ActivityGroup(
            name=g["name"],
            valid_from=_parse_date(g["valid_from"]),
            valid_to=_parse_date(g["valid_to"]),
            text=g["text"],
        )
        for g in data["activity_groups"]
    )
    return UserRecord(**data)


class _SQLiteMirror:
    """Write-through persistence: one row per user holding the record as JSON."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS users (username TEXT PRIMARY KEY, data TEXT NOT NULL)")

    def load(self) -> list[UserRecord]:
        return [_from_json(row[0]) for row in self._db.execute("SELECT data FROM users ORDER BY username")]

    def put(self, record: UserRecord) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO users (username, data) VALUES (?, ?)", (record.username, _to_json(record))
        )

    def delete(self, username: str) -> None:
        self._db.execute("DELETE FROM users WHERE username = ?", (username,))

    def clear(self) -> None:
        self._db.execute("DELETE FROM users")

    def close(self) -> None:
        self._db.close()


class UserStore:
    """Thread-safe users keyed by user name, in memory or mirrored to SQLite.

    User names are stored as given; the services normalise them (SAP upper-cases) before
    calling. Listing is always in user-name order, which is what SAP's paging relies on.
    """

    def __init__(self, *, clock: Clock = SYSTEM_CLOCK, state_dir: str | Path | None = None) -> None:
        self.clock = clock
        self._lock = threading.RLock()
        self._users: dict[str, UserRecord] = {}
        self._mirror: _SQLiteMirror | None = None
        if state_dir is not None:
            self._mirror = _SQLiteMirror(Path(state_dir) / SQLITE_FILE_NAME)
            self._users = {record.username: record for record in self._mirror.load()}

    @property
    def path(self) -> Path | None:
        """The SQLite file, or None for an in-memory store."""
        return self._mirror.path if self._mirror else None

    def today(self) -> date:
        return self.clock.today()

    # reads ----------------------------------------------------------------------------
    def get(self, username: str) -> UserRecord | None:
        with self._lock:
            return self._users.get(username)

    def exists(self, username: str) -> bool:
        with self._lock:
            return username in self._users

    def count(self) -> int:
        with self._lock:
            return len(self._users)

    def users(self) -> list[UserRecord]:
        """Every user, ordered by user name."""
        with self._lock:
            return [self._users[name] for name in sorted(self._users)]

    # writes ---------------------------------------------------------------------------
    def add(self, record: UserRecord) -> UserRecord:
        """Insert a new user; stamps created/modified times. Raises ``UserExistsError``."""
        with self._lock:
            if record.username in self._users:
                raise UserExistsError(record.username)
            now = self.clock.now()
            stored = dataclasses.replace(record, created_at=record.created_at or now, modified_at=now)
            self._write(stored)
            return stored

    def update(self, username: str, **changes: Any) -> UserRecord:
        """Change some fields of an existing user. Raises ``UserNotFoundError``."""
        with self._lock:
            current = self._users.get(username)
            if current is None:
                raise UserNotFoundError(username)
            if "username" in changes and changes["username"] != username:
                raise ValueError("a user cannot be renamed through update(); delete and add instead")
            stored = dataclasses.replace(current, **changes, modified_at=self.clock.now())
            self._write(stored)
            return stored

    def replace(self, record: UserRecord) -> UserRecord:
        """Replace an existing user as a whole, keeping its creation time."""
        with self._lock:
            current = self._users.get(record.username)
            if current is None:
                raise UserNotFoundError(record.username)
            stored = dataclasses.replace(record, created_at=current.created_at, modified_at=self.clock.now())
            self._write(stored)
            return stored

    def delete(self, username: str) -> bool:
        """Remove a user; False when there was none."""
        with self._lock:
            if self._users.pop(username, None) is None:
                return False
            if self._mirror:
                self._mirror.delete(username)
            return True

    def clear(self) -> None:
        with self._lock:
            self._users.clear()
            if self._mirror:
                self._mirror.clear()

    def add_many(self, records: Iterable[UserRecord]) -> int:
        """Add users, skipping names already present; returns how many were added."""
        added = 0
        with self._lock:
            for record in records:
                if record.username not in self._users:
                    self.add(record)
                    added += 1
        return added

    def close(self) -> None:
        with self._lock:
            if self._mirror:
                self._mirror.close()
                self._mirror = None

    def _write(self, record: UserRecord) -> None:
        self._users[record.username] = record
        if self._mirror:
            self._mirror.put(record)
