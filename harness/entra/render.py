"""What the entra commands print: rich tables, the progress bar, on-demand steps, JSON shapes and hints."""

from __future__ import annotations

from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from harness.directory import SourceUser
from harness.provisioning import CycleReport, OnDemandResult, ProvisioningEngine
from harness.reports import counted, plain_http_to_tls_hint


def run_with_progress(engine: ProvisioningEngine, *, quiet: bool) -> CycleReport:
    """Run one cycle, with a progress bar on stderr unless ``quiet``."""
    if quiet:
        return engine.run_cycle()
    columns = (TextColumn("provisioning"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("cycle", total=None)
        return engine.run_cycle(
            on_progress=lambda done, total: progress.update(task, completed=done, total=total)
        )


def cycle_json(report: CycleReport) -> dict[str, Any]:
    return {
        "cycleId": report.cycle_id,
        "status": report.status,
        "message": report.message,
        "counts": [{"action": a, "status": s, "count": n} for (a, s), n in sorted(report.counts.items())],
        "quarantine": vars(report.quarantine) if report.quarantine else None,
    }


def print_cycle_summary(report: CycleReport) -> None:
    console = Console()
    table = Table(title=f"Cycle {report.status}")
    for column in ("action", "status", "users"):
        table.add_column(column, justify="right" if column == "users" else "left")
    for (action, status), count in sorted(report.counts.items()):
        table.add_row(*_cells(action, status, count))
    console.print(table)
    console.print(Text(f"cycle {report.cycle_id}: {report.message}"), soft_wrap=True)
    for record in report.records:
        info = record["provisioningStatusInfo"]
        name = record["sourceIdentity"]["displayName"]
        if info["status"] == "failure" and name:
            reason = info["errorInformation"]["reason"]
            console.print(Text.assemble((name, "red"), f": {reason}"), soft_wrap=True)


def print_on_demand(result: OnDemandResult) -> None:
    """The on-demand steps as the portal numbers them, then the outcome."""
    console = Console()
    for number, step in enumerate(result.steps, 1):
        colour = {"success": "green", "failure": "red"}.get(step.status, "yellow")
        console.print(Text.assemble(f"{number}. ", (step.title, "bold"), " ", (step.status, colour)))
        console.print(Text(f"   {step.description}"))
        for key, value in step.details.items():
            console.print(Text(f"     {key}: {value}"))
    console.print(Text(f"\n{result.message}", style="bold"))


def print_logs(records: list[dict[str, Any]]) -> None:
    table = Table(title=f"Provisioning logs ({len(records)})")
    for column in ("date", "identity", "action", "status", "details"):
        table.add_column(column)
    for record in records:
        info = record["provisioningStatusInfo"]
        error = info.get("errorInformation") or {}
        table.add_row(
            *_cells(
                record["activityDateTime"],
                record["sourceIdentity"]["displayName"] or "(job)",
                record["provisioningAction"],
                info["status"],
                error.get("errorCode", ""),
            )
        )
    Console().print(table)


def print_users(people: list[SourceUser]) -> None:
    table = Table(title=counted(len(people), "user"))
    for column in ("userPrincipalName", "id", "assigned", "enabled", "deleted"):
        table.add_column(column)
    for user in people:
        deleted = "hard" if user.hard_deleted else ("soft" if user.soft_deleted else "")
        table.add_row(*_cells(user.userPrincipalName, user.id, user.assigned, user.accountEnabled, deleted))
    Console().print(table)


def _cells(*values: object) -> list[Text]:
    """Table cells as plain text: names, messages and expressions may hold [brackets] that rich
    would otherwise read as markup and drop."""
    return [Text(str(value)) for value in values]


def hint_connection(tenant_url: str, failure: str) -> None:
    """On stderr, what to try when a failed connection looks like plain HTTP against TLS."""
    hint = plain_http_to_tls_hint(tenant_url, failure)
    if hint:
        click.echo(f"hint: {hint}", err=True)
