"""``provlab template discover-soap | discover-rest``: discovery from the command line.

The two commands are plain click commands; :mod:`connector.template_cli` mounts them in the
``provlab template`` group. They read WSDLs through a ``requests.Session``: the one found in the click context
(``ctx.obj``, how tests inject an in-process session) or a new one built from the options.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from connector.discovery import rest, soap
from connector.discovery.cli_support import fail, report_written, wsdl_session
from connector.discovery.describe import (
    rest_service_dict,
    rest_tree_lines,
    soap_service_dict,
    soap_tree_lines,
)
from connector.discovery.errors import DiscoveryError
from connector.discovery.writer import write_rest, write_soap
from connector.discovery.wsdl_source import read_wsdl

INTO_HELP = "Template directory to write discovery.xml (and WSDL copies) into; created when missing."


@click.command(
    "discover-soap",
    short_help="Discover a SOAP service from its WSDL into a template.",
    help=(
        "Discover a SOAP service from its WSDL (an http(s):// address or a file) and write it into a "
        "template: the tree service > endpoint > operation, each operation's input and output elements "
        "(names, XSD types, occurrences, nested structures, tables) into discovery.xml, and a copy of the "
        "WSDL as wsdl/<service>.wsdl. Run it again to add another service or to refresh one. WSDLs that "
        "the MIM Web Service Configuration Tool refuses (SOAP 1.2 only, two bindings on one endpoint, "
        "WS-Policy, rpc style or SOAP encoding, imports, DTDs) are refused with the reason and the fix. "
        "Exit 0 when written, 1 when refused or unreadable."
    ),
)
@click.argument("wsdl")
@click.option("--into", "into", required=True, type=click.Path(file_okay=False), help=INTO_HELP)
@click.option(
    "--service", "service", help="Name of the service in the template (default: the WSDL's service name)."
)
@click.option("--user", help="User name, when the WSDL address needs Basic authentication.")
@click.option(
    "--password", envvar="PROVLAB_WSDL_PASSWORD", help="Password for --user (or PROVLAB_WSDL_PASSWORD)."
)
@click.option(
    "--ca-cert", type=click.Path(exists=True, dir_okay=False), help="CA certificate to trust for https."
)
@click.option(
    "--full", is_flag=True, help="Print every element with its type and occurrence, not only names."
)
@click.option("--json", "as_json", is_flag=True, help="Print the discovered tree as JSON.")
@click.pass_context
def discover_soap(  # noqa: PLR0913 - one parameter per option
    ctx: click.Context,
    wsdl: str,
    into: str,
    service: str | None,
    user: str | None,
    password: str | None,
    ca_cert: str | None,
    full: bool,
    as_json: bool,
) -> None:
    try:
        found = soap.discover_soap(read_wsdl(wsdl, wsdl_session(ctx, user, password, ca_cert)), service)
        written = write_soap(Path(into), found)
    except DiscoveryError as exc:
        fail(exc, as_json)
    if as_json:
        click.echo(
            json.dumps({"ok": True, "action": written.action, "service": soap_service_dict(found.service)})
        )
        return
    for line in soap_tree_lines(found.service, full=full):
        click.echo(line)
    report_written(written, f"service {found.service.name}")


BY_HAND_ONLY = (
    "resource_path",
    "verb",
    "params",
    "sample_request",
    "sample_response",
    "resource_name",
    "method_name",
)
OPENAPI_ONLY = ("selectors", "list_only", "interactive", "allow_remote_refs", "user", "ca_cert", "full")


def _option_name(parameter: str) -> str:
    return {
        "resource_path": "--resource",
        "verb": "--method",
        "params": "--param",
        "method_name": "--name",
        "selectors": "--operation",
        "list_only": "--list",
        "interactive": "--interactive",
        "allow_remote_refs": "--allow-remote-refs",
        "ca_cert": "--ca-cert",
    }.get(parameter, "--" + parameter.replace("_", "-"))


def _given(ctx: click.Context, names: tuple[str, ...]) -> list[str]:
    """The options among ``names`` given on the command line (not left at their defaults)."""
    from click.core import ParameterSource

    return [
        _option_name(n) for n in names if ctx.get_parameter_source(n) not in (None, ParameterSource.DEFAULT)
    ]


@click.command(
    "discover-rest",
    short_help="Discover REST methods into a template: from an OpenAPI document, or one by hand.",
    help=(
        "Write REST methods into a template's discovery.xml: service > resource > method with its verb, "
        "path, parameters and sample JSON.\n\n"
        "From an OpenAPI 3.0/3.1 or Swagger 2.0 document (JSON or YAML, an http(s):// address or a file): "
        "--openapi URL|FILE with --operation selectors (an operationId, 'GET /path' or /path, * wildcards) "
        "or, on a terminal, a numbered choice; --list shows the operations and why any cannot be used. "
        "Request and response schemas become sample JSON; $refs are resolved, but never to another "
        "document unless --allow-remote-refs is given. What a template cannot express (cookie or array "
        "parameters, non-JSON or polymorphic bodies, bearer/API-key-only security, ...) is refused with "
        "its place in the document.\n\n"
        "By hand, one method per run: --endpoint, --resource, --method, --param and optional samples. A "
        "method with the same service, resource and name is replaced. A sample response must be a JSON "
        "object holding an array, as the MIM tool requires.\n\n"
        "Exit 0 when written (or listed), 1 when refused or unreadable, 2 for a usage error."
    ),
)
@click.option("--into", "into", type=click.Path(file_okay=False), help=INTO_HELP)
@click.option("--service", help="Name of the REST service in the template.")
@click.option(
    "--openapi",
    "openapi_location",
    metavar="URL|FILE",
    help="Discover from this OpenAPI 3.0/3.1 or Swagger 2.0 document (JSON or YAML).",
)
@click.option(
    "--operation",
    "selectors",
    multiple=True,
    metavar="SELECTOR",
    help="With --openapi (repeatable): an operation to keep: operationId, 'GET /path' or /path; * wildcards.",
)
@click.option("--list", "list_only", is_flag=True, help="With --openapi: list the operations, write nothing.")
@click.option(
    "--interactive/--no-interactive",
    default=None,
    help="With --openapi and no --operation: choose at a prompt (default: when stdin is a terminal).",
)
@click.option(
    "--method-names",
    type=click.Choice(("verb", "operation-id")),
    default="verb",
    show_default=True,
    help="With --openapi: name methods by verb (list, get, create, replace, ...) or by operationId.",
)
@click.option(
    "--allow-remote-refs",
    is_flag=True,
    help="With --openapi: follow $refs to other documents (http(s), or files next to a file document).",
)
@click.option(
    "--user", help="With --openapi: user name, when the document's address needs Basic authentication."
)
@click.option(
    "--password",
    envvar="PROVLAB_WSDL_PASSWORD",
    help="Password for --user (or PROVLAB_WSDL_PASSWORD).",
)
@click.option(
    "--ca-cert",
    type=click.Path(exists=True, dir_okay=False),
    help="With --openapi: CA certificate to trust for https.",
)
@click.option("--full", is_flag=True, help="With --openapi: print every body field and what is not kept.")
@click.option(
    "--endpoint",
    help="The service's base address, e.g. http://host:8080/api (with --openapi: overrides the document's).",
)
@click.option("--resource", "resource_path", help="Resource path, e.g. /users or /users/{id}.")
@click.option(
    "--method",
    "verb",
    type=click.Choice(rest.VERBS, case_sensitive=False),
    help="HTTP method.",
)
@click.option("--param", "params", multiple=True, help=f"A parameter (repeatable): {rest.PARAM_HELP}.")
@click.option(
    "--sample-request", type=click.File("r", encoding="utf-8"), help="JSON file: a sample request body."
)
@click.option(
    "--sample-response",
    type=click.File("r", encoding="utf-8"),
    help="JSON file: a sample response (an object holding an array).",
)
@click.option("--resource-name", help="Name of the resource (default: last fixed path segment, e.g. users).")
@click.option(
    "--name", "method_name", help="Name of the method (default from the verb: list, get, create, ...)."
)
@click.option(
    "--security",
    type=click.Choice(rest.SECURITY_MODES),
    help="Authentication the service expects (default Basic; with --openapi: from the document's schemes).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the discovery entry as JSON.")
@click.pass_context
def discover_rest(  # noqa: PLR0913 - one parameter per option
    ctx: click.Context,
    into: str | None,
    service: str | None,
    openapi_location: str | None,
    selectors: tuple[str, ...],
    list_only: bool,
    interactive: bool | None,
    method_names: str,
    allow_remote_refs: bool,
    user: str | None,
    password: str | None,
    ca_cert: str | None,
    full: bool,
    endpoint: str | None,
    resource_path: str | None,
    verb: str | None,
    params: tuple[str, ...],
    sample_request,  # noqa: ANN001 - click file
    sample_response,  # noqa: ANN001 - click file
    resource_name: str | None,
    method_name: str | None,
    security: str | None,
    as_json: bool,
) -> None:
    if openapi_location:
        conflicting = _given(ctx, BY_HAND_ONLY)
        if conflicting:
            raise click.UsageError(
                f"{', '.join(conflicting)}: describes one method by hand, so it does not go with --openapi "
                "(which reads methods from the document)"
            )
        from connector.discovery.openapi_cli import OpenApiOptions, run_openapi

        options = OpenApiOptions(
            openapi_location,
            into,
            service,
            endpoint,
            security,
            selectors,
            list_only,
            interactive,
            method_names,
            allow_remote_refs,
            full,
            as_json,
        )
        run_openapi(options, wsdl_session(ctx, user, password, ca_cert))
        return
    conflicting = _given(ctx, (*OPENAPI_ONLY, "method_names"))
    if conflicting:
        raise click.UsageError(f"{', '.join(conflicting)}: only with --openapi URL|FILE")
    for name, value in (
        ("--into", into),
        ("--service", service),
        ("--endpoint", endpoint),
        ("--resource", resource_path),
        ("--method", verb),
    ):
        if not value:
            raise click.UsageError(
                f"Missing option '{name}' (or give --openapi URL|FILE to read a document)."
            )
    try:
        found = rest.discover_rest(
            service=str(service),
            endpoint=str(endpoint),
            resource_path=str(resource_path),
            verb=str(verb),
            parameters=[rest.parse_parameter(p) for p in params],
            sample_request=sample_request.read() if sample_request else None,
            sample_response=sample_response.read() if sample_response else None,
            resource_name=resource_name,
            method_name=method_name,
            security=security or "Basic",
        )
        written = write_rest(Path(str(into)), found)
    except DiscoveryError as exc:
        fail(exc, as_json)
    if as_json:
        click.echo(json.dumps({"ok": True, "action": written.action, "service": rest_service_dict(found)}))
        return
    for line in rest_tree_lines(found):
        click.echo(line)
    resource = next(iter(found.resources.values()))
    method = next(iter(resource.methods.values()))
    report_written(written, f"method {found.name} > {resource.name} > {method.name}")
