"""The SU_USER BAPIs as SAP exposes them over SOAP: Spyne, SOAP 1.1, document/literal.

Service ``ZSAPCONNECTORWEBSERVICE``, binding and port type ``ZSAPCONNECTORWS``,
namespace ``urn:sap-com:document:sap:rfc:functions``, one operation per BAPI with SAP's
parameter names. Like SAP's own WSDLs the schema is ``elementFormDefault="unqualified"``:
only the operation element carries the namespace. Requests whose children are qualified
are accepted as well. The methods only translate between Spyne objects and the I/O-free
:class:`~simulator.sap.bapi.SuUserBapis`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any
from xml.sax.saxutils import quoteattr

from lxml import etree
from spyne import Application, ServiceBase, const, rpc
from spyne.error import Fault
from spyne.interface.wsdl import Wsdl11
from spyne.protocol.soap import Soap11
from spyne.server.http import HttpTransportContext
from spyne.server.wsgi import WsgiApplication

from provlab import xmlsafe
from simulator.sap import soap_types as t
from simulator.sap.bapi import SuUserBapis
from simulator.sap.messages import Bapiret2

# Spyne forces a full gc.collect() (at most once a second) when a request context is
# released; on a large heap that was a third of the simulator's time in `provlab bench`.
# Python's own generational collector is enough for a server that keeps no cycles.
const.MIN_GC_INTERVAL = float("inf")

SERVICE_NAME = "ZSAPCONNECTORWEBSERVICE"
BINDING_NAME = "ZSAPCONNECTORWS"
NAMESPACE = t.NAMESPACE
SOAP11_WSDL_NS = "http://schemas.xmlsoap.org/wsdl/soap/"
SAP_PATH = "/sap/bc/srt/rfc/sap/zsapconnectorwebservice/001/zsapconnectorws/zsapconnectorws"
OPERATIONS = (
    "BAPI_USER_GETLIST",
    "BAPI_USER_GET_DETAIL",
    "BAPI_USER_CREATE1",
    "BAPI_USER_CHANGE",
    "BAPI_USER_DELETE",
    "BAPI_USER_LOCK",
    "BAPI_USER_UNLOCK",
    "BAPI_USER_EXISTENCE_CHECK",
    "BAPI_USER_ACTGROUPS_ASSIGN",
)


def _bapis(ctx: Any) -> SuUserBapis:
    return ctx.app.sap_bapis


def _return_table(rows: Iterable[Bapiret2]):
    return t.TABLE_OF_BAPIRET2(item=[t.BAPIRET2(**row.as_dict()) for row in rows])


def _table(table_type, row_type, rows: Iterable[dict[str, Any]]):
    return table_type(item=[row_type(**row) for row in rows])


def _bapi(name: str, params: list[tuple[str, Any]], returns: list[tuple[str, Any]]):
    """``@rpc`` for one BAPI: SAP's message names, parameter names (in SAP's alphabetical order)."""
    return rpc(
        *(kind for _, kind in params),
        _in_message_name=name,
        _out_message_name=f"{name}Response",
        _in_variable_names={python: python for python, _ in params},
        _body_style="wrapped",
        **(
            {
                "_returns": tuple(kind for _, kind in returns),
                "_out_variable_names": tuple(n for n, _ in returns),
            }
            if len(returns) > 1
            else {"_returns": returns[0][1], "_out_variable_name": returns[0][0]}
        ),
    )


_RETURN_IN = ("RETURN", t.TABLE_OF_BAPIRET2)
_USERNAME = ("USERNAME", t.simple_type("char", 12, required=True))


class SuUserService(ServiceBase):
    """Operation names are the BAPI names, hence the upper-case method names."""

    @_bapi(
        "BAPI_USER_GETLIST",
        [
            ("MAX_ROWS", t.INT),
            _RETURN_IN,
            ("SELECTION_EXP", t.TABLE_OF_BAPIUSSEXP),
            ("SELECTION_RANGE", t.TABLE_OF_BAPIUSSRGE),
            ("USERLIST", t.TABLE_OF_BAPIUSNAME),
            ("WITH_USERNAME", t.CHAR1),
        ],
        [("RETURN", t.TABLE_OF_BAPIRET2), ("ROWS", t.INT), ("USERLIST", t.TABLE_OF_BAPIUSNAME)],
    )
    def BAPI_USER_GETLIST(ctx, MAX_ROWS, RETURN, SELECTION_EXP, SELECTION_RANGE, USERLIST, WITH_USERNAME):
        result = _bapis(ctx).getlist(
            max_rows=MAX_ROWS,
            selection_range=t.rows_of(SELECTION_RANGE) + t.rows_of(SELECTION_EXP),
            with_username=WITH_USERNAME,
        )
        return (
            _return_table(result.return_),
            result.rows,
            _table(t.TABLE_OF_BAPIUSNAME, t.BAPIUSNAME, result.userlist),
        )

    @_bapi(
        "BAPI_USER_GET_DETAIL",
        [("ACTIVITYGROUPS", t.TABLE_OF_BAPIAGR), _RETURN_IN, _USERNAME],
        [
            ("ACTIVITYGROUPS", t.TABLE_OF_BAPIAGR),
            ("ADDRESS", t.BAPIADDR3),
            ("COMPANY", t.BAPIUSCOMP),
            ("DEFAULTS", t.BAPIDEFAUL),
            ("ISLOCKED", t.BAPISLOCKD),
            ("LOGONDATA", t.BAPILOGOND),
            ("RETURN", t.TABLE_OF_BAPIRET2),
        ],
    )
    def BAPI_USER_GET_DETAIL(ctx, ACTIVITYGROUPS, RETURN, USERNAME):
        d = _bapis(ctx).get_detail(USERNAME)
        return (
            _table(t.TABLE_OF_BAPIAGR, t.BAPIAGR, d.activitygroups),
            t.BAPIADDR3(**d.address),
            t.BAPIUSCOMP(**d.company),
            t.BAPIDEFAUL(**d.defaults),
            t.BAPISLOCKD(**d.islocked),
            t.BAPILOGOND(**d.logondata),
            _return_table(d.return_),
        )

    @_bapi(
        "BAPI_USER_CREATE1",
        [
            ("ADDRESS", t.BAPIADDR3),
            ("COMPANY", t.BAPIUSCOMP),
            ("DEFAULTS", t.BAPIDEFAUL),
            ("LOGONDATA", t.BAPILOGOND),
            ("PASSWORD", t.BAPIPWD),
            _RETURN_IN,
            ("SELF_REGISTER", t.CHAR1),
            _USERNAME,
        ],
        [("RETURN", t.TABLE_OF_BAPIRET2)],
    )
    def BAPI_USER_CREATE1(
        ctx, ADDRESS, COMPANY, DEFAULTS, LOGONDATA, PASSWORD, RETURN, SELF_REGISTER, USERNAME
    ):
        return _return_table(
            _bapis(ctx).create1(
                username=USERNAME,
                address=t.to_dict(ADDRESS),
                company=t.to_dict(COMPANY),
                defaults=t.to_dict(DEFAULTS),
                logondata=t.to_dict(LOGONDATA),
                password=t.to_dict(PASSWORD),
                self_register=SELF_REGISTER,
            )
        )

    @_bapi(
        "BAPI_USER_CHANGE",
        [
            ("ADDRESS", t.BAPIADDR3),
            ("ADDRESSX", t.BAPIADDR3X),
            ("COMPANY", t.BAPIUSCOMP),
            ("COMPANYX", t.BAPIUSCOMX),
            ("DEFAULTS", t.BAPIDEFAUL),
            ("DEFAULTSX", t.BAPIDEFAX),
            ("LOGONDATA", t.BAPILOGOND),
            ("LOGONDATAX", t.BAPILOGONX),
            ("PASSWORD", t.BAPIPWD),
            ("PASSWORDX", t.BAPIPWDX),
            _RETURN_IN,
            _USERNAME,
        ],
        [("RETURN", t.TABLE_OF_BAPIRET2)],
    )
    def BAPI_USER_CHANGE(
        ctx,
        ADDRESS,
        ADDRESSX,
        COMPANY,
        COMPANYX,
        DEFAULTS,
        DEFAULTSX,
        LOGONDATA,
        LOGONDATAX,
        PASSWORD,
        PASSWORDX,
        RETURN,
        USERNAME,
    ):
        structures = {
            "address": ADDRESS,
            "addressx": ADDRESSX,
            "company": COMPANY,
            "companyx": COMPANYX,
            "defaults": DEFAULTS,
            "defaultsx": DEFAULTSX,
            "logondata": LOGONDATA,
            "logondatax": LOGONDATAX,
            "password": PASSWORD,
            "passwordx": PASSWORDX,
        }
        return _return_table(
            _bapis(ctx).change(username=USERNAME, **{k: t.to_dict(v) for k, v in structures.items()})
        )

    @_bapi("BAPI_USER_DELETE", [_RETURN_IN, _USERNAME], [("RETURN", t.TABLE_OF_BAPIRET2)])
    def BAPI_USER_DELETE(ctx, RETURN, USERNAME):
        return _return_table(_bapis(ctx).delete(USERNAME))

    @_bapi("BAPI_USER_LOCK", [_RETURN_IN, _USERNAME], [("RETURN", t.TABLE_OF_BAPIRET2)])
    def BAPI_USER_LOCK(ctx, RETURN, USERNAME):
        return _return_table(_bapis(ctx).lock(USERNAME))

    @_bapi("BAPI_USER_UNLOCK", [_RETURN_IN, _USERNAME], [("RETURN", t.TABLE_OF_BAPIRET2)])
    def BAPI_USER_UNLOCK(ctx, RETURN, USERNAME):
        return _return_table(_bapis(ctx).unlock(USERNAME))

    @_bapi("BAPI_USER_EXISTENCE_CHECK", [_USERNAME], [("RETURN", t.BAPIRET2)])
    def BAPI_USER_EXISTENCE_CHECK(ctx, USERNAME):
        return t.BAPIRET2(**_bapis(ctx).existence_check(USERNAME).as_dict())

    @_bapi(
        "BAPI_USER_ACTGROUPS_ASSIGN",
        [("ACTIVITYGROUPS", t.TABLE_OF_BAPIAGR), _RETURN_IN, _USERNAME],
        [("ACTIVITYGROUPS", t.TABLE_OF_BAPIAGR), ("RETURN", t.TABLE_OF_BAPIRET2)],
    )
    def BAPI_USER_ACTGROUPS_ASSIGN(ctx, ACTIVITYGROUPS, RETURN, USERNAME):
        bapis = _bapis(ctx)
        rows = bapis.actgroups_assign(USERNAME, t.rows_of(ACTIVITYGROUPS))
        assigned = bapis.get_detail(USERNAME).activitygroups
        return _table(t.TABLE_OF_BAPIAGR, t.BAPIAGR, assigned), _return_table(rows)


SuUserService.__service_name__ = SERVICE_NAME


class SapSoap11(Soap11):
    """SOAP 1.1 the SAP way: hardened parsing in, unqualified child elements out."""

    def create_in_document(self, ctx, charset=None):
        # Spyne's hook takes parser keyword arguments, not a parser, so the request is
        # parsed here with provlab.xmlsafe (no DTD, no entities, DOCTYPE refused); the
        # method/content-type checks mirror Soap11.create_in_document.
        if isinstance(ctx.transport, HttpTransportContext):
            if (
                ctx.transport.get_request_method() != "POST"
                or ctx.transport.get_request_content_type() is None
            ):
                super().create_in_document(ctx, charset)  # raises Spyne's 405 RequestNotAllowed
        body = b"".join(
            chunk if isinstance(chunk, bytes) else chunk.encode("utf-8") for chunk in ctx.in_string
        )
        try:
            root = xmlsafe.parse_bytes(body, source="SOAP request")
        except xmlsafe.UnsafeXMLError as exc:
            raise Fault("Client.UnsafeXML", str(exc)) from None
        except etree.XMLSyntaxError as exc:
            raise Fault("Client.XMLSyntaxError", f"the request is not well-formed XML: {exc}") from None
        body_element = root.find(f"{{{self.ns_soap_env}}}Body")
        if root.tag == f"{{{self.ns_soap_env}}}Envelope" and (
            body_element is None or not any(isinstance(child.tag, str) for child in body_element)
        ):
            raise Fault(
                "Client.SoapError",
                "the SOAP Body is empty; it must hold one call such as urn:BAPI_USER_GETLIST",
            )
        ctx.in_document = (root, {})

    def serialize(self, ctx, message):
        super().serialize(ctx, message)
        if ctx.out_error is None and ctx.out_body_doc is not None:
            for payload in ctx.out_body_doc:
                for element in payload.iterdescendants():
                    element.tag = etree.QName(element).localname
            etree.cleanup_namespaces(ctx.out_document)


class SapWsgiApplication(WsgiApplication):
    """Spyne's WSGI app with a WSDL whose SOAP address follows the URL it was fetched from.

    Spyne builds the WSDL once, with the first requester's URL as the address, and cannot
    rebuild it; the same app is reached in-process (``http://sap.test``) and over sockets,
    so the address is swapped per request in the document built once.
    """

    def __init__(self, application: Application) -> None:
        super().__init__(application)
        self.doc.wsdl11 = Wsdl11(application.interface, element_form_default="unqualified")
        self.doc.wsdl11.event_manager.add_listener("wsdl_document_built", _tidy_wsdl)
        self._built: tuple[str, bytes] | None = None
        self._wsdl_lock = threading.Lock()

    def handle_wsdl_request(self, req_env, start_response, url):
        with self._wsdl_lock:
            if self._built is None:
                self.doc.wsdl11.build_interface_document(url)
                self._built = (url, self.doc.wsdl11.get_interface_document())
            built_url, document = self._built
            old_address = f"location={quoteattr(built_url)}".encode()
            self._wsdl = document.replace(old_address, f"location={quoteattr(url)}".encode(), 1)
            return super().handle_wsdl_request(req_env, start_response, url)


def soap_action(operation: str) -> str:
    """The SOAPAction SAP's WSDLs declare, e.g. ``urn:…:functions:ZSAPCONNECTORWS:BAPI_USER_GETLISTRequest``.
    Requests are dispatched on the body element, so any SOAPAction header is accepted."""
    return f"{NAMESPACE}:{BINDING_NAME}:{operation}Request"


XSD_NS = "http://www.w3.org/2001/XMLSchema"
_SCHEMA_CHILD_ORDER = {"import": 0, "simpleType": 1, "complexType": 2, "element": 3}


def _sort_schema(schema: etree._Element) -> None:
    """Spyne emits schema types in hash order, so the WSDL's bytes would change from one process
    to the next; imports, simple types, complex types and elements each sorted by name make it
    byte-stable (a template's stored copy can then be compared byte for byte)."""

    def key(child: etree._Element) -> tuple[int, str]:
        if not isinstance(child.tag, str):
            return (-1, "")
        return (_SCHEMA_CHILD_ORDER.get(etree.QName(child).localname, 4), child.get("name") or "")

    children = sorted(schema, key=key)
    for child in children:
        schema.append(child)


def _tidy_wsdl(wsdl: Wsdl11) -> None:
    """Give the operations SAP's SOAPAction values, and drop the namespace declarations Spyne
    adds but never uses (SOAP 1.2, WS-Addressing …), so the document declares only what a
    SOAP 1.1 document/literal WSDL needs."""
    for operation in wsdl.root_elt.iter(f"{{{SOAP11_WSDL_NS}}}operation"):
        operation.set("soapAction", soap_action(operation.getparent().get("name")))
    for schema in wsdl.root_elt.iter(f"{{{XSD_NS}}}schema"):
        _sort_schema(schema)
    etree.cleanup_namespaces(wsdl.root_elt, keep_ns_prefixes=["tns", "xs", "wsdl", "wsdlsoap11"])


def build_sap_wsgi_app(bapis: SuUserBapis) -> WsgiApplication:
    """The SOAP endpoint (``POST``) and its WSDL (``GET ?wsdl``) as a WSGI app."""
    application = Application(
        [SuUserService],
        tns=NAMESPACE,
        name=BINDING_NAME,
        in_protocol=SapSoap11(validator=None),
        out_protocol=SapSoap11(),
    )
    application.sap_bapis = bapis
    return SapWsgiApplication(application)
