"""The SAP SOAP service: WSDL shape, zeep (strict) round trips, hand-written envelopes,
authentication and malformed or unsafe requests."""

from __future__ import annotations

import pytest
from lxml import etree

from provlab.transport import wsgi_session
from simulator.app import SAP_PATH, create_app, wsdl_url
from simulator.sap.service import OPERATIONS

SAP_BASE_URL = "http://sap.test"  # where the sap_session fixture mounts the app

WSDL_NS = {
    "wsdl": "http://schemas.xmlsoap.org/wsdl/",
    "soap": "http://schemas.xmlsoap.org/wsdl/soap/",
    "xs": "http://www.w3.org/2001/XMLSchema",
}
SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
RFC_NS = "urn:sap-com:document:sap:rfc:functions"
ENDPOINT = SAP_BASE_URL + SAP_PATH


def envelope(operation: str, inner: str, *, qualified: bool = False, prolog: str = "") -> bytes:
    if qualified:
        inner = inner.replace("<", "<urn:").replace("<urn:/", "</urn:")
    return (
        f'{prolog}<soapenv:Envelope xmlns:soapenv="{SOAP_ENV}" xmlns:urn="{RFC_NS}"><soapenv:Header/>'
        f"<soapenv:Body><urn:{operation}>{inner}</urn:{operation}></soapenv:Body></soapenv:Envelope>"
    ).encode()


def post(session, body: bytes):
    return session.post(ENDPOINT, data=body, headers={"Content-Type": "text/xml; charset=utf-8"})


def parse(response):
    return etree.fromstring(response.content)


def create_jdoe(sap_client, **extra):
    return sap_client.service.BAPI_USER_CREATE1(
        USERNAME="jdoe",
        ADDRESS={"FIRSTNAME": "John", "LASTNAME": "Doe", "CITY": "Berlin", "E_MAIL": "john.doe@example.com"},
        COMPANY={"COMPANY": "ACME"},
        LOGONDATA={"GLTGB": "2026-12-31"},
        PASSWORD={"BAPIPWD": "Init1234!"},
        SELF_REGISTER="X",
        **extra,
    )


# --- WSDL ------------------------------------------------------------------------------------


def test_wsdl_meets_the_mim_tool_rules(sap_session):
    response = sap_session.get(wsdl_url(SAP_BASE_URL))
    assert response.status_code == 200
    wsdl = etree.fromstring(response.content)
    assert wsdl.get("targetNamespace") == RFC_NS
    bindings = wsdl.findall("wsdl:binding", WSDL_NS)
    assert [b.get("name") for b in bindings] == ["ZSAPCONNECTORWS"]
    soap_binding = bindings[0].find("soap:binding", WSDL_NS)
    assert soap_binding.get("style") == "document"
    assert soap_binding.get("transport") == "http://schemas.xmlsoap.org/soap/http"
    assert {b.get("use") for b in bindings[0].iterfind(".//soap:body", WSDL_NS)} == {"literal"}
    service = wsdl.find("wsdl:service", WSDL_NS)
    assert service.get("name") == "ZSAPCONNECTORWEBSERVICE"
    assert service.find("wsdl:port/soap:address", WSDL_NS).get("location") == ENDPOINT
    ops = [op.get("name") for op in wsdl.findall("wsdl:portType/wsdl:operation", WSDL_NS)]
    assert sorted(ops) == sorted(OPERATIONS)
    text = response.text
    assert "Policy" not in text and "soap12" not in text and "import" not in text and "include" not in text
    schema = wsdl.find("wsdl:types/xs:schema", WSDL_NS)
    assert schema.get("elementFormDefault") == "unqualified"
    simple_types = {st.get("name") for st in schema.findall("xs:simpleType", WSDL_NS)}
    assert {"char12", "char40", "date10", "numeric3"} <= simple_types


def test_wsdl_address_follows_the_requested_host(sap_app):

    other = wsgi_session("http://other.test", sap_app)
    other.auth = ("PROVLAB", "Provlab-Sim-2026")
    text = other.get(wsdl_url("http://other.test")).text
    assert f'location="http://other.test{SAP_PATH}"' in text


# --- zeep, strict, every operation ------------------------------------------------------------


