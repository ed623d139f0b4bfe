"""``--report FILE.html`` of cycle and on-demand: its options, the target read before and after, the files."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click
import requests

from harness.orchestration.target import TargetError, TargetView
from harness.provisioning import OnDemandResult
from harness.reports import ReportCollector, ReportPathError, check_report_path, write_report

_TARGET_READ_ERRORS = (TargetError, requests.RequestException, ValueError, KeyError)


def report_options(command: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option(
            "--report",
            "report_path",
            type=click.Path(dir_okay=False, path_type=Path),
            metavar="FILE.html",
            default=None,
            help="Write an HTML report of this run to FILE.html (self-contained; the same data as "
            "FILE.json beside it): per user the steps, the SCIM exchanges (secrets masked) and, with "
            "--target-admin-url, the target's calls and state before and after.",
        ),
        click.option(
            "--target-admin-url",
            default=None,
            metavar="URL",
            envvar="PROVLAB_TARGET_ADMIN_URL",
            help="The simulator's admin API, as `provlab simulator serve` prints it (e.g. "
            "http://127.0.0.1:8090/_admin): the report then shows the calls the target received "
            "and its users before and after. Without it the report says the target view is unavailable.",
        ),
        click.option(
            "--target-admin-token",
            default=None,
            metavar="TOKEN",
            envvar="PROVLAB_ADMIN_TOKEN",
            help="Bearer token of the simulator's admin API (its --admin-token; the lab default is "
            "printed at start); env PROVLAB_ADMIN_TOKEN. Never printed or written to the report.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@dataclass
class ReportRun:
    """A report being gathered for ``--report``: the collector, and the target's admin API
    when one was given (read before the run and after it)."""

    path: Path
    collector: ReportCollector
    target: TargetView | None

    def finish(self, title: str, records: list[dict[str, Any]]) -> None:
        """Add the run's records, read the target after the run, write FILE.html and FILE.json."""
        self.collector.title = title
        self.collector.add_records(records)
        if self.target is not None:
            try:
                self.collector.read_target_after(self.target)
            except _TARGET_READ_ERRORS as error:
                # half a picture (state before, none after) would read as "the user vanished"
                self.collector.before = self.collector.after = None
                self.collector.target_calls.clear()
                self.collector.target_unavailable = f"reading the target after the run failed: {error}"
            finally:
                self.target.session.close()
        try:
            html, data = write_report(self.collector.build(), self.path)
        except OSError as error:  # checked before the run; this is a disk that filled up meanwhile
            raise click.ClickException(
                f"cannot write the report to {self.path}: {error}; pick a writable --report path"
            ) from None
        click.echo(f"report: {html} and {data}", err=True)


def start_report(
    report_path: Path | None, admin_url: str | None, admin_token: str | None
) -> ReportRun | None:
    """Check the report options (FILE.html can be written) and, with the admin API, read the
    target before the run: either mistake fails here, before anything is provisioned."""
    if report_path is None:
        if admin_url:
            raise click.UsageError("--target-admin-url only feeds a report; add --report FILE.html")
        return None
    try:
        check_report_path(report_path)
    except ReportPathError as error:
        raise click.BadParameter(str(error), param_hint="--report") from None
    collector = ReportCollector("provlab entra")
    if not admin_url:
        collector.target_unavailable = (
            "no --target-admin-url was given, so the calls the target received and its state before "
            "and after were not read. Point it at the simulator's admin API to include them."
        )
        return ReportRun(report_path, collector, None)
    if not admin_token:
        raise click.UsageError(
            "--target-admin-url needs --target-admin-token (or PROVLAB_ADMIN_TOKEN): the simulator's "
            "--admin-token, printed when it starts"
        )
    target = TargetView(
        simulator_base(admin_url), session=requests.Session(), admin_token=admin_token, rest_token=""
    )
    try:
        collector.read_target_before(target)
    except _TARGET_READ_ERRORS as error:
        raise click.ClickException(
            f"cannot read the target through its admin API at {admin_url}: {error}. Check "
            "--target-admin-url (the Admin URL the simulator prints) and --target-admin-token."
        ) from None
    return ReportRun(report_path, collector, target)


def simulator_base(admin_url: str) -> str:
    """The simulator's base URL from its admin URL (``…/_admin``, as printed) or the base itself."""
    parts = urlsplit(admin_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise click.BadParameter(
            f"{admin_url!r} is not an http(s) URL; e.g. http://127.0.0.1:8090/_admin",
            param_hint="--target-admin-url",
        )
    base = admin_url.rstrip("/")
    return base.removesuffix("/_admin")


def on_demand_record(result: OnDemandResult, when: str) -> dict[str, Any]:
    """The on-demand run for the report: its log record (or, when the test connection failed and
    none was written, its outcome) carrying the steps as the portal shows them."""
    record = dict(
        result.record
        or {
            "activityDateTime": when,
            "provisioningAction": result.action,
            "provisioningStatusInfo": {
                "status": result.status,
                "errorInformation": {"reason": result.message},
            },
            "sourceIdentity": {"displayName": result.user},
        }
    )
    record["provisioningSteps"] = result.to_dict()["steps"]
    return record
