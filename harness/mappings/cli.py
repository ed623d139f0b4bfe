"""``provlab mappings``: check, show and convert Entra attribute-mapping files."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
import requests
import yaml

from harness.expressions.cli import display_value, parse_attributes
from harness.reports.wording import counted

from .defaults import sap_ecc_mapping_set
from .errors import MappingError
from .evaluation import evaluate_mappings
from .graph_schema import mapping_set_to_graph
from .loader import load_mappings
from .model import MappingSet
from .schema_check import SchemasError, check_against_schemas
from .short_form import mapping_set_to_short

FORMATS = click.Choice(["json", "yaml"])


def _load(path: str | None) -> MappingSet:
    if path is None:
        return sap_ecc_mapping_set()
    try:
        return load_mappings(path)
    except MappingError as exc:
        raise click.ClickException(str(exc)) from None


def _fetch_schemas(tenant_url: str, secret: str, ca_cert: str | None, timeout: float) -> Any:
    url = tenant_url.split("?", 1)[0].rstrip("/") + "/Schemas"
    try:
        response = requests.get(
            url,
            headers={"Authorization": f"Bearer {secret}", "Accept": "application/scim+json"},
            verify=ca_cert if ca_cert else True,
            timeout=timeout,
        )
    except requests.RequestException as exc:
        raise click.ClickException(f"GET {url} failed: {exc}") from None
    if response.status_code != 200:
        raise click.ClickException(f"GET {url} answered {response.status_code}: {response.text[:300]}")
    try:
        return response.json()
    except ValueError:
        raise click.ClickException(
            f"GET {url} answered 200 but not with JSON: {response.text[:300]}"
        ) from None


def _read_schemas(path: str) -> Any:
    """A saved /Schemas answer; a file that is not JSON is a clear file:line:column error."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise click.ClickException(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise click.ClickException(f"{path}: cannot read: {exc}") from None


@click.group("mappings")
def cli() -> None:
    """Entra attribute mappings (Graph schema JSON or the short YAML form).

    Without FILE, commands use the default SAP ECC mappings from Microsoft's web services
    connector page (fixtures/mappings/sap-ecc.json).
    """


@cli.command("validate")
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--schemas",
    "schemas_file",
    type=click.Path(exists=True, dir_okay=False),
    help="The target's GET /Schemas answer, saved as JSON.",
)
@click.option(
    "--tenant-url", help="Read /Schemas from this connector (the SCIM base URL admins paste into Entra)."
)
@click.option("--secret", envvar="PROVLAB_SECRET", help="Bearer secret for --tenant-url ($PROVLAB_SECRET).")
@click.option(
    "--ca-cert", type=click.Path(exists=True, dir_okay=False), help="Trust this certificate for HTTPS."
)
@click.option("--timeout", default=30.0, show_default=True, help="Seconds to wait for /Schemas.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def validate(
    file: str | None,
    schemas_file: str | None,
    tenant_url: str | None,
    secret: str | None,
    ca_cert: str | None,
    timeout: float,
    as_json: bool,
) -> None:
    """Check a mapping file, and optionally that the target's schema accepts it.

    Exit status: 0 valid, 1 problems found or the file is invalid, 2 bad options.
    """
    mapping_set = _load(file)
    schemas: Any = None
    source = ""
    if schemas_file:
        schemas, source = _read_schemas(schemas_file), schemas_file
    elif tenant_url:
        if not secret:
            raise click.UsageError("--tenant-url needs --secret (or $PROVLAB_SECRET)")
        schemas, source = _fetch_schemas(tenant_url, secret, ca_cert, timeout), f"{tenant_url} /Schemas"
    try:
        problems = [] if schemas is None else check_against_schemas(mapping_set, schemas)
    except SchemasError as exc:
        raise click.ClickException(f"{source}: {exc}") from None
    errors = [p for p in problems if p.level == "error"]
    if as_json:
        click.echo(json.dumps({"valid": not errors, "problems": [p.__dict__ for p in problems]}, indent=2))
    else:
        for problem in problems:
            click.echo(str(problem))
        click.echo(
            f"{counted(len(mapping_set.attribute_mappings), 'mapping')}, {counted(len(errors), 'error')}"
        )
    sys.exit(1 if errors else 0)


@cli.command("show")
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--attr", "pairs", multiple=True, metavar="NAME=VALUE", help="A source attribute of a sample user."
)
@click.option("--update", is_flag=True, help="Evaluate as an update rather than a creation.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def show(file: str | None, pairs: tuple[str, ...], update: bool, as_json: bool) -> None:
    """List the mappings and, with --attr, what they send for a sample user (secrets as [Redact])."""
    mapping_set = _load(file)
    attributes = parse_attributes(pairs)
    try:
        outcomes = evaluate_mappings(mapping_set, attributes, is_new=not update) if pairs else {}
    except MappingError as exc:
        raise click.ClickException(str(exc)) from None
    rows = [
        {
            "target": m.target,
            "type": m.mapping_type,
            "source": m.expression if m.source is not None else f"(default {m.default_value!r})",
            "matching": m.matching_priority,
            "apply": m.flow_type,
            **({"value": _shown(outcomes, m.target)} if pairs else {}),
        }
        for m in mapping_set.attribute_mappings
    ]
    if as_json:
        click.echo(json.dumps({"scope": mapping_set.scoping_description, "mappings": rows}, indent=2))
        return
    click.echo(f"{mapping_set.name} → {mapping_set.target_object}")
    who = "all users" if mapping_set.sync_all else "assigned users"
    actions = ", ".join(sorted(mapping_set.actions))
    click.echo(f"actions: {actions}; scope: {who}; filters: {mapping_set.scoping_description}")
    for row in rows:
        matching = f" [matching {row['matching']}]" if row["matching"] else ""
        value = f"  = {display_value(row['value'])}" if "value" in row else ""
        click.echo(f"{row['target']} ← {row['source']} ({row['type']}, {row['apply']}){matching}{value}")


def _shown(outcomes: dict, target: str) -> object:
    return outcomes[target].log_value if target in outcomes else "(not sent)"


@cli.command("convert")
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--to", "fmt", type=FORMATS, required=True, help="json: Graph synchronizationSchema; yaml: short form."
)
def convert(file: str | None, fmt: str) -> None:
    """Print a mapping file (or the default SAP ECC set) in the other format."""
    mapping_set = _load(file)
    if fmt == "json":
        click.echo(json.dumps(mapping_set_to_graph(mapping_set), indent=2, ensure_ascii=False))
    else:
        click.echo(
            yaml.safe_dump(mapping_set_to_short(mapping_set), sort_keys=False, allow_unicode=True), nl=False
        )
