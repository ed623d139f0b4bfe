"""Processing one source user as Entra does: import, scope, match, then create, update,
disable, delete or skip, producing the steps Entra shows (on demand and in the logs).

The only I/O is the SCIM client; state changes are returned (``link``), not applied, so the
cycle engine can apply them under its lock and the same code serves on-demand runs.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from harness.directory import SOFT_DELETED, SourceUser, bool_text, is_soft_deleted, source_attributes
from harness.scim_client import ScimCallError, ScimClient, diff, flatten_resource
from harness.scim_client.wire import as_text

from . import records as r
from .records import ErrorInfo, Step
from .rules import ProvisioningRules
from .state import Link

DROP = "drop"  # the outcome's link value that removes a link

OUTCOME_TEXT = {
    r.CREATE: "Successfully created user in target system",
    r.UPDATE: "Successfully updated user in target system",
    r.DISABLE: "Successfully disabled user in target system",
    r.DELETE: "Successfully deleted user in target system",
}
_VERBS = {
    r.CREATE: "create",
    r.UPDATE: "update",
    r.DISABLE: "disable",
    r.DELETE: "delete",
    r.OTHER: "process",
}
_EXPORT_NAMES = {
    r.CREATE: "EntryExportAdd",
    r.UPDATE: "EntryExportUpdate",
    r.DISABLE: "EntryExportUpdateSoftDelete",
    r.DELETE: "EntryExportDelete",
}


@dataclass(frozen=True)
class Scope:
    """Where a user stands: the on-demand "Determine if user is in scope" facts."""

    assigned: bool
    active: bool
    in_filters: bool
    soft_deleted: bool
    entitled: bool  # assigned (or sync all) and passing the scoping filters
    attributes: dict[str, Any]
    changed: frozenset[str] | None = None  # source attributes changed in this sync; None: unknown


def evaluate_scope(user: SourceUser, rules: ProvisioningRules) -> Scope:
    in_filters = bool(rules.in_scope(source_attributes(user, soft_deleted=False)))
    soft = is_soft_deleted(user, in_scope=in_filters, sync_all=rules.sync_all)
    return Scope(
        assigned=user.assigned,
        active=user.accountEnabled and not user.soft_deleted,
        in_filters=in_filters,
        soft_deleted=soft,
        entitled=(rules.sync_all or user.assigned) and in_filters,
        attributes=source_attributes(user, soft_deleted=soft),
    )


def planned_deprovision(user: SourceUser, link: Link | None, rules: ProvisioningRules) -> str | None:
    """``disable`` or ``delete`` when processing the user will deprovision it (no I/O), else
    None. The accidental-deletion threshold counts these before anything is sent."""
    if link is None:
        return None
    scope = evaluate_scope(user, rules)
    if user.hard_deleted:
        return r.DELETE if scope.entitled and "Delete" in rules.actions else None
    if scope.soft_deleted and not link.soft_deleted and "Update" in rules.actions:
        return r.DISABLE
    return None


@dataclass
class UserOutcome:
    """What processing one user did; ``link`` is the new link, :data:`DROP`, or None (unchanged)."""

    user: SourceUser
    action: str
    status: str
    message: str
    steps: list[Step]
    target_id: str | None = None
    link: Link | str | None = None
    changes: list[tuple[str, Any, Any]] = field(default_factory=list)
    exported: dict[str, Any] = field(default_factory=dict)
    error: ErrorInfo | None = None
    failure: ScimCallError | None = None
    duration_ms: int = 0


class _MappingFailure(Exception):
    """A mapping could not be evaluated for this user (bad expression, escrowing function)."""


class UserProcessor:
    """Runs the steps for one user against the target through ``client``."""

    def __init__(self, client: ScimClient, rules: ProvisioningRules) -> None:
        self.client = client
        self.rules = rules

    def process(
        self, user: SourceUser, link: Link | None, changed: frozenset[str] | None = None
    ) -> UserOutcome:
        """``changed``: source attributes changed since the last sync (None: unknown, all)."""
        started = time.monotonic()
        scope = evaluate_scope(user, self.rules)
        if changed is not None and scope.soft_deleted != (link.soft_deleted if link else False):
            changed = changed | {SOFT_DELETED}  # scope moved, e.g. a filtered attribute changed
        scope = dataclasses.replace(scope, changed=changed)
        kind = "Delete" if user.hard_deleted else ("Update" if link else "Add")
        steps = [self._import_step(user, kind, scope), self._scoping_step(scope)]
        try:
            outcome = self._decide(user, link, scope, steps)
        except ScimCallError as error:
            outcome = self._failed(user, steps, link, scope, error)
        except _MappingFailure as error:
            info = ErrorInfo("AttributeMappingEvaluationFailed", str(error), "nonServiceFailure")
            outcome = self._ended(
                user, steps, r.OTHER, r.FAILURE, f"Failed to evaluate the mappings: {error}"
            )
            outcome.error = info
        outcome.duration_ms = int((time.monotonic() - started) * 1000)
        return outcome

    # decisions ------------------------------------------------------------------------------
    def _decide(self, user: SourceUser, link: Link | None, scope: Scope, steps: list[Step]) -> UserOutcome:
        if user.hard_deleted:
            return self._hard_delete(user, link, scope, steps)
        resource = None
        if link is not None:
            resource = self.client.get_user(link.target_id)
            if resource is None:  # deleted in the target: match or create again
                link = None
        if link is not None and resource is not None:
            steps.append(
                self._matching_step(
                    "EntrySynchronizationUpdate",
                    f"User '{user.userPrincipalName}' is linked to target id '{link.target_id}'",
                    {"Linked target id": link.target_id},
                )
            )
            return self._update(user, link, resource, scope, steps)
        if scope.soft_deleted:
            reason = "the user is not in scope (not assigned, filtered out, disabled or deleted)"
            steps.append(
                self._matching_step("EntrySynchronizationSkipped", f"Skipped: {reason}", {}, r.SKIPPED)
            )
            return self._skipped(user, steps, "NotEffectivelyEntitled", reason)
        desired = self._evaluate(scope, is_new=True, current=None)
        found, details = self._match(desired)
        target = self.rules.target_name
        if found is None:
            steps.append(
                self._matching_step(
                    "EntrySynchronizationAdd",
                    f"User '{user.userPrincipalName}' will be created in {target} (User is active and "
                    f"assigned in Microsoft Entra ID, but no matching User was found in {target})",
                    details,
                )
            )
            return self._create(user, desired, steps)
        steps.append(
            self._matching_step(
                "EntrySynchronizationUpdate",
                f"User '{user.userPrincipalName}' matched User '{found['id']}' in {self.rules.target_name}",
                details,
            )
        )
        return self._update(user, Link(str(found["id"])), found, scope, steps)

    def _match(self, desired: Mapping[str, Any]) -> tuple[dict[str, Any] | None, dict[str, Any]]:
        """One query per matching attribute, in precedence order, until one finds the user."""
        details: dict[str, Any] = {}
        queried = False
        for attribute in self.rules.matching_attributes:
            value = desired.get(attribute)
            if value in (None, ""):
                details[attribute] = "no value (skipped)"
                continue
            queried = True
            found = self.client.find_user(attribute, as_text(value) or "")
            details[attribute] = f"{as_text(value)} ({'matched' if found else 'no match'})"
            if found is not None:
                return found, details
        if not queried:
            raise _MappingFailure(
                "every matching attribute evaluated to null; each user needs a value for at least one"
            )
        return None, details

    def _create(self, user: SourceUser, desired: dict[str, Any], steps: list[Step]) -> UserOutcome:
        if "Add" not in self.rules.actions:
            return self._skipped(user, steps, "ActionNotEnabled", "the Create target action is disabled")
        created = self.client.create_user(desired)
        values = {k: v for k, v in desired.items() if v is not None}
        outcome = self._exported(user, steps, r.CREATE, str(created["id"]), values)
        outcome.link = Link(str(created["id"]), soft_deleted=False)
        outcome.changes = [(k, None, v) for k, v in values.items()]
        return outcome

    def _update(
        self, user: SourceUser, link: Link, resource: dict[str, Any], scope: Scope, steps: list[Step]
    ) -> UserOutcome:
        desired = self._evaluate(scope, is_new=False, current=flatten_resource(resource))
        changes = diff(desired, resource)
        new_link = Link(link.target_id, soft_deleted=scope.soft_deleted)
        if not changes:
            outcome = self._skipped(
                user, steps, "RedundantExport", "the target already holds every mapped value"
            )
            outcome.target_id, outcome.link = link.target_id, new_link
            return outcome
        if "Update" not in self.rules.actions:
            outcome = self._skipped(user, steps, "ActionNotEnabled", "the Update target action is disabled")
            outcome.target_id, outcome.link = link.target_id, Link(link.target_id, link.soft_deleted)
            return outcome
        self.client.patch_user(link.target_id, changes)
        action = r.DISABLE if scope.soft_deleted and not link.soft_deleted else r.UPDATE
        outcome = self._exported(user, steps, action, link.target_id, {c.name: c.new for c in changes})
        outcome.link = new_link
        outcome.changes = [(c.name, c.old, c.new) for c in changes]
        return outcome

    def _hard_delete(
        self, user: SourceUser, link: Link | None, scope: Scope, steps: list[Step]
    ) -> UserOutcome:
        if link is None:
            return self._skipped(
                user, steps, "NotProvisioned", "the user was never provisioned to the target"
            )
        if not scope.entitled:
            outcome = self._skipped(
                user,
                steps,
                "NotEffectivelyEntitled",
                "the user left scope before deletion; no DELETE is sent",
            )
            outcome.link = DROP
            return outcome
        if "Delete" not in self.rules.actions:
            outcome = self._skipped(user, steps, "ActionNotEnabled", "the Delete target action is disabled")
            outcome.link = DROP
            return outcome
        steps.append(
            self._matching_step(
                "EntrySynchronizationDelete",
                f"User '{user.userPrincipalName}' will be deleted from {self.rules.target_name}",
                {"Linked target id": link.target_id},
            )
        )
        try:
            self.client.delete_user(link.target_id)
        except ScimCallError as error:
            if error.status != 404:  # already gone is what a delete wants
                raise
        outcome = self._exported(user, steps, r.DELETE, link.target_id, {})
        outcome.link = DROP
        return outcome

    # outcomes and steps -----------------------------------------------------------------------
    def _evaluate(self, scope: Scope, *, is_new: bool, current: dict[str, Any] | None) -> dict[str, Any]:
        try:
            return dict(self.rules.evaluate(scope.attributes, is_new, current, scope.changed))
        except Exception as error:  # a customer's mapping must fail one user, never the cycle
            raise _MappingFailure(str(error)) from error

    def _exported(
        self, user: SourceUser, steps: list[Step], action: str, target_id: str, values: dict[str, Any]
    ) -> UserOutcome:
        shown = {
            k: r.REDACTED if r.is_redacted(k, self.rules.redacted_attributes) else v
            for k, v in values.items()
        }
        verb = {r.CREATE: "Created", r.DELETE: "Deleted", r.DISABLE: "Disabled"}.get(action, "Updated")
        steps.append(
            Step(
                "Perform action",
                _EXPORT_NAMES[action],
                "export",
                r.SUCCESS,
                f"{verb} User '{user.userPrincipalName}' in {self.rules.target_name}",
                {"Target id": target_id, **shown},
            )
        )
        return UserOutcome(user, action, r.SUCCESS, OUTCOME_TEXT[action], steps, target_id, exported=shown)

    def _skipped(self, user: SourceUser, steps: list[Step], code: str, reason: str) -> UserOutcome:
        steps.append(
            Step("Perform action", "EntrySynchronizationSkipped", "export", r.SKIPPED, f"Skipped: {reason}")
        )
        outcome = self._ended(user, steps, r.OTHER, r.SKIPPED, f"User was skipped: {reason}")
        outcome.error = ErrorInfo(code, reason, "nonServiceFailure")
        return outcome

    def _failed(
        self, user: SourceUser, steps: list[Step], link: Link | None, scope: Scope, error: ScimCallError
    ) -> UserOutcome:
        action = r.DELETE if user.hard_deleted else (r.UPDATE if link else r.CREATE)
        if action == r.UPDATE and scope.soft_deleted and link is not None and not link.soft_deleted:
            action = r.DISABLE
        verb = _VERBS[action]
        steps.append(
            Step(
                "Perform action",
                _EXPORT_NAMES[action],
                "export",
                r.FAILURE,
                f"Failed to {verb} User '{user.userPrincipalName}' in {self.rules.target_name}",
                {
                    "Request": f"{error.method} {error.url}",
                    "Status": error.status,
                    "Web Response": error.message,
                },
            )
        )
        outcome = self._ended(
            user, steps, action, r.FAILURE, f"Failed to {verb} user in target system: {error.message}"
        )
        outcome.failure = error
        outcome.target_id = link.target_id if link else None
        category = (
            "nonServiceFailure" if error.status is not None and 400 <= error.status < 500 else "failure"
        )
        outcome.error = ErrorInfo(error.code, str(error), category)
        return outcome

    @staticmethod
    def _ended(user: SourceUser, steps: list[Step], action: str, status: str, message: str) -> UserOutcome:
        return UserOutcome(user, action, status, message, steps)

    def _import_step(self, user: SourceUser, kind: str, scope: Scope) -> Step:
        return Step(
            "Import user",
            f"EntryImport{kind}",
            "import",
            r.SUCCESS,
            f"Received User '{user.userPrincipalName}' change of type ({kind}) from Microsoft Entra ID",
            dict(scope.attributes),
        )

    def _scoping_step(self, scope: Scope) -> Step:
        return Step(
            "Determine if user is in scope",
            "EntrySynchronizationScoping",
            "scoping",
            r.SKIPPED if scope.soft_deleted else r.SUCCESS,
            "Determine if User is in scope by evaluating against each scoping filter",
            {
                "Active in source system": bool_text(scope.active),
                "Assigned to application": bool_text(scope.assigned),
                "Scope sync all": bool_text(self.rules.sync_all),
                "User has required role": bool_text(scope.assigned or self.rules.sync_all),
                "Scoping filter evaluation passed": bool_text(scope.in_filters),
                "Scoping filters": self.rules.scoping_description,
            },
        )

    def _matching_step(
        self, name: str, description: str, details: dict[str, Any], status: str = r.SUCCESS
    ) -> Step:
        return Step("Match user between source and target", name, "matching", status, description, details)
