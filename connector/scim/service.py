"""The Users endpoint of one connector: reads from the connector space, writes through
exports to the connector, exactly as ECMA2Host does (ObjectReplace, configured flows).

No HTTP and no threads are started here; the backend is the only way out.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from connector.backend import ConnectorBackend, ExportOperation, ExportResult, TargetUnavailableError
from connector.config import ConnectorConfig, DeleteFlow, DisableFlow
from connector.space import AnchorLocks, ConnectorSpace, SpaceEntry
from connector.space.sync_state import SyncTimes, note_export, sync_times
from provlab.clock import Clock

from .attributes import AttributeCatalog
from .constants import ACTIVE, EXPORT_PASSWORD
from .discovery import MAX_RESULTS, list_response
from .errors import ScimError, export_error, invalid_filter, invalid_value, not_found, target_unavailable
from .filter import parse_filter
from .messages import ScimResponse
from .patch import parse_patch
from .resources import attributes_from_resource, project, render_user

log = logging.getLogger(__name__)

DEFAULT_COUNT = 100
_NEW_OBJECT_LOCK = "\x00new-without-anchor"


class UsersService:
    """GET / POST / PATCH / DELETE on ``/Users`` for one connector."""

    def __init__(
        self,
        config: ConnectorConfig,
        backend: ConnectorBackend,
        space: ConnectorSpace,
        *,
        clock: Clock,
        locks: AnchorLocks | None = None,
    ) -> None:
        self.config = config
        self.backend = backend
        self.space = space
        self.clock = clock
        self.locks = locks or AnchorLocks()
        self.catalog = AttributeCatalog(config.entry_schema)
        self.deprovisioning = config.entry_schema.deprovisioning
        self._query_attributes = {a.name for a in config.entry_schema.query_attributes}

    # -- reads ---------------------------------------------------------------------------
    def list(self, query: Mapping[str, str], base_url: str) -> ScimResponse:
        start_index = _positive_int(query, "startIndex", 1, minimum=1)
        count = min(_positive_int(query, "count", DEFAULT_COUNT, minimum=0), MAX_RESULTS)
        if query.get("filter", "").strip():
            found = self.space.find(self._criteria(query["filter"]))
        else:
            found = self.space.entries()
        page = found[start_index - 1 : start_index - 1 + count]
        resources = [self._projected(entry, query, base_url) for entry in page]
        return ScimResponse(200, list_response(resources, total=len(found), start_index=start_index))

    def get(self, scim_id: str, query: Mapping[str, str], base_url: str) -> ScimResponse:
        return ScimResponse(200, self._projected(self._existing(scim_id), query, base_url))

    def sync_times(self) -> SyncTimes:
        """When this connector's space last changed (the ECMA2Host ``Last-Successful-*`` headers)."""
        return sync_times(self.space)

    def cache_view(self) -> ScimResponse:
        """The debug view of the connector space (``/scim/cache``)."""
        entries = [
            {"dn": e.dn, "anchor": e.anchor, "attributes": dict(e.attributes)} for e in self.space.entries()
        ]
        return ScimResponse(
            200, {"objectType": self.config.object_type, "count": len(entries), "entries": entries}
        )

    # -- writes --------------------------------------------------------------------------
    def create(self, body: Mapping[str, Any], base_url: str) -> ScimResponse:
        attributes = attributes_from_resource(body, self.catalog)
        self._fold_active(attributes)
        anchor_value = attributes.get(self.catalog.anchor)
        anchor = str(anchor_value) if anchor_value not in (None, "") else None
        with self.locks.hold(anchor or _NEW_OBJECT_LOCK):
            if anchor is not None and self.space.get(anchor) is not None:
                raise ScimError(
                    409, f"{self.config.entry_schema.external_name} {anchor} already exists", "uniqueness"
                )
            password = attributes.get(EXPORT_PASSWORD)
            second_pass = bool(password) and not self.config.capabilities.export_password_in_first_pass
            result = self._export("Add", anchor, _without_password(attributes) if second_pass else attributes)
            final_anchor = result.anchor or anchor
            if not final_anchor:
                raise ScimError(500, "the connector reported success for an Add but returned no anchor")
            stored = {**_without_password(attributes), self.catalog.anchor: final_anchor}
            entry = SpaceEntry(self.config.object_type, final_anchor, stored)
            self.space.put(entry)
            self._note_export()
            if second_pass:
                # the object exists whatever happens to its password: it stays in the cache, so
                # Entra's retry meets 409, matches the user and sends the password again in a PATCH
                self._set_password(final_anchor, str(password))
        resource = self._render(entry, base_url)
        return ScimResponse(201, resource, {"Location": resource["meta"]["location"]})

    def patch(self, scim_id: str, body: Mapping[str, Any], base_url: str) -> ScimResponse:
        changes = parse_patch(body, self.catalog)
        password = changes.pop(EXPORT_PASSWORD, None)
        with self.locks.hold(scim_id):
            entry = self._existing(scim_id)
            if ACTIVE in changes and self.deprovisioning.disable_flow is DisableFlow.DELETE:
                if changes[ACTIVE] is False:
                    self._delete(entry)
                    return ScimResponse(204)
            self._fold_active(changes)
            new_anchor = changes.get(self.catalog.anchor, entry.anchor)
            if new_anchor != entry.anchor:
                raise ScimError(400, f"the anchor {self.catalog.anchor} cannot be renamed", "mutability")
            merged = dict(entry.attributes)
            for name, value in changes.items():
                if value is None:
                    merged.pop(name, None)
                else:
                    merged[name] = value
            first_pass = self.config.capabilities.export_password_in_first_pass
            if merged != dict(entry.attributes):
                # with the password in the first pass, a password that comes with other changes
                # travels in the Replace export (the Replace workflow decides what to do with it)
                exported = {**merged, EXPORT_PASSWORD: password} if password and first_pass else merged
                self._export("Replace", entry.anchor, exported)
                entry = SpaceEntry(entry.object_type, entry.anchor, _without_password(merged))
                self.space.put(entry)
                self._note_export()
                if password and not first_pass:
                    self._set_password(entry.anchor, str(password))
            elif password:  # only the password changed: the SetPassword workflow, no Replace
                self._set_password(entry.anchor, str(password))
        return ScimResponse(200, self._render(entry, base_url))

    def delete(self, scim_id: str) -> ScimResponse:
        with self.locks.hold(scim_id):
            entry = self._existing(scim_id)
            # The Delete flow None answers 204 and leaves the target and the cache as they are.
            if self.deprovisioning.delete_flow is DeleteFlow.DELETE:
                self._delete(entry)
        return ScimResponse(204)

    # -- helpers -------------------------------------------------------------------------
    def _delete(self, entry: SpaceEntry) -> None:
        """The Delete export; the entry leaves the connector space when the target no longer has it."""
        try:
            self._export("Delete", entry.anchor, entry.attributes)
        except ScimError as error:
            if error.status == 404:  # the target no longer has it: the cache was stale
                self.space.remove(entry.anchor)
            raise
        self.space.remove(entry.anchor)
        self._note_export()

    def _fold_active(self, attributes: dict[str, Any]) -> None:
        """``active`` is not a connector attribute: it drives the Disable flow. With
        SetAttributeValue it is copied into the configured Boolean attribute."""
        if ACTIVE not in attributes:
            return
        active = attributes.pop(ACTIVE)
        if self.deprovisioning.disable_flow is DisableFlow.SET_ATTRIBUTE and active is not None:
            attributes[self.deprovisioning.soft_delete_status_attribute] = active

    def _export(
        self, operation: ExportOperation, anchor: str | None, attributes: Mapping[str, Any]
    ) -> ExportResult:
        try:
            result = self.backend.export(self.config.object_type, operation, anchor, attributes)
        except TargetUnavailableError as exc:
            log.warning("%s export of %s: target unavailable: %s", operation, anchor, exc.message)
            raise target_unavailable(exc.message, exc.retry_after) from None
        if not result.ok:
            log.info("%s export of %s failed: %s %s", operation, anchor, result.status, result.message)
            raise export_error(operation, result)
        return result

    def _set_password(self, anchor: str, password: str) -> None:
        """The SetPassword export of an existing object; never logs the password."""
        try:
            result = self.backend.set_password(self.config.object_type, anchor, password)
        except TargetUnavailableError as exc:
            log.warning("SetPassword export of %s: target unavailable: %s", anchor, exc.message)
            raise target_unavailable(exc.message, exc.retry_after) from None
        if not result.ok:
            log.info("SetPassword export of %s failed: %s %s", anchor, result.status, result.message)
            raise export_error("SetPassword", result)
        self._note_export()

    def _criteria(self, filter_text: str) -> dict[str, Any]:
        criteria: dict[str, Any] = {}
        for clause in parse_filter(filter_text):
            attribute = (
                self.catalog.anchor
                if clause.attribute.lower() == "id"
                else self.catalog.lookup(clause.attribute)
            )
            if attribute not in self._query_attributes:
                allowed = ", ".join(sorted(self._query_attributes))
                raise invalid_filter(
                    f"{clause.attribute!r} is not a query attribute of this connector; use {allowed}"
                )
            criteria[attribute] = self.catalog.coerce(attribute, clause.value)
        return criteria

    def _existing(self, scim_id: str) -> SpaceEntry:
        entry = self.space.get(scim_id)
        if entry is None:
            raise not_found(f"Resource {scim_id} not found")
        return entry

    def _render(self, entry: SpaceEntry, base_url: str) -> dict[str, Any]:
        active_attribute = (
            self.deprovisioning.soft_delete_status_attribute
            if self.deprovisioning.disable_flow is DisableFlow.SET_ATTRIBUTE
            else None
        )
        return render_user(
            entry.anchor,
            entry.attributes,
            self.catalog,
            location=f"{base_url}/Users/{entry.anchor}",
            active_attribute=active_attribute,
        )

    def _projected(self, entry: SpaceEntry, query: Mapping[str, str], base_url: str) -> dict[str, Any]:
        return project(
            self._render(entry, base_url),
            self.catalog,
            _names(query.get("attributes")),
            _names(query.get("excludedAttributes")),
        )

    def _note_export(self) -> None:
        note_export(self.space, self.clock.now())


def _without_password(attributes: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in attributes.items() if k != EXPORT_PASSWORD}


def _names(raw: str | None) -> list[str]:
    return [n for n in (raw or "").split(",") if n.strip()]


def _positive_int(query: Mapping[str, str], name: str, default: int, *, minimum: int) -> int:
    raw = query.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise invalid_value(f"{name} must be a whole number, not {raw!r}") from None
    return max(value, minimum)
