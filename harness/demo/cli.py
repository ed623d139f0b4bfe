"""``provlab demo``: simulator, connector host over HTTPS and Entra, one story, nothing left running."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console

from harness.orchestration import Lab, LabOptions
from harness.orchestration.lab import FLAG_DIALECT
from harness.reports import ReportPathError, check_report_path
from provlab.signals import StopRequested, StopSignals

from .render import RichNarrator, summary_table
from .report import ReportingNarrator
from .story import StoryResult, tell_story


class _QuietNarrator:
    def chapter_started(self, title: str, what: str) -> None: ...
    def progress(self, done: int, total: int) -> None: ...
    def chapter_done(self, chapter) -> None: ...  # noqa: ANN001


@click.command("demo")
@click.option(
    "--users", type=click.IntRange(1, 5000), default=50, show_default=True, help="Users in the first cycle."
)
@click.option(
    "--seed", type=int, default=42, show_default=True, help="Seed of the fake users (same seed, same people)."
)
@click.option(
    "--keep-running",
    is_flag=True,
    help="Leave the simulator and the connector host up afterwards, print their URLs and credentials, "
    "and stop cleanly on Ctrl+C or SIGTERM (exit code: the story's).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the story's result as JSON instead of tables.")
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    metavar="FILE.html",
    help="Also write an HTML report (self-contained; opens offline) and FILE.json beside it: per chapter "
    "the story user's steps as the portal shows them, SCIM exchanges, SAP calls and SAP state before "
    "and after, and the initial cycle's users summarised. Secrets are masked.",
)
def demo(users: int, seed: int, keep_running: bool, as_json: bool, report_path: Path | None) -> None:
    """The whole provisioning story on embedded defaults, in well under a minute.

    Starts the SAP/REST simulator and the connector host (HTTPS, a fresh self-signed
    certificate) on free loopback ports, then has the simulated Entra run: an initial cycle,
    provision on demand, an attribute change, a soft delete (SAP GLTGB 1990-01-01, user
    expired), a restore (9999-12-31) and a hard delete. Every SAP value shown is read back
    from the simulator. Exits 1 if SAP does not end up as expected, 130 (Ctrl+C) or 143
    (SIGTERM) if stopped before the story ended; servers and temporary files never outlive it.
    """
    if report_path is not None:
        try:
            check_report_path(report_path)  # before the story, not after it
        except ReportPathError as error:
            raise click.BadParameter(
                f"{error}; pick a writable --report path", param_hint="--report"
            ) from None
    console = Console(stderr=as_json)
    console.print("[bold]provlab demo[/]: Entra ID → ECMA Connector Host (SCIM over HTTPS) → SAP ECC (SOAP)")
    with StopSignals() as stop:
        try:
            result = _run(console, stop, users, seed, keep_running, as_json, report_path)
        except StopRequested:
            console.print(f"received {stop.received.name} before the story ended; stopped")
            sys.exit(stop.exit_code)
    if not result.ok:
        sys.exit(1)


def _run(
    console: Console,
    stop: StopSignals,
    users: int,
    seed: int,
    keep_running: bool,
    as_json: bool,
    report_path: Path | None,
) -> StoryResult:
    """Start the lab, tell the story, optionally keep serving; the lab (and its temporary
    directory) is closed however this ends."""
    with stop.interruptible(), console.status("starting the simulator and the connector host…"):
        lab = Lab(LabOptions(sockets=True))
    with lab:
        with stop.interruptible():
            narrator = _QuietNarrator() if as_json else RichNarrator(console)
            reporter = ReportingNarrator(lab, narrator) if report_path else None
            result = tell_story(lab, users=users, seed=seed, narrator=reporter or narrator)
        _finish(console, result, as_json)
        if reporter is not None and report_path is not None:
            _write_report(reporter, result, report_path, as_json)
        if keep_running:
            _print_endpoints(lab)
            received = stop.wait()
            console.print(f"received {received.name}, stopping…")
    if keep_running:
        console.print("stopped: the simulator and the connector host are down, the certificate is removed.")
    return result


def _finish(console: Console, result: StoryResult, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2))
        return
    console.rule("[bold]Summary")
    console.print(summary_table(result))
    console.print(f"SAP holds {result.target_users} users (read back from the simulator).")
    if result.ok:
        console.print("[green]Every chapter left SAP as expected.[/]")
    else:
        console.print("[red]Some chapters did not leave SAP as expected; see the ✗ lines above.[/]")


def _write_report(reporter: ReportingNarrator, result: StoryResult, path: Path, as_json: bool) -> None:
    try:
        html, data = reporter.write(result, path)
    except OSError as error:
        raise click.ClickException(
            f"cannot write the report to {path}: {error}; pick a writable --report path"
        ) from None
    click.echo(f"Report: {html} and {data}", err=as_json)  # one plain line, never wrapped: it is copied


def _print_endpoints(lab: Lab) -> None:
    # Plain lines, never wrapped: they are meant to be copied. The simulator's own banner names every
    # target it serves (the registry's), as `provlab simulator serve` prints it.
    for line in lab.simulator.banner(lab.target.base_url):
        click.echo(line)
    click.echo(f"Tenant URL: {lab.host.tenant_url}  (append ?{FLAG_DIALECT} for that PATCH dialect)")
    click.echo(f"Secret Token: {lab.host.secret}")
    click.echo(f"Certificate file (trust this in clients): {lab.host.ca_cert}")
    click.echo("Press Ctrl+C to stop.")
