"""``provlab simulator …``: run the simulated target systems.

``serve`` takes a ``--<target>/--no-<target>`` switch and the settings of every registered target
(:mod:`simulator.registry`), added when the command runs, so a vendor installed from another
package gets its flags without a change here; ``targets`` lists what is registered.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from provlab.clock import SYSTEM_CLOCK
from provlab.serving import PortUnavailableError, ServerHandle, check_port_free, serve_forever
from provlab.urls import http_url_problem
from simulator.app import (
    DEFAULT_ADMIN_TOKEN,
    DEFAULT_SAP_PASSWORD,
    DEFAULT_SAP_USER,
    create_app,
    export_wsdl,
)
from simulator.faults import FaultRule, FaultRuleError, parse_rule
from simulator.registry import ENTRY_POINT_GROUP, TargetRegistryError, registry
from simulator.store import UserStore
from simulator.target import Target

DEFAULT_PORT = 8090


def _parse_faults(
    _ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]
) -> tuple[FaultRule, ...]:
    try:
        return tuple(parse_rule(value) for value in values)
    except FaultRuleError as exc:
        raise click.BadParameter(str(exc)) from None
    except TargetRegistryError as exc:
        raise click.ClickException(str(exc)) from None


def _base_url(_ctx: click.Context, _param: click.Parameter, value: str) -> str:
    """A server's base address, ``http(s)://host[:port]``: the WSDL's SOAP address is built on it."""
    problem = http_url_problem(value, allow_path=False)
    if problem:
        raise click.BadParameter(
            f"{value!r} is not an http(s)://host[:port] address ({problem}); e.g. http://127.0.0.1:{DEFAULT_PORT}"
        )
    return value.rstrip("/")


def _registered_targets() -> tuple[Target, ...]:
    try:
        return registry().targets()
    except TargetRegistryError as exc:
        raise click.ClickException(str(exc)) from None


def target_switches(targets: tuple[Target, ...]) -> list[click.Option]:
    """``--<name>/--no-<name>`` for each registered target."""
    return [
        click.Option(
            [f"--{t.name}/--no-{t.name}", t.name],
            default=t.served_by_default,
            show_default=True,
            help=f"Serve {t.title}.",
        )
        for t in targets
    ]


def target_settings(targets: tuple[Target, ...]) -> list[click.Option]:
    """Each registered target's own settings (a token, a user …) as options."""
    return [
        click.Option(
            [setting.flag, setting.name],
            default=setting.default,
            envvar=setting.envvar,
            show_default=True,
            help=setting.help,
        )
        for t in targets
        for setting in t.settings
    ]


class ServeCommand(click.Command):
    """``serve`` with the registered targets' switches after ``--port`` and their settings after
    ``--password``, read from the registry when the command runs (a broken plug-in is then an
    error message, not a failure of every ``provlab simulator`` command)."""

    def get_params(self, ctx: click.Context) -> list[click.Parameter]:
        targets = _registered_targets()
        params = super().get_params(ctx)
        names = [p.name for p in params]
        params[names.index("port") + 1 : names.index("port") + 1] = target_switches(targets)
        names = [p.name for p in params]
        params[names.index("sap_password") + 1 : names.index("sap_password") + 1] = target_settings(targets)
        return params


@click.group(
    name="simulator",
    help="Simulated target systems: SAP ECC SU_USER over SOAP, a line-of-business REST user API, "
    "and any vendor an installed package registers.",
)
def cli() -> None:
    """The simulator's commands."""


@cli.command(cls=ServeCommand)
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind.")
@click.option(
    "--port",
    default=DEFAULT_PORT,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="0 picks a free port.",
)
@click.option(
    "--seed-users",
    default=0,
    show_default=True,
    type=click.IntRange(min=0),
    help="Add N sample users at start (made by the first target served).",
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
    seed_users: int,
    seed: int,
    state_dir: Path | None,
    sap_user: str,
    sap_password: str,
    admin_token: str,
    fault_rules: tuple[FaultRule, ...],
    fault_seed: int,
    **target_options: Any,
) -> None:
    """Serve the simulator until Ctrl+C or SIGTERM, printing its URLs and credentials.

    Every registered target has a --<target>/--no-<target> switch (`provlab simulator targets`
    lists them).

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
    try:
        app = create_app(
            store=store,
            credentials=(sap_user, sap_password),
            admin_token=admin_token,
            fault_seed=fault_seed,
            **target_options,
        )
    except TargetRegistryError as exc:
        store.close()
        raise click.ClickException(str(exc)) from None
    seeder = next(iter(app.targets.values()), None) or Target()
    added = (
        store.add_many(seeder.sample_users(seed_users, seed=seed, today=store.today())) if seed_users else 0
    )
    for rule in fault_rules:
        app.faults.add(rule)

    def banner(handle: ServerHandle) -> None:
        for line in app.banner(handle.url):
            click.echo(line)
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


def _describe(target: Target, source: str) -> dict[str, Any]:
    fixtures = target.fixtures()
    return {
        "name": target.name,
        "title": target.title,
        "source": source,
        "servedByDefault": target.served_by_default,
        "faultKinds": [spec.kind.value for spec in target.fault_kinds],
        "settings": [setting.flag for setting in target.settings],
        "fixtures": {
            part: str(path) if path else None
            for part, path in (
                ("template", fixtures.template),
                ("hostConfig", fixtures.host_config),
                ("mappings", fixtures.mappings),
                ("scenarios", fixtures.scenarios),
            )
        },
    }


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the targets as JSON.")
def targets(as_json: bool) -> None:
    """List the registered targets: the shipped ones and those of installed packages.

    A package registers one through its `provlab.targets` entry point; a target missing here is
    not installed in this Python environment.
    """
    found = _registered_targets()
    reg = registry()
    described = [_describe(t, reg.registration(t.name).source) for t in found]
    if as_json:
        click.echo(json.dumps({"entryPointGroup": ENTRY_POINT_GROUP, "targets": described}, indent=2))
        return
    for item in described:
        default = "served by default" if item["servedByDefault"] else f"serve with --{item['name']}"
        click.echo(f"{item['name']}: {item['title']} ({item['source']}; {default})")
        if item["faultKinds"]:
            click.echo(f"  fault kinds: {', '.join(item['faultKinds'])}")
        if item["settings"]:
            click.echo(f"  settings: {', '.join(item['settings'])}")
        for part, path in item["fixtures"].items():
            if path:
                click.echo(f"  {part}: {path}")


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
