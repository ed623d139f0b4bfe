"""The MIM Web Service Configuration Tool's rules for a WSDL, checked before anything is generated.

The tool accepts WSDL 1.1 documents that are SOAP 1.1, document/literal, all in one file, with
one binding per endpoint and no WS-Policy. Discovery refuses the same documents, naming every
broken rule at once with an explanation a customer can act on. The checks are pure functions over
an lxml tree parsed by :mod:`provlab.xmlsafe`, so a DOCTYPE (the carrier of entity tricks) is
refused before anything it points to could be read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from lxml import etree

from connector.discovery.errors import DiscoveryError, Refusal, WsdlRefusedError
from provlab.xmlsafe import UnsafeXMLError, parse_bytes

WSDL11 = "http://schemas.xmlsoap.org/wsdl/"
WSDL20 = "http://www.w3.org/ns/wsdl"
SOAP11 = "http://schemas.xmlsoap.org/wsdl/soap/"
SOAP12 = "http://schemas.xmlsoap.org/wsdl/soap12/"
XS = "http://www.w3.org/2001/XMLSchema"
POLICY_NAMESPACES = frozenset(
    {
        "http://schemas.xmlsoap.org/ws/2002/12/policy",
        "http://schemas.xmlsoap.org/ws/2004/09/policy",
        "http://www.w3.org/2006/07/ws-policy",
        "http://www.w3.org/ns/ws-policy",
    }
)

DTD_EXPLANATION = (
    "The document starts with a DOCTYPE declaration (a DTD, possibly defining entities). A WSDL never "
    "needs one, and DTDs are how entity-expansion and external-entity (XXE) tricks are carried, so "
    "discovery refuses the document without reading anything the DTD points to (no file, no network). "
    "Ask the service owner for a WSDL without <!DOCTYPE ...>."
)


def _doctype_line(data: bytes) -> int:
    """The line of the DOCTYPE declaration (lxml keeps no line for it), 1 when not found as bytes."""
    at = data.find(b"<!DOCTYPE")
    return data.count(b"\n", 0, at) + 1 if at >= 0 else 1


def parse_wsdl(data: bytes, source: str) -> etree._Element:
    """The WSDL's root element, parsed safely; refuses DTDs and anything that is not WSDL 1.1."""
    try:
        root = parse_bytes(data, source=source)
    except UnsafeXMLError:
        raise WsdlRefusedError(source, [Refusal("dtd", DTD_EXPLANATION, _doctype_line(data))]) from None
    except etree.XMLSyntaxError as exc:
        raise DiscoveryError(
            f"{source}: not well-formed XML (line {exc.lineno}, column {exc.offset}: {exc.msg}). "
            "Check that the address serves the WSDL itself, not a login or error page."
        ) from None
    if root.tag == f"{{{WSDL20}}}description":
        raise WsdlRefusedError(
            source,
            [
                Refusal(
                    "wsdl-2.0",
                    "This is a WSDL 2.0 description. The MIM tool reads WSDL 1.1 only: publish the "
                    "service's WSDL 1.1 document (most stacks offer both).",
                    root.sourceline or 1,
                )
            ],
        )
    if root.tag != f"{{{WSDL11}}}definitions":
        raise DiscoveryError(
            f"{source}: the document is <{etree.QName(root).localname}>, not a WSDL 1.1 <wsdl:definitions>. "
            "Check the address: SOAP services usually publish their WSDL at the endpoint address + '?wsdl'."
        )
    return root


def check_mim_rules(root: etree._Element) -> list[Refusal]:
    """Every MIM rule the WSDL breaks (empty when discovery may go on)."""
    bindings = _soap_bindings(root)
    return [
        *_imports(root),
        *_policies(root),
        *_soap_versions(bindings, root),
        *_bindings_per_endpoint(root, bindings),
        *_rpc_style(root, bindings),
    ]


def refuse_if_broken(root: etree._Element, source: str) -> None:
    """Raise :class:`WsdlRefusedError` listing every broken rule."""
    refusals = check_mim_rules(root)
    if refusals:
        raise WsdlRefusedError(source, refusals)


# --- the rules ------------------------------------------------------------------------------------


def _line(element: etree._Element) -> int:
    return element.sourceline or 0


def _imports(root: etree._Element) -> Iterator[Refusal]:
    found = [
        (e, e.get("location") or e.get("schemaLocation") or "?")
        for e in root.iter(f"{{{WSDL11}}}import", f"{{{XS}}}include", f"{{{XS}}}redefine", f"{{{XS}}}import")
        if e.tag != f"{{{XS}}}import" or e.get("schemaLocation")
    ]
    if found:
        places = ", ".join(sorted({loc for _, loc in found}))
        yield Refusal(
            "not-all-in-one",
            f"The WSDL imports other documents ({places}). The MIM tool needs the whole description - "
            "services, bindings, messages and types - in one file. Publish a single-file WSDL (WCF: "
            "'?singleWsdl' instead of '?wsdl'; SOAMANAGER: the WSDL of the binding as one document) "
            "or copy the imported schemas into <wsdl:types>.",
            _line(found[0][0]),
        )


