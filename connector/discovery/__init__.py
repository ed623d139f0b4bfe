"""Template discovery: SOAP services from a WSDL, REST methods from a description, written into a
template's discovery.xml step by step, and a live check of stored WSDL copies.

Public API:

- :func:`read_wsdl` (``location, session=None``) and :func:`discover_soap` (``document, service_name=None``)
- :func:`discover_rest` (keyword arguments mirroring the MIM tool's REST form), :func:`parse_parameter`
- :func:`describe_openapi` (``location, session=None, allow_remote_refs=False``) ->
  :class:`OpenApiDescription`; :func:`select_operations`; :func:`build_service` -> :class:`OpenApiDiscovery`
- :func:`write_soap` / :func:`write_rest` (``template_dir, found``)
- :func:`compare_live` (``template, session=None, target_url=None``) -> list of :class:`LiveDifference`
- :func:`discovery_differences` / :func:`soap_service_differences` (readable tree differences)
- errors: :class:`DiscoveryError`, :class:`WsdlRefusedError` (``.refusals``: :class:`Refusal`),
  :class:`OpenApiRefusedError` (``.refusals``: :class:`OpenApiRefusal`, with pointer and line)
"""

from connector.discovery.compare import discovery_differences, soap_service_differences
from connector.discovery.errors import (
    DiscoveryError,
    OpenApiRefusal,
    OpenApiRefusedError,
    Refusal,
    WsdlRefusedError,
)
from connector.discovery.live import LiveDifference, compare_live
from connector.discovery.openapi import OpenApiDescription, OpenApiDiscovery, build_service, describe_openapi
from connector.discovery.openapi_select import select_operations
from connector.discovery.rest import discover_rest, parse_parameter
from connector.discovery.soap import SoapDiscovery, discover_soap
from connector.discovery.writer import Written, write_openapi, write_rest, write_soap
from connector.discovery.wsdl_source import WsdlDocument, read_wsdl

__all__ = [
    "DiscoveryError",
    "LiveDifference",
    "OpenApiDescription",
    "OpenApiDiscovery",
    "OpenApiRefusal",
    "OpenApiRefusedError",
    "Refusal",
    "SoapDiscovery",
    "WsdlDocument",
    "WsdlRefusedError",
    "Written",
    "build_service",
    "compare_live",
    "describe_openapi",
    "discover_rest",
    "discover_soap",
    "discovery_differences",
    "parse_parameter",
    "read_wsdl",
    "select_operations",
    "soap_service_differences",
    "write_openapi",
    "write_rest",
    "write_soap",
]
