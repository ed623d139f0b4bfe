"""The ``provlab entra`` click group: each command's options, and the order it does things in."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from harness.directory import EVENTS, load_users, seed_users
from harness.provisioning import LogStore
from harness.scim_client import DEFAULT_TIMEOUT

from .render import (
    cycle_json,
    hint_connection,
    print_cycle_summary,
    print_logs,
    print_on_demand,
    print_users,
    run_with_progress,
)
from .report import on_demand_record, report_options, start_report
from .session import DEFAULT_STATE_DIR, Connection, open_session, require_user

_state_option = click.option(
    "--state-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_STATE_DIR,
    show_default=True,
    envvar="PROVLAB_ENTRA_STATE_DIR",
    help="Where the directory, the job state and the provisioning logs are kept between runs.",
)
_json_option = click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")


def _connection_options(command: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option(
            "--tenant-url",
            required=True,
            envvar="PROVLAB_TENANT_URL",
            help="The connector's SCIM base URL, as pasted into Entra (e.g. "
            "https://localhost:8585/ecma2host_SAPECC/scim); append ?aadOptscim062020 for that dialect.",
        ),
        click.option(
            "--secret",
            required=True,
            envvar="PROVLAB_SECRET",
            help="The connector's bearer Secret Token; env PROVLAB_SECRET. Never printed or logged.",
        ),
        click.option(
            "--ca-cert",
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            default=None,
            help="PEM file the connector's TLS certificate must chain to (its self-signed scim-cert.pem). "
            "REQUESTS_CA_BUNDLE is ignored.",
        ),
        click.option(
            "--mappings",
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            default=None,
            help="Attribute mappings: Graph synchronizationSchema JSON or the short YAML form "
            "(default: the SAP ECC mappings of Microsoft's web services connector page).",
        ),
        click.option(
            "--timeout", type=float, default=DEFAULT_TIMEOUT, show_default=True, help="Seconds per request."
        ),
        _state_option,
        _json_option,
    ]
    for option in reversed(options):
        command = option(command)
    return command


@click.group(name="entra", context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """The simulated Entra ID provisioning service: cycles, provision on demand, logs.

    Source users live in --state-dir; seed them (--seed-users) or load them (--users) on a
    cycle, change them with `entra users event`, and run the next cycle to see what Entra
    sends to the connector host.
    """


@cli.command()
@_connection_options
@click.option(
    "--users",
    "users_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Import source users from a .json or .csv file first (new ones created, changed ones updated).",
)
@click.option(
    "--seed-users",
    "seed_count",
    type=click.IntRange(min=0),
    help="Add N Faker-generated users first (SAP-valid names).",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for --seed-users.")
@click.option("--workers", type=click.IntRange(min=1), default=4, show_default=True, help="Parallel workers.")
@click.option(
    "--deletion-threshold",
    type=click.IntRange(min=0),
    default=None,
    help="Accidental-deletion threshold: more disables + deletes than this in one cycle are staged "
    "(StagedDelete) and the job is quarantined.",
)
@click.option(
    "--allow-deletes", is_flag=True, help="Send the disables and deletes held back by the threshold."
)
@click.option(
    "--restart", is_flag=True, help="Restart provisioning: full resync, clear escrow and quarantine."
)
@report_options
def cycle(
    tenant_url: str,
    secret: str,
    ca_cert: Path | None,
    mappings: Path | None,
    timeout: float,
    state_dir: Path,
    as_json: bool,
    users_file: Path | None,
    seed_count: int | None,
    seed: int,
    workers: int,
    deletion_threshold: int | None,
    allow_deletes: bool,
    restart: bool,
    report_path: Path | None,
    target_admin_url: str | None,
    target_admin_token: str | None,
) -> None:
    """Run one provisioning cycle: the initial cycle first, incremental cycles after.

    Exit status: 0 completed, 1 the test connection failed, 3 the job is quarantined.
    """
    connection = Connection(tenant_url, secret, ca_cert, mappings, timeout)
    run_report = start_report(report_path, target_admin_url, target_admin_token)
    with open_session(
        state_dir,
        connection,
        run_report.collector.on_exchange if run_report else None,
        workers=workers,
        deletion_threshold=deletion_threshold,
    ) as session:
        if users_file is not None:
            session.directory.import_users(load_users(users_file))
        if seed_count:
            session.directory.import_users(seed_users(seed_count, seed=seed))
        engine = session.engine
        assert engine is not None  # noqa: S101 - open_session built it
        if restart:
            engine.restart()
        if allow_deletes:
            engine.allow_deletes()
        report = run_with_progress(engine, quiet=as_json)
    if run_report is not None:
        run_report.finish(f"provlab entra cycle {report.cycle_id}: {report.status}", report.records)
    if as_json:
        click.echo(json.dumps(cycle_json(report), indent=2))
    else:
        print_cycle_summary(report)
    if report.status == "failed":
        hint_connection(tenant_url, report.message)
    if report.status != "completed":
        raise SystemExit(1 if report.status == "failed" else 3)


@cli.command("on-demand")
@click.argument("user")
@_connection_options
@report_options
def on_demand(
    user: str,
    tenant_url: str,
    secret: str,
    ca_cert: Path | None,
    mappings: Path | None,
    timeout: float,
    state_dir: Path,
    as_json: bool,
    report_path: Path | None,
    target_admin_url: str | None,
    target_admin_token: str | None,
) -> None:
    """Provision one USER (object id or userPrincipalName) now and show the steps.

    As in the portal: test connection (shown only when it fails), import user, determine if
    user is in scope, match user between source and target, perform action.
    """
    connection = Connection(tenant_url, secret, ca_cert, mappings, timeout)
    run_report = start_report(report_path, target_admin_url, target_admin_token)
    with open_session(
        state_dir, connection, run_report.collector.on_exchange if run_report else None
    ) as session:
        assert session.engine is not None  # noqa: S101
        require_user(session, user)
        result = session.engine.provision_on_demand(user)
    if run_report is not None:
        when = run_report.collector.clock.now().isoformat()
        run_report.finish(
            f"provlab entra on-demand {result.user}: {result.status}", [on_demand_record(result, when)]
        )
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2))
    else:
        print_on_demand(result)
    if result.status == "failure":
        hint_connection(tenant_url, " ".join(step.description for step in result.steps))
        raise SystemExit(1)


@cli.command()
@_state_option
@_json_option
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Only the newest N records.")
@click.option("--status", type=click.Choice(["success", "failure", "skipped", "warning"]), default=None)
@click.option(
    "--action",
    type=click.Choice(["create", "update", "delete", "disable", "stagedDelete", "other"]),
    default=None,
)
def logs(state_dir: Path, as_json: bool, limit: int | None, status: str | None, action: str | None) -> None:
    """Show the provisioning logs (Graph provisioningObjectSummary records), oldest first."""
    records = LogStore(state_dir).read(limit=limit, status=status, action=action)
    if as_json:
        click.echo(json.dumps(records, indent=2, ensure_ascii=False))
        return
    print_logs(records)


@cli.group()
def users() -> None:
    """The simulated Entra directory's users and their events."""


