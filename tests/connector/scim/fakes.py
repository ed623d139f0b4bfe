"""An in-memory connector backend that answers the way the SAP template does.

Add on an existing user -> ExportErrorCustomContinueRun "User X already exists" (SAP 224);
Replace/Delete of an unknown user -> ExportErrorCustomContinueRun "User X does not exist"
(SAP 124); a missing anchor -> ExportErrorMissingAnchorComponent; a missing lastName ->
ExportErrorMissingProvisioningAttribute; ``unavailable`` -> TargetUnavailableError;
SetPassword of an unknown user -> ExportErrorCustomContinueRun, of a password shorter than 6 ->
ExportErrorInvalidProvisioningAttributeValue.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Mapping
from typing import Any

from connector import backend as b


class FakeSapBackend:
    def __init__(
        self,
        users: Mapping[str, Mapping[str, Any]] | None = None,
        *,
        delta: bool = False,
        required: tuple[str, ...] = ("lastName",),
    ) -> None:
        self.required = required
        self.users: dict[str, dict[str, Any]] = {k: dict(v) for k, v in (users or {}).items()}
        self.passwords: dict[str, str] = {}
        self.calls: list[tuple[str, str | None, dict[str, Any]]] = []
        self.adds: Counter[str] = Counter()
        self.unavailable: str | None = None
        self.delay = 0.0
        self.supports_delta = delta
        self.delta_entries: list[b.ImportedEntry] = []
        self.watermarks: list[str | None] = []
        self.import_gate: threading.Event | None = None
        self.full_imports = 0
        self.import_parameters: list[dict[str, Any]] = []
        self._lock = threading.Lock()

    # -- the ConnectorBackend protocol -------------------------------------------------------
    def object_types(self) -> list[str]:
        return ["User"]

    def full_import(self, object_type: str, *, additional_parameters=None) -> b.ImportResult:
        self.import_parameters.append(dict(additional_parameters or {}))
        if self.import_gate is not None:
            self.import_gate.wait(5)
        self._check_available()
        with self._lock:
            self.full_imports += 1
            entries = [
                b.ImportedEntry(object_type, anchor, dict(attrs)) for anchor, attrs in self.users.items()
            ]
        # Like a template with a Delta Import, the full import hands over the first watermark.
        return b.ImportResult(entries, custom_data="after-full" if self.supports_delta else None)

    def delta_import(
        self, object_type: str, custom_data: str | None, *, additional_parameters=None
    ) -> b.ImportResult | None:
        self.import_parameters.append(dict(additional_parameters or {}))
        if not self.supports_delta:
            return None
        self._check_available()
        self.watermarks.append(custom_data)
        entries, self.delta_entries = self.delta_entries, []
        return b.ImportResult(entries, custom_data=f"w{len(self.watermarks)}")

    def export(self, object_type: str, operation: str, anchor: str | None, attributes: Mapping[str, Any]):
        self._check_available()
        if self.delay:
            time.sleep(self.delay)
        with self._lock:
            self.calls.append((operation, anchor, dict(attributes)))
            return getattr(self, f"_{operation.lower()}")(anchor, dict(attributes))

    def set_password(self, object_type: str, anchor: str, password: str) -> b.ExportResult:
        self._check_available()
        with self._lock:
            self.calls.append(("SetPassword", anchor, {}))
            if anchor not in self.users:
                return b.ExportResult(b.EXPORT_ERROR_CUSTOM_CONTINUE_RUN, f"User {anchor} does not exist")
            if len(password) < 6:
                return b.ExportResult(
                    b.EXPORT_ERROR_INVALID_PROVISIONING_ATTRIBUTE_VALUE, "the password is too short"
                )
            self.passwords[anchor] = password
            return b.ExportResult(b.SUCCESS, anchor=anchor)

    def test_connection(self) -> b.ExportResult:
        self._check_available()
        return b.ExportResult(b.SUCCESS, "connected")

    # -- SAP-like rules ----------------------------------------------------------------------
    def _add(self, anchor: str | None, attributes: dict[str, Any]) -> b.ExportResult:
        if not anchor:
            return b.ExportResult(b.EXPORT_ERROR_MISSING_ANCHOR_COMPONENT, "userName is required")
        for name in self.required:
            if not attributes.get(name):
                return b.ExportResult(b.EXPORT_ERROR_MISSING_PROVISIONING_ATTRIBUTE, f"{name} is required")
        if anchor in self.users:
            return b.ExportResult(b.EXPORT_ERROR_CUSTOM_CONTINUE_RUN, f"User {anchor} already exists")
        password = attributes.pop("export_password", None)
        if password:
            self.passwords[anchor] = password
        self.users[anchor] = attributes
        self.adds[anchor] += 1
        return b.ExportResult(b.SUCCESS, anchor=anchor)

    def _replace(self, anchor: str | None, attributes: dict[str, Any]) -> b.ExportResult:
        if anchor not in self.users:
            return b.ExportResult(b.EXPORT_ERROR_CUSTOM_CONTINUE_RUN, f"User {anchor} does not exist")
        attributes.pop("export_password", None)
        self.users[anchor] = attributes  # ObjectReplace: the whole object
        return b.ExportResult(b.SUCCESS, anchor=anchor)

    def _delete(self, anchor: str | None, attributes: dict[str, Any]) -> b.ExportResult:
        if anchor not in self.users:
            return b.ExportResult(b.EXPORT_ERROR_CUSTOM_CONTINUE_RUN, f"User {anchor} does not exist")
        del self.users[anchor]
        return b.ExportResult(b.SUCCESS, anchor=anchor)

    def _check_available(self) -> None:
        if self.unavailable:
            raise b.TargetUnavailableError(self.unavailable, retry_after=17)

    def exports(self) -> list[str]:
        return [operation for operation, _, _ in self.calls]
