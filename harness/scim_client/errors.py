"""Failures of SCIM calls, carrying what Entra's provisioning logs show: an error code in
Entra's ``SystemForCrossDomainIdentityManagement…`` family, the HTTP status and the
target's own message."""

from __future__ import annotations

from dataclasses import dataclass

CODE_PREFIX = "SystemForCrossDomainIdentityManagement"

# HTTP status → the suffix Entra's logs use for the SCIM connector (provisioning logs docs).
_STATUS_CODES = {
    400: "BadRequest",
    401: "Unauthorized",
    403: "InsufficientRights",
    404: "NotFound",
    405: "MethodNotAllowed",
    409: "EntryConflict",
    422: "UnprocessableEntity",
    429: "TooManyRequests",
    500: "InternalServerError",
    501: "NotImplemented",
    503: "ServiceUnavailable",
}


@dataclass(eq=False)
class ScimCallError(Exception):
    """A SCIM request that did not succeed. ``status`` is None when no response came back."""

    method: str
    url: str
    status: int | None
    code: str
    message: str
    response_text: str = ""
    retry_after: str | None = None

    def __str__(self) -> str:
        where = f"{self.method} {self.url}"
        status = f"HTTP {self.status}" if self.status is not None else "no response"
        return f"{self.code}: {where} failed ({status}): {self.message}"

    @property
    def transient(self) -> bool:
        """Failures Entra retries soon (timeouts, 5xx, throttling) rather than on the long schedule."""
        return self.status is None or self.status >= 500 or self.status == 429


def code_for_status(status: int) -> str:
    return CODE_PREFIX + _STATUS_CODES.get(status, "WebExceptionProtocolError")


SERVICE_INCOMPATIBLE = CODE_PREFIX + "ServiceIncompatible"
MULTIPLE_ENTRIES = CODE_PREFIX + "MultipleEntriesInResponse"
CREDENTIAL_UNAVAILABLE = CODE_PREFIX + "CredentialValidationUnavailable"
CREDENTIAL_FAILURE = CODE_PREFIX + "CredentialValidationFailure"
TIMEOUT = CODE_PREFIX + "Timeout"
UNREACHABLE = CODE_PREFIX + "WebExceptionProtocolError"
