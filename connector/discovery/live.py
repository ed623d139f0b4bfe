"""``validate --live``: compare each stored WSDL copy with the one its service publishes now, and
each REST service discovered from an OpenAPI document with what that document describes now.

A template runs from its stored copies (no fetch at run time), so a service that changed its WSDL
since discovery breaks calls silently. This re-reads each WSDL from its address and says what
changed, in terms of the discovery tree (operations, arguments, types, occurrences, addresses)
rather than as a text diff.

The WSDL address is the first endpoint's address + ``?wsdl`` (WCF, ASMX, JAX-WS, Spyne and SOAMANAGER
all publish it there); ``target_url`` replaces its scheme, host and port, as ``--target-url`` does
for the connector's calls. A service writes the address it was read from into its WSDL, so an
endpoint address that differs from the stored one only by that override is not a difference.

A REST service discovered from an OpenAPI document has a record (``openapi/<service>.json``: the
document's address and the operation behind each method); its methods are discovered again from
the document (read through ``target_url`` when it is an address) and compared, field by field.
REST services discovered by hand have no record and are not compared.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests

from connector.discovery.compare import rest_service_differences, soap_service_differences
from connector.discovery.errors import DiscoveryError, OpenApiRefusedError, WsdlRefusedError
from connector.discovery.openapi_record import OpenApiRecord, parse_record, record_path
from connector.discovery.soap import discover_soap
from connector.discovery.wsdl_source import WsdlDocument, is_url, read_wsdl
from connector.template import model as m
from connector.template.loader import read_parts
from connector.template.parts import LoadedParts

KINDS = ("missing-copy", "bad-copy", "unreachable", "refused", "changed", "text-only")


@dataclass(frozen=True)
class LiveDifference:
    """One way a published WSDL differs from the stored copy; ``kind`` is one of :data:`KINDS`."""

    service: str
    address: str
    kind: str
    message: str

    def __str__(self) -> str:
        return f"{self.service} ({self.address}): {self.message}"


def wsdl_address(service: m.SoapService, target_url: str | None = None) -> str:
    """Where ``service`` publishes its WSDL (see the module docstring)."""
    endpoint = next(iter(service.endpoints.values()), None)
    if endpoint is None or not endpoint.address:
        return ""
    parts = urlsplit(_on_target(endpoint.address, target_url))
    return urlunsplit(parts._replace(query="wsdl", fragment=""))


def _on_target(address: str, target_url: str | None) -> str:
    """``address`` with ``target_url``'s scheme, host and port (unchanged without one)."""
    if not target_url or not address:
        return address
    target = urlsplit(target_url)
    return urlunsplit(urlsplit(address)._replace(scheme=target.scheme, netloc=target.netloc))


def _text_on_target(stored: bytes, service: m.SoapService, target_url: str | None) -> bytes:
    """The stored copy as the service would publish it when read through ``target_url``."""
    for endpoint in service.endpoints.values():
        moved = _on_target(endpoint.address, target_url)
        if moved != endpoint.address:
            stored = stored.replace(endpoint.address.encode(), moved.encode())
    return stored


def _moved(service: m.SoapService, target_url: str | None) -> m.SoapService:
    """The stored tree with each endpoint address moved onto ``target_url``.

    A service writes into its WSDL the address it was read from, so a WSDL read through
    ``--target-url`` names that host; an address that differs only by that override is the same."""
    if not target_url:
        return service
    endpoints = {
        name: replace(endpoint, address=_on_target(endpoint.address, target_url))
        for name, endpoint in service.endpoints.items()
    }
    return replace(service, endpoints=endpoints)


def compare_live(
    template: str | Path, *, session: requests.Session | None = None, target_url: str | None = None
) -> list[LiveDifference]:
    """Every difference between the template's WSDL copies and the WSDLs published now (empty: none)."""
    parts = read_parts(template)
    if parts.discovery is None:
        listed = "\n".join(f"  {p}" for p in parts.problems)
        raise DiscoveryError(f"{template}: discovery.xml cannot be read:\n{listed}")
    differences: list[LiveDifference] = []
    for service in parts.discovery.soap.values():
        differences += _compare_service(service, parts.wsdl_files.get(service.wsdl), session, target_url)
    for service in parts.discovery.rest.values():
        differences += _compare_rest(parts, service, session, target_url)
    return differences


