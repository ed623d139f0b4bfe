"""``provlab validate``: check a customer's host configuration, template and Entra mappings together."""

from __future__ import annotations

import json

import click
from rich.console import Console

from provlab.check_table import render_checks

from .runner import validate as run_validation

_FILE = click.Path(exists=True, dir_okay=False)


@click.command("validate")
@click.option(
    "--config",
    "config",
    type=_FILE,
    required=True,
    help="The host's Configuration.xml (ECMA2Host's own file).",
)
@click.option(
    "--template",
    type=click.Path(exists=True),
    required=True,
    help="The connector template: a directory or .wsconfig file.",
)
@click.option(
    "--mappings",
    type=_FILE,
    required=True,
    help="Entra's mappings: the Graph synchronization schema JSON (or the short YAML form).",
)
@click.option("--connector", help="Which connector of the configuration (default: the first).")
@click.option("--target-url", help="Check the customer's own target instead of the simulator (read-only).")
@click.option(
    "--allow-writes",
    is_flag=True,
    help="With --target-url, also run the standard suite there: it creates, changes and deletes "
    "test users labcheck1@contoso.example and labcheck2@contoso.example (deleted at the end).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.pass_context
def validate(
    ctx: click.Context,
    config: str,
    template: str,
    mappings: str,
    connector: str | None,
    target_url: str | None,
    allow_writes: bool,
    as_json: bool,
) -> None:
    """Check a customer's configuration before rollout, then run the standard suite.

    Cross-checks the three files (mapped attributes are selected in the host, the anchor is
    mapped and used for matching, types agree, the disable and delete flows fit the mappings,
    the template is valid), then runs create, match, update, soft delete, restore and delete
    against the SAP simulator, or with --target-url read-only checks against that target.
    Exits 1 when any check fails.
    """
    if allow_writes and not target_url:
        raise click.UsageError(
            "--allow-writes only applies with --target-url (the simulator is always writable)"
        )
    session = (ctx.obj or {}).get("target_session")  # injected by in-process tests
    report = run_validation(
        config,
        template,
        mappings,
        connector=connector,
        target_url=target_url,
        allow_writes=allow_writes,
        target_session=session,
    )
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        render_checks(
            report.results, Console(width=140, soft_wrap=False, highlight=False), title="provlab validate"
        )
    if not report.passed:
        ctx.exit(1)
