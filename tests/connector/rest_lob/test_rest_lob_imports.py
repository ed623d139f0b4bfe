"""Full and delta imports of the rest-lob template against the in-process REST simulator."""

from __future__ import annotations

import json

import pytest

from connector.backend import TargetUnavailableError
from connector.host.wiring import TemplateBackend
from connector.workflow.errors import WorkflowThrownError
from simulator.store import UserRecord
from tests.connector.rest_lob.conftest import LOB_URL, TEMPLATE, add_users


def by_anchor(result) -> dict[str, dict]:
    return {e.anchor: e.attributes for e in result.entries}


def list_calls(app) -> list[dict]:
    return [e.inputs["query"] for e in app.journal.entries(service="rest", operation="GET /api/v1/users")]


def test_full_import_reads_every_user_with_every_attribute(lob_backend):
    result = lob_backend.full_import("User")
    assert result.status == "Success"
    assert by_anchor(result) == {
        "asmith": {
            "userName": "asmith",
            "givenName": "Ann",
            "surname": "Smith",
            "email": "ann.smith@contoso.example",
            "city": "Berlin",
            "active": True,
            "validUntil": "2026-12-31",
        },
        # the lock reads back as active=false; empty values are left out, as MIM does
        "bkhan": {"userName": "bkhan", "givenName": "Bilal", "surname": "Khan", "active": False},
    }
    assert all(e.modification == "Add" for e in result.entries)


def test_full_import_pages_until_next_is_null(lob_backend, lob_store, lob_app):
    names = add_users(lob_store, 230)
    result = lob_backend.full_import("User")
    assert [e.anchor for e in result.entries] == sorted(["asmith", "bkhan", *names])
    assert list_calls(lob_app) == [
        {"page": "1", "pageSize": "100"},
        {"page": "2", "pageSize": "100"},
        {"page": "3", "pageSize": "100"},
    ]


def test_a_truncated_page_stops_the_full_import(lob_backend, lob_store, lob_app):
    add_users(lob_store, 150)
    lob_app.faults.add("rest:GET /api/v1/users:truncated_page:times=1")
    with pytest.raises(WorkflowThrownError, match=r"returned 50 of 100 users but links a next page"):
        lob_backend.full_import("User")


def test_wrong_credentials_stop_the_import_with_the_services_message(lob_session):
    backend = TemplateBackend.from_path(
        TEMPLATE, target_url=LOB_URL, username="PROVLAB", password="wrong-password", session=lob_session
    )
    with pytest.raises(WorkflowThrownError, match=r"answered HTTP 401: send Authorization"):
        backend.full_import("User")


def test_an_unavailable_service_is_a_target_failure(lob_backend, lob_app):
    lob_app.faults.add("rest:GET /api/v1/users:http_status:status=503,retry_after=5")
    with pytest.raises(TargetUnavailableError, match="HTTP 503"):
        lob_backend.full_import("User")


def test_first_delta_import_reads_everything_and_sets_the_watermark(lob_backend, lob_app):
    result = lob_backend.delta_import("User", None)
    assert set(by_anchor(result)) == {"asmith", "bkhan"}
    assert all(e.modification == "Replace" for e in result.entries)
    assert json.loads(result.custom_data) == {"modifiedSince": "2026-01-15T09:00:00Z"}
    assert list_calls(lob_app) == [{"page": "1", "pageSize": "100"}]


def test_delta_import_reads_only_what_changed_since_the_watermark(lob_backend, lob_store, lob_clock, lob_app):
    watermark = lob_backend.delta_import("User", None).custom_data
    lob_clock.advance(minutes=5, seconds=1)
    lob_store.update("bkhan", city="Lahore", locked=False)  # stamped 09:05:01Z
    lob_clock.advance(seconds=0.5)
    # stamped 09:05:01.500000Z: later, although as text it sorts before 09:05:01Z
    lob_store.add(UserRecord(username="cnew", first_name="Cem", last_name="New"))

    result = lob_backend.delta_import("User", watermark)
    assert by_anchor(result) == {
        "bkhan": {
            "userName": "bkhan",
            "givenName": "Bilal",
            "surname": "Khan",
            "city": "Lahore",
            "active": True,
        },
        "cnew": {"userName": "cnew", "givenName": "Cem", "surname": "New", "active": True},
    }
    assert json.loads(result.custom_data) == {"modifiedSince": "2026-01-15T09:05:01.500000Z"}
    assert list_calls(lob_app)[-1] == {
        "page": "1",
        "pageSize": "100",
        "modifiedSince": "2026-01-15T09:00:00Z",
    }

    quiet = lob_backend.delta_import("User", result.custom_data)
    assert quiet.entries == [] and quiet.custom_data == result.custom_data  # the watermark is kept


def test_delta_import_pages_with_the_watermark_on_every_page(lob_backend, lob_store, lob_clock, lob_app):
    watermark = lob_backend.delta_import("User", None).custom_data
    lob_clock.advance(minutes=1)
    names = add_users(lob_store, 120, prefix="late")
    result = lob_backend.delta_import("User", watermark)
    assert [e.anchor for e in result.entries] == names
    assert [q.get("modifiedSince") for q in list_calls(lob_app)[1:]] == ["2026-01-15T09:00:00Z"] * 2
    assert json.loads(result.custom_data) == {"modifiedSince": "2026-01-15T09:01:00Z"}


def test_full_import_leaves_the_watermark_a_delta_import_starts_from(lob_backend, lob_store, lob_clock):
    lob_clock.advance(hours=1)
    lob_store.update("asmith", city="Hamburg")
    full = lob_backend.full_import("User")
    assert json.loads(full.custom_data) == {"modifiedSince": "2026-01-15T10:00:00Z"}
    assert lob_backend.delta_import("User", full.custom_data).entries == []


def test_imports_follow_the_next_link_with_the_host_page_size(lob_backend, lob_store, lob_app, lob_clock):
    names = add_users(lob_store, 1)
    result = lob_backend.full_import("User", additional_parameters={"pageSize": 1})
    assert [e.anchor for e in result.entries] == sorted(["asmith", "bkhan", *names])
    # page 1 from the discovered path; pages 2 and 3 exactly as the "next" links said
    assert list_calls(lob_app) == [{"page": str(n), "pageSize": "1"} for n in (1, 2, 3)]
    watermark = result.custom_data
    lob_clock.advance(minutes=1)
    lob_store.update("bkhan", city="Lahore")
    lob_store.update("asmith", city="Hamburg")
    delta = lob_backend.delta_import("User", watermark, additional_parameters={"pageSize": 1})
    assert [e.anchor for e in delta.entries] == ["asmith", "bkhan"]
    since = json.loads(watermark)["modifiedSince"]
    assert list_calls(lob_app)[3:] == [
        {"page": str(n), "pageSize": "1", "modifiedSince": since} for n in (1, 2)
    ]


def test_a_rate_limited_import_is_a_target_failure(lob_backend, lob_app):
    lob_app.faults.add("rest:GET /api/v1/users:http_status:status=429,retry_after=9")
    with pytest.raises(TargetUnavailableError, match="answered HTTP 429") as failure:
        lob_backend.full_import("User")
    assert failure.value.retry_after == 9