def test_zeep_round_trips_create_detail_change_and_delete(sap_client):
    [created] = create_jdoe(sap_client)
    assert (created.TYPE, created.ID, created.NUMBER, created.MESSAGE_V1) == ("S", "01", "102", "JDOE")

    detail = sap_client.service.BAPI_USER_GET_DETAIL(USERNAME="JDOE")
    assert detail.ADDRESS.LASTNAME == "Doe" and detail.ADDRESS.E_MAIL == "john.doe@example.com"
    assert detail.COMPANY.COMPANY == "ACME"
    assert detail.LOGONDATA.GLTGB == "2026-12-31" and detail.LOGONDATA.GLTGV == "0000-00-00"
    assert detail.ISLOCKED.LOCAL_LOCK == "U"
    assert detail.RETURN is None or not detail.RETURN.item

    [changed] = sap_client.service.BAPI_USER_CHANGE(
        USERNAME="JDOE",
        ADDRESS={"CITY": "Paris", "LASTNAME": "Not flagged"},
        ADDRESSX={"CITY": "X"},
        LOGONDATA={"GLTGB": "2027-06-30"},
        LOGONDATAX={"GLTGB": "X"},
    )
    assert (changed.TYPE, changed.NUMBER) == ("S", "039")
    detail = sap_client.service.BAPI_USER_GET_DETAIL(USERNAME="JDOE")
    assert (detail.ADDRESS.CITY, detail.ADDRESS.LASTNAME, detail.LOGONDATA.GLTGB) == (
        "Paris",
        "Doe",
        "2027-06-30",
    )

    [deleted] = sap_client.service.BAPI_USER_DELETE(USERNAME="JDOE")
    [missing] = sap_client.service.BAPI_USER_DELETE(USERNAME="JDOE")
    assert (deleted.TYPE, deleted.NUMBER) == ("S", "159")
    assert (missing.TYPE, missing.NUMBER, missing.MESSAGE) == ("E", "124", "User JDOE does not exist")


def test_zeep_create_duplicate_answers_224(sap_client):
    create_jdoe(sap_client)
    [row] = create_jdoe(sap_client)
    assert (row.TYPE, row.ID, row.NUMBER) == ("E", "01", "224")


def test_zeep_getlist_pages_like_the_sap_template(sap_client, sap_app):
    for name in ["DORA", "ALF", "CID", "BEA", "EVA"]:
        sap_client.service.BAPI_USER_CREATE1(
            USERNAME=name, ADDRESS={"LASTNAME": name.title()}, PASSWORD={"BAPIPWD": "Init1234!"}
        )
    seen, low = [], ""
    while True:
        page = sap_client.service.BAPI_USER_GETLIST(
            MAX_ROWS=2,
            SELECTION_RANGE={"item": [{"PARAMETER": "USERNAME", "SIGN": "I", "OPTION": "GT", "LOW": low}]},
            WITH_USERNAME="X",
        )
        names = [row.USERNAME for row in (page.USERLIST.item if page.USERLIST else [])]
        assert page.ROWS == len(names)
        seen += names
        if page.ROWS < 2:
            break
        low = names[-1]
    assert seen == ["ALF", "BEA", "CID", "DORA", "EVA"]


def test_zeep_lock_unlock_existence_and_roles(sap_client):
    create_jdoe(sap_client)
    [locked] = sap_client.service.BAPI_USER_LOCK(USERNAME="JDOE")
    assert locked.TYPE == "S"
    assert sap_client.service.BAPI_USER_GET_DETAIL(USERNAME="JDOE").ISLOCKED.LOCAL_LOCK == "L"
    [unlocked] = sap_client.service.BAPI_USER_UNLOCK(USERNAME="JDOE")
    assert unlocked.TYPE == "S"
    assert sap_client.service.BAPI_USER_GET_DETAIL(USERNAME="JDOE").ISLOCKED.LOCAL_LOCK == "U"

    exists = sap_client.service.BAPI_USER_EXISTENCE_CHECK(USERNAME="jdoe")
    absent = sap_client.service.BAPI_USER_EXISTENCE_CHECK(USERNAME="nobody")
    assert (exists.NUMBER, absent.NUMBER) == ("088", "124")

    result = sap_client.service.BAPI_USER_ACTGROUPS_ASSIGN(
        USERNAME="JDOE", ACTIVITYGROUPS={"item": [{"AGR_NAME": "Z_SALES", "FROM_DAT": "2026-01-01"}]}
    )
    assert result.RETURN.item[0].TYPE == "S"
    assert [g.AGR_NAME for g in result.ACTIVITYGROUPS.item] == ["Z_SALES"]
    detail = sap_client.service.BAPI_USER_GET_DETAIL(USERNAME="JDOE")
    assert detail.ACTIVITYGROUPS.item[0].FROM_DAT == "2026-01-01"


