"""Read-only checks against a customer's own target (``--target-url``): test connection, full
import, and the lookups Entra makes. Nothing is written unless ``--allow-writes`` runs the suite."""

from __future__ import annotations

from urllib.parse import quote

import requests

from connector.backend import TargetUnavailableError
from connector.host import HostStartupError, template_backend
from harness.reports.wording import counted

from .inputs import Inputs
from .results import CheckResult, Issue

LOOKUPS = 3  # imported users to look up, as Entra's matching would


def run_target_checks(
    inputs: Inputs, target_url: str, *, session: requests.Session | None = None, lab_factory=None
) -> list[CheckResult]:
    """Test connection, full import and lookups against ``target_url`` (read-only)."""
    from .lab import start_lab

    lab_factory = lab_factory or start_lab
    config = inputs.config.with_project(inputs.template_path)
    connection = CheckResult("target: test connection", "target")
    imported = CheckResult("target: full import", "target")
    lookups = CheckResult("target: lookups", "target")
    try:
        backend = template_backend(config, target_url=target_url, session=session)
        outcome = backend.test_connection()
    except (TargetUnavailableError, HostStartupError, requests.RequestException) as exc:
        connection.issues.append(Issue(f"{target_url}: {exc}", _FIX_CONNECTION))
        imported.skipped = lookups.skipped = "the test connection failed"
        return [connection, imported, lookups]
    if not outcome.ok:
        connection.issues.append(Issue(f"{target_url}: {outcome.status}: {outcome.message}", _FIX_CONNECTION))
        imported.skipped = lookups.skipped = "the test connection failed"
        return [connection, imported, lookups]
    connection.detail = f"{target_url} answers the TestConnection workflow"
    try:
        result = backend.full_import(
            config.object_type, additional_parameters=config.additional_parameters("FullImport")
        )
    except (TargetUnavailableError, requests.RequestException) as exc:
        imported.issues.append(Issue(f"the Full Import workflow failed: {exc}", _FIX_IMPORT))
        lookups.skipped = "the full import failed"
        return [connection, imported, lookups]
    anchors = [e.anchor for e in result.entries if e.object_type == config.object_type]
    imported.detail = f"{len(anchors)} {config.object_type} objects imported"
    if not anchors:
        imported.issues.append(Issue("the target returned no users", _FIX_IMPORT, error=False))
        lookups.skipped = "nothing to look up"
        return [connection, imported, lookups]
    lookups.detail, lookups.issues = _lookups(inputs, target_url, session, anchors[:LOOKUPS], lab_factory)
    return [connection, imported, lookups]


def _lookups(inputs: Inputs, target_url: str, session, anchors: list[str], lab_factory):  # noqa: ANN001, ANN202
    """Entra's matching GET per anchor through a host on the customer's files: one result each."""
    anchor = inputs.config.entry_schema.anchor.name
    issues = []
    with lab_factory(
        inputs.config_path,
        template=inputs.template_path,
        connector=inputs.config.name,
        target_url=target_url,
        target_session=session,
    ) as lab:
        headers = {"Authorization": f"Bearer {lab.secret}"}
        for value in anchors:
            query = quote(f'{anchor} eq "{value}"', safe="=")
            response = lab.session.get(f"{lab.tenant_url}/Users?filter={query}", headers=headers)
            found = response.json().get("totalResults") if response.ok else None
            if found != 1:
                results = "no totalResults" if found is None else counted(found, "result")
                issues.append(
                    Issue(
                        f'GET /Users?filter={anchor} eq "{value}" answered {response.status_code} with '
                        f"{results}; Entra would not match this user",
                        "make the Full Import workflow return each user's anchor exactly as "
                        "the target stores it",
                    )
                )
    return f"{counted(len(anchors), 'user')} found by {anchor}", issues


_FIX_CONNECTION = (
    "check --target-url, the Host/Port and User Name/Password parameters, and the target's firewall"
)
_FIX_IMPORT = "check the template's Full Import workflow against the target (provlab connector import)"
