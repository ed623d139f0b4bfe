"""The host serving the RESTLOB connector (fixtures/hosts/rest-lob) over the rest-lob template and the
REST simulator, in-process: the Entra sequence, refusals and the autosync delta import."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from connector.config import load_host_config
from connector.host import create_host_app
from connector.host.backends import template_backend
from provlab.transport import wsgi_session
from simulator.store import UserRecord
from tests.connector.rest_lob.conftest import HOST_CONFIG, LOB_URL

BASE = "https://ecma.test"
SCIM = f"{BASE}/ecma2host_RESTLOB/scim"
SECRET = "provlab-lab-secret-0002"
ECMA = "urn:ietf:params:scim:schemas:extension:ECMA2Host:2.0:User"
SCIM_JSON = {"Content-Type": "application/scim+json"}
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


@pytest.fixture
def host(lob_session, lob_clock):
    config = load_host_config(HOST_CONFIG)
    connector = config.connectors[0]
    backend = template_backend(connector, target_url=LOB_URL, session=lob_session, clock=lob_clock)
    host = create_host_app(config, {connector.name: backend}, clock=lob_clock)
    host.start(initial_import="sync", autosync=False)
    yield host
    host.close()


@pytest.fixture
def entra(host):
    session = wsgi_session(BASE, host)
    session.headers["Authorization"] = f"Bearer {SECRET}"
    return session


def default_dialect(path: str, value) -> dict:
    return {"schemas": [PATCH_OP], "Operations": [{"op": "Replace", "path": path, "value": value}]}


def aad_dialect(path: str, value) -> dict:
    if isinstance(value, str) and value in ("True", "False"):
        value = value == "True"
    return {"schemas": [PATCH_OP], "Operations": [{"op": "replace", "value": {path: value}}]}


def find(entra, user_name: str) -> int:
    return entra.get(f"{SCIM}/Users", params={"filter": f'userName eq "{user_name}"'}).json()["totalResults"]


@pytest.mark.parametrize("dialect", [default_dialect, aad_dialect], ids=["default", "aadOptscim062020"])
def test_entra_sequence_against_the_rest_simulator(entra, lob_store, dialect):
    assert entra.get(f"{SCIM}/Users/asmith").json()[ECMA]["city"] == "Berlin"  # filled by the Full Import
    assert find(entra, str(uuid.uuid4())) == 0  # the test-connection probe
    assert find(entra, "mmuster") == 0

    body = {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", ECMA],
        "active": True,
        ECMA: {
            "userName": "mmuster",
            "givenName": "Max",
            "surname": "Muster",
            "email": "max.muster@contoso.example",
            "city": "Walldorf",
            "department": "Finance",
            "validUntil": "2027-06-30",
        },
    }
    created = entra.post(f"{SCIM}/Users", json=body, headers=SCIM_JSON)
    assert created.status_code == 201, created.text
    assert created.json()["id"] == "mmuster"
    record = lob_store.get("mmuster")
    assert (record.first_name, record.last_name, record.city) == ("Max", "Muster", "Walldorf")
    assert record.valid_to == date(2027, 6, 30) and not record.locked

    fetched = entra.get(f"{SCIM}/Users/mmuster")
    assert fetched.status_code == 200 and fetched.json()[ECMA]["department"] == "Finance"

    moved = entra.patch(
        f"{SCIM}/Users/mmuster", json=dialect(f"{ECMA}:department", "Sales"), headers=SCIM_JSON
    )
    assert moved.status_code == 200, moved.text
    record = lob_store.get("mmuster")
    # ObjectReplace from the host's copy: the attributes Entra did not touch stay as they were
    assert (record.department, record.city, record.email) == (
        "Sales",
        "Walldorf",
        "max.muster@contoso.example",
    )
    assert record.valid_to == date(2027, 6, 30)

    disabled = entra.patch(f"{SCIM}/Users/mmuster", json=dialect("active", "False"), headers=SCIM_JSON)
    assert disabled.status_code == 200, disabled.text
    assert disabled.json()["active"] is False
    record = lob_store.get("mmuster")
    assert record.locked and record.department == "Sales"

    again = entra.post(f"{SCIM}/Users", json=body, headers=SCIM_JSON)
    assert again.status_code == 409 and again.json()["scimType"] == "uniqueness"

    assert entra.delete(f"{SCIM}/Users/mmuster").status_code == 204
    assert lob_store.get("mmuster") is None
    assert entra.get(f"{SCIM}/Users/mmuster").status_code == 404


def test_the_rest_services_refusals_come_back_as_scim_errors(entra, lob_store):
    bad_date = entra.post(
        f"{SCIM}/Users", json={ECMA: {"userName": "late", "validUntil": "31.12.2026"}}, headers=SCIM_JSON
    )
    assert bad_date.status_code == 400 and "not a date" in bad_date.json()["detail"]
    lob_store.delete("bkhan")  # gone from the service behind the host's back
    gone = entra.delete(f"{SCIM}/Users/bkhan")
    assert gone.status_code == 404, gone.text
    assert entra.get(f"{SCIM}/Users/bkhan").status_code == 404


def test_the_delta_import_brings_changes_made_in_the_service_into_the_cache(
    entra, host, lob_store, lob_clock
):
    runtime = host.runtimes["RESTLOB"]
    first = runtime.sync_once()  # autosync runs the Delta Import: delta is enabled in the configuration
    assert first.kind == "delta"
    lob_clock.advance(minutes=2)
    lob_store.update("asmith", city="Hamburg")
    lob_store.add(UserRecord(username="cnew", first_name="Cem", last_name="New"))

    summary = runtime.sync_once()
    assert (summary.kind, summary.entries) == ("delta", 2)
    assert entra.get(f"{SCIM}/Users/asmith").json()[ECMA]["city"] == "Hamburg"
    assert entra.get(f"{SCIM}/Users/cnew").json()[ECMA]["surname"] == "New"


def test_a_rate_limited_delete_is_not_reported_to_entra_as_gone(entra, lob_app, lob_store):
    lob_app.faults.add("rest:DELETE /api/v1/users/*:http_status:status=429,retry_after=5,times=1")
    refused = entra.delete(f"{SCIM}/Users/bkhan")
    assert refused.status_code == 503 and "HTTP 429" in refused.json()["detail"]
    assert refused.headers["Retry-After"] == "5"  # the API's own
    assert lob_store.get("bkhan") is not None
    assert entra.get(f"{SCIM}/Users/bkhan").status_code == 200  # still in the cache: Entra will retry
    assert entra.delete(f"{SCIM}/Users/bkhan").status_code == 204
    assert lob_store.get("bkhan") is None


def test_a_user_deleted_in_the_service_leaves_the_cache_with_the_next_full_import(entra, host, lob_store):
    runtime = host.runtimes["RESTLOB"]
    lob_store.delete("asmith")
    runtime.delta_import()  # the API keeps no tombstones: a delta cannot see the deletion
    assert entra.get(f"{SCIM}/Users/asmith").status_code == 200
    runtime.full_import()
    assert entra.get(f"{SCIM}/Users/asmith").status_code == 404