def openapi_records(template: str | Path) -> list[str]:
    """The REST services of ``template`` that ``--live`` compares (those with an OpenAPI record)."""
    parts = read_parts(template)
    if parts.discovery is None:
        return []
    return [name for name in parts.discovery.rest if parts.source.exists(record_path(name))]


def _compare_rest(
    parts: LoadedParts, service: m.RestService, session: requests.Session | None, target_url: str | None
) -> list[LiveDifference]:
    relpath = record_path(service.name)
    if not parts.source.exists(relpath):
        return []  # discovered by hand: there is no document to compare with
    try:
        record = parse_record(parts.source.read(relpath), parts.source.display(relpath))
    except DiscoveryError as exc:
        return [LiveDifference(service.name, relpath, "bad-copy", str(exc))]
    address = _on_target(record.source, target_url) if is_url(record.source) else record.source

    def difference(kind: str, message: str) -> list[LiveDifference]:
        return [LiveDifference(service.name, address, kind, message)]

    from connector.discovery.openapi import build_service, describe_openapi

    try:
        description = describe_openapi(address, session)
    except OpenApiRefusedError as exc:
        reasons = "; ".join(str(r) for r in exc.refusals[:5])
        return difference("refused", f"the published OpenAPI document is now refused: {reasons}")
    except DiscoveryError as exc:
        return difference("unreachable", str(exc))
    operations = {op.key: op for op in description.operations}
    gone = [
        f"{names}: operation {key} is no longer in the document"
        for names, key in record.methods.items()
        if key not in operations
    ]
    present = [operations[key] for key in record.methods.values() if key in operations]
    if not present:
        return [LiveDifference(service.name, address, "changed", g) for g in gone]
    try:
        now = build_service(
            description,
            present,
            service=service.name,
            endpoint=record.endpoint,
            security=record.security,
            method_names=record.method_names,
        ).service
    except DiscoveryError as exc:
        return difference("refused", f"the recorded operations cannot be discovered again: {exc}")
    changes = gone + rest_service_differences(_recorded(service, record, target_url), now)
    return [LiveDifference(service.name, address, "changed", change) for change in changes]


def _recorded(service: m.RestService, record: OpenApiRecord, target_url: str | None) -> m.RestService:
    """The stored service, with only the methods the record names and its address on ``target_url``
    (unless the record fixed the address with --endpoint)."""
    keep: dict[str, dict[str, m.RestMethod]] = {}
    for names, key in record.methods.items():
        resource_name, _, method_name = names.partition("/")
        resource = service.resources.get(resource_name)
        method = resource.methods.get(method_name) if resource else None
        if method is not None and f"{method.verb} {method.address}" == key:
            keep.setdefault(resource_name, {})[method_name] = replace(method, location=None)
    base = service.base_address if record.endpoint else _on_target(service.base_address, target_url)
    resources = {name: m.RestResource(name, methods) for name, methods in keep.items()}
    return replace(service, base_address=base, resources=resources, location=None)


def _compare_service(
    service: m.SoapService, stored: bytes | None, session: requests.Session | None, target_url: str | None
) -> list[LiveDifference]:
    address = wsdl_address(service, target_url)

    def difference(kind: str, message: str) -> list[LiveDifference]:
        return [LiveDifference(service.name, address, kind, message)]

    if stored is None:
        return difference(
            "missing-copy", f"the template has no WSDL copy {service.wsdl}: run discover-soap again"
        )
    if not address:
        return difference("unreachable", "no endpoint address to read the WSDL from")
    try:
        live = read_wsdl(address, session)
    except DiscoveryError as exc:
        return difference("unreachable", str(exc))
    if live.data == _text_on_target(stored, service, target_url):
        return []
    try:
        now = discover_soap(live, service.name).service
    except WsdlRefusedError as exc:
        reasons = "; ".join(str(r) for r in exc.refusals)
        return difference("refused", f"the published WSDL is now refused by the MIM rules: {reasons}")
    except DiscoveryError as exc:
        return difference("refused", f"the published WSDL cannot be read: {exc}")
    try:
        before = discover_soap(WsdlDocument(f"{service.wsdl} (stored copy)", stored), service.name).service
    except DiscoveryError as exc:
        return difference("bad-copy", f"the stored copy cannot be read ({exc}): run discover-soap again")
    changes = soap_service_differences(_moved(before, target_url), now)
    if not changes:
        return difference(
            "text-only",
            "the published WSDL differs from the stored copy in text only (formatting, comments, "
            "documentation): services, endpoints, operations and messages are the same",
        )
    return [LiveDifference(service.name, address, "changed", change) for change in changes]
