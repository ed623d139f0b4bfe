"""The root ``provlab`` command. Each package owns its click group in its own ``cli.py``;
this module only mounts them, and sets up logging once for all of them."""

from __future__ import annotations

import sys

import click

from provlab import __version__
from provlab.logsetup import configure_logging

LOG_LEVELS = ["DEBUG", "INFO", "WARNING", "ERROR"]


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
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


def _mount() -> None:
    """Attach each package's command group; each package owns its commands in its own ``cli.py``."""
    from connector.cli import cli as connector_cli
    from connector.discovery.cli import discover_rest, discover_soap
    from connector.template.cli import cli as template_cli
    from harness.demo.cli import demo
    from harness.entra_cli import cli as entra_cli
    from harness.expressions.cli import expression
    from harness.mappings.cli import cli as mappings_cli
    from harness.replay.cli import replay
    from harness.validate.cli import validate
    from simulator.cli import cli as simulator_cli

    template_cli.add_command(discover_soap)
    template_cli.add_command(discover_rest)
    for command in (
        demo,
        simulator_cli,
        connector_cli,
        template_cli,
        entra_cli,
        expression,
        mappings_cli,
        replay,
        validate,
    ):
        cli.add_command(command)


_mount()


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
