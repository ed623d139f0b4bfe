"""Compare a served WSDL with a template's stored copy the way discovery sees them.

Spyne orders the types of its WSDL differently from one process to the next, so the bytes
can differ while the services, operations and message trees are the same."""

from __future__ import annotations

from lxml import etree

from connector.discovery.soap import discover_soap
from connector.discovery.writer import soap_service_element
from connector.discovery.wsdl_source import WsdlDocument


def as_discovered(wsdl: bytes) -> bytes:
    service = discover_soap(WsdlDocument("wsdl", wsdl)).service
    return etree.tostring(soap_service_element(service))
