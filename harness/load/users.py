"""The source users a load provisions: synthetic (the harness's seeder) or from a recording.

Either way a user is a :class:`harness.directory.SourceUser` and what goes on the wire is what
the mapping set makes of it, so the load's POST and PATCH bodies are the harness's own. A
recording (:mod:`provlab.traffic`) supplies the attribute values Entra really sent: each
``POST /Users`` body becomes one user, replayed through Direct mappings of its recorded values
(the mapping set's soft-delete and redacted mappings stay, so soft delete and the password
still follow the customer's mappings).
"""

from __future__ import annotations

import dataclasses
import itertools
import random
import re
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from harness.directory import SourceUser, seed_users
from harness.expressions.nodes import Attribute, Call, Node
from harness.mappings import AttributeMapping, MappingSet
from harness.scim_client import flatten_resource
from provlab.traffic import read_recording

USER_NAMESPACE = uuid.UUID("6f1c8a52-3f4e-4d8e-9b0c-7a5e2d1f0c11")
PROFILE_COUNT = 200
REDACTED = "***"
RECORDED_PREFIX = "recorded."
RECORDED_DOMAIN = "recorded.invalid"
# Source attributes an update may change, with the seeder's field that supplies a new value.
MUTABLE_SOURCES = {
    "city": "city",
    "department": "department",
    "jobTitle": "jobTitle",
    "telephoneNumber": "telephoneNumber",
    "companyName": "companyName",
}
# Recorded target attributes (by leaf name) an update may change, and the seeder field for a new value.
MUTABLE_TARGET_LEAVES = {
    "city": "city",
    "department": "department",
    "jobtitle": "jobTitle",
    "title": "jobTitle",
    "telephonenumber": "telephoneNumber",
    "company": "companyName",
}
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
_NOT_ALNUM = re.compile(r"[^a-z0-9]")


class UserSource(Protocol):
    """Where one process's new users come from, and how an update changes one."""

    mapping_set: MappingSet

    def new_user(self) -> SourceUser | None:
        """The next user to create; None when a finite source has run out."""

    def changed(self, user: SourceUser, rng: random.Random) -> SourceUser | None:
        """A copy of ``user`` with one mapped attribute changed; None if nothing can change."""


def base36(number: int, width: int) -> str:
    digits = ""
    while number:
        number, digit = divmod(number, 36)
        digits = _DIGITS[digit] + digits
    if len(digits) > width:
        raise ValueError(f"{number} does not fit {width} base-36 digits")
    return digits.rjust(width, "0")


def run_tag(rng: random.Random) -> str:
    """Four characters that set this run's users apart: ``l`` and three base-36 digits."""
    return "l" + base36(rng.randrange(36**3), 3)


def copy_user(user: SourceUser, **changes: Any) -> SourceUser:
    data = {**user.to_dict(), **changes}
    data["extra"] = dict(data.get("extra") or {})
    return SourceUser.from_dict(data)


def soft_delete_targets(mapping_set: MappingSet) -> frozenset[str]:
    """Target attributes whose mapping reads ``IsSoftDeleted`` (e.g. SAP's expirationTime)."""
    return frozenset(m.target for m in mapping_set.attribute_mappings if _reads(m.source, "IsSoftDeleted"))


def _reads(node: Node | None, attribute: str) -> bool:
    stack: list[Any] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, Attribute) and current.name.lower() == attribute.lower():
            return True
        if isinstance(current, Call):
            stack.extend(current.args)
    return False


class _Mutations:
    """Picks a new value for one mutable source attribute from the seeder's profiles."""

    def __init__(self, sources: dict[str, str], profiles: Sequence[SourceUser]) -> None:
        self.sources = sources  # source attribute (or extra key) -> seeder field
        self.profiles = profiles

    def apply(self, user: SourceUser, rng: random.Random) -> SourceUser | None:
        if not self.sources:
            return None
        attribute = rng.choice(sorted(self.sources))
        current = user.extra.get(attribute) if attribute in user.extra else getattr(user, attribute, None)
        for _ in range(8):
            value = getattr(rng.choice(self.profiles), self.sources[attribute])
            if value and value != current:
                break
        else:
            value = f"{current or ''} {rng.randrange(1000)}".strip()
        if attribute.startswith(RECORDED_PREFIX):
            return copy_user(user, extra={**user.extra, attribute: value})
        return copy_user(user, **{attribute: value})


class SyntheticUsers:
    """Seeded profiles under unique names: ``<tag><worker><serial>@contoso.com``, twelve
    characters that are a valid SAP user name once upper-cased, never the same in two processes
    of one run (the worker index is in the name) or in two runs (the tag is)."""

    def __init__(self, mapping_set: MappingSet, *, tag: str, worker_index: int, seed: int) -> None:
        self.mapping_set = mapping_set
        self.tag = tag
        self.worker = base36(worker_index, 2)
        self._profiles = seed_users(PROFILE_COUNT, seed=seed + worker_index)
        self._serial = itertools.count(1)
        sources = {
            m.source.name: MUTABLE_SOURCES[m.source.name]
            for m in mapping_set.attribute_mappings
            if isinstance(m.source, Attribute)
            and m.source.name in MUTABLE_SOURCES
            and not m.is_matching
            and not m.creation_only
        }
        self._mutations = _Mutations(sources, self._profiles)

    def new_user(self) -> SourceUser | None:
        serial = next(self._serial)
        local = f"{self.tag}{self.worker}{base36(serial, 6)}"
        upn = f"{local}@contoso.com"
        profile = self._profiles[serial % len(self._profiles)]
        return copy_user(
            profile,
            id=str(uuid.uuid5(USER_NAMESPACE, upn)),
            userPrincipalName=upn,
            mail=upn,
            mailNickname=local,
            changed_attributes={},
        )

    def changed(self, user: SourceUser, rng: random.Random) -> SourceUser | None:
        return self._mutations.apply(user, rng)


