"""``provlab connector``: serve the ECMA2Host-compatible host, run an import, test the connection."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from connector.config import (
    ConnectorConfig,
    HostConfig,
    HostConfigError,
    UnknownConnectorError,
    load_host_config,
)
from connector.host.app import HostStartupError, create_host_app, memory_space, sqlite_spaces
from connector.host.backends import template_backend
from connector.host.recording import RecordingMiddleware
from connector.host.runtime import ConnectorRuntime
from connector.scim import DEFAULT_MAX_BODY_BYTES
from provlab.urls import http_url_problem

DEFAULT_STATE_DIR = Path(".provlab") / "connector"
_CONFIG_OPTION = click.option(
    "--config",
    "config_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The host configuration: ECMA2Host's Configuration.xml (one or more <Connector>).",
)


def _target_url(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """``--target-url`` must say where to send requests: http(s)://host[:port][/path prefix]."""
    if value is None:
        return None
    problem = http_url_problem(value)
    if problem:
        raise click.BadParameter(
            f"{value!r} is not an http(s) URL ({problem}); give the target's base URL, e.g. http://127.0.0.1:8090"
        )
    return value


_TARGET_OPTION = click.option(
    "--target-url",
    default=None,
    callback=_target_url,
    help="The target application's base URL, http(s)://host[:port]; overrides the configuration's Host/Port.",
)
_STATE_OPTION = click.option(
    "--state-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_STATE_DIR,
    show_default=True,
    help="Where the connector space (SQLite) and the TLS certificate are kept between runs.",
)
_CONNECTOR_OPTION = click.option(
    "--connector", "connector_name", default=None, help="Only this connector (case-sensitive name)."
)


def _load(config_path: Path) -> HostConfig:
    try:
        return load_host_config(config_path)
    except HostConfigError as exc:
        raise click.ClickException(str(exc)) from None


def _selected(config: HostConfig, name: str | None) -> list[ConnectorConfig]:
    if name is None:
        return list(config.connectors)
    try:
        return [config.select(name)]
    except UnknownConnectorError as exc:
        raise click.ClickException(f"{config.source or 'the configuration'}: {exc}") from None


def _backend_factory(ctx: click.Context) -> Callable[..., Any]:
    """Tests and embedders may put another factory in ``ctx.obj['backend_factory']``."""
    obj = ctx.find_root().obj
    return obj.get("backend_factory", template_backend) if isinstance(obj, dict) else template_backend


def _backends(
    ctx: click.Context, connectors: list[ConnectorConfig], target_url: str | None
) -> dict[str, Any]:
    factory = _backend_factory(ctx)
    try:
        return {c.name: factory(c, target_url=target_url) for c in connectors}
    except HostStartupError as exc:
        raise click.ClickException(str(exc)) from None


@click.group(
    name="connector", help="The ECMA Connector Host: a SCIM endpoint in front of a template-driven connector."
)
def cli() -> None:
    """The connector host's commands."""


