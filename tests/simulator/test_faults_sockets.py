"""Every fault kind again, over a real loopback socket (waitress), as a client meets it."""

from __future__ import annotations

import time

import pytest
import requests
import zeep
from zeep.transports import Transport

from provlab import xmlsafe
from provlab.serving import serve_in_thread
from simulator.app import DEFAULT_CREDENTIALS, create_app, wsdl_url

pytestmark = pytest.mark.sockets


@pytest.fixture(scope="module")
def served():
    app = create_app()
    with serve_in_thread(app) as server:
        yield app, server


@pytest.fixture
def env(served):
    app, server = served
    app.faults.clear()
    app.store.clear()
    session = requests.Session()
    session.trust_env = False
    session.auth = DEFAULT_CREDENTIALS
    client = zeep.Client(
        wsdl_url(server.url),
        transport=Transport(session=session),
        settings=xmlsafe.zeep_settings(strict=True),
    )
    yield app, server.url + "/api/v1/users", session, client
    app.faults.clear()
    session.close()


def create(client, name="jdoe"):
    return client.service.BAPI_USER_CREATE1(
        USERNAME=name, ADDRESS={"LASTNAME": "Doe"}, PASSWORD={"BAPIPWD": "Init1234!"}
    )


def test_latency(env):
    app, users, session, client = env
    app.faults.add("*:*:latency:ms=100,max_ms=150")
    started = time.perf_counter()
    assert create(client)[0].NUMBER == "102"
    assert session.get(users).status_code == 200
    assert time.perf_counter() - started >= 0.2


def test_hang_times_the_client_out(env):
    app, users, session, client = env
    app.faults.add("*:*:hang:seconds=10")
    with pytest.raises(requests.ReadTimeout):
        session.get(users, timeout=0.3)
    app.faults.clear()


def test_soap_fault(env):
    app, _, _, client = env
    app.faults.add("sap:BAPI_USER_CREATE1:soap_fault")
    with pytest.raises(zeep.exceptions.Fault, match="Simulated SOAP fault"):
        create(client)
    assert app.store.count() == 0


def test_sap_error(env):
    app, _, _, client = env
    app.faults.add("sap:BAPI_USER_DELETE:sap_error:number=124")
    [row] = client.service.BAPI_USER_DELETE(USERNAME="ANY")
    assert (row.TYPE, row.NUMBER) == ("E", "124")


@pytest.mark.parametrize("status", [429, 500, 502, 503])
def test_http_status(env, status):
    app, users, session, client = env
    app.faults.add(f"*:*:http_status:status={status},retry_after=2")
    response = session.get(users)
    assert (response.status_code, response.headers["Retry-After"]) == (status, "2")
    with pytest.raises(zeep.exceptions.Error):  # zeep: TransportError or "Unknown fault" by status
        create(client)
    soap = app.journal.entries(operation="BAPI_USER_CREATE1")[-1]
    assert (soap.status, soap.fault) == (status, "http_status")


def test_drop(env):
    app, users, session, client = env
    app.faults.add("*:*:drop")
    with pytest.raises((requests.ConnectionError, requests.exceptions.ChunkedEncodingError)):
        session.get(users)
    with pytest.raises((requests.ConnectionError, requests.exceptions.ChunkedEncodingError)):
        create(client)
    assert app.store.count() == 0


def test_malformed(env):
    app, users, session, client = env
    app.faults.add("*:*:malformed")
    with pytest.raises(zeep.exceptions.TransportError, match="invalid XML"):
        create(client)
    with pytest.raises(requests.JSONDecodeError):
        session.get(users).json()


def test_truncated_page(env):
    app, users, session, client = env
    for name in ("B1", "B2", "B3", "B4", "B5", "B6"):
        create(client, name)
    app.faults.add("*:*:truncated_page")
    assert client.service.BAPI_USER_GETLIST(MAX_ROWS=6).ROWS == 3
    page = session.get(users).json()
    assert len(page["users"]) == 3 and page["total"] == 6
