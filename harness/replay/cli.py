"""``provlab replay``: send recorded SCIM traffic to a connector host and check every answer."""

from __future__ import annotations

import json

import click
import requests

from harness.scim_client import TenantUrlError

from .engine import DEFAULT_PASSWORD, DEFAULT_TIMEOUT, Replayer
from .report import render_text
from .traffic import TrafficError, load_traffic


@click.command("replay")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--tenant-url",
    required=True,
    envvar="PROVLAB_TENANT_URL",
    help="The connector's SCIM base URL, e.g. https://localhost:8585/ecma2host_SAPECC/scim.",
)
@click.option(
    "--secret",
    required=True,
    envvar="PROVLAB_SECRET",
    help="The connector's Secret Token; replaces the redacted bearer token of the recording.",
)
@click.option(
    "--ca-cert",
    type=click.Path(exists=True, dir_okay=False),
    help="The host's certificate (PEM) to trust, e.g. <state-dir>/scim-cert.pem.",
)
@click.option(
    "--password",
    default=DEFAULT_PASSWORD,
    show_default=True,
    help="What redacted passwords (***) in request bodies are replayed as.",
)
@click.option("--stop-on-failure", is_flag=True, help="Stop a file at its first differing exchange.")
@click.option(
    "--timeout", type=float, default=DEFAULT_TIMEOUT, show_default=True, help="Seconds per request."
)
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.pass_context
def replay(
    ctx: click.Context,
    files: tuple[str, ...],
    tenant_url: str,
    secret: str,
    ca_cert: str | None,
    password: str,
    stop_on_failure: bool,
    timeout: float,
    as_json: bool,
) -> None:
    """Replay recorded SCIM traffic (FILES: JSON Lines, the host's --record format) in order.

    Each answer must have the recorded status and contain the recorded body; values the server
    assigns are captured with {{?name}} and used later as {{name}} (see docs/replay.md).
    Exits 1 when any exchange differs, printing what differed and where (file:line).
    """
    session: requests.Session | None = (ctx.obj or {}).get("session")  # injected by in-process tests
    reports = []
    for path in files:
        try:
            lines = load_traffic(path)
            replayer = Replayer(
                tenant_url, secret, session=session, ca_cert=ca_cert, password=password, timeout=timeout
            )
        except (TrafficError, TenantUrlError) as exc:
            raise click.UsageError(str(exc)) from None
        report = replayer.replay(lines, stop_on_failure=stop_on_failure)
        reports.append(report)
        if not as_json:
            click.echo(render_text(report))
    if as_json:
        click.echo(json.dumps([r.to_dict() for r in reports], indent=2, ensure_ascii=False))
    if not all(r.passed for r in reports):
        ctx.exit(1)
