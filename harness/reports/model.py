"""A report of one provisioning run, per user, as plain data (what the JSON file holds).

Built by :func:`harness.reports.build.build_run_report` from what the run produced: Entra's
provisioning log records, the SCIM exchanges, the target's call journal, and the target's
state before and after. Nothing here does I/O."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class StepView:
    """A step as the portal's provision-on-demand view shows it."""

    title: str
    status: str
    description: str
    details: dict[str, Any] = field(default_factory=dict)


@dataclass
class ScimCall:
    method: str
    url: str
    status: int | None
    request_body: Any = None
    response_body: Any = None


@dataclass
class TargetCall:
    """One SOAP or REST call the target received (the simulator's journal entry)."""

    service: str
    operation: str
    status: int
    outcome: str
    inputs: dict[str, Any] = field(default_factory=dict)
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass
class Attempt:
    """One processing of the user: a cycle's or an on-demand run's log record."""

    when: str
    action: str
    status: str
    steps: list[StepView]
    error: str | None = None
    modified: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class UserSection:
    source_name: str
    target_id: str | None
    attempts: list[Attempt] = field(default_factory=list)
    scim: list[ScimCall] = field(default_factory=list)
    target_calls: list[TargetCall] = field(default_factory=list)
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None

    @property
    def changed_attributes(self) -> list[str]:
        before, after = self.before or {}, self.after or {}
        return sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))


@dataclass
class RunReport:
    title: str
    generated: str
    users: list[UserSection] = field(default_factory=list)
    other_scim: list[ScimCall] = field(default_factory=list)  # probes and calls tied to no user
    other_target_calls: list[TargetCall] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)
    # why the target's calls and state are missing, so no one reads their absence as "nothing happened"
    target_unavailable: str | None = None

    def user(self, name: str) -> UserSection | None:
        lowered = name.lower()
        return next(
            (
                u
                for u in self.users
                if u.source_name.lower() == lowered or (u.target_id or "").lower() == lowered
            ),
            None,
        )

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for section, user in zip(data["users"], self.users, strict=True):
            section["changedAttributes"] = user.changed_attributes
        return data
