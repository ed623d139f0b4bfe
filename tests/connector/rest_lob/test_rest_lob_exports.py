"""Add, Replace, Delete and Test Connection of the rest-lob template against the in-process REST simulator."""

from __future__ import annotations

from datetime import date

import pytest

from connector.backend import TargetUnavailableError
from connector.host.wiring import TemplateBackend
from tests.connector.rest_lob.conftest import LOB_URL, TEMPLATE

NEW_USER = {
    "userName": "mmuster",
    "givenName": "Max",
    "surname": "Muster",
    "email": "max.muster@contoso.example",
    "department": "Finance",
    "jobTitle": "Controller",
    "city": "Walldorf",
    "company": "Contoso",
    "phoneNumber": "+49 6227 7000",
    "validUntil": "2027-06-30",
}


def rest_operations(app) -> list[str]:
    return app.journal.operations("rest")


def test_add_creates_the_user_with_every_attribute(lob_backend, lob_store):
    result = lob_backend.export("User", "Add", None, NEW_USER)
    assert (result.status, result.anchor) == ("Success", "mmuster")
    record = lob_store.get("mmuster")
    assert (record.first_name, record.last_name, record.email) == (
        "Max",
        "Muster",
        "max.muster@contoso.example",
    )
    assert (record.department, record.job_title, record.city) == ("Finance", "Controller", "Walldorf")
    assert (record.company, record.phone) == ("Contoso", "+49 6227 7000")
    assert record.valid_to == date(2027, 6, 30) and not record.locked  # active by default


@pytest.mark.parametrize("active", [False, "False", "false"])
def test_add_of_a_disabled_user_creates_it_locked(lob_backend, lob_store, active):
    result = lob_backend.export("User", "Add", None, {"userName": "off", "surname": "Off", "active": active})
    assert result.status == "Success"
    assert lob_store.get("off").locked


def test_add_of_an_existing_user_is_refused_as_already_existing(lob_backend, lob_store):
    result = lob_backend.export("User", "Add", None, {"userName": "asmith", "surname": "Other"})
    assert result.status == "ExportErrorCustomContinueRun"
    assert "already exists" in result.message
    assert lob_store.get("asmith").last_name == "Smith"


@pytest.mark.parametrize(
    ("attributes", "status", "message"),
    [
        ({"surname": "Nobody"}, "ExportErrorMissingAnchorComponent", "userName (the anchor) is required"),
        (
            {"userName": "late", "validUntil": "31.12.2026"},
            "ExportErrorInvalidProvisioningAttributeValue",
            "validUntil 31.12.2026 is not a date",
        ),
        (
            {"userName": "late", "active": "maybe"},
            "ExportErrorInvalidProvisioningAttributeValue",
            "active maybe is not true or false",
        ),
    ],
)
def test_add_guards_refuse_before_calling_the_service(lob_backend, lob_app, attributes, status, message):
    result = lob_backend.export("User", "Add", None, attributes)
    assert result.status == status and message in result.message
    assert "POST /api/v1/users" not in rest_operations(lob_app)


def test_add_passes_the_services_own_refusal_on(lob_backend, lob_store):
    result = lob_backend.export("User", "Add", None, {"userName": "has space", "surname": "Space"})
    assert result.status == "ExportErrorInvalidProvisioningAttributeValue"
    assert "userName is required: 1 to 64 characters" in result.message
    assert lob_store.get("has space") is None


def test_replace_writes_the_whole_object_and_clears_what_it_no_longer_has(lob_backend, lob_store):
    result = lob_backend.export(
        "User", "Replace", "asmith", {"userName": "asmith", "givenName": "Ann", "surname": "Smith-Lee"}
    )
    assert result.status == "Success"
    record = lob_store.get("asmith")
    assert (record.first_name, record.last_name) == ("Ann", "Smith-Lee")
    assert (record.email, record.city, record.valid_to) == ("", "", None)  # ObjectReplace: absent = cleared
    assert not record.locked


def test_replace_with_active_false_locks_the_user_and_true_unlocks_it(lob_backend, lob_store):
    current = {"userName": "asmith", "surname": "Smith", "city": "Berlin", "validUntil": "2026-12-31"}
    assert lob_backend.export("User", "Replace", "asmith", {**current, "active": False}).status == "Success"
    record = lob_store.get("asmith")
    assert record.locked and record.city == "Berlin" and record.valid_to == date(2026, 12, 31)
    assert lob_backend.export("User", "Replace", "asmith", {**current, "active": "True"}).status == "Success"
    assert not lob_store.get("asmith").locked


def test_replace_of_a_missing_user_reports_it(lob_backend):
    result = lob_backend.export("User", "Replace", "ghost", {"userName": "ghost", "surname": "Ghost"})
    assert result.status == "ExportErrorCustomContinueRun" and "no user with id 'ghost'" in result.message


def test_delete_removes_the_user_and_a_second_delete_reports_it_missing(lob_backend, lob_store):
    assert lob_backend.export("User", "Delete", "bkhan", {}).status == "Success"
    assert lob_store.get("bkhan") is None
    again = lob_backend.export("User", "Delete", "bkhan", {})
    assert again.status == "ExportErrorCustomContinueRun" and "no user with id 'bkhan'" in again.message


def test_an_export_that_meets_a_server_error_is_a_target_failure(lob_backend, lob_app, lob_store):
    lob_app.faults.add("rest:DELETE /api/v1/users/*:http_status:status=502")
    with pytest.raises(TargetUnavailableError, match="HTTP 502"):
        lob_backend.export("User", "Delete", "bkhan", {})
    assert lob_store.get("bkhan") is not None


@pytest.mark.parametrize(
    ("operation", "route", "anchor"),
    [
        ("Add", "POST /api/v1/users", None),
        ("Replace", "PUT /api/v1/users/*", "bkhan"),
        ("Delete", "DELETE /api/v1/users/*", "bkhan"),
    ],
)
def test_a_rate_limited_export_is_a_target_failure_with_the_apis_retry_after(
    lob_backend, lob_app, lob_store, operation, route, anchor
):
    lob_app.faults.add(f"rest:{route}:http_status:status=429,retry_after=5")
    with pytest.raises(TargetUnavailableError, match="answered HTTP 429") as failure:
        lob_backend.export("User", operation, anchor, {"userName": "bkhan", "surname": "Khan"})
    # not 409 (exists) nor 404 (gone) for Entra, but 503 with the API's own Retry-After
    assert failure.value.retry_after == 5
    record = lob_store.get("bkhan")
    assert record is not None and record.locked and record.first_name == "Bilal"  # nothing changed


def test_test_connection_succeeds_with_the_right_credentials(lob_backend, lob_app):
    assert lob_backend.test_connection().status == "Success"
    assert lob_app.journal.entries(service="rest")[-1].inputs["query"] == {"pageSize": "1"}


def test_test_connection_fails_with_wrong_credentials_and_says_why(lob_session):
    backend = TemplateBackend.from_path(
        TEMPLATE, target_url=LOB_URL, username="PROVLAB", password="not-the-password", session=lob_session
    )
    result = backend.test_connection()
    assert result.status == "ExportErrorCustomContinueRun"
    assert "refused the test call" in result.message and "HTTP 401" in result.message
    assert "not-the-password" not in str(result.trace)
