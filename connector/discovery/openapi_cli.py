"""``discover-rest --openapi``: the command-line flow of discovery from an OpenAPI document.

Read and check the document, list its operations (``--list``), choose some (``--operation``
selectors, or by number at a prompt on a terminal), write them into discovery.xml with the
record ``validate --live`` uses, and print what was written.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

import click
import requests

from connector.discovery.cli_support import fail, report_written
from connector.discovery.describe import openapi_operation_dict, openapi_tree_lines, rest_service_dict
from connector.discovery.errors import DiscoveryError
from connector.discovery.openapi import (
    OpenApiDescription,
    build_service,
    describe_openapi,
    override_security,
)
from connector.discovery.openapi_operations import OpenApiOperation
from connector.discovery.openapi_record import OpenApiRecord, merged_record, record_path
from connector.discovery.openapi_select import operation_table, parse_choice, select_operations
from connector.discovery.writer import write_openapi
from connector.discovery.wsdl_source import is_url


@dataclass(frozen=True)
class OpenApiOptions:
    """The command's options that matter in OpenAPI mode."""

    location: str
    into: str | None
    service: str | None
    endpoint: str | None
    security: str | None
    selectors: tuple[str, ...]
    list_only: bool
    interactive: bool | None
    method_names: str
    allow_remote_refs: bool
    full: bool
    as_json: bool


def run_openapi(options: OpenApiOptions, session: requests.Session) -> None:
    """Discover from the document, or list its operations; exits 1 on a refusal, 2 on a usage error."""
    try:
        description = describe_openapi(options.location, session, allow_remote_refs=options.allow_remote_refs)
    except DiscoveryError as exc:
        fail(exc, options.as_json)
    description = override_security(description, options.security)
    if options.list_only:
        _list(description, options.as_json)
        return
    for name, value in (("--into", options.into), ("--service", options.service)):
        if not value:
            raise click.UsageError(f"Missing option '{name}' (needed to write what --openapi discovers).")
    try:
        chosen, left_out = _choose(description, options)
        found = build_service(
            description,
            chosen,
            service=str(options.service),
            endpoint=options.endpoint,
            security=options.security,
            method_names=options.method_names,
        )
        record = OpenApiRecord(
            source=_source(options.location),
            version=description.version,
            method_names=options.method_names,
            endpoint=options.endpoint,
            security=options.security,
            methods={f"{r}/{m}": key for key, (r, m) in found.methods.items()},
        )
        into = Path(str(options.into))
        relpath = record_path(found.service.name)
        record = merged_record(into, found.service.name, record)
        written = write_openapi(into, found.service, record.as_json(), relpath)
    except DiscoveryError as exc:
        fail(exc, options.as_json)
    if options.as_json:
        click.echo(
            json.dumps(
                {
                    "ok": True,
                    "action": written.action,
                    "document": {"location": options.location, "version": description.version},
                    "service": rest_service_dict(found.service),
                    "operations": [
                        openapi_operation_dict(op, found.methods[op.key]) for op in found.operations
                    ],
                    "leftOut": [openapi_operation_dict(op) for op in left_out],
                    "record": str(into / relpath),
                }
            )
        )
        return
    click.echo(f"{description.headline}, {len(chosen)} chosen")
    for line in openapi_tree_lines(found, full=options.full):
        click.echo(line)
    for op in left_out:
        click.echo(f"left out {op.label}: {'; '.join(str(r) for r in op.refusals)}", err=True)
    grouped: dict[str, list[str]] = {}
    for resource, method in found.methods.values():
        grouped.setdefault(resource, []).append(method)
    what = "; ".join(f"{found.service.name} > {r} > {', '.join(ms)}" for r, ms in grouped.items())
    report_written(written, f"{'method' if len(found.methods) == 1 else 'methods'} {what}")


def _source(location: str) -> str:
    return location if is_url(location) else str(Path(location.removeprefix("file://")).resolve())


def _list(description: OpenApiDescription, as_json: bool) -> None:
    if as_json:
        click.echo(
            json.dumps(
                {
                    "ok": True,
                    "document": {"location": description.document.location, "version": description.version},
                    "operations": [openapi_operation_dict(op) for op in description.operations],
                }
            )
        )
        return
    click.echo(description.headline)
    for line in operation_table(description.operations):
        click.echo(line)


def _choose(
    description: OpenApiDescription, options: OpenApiOptions
) -> tuple[list[OpenApiOperation], list[OpenApiOperation]]:
    if options.selectors:
        return select_operations(description.operations, list(options.selectors))
    interactive = options.interactive
    if interactive is None:
        interactive = bool(sys.stdin and sys.stdin.isatty())
    if not interactive:
        raise click.UsageError(
            "say which operations to keep: --operation SELECTOR (repeatable: an operationId, 'GET /path' or "
            "/path, with * wildcards; --operation '*' keeps every usable one), or run the command on a "
            "terminal to choose by number. --list shows them."
        )
    return _prompt(description), []


def _prompt(description: OpenApiDescription) -> list[OpenApiOperation]:
    """Show the operations and read the numbers to keep (as the MIM tool's operation list)."""
    click.echo(description.headline, err=True)
    for line in operation_table(description.operations):
        click.echo(line, err=True)
    if not any(op.usable for op in description.operations):
        raise DiscoveryError("none of the document's operations can be used in a template")

    def choice(text: str) -> list[OpenApiOperation]:
        try:
            return parse_choice(text, description.operations)
        except ValueError as exc:
            raise click.BadParameter(str(exc)) from None

    chosen = click.prompt(
        "Operations to keep (numbers and ranges, e.g. 1,3-5, or all; empty: none)",
        default="",
        show_default=False,
        value_proc=choice,
        err=True,
    )
    if not chosen:
        click.echo("nothing chosen: nothing written", err=True)
        sys.exit(1)
    return chosen