class RecordingError(ValueError):
    """A recording that yields no users to load with; the message names the file and the fix."""


def recorded_values(path: str | Path, mapping_set: MappingSet) -> list[dict[str, Any]]:
    """The target values of every ``POST /Users`` in a recording, one dict per user (the first
    POST of a user wins), keyed as mappings name targets."""
    try:
        exchanges = read_recording(path)
    except OSError as exc:
        raise RecordingError(f"cannot read {path}: {exc.strerror}; pass a recorded JSONL file") from None
    except ValueError as exc:
        raise RecordingError(str(exc)) from None
    matching = mapping_set.matching_attributes()[0]
    users: dict[str, dict[str, Any]] = {}
    for exchange in exchanges:
        if exchange.method != "POST" or not exchange.path.rstrip("/").endswith("/Users"):
            continue
        if not isinstance(exchange.request_body, dict):
            continue
        values = flatten_resource(exchange.request_body)
        key = _value(values, matching)
        if key not in (None, ""):
            users.setdefault(str(key).lower(), values)
    if not users:
        raise RecordingError(
            f"{path}: no POST /Users carrying {matching} (the mappings' first matching attribute); "
            "record a provisioning cycle with `provlab connector serve --record FILE`"
        )
    return list(users.values())


def _value(values: dict[str, Any], target: str) -> Any:
    lowered = target.lower()
    return next((v for k, v in values.items() if k.lower() == lowered), None)


class RecordedUsers:
    """The users of a recording, this process's share of them (every ``count``-th from ``index``)."""

    def __init__(
        self,
        mapping_set: MappingSet,
        values: Sequence[dict[str, Any]],
        *,
        worker_index: int = 0,
        worker_count: int = 1,
        seed: int = 0,
    ) -> None:
        self.mapping_set = replay_mapping_set(mapping_set, values)
        matching = mapping_set.matching_attributes()[0]
        mine = list(values)[worker_index::worker_count]
        self._users = iter([_recorded_user(v, matching) for v in mine])
        profiles = seed_users(PROFILE_COUNT, seed=seed + worker_index)
        sources = {
            m.source.name: MUTABLE_TARGET_LEAVES[m.target.rsplit(":", 1)[-1].lower()]
            for m in self.mapping_set.attribute_mappings
            if isinstance(m.source, Attribute)
            and m.source.name.startswith(RECORDED_PREFIX)
            and m.target.rsplit(":", 1)[-1].lower() in MUTABLE_TARGET_LEAVES
            and not m.is_matching
        }
        self._mutations = _Mutations(sources, profiles)

    def new_user(self) -> SourceUser | None:
        return next(self._users, None)

    def changed(self, user: SourceUser, rng: random.Random) -> SourceUser | None:
        return self._mutations.apply(user, rng)


def _recorded_user(values: dict[str, Any], matching: str) -> SourceUser:
    key = str(_value(values, matching))
    local = _NOT_ALNUM.sub("", key.lower()) or "user"
    upn = f"{local}.{uuid.uuid5(USER_NAMESPACE, key).hex[:8]}@{RECORDED_DOMAIN}"
    extra = {
        RECORDED_PREFIX + name: str(value) if isinstance(value, bool | int | float) else value
        for name, value in values.items()
        if isinstance(value, str | bool | int | float) and value != REDACTED
    }
    return SourceUser(id=str(uuid.uuid5(USER_NAMESPACE, upn)), userPrincipalName=upn, extra=extra)


def replay_mapping_set(mapping_set: MappingSet, values: Sequence[dict[str, Any]]) -> MappingSet:
    """``mapping_set`` turned into Direct mappings of the recorded values: each recorded target
    attribute flows from ``recorded.<target>``, keeping its mapping's flow type and matching
    precedence; mappings that read ``IsSoftDeleted`` or use ``Redact`` (a recording masks the
    password) stay as they are."""
    kept = soft_delete_targets(mapping_set) | mapping_set.redacted_attributes
    recorded: dict[str, str] = {}
    for user in values:
        for name, value in user.items():
            if isinstance(value, str | bool | int | float) and value != REDACTED:
                recorded.setdefault(name.lower(), name)
    mappings: list[AttributeMapping] = []
    for mapping in mapping_set.attribute_mappings:
        if mapping.target in kept:
            mappings.append(mapping)
        elif mapping.target.lower() in recorded:
            name = recorded.pop(mapping.target.lower())
            mappings.append(dataclasses.replace(mapping, source=Attribute(RECORDED_PREFIX + name)))
        # a mapping the recording carries no value for is left out: it was null for every user
    kept_lower = {k.lower() for k in kept}
    for name in recorded.values():
        if name.lower() not in kept_lower:
            mappings.append(AttributeMapping(target=name, source=Attribute(RECORDED_PREFIX + name)))
    return dataclasses.replace(mapping_set, attribute_mappings=tuple(mappings))
