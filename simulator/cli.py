"""``provlab simulator …``: run the simulated target systems."""

from __future__ import annotations

from pathlib import Path

import click

from provlab.clock import SYSTEM_CLOCK
from provlab.serving import PortUnavailableError, ServerHandle, check_port_free, serve_forever
from provlab.urls import http_url_problem
from simulator.app import (
    ADMIN_PREFIX,
    DEFAULT_ADMIN_TOKEN,
    DEFAULT_REST_TOKEN,
    DEFAULT_SAP_PASSWORD,
    DEFAULT_SAP_USER,
    create_app,
    export_wsdl,
    rest_url,
    wsdl_url,
)
from simulator.faults import FaultRule, FaultRuleError, parse_rule
from simulator.seed import generate_users
from simulator.store import UserStore

DEFAULT_PORT = 8090


def _parse_faults(
    _ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]
) -> tuple[FaultRule, ...]:
    try:
        return tuple(parse_rule(value) for value in values)
    except FaultRuleError as exc:
        raise click.BadParameter(str(exc)) from None


def _base_url(_ctx: click.Context, _param: click.Parameter, value: str) -> str:
    """A server's base address, ``http(s)://host[:port]``: the WSDL's SOAP address is built on it."""
    problem = http_url_problem(value, allow_path=False)
    if problem:
        raise click.BadParameter(
            f"{value!r} is not an http(s)://host[:port] address ({problem}); e.g. http://127.0.0.1:{DEFAULT_PORT}"
        )
    return value.rstrip("/")


@click.group(
    name="simulator",
    help="Simulated target systems: SAP ECC SU_USER over SOAP and a line-of-business REST user API.",
)
def cli() -> None:
    """The simulator's commands."""


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind.")
@click.option(
    "--port",
    default=DEFAULT_PORT,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="0 picks a free port.",
)
@click.option("--sap/--no-sap", default=True, show_default=True, help="Serve the SAP SU_USER SOAP service.")
@click.option("--rest/--no-rest", default=True, show_default=True, help="Serve the REST user service.")
@click.option(
    "--seed-users",
    default=0,
    show_default=True,
    type=click.IntRange(min=0),
    help="Add N sample users at start.",
)
@click.option(
    "--seed",
    default=42,
    show_default=True,
    type=int,
    help="Random seed for --seed-users (same seed, same users).",
)
@click.option(
    "--state-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Keep users in a SQLite file here so they survive a restart (default: in memory).",
)
@click.option(
    "--user", "sap_user", default=DEFAULT_SAP_USER, show_default=True, help="HTTP basic user for SAP."
)
@click.option(
    "--password",
    "sap_password",
    default=DEFAULT_SAP_PASSWORD,
    envvar="PROVLAB_SAP_PASSWORD",
    show_default=True,
    help="HTTP basic password for SAP and REST (or $PROVLAB_SAP_PASSWORD).",
)
@click.option(
    "--rest-token",
    default=DEFAULT_REST_TOKEN,
    envvar="PROVLAB_REST_TOKEN",
    show_default=True,
    help="Bearer token for the REST service (or $PROVLAB_REST_TOKEN).",
)
@click.option(
    "--admin-token",
    default=DEFAULT_ADMIN_TOKEN,
    envvar="PROVLAB_ADMIN_TOKEN",
    show_default=True,
    help="Bearer token for the admin API under /_admin (or $PROVLAB_ADMIN_TOKEN).",
)
@click.option(
    "--fault",
    "fault_rules",
    multiple=True,
    callback=_parse_faults,
    metavar="SERVICE:OPERATION:KIND[:k=v,...]",
    help="A fault rule active from the start; repeatable. See docs/simulator.md. "
    "E.g. sap:BAPI_USER_CREATE1:sap_error:number=224,times=1",
)
@click.option(
    "--fault-seed", default=0, show_default=True, type=int, help="Seed for probabilistic fault rules."
)
def serve(
    host: str,
    port: int,
    sap: bool,
    rest: bool,
    seed_users: int,
    seed: int,
    state_dir: Path | None,
    sap_user: str,
    sap_password: str,
    rest_token: str,
    admin_token: str,
    fault_rules: tuple[FaultRule, ...],
    fault_seed: int,
) -> None:
    """Serve the simulator until Ctrl+C or SIGTERM, printing its URLs and credentials.

    \b
    Example:
      provlab simulator serve --port 8090 --seed-users 50 --seed 42
      provlab simulator serve --no-rest --fault "sap:BAPI_USER_GETLIST:latency:ms=200"
    """
    try:
        check_port_free(host, port)  # before seeding, so a taken port is said at once
    except PortUnavailableError as exc:
        raise click.ClickException(str(exc)) from None
    store = UserStore(clock=SYSTEM_CLOCK, state_dir=state_dir)
    added = store.add_many(generate_users(seed_users, seed=seed, today=store.today())) if seed_users else 0
    app = create_app(
        store=store,
        sap=sap,
        rest=rest,
        credentials=(sap_user, sap_password),
        rest_token=rest_token,
        admin_token=admin_token,
        fault_seed=fault_seed,
    )
    for rule in fault_rules:
        app.faults.add(rule)

    def banner(handle: ServerHandle) -> None:
        if sap:
            click.echo(f"WSDL: {wsdl_url(handle.url)}")
            click.echo(f"SAP user: {sap_user}  password: {sap_password}")
        if rest:
            click.echo(f"REST: {rest_url(handle.url)}/users")
            click.echo(f"REST token: {rest_token}  (or basic {sap_user} / {sap_password})")
        click.echo(f"Admin: {handle.url}{ADMIN_PREFIX}  token: {admin_token}")
        for rule in app.faults.rules():
            click.echo(f"Fault rule {rule.id}: {rule.service}:{rule.operation}:{rule.kind.value}")
        click.echo(f"Health: {handle.url}/_health")
        where = f"SQLite {store.path}" if store.path else "memory"
        click.echo(f"Users: {store.count()} in {where} ({added} seeded)")
        click.echo("Press Ctrl+C to stop.")

    try:
        serve_forever(app, host=host, port=port, on_ready=banner)
    except PortUnavailableError as exc:  # taken between the check and the bind
        raise click.ClickException(str(exc)) from None
    finally:
        store.close()


@cli.command()
@click.option(
    "--base-url",
    default=f"http://127.0.0.1:{DEFAULT_PORT}",
    show_default=True,
    callback=_base_url,
    help="Server address, http(s)://host[:port], to write into the WSDL's SOAP address.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the WSDL to this file instead of standard output.",
)
def wsdl(base_url: str, output: Path | None) -> None:
    """Print the SAP service's WSDL without starting a server.

    \b
    Example (a connector template's copy of the WSDL):
      provlab simulator wsdl -o templates/sap-ecc/wsdl/ZSAPCONNECTORWEBSERVICE.wsdl
    """
    document = export_wsdl(base_url)
    if output is None:
        click.echo(document.decode("utf-8"))
    else:
        try:
            output.write_bytes(document)
        except OSError as exc:
            raise click.ClickException(
                f"cannot write the WSDL to {output}: {exc.strerror or exc}; "
                "pick a writable -o path in a folder that exists"
            ) from None
        click.echo(f"WSDL written to {output}")
