"""SCIM errors (RFC 7644 §3.12) and the mapping of MIM export statuses onto them."""

from __future__ import annotations

from typing import Any

from connector import backend as b

from .constants import ERROR


class ScimError(Exception):
    """An error the host answers with a SCIM error body; ``status`` is the HTTP status."""

    def __init__(
        self,
        status: int,
        detail: str,
        scim_type: str | None = None,
        *,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.scim_type = scim_type
        self.headers = dict(headers or {})

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"schemas": [ERROR], "status": str(self.status), "detail": self.detail}
        if self.scim_type:
            body["scimType"] = self.scim_type
        return body


def invalid_filter(detail: str) -> ScimError:
    return ScimError(400, detail, "invalidFilter")


def invalid_path(detail: str) -> ScimError:
    return ScimError(400, detail, "invalidPath")


def invalid_value(detail: str) -> ScimError:
    return ScimError(400, detail, "invalidValue")


def invalid_syntax(detail: str) -> ScimError:
    return ScimError(400, detail, "invalidSyntax")


def no_target(detail: str) -> ScimError:
    """RFC 7644 §3.5.2.2: a remove without a path."""
    return ScimError(400, detail, "noTarget")


def not_found(detail: str) -> ScimError:
    return ScimError(404, detail)


def target_unavailable(message: str, retry_after: int) -> ScimError:
    return ScimError(503, message, headers={"Retry-After": str(retry_after)})


# ARCHITECTURE.md "Export status -> SCIM". CustomContinueRun depends on the operation.
_STATUS_400 = {
    b.EXPORT_ERROR_MISSING_ANCHOR_COMPONENT: "invalidValue",
    b.EXPORT_ERROR_MISSING_PROVISIONING_ATTRIBUTE: "invalidValue",
    b.EXPORT_ERROR_INVALID_PROVISIONING_ATTRIBUTE_VALUE: "invalidValue",
    b.EXPORT_ERROR_SYNTAX_VIOLATION: "invalidSyntax",
}


def export_error(operation: str, result: b.ExportResult) -> ScimError:
    """The SCIM answer to a failed export; the detail carries the target's message."""
    message = result.message or result.status
    if result.status == b.EXPORT_ERROR_CUSTOM_CONTINUE_RUN:
        if operation == "Add":
            return ScimError(409, message, "uniqueness")
        if operation == "Delete":
            return ScimError(404, message)
        return ScimError(400, message, "invalidValue")
    if result.status in _STATUS_400:
        return ScimError(400, message, _STATUS_400[result.status])
    return ScimError(500, f"the connector returned the unknown export status {result.status!r}: {message}")