@cli.command()
@_CONFIG_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=None,
    help="Port to serve on (default: <Setting><Port> of the file, 8585); 0 picks a free one.",
)
@click.option(
    "--secret",
    envvar="PROVLAB_SECRET",
    default=None,
    help="The bearer Secret Token (at least 12 characters) for every connector; env PROVLAB_SECRET. "
    "Overrides <SecretToken>.",
)
@_TARGET_OPTION
@_STATE_OPTION
@click.option(
    "--http", "plain_http", is_flag=True, help="Serve plain HTTP (local tests only; Entra needs HTTPS)."
)
@click.option(
    "--record",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Append every SCIM exchange to this JSON Lines file (secrets redacted).",
)
@click.option("--debug", is_flag=True, help="Enable the /scim/cache view of the connector space.")
@click.option(
    "--max-body-bytes",
    type=click.IntRange(min=1024),
    default=DEFAULT_MAX_BODY_BYTES,
    show_default=True,
    help="Largest request body accepted (413 beyond).",
)
@click.pass_context
def serve(
    ctx: click.Context,
    config_path: Path,
    host: str,
    port: int | None,
    secret: str | None,
    target_url: str | None,
    state_dir: Path,
    plain_http: bool,
    record: Path | None,
    debug: bool,
    max_body_bytes: int,
) -> None:
    """Serve /ecma2host_{name}/scim for every connector of the configuration over HTTPS.

    On the first start a self-signed certificate is made in --state-dir and reused after.
    SCIM requests get 503 until the first Full Import has filled the connector space;
    the autosync timer then re-imports in the background. Stops cleanly on SIGTERM/Ctrl-C.
    """
    from provlab.logsetup import configure_logging
    from provlab.serving import PortUnavailableError, check_port_free, serve_forever
    from provlab.tls import ensure_self_signed

    configure_logging("INFO")
    config = _load(config_path)
    port = port if port is not None else config.port
    try:
        check_port_free(host, port)  # before the first Full Import, so a taken port is said at once
    except PortUnavailableError as exc:
        raise click.ClickException(str(exc)) from None
    backends = _backends(ctx, list(config.connectors), target_url)
    middleware = (
        (lambda app: RecordingMiddleware(app, record, max_body_bytes=max_body_bytes)) if record else None
    )
    try:
        app = create_host_app(
            config,
            backends,
            secret_override=secret,
            debug=debug,
            spaces=sqlite_spaces(state_dir),
            max_body_bytes=max_body_bytes,
            middleware=middleware,
        )
    except HostStartupError as exc:
        raise click.ClickException(str(exc)) from None
    tls = None if plain_http else ensure_self_signed(state_dir, [socket.gethostname(), "localhost"])
    app.start(initial_import="background", autosync=True)

    def banner(handle) -> None:
        for line in banner_lines(config, handle.url, tls, record):
            click.echo(line)

    try:
        serve_forever(app, host=host, port=port, tls=tls, on_ready=banner)
    except PortUnavailableError as exc:  # taken between the check and the bind
        raise click.ClickException(str(exc)) from None
    finally:
        app.close()


def banner_lines(config: HostConfig, url: str, tls: Any, record: Path | None) -> list[str]:
    """What ``serve`` prints: one Tenant URL per connector, then what a client must trust."""
    if "://0.0.0.0:" in url:  # bound to every interface: name the machine, as the certificate does
        url = url.replace("://0.0.0.0:", f"://{socket.gethostname()}:")
    lines = [f"Tenant URL: {url}{c.scim_base_path}" for c in config.connectors]
    if tls is not None:
        lines.append(f"Certificate fingerprint (SHA-256): {tls.fingerprint}")
        lines.append(f"Certificate file (trust this in clients): {tls.cert_path}")
    else:
        lines.append("Plain HTTP: for local tests only; Entra needs HTTPS.")
    lines.append("Secret Token: the connector's <SecretToken>, or --secret / PROVLAB_SECRET when given.")
    if record is not None:
        lines.append(f"Recording SCIM traffic to: {record}")
    return lines


@cli.command(name="import")
@_CONFIG_OPTION
@_CONNECTOR_OPTION
@_TARGET_OPTION
@click.option(
    "--state-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Store the result in this state directory's connector space (what serve starts from).",
)
@click.pass_context
def import_command(
    ctx: click.Context,
    config_path: Path,
    connector_name: str | None,
    target_url: str | None,
    state_dir: Path | None,
) -> None:
    """Run a Full Import of each connector and print a summary."""
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from provlab.clock import SYSTEM_CLOCK

    config = _load(config_path)
    connectors = _selected(config, connector_name)
    backends = _backends(ctx, connectors, target_url)
    spaces = sqlite_spaces(state_dir) if state_dir else memory_space
    console = Console(stderr=True)
    failed = False
    results = []
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console
    ) as bar:
        for connector in connectors:
            task = bar.add_task(f"Full Import of {connector.name}", total=None)
            space = spaces(connector)
            runtime = ConnectorRuntime(connector, backends[connector.name], space, SYSTEM_CLOCK)
            started = time.monotonic()
            try:
                summary = runtime.full_import()
                results.append((connector.name, summary, time.monotonic() - started, None))
            except Exception as exc:  # the summary names the failure; the exit code says it
                failed = True
                results.append(
                    (connector.name, None, time.monotonic() - started, getattr(exc, "message", str(exc)))
                )
            finally:
                space.close()
                bar.update(task, total=1, completed=1)
    for name, summary, seconds, error in results:
        if summary is None:
            click.echo(f"{name}: Full Import failed after {seconds:.1f} s: {error}")
        else:
            note = f" ({summary.message})" if summary.message else ""
            counted = f"{summary.entries} objects imported in {seconds:.1f} s"
            click.echo(f"{name}: {counted}, status {summary.status}{note}")
    if failed:
        raise SystemExit(1)


