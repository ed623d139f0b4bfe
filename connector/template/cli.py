"""``provlab template …``: commands for connector templates."""

from __future__ import annotations

import json
import sys

import click

from connector.template.problems import TemplateInvalidError


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
def validate(template: str, as_json: bool) -> None:
    from connector.template.loader import load_template

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
        "problems": [],
    }
    if as_json:
        click.echo(json.dumps(summary))
    else:
        click.echo(
            f"{template}: valid ({len(loaded.workflows)} workflows, object types: "
            f"{', '.join(summary['objectTypes'])})"
        )
