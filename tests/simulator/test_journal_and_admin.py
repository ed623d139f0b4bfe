"""The call journal (from Python and the admin API) and the admin API itself."""

from __future__ import annotations

import pytest
import zeep
from werkzeug.test import EnvironBuilder, run_wsgi_app

from provlab.transport import wsgi_session
from simulator.faults import FaultInjector
from simulator.journal import Journal
from simulator.observe import ObservedService
from simulator.sap.wire import SapWire

ADMIN = "http://sap.test/_admin"
USERS = "http://sap.test/api/v1/users"


def create_in_sap(sap_client, name="jdoe", **logon):
    return sap_client.service.BAPI_USER_CREATE1(
        USERNAME=name, ADDRESS={"LASTNAME": "Doe"}, PASSWORD={"BAPIPWD": "Init1234!"}, LOGONDATA=logon or None
    )


def test_journal_records_sap_calls_with_outcome_and_redacted_password(sap_app, sap_client):
    create_in_sap(sap_client)
    create_in_sap(sap_client)
    entries = sap_app.journal.entries(service="sap", operation="BAPI_USER_CREATE1")
    assert [(e.outcome, e.detail["NUMBER"]) for e in entries] == [("ok", "102"), ("error", "224")]
    first = entries[0]
    assert first.inputs["USERNAME"] == "jdoe" and first.inputs["ADDRESS"] == {"LASTNAME": "Doe"}
    assert first.inputs["PASSWORD"] == "***"
    assert "Init1234!" not in repr(sap_app.journal.entries())
    assert first.time.isoformat() == "2026-01-15T09:00:00+00:00" and first.status == 200
    assert sap_app.journal.operations("sap") == ["WSDL", "BAPI_USER_CREATE1", "BAPI_USER_CREATE1"]


def test_journal_records_faults_and_rest_calls(sap_app, sap_session, rest_session):
    sap_session.post(
        "http://sap.test/sap/bc/srt/rfc/sap/zsapconnectorwebservice/001/zsapconnectorws/zsapconnectorws",
        data=b"<broken",
        headers={"Content-Type": "text/xml"},
    )
    rest_session.get(USERS + "/nobody")
    rest_session.post(USERS, json={"userName": "ann"})
    [soap] = sap_app.journal.entries(service="sap")
    assert (soap.operation, soap.outcome, soap.status) == ("(malformed request)", "fault", 500)
    assert soap.detail["faultcode"].endswith("Client.XMLSyntaxError")
    rest = sap_app.journal.entries(service="rest")
    assert [(e.operation, e.status, e.outcome) for e in rest] == [
        ("GET /api/v1/users/<user_id>", 404, "error"),
        ("POST /api/v1/users", 201, "ok"),
    ]
    assert rest[0].inputs == {"path": {"user_id": "nobody"}} and rest[0].detail["code"] == "not_found"
    assert [e.seq for e in sap_app.journal.entries(since_seq=rest[0].seq)] == [rest[1].seq]


def test_journal_is_bounded_and_clearable():
    journal = Journal(capacity=3)
    for i in range(5):
        journal.record(
            service="sap", operation=f"OP{i}", method="POST", path="/", inputs={}, status=200, outcome="ok"
        )
    assert journal.operations() == ["OP2", "OP3", "OP4"]
    journal.clear()
    assert len(journal) == 0


def test_admin_needs_its_token(sap_app):
    session = wsgi_session("http://sap.test", sap_app)
    for header in (None, "Bearer provlab-rest-token", "Basic UFJPVkxBQjpQcm92bGFiLVNpbS0yMDI2"):
        if header:
            session.headers["Authorization"] = header
        response = session.get(ADMIN + "/users")
        assert response.status_code == 401 and response.json()["code"] == "unauthorized"


def test_admin_users_show_computed_status(admin_session, sap_client, sap_clock):
    create_in_sap(sap_client, "active1", GLTGB="2026-12-31")
    create_in_sap(sap_client, "expiring", GLTGB="2026-01-20")
    create_in_sap(sap_client, "locked1")
    sap_client.service.BAPI_USER_LOCK(USERNAME="LOCKED1")
    sap_clock.advance(days=10)
    body = admin_session.get(ADMIN + "/users").json()
    assert body["today"] == "2026-01-25"
    assert {u["userName"]: u["status"] for u in body["users"]} == {
        "ACTIVE1": "active",
        "EXPIRING": "expired",
        "LOCKED1": "locked",
    }
    assert "password_hash" not in repr(body) and body["users"][0]["hasPassword"] is True
    expired = admin_session.get(ADMIN + "/users", params={"status": "expired"}).json()
    assert [u["userName"] for u in expired["users"]] == ["EXPIRING"]
    assert admin_session.get(ADMIN + "/users/EXPIRING").json()["validTo"] == "2026-01-20"
    assert admin_session.get(ADMIN + "/users/nobody").status_code == 404
    assert admin_session.get(ADMIN + "/users", params={"status": "sleepy"}).status_code == 400


