"""Discovering the SAP simulator's WSDL yields the BAPI tree and the shipped template's discovery.xml."""

from __future__ import annotations

import shutil

import pytest
import requests

from connector.discovery import discover_soap, read_wsdl, write_soap
from connector.template.loader import load_template

from .conftest import SAP_TEMPLATE

SERVICE = "ZSAPCONNECTORWEBSERVICE"
TEMPLATE_BAPIS = {
    "BAPI_USER_GETLIST",
    "BAPI_USER_GET_DETAIL",
    "BAPI_USER_CREATE1",
    "BAPI_USER_CHANGE",
    "BAPI_USER_DELETE",
}


@pytest.fixture
def discovered(sap_session, sap_wsdl_url):
    return discover_soap(read_wsdl(sap_wsdl_url, sap_session))


def test_the_simulator_wsdl_yields_the_bapi_tree(discovered):
    service = discovered.service
    assert service.name == SERVICE and service.namespace == "urn:sap-com:document:sap:rfc:functions"
    endpoint = service.endpoints["ZSAPCONNECTORWS"]
    assert endpoint.address.startswith("http://sap.test/sap/bc/srt/rfc/sap/zsapconnectorwebservice/")
    assert TEMPLATE_BAPIS <= set(endpoint.operations)
    getlist = endpoint.operations["BAPI_USER_GETLIST"]
    assert [e.name for e in getlist.inputs] == [
        "MAX_ROWS",
        "RETURN",
        "SELECTION_EXP",
        "SELECTION_RANGE",
        "USERLIST",
        "WITH_USERNAME",
    ]
    selection = getlist.input("SELECTION_RANGE")
    assert selection.type == "TABLE_OF_BAPIUSSRGE"
    row = selection.child("item")
    assert row.repeated and row.type == "BAPIUSSRGE"
    assert [c.name for c in row.children][:4] == ["PARAMETER", "FIELD", "SIGN", "OPTION"]
    detail = endpoint.operations["BAPI_USER_GET_DETAIL"]
    assert detail.input("USERNAME").type == "char12" and detail.input("USERNAME").min_occurs == 1
    address = next(e for e in detail.outputs if e.name == "ADDRESS")
    assert address.type == "BAPIADDR3" and address.child("FIRSTNAME") is not None


def test_the_written_discovery_xml_equals_the_shipped_templates(discovered, tmp_path):
    write_soap(tmp_path, discovered)
    assert (tmp_path / "discovery.xml").read_bytes() == (SAP_TEMPLATE / "discovery.xml").read_bytes()


def test_the_discovered_files_make_a_template_the_loader_and_validator_accept(discovered, tmp_path):
    template = tmp_path / "sap-ecc"
    shutil.copytree(SAP_TEMPLATE, template)
    (template / "discovery.xml").unlink()
    shutil.rmtree(template / "wsdl")
    write_soap(template, discovered)
    loaded = load_template(template)
    assert TEMPLATE_BAPIS <= set(loaded.discovery.soap[SERVICE].endpoints["ZSAPCONNECTORWS"].operations)


def test_without_credentials_the_simulator_asks_for_them(sap_session, sap_wsdl_url):
    sap_session.auth = None
    from connector.discovery import DiscoveryError

    with pytest.raises(DiscoveryError, match="asks for credentials"):
        read_wsdl(sap_wsdl_url, sap_session)


@pytest.mark.sockets
def test_discovery_over_a_real_loopback_socket(tmp_path):
    from provlab.serving import serve_in_thread
    from simulator.app import DEFAULT_CREDENTIALS, create_app, wsdl_url

    with serve_in_thread(create_app()) as server:
        session = requests.Session()
        session.trust_env = False
        session.auth = DEFAULT_CREDENTIALS
        found = discover_soap(read_wsdl(wsdl_url(server.url), session))
    assert found.service.endpoints["ZSAPCONNECTORWS"].address.startswith(server.url)
    assert TEMPLATE_BAPIS <= set(found.service.endpoints["ZSAPCONNECTORWS"].operations)
