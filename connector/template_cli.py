"""``provlab template …``: the connector's template commands, ``validate``, ``discover-soap`` and
``discover-rest``, in one group the connector assembles itself.

It sits above both :mod:`connector.template` (load and validate) and :mod:`connector.discovery`
(discovery, and the ``--live`` check of the stored WSDL copies), which itself builds on
``connector.template``: the dependency goes one way. ``provlab --help`` does not import this
module; ``provlab template`` does (``python -m connector.template_cli`` runs the group alone).
"""

from __future__ import annotations

import json
import sys

import click

from connector.discovery.cli import discover_rest, discover_soap, wsdl_session
from connector.discovery.errors import DiscoveryError
from connector.discovery.live import compare_live, openapi_records
from connector.template import TemplateInvalidError, load_template


@click.group("template", help="Connector templates (the open equivalent of MIM .wsconfig projects).")
def cli() -> None:
    pass


@cli.command(
    "validate",
    help=(
        "Validate a template directory or .wsconfig file: every file against its XSD, then meaning "
        "(services, operations, arguments, attributes, anchor, expressions, required workflows). "
        "Prints every problem as file:line:col: message. Exit 0 when valid, 1 otherwise."
    ),
)
@click.argument("template", type=click.Path(dir_okay=True, file_okay=True))
@click.option("--json", "as_json", is_flag=True, help="Print a JSON report instead of text.")
@click.option(
    "--live",
    is_flag=True,
    help=(
        "Also re-read each WSDL from its address, and each OpenAPI document a REST service was "
        "discovered from, and report what differs from the template."
    ),
)
@click.option(
    "--target-url",
    help="With --live: read WSDLs and OpenAPI documents from this base URL instead of the stored address.",
)
@click.option("--user", help="With --live: HTTP basic user for reading the WSDLs.")
@click.option(
    "--password",
    envvar="PROVLAB_WSDL_PASSWORD",
    help="With --live: its password (or $PROVLAB_WSDL_PASSWORD).",
)
@click.option(
    "--ca-cert", type=click.Path(exists=True, dir_okay=False), help="With --live: CA file for HTTPS."
)
@click.pass_context
def validate(
    ctx: click.Context,
    template: str,
    as_json: bool,
    live: bool,
    target_url: str | None,
    user: str | None,
    password: str | None,
    ca_cert: str | None,
) -> None:
    try:
        loaded = load_template(template)
    except TemplateInvalidError as exc:
        problems = exc.problems
        if as_json:
            click.echo(
                json.dumps(
                    {"template": template, "valid": False, "problems": [p.as_dict() for p in problems]}
                )
            )
        else:
            for p in problems:
                click.echo(str(p))
            click.echo(f"{template}: {len(problems)} problem(s)", err=True)
        sys.exit(1)
    summary = {
        "template": template,
        "valid": True,
        "objectTypes": sorted(loaded.schema.object_types),
        "workflows": sorted(f"{t}/{op}" for t, op in loaded.workflows),
        "shared": sorted(f"{t}/{name}" for t, name in loaded.shared),
        "problems": [],
    }
    differences = _live_differences(ctx, template, target_url, user, password, ca_cert) if live else []
    blocking = [d for d in differences if d.kind != "text-only"]
    if as_json:
        summary["live"] = (
            [
                {"service": d.service, "address": d.address, "kind": d.kind, "message": d.message}
                for d in differences
            ]
            if live
            else None
        )
        summary["valid"] = not blocking
        click.echo(json.dumps(summary))
    else:
        click.echo(
            f"{template}: valid ({len(loaded.workflows)} workflows, {len(loaded.shared)} shared, "
            f"object types: {', '.join(summary['objectTypes'])})"
        )
        for difference in differences:
            click.echo(f"live {difference.kind}: {difference}")
        if live and not differences:
            click.echo(f"{template}: every stored WSDL matches the published one")
            for name in openapi_records(template):
                click.echo(f"{template}: REST service {name} matches its published OpenAPI document")
    if blocking:
        sys.exit(1)


def _live_differences(
    ctx: click.Context,
    template: str,
    target_url: str | None,
    user: str | None,
    password: str | None,
    ca_cert: str | None,
) -> list:
    """The ``--live`` comparison; an unreadable discovery.xml exits 1 with the reason."""
    try:
        return compare_live(
            template, session=wsdl_session(ctx, user, password, ca_cert), target_url=target_url
        )
    except DiscoveryError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)


cli.add_command(discover_soap)
cli.add_command(discover_rest)

if __name__ == "__main__":  # pragma: no cover
    cli()