@users.command("list")
@_state_option
@_json_option
def list_users(state_dir: Path, as_json: bool) -> None:
    """List the source users kept in --state-dir."""
    with open_session(state_dir) as session:
        people = list(session.directory)
    if as_json:
        click.echo(json.dumps([u.to_dict() for u in people], indent=2, ensure_ascii=False))
        return
    print_users(people)


@users.command("event")
@click.argument("event", type=click.Choice([e for e in EVENTS if e != "create"]))
@click.argument("user")
@click.option(
    "--set", "assignments", multiple=True, metavar="ATTR=VALUE", help="For update: attributes to set."
)
@_state_option
def user_event(event: str, user: str, assignments: tuple[str, ...], state_dir: Path) -> None:
    """Apply EVENT to USER (object id or userPrincipalName); the next cycle provisions it."""
    changes: dict[str, Any] = {}
    for pair in assignments:
        name, sep, value = pair.partition("=")
        if not sep:
            raise click.BadParameter(f"{pair!r} is not ATTR=VALUE", param_hint="--set")
        name = name.strip()
        if name == "accountEnabled":
            raise click.BadParameter("use the enable / disable events for accountEnabled", param_hint="--set")
        changes[name] = value if value != "" else None
    if changes and event != "update":
        raise click.BadParameter("only the update event takes --set", param_hint="--set")
    with open_session(state_dir) as session:
        require_user(session, user)
        changed = session.directory.apply(event, user, **changes)
    click.echo(f"{event}: {changed.userPrincipalName}")
