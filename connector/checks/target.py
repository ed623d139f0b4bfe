"""Read-only checks of a connector against a customer's own target: Test Connection, then Full Import.

What the wizard's Connectivity page and the first run profile would find, without writing anything.
``provlab validate --target-url`` adds Entra's matching lookups through a host on the same files.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import requests

from connector.backend import TargetUnavailableError
from connector.config import ConnectorConfig
from connector.host import HostStartupError, template_backend
from provlab.checks import CheckResult, Issue

TEST_CONNECTION = "target: test connection"
FULL_IMPORT = "target: full import"
FIX_CONNECTION = (
    "check --target-url, the Host/Port and User Name/Password parameters, and the target's firewall"
)
FIX_IMPORT = "check the template's Full Import workflow against the target (provlab connector import)"


@dataclass
class TargetCheck:
    """The two rows, and the anchors the Full Import returned (for lookups that follow)."""

    results: list[CheckResult]
    anchors: list[str] = field(default_factory=list)

    @property
    def failed(self) -> str | None:
        """Why a later check cannot run ("the test connection failed"), or None."""
        for result in self.results:
            if result.status == "fail":
                return f"the {result.name.removeprefix('target: ')} failed"
        return None if self.anchors else "nothing to look up"


def check_target(
    config: ConnectorConfig, target_url: str, *, session: requests.Session | None = None
) -> TargetCheck:
    """Test Connection and Full Import of ``config``'s template against ``target_url`` (read-only)."""
    connection = CheckResult(TEST_CONNECTION, "target")
    imported = CheckResult(FULL_IMPORT, "target")
    check = TargetCheck([connection, imported])
    try:
        backend = template_backend(config, target_url=target_url, session=session)
        outcome = backend.test_connection()
    except (TargetUnavailableError, HostStartupError, requests.RequestException) as exc:
        connection.issues.append(Issue(f"{target_url}: {exc}", FIX_CONNECTION))
        imported.skipped = "the test connection failed"
        return check
    if not outcome.ok:
        connection.issues.append(Issue(f"{target_url}: {outcome.status}: {outcome.message}", FIX_CONNECTION))
        imported.skipped = "the test connection failed"
        return check
    connection.detail = f"{target_url} answers the TestConnection workflow"
    try:
        result = backend.full_import(
            config.object_type, additional_parameters=config.additional_parameters("FullImport")
        )
    except (TargetUnavailableError, requests.RequestException) as exc:
        imported.issues.append(Issue(f"the Full Import workflow failed: {exc}", FIX_IMPORT))
        return check
    check.anchors = [e.anchor for e in result.entries if e.object_type == config.object_type]
    imported.detail = f"{len(check.anchors)} {config.object_type} objects imported"
    if not check.anchors:
        imported.issues.append(Issue("the target returned no users", FIX_IMPORT, error=False))
    return check