@cli.command(name="test-connection")
@_CONFIG_OPTION
@_CONNECTOR_OPTION
@_TARGET_OPTION
@click.pass_context
def test_connection(
    ctx: click.Context, config_path: Path, connector_name: str | None, target_url: str | None
) -> None:
    """Run the template's Test Connection workflow for each connector; exit 1 if one fails."""
    from connector.backend import TargetUnavailableError

    config = _load(config_path)
    connectors = _selected(config, connector_name)
    backends = _backends(ctx, connectors, target_url)
    failed = False
    for connector in connectors:
        try:
            result = backends[connector.name].test_connection()
        except TargetUnavailableError as exc:
            click.echo(f"{connector.name}: target unavailable: {exc.message}")
            failed = True
            continue
        message = f": {result.message}" if result.message else ""
        click.echo(f"{connector.name}: {result.status}{message}")
        failed = failed or not result.ok
    if failed:
        raise SystemExit(1)


@cli.command("check")
@_CONFIG_OPTION
@click.option(
    "--template",
    "template_path",
    type=click.Path(exists=True, path_type=Path),
    default=None,
    help="The connector template (a folder or .wsconfig); default: the configuration's Web Service Project.",
)
@_CONNECTOR_OPTION
@click.option(
    "--target-url",
    default=None,
    callback=_target_url,
    help="Also run Test Connection and a Full Import against this target (read-only).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.pass_context
def check(
    ctx: click.Context,
    config_path: Path,
    template_path: Path | None,
    connector_name: str | None,
    target_url: str | None,
    as_json: bool,
) -> None:
    """Check a Configuration.xml and its connector template together; exit 1 if a check fails.

    The files load, every selected attribute exists in the template with the same type and anchor,
    a host whose flows delete has a Delete workflow, the secret token is long enough. With
    --target-url the template's Test Connection and Full Import run against that target too
    (nothing is written). `provlab validate` adds the checks of Entra's mappings.
    """
    from rich.console import Console

    from connector.checks.configuration import (
        ConnectorFiles,
        cross_check_files,
        load_checked_template,
        load_connector,
    )
    from connector.checks.target import check_target
    from provlab.check_table import render_checks
    from provlab.checks import CheckResult, passed

    config, config_row = load_connector(config_path, connector_name)
    if template_path is None and config is not None:
        if not config.web_service.project:
            raise click.UsageError(
                f"{config_path}: the 'Web Service Project' parameter is empty; pass --template DIR"
            )
        template_path = Path(config.web_service.project)
    files = ConnectorFiles(config_path, template_path or Path(), config)
    results = [config_row]
    if template_path is None:
        results.append(CheckResult("template is valid", "static", skipped="pass --template DIR"))
    else:
        files.template, template_row = load_checked_template(template_path)
        results.append(template_row)
    results += cross_check_files(files)
    if target_url is not None and config is not None and files.template is not None:
        session = (ctx.find_root().obj or {}).get("target_session")  # injected by in-process tests
        results += check_target(config.with_project(template_path), target_url, session=session).results
    if as_json:
        document = {"passed": passed(results), "checks": [r.to_dict() for r in results]}
        click.echo(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        render_checks(
            results, Console(width=140, soft_wrap=False, highlight=False), title="provlab connector check"
        )
    if not passed(results):
        ctx.exit(1)
