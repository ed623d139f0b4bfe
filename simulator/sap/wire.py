"""How SAP calls look to the journal and the fault injector.

Reads the BAPI name and parameters from a SOAP request, judges a response by its RETURN
rows, and builds what an injected fault sends: a SOAP fault, a RETURN error row, an ICM
error page, or a GETLIST page cut short.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from provlab import xmlsafe
from provlab.faults import FaultRule
from simulator.observe import Call, Reply
from simulator.sap.fault_kinds import SapFaultKind
from simulator.sap.messages import TEXTS, Bapiret2, Msg, message
from simulator.sap.service import NAMESPACE

SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
SINGLE_RETURN = {"BAPI_USER_EXISTENCE_CHECK"}  # RETURN is one structure, not a table
MALFORMED_REQUEST = "(malformed request)"
WSDL_OPERATION = "WSDL"
XML_HEADERS = [("Content-Type", "text/xml; charset=utf-8")]


def element_to_data(element: etree._Element) -> Any:
    """An XML element as plain data: text for leaves, dicts for structures, lists for ``item`` rows."""
    children = [c for c in element if isinstance(c.tag, str)]
    if not children:
        return element.text or ""
    if all(etree.QName(c).localname == "item" for c in children):
        return [element_to_data(c) for c in children]
    return {etree.QName(c).localname: element_to_data(c) for c in children}


def _payload(body: bytes) -> etree._Element | None:
    try:
        root = xmlsafe.parse_bytes(body, source="SOAP message")
    except (xmlsafe.UnsafeXMLError, etree.XMLSyntaxError):
        return None
    soap_body = root.find(f"{{{SOAP_ENV}}}Body")
    if soap_body is None or len(soap_body) == 0:
        return None
    return soap_body[0]


def _return_rows(payload: etree._Element) -> list[dict[str, Any]]:
    found = payload.find("RETURN")
    if found is None:
        return []
    data = element_to_data(found)
    if isinstance(data, dict):
        return [data]
    return [row for row in data if isinstance(row, dict)] if isinstance(data, list) else []


def _envelope(payload: etree._Element) -> bytes:
    envelope = etree.Element(f"{{{SOAP_ENV}}}Envelope", nsmap={"soap-env": SOAP_ENV})
    etree.SubElement(envelope, f"{{{SOAP_ENV}}}Body").append(payload)
    return etree.tostring(envelope, xml_declaration=True, encoding="UTF-8")


def _add_row(parent: etree._Element, row: Bapiret2) -> None:
    for name, value in row.as_dict().items():
        etree.SubElement(parent, name).text = str(value)


class SapWire:
    service = "sap"

    def describe(self, environ: dict, body: bytes) -> Call:
        if environ.get("REQUEST_METHOD") == "GET":
            return Call(WSDL_OPERATION if "wsdl" in environ.get("QUERY_STRING", "").lower() else "GET")
        payload = _payload(body)
        if payload is None:
            return Call(MALFORMED_REQUEST)
        data = element_to_data(payload)
        return Call(etree.QName(payload).localname, data if isinstance(data, dict) else {})

    def judge(self, call: Call, reply: Reply) -> tuple[str, dict[str, Any]]:
        if reply.status == 401:
            return "error", {"http": 401}
        payload = _payload(reply.body) if reply.status in (200, 500) else None
        if payload is None:
            outcome = "ok" if reply.status < 400 else "error" if reply.status < 500 else "fault"
            return outcome, {"http": reply.status}
        if etree.QName(payload).localname == "Fault":
            return "fault", {
                "faultcode": payload.findtext("faultcode"),
                "faultstring": payload.findtext("faultstring"),
            }
        rows = _return_rows(payload)
        errors = [r for r in rows if r.get("TYPE") in ("E", "A")]
        first = (errors or rows or [None])[0]
        detail = {k: first.get(k) for k in ("TYPE", "NUMBER", "MESSAGE")} if first else {}
        return ("error" if errors else "ok"), detail

    def injected(self, rule: FaultRule, call: Call) -> Reply:
        if rule.kind is SapFaultKind.SOAP_FAULT:
            fault = etree.Element(f"{{{SOAP_ENV}}}Fault")
            etree.SubElement(fault, "faultcode").text = "soap-env:Server"
            etree.SubElement(fault, "faultstring").text = (
                rule.message or "Simulated SOAP fault (fault injection)"
            )
            return Reply(500, list(XML_HEADERS), _envelope(fault))
        if rule.kind is SapFaultKind.SAP_ERROR:
            return Reply(200, list(XML_HEADERS), _envelope(self._error_response(rule, call)))
        # HTTP status: what SAP's ICM answers in front of the SOAP runtime, an HTML page.
        headers = [("Content-Type", "text/html; charset=utf-8")]
        if rule.retry_after is not None:
            headers.append(("Retry-After", str(rule.retry_after)))
        title = Reply(rule.status, [], b"").status_line
        page = f"<html><head><title>{title}</title></head><body><h1>{title}</h1></body></html>"
        return Reply(rule.status, headers, page.encode())

    def truncate_page(self, call: Call, reply: Reply) -> Reply:
        if call.operation != "BAPI_USER_GETLIST":
            return reply
        root = xmlsafe.parse_bytes(reply.body, source="GETLIST response")
        payload = root.find(f"{{{SOAP_ENV}}}Body")[0]
        userlist = payload.find("USERLIST")
        if userlist is None:
            return reply
        items = list(userlist)
        for item in items[len(items) // 2 :]:
            userlist.remove(item)
        rows = payload.find("ROWS")
        if rows is not None:
            rows.text = str(len(items) // 2)
        return reply.with_body(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))

    @staticmethod
    def _error_response(rule: FaultRule, call: Call) -> etree._Element:
        username = str(call.inputs.get("USERNAME", "")).strip().upper()
        known = {f"{int(m):03d}": m for m in Msg}
        if rule.message:
            row = Bapiret2(TYPE="E", NUMBER=rule.number, MESSAGE=rule.message, MESSAGE_V1=username)
        elif rule.number in known and known[rule.number] in TEXTS:
            row = message("E", known[rule.number], username)
        else:
            row = Bapiret2(
                TYPE="E", NUMBER=rule.number, MESSAGE=f"Simulated error {rule.number}", MESSAGE_V1=username
            )
        response = etree.Element(f"{{{NAMESPACE}}}{call.operation}Response", nsmap={"tns": NAMESPACE})
        table = etree.SubElement(response, "RETURN")
        _add_row(table if call.operation in SINGLE_RETURN else etree.SubElement(table, "item"), row)
        return response