def test_zeep_business_errors_come_back_in_return_not_as_faults(sap_client, sap_app):
    [row] = sap_client.service.BAPI_USER_CREATE1(
        USERNAME="THIRTEENCHARS", ADDRESS={"LASTNAME": "X"}, PASSWORD={"BAPIPWD": "Init1234!"}
    )
    assert (row.TYPE, row.NUMBER) == ("E", "295")
    [row] = sap_client.service.BAPI_USER_CREATE1(
        USERNAME="OK",
        ADDRESS={"LASTNAME": "X"},
        LOGONDATA={"GLTGB": "2026-02-31"},
        PASSWORD={"BAPIPWD": "Init1234!"},
    )
    assert (row.TYPE, row.NUMBER) == ("E", "296")
    assert sap_app.store.count() == 0


# --- hand-written SAP-style envelopes ---------------------------------------------------------


@pytest.mark.parametrize("qualified", [False, True], ids=["unqualified", "qualified"])
def test_hand_written_envelope_creates_a_user(sap_session, sap_app, qualified):
    inner = (
        "<ADDRESS><FIRSTNAME>Ann</FIRSTNAME><LASTNAME>Lee</LASTNAME></ADDRESS>"
        "<LOGONDATA><GLTGV>2026-01-01</GLTGV><GLTGB>0000-00-00</GLTGB></LOGONDATA>"
        "<PASSWORD><BAPIPWD>Init1234!</BAPIPWD></PASSWORD><RETURN/><USERNAME>alee</USERNAME>"
    )
    response = post(sap_session, envelope("BAPI_USER_CREATE1", inner, qualified=qualified))
    assert response.status_code == 200
    body = parse(response)
    payload = body.find(f"{{{SOAP_ENV}}}Body/{{{RFC_NS}}}BAPI_USER_CREATE1Response")
    assert payload is not None
    # SAP style: only the operation element is qualified.
    item = payload.find("RETURN/item")
    assert (item.findtext("TYPE"), item.findtext("NUMBER"), item.findtext("MESSAGE")) == (
        "S",
        "102",
        "User ALEE created",
    )
    assert sap_app.store.get("ALEE").first_name == "Ann"


def test_wcf_style_envelope_with_default_namespaces_and_soap_action(sap_session, sap_app):
    """What a .NET (WCF) client such as the ECMA2Host web service connector sends."""
    create = (
        f'<s:Envelope xmlns:s="{SOAP_ENV}"><s:Body><BAPI_USER_CREATE1 xmlns="{RFC_NS}">'
        '<ADDRESS xmlns=""><LASTNAME>Wcf</LASTNAME></ADDRESS>'
        '<PASSWORD xmlns=""><BAPIPWD>Init1234!</BAPIPWD></PASSWORD>'
        '<USERNAME xmlns="">WCF1</USERNAME></BAPI_USER_CREATE1></s:Body></s:Envelope>'
    )
    headers = {
        "Content-Type": "text/xml; charset=utf-8",
        "SOAPAction": f'"{RFC_NS}:ZSAPCONNECTORWS:BAPI_USER_CREATE1Request"',
    }
    response = sap_session.post(ENDPOINT, data=create.encode(), headers=headers)
    assert parse(response).findtext(".//RETURN/item/NUMBER") == "102"
    assert sap_app.store.get("WCF1").last_name == "Wcf"


def test_wsdl_declares_sap_soap_actions(sap_session):
    wsdl = etree.fromstring(sap_session.get(wsdl_url(SAP_BASE_URL)).content)
    actions = {
        op.getparent().get("name"): op.get("soapAction")
        for op in wsdl.iterfind("wsdl:binding/wsdl:operation/soap:operation", WSDL_NS)
    }
    assert actions["BAPI_USER_GETLIST"] == f"{RFC_NS}:ZSAPCONNECTORWS:BAPI_USER_GETLISTRequest"
    assert set(actions) == set(OPERATIONS)