def test_admin_seed_and_reset(admin_session, rest_session, sap_app):
    seeded = admin_session.post(ADMIN + "/seed", json={"count": 12, "seed": 3}).json()
    assert seeded == {"added": 12, "total": 12}
    assert admin_session.post(ADMIN + "/seed", json={"count": 12, "seed": 3}).json()["added"] == 0
    for bad in ({"count": -1}, {"count": "ten"}, {"count": 1, "seed": "x"}, []):
        assert admin_session.post(ADMIN + "/seed", json=bad).status_code == 400
    sap_app.faults.add("sap:*:drop")
    rest_session.get(USERS)  # something in the journal
    done = admin_session.post(ADMIN + "/reset", json={"journal": False}).json()
    assert done == {"reset": ["users", "faults"]}
    assert sap_app.store.count() == 0 and sap_app.faults.rules() == [] and len(sap_app.journal) > 0
    assert admin_session.post(ADMIN + "/reset").json() == {"reset": ["users", "journal", "faults"]}
    assert admin_session.post(ADMIN + "/reset", json={"users": "yes"}).status_code == 400


def test_admin_journal_query_and_clear(admin_session, rest_session, sap_app):
    rest_session.get(USERS)
    rest_session.get(USERS + "/x")
    entries = admin_session.get(ADMIN + "/journal", params={"service": "rest", "outcome": "error"}).json()[
        "entries"
    ]
    assert [(e["operation"], e["status"]) for e in entries] == [("GET /api/v1/users/<user_id>", 404)]
    assert entries[0]["time"] == "2026-01-15T09:00:00+00:00"
    assert admin_session.get(ADMIN + "/journal", params={"since": "x"}).status_code == 400
    assert admin_session.delete(ADMIN + "/journal").status_code == 204
    assert admin_session.get(ADMIN + "/journal").json() == {"entries": []}


def test_admin_fault_rules(admin_session, rest_session, sap_app):
    created = admin_session.post(
        ADMIN + "/faults",
        json={
            "service": "rest",
            "operation": "GET /api/v1/users",
            "kind": "http_status",
            "status": 502,
            "times": 1,
        },
    )
    assert created.status_code == 201
    rule = created.json()
    assert rule == {
        "service": "rest",
        "operation": "GET /api/v1/users",
        "kind": "http_status",
        "times": 1,
        "probability": 1.0,
        "status": 502,
        "retry_after": None,
        "id": rule["id"],
        "fired": 0,
    }
    text_rule = admin_session.post(ADMIN + "/faults", json={"rule": "sap:*:latency:ms=1"}).json()
    assert [r["id"] for r in admin_session.get(ADMIN + "/faults").json()["rules"]] == [
        rule["id"],
        text_rule["id"],
    ]
    assert rest_session.get(USERS).status_code == 502
    assert rest_session.get(USERS).status_code == 200
    assert admin_session.delete(ADMIN + f"/faults/{text_rule['id']}").status_code == 204
    assert admin_session.delete(ADMIN + f"/faults/{text_rule['id']}").status_code == 404
    admin_session.post(ADMIN + "/faults", json={"rule": "rest:*:drop"})
    assert admin_session.delete(ADMIN + "/faults").status_code == 204
    assert sap_app.faults.rules() == []


@pytest.mark.parametrize(
    "body",
    [{"kind": "explode"}, {"rule": "nonsense"}, ["sap:*:drop"], {"service": "rest", "kind": "sap_error"}],
)
def test_admin_refuses_bad_fault_rules_with_the_reason(admin_session, sap_app, body):
    response = admin_session.post(ADMIN + "/faults", json=body)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_request" and response.json()["message"]
    assert sap_app.faults.rules() == []


def test_a_crashing_service_is_journaled_as_a_fault(sap_app, rest_session, sap_client, monkeypatch):
    def explode(*_args, **_kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(sap_app.store, "users", explode)
    monkeypatch.setattr(sap_app.store, "get", explode)
    response = rest_session.get(USERS)
    assert response.status_code == 500 and response.json()["code"] == "internal_server_error"
    with pytest.raises(zeep.exceptions.Fault):
        sap_client.service.BAPI_USER_GET_DETAIL(USERNAME="X")
    rest, sap = [e for e in sap_app.journal.entries() if e.operation != "WSDL"]
    assert (rest.outcome, rest.status, rest.detail["code"]) == ("fault", 500, "internal_server_error")
    assert (sap.operation, sap.outcome, sap.status) == ("BAPI_USER_GET_DETAIL", "fault", 500)


def test_an_exception_escaping_the_service_is_journaled_then_raised():

    def crashing_app(environ, start_response):
        raise RuntimeError("disk on fire")

    journal = Journal()
    observed = ObservedService(crashing_app, SapWire(), journal=journal, faults=FaultInjector())
    with pytest.raises(RuntimeError):
        run_wsgi_app(observed, EnvironBuilder(method="POST", data=b"<x/>").get_environ())
    [entry] = journal.entries()
    assert (entry.outcome, entry.status) == ("fault", 500) and "disk on fire" in entry.detail["exception"]
