"""Write what discovery found into a template directory, step by step.

``discovery.xml`` is edited in place: discovering a new service adds its entry, rediscovering a
service replaces it, a REST method is added to (or replaces the same-named method in) its
resource, and everything else in the file - other services, comments - is kept. The result is
checked against the template's own XSD before anything is written, so the template loader always
accepts what discovery writes. A SOAP service's WSDL is stored next to it as ``wsdl/<service>.wsdl``,
byte for byte as read.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from connector.discovery.errors import DiscoveryError
from connector.discovery.soap import SoapDiscovery
from connector.template import model as m
from connector.template.loader import DISCOVERY
from connector.template.xmlfiles import parse_checked


@dataclass(frozen=True)
class Written:
    """What a discovery step changed: ``action`` is "added" or "replaced"."""

    discovery_xml: Path
    action: str
    wsdl_copy: Path | None = None


def write_soap(template_dir: str | Path, found: SoapDiscovery) -> Written:
    """Add or replace ``found.service`` in the template's discovery.xml and store its WSDL copy."""
    root_dir = Path(template_dir)
    root = _load(root_dir)
    service = found.service
    _refuse_name_clash(root, "RestService", service.name, "REST")
    action = _upsert(root, root.xpath("SoapService[@name=$n]", n=service.name), soap_service_element(service))
    data = _serialize(root, root_dir)
    wsdl_copy = root_dir / service.wsdl
    _write_atomic(wsdl_copy, found.wsdl)
    _write_atomic(root_dir / DISCOVERY, data)
    return Written(root_dir / DISCOVERY, action, wsdl_copy)


def write_rest(template_dir: str | Path, service: m.RestService) -> Written:
    """Merge ``service`` into discovery.xml method by method; "replaced" when a method existed."""
    root_dir = Path(template_dir)
    root = _load(root_dir)
    _refuse_name_clash(root, "SoapService", service.name, "SOAP")
    existing = root.xpath("RestService[@name=$n]", n=service.name)
    element = existing[0] if existing else _sub(root, "RestService", name=service.name)
    element.set("baseAddress", service.base_address)
    element.set("security", service.security)
    actions = set()
    for resource in service.resources.values():
        found = element.xpath("Resource[@name=$n]", n=resource.name)
        resource_element = found[0] if found else _sub(element, "Resource", name=resource.name)
        for method in resource.methods.values():
            current = resource_element.xpath("Method[@name=$n]", n=method.name)
            actions.add(_upsert(resource_element, current, _method_element(method)))
    _write_atomic(root_dir / DISCOVERY, _serialize(root, root_dir))
    return Written(root_dir / DISCOVERY, "replaced" if "replaced" in actions else "added")


# --- model -> XML ---------------------------------------------------------------------------------


def _sub(parent: etree._Element, tag: str, **attributes: str) -> etree._Element:
    return etree.SubElement(parent, tag, {k: v for k, v in attributes.items() if v})


def _message(parent: etree._Element, tag: str, elements: tuple[m.MessageElement, ...]) -> None:
    def one(into: etree._Element, e: m.MessageElement) -> None:
        node = _sub(
            into,
            "Element",
            name=e.name,
            type=e.type,
            minOccurs="" if e.min_occurs == 1 else str(e.min_occurs),
            maxOccurs="unbounded"
            if e.max_occurs is None
            else ("" if e.max_occurs == 1 else str(e.max_occurs)),
        )
        for child in e.children:
            one(node, child)

    message = _sub(parent, tag)
    for element in elements:
        one(message, element)


def soap_service_element(service: m.SoapService) -> etree._Element:
    element = etree.Element("SoapService", name=service.name, wsdl=service.wsdl, namespace=service.namespace)
    for endpoint in service.endpoints.values():
        ep = _sub(element, "Endpoint", name=endpoint.name, binding=endpoint.binding, address=endpoint.address)
        for operation in endpoint.operations.values():
            op = _sub(ep, "Operation", name=operation.name)
            _message(op, "Input", operation.inputs)
            _message(op, "Output", operation.outputs)
    return element


def _method_element(method: m.RestMethod) -> etree._Element:
    element = etree.Element("Method", name=method.name, verb=method.verb, address=method.address)
    element.set("mediaType", method.media_type)
    for p in method.parameters.values():
        _sub(element, "Parameter", name=p.name, type=p.type).set("in", p.where)
        element[-1].set("required", "true" if p.required else "false")
    for tag, sample in (("SampleRequest", method.sample_request), ("SampleResponse", method.sample_response)):
        if sample:
            etree.SubElement(element, tag).text = sample
    return element


# --- the file -------------------------------------------------------------------------------------


def _load(root_dir: Path) -> etree._Element:
    if root_dir.exists() and not root_dir.is_dir():
        raise DiscoveryError(f"{root_dir}: not a directory; --into names the template directory")
    path = root_dir / DISCOVERY
    if not path.exists():
        return etree.Element("Discovery")
    root, _, problems = parse_checked(str(path), path.read_bytes(), "discovery")
    if root is None:
        listed = "\n".join(f"  {p}" for p in problems)
        raise DiscoveryError(
            f"{path} is not a valid discovery.xml, so discovery will not change it:\n{listed}"
        )
    return root


def _refuse_name_clash(root: etree._Element, other_tag: str, name: str, other_kind: str) -> None:
    if root.xpath(f"{other_tag}[@name=$n]", n=name):
        raise DiscoveryError(
            f"discovery.xml already has a {other_kind} service named {name!r}: "
            "give this one another name (--service)"
        )


def _upsert(parent: etree._Element, existing: list[etree._Element], new: etree._Element) -> str:
    if existing:
        new.tail = existing[0].tail
        parent.replace(existing[0], new)
        return "replaced"
    parent.append(new)
    return "added"


def _serialize(root: etree._Element, root_dir: Path) -> bytes:
    etree.indent(root, space="  ")
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    display = str(root_dir / DISCOVERY)
    checked, _, problems = parse_checked(display, data, "discovery")
    if checked is None:  # a discovery bug, not a user error: say so plainly
        listed = "\n".join(f"  {p}" for p in problems)
        raise DiscoveryError(
            f"discovery produced a discovery.xml its XSD rejects (please report this):\n{listed}"
        )
    return data


def _write_atomic(path: Path, data: bytes) -> None:
    """Write via a temporary file and rename, so a crash never leaves half a file behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_openapi(
    template_dir: str | Path, service: m.RestService, record: bytes, record_relpath: str
) -> Written:
    """Merge ``service`` into discovery.xml (as :func:`write_rest`) and keep its OpenAPI record."""
    written = write_rest(template_dir, service)
    _write_atomic(Path(template_dir) / record_relpath, record)
    return written
