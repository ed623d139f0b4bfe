"""Read-only checks against a customer's own target (``--target-url``): the connector's Test
Connection and Full Import (:func:`connector.check_target`), then the lookups Entra makes, through a
host on the customer's files. Nothing is written unless ``--allow-writes`` runs the suite."""

from __future__ import annotations

from urllib.parse import quote

import requests

from connector import check_target
from harness.orchestration import Lab
from harness.reports.wording import counted

from .inputs import Inputs
from .results import CheckResult, Issue
from .suite import lab_options

LOOKUPS = 3  # imported users to look up, as Entra's matching would


def run_target_checks(
    inputs: Inputs, target_url: str, *, session: requests.Session | None = None
) -> list[CheckResult]:
    """Test connection, full import and lookups against ``target_url`` (read-only)."""
    checked = check_target(inputs.config.with_project(inputs.template_path), target_url, session=session)
    lookups = CheckResult("target: lookups", "target")
    if checked.failed:
        lookups.skipped = checked.failed
    else:
        lookups.detail, lookups.issues = _lookups(inputs, target_url, session, checked.anchors[:LOOKUPS])
    return [*checked.results, lookups]


def _lookups(
    inputs: Inputs, target_url: str, session: requests.Session | None, anchors: list[str]
) -> tuple[str, list[Issue]]:
    """Entra's matching GET per anchor through a host on the customer's files: one result each."""
    anchor = inputs.config.entry_schema.anchor.name
    issues = []
    with Lab(lab_options(inputs, target_url=target_url, target_session=session)) as lab:
        for value in anchors:
            query = quote(f'{anchor} eq "{value}"', safe="=")
            response = lab.scim_request("GET", f"/Users?filter={query}")
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
