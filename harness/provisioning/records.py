"""Provisioning log records shaped like Microsoft Graph's ``provisioningObjectSummary``.

One record per object per cycle (or on-demand run): action, status with Entra's error
information, the steps with their ``provisioningStepType``, and ``modifiedProperties``
with secrets shown as ``[Redact]``, as Entra shows them.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from provlab.logsetup import is_secret_key

SOURCE_SYSTEM = "Microsoft Entra ID"
REDACTED = "[Redact]"

# Graph's provisioningAction and provisioningResult values.
CREATE, UPDATE, DELETE, DISABLE, STAGED_DELETE, OTHER = (
    "create",
    "update",
    "delete",
    "disable",
    "stagedDelete",
    "other",
)
SUCCESS, FAILURE, SKIPPED, WARNING = "success", "failure", "skipped", "warning"


@dataclass
class Step:
    """One step of processing an object: its on-demand ``title`` and its log ``name`` /
    ``step_type`` (import, scoping, matching, processing, referenceResolution, export)."""

    title: str
    name: str
    step_type: str
    status: str
    description: str
    details: dict[str, Any] = field(default_factory=dict)

    def to_graph(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "provisioningStepType": self.step_type,
            "status": self.status,
            "description": self.description,
            "details": {k: _text(v) for k, v in self.details.items()},
        }


@dataclass
class ErrorInfo:
    code: str
    reason: str
    category: str = "failure"  # Graph: failure, nonServiceFailure, success
    additional_details: str = ""
    recommended_action: str = ""

    def to_graph(self) -> dict[str, Any]:
        return {
            "errorCode": self.code,
            "reason": self.reason,
            "errorCategory": self.category,
            "additionalDetails": self.additional_details,
            "recommendedAction": self.recommended_action,
        }


def is_redacted(name: str, redacted: frozenset[str] = frozenset()) -> bool:
    bare = name.rsplit(":", 1)[-1]
    return name in redacted or bare in redacted or is_secret_key(bare)


def modified_properties(
    changes: Sequence[tuple[str, Any, Any]], redacted: frozenset[str] = frozenset()
) -> list[dict[str, Any]]:
    """``(target attribute, old, new)`` triples as Graph's modifiedProperties, secrets masked."""
    result = []
    for name, old, new in changes:
        hide = is_redacted(name, redacted)
        result.append(
            {
                "displayName": name,
                "oldValue": None if old is None else (REDACTED if hide else _text(old)),
                "newValue": None if new is None else (REDACTED if hide else _text(new)),
            }
        )
    return result


def build_record(
    *,
    job_id: str,
    cycle_id: str,
    when: str,
    action: str,
    status: str,
    steps: list[Step],
    source_id: str,
    source_name: str,
    target_id: str | None,
    target_name: str,
    target_system: str,
    changes: Sequence[tuple[str, Any, Any]] = (),
    error: ErrorInfo | None = None,
    duration_ms: int = 0,
    initiated_by: str = "Microsoft Entra ID",
    redacted: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "activityDateTime": when,
        "jobId": job_id,
        "cycleId": cycle_id,
        "changeId": str(uuid.uuid4()),
        "durationInMilliseconds": duration_ms,
        "initiatedBy": {"displayName": initiated_by, "initiatingType": "system"},
        "provisioningAction": action,
        "provisioningStatusInfo": {
            "status": status,
            "errorInformation": error.to_graph() if error else None,
        },
        "provisioningSteps": [step.to_graph() for step in steps],
        "modifiedProperties": modified_properties(changes, redacted),
        "sourceIdentity": {
            "id": source_id,
            "displayName": source_name,
            "identityType": "User",
            "details": {},
        },
        "targetIdentity": {
            "id": target_id,
            "displayName": target_name,
            "identityType": "User",
            "details": {},
        },
        "sourceSystem": {"id": None, "displayName": SOURCE_SYSTEM, "details": {}},
        "targetSystem": {"id": None, "displayName": target_system, "details": {}},
    }


def _text(value: Any) -> Any:
    if isinstance(value, bool):
        return "True" if value else "False"
    if value is None or isinstance(value, str):
        return value
    return str(value)
