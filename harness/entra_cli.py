"""``provlab entra``: the simulated Entra provisioning job from the command line.

Every command keeps its state in ``--state-dir`` (directory users, links, watermark, escrow,
quarantine, provisioning logs), so ``cycle``, ``on-demand``, ``users`` and ``logs`` can run
one after another as separate processes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click
import requests
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from harness.directory import (
    EVENTS,
    Directory,
    InvalidUserError,
    StateFileError,
    UnknownUserError,
    UserFileError,
    load_directory,
    load_users,
    save_directory,
    seed_users,
)
from harness.orchestration.target import TargetError, TargetView
from harness.provisioning import (
    CycleReport,
    EngineSettings,
    LogStore,
    OnDemandError,
    OnDemandResult,
    ProvisioningEngine,
    ProvisioningRules,
    load_state,
    rules_from_mapping_set,
    save_state,
)
from harness.reports import (
    ReportCollector,
    ReportPathError,
    check_report_path,
    counted,
    plain_http_to_tls_hint,
    write_report,
)
from harness.scim_client import DEFAULT_TIMEOUT, ScimClient, TenantUrlError

DEFAULT_STATE_DIR = Path(".provlab") / "entra"
_USER_ERRORS = (
    UserFileError,
    StateFileError,
    TenantUrlError,
    FileNotFoundError,
    UnknownUserError,
    InvalidUserError,
    OnDemandError,
    ValueError,
)

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


@dataclass
class _Session:
    """Everything one command loads from --state-dir, saved back on success."""

    state_dir: Path
    directory: Directory
    engine: ProvisioningEngine | None = None


def _load_rules(mappings: Path | None) -> ProvisioningRules:
    from harness.mappings import MappingError, load_mappings, sap_ecc_mapping_set

    try:
        mapping_set = load_mappings(mappings) if mappings else sap_ecc_mapping_set()
    except MappingError as error:
        raise click.ClickException(str(error)) from None
    problems = mapping_set.problems()
    if problems:
        raise click.ClickException(f"{mappings}: " + "; ".join(problems))
    return rules_from_mapping_set(mapping_set)


def _connection(
    tenant_url: str, secret: str, ca_cert: Path | None, mappings: Path | None, timeout: float
) -> dict[str, Any]:
    return {
        "tenant_url": tenant_url,
        "secret": secret,
        "ca_cert": ca_cert,
        "mappings": mappings,
        "timeout": timeout,
    }


@contextmanager
def _session(
    state_dir: Path,
    connection: dict[str, Any] | None = None,
    report: _ReportRun | None = None,
    **settings: Any,
) -> Iterator[_Session]:
    try:
        session = _Session(state_dir, load_directory(state_dir))
        if connection is not None:
            client = ScimClient(
                connection["tenant_url"],
                connection["secret"],
                ca_cert=connection["ca_cert"],
                timeout=connection["timeout"],
                on_exchange=report.collector.on_exchange if report else None,
            )
            session.engine = ProvisioningEngine(
                session.directory,
                _load_rules(connection["mappings"]),
                client,
                state=load_state(state_dir),
                logs=LogStore(state_dir),
                settings=EngineSettings(**settings),
            )
        yield session
    except _USER_ERRORS as error:
        raise click.ClickException(str(error)) from None
    save_directory(session.directory, state_dir)
    if session.engine is not None:
        save_state(session.engine.state, state_dir)


def _require_user(session: _Session, key: str) -> None:
    """Refuse an unknown USER with a hint naming the command that lists the users."""
    try:
        session.directory.get(key)
    except UnknownUserError:
        raise click.ClickException(
            f"no user with id or userPrincipalName {key!r} in {session.state_dir}; "
            "list them with `provlab entra users list`"
        ) from None


def _report_options(command: Callable[..., Any]) -> Callable[..., Any]:
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


_TARGET_READ_ERRORS = (TargetError, requests.RequestException, ValueError, KeyError)


@dataclass
class _ReportRun:
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


def _start_report(
    report_path: Path | None, admin_url: str | None, admin_token: str | None
) -> _ReportRun | None:
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
        return _ReportRun(report_path, collector, None)
    if not admin_token:
        raise click.UsageError(
            "--target-admin-url needs --target-admin-token (or PROVLAB_ADMIN_TOKEN): the simulator's "
            "--admin-token, printed when it starts"
        )
    target = TargetView(
        _simulator_base(admin_url), session=requests.Session(), admin_token=admin_token, rest_token=""
    )
    try:
        collector.read_target_before(target)
    except _TARGET_READ_ERRORS as error:
        raise click.ClickException(
            f"cannot read the target through its admin API at {admin_url}: {error}. Check "
            "--target-admin-url (the Admin URL the simulator prints) and --target-admin-token."
        ) from None
    return _ReportRun(report_path, collector, target)


def _simulator_base(admin_url: str) -> str:
    """The simulator's base URL from its admin URL (``…/_admin``, as printed) or the base itself."""
    parts = urlsplit(admin_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise click.BadParameter(
            f"{admin_url!r} is not an http(s) URL; e.g. http://127.0.0.1:8090/_admin",
            param_hint="--target-admin-url",
        )
    base = admin_url.rstrip("/")
    return base.removesuffix("/_admin")


def _on_demand_record(result: OnDemandResult, when: str) -> dict[str, Any]:
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
@_report_options
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
    connection = _connection(tenant_url, secret, ca_cert, mappings, timeout)
    run_report = _start_report(report_path, target_admin_url, target_admin_token)
    with _session(
        state_dir, connection, run_report, workers=workers, deletion_threshold=deletion_threshold
    ) as session:
        if users_file is not None:
            session.directory.import_users(load_users(users_file))
        if seed_count:
            session.directory.import_users(seed_users(seed_count, seed=seed))
        engine = session.engine
        assert engine is not None  # noqa: S101 - _session built it
        if restart:
            engine.restart()
        if allow_deletes:
            engine.allow_deletes()
        report = _run_with_progress(engine, quiet=as_json)
    if run_report is not None:
        run_report.finish(f"provlab entra cycle {report.cycle_id}: {report.status}", report.records)
    if as_json:
        click.echo(json.dumps(_report_json(report), indent=2))
    else:
        _print_summary(report)
    if report.status == "failed":
        _hint_connection(tenant_url, report.message)
    if report.status != "completed":
        raise SystemExit(1 if report.status == "failed" else 3)


def _run_with_progress(engine: ProvisioningEngine, *, quiet: bool) -> CycleReport:
    if quiet:
        return engine.run_cycle()
    columns = (TextColumn("provisioning"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("cycle", total=None)
        return engine.run_cycle(
            on_progress=lambda done, total: progress.update(task, completed=done, total=total)
        )


def _report_json(report: CycleReport) -> dict[str, Any]:
    return {
        "cycleId": report.cycle_id,
        "status": report.status,
        "message": report.message,
        "counts": [{"action": a, "status": s, "count": n} for (a, s), n in sorted(report.counts.items())],
        "quarantine": vars(report.quarantine) if report.quarantine else None,
    }


def _print_summary(report: CycleReport) -> None:
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


def _cells(*values: object) -> list[Text]:
    """Table cells as plain text: names, messages and expressions may hold [brackets] that rich
    would otherwise read as markup and drop."""
    return [Text(str(value)) for value in values]


def _hint_connection(tenant_url: str, failure: str) -> None:
    hint = plain_http_to_tls_hint(tenant_url, failure)
    if hint:
        click.echo(f"hint: {hint}", err=True)


@cli.command("on-demand")
@click.argument("user")
@_connection_options
@_report_options
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
    connection = _connection(tenant_url, secret, ca_cert, mappings, timeout)
    run_report = _start_report(report_path, target_admin_url, target_admin_token)
    with _session(state_dir, connection, run_report) as session:
        assert session.engine is not None  # noqa: S101
        _require_user(session, user)
        result = session.engine.provision_on_demand(user)
    if run_report is not None:
        when = run_report.collector.clock.now().isoformat()
        run_report.finish(
            f"provlab entra on-demand {result.user}: {result.status}", [_on_demand_record(result, when)]
        )
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2))
    else:
        console = Console()
        for number, step in enumerate(result.steps, 1):
            colour = {"success": "green", "failure": "red"}.get(step.status, "yellow")
            console.print(Text.assemble(f"{number}. ", (step.title, "bold"), " ", (step.status, colour)))
            console.print(Text(f"   {step.description}"))
            for key, value in step.details.items():
                console.print(Text(f"     {key}: {value}"))
        console.print(Text(f"\n{result.message}", style="bold"))
    if result.status == "failure":
        _hint_connection(tenant_url, " ".join(step.description for step in result.steps))
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


@cli.group()
def users() -> None:
    """The simulated Entra directory's users and their events."""


@users.command("list")
@_state_option
@_json_option
def list_users(state_dir: Path, as_json: bool) -> None:
    """List the source users kept in --state-dir."""
    with _session(state_dir) as session:
        people = list(session.directory)
    if as_json:
        click.echo(json.dumps([u.to_dict() for u in people], indent=2, ensure_ascii=False))
        return
    table = Table(title=counted(len(people), "user"))
    for column in ("userPrincipalName", "id", "assigned", "enabled", "deleted"):
        table.add_column(column)
    for user in people:
        deleted = "hard" if user.hard_deleted else ("soft" if user.soft_deleted else "")
        table.add_row(*_cells(user.userPrincipalName, user.id, user.assigned, user.accountEnabled, deleted))
    Console().print(table)


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
    with _session(state_dir) as session:
        _require_user(session, user)
        changed = session.directory.apply(event, user, **changes)
    click.echo(f"{event}: {changed.userPrincipalName}")


if __name__ == "__main__":  # pragma: no cover
    cli()
