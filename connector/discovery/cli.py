"""``provlab template discover-soap | discover-rest``: discovery from the command line.

The two commands are plain click commands; :mod:`connector.template_cli` mounts them in the
``provlab template`` group. They read WSDLs through a ``requests.Session``: the one found in the click context
(``ctx.obj``, how tests inject an in-process session) or a new one built from the options.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import NoReturn

import click
import requests

from connector.discovery import rest, soap
from connector.discovery.describe import (
    rest_service_dict,
    rest_tree_lines,
    soap_service_dict,
    soap_tree_lines,
)
from connector.discovery.errors import DiscoveryError
from connector.discovery.writer import Written, write_rest, write_soap
from connector.discovery.wsdl_source import read_wsdl

INTO_HELP = "Template directory to write discovery.xml (and WSDL copies) into; created when missing."


def wsdl_session(
    ctx: click.Context, user: str | None, password: str | None, ca_cert: str | None
) -> requests.Session:
    """The session WSDLs are read with: injected by tests through the click context, else a new one."""
    session = ctx.find_object(requests.Session)
    if session is None:
        session = requests.Session()
        session.trust_env = False  # REQUESTS_CA_BUNDLE would otherwise override --ca-cert
    if user:
        if password is None:
            password = click.prompt(f"Password for {user}", hide_input=True, err=True)
        session.auth = (user, password)
    if ca_cert:
        session.verify = ca_cert
    return session


def _fail(exc: DiscoveryError, as_json: bool) -> NoReturn:
    """Report the error (refusals in full) and exit 1."""
    if as_json:
        rules = [
            {"rule": r.rule, "line": r.line, "explanation": r.explanation}
            for r in getattr(exc, "refusals", [])
        ]
        click.echo(json.dumps({"ok": False, "error": str(exc), "refusals": rules}))
    else:
        click.echo(f"Error: {exc}", err=True)
    sys.exit(1)


def _report_written(written: Written, what: str) -> None:
    copy = f" and {written.wsdl_copy}" if written.wsdl_copy else ""
    click.echo(f"{what} {written.action} in {written.discovery_xml}{copy}")


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
        _fail(exc, as_json)
    if as_json:
        click.echo(
            json.dumps({"ok": True, "action": written.action, "service": soap_service_dict(found.service)})
        )
        return
    for line in soap_tree_lines(found.service, full=full):
        click.echo(line)
    _report_written(written, f"service {found.service.name}")


@click.command(
    "discover-rest",
    short_help="Describe a REST method into a template.",
    help=(
        "Describe one REST method and write it into a template's discovery.xml: service > resource > "
        "method with its verb, path, parameters and optional sample JSON. Run it once per method; a "
        "method with the same service, resource and name is replaced. A sample response must be a JSON "
        "object holding an array, as the MIM tool requires."
    ),
)
@click.option("--into", "into", required=True, type=click.Path(file_okay=False), help=INTO_HELP)
@click.option("--service", required=True, help="Name of the REST service in the template.")
@click.option("--endpoint", required=True, help="The service's base address, e.g. http://127.0.0.1:8080/api.")
@click.option("--resource", "resource_path", required=True, help="Resource path, e.g. /users or /users/{id}.")
@click.option(
    "--method",
    "verb",
    required=True,
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
    default="Basic",
    show_default=True,
    help="Authentication the service expects.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the discovery entry as JSON.")
def discover_rest(  # noqa: PLR0913 - one parameter per option
    into: str,
    service: str,
    endpoint: str,
    resource_path: str,
    verb: str,
    params: tuple[str, ...],
    sample_request,  # noqa: ANN001 - click file
    sample_response,  # noqa: ANN001 - click file
    resource_name: str | None,
    method_name: str | None,
    security: str,
    as_json: bool,
) -> None:
    try:
        found = rest.discover_rest(
            service=service,
            endpoint=endpoint,
            resource_path=resource_path,
            verb=verb,
            parameters=[rest.parse_parameter(p) for p in params],
            sample_request=sample_request.read() if sample_request else None,
            sample_response=sample_response.read() if sample_response else None,
            resource_name=resource_name,
            method_name=method_name,
            security=security,
        )
        written = write_rest(Path(into), found)
    except DiscoveryError as exc:
        _fail(exc, as_json)
    if as_json:
        click.echo(json.dumps({"ok": True, "action": written.action, "service": rest_service_dict(found)}))
        return
    for line in rest_tree_lines(found):
        click.echo(line)
    resource = next(iter(found.resources.values()))
    method = next(iter(resource.methods.values()))
    _report_written(written, f"method {found.name} > {resource.name} > {method.name}")