def test_hand_written_getlist_response_lists_users(sap_session, sap_app):
    post(
        sap_session,
        envelope(
            "BAPI_USER_CREATE1",
            "<USERNAME>A1</USERNAME><ADDRESS><LASTNAME>A</LASTNAME></ADDRESS>"
            "<PASSWORD><BAPIPWD>Init1234!</BAPIPWD></PASSWORD>",
        ),
    )
    inner = (
        "<MAX_ROWS>10</MAX_ROWS><SELECTION_RANGE><item><PARAMETER>USERNAME</PARAMETER><SIGN>I</SIGN>"
        "<OPTION>CP</OPTION><LOW>A*</LOW></item></SELECTION_RANGE>"
    )
    payload = parse(post(sap_session, envelope("BAPI_USER_GETLIST", inner)))[0][0]
    assert payload.findtext("ROWS") == "1"
    assert [e.text for e in payload.iterfind("USERLIST/item/USERNAME")] == ["A1"]


# --- malformed, unsafe and unauthenticated requests -----------------------------------------


def fault_of(response):
    fault = parse(response).find(f"{{{SOAP_ENV}}}Body/{{{SOAP_ENV}}}Fault")
    assert fault is not None, response.text
    return fault.findtext("faultcode"), fault.findtext("faultstring")


def test_doctype_request_is_refused_with_a_fault_and_no_state_change(sap_session, sap_app):
    body = envelope(
        "BAPI_USER_CREATE1",
        "<USERNAME>&evil;</USERNAME><ADDRESS><LASTNAME>X</LASTNAME></ADDRESS><PASSWORD><BAPIPWD>Init1234!</BAPIPWD></PASSWORD>",
        prolog='<?xml version="1.0"?><!DOCTYPE x [<!ENTITY evil "HACKER">]>',
    )
    response = post(sap_session, body)
    assert response.status_code == 500
    code, text = fault_of(response)
    assert code.endswith("Client.UnsafeXML") and "DOCTYPE" in text
    assert sap_app.store.count() == 0


@pytest.mark.parametrize(
    "body",
    [
        b"<soapenv:Envelope xmlns:soapenv='http://schemas.xmlsoap.org/soap/envelope/'><soapenv:Body>",
        b"not xml at all",
    ],
)
def test_malformed_xml_gets_a_client_fault(sap_session, sap_app, body):
    response = post(sap_session, body)
    assert response.status_code == 500
    code, _ = fault_of(response)
    assert code.endswith("Client.XMLSyntaxError")
    assert sap_app.store.count() == 0


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (
            f'<soapenv:Envelope xmlns:soapenv="{SOAP_ENV}"><soapenv:Body/></soapenv:Envelope>',
            "Client.SoapError",
        ),
        (f'<soapenv:Envelope xmlns:soapenv="{SOAP_ENV}"/>', "Client.SoapError"),
        ("<BAPI_USER_DELETE><USERNAME>X</USERNAME></BAPI_USER_DELETE>", "Client.SoapError"),
    ],
)
def test_envelopes_without_a_call_get_a_client_fault(sap_session, body, code):
    response = post(sap_session, body.encode())
    assert response.status_code == 500
    assert fault_of(response)[0].endswith(code)


def test_unknown_operation_gets_a_client_fault(sap_session):
    response = post(sap_session, envelope("BAPI_USER_TELEPORT", "<USERNAME>X</USERNAME>"))
    assert response.status_code == 500
    code, text = fault_of(response)
    assert code.startswith("soap11env:Client") and "BAPI_USER_TELEPORT" in text


@pytest.mark.parametrize("auth", [None, ("PROVLAB", "wrong"), ("SOMEONE", "Provlab-Sim-2026")])
def test_requests_without_the_right_credentials_get_401(sap_app, auth):

    session = wsgi_session(SAP_BASE_URL, sap_app)
    session.auth = auth
    for response in (
        session.get(wsdl_url(SAP_BASE_URL)),
        post(session, envelope("BAPI_USER_DELETE", "<USERNAME>X</USERNAME>")),
    ):
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"].startswith("Basic realm=")


def test_credentials_are_overridable(sap_clock):

    app = create_app(clock=sap_clock, credentials=("ADMIN", "s3cret-pass"))
    session = wsgi_session(SAP_BASE_URL, app)
    session.auth = ("ADMIN", "s3cret-pass")
    assert session.get(wsdl_url(SAP_BASE_URL)).status_code == 200
    session.auth = ("PROVLAB", "Provlab-Sim-2026")
    assert session.get(wsdl_url(SAP_BASE_URL)).status_code == 401


def test_health_needs_no_credentials_and_unknown_paths_are_404(sap_app):

    session = wsgi_session(SAP_BASE_URL, sap_app)
    assert session.get(SAP_BASE_URL + "/_health").text == "ok"
    assert session.get(SAP_BASE_URL + "/nothing").status_code == 404