def _policies(root: etree._Element) -> Iterator[Refusal]:
    names: set[str] = set()
    lines: list[int] = []
    for element in root.iter(etree.Element):  # elements only: no comments or processing instructions
        found = [element.tag] if etree.QName(element).namespace in POLICY_NAMESPACES else []
        found += [a for a in element.attrib if etree.QName(a).namespace in POLICY_NAMESPACES]
        if found:
            names.update(f"wsp:{etree.QName(name).localname}" for name in found)
            lines.append(_line(element))
    if not names:
        return
    yield Refusal(
        "ws-policy",
        f"The WSDL carries WS-Policy ({', '.join(sorted(names))}). The MIM tool cannot honour policy "
        "assertions (WS-Security, WS-Addressing, reliable messaging) and refuses WSDLs that contain them. "
        "Publish the service without message-level policies: WCF basicHttpBinding (HTTPS with Basic "
        "authentication is fine), or in SOAMANAGER a binding without WS-Security.",
        min(lines),
    )


def _soap_bindings(root: etree._Element) -> dict[str, tuple[etree._Element, str]]:
    """SOAP bindings by local name: (element, "1.1" | "1.2"); HTTP GET/POST bindings are left out."""
    found = {}
    for binding in root.iterfind(f"{{{WSDL11}}}binding"):
        if binding.find(f"{{{SOAP11}}}binding") is not None:
            found[binding.get("name")] = (binding, "1.1")
        elif binding.find(f"{{{SOAP12}}}binding") is not None:
            found[binding.get("name")] = (binding, "1.2")
    return found


def _soap_versions(
    bindings: dict[str, tuple[etree._Element, str]], root: etree._Element
) -> Iterator[Refusal]:
    if not bindings:
        yield Refusal(
            "no-soap-binding",
            "The WSDL has no SOAP binding, so there is no endpoint to call. The MIM tool needs a SOAP 1.1 "
            "binding with a <soap:address>.",
            _line(root),
        )
    elif all(version == "1.2" for _, version in bindings.values()):
        names = ", ".join(sorted(bindings))
        yield Refusal(
            "soap12-only",
            f"The service is offered over SOAP 1.2 only (binding {names}). The MIM tool, and so a web "
            "service template, speaks SOAP 1.1. Publish a SOAP 1.1 binding: WCF basicHttpBinding, JAX-WS's "
            "default SOAP 1.1 binding, or SOAMANAGER's standard SOAP 1.1 binding.",
            min(_line(b) for b, _ in bindings.values()),
        )


def _local(qname: str | None) -> str:
    return (qname or "").rpartition(":")[2]


def _bindings_per_endpoint(
    root: etree._Element, bindings: dict[str, tuple[etree._Element, str]]
) -> Iterator[Refusal]:
    by_address: dict[str, set[str]] = defaultdict(set)
    reported: list[set[str]] = []
    for service in root.iterfind(f"{{{WSDL11}}}service"):
        ports = [
            (p.get("name"), _local(p.get("binding")), p)
            for p in service.iterfind(f"{{{WSDL11}}}port")
            if _local(p.get("binding")) in bindings
        ]
        for _, binding, port in ports:
            by_address[_port_address(port)].add(binding)
        used = {binding for _, binding, _ in ports}
        if len(used) > 1:
            reported.append(used)
            listed = ", ".join(f"port {p} -> binding {b} (SOAP {bindings[b][1]})" for p, b, _ in ports)
            what = (
                f"Service {service.get('name')!r} offers its operations through several bindings ({listed})"
            )
            yield _two_bindings(what, _line(service))
    for address, names in sorted(by_address.items()):
        if len(names) > 1 and not any(names <= used for used in reported):
            yield _two_bindings(f"The endpoint {address} is bound twice ({', '.join(sorted(names))})", 0)


def _port_address(port: etree._Element) -> str:
    for namespace in (SOAP11, SOAP12):
        address = port.find(f"{{{namespace}}}address")
        if address is not None:
            return address.get("location", "")
    return ""


def _two_bindings(what: str, line: int) -> Refusal:
    return Refusal(
        "two-bindings",
        f"{what}. The MIM tool supports one binding per endpoint and fails when a service publishes more "
        "(typically an ASMX or WCF service offering both SOAP 1.1 and SOAP 1.2). Publish a WSDL with a "
        "single SOAP 1.1 binding: for ASMX remove 'HttpSoap12' under <webServices><protocols> in "
        "web.config; for WCF expose one basicHttpBinding endpoint; in SOAMANAGER create one binding "
        "for the service.",
        line,
    )


def _rpc_style(root: etree._Element, bindings: dict[str, tuple[etree._Element, str]]) -> Iterator[Refusal]:
    for name, (binding, version) in sorted(bindings.items()):
        soap = SOAP11 if version == "1.1" else SOAP12
        default_style = binding.find(f"{{{soap}}}binding").get("style", "document")
        offending = []
        for operation in binding.iterfind(f"{{{WSDL11}}}operation"):
            soap_op = operation.find(f"{{{soap}}}operation")
            style = soap_op.get("style", default_style) if soap_op is not None else default_style
            encoded = any(body.get("use") == "encoded" for body in operation.iter(f"{{{soap}}}body"))
            if style == "rpc" or encoded:
                offending.append(
                    f"{operation.get('name')} ({'rpc' if style == 'rpc' else 'document'}"
                    f"/{'encoded' if encoded else 'literal'})"
                )
        if offending:
            yield Refusal(
                "rpc-style",
                f"Binding {name!r} uses RPC style or SOAP encoding for {', '.join(offending)}. The MIM tool "
                "generates its data contracts for document/literal services only. Publish the service as "
                "document/literal (the default of WCF and of SOAMANAGER bindings; in JAX-WS "
                "@SOAPBinding(style = DOCUMENT)).",
                _line(binding),
            )
