"""``provlab load``: Entra's SCIM traffic at scale, on Locust, against any Tenant URL.

This process parses and checks the options, probes the tenant (a wrong secret or an
unreachable host stops here, before any load), starts the Locust processes as children
(:mod:`.launch`), prints their summary and checks consistency afterwards. It never imports
Locust or gevent.
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import click

from .spec import DEFAULT_MIX, MIXES, OPERATIONS, LoadSpec, SpecError, parse_mix, parse_timespan

EXIT_FAILED = 1


@click.command(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
@click.option(
    "--tenant-url",
    envvar="PROVLAB_TENANT_URL",
    help="The connector's SCIM base URL (Tenant URL); "
    "append ?aadOptscim062020 for that PATCH dialect. Env PROVLAB_TENANT_URL.",
)
@click.option(
    "--secret", envvar="PROVLAB_SECRET", help="The bearer Secret Token; env PROVLAB_SECRET. Never printed."
)
@click.option(
    "--ca-cert",
    type=click.Path(exists=True, dir_okay=False),
    help="PEM file the connector's certificate must chain to (only this file is trusted).",
)
@click.option(
    "--lab",
    is_flag=True,
    help="Start the lab (SAP simulator and connector host, each in a child "
    "process on loopback) and load it; the target view is checked too.",
)
@click.option(
    "--users",
    "users",
    type=click.IntRange(min=1),
    default=4,
    show_default=True,
    help="Concurrent Locust users, each one of Entra's provisioning workers.",
)
@click.option(
    "--spawn-rate",
    type=click.FloatRange(min=0, min_open=True),
    help="Users started per second [default: all within one second].",
)
@click.option("--run-time", default="60s", show_default=True, help="How long the load runs (30s, 2m, 1h30m).")
@click.option(
    "--max-requests",
    type=click.IntRange(min=1),
    help="Request budget: the run stops when this many SCIM requests went out (split across workers).",
)
@click.option(
    "--mix",
    default=DEFAULT_MIX,
    show_default=True,
    help=f"A named mix ({', '.join(MIXES)}) or "
    f"weights per operation ({', '.join(OPERATIONS)}), e.g. create=3,update=5,soft-delete=1,delete=1.",
)
@click.option(
    "--users-file",
    type=click.Path(exists=True, dir_okay=False),
    help="Recorded SCIM traffic "
    "(JSONL, `provlab connector serve --record`): its POST /Users bodies are the users (default: synthetic).",
)
@click.option(
    "--mappings",
    type=click.Path(exists=True, dir_okay=False),
    help="Entra attribute mappings "
    "(Graph schema JSON or the short YAML form); default: the SAP ECC set of Microsoft's page.",
)
@click.option(
    "--seed", type=int, default=0, show_default=True, help="Seed for the users and the order of operations."
)
@click.option(
    "--csv",
    "csv_prefix",
    type=click.Path(dir_okay=False),
    help="Write Locust's CSV reports as "
    "PREFIX_stats.csv, PREFIX_stats_history.csv, PREFIX_failures.csv, PREFIX_exceptions.csv.",
)
@click.option("--html", "html_file", type=click.Path(dir_okay=False), help="Write Locust's HTML report here.")
@click.option(
    "--local-workers",
    type=click.IntRange(min=1),
    help="Run one Locust master and N worker processes on this machine.",
)
@click.option(
    "--master",
    is_flag=True,
    help="Be the master of a distributed run: wait for --expect-workers workers, run, report, check.",
)
@click.option(
    "--worker", is_flag=True, help="Be a worker of a distributed run (the master sends the run's shape)."
)
@click.option(
    "--master-host", default="127.0.0.1", show_default=True, help="Where a worker finds its master."
)
@click.option(
    "--master-port",
    type=click.IntRange(1, 65535),
    default=5557,
    show_default=True,
    help="The master's port (Locust's default).",
)
@click.option(
    "--master-bind-host",
    default="127.0.0.1",
    show_default=True,
    help="Where the master listens; 0.0.0.0 for workers on other machines.",
)
@click.option(
    "--expect-workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="How many workers the master waits for.",
)
@click.option(
    "--worker-wait",
    type=click.FloatRange(min=1),
    default=60.0,
    show_default=True,
    help="Seconds a master waits for its workers, and a worker for its master.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=30.0,
    show_default=True,
    help="Per-request timeout in seconds.",
)
@click.option(
    "--stop-timeout",
    type=click.FloatRange(min=0),
    default=30.0,
    show_default=True,
    help="Seconds users get to finish their current operation when the run stops.",
)
@click.option(
    "--target-admin-url",
    envvar="PROVLAB_TARGET_ADMIN_URL",
    help="The simulator's admin API "
    "(http://127.0.0.1:8090/_admin): also check the target's own view. Env PROVLAB_TARGET_ADMIN_URL.",
)
@click.option(
    "--target-admin-token",
    envvar="PROVLAB_ADMIN_TOKEN",
    help="The simulator's admin token; env PROVLAB_ADMIN_TOKEN.",
)
@click.option("--no-check", is_flag=True, help="Skip the consistency check after the run.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary and the check as one JSON object.")
def load(**options: Any) -> None:
    """Load a connector host with Entra's SCIM traffic, on Locust.

    Every request is the harness's own (probe, GET filter then POST, GET by id then PATCH in
    the Tenant URL's dialect, soft delete, DELETE). The summary gives requests/s, latency
    percentiles and failures by SCIM status per request kind; then every user the load wrote
    is read back through SCIM (and the simulator's admin API when given). Exit status: 0 run
    and check passed, 1 the tenant failed the probe, the run failed or the check found
    problems, 2 bad options.
    """
    settings = _checked(options)
    with ExitStack() as stack:
        target = _connect(settings, stack)
        mapping_set = settings["mapping_set"]
        _probe(settings, mapping_set)
        spec = _spec(settings)
        work_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="provlab-load-")))
        spec.out_dir = str(work_dir)
        _run(spec, settings, work_dir)
        if settings["worker"]:
            click.echo("worker finished: the master prints the summary and checks the users", err=True)
            return
        _report(spec, settings, mapping_set, target)


# options -------------------------------------------------------------------------------------
def _checked(options: dict[str, Any]) -> dict[str, Any]:
    settings = dict(options)
    if settings["master"] and settings["worker"]:
        raise click.UsageError("--master and --worker exclude each other: a process is one or the other")
    if settings["local_workers"] and (settings["master"] or settings["worker"]):
        raise click.UsageError(
            "--local-workers starts its own master and workers; leave out --master/--worker"
        )
    if settings["lab"] and (settings["worker"] or settings["master"]):
        raise click.UsageError(
            "--lab serves on loopback, out of other machines' reach: use it alone or with --local-workers"
        )
    if settings["lab"] and settings["tenant_url"] and "tenant_url" in _given_on_command_line():
        raise click.UsageError("--lab starts its own connector host; leave out --tenant-url")
    if not settings["lab"]:
        if not settings["tenant_url"]:
            raise click.UsageError(
                "no Tenant URL: pass --tenant-url (or PROVLAB_TENANT_URL), "
                "or --lab to load the lab's own host"
            )
        if not settings["secret"]:
            raise click.UsageError(
                "no secret: pass --secret or set PROVLAB_SECRET (the connector's Secret Token)"
            )
    try:
        settings["run_seconds"] = parse_timespan(settings["run_time"])
        settings["mix_weights"] = parse_mix(settings["mix"])
    except SpecError as error:
        raise click.UsageError(str(error)) from None
    if bool(settings["target_admin_url"]) != bool(settings["target_admin_token"]) and not settings["lab"]:
        raise click.UsageError("the target view needs both --target-admin-url and --target-admin-token")
    for option in ("csv_prefix", "html_file"):
        if settings[option]:
            _writable(settings[option], "--csv" if option == "csv_prefix" else "--html")
    settings["mapping_set"] = _mapping_set(settings["mappings"])
    settings["recorded"] = _recorded(settings["users_file"], settings["mapping_set"])
    return settings


def _given_on_command_line() -> set[str]:
    ctx = click.get_current_context()
    return {
        name
        for name in ctx.params
        if ctx.get_parameter_source(name) == click.core.ParameterSource.COMMANDLINE
    }


def _writable(path: str, option: str) -> None:
    parent = Path(path).parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise click.BadParameter(
            f"cannot write to {parent}: {error.strerror}; pick a writable path", param_hint=option
        ) from None
    if not parent.is_dir():
        raise click.BadParameter(f"{parent} is not a directory; pick a writable path", param_hint=option)


def _mapping_set(path: str | None) -> Any:
    from harness.mappings import MappingError, load_mappings, sap_ecc_mapping_set

    if path is None:
        return sap_ecc_mapping_set()
    try:
        return load_mappings(path)
    except (MappingError, ValueError) as error:
        raise click.BadParameter(str(error), param_hint="--mappings") from None


def _recorded(path: str | None, mapping_set: Any) -> list[dict[str, Any]] | None:
    if path is None:
        return None
    from .users import RecordingError, recorded_values

    try:
        return recorded_values(path, mapping_set)
    except RecordingError as error:
        raise click.BadParameter(str(error), param_hint="--users-file") from None


# the tenant ---------------------------------------------------------------------------------
def _connect(settings: dict[str, Any], stack: ExitStack) -> Any:
    """Start the lab when asked; return the target view to check (None: SCIM only)."""
    if settings["lab"]:
        from harness.orchestration import Lab, LabOptions

        click.echo("starting the lab (SAP simulator and connector host, each in its own process) …", err=True)
        lab = stack.enter_context(Lab(LabOptions(processes=True)))
        settings.update(tenant_url=lab.host.tenant_url, secret=lab.host.secret, ca_cert=str(lab.host.ca_cert))
        click.echo(f"Tenant URL: {lab.host.tenant_url}", err=True)
        return lab.target
    if settings["target_admin_url"] and not settings["worker"]:
        import requests

        from harness.orchestration import TargetView

        base = settings["target_admin_url"].rstrip("/").removesuffix("/_admin")
        session = stack.enter_context(requests.Session())
        session.trust_env = False
        return TargetView(base, session, admin_token=settings["target_admin_token"], rest_token="")
    return None


def _client(settings: dict[str, Any]) -> Any:
    from harness.scim_client import ScimClient, TenantUrlError

    try:
        return ScimClient(
            settings["tenant_url"],
            settings["secret"],
            ca_cert=settings["ca_cert"],
            timeout=settings["timeout"],
        )
    except TenantUrlError as error:
        raise click.BadParameter(str(error), param_hint="--tenant-url") from None


def _probe(settings: dict[str, Any], mapping_set: Any) -> None:
    """Entra's test connection, once, before any load: fail early and say how to fix it."""
    from harness.scim_client import ScimCallError

    client = _client(settings)
    try:
        client.test_connection(mapping_set.matching_attributes()[0])
    except ScimCallError as error:
        click.echo(f"Error: the tenant failed Entra's test connection: {error}", err=True)
        if error.status in (401, 403):
            hint = "the connector refused the secret: pass its Secret Token with --secret or PROVLAB_SECRET"
        elif error.status is None:
            hint = (
                f"nothing answered at {client.base_url}: start the connector host, fix --tenant-url, "
                "or pass its certificate with --ca-cert"
            )
        else:
            hint = "the connector answered but is not ready; see its message above"
        click.echo(f"hint: {hint}", err=True)
        sys.exit(EXIT_FAILED)
    finally:
        client.session.close()


# the run ------------------------------------------------------------------------------------
def _spec(settings: dict[str, Any]) -> LoadSpec:
    from harness.mappings import mapping_set_to_short

    from .users import run_tag

    role = "master" if settings["master"] else "worker" if settings["worker"] else "local"
    return LoadSpec(
        role=role,
        tenant_url=settings["tenant_url"],
        ca_cert=settings["ca_cert"],
        timeout=settings["timeout"],
        users=settings["users"],
        spawn_rate=settings["spawn_rate"] or float(settings["users"]),
        run_time=settings["run_seconds"],
        max_requests=settings["max_requests"],
        mix=settings["mix_weights"],
        seed=settings["seed"],
        run_tag=run_tag(random.SystemRandom()),
        mapping_document=mapping_set_to_short(settings["mapping_set"]) if settings["mappings"] else None,
        recorded_users=settings["recorded"],
        csv_prefix=settings["csv_prefix"],
        html_file=settings["html_file"],
        master_host=settings["master_host"],
        master_port=settings["master_port"],
        master_bind_host=settings["master_bind_host"],
        expect_workers=settings["expect_workers"],
        worker_wait=settings["worker_wait"],
        stop_timeout=settings["stop_timeout"],
    )


def _run(spec: LoadSpec, settings: dict[str, Any], work_dir: Path) -> None:
    from . import launch

    shape = f"{spec.users} users, {settings['run_time']}" + (
        f", at most {spec.max_requests} requests" if spec.max_requests else ""
    )
    if settings["local_workers"]:
        click.echo(
            f"load: {shape}, 1 master and {settings['local_workers']} workers on this machine", err=True
        )
    elif settings["worker"]:
        click.echo(f"worker: joining the master at {spec.master_host}:{spec.master_port}", err=True)
    else:
        click.echo(f"load: {shape}, mix {settings['mix']}", err=True)
    try:
        if settings["local_workers"]:
            launch.run_local_workers(spec, settings["secret"], work_dir, settings["local_workers"])
        elif spec.role == "local":
            launch.run_local(spec, settings["secret"], work_dir)
        else:
            launch.run_role(spec, settings["secret"], work_dir)
    except launch.LaunchError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(EXIT_FAILED)
    except KeyboardInterrupt:
        click.echo("interrupted: the load processes were stopped", err=True)
        sys.exit(130)


def _report(spec: LoadSpec, settings: dict[str, Any], mapping_set: Any, target: Any) -> None:
    from .ledger import Ledger
    from .summary import format_summary

    summary = json.loads(spec.summary_path.read_text(encoding="utf-8"))
    ledger = Ledger.from_json(json.loads(spec.ledger_path.read_text(encoding="utf-8")))
    if not settings["as_json"]:
        click.echo(format_summary(summary))
        for label, path in (
            ("CSV", spec.csv_prefix and f"{spec.csv_prefix}_stats.csv"),
            ("HTML", spec.html_file),
        ):
            if path:
                click.echo(f"{label} report: {path}", err=True)
    report = None
    if not settings["no_check"]:
        report = _consistency(settings, mapping_set, ledger, target, spec)
    if settings["as_json"]:
        click.echo(json.dumps({"summary": summary, "consistency": report.to_json() if report else None}))
    elif report is not None:
        click.echo("\n".join(report.lines()))
    if summary["exceptions"] or (report is not None and not report.ok):
        sys.exit(EXIT_FAILED)


def _consistency(settings: dict[str, Any], mapping_set: Any, ledger: Any, target: Any, spec: LoadSpec) -> Any:
    from harness.provisioning import rules_from_mapping_set

    from .consistency import check_scim, check_target
    from .users import replay_mapping_set

    if settings["recorded"]:
        mapping_set = replay_mapping_set(mapping_set, settings["recorded"])
    rules = rules_from_mapping_set(mapping_set)
    report = check_scim(ledger, rules, lambda: _client(settings))
    if target is not None:
        check_target(report, rules, target.users(), None if settings["recorded"] else spec.run_tag)
    return report
