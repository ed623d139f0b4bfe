"""The root ``provlab`` command. Each package owns its click group in its own ``cli.py``;
this module only mounts them (loaded when used, so ``provlab --help`` and every command
start fast) and sets up logging once for all of them."""

from __future__ import annotations

import importlib
import sys

import click

from provlab import __version__
from provlab.logsetup import configure_logging

LOG_LEVELS = ["DEBUG", "INFO", "WARNING", "ERROR"]

# name -> (module:attribute, one-line help shown by `provlab --help` without importing the module)
COMMANDS: dict[str, tuple[str, str]] = {
    "demo": ("harness.demo.cli:demo", "The whole provisioning story on embedded defaults."),
    "simulator": ("simulator.cli:cli", "Simulated targets: SAP ECC SU_USER over SOAP, a LOB REST API."),
    "connector": ("connector.cli:cli", "The ECMA Connector Host: SCIM endpoint, connector space, templates."),
    "template": (
        "connector.template_cli:cli",
        "Connector templates: validate, discover-soap, discover-rest.",
    ),
    "entra": ("harness.entra.cli:cli", "The simulated Entra provisioning job: cycles, on-demand, logs."),
    "expression": ("harness.expressions.cli:expression", "Evaluate an Entra attribute-mapping expression."),
    "mappings": ("harness.mappings.cli:cli", "Entra attribute mappings: validate, show, convert."),
    "replay": ("harness.replay.cli:replay", "Replay recorded SCIM traffic against a connector host."),
    "validate": (
        "harness.validate.cli:validate",
        "Check a customer's configuration and run the standard suite.",
    ),
    "bench": ("harness.bench.cli:bench", "Benchmarks: throughput, scale and overhead against the floor."),
    "load": ("harness.load.cli:load", "Entra-shaped SCIM load on Locust, from one machine or many."),
}


def _load(target: str) -> click.Command:
    module_name, attribute = target.split(":")
    return getattr(importlib.import_module(module_name), attribute)


class LazyGroup(click.Group):
    """Loads a sub-command's module only when that command runs (click's documented lazy-group pattern)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        return _load(COMMANDS[cmd_name][0])

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][1]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(
    cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110}
)
@click.version_option(__version__, "--version", prog_name="provlab")
@click.option(
    "--log-level",
    type=click.Choice(LOG_LEVELS, case_sensitive=False),
    default="WARNING",
    show_default=True,
    envvar="PROVLAB_LOG_LEVEL",
    help="Log level for every component (secrets are always redacted).",
)
@click.option("--log-json", is_flag=True, envvar="PROVLAB_LOG_JSON", help="Log one JSON object per line.")
def cli(log_level: str, log_json: bool) -> None:
    """provlab: Entra ID on-premises provisioning lab.

    Simulated Entra (harness) -> ECMA2Host-compatible connector host (SCIM 2.0) -> simulated
    SAP ECC / LOB targets, all on one machine.
    """
    configure_logging(log_level, json_lines=log_json)


def main() -> None:
    """Console-script entry point."""
    if sys.version_info >= (3, 12):
        click.echo(
            "provlab needs Python 3.11: Spyne 2.14, which serves the simulated SAP service, "
            "does not import on Python 3.12 or newer.",
            err=True,
        )
        sys.exit(2)
    cli(prog_name="provlab")


if __name__ == "__main__":  # pragma: no cover
    main()
