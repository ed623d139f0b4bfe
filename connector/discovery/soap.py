"""SOAP discovery: a WSDL becomes the tree service > endpoint > operation with message trees.

The WSDL is first checked against the MIM tool's rules (:mod:`connector.discovery.wsdl_rules`),
then read by zeep, strictly offline: every rule-abiding WSDL is one self-contained file, so zeep is
given a transport that refuses to load anything, and nothing a document points to is ever fetched.
The tree lists, per operation, the parameters of the document/literal wrapper with their XSD type
names, occurrences and nested structures (an RFC-style table is a structure holding one repeated
row element).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from lxml import etree
from zeep import xsd
from zeep.exceptions import Error as ZeepError
from zeep.transports import Transport
from zeep.wsdl import Document
from zeep.wsdl.bindings.soap import Soap11Binding

from connector.discovery.errors import DiscoveryError
from connector.discovery.wsdl_rules import WSDL11, parse_wsdl, refuse_if_broken
from connector.discovery.wsdl_source import WsdlDocument
from connector.template import model as m
from provlab.xmlsafe import zeep_settings

SERVICE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]{0,127}$")


@dataclass(frozen=True)
class SoapDiscovery:
    """One discovered SOAP service and the WSDL it came from (stored as the template's copy)."""

    service: m.SoapService
    wsdl: bytes
    location: str


def wsdl_copy_path(service_name: str) -> str:
    """Where a template keeps the WSDL copy of a service."""
    return f"wsdl/{service_name}.wsdl"


def check_service_name(name: str) -> str:
    if not SERVICE_NAME.match(name):
        raise DiscoveryError(
            f"service name {name!r} is not usable: start with a letter or '_', then letters, digits, "
            "'_', '.' or '-' (it names the WSDL copy file and workflows refer to it)"
        )
    return name


def discover_soap(document: WsdlDocument, service_name: str | None = None) -> SoapDiscovery:
    """The service tree of ``document``; raises WsdlRefusedError for what the MIM tool refuses."""
    root = parse_wsdl(document.data, document.location)
    refuse_if_broken(root, document.location)
    name = check_service_name(service_name or _default_service_name(root, document.location))
    zeep_document = _zeep_document(document)
    endpoints = {}
    for zeep_service in zeep_document.services.values():
        for port in zeep_service.ports.values():
            if isinstance(port.binding, Soap11Binding):
                endpoints[port.name] = _endpoint(port)
    _require_operations(endpoints, document.location)
    service = m.SoapService(
        name=name,
        wsdl=wsdl_copy_path(name),
        namespace=root.get("targetNamespace", ""),
        endpoints=endpoints,
    )
    return SoapDiscovery(service, document.data, document.location)


def _require_operations(endpoints: dict[str, m.SoapEndpoint], location: str) -> None:
    if not endpoints:
        raise DiscoveryError(
            f"{location}: no <wsdl:port> with a <soap:address> uses the SOAP 1.1 binding, so there is no "
            "endpoint to call: the WSDL must name the service's address"
        )
    for endpoint in endpoints.values():
        if not endpoint.operations:
            raise DiscoveryError(f"{location}: endpoint {endpoint.name!r} has no operations")


def _default_service_name(root: etree._Element, location: str) -> str:
    services = [s.get("name") for s in root.iterfind(f"{{{WSDL11}}}service")]
    if len(services) == 1:
        return services[0]
    raise DiscoveryError(
        f"{location}: the WSDL defines {len(services)} <wsdl:service> elements "
        f"({', '.join(services) or 'none'}): name the template's service with --service NAME"
    )


class _OfflineTransport(Transport):
    """A zeep transport that loads nothing: discovery reads exactly one, already fetched document."""

    def load(self, url: str) -> bytes:
        raise DiscoveryError(
            f"the WSDL refers to another document ({url}); the MIM tool needs everything in one file"
        )


def _zeep_document(document: WsdlDocument) -> Document:
    base = document.location if document.is_remote else None
    try:
        return Document(io.BytesIO(document.data), _OfflineTransport(), base=base, settings=zeep_settings())
    except DiscoveryError:
        raise
    except (ZeepError, etree.XMLSyntaxError, LookupError, ValueError, TypeError) as exc:
        raise DiscoveryError(f"{document.location}: the WSDL cannot be read: {exc}") from None


def _endpoint(port) -> m.SoapEndpoint:  # noqa: ANN001 - zeep's Port has no public type
    binding = port.binding
    operations = {
        name: m.SoapOperation(
            name=name,
            inputs=_parameters(operation.input, name),
            outputs=_parameters(operation.output, f"{name}Response"),
        )
        for name, operation in sorted(binding.all().items())  # by name: stable whatever the WSDL's order
    }
    return m.SoapEndpoint(
        name=port.name,
        address=port.binding_options.get("address", ""),
        operations=operations,
        binding=etree.QName(binding.name).localname,
    )


def _parameters(message, wrapper_name: str) -> tuple[m.MessageElement, ...]:  # noqa: ANN001 - zeep message
    """The operation's arguments: the wrapper's children (document/literal wrapped) or the body part."""
    body = getattr(message, "body", None) if message is not None else None
    if body is None:
        return ()
    if isinstance(body.type, xsd.ComplexType) and body.name == wrapper_name:
        return _children(body.type, frozenset())
    return (_element(body.name, body, frozenset()),)


def _children(complex_type: xsd.ComplexType, seen: frozenset) -> tuple[m.MessageElement, ...]:
    key = complex_type.qname or id(complex_type)
    if key in seen:  # a recursive type: stop where it repeats
        return ()
    return tuple(_element(name, child, seen | {key}) for name, child in complex_type.elements)


def _element(name: str, element, seen: frozenset) -> m.MessageElement:  # noqa: ANN001 - zeep element
    max_occurs = element.max_occurs
    occurs = {
        "min_occurs": element.min_occurs,
        "max_occurs": None if max_occurs == "unbounded" else max_occurs,
    }
    if isinstance(element, xsd.Any):
        return m.MessageElement(name="any", type="any", **occurs)
    element_type = element.type
    children = _children(element_type, seen) if isinstance(element_type, xsd.ComplexType) else ()
    return m.MessageElement(
        name=element.name or name, type=type_label(element_type), children=children, **occurs
    )


def type_label(element_type) -> str:  # noqa: ANN001 - any zeep type
    """How discovery.xml names a type: its local name (``int``, ``char12``); "" for an anonymous type."""
    qname = getattr(element_type, "qname", None)
    return "" if qname is None else etree.QName(qname).localname
