"""The port between the SCIM host and the connector that does the work.

The SCIM core (``connector.scim``) only knows this protocol; the template-driven web
services connector (``connector.workflow``) implements it. Tests may implement it with an
in-memory fake. Status codes are MIM's export status codes, which the host maps onto SCIM
answers (ARCHITECTURE.md, "Export status → SCIM").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

ExportOperation = Literal["Add", "Replace", "Delete"]

# MIM's status codes, as workflows set them with SetExportStatus / SetImportStatus.
SUCCESS = "Success"
IMPORT_ERROR_CUSTOM_CONTINUE_RUN = "ImportErrorCustomContinueRun"
EXPORT_ERROR_CUSTOM_CONTINUE_RUN = "ExportErrorCustomContinueRun"
EXPORT_ERROR_MISSING_ANCHOR_COMPONENT = "ExportErrorMissingAnchorComponent"
EXPORT_ERROR_MISSING_PROVISIONING_ATTRIBUTE = "ExportErrorMissingProvisioningAttribute"
EXPORT_ERROR_INVALID_PROVISIONING_ATTRIBUTE_VALUE = "ExportErrorInvalidProvisioningAttributeValue"
EXPORT_ERROR_SYNTAX_VIOLATION = "ExportErrorSyntaxViolation"
EXPORT_STATUS_CODES = (
    SUCCESS,
    EXPORT_ERROR_CUSTOM_CONTINUE_RUN,
    EXPORT_ERROR_MISSING_ANCHOR_COMPONENT,
    EXPORT_ERROR_MISSING_PROVISIONING_ATTRIBUTE,
    EXPORT_ERROR_INVALID_PROVISIONING_ATTRIBUTE_VALUE,
    EXPORT_ERROR_SYNTAX_VIOLATION,
)
IMPORT_STATUS_CODES = (SUCCESS, IMPORT_ERROR_CUSTOM_CONTINUE_RUN)


@dataclass(frozen=True)
class ImportedEntry:
    """One object read from the target by a Full or Delta Import (a CSEntryChange)."""

    object_type: str
    anchor: str
    attributes: Mapping[str, Any]
    modification: Literal["Add", "Replace", "Delete"] = "Add"

    @property
    def dn(self) -> str:
        return f"CN={self.anchor},OBJECT={self.object_type}"


@dataclass
class TraceEvent:
    """One step of a workflow run, for logs and reports. Arguments are already redacted."""

    kind: str  # "activity" | "call" | "log" | "status"
    name: str
    detail: Mapping[str, Any] = field(default_factory=dict)
    duration_ms: float = 0.0


@dataclass
class ExportResult:
    status: str  # one of EXPORT_STATUS_CODES
    message: str = ""
    anchor: str | None = None
    trace: list[TraceEvent] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == SUCCESS


@dataclass
class ImportResult:
    entries: list[ImportedEntry]
    status: str = SUCCESS
    message: str = ""
    custom_data: str | None = None  # watermark a Delta Import hands to the next run
    trace: list[TraceEvent] = field(default_factory=list)


class TargetUnavailableError(Exception):
    """The target could not be reached, timed out, or answered 5xx / a SOAP fault.

    The host answers 503 with Retry-After; ``message`` carries the target's own words."""

    def __init__(self, message: str, *, kind: str = "unreachable", retry_after: int = 30) -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind  # "unreachable" | "timeout" | "http" | "soap-fault" | "thrown"
        self.retry_after = retry_after


class ConnectorBackend(Protocol):
    """What the host needs from a connector."""

    def object_types(self) -> list[str]: ...

    def full_import(
        self, object_type: str, *, additional_parameters: Mapping[str, Any] | None = None
    ) -> ImportResult:
        """``additional_parameters`` reach the workflow as MIM's ``additionalParameters``; the
        host passes the run configuration's page size as ``pageSize``."""

    def delta_import(
        self,
        object_type: str,
        custom_data: str | None,
        *,
        additional_parameters: Mapping[str, Any] | None = None,
    ) -> ImportResult | None:
        """None when the template has no Delta Import workflow."""

    def export(
        self,
        object_type: str,
        operation: ExportOperation,
        anchor: str | None,
        attributes: Mapping[str, Any],
    ) -> ExportResult:
        """Run the Add / Replace (whole object) / Delete workflow. ``attributes`` may hold
        ``export_password``; the backend never logs it."""

    def set_password(self, object_type: str, anchor: str, password: str) -> ExportResult:
        """Run the SetPassword workflow for an existing object (MIM's password extension:
        the host calls it after an Add when "Export Password In First Pass" is off, and when
        only ``export_password`` changes). The backend never logs ``password``."""

    def test_connection(self) -> ExportResult: ...
