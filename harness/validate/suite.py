"""The standard suite: Entra's life of a user, run with the customer's files against the simulator.

The customer's mappings drive the provisioning engine (as Entra would evaluate them), the
customer's host configuration and template run in a real host, and the SAP simulator is the
target. After every step the host re-imports the target and the suite compares what the
target holds with what the mappings say it should hold.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import requests

from connector import DeleteFlow, DisableFlow
from harness.directory import Directory
from harness.directory.model import SourceUser, source_attributes
from harness.mappings import MappingSet, SchemasError, check_against_schemas
from harness.orchestration import Lab, LabOptions
from harness.provisioning import ProvisioningEngine
from harness.reports.wording import counted
from harness.scim_client import ScimCallError, ScimClient, decoded_body, flatten_resource
from provlab.clock import SYSTEM_CLOCK, FixedClock

from .crosscheck import EXPORT_PASSWORD, status_mappings, target_attribute
from .inputs import Inputs
from .results import CheckResult, Issue

LAB_START = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)  # the simulator's "today": the same dates every run

SUITE_UPN, MATCHED_UPN = "labcheck1@contoso.example", "labcheck2@contoso.example"
SUITE_USER = {
    "givenName": "Lab",
    "surname": "Check",
    "mail": "labcheck1@contoso.example",
    "department": "Validation",
    "city": "Walldorf",
    "companyName": "Contoso",
    "telephoneNumber": "+49 6227 7474",
    "jobTitle": "Tester",
}
MATCHED_USER = {**SUITE_USER, "mail": MATCHED_UPN}
UPDATE = {"department": "Audit", "city": "Bonn"}


class StepFailed(Exception):
    """A suite step found a problem; later steps that need its result are skipped."""

    def __init__(self, issue: Issue) -> None:
        super().__init__(str(issue))
        self.issue = issue


def lab_options(
    inputs: Inputs, *, target_url: str | None = None, target_session: requests.Session | None = None
) -> LabOptions:
    """The lab on the customer's files: Entra runs the customer's mappings one user at a time, the host
    the customer's configuration and template, against the simulator (on a fixed clock) or
    ``target_url``."""
    return LabOptions(
        host_config=inputs.config_path,
        template=inputs.template_path,
        connector=inputs.config.name,
        clock=FixedClock(LAB_START) if target_url is None else SYSTEM_CLOCK,
        mapping_set=inputs.mappings,
        workers=1,
        target_url=target_url,
        target_session=target_session,
    )


@dataclass
class SuiteRun:
    """The state the steps share: the lab (its Entra side runs the customer's mappings), and the
    suite's users."""

    inputs: Inputs
    lab: Lab
    mappings: MappingSet
    users: dict[str, SourceUser] = field(default_factory=dict)

    @property
    def directory(self) -> Directory:
        return self.lab.entra.directory

    @property
    def engine(self) -> ProvisioningEngine:
        return self.lab.entra.engine

    @property
    def client(self) -> ScimClient:
        return self.lab.entra.client

    # -- helpers shared by the steps ------------------------------------------------------------
    def cycle(self, user: SourceUser, step: str) -> dict[str, Any]:
        """Run a provisioning cycle; the user's log record, or StepFailed with Entra's reason."""
        report = self.engine.run_cycle()
        if report.status != "completed":
            raise StepFailed(Issue(f"{step}: the cycle {report.status}: {report.message}", _FIX_CYCLE))
        record = next((r for r in report.records if r["sourceIdentity"]["id"] == user.id), None)
        if record is None:
            raise StepFailed(Issue(f"{step}: the cycle did not process {user.userPrincipalName}", _FIX_SCOPE))
        info = record["provisioningStatusInfo"]
        if info["status"] == "failure":
            reason = (info.get("errorInformation") or {}).get("reason", "").split(" Web Response:", 1)[0]
            raise StepFailed(Issue(f"{step}: {record['provisioningAction']} failed: {reason}", _FIX_CYCLE))
        return record

    def target_id(self, user: SourceUser) -> str:
        link = self.engine.state.links.get(user.id)
        if link is None:
            raise StepFailed(Issue(f"Entra holds no link for {user.userPrincipalName}", _FIX_CYCLE))
        return link.target_id

    def expect_in_target(self, user: SourceUser, step: str, *, soft_deleted: bool, is_new: bool) -> str:
        """After a re-import, the target holds the values the mappings give; returns what was checked."""
        self.lab.host.full_import()
        resource = self.client.get_user(self.target_id(user))
        if resource is None:
            raise StepFailed(
                Issue(
                    f"{step}: {user.userPrincipalName} is not in the target after a full import", _FIX_IMPORT
                )
            )
        held = {k.lower(): v for k, v in flatten_resource(resource).items()}
        expected = self.mappings.evaluate(source_attributes(user, soft_deleted=soft_deleted), is_new=is_new)
        differences, checked = [], []
        for target, value in expected.items():
            mapping = self.mappings.mapping_for(target)
            attribute = target_attribute(mapping, self.inputs.config) if mapping else None
            if value is None or attribute is None or attribute.name == EXPORT_PASSWORD:
                continue
            full = target if target.lower().startswith("urn:") else f"{_URN}:{target}"
            got = held.get(full.lower(), held.get(attribute.name.lower()))
            checked.append(attribute.name)
            if str(got) != str(value):
                differences.append(f"{attribute.name} is {got!r}, the mappings give {value!r}")
        if differences:
            raise StepFailed(Issue(f"{step}: in the target " + "; ".join(differences), _FIX_IMPORT))
        status = {target_attribute(m, self.inputs.config) for m in status_mappings(self.mappings)}
        shown = ", ".join(f"{a.name} {held.get(f'{_URN}:{a.name}'.lower())}" for a in status if a is not None)
        return f"{counted(len(checked), 'attribute')} as mapped" + (f" ({shown})" if shown else "")

    def expect_absent(self, target_id: str, step: str) -> str:
        self.lab.host.full_import()
        if self.client.get_user(target_id) is not None:
            raise StepFailed(
                Issue(f"{step}: {target_id} is still in the target after a full import", _FIX_DELETE)
            )
        return f"{target_id} is gone from the target"


_URN = "urn:ietf:params:scim:schemas:extension:ECMA2Host:2.0:User"
_FIX_CYCLE = (
    "check the mappings and the template's export workflows "
    "(provlab connector serve --record shows the traffic)"
)
_FIX_SCOPE = "the suite's users are assigned; check the mappings' scoping filters"
_FIX_IMPORT = "check the template's Add/Replace and Full Import workflows for this attribute"
_FIX_SCHEMAS = "select the attribute in the host configuration (<AttributeSchema>), or change the mapping"
_FIX_DELETE = "check the template's Delete workflow and the host's <HardDelete>"


# -- the steps ----------------------------------------------------------------------------------
def step_test_connection(run: SuiteRun) -> str:
    attribute = run.engine.rules.matching_attributes[0]
    try:
        run.client.test_connection(attribute)
    except ScimCallError as error:
        raise StepFailed(
            Issue(
                f"Entra's probe on {attribute} failed: {error}",
                "make the first matching attribute a query attribute",
            )
        ) from None
    return f"GET ?filter on {attribute.rsplit(':', 1)[-1]} answers an empty list"


def step_schema_discovery(run: SuiteRun) -> str:
    """What Entra's attribute list shows: the host's ``/Schemas``, with every mapping checked against it."""
    response = run.lab.scim_request("GET", "/Schemas")
    try:
        problems = check_against_schemas(run.mappings, decoded_body(response))
    except SchemasError as error:
        raise StepFailed(
            Issue(f"GET /Schemas answered {response.status_code}: {error}", _FIX_SCHEMAS)
        ) from None
    errors = [p for p in problems if p.level == "error"]
    if errors:
        raise StepFailed(
            Issue("the host's /Schemas refuses " + "; ".join(str(p) for p in errors), _FIX_SCHEMAS)
        )
    return (
        f"{counted(len(run.mappings.attribute_mappings), 'mapping')} on attributes the host's /Schemas lists"
    )


def step_create(run: SuiteRun) -> str:
    user = run.users["main"] = run.directory.new_user(SUITE_UPN, **SUITE_USER)
    record = run.cycle(user, "create")
    if record["provisioningAction"] != "create":
        raise StepFailed(
            Issue(f"create: expected a create, Entra logged {record['provisioningAction']}", _FIX_CYCLE)
        )
    return f"{run.target_id(user)} created; " + run.expect_in_target(
        user, "create", soft_deleted=False, is_new=True
    )


def step_match(run: SuiteRun) -> str:
    user = run.users["matched"] = run.directory.new_user(MATCHED_UPN, **MATCHED_USER)
    values = run.mappings.evaluate(source_attributes(user, soft_deleted=False), is_new=True)
    try:
        existing = run.client.create_user({k: v for k, v in values.items() if v is not None})
    except ScimCallError as error:
        raise StepFailed(
            Issue(f"match: could not create the pre-existing user: {error}", _FIX_CYCLE)
        ) from None
    record = run.cycle(user, "match")
    if record["provisioningAction"] == "create" or run.target_id(user) != existing["id"]:
        raise StepFailed(
            Issue(
                f"match: Entra did not find the existing {existing['id']} and logged a "
                f"{record['provisioningAction']}",
                "match on the anchor: give its mapping matching precedence 1",
            )
        )
    return f"existing {existing['id']} matched, not created"


def step_update(run: SuiteRun) -> str:
    user = run.directory.update(run.users["main"].id, **UPDATE)
    run.cycle(user, "update")
    return run.expect_in_target(user, "update", soft_deleted=False, is_new=False)


def step_soft_delete(run: SuiteRun) -> str:
    user = run.directory.soft_delete(run.users["main"].id)
    target_id = run.target_id(user)
    run.cycle(user, "soft delete")
    if run.inputs.config.entry_schema.deprovisioning.disable_flow is DisableFlow.DELETE:
        return run.expect_absent(target_id, "soft delete")
    return run.expect_in_target(user, "soft delete", soft_deleted=True, is_new=False)


def step_restore(run: SuiteRun) -> str:
    user = run.directory.restore(run.users["main"].id)
    run.cycle(user, "restore")
    return run.expect_in_target(user, "restore", soft_deleted=False, is_new=False)


def step_delete(run: SuiteRun) -> str:
    user = run.directory.hard_delete(run.users["main"].id)
    target_id = run.target_id(user)
    run.cycle(user, "delete")
    if run.inputs.config.entry_schema.deprovisioning.delete_flow is DeleteFlow.NONE:
        return f"delete flow None: {target_id} stays in the target, as configured"
    return run.expect_absent(target_id, "delete")


STANDARD_SUITE: tuple[tuple[str, Callable[[SuiteRun], str]], ...] = (
    ("suite: test connection", step_test_connection),
    ("suite: schema discovery", step_schema_discovery),
    ("suite: create", step_create),
    ("suite: match", step_match),
    ("suite: update", step_update),
    ("suite: soft delete (expirationTime / disable flow)", step_soft_delete),
    ("suite: restore", step_restore),
    ("suite: delete", step_delete),
)
_NEEDS_CREATE = {
    "suite: update",
    "suite: soft delete (expirationTime / disable flow)",
    "suite: restore",
    "suite: delete",
}


def run_suite(
    inputs: Inputs, *, target_url: str | None = None, target_session: requests.Session | None = None
) -> list[CheckResult]:
    """Run :data:`STANDARD_SUITE` in a fresh lab on the customer's configuration and template, against
    the simulator or (``target_url``) the customer's own target."""
    results: list[CheckResult] = []
    try:
        lab = Lab(lab_options(inputs, target_url=target_url, target_session=target_session))
    except Exception as exc:  # noqa: BLE001 - any start failure is the customer's to read
        result = CheckResult("suite: start the lab", "suite")
        result.issues.append(Issue(f"the host did not start on this configuration: {exc}", _FIX_CYCLE))
        return [result]
    with lab:
        run = SuiteRun(inputs, lab, inputs.mappings)
        failed: set[str] = set()
        for name, step in STANDARD_SUITE:
            result = CheckResult(name, "suite")
            if name in _NEEDS_CREATE and "suite: create" in failed:
                result.skipped = "the create step failed"
            else:
                try:
                    result.detail = step(run)
                except StepFailed as failure:
                    result.issues.append(failure.issue)
                    failed.add(name)
            results.append(result)
        _clean_up(run)
    return results


def _clean_up(run: SuiteRun) -> None:
    """Delete the matched user the suite created, so a customer's target is left as found."""
    matched = run.users.get("matched")
    link = run.engine.state.links.get(matched.id) if matched else None
    if link is not None:
        try:
            run.client.delete_user(link.target_id)
        except ScimCallError:
            pass  # best effort: the suite's results already say what happened
