"""The Entra sequence through the host, the shipped SAP template and the SAP simulator, in-process."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest

from connector.config import load_host_config
from connector.host import create_host_app
from connector.host.backends import template_backend
from provlab.clock import FixedClock
from provlab.transport import wsgi_session
from simulator.app import create_app
from simulator.store import UserRecord, UserStore
from tests.connector.scim.conftest import BASE, ECMA, SAP_CONFIG, SCIM, SECRET

SAP_URL = "http://sap.test"
SCIM_JSON = {"Content-Type": "application/scim+json"}
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


@pytest.fixture
def sap_store():
    store = UserStore(clock=FixedClock(datetime(2026, 11, 27, 9, 0, tzinfo=UTC)))
    store.add(UserRecord(username="ASMITH", first_name="Ann", last_name="Smith", city="Berlin"))
    return store


@pytest.fixture
def entra(sap_store):
    """A SCIM session to the host, whose SAPECC connector runs the SAP template against the simulator."""
    config = load_host_config(SAP_CONFIG)
    simulator = create_app(store=sap_store)
    connector = config.connectors[0]
    backend = template_backend(connector, target_url=SAP_URL, session=wsgi_session(SAP_URL, simulator))
    host = create_host_app(config, {connector.name: backend}, clock=sap_store.clock)
    host.start(initial_import="sync", autosync=False)
    session = wsgi_session(BASE, host)
    session.headers["Authorization"] = f"Bearer {SECRET}"
    yield session
    host.close()


def default_dialect(attribute: str, value) -> dict:
    return {
        "schemas": [PATCH_OP],
        "Operations": [{"op": "Replace", "path": f"{ECMA}:{attribute}", "value": value}],
    }


def aad_dialect(attribute: str, value) -> dict:
    return {"schemas": [PATCH_OP], "Operations": [{"op": "replace", "value": {f"{ECMA}:{attribute}": value}}]}


@pytest.mark.parametrize("dialect", [default_dialect, aad_dialect], ids=["default", "aadOptscim062020"])
def test_entra_sequence_against_the_sap_simulator(entra, sap_store, dialect):
    assert entra.get(f"{SCIM}/Users/ASMITH").json()[ECMA]["city"] == "Berlin"  # filled by the Full Import
    probe = entra.get(f"{SCIM}/Users?filter=userName+eq+%22{uuid.uuid4()}%22")
    assert probe.status_code == 200 and probe.json()["totalResults"] == 0
    assert entra.get(f"{SCIM}/Users?filter=userName+eq+%22MMUSTER%22").json()["totalResults"] == 0

    body = {
        ECMA: {
            "userName": "MMUSTER",
            "firstName": "Max",
            "lastName": "Muster",
            "email": "max.muster@contoso.example",
            "city": "Walldorf",
            "department": "Finance",
            "expirationTime": "9999-12-31",
            "export_password": "Init!Pass-9q7w",
        }
    }
    created = entra.post(f"{SCIM}/Users", json=body, headers=SCIM_JSON)
    assert created.status_code == 201, created.text
    assert created.json()["id"] == "MMUSTER"
    record = sap_store.get("MMUSTER")
    assert (record.first_name, record.last_name, record.city) == ("Max", "Muster", "Walldorf")
    assert record.password_hash  # the initial password reached SAP

    assert entra.get(f"{SCIM}/Users/MMUSTER").status_code == 200
    disabled = entra.patch(
        f"{SCIM}/Users/MMUSTER", json=dialect("expirationTime", "1990-01-01"), headers=SCIM_JSON
    )
    assert disabled.status_code == 200, disabled.text
    assert sap_store.get("MMUSTER").valid_to == date(1990, 1, 1)

    moved = entra.patch(f"{SCIM}/Users/MMUSTER", json=dialect("department", "Sales"), headers=SCIM_JSON)
    assert moved.status_code == 200, moved.text
    record = sap_store.get("MMUSTER")
    # ObjectReplace of one attribute leaves the others intact in SAP.
    assert (record.department, record.city, record.email, record.first_name) == (
        "Sales",
        "Walldorf",
        "max.muster@contoso.example",
        "Max",
    )
    assert record.valid_to == date(1990, 1, 1)

    again = entra.post(f"{SCIM}/Users", json=body, headers=SCIM_JSON)
    assert again.status_code == 409 and again.json()["scimType"] == "uniqueness"

    assert entra.delete(f"{SCIM}/Users/MMUSTER").status_code == 204
    assert sap_store.get("MMUSTER") is None
    assert entra.get(f"{SCIM}/Users/MMUSTER").status_code == 404


def test_sap_refusals_come_back_as_scim_errors(entra, sap_store):
    missing_anchor = entra.post(f"{SCIM}/Users", json={ECMA: {"lastName": "Nobody"}}, headers=SCIM_JSON)
    assert missing_anchor.status_code == 400, missing_anchor.text
    sap_store.add(UserRecord(username="LATECOMER", last_name="Late"))  # in SAP, not yet in the cache
    exists = entra.post(
        f"{SCIM}/Users",
        json={ECMA: {"userName": "LATECOMER", "lastName": "Late", "export_password": "Init!Pass-9q7w"}},
        headers=SCIM_JSON,
    )
    assert exists.status_code == 409, exists.text
    sap_store.delete("ASMITH")  # gone from SAP behind the host's back
    gone = entra.delete(f"{SCIM}/Users/ASMITH")
    assert gone.status_code == 404, gone.text
