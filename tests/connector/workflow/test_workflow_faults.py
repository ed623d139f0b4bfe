"""Target faults surface as one typed error, ``TargetUnavailableError``, carrying the target's words."""

from __future__ import annotations

import threading

import pytest

from connector.backend import TargetUnavailableError
from provlab.transport import DropConnection

SOAP_FAULT = b"""<?xml version="1.0" encoding="UTF-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault>
<faultcode>soap:Server</faultcode><faultstring>RFC destination NONE: connection to ABAP lost</faultstring>
</soap:Fault></soap:Body></soap:Envelope>"""


def answering(status: str, body: bytes, content_type: str = "text/plain"):
    def app(environ, start_response):
        start_response(status, [("Content-Type", content_type)])
        return [body]

    return app


def test_http_503_is_a_typed_error_with_the_targets_message(make_backend):
    backend = make_backend(
        answering("503 Service Unavailable", b"SAP system PRD is in maintenance until 14:00")
    )
    with pytest.raises(TargetUnavailableError) as info:
        backend.export("User", "Delete", "JDOE", {})
    assert info.value.kind == "http"
    assert "HTTP 503" in info.value.message and "in maintenance until 14:00" in info.value.message


def test_a_soap_fault_is_a_typed_error_with_the_fault_string(make_backend):
    backend = make_backend(answering("500 Internal Server Error", SOAP_FAULT, "text/xml; charset=utf-8"))
    with pytest.raises(TargetUnavailableError) as info:
        backend.full_import("User")
    assert info.value.kind == "soap-fault"
    assert "connection to ABAP lost" in info.value.message and "BAPI_USER_GETLIST" in info.value.message


def test_a_timeout_is_a_typed_error_naming_the_limit(make_backend):
    release = threading.Event()

    def slow(environ, start_response):
        release.wait(5)
        start_response("200 OK", [("Content-Type", "text/xml")])
        return [b""]

    backend = make_backend(slow, timeout=0.2)
    try:
        with pytest.raises(TargetUnavailableError) as info:
            backend.test_connection()
    finally:
        release.set()
    assert info.value.kind == "timeout" and "0.2 s" in info.value.message


def test_a_dropped_connection_is_a_typed_error(make_backend):
    def drop(environ, start_response):
        raise DropConnection()

    with pytest.raises(TargetUnavailableError) as info:
        make_backend(drop).export(
            "User", "Add", None, {"userName": "X", "lastName": "Y", "export_password": "p"}
        )
    assert info.value.kind == "unreachable" and "closed without a response" in info.value.message
