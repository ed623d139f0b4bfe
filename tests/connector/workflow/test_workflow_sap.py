"""The shipped SAP ECC template, run by the engine against the in-process SAP simulator."""

from __future__ import annotations

import json
from datetime import date

import pytest

from connector.backend import (
    EXPORT_ERROR_CUSTOM_CONTINUE_RUN,
    EXPORT_ERROR_INVALID_PROVISIONING_ATTRIBUTE_VALUE,
    EXPORT_ERROR_MISSING_ANCHOR_COMPONENT,
    EXPORT_ERROR_MISSING_PROVISIONING_ATTRIBUTE,
    SUCCESS,
    TargetUnavailableError,
)
from provlab.transport import wsgi_session
from simulator.app import DEFAULT_CREDENTIALS, SAP_PATH
from tests.connector.workflow.conftest import SAP_TEMPLATE, SAP_URL
from tests.connector.workflow.wsdl_agreement import as_discovered

PASSWORD = "Init!Pass-9q7w"
JDOE = {
    "userName": "JDOE",
    "firstName": "John",
    "lastName": "Doe",
    "middleName": "Q",
    "email": "john.doe@contoso.example",
    "department": "Finance",
    "company": "Contoso",
    "city": "Lyon",
    "telephoneNumber": "+33 4 00 00 00",
    "jobTitle": "Controller",
    "expirationTime": "2027-06-30",
}


def calls(trace, operation: str) -> list:
    return [e for e in trace if e.kind == "call" and e.name.endswith("/" + operation)]


def test_the_stored_wsdl_agrees_with_what_the_simulator_serves(simulator):
    """Same services, endpoints, operations and message trees (Spyne's type order varies per process).

    To refresh the copy:
    ``provlab template discover-soap <WSDL URL> --user … --into fixtures/templates/sap-ecc``."""
    served = wsgi_session(SAP_URL, simulator).get(f"{SAP_URL}{SAP_PATH}?wsdl", auth=DEFAULT_CREDENTIALS)
    assert served.status_code == 200
    stored = (SAP_TEMPLATE / "wsdl" / "ZSAPCONNECTORWEBSERVICE.wsdl").read_bytes()
    assert as_discovered(served.content) == as_discovered(stored)
    assert f"{SAP_URL}{SAP_PATH}".encode() in stored


def test_full_import_pages_by_200_and_reads_every_user(sap, store, seed):
    seed(205)
    result = sap.full_import("User")
    assert result.status == SUCCESS
    assert len(result.entries) == 205 == store.count()
    assert len(calls(result.trace, "BAPI_USER_GETLIST")) == 2  # 200 + 5
    assert len(calls(result.trace, "BAPI_USER_GET_DETAIL")) == 205
    second_page = calls(result.trace, "BAPI_USER_GETLIST")[1].detail["arguments"]["SELECTION_RANGE"]["item"][
        0
    ]
    assert (
        second_page["OPTION"] == "GT" and second_page["LOW"] == sorted(u.username for u in store.users())[199]
    )
    by_anchor = {e.anchor: e for e in result.entries}
    for record in store.users()[:20]:
        entry = by_anchor[record.username]
        assert entry.object_type == "User" and entry.dn == f"CN={record.username},OBJECT=User"
        expected = {
            "userName": record.username,
            "firstName": record.first_name,
            "lastName": record.last_name,
            "email": record.email,
            "department": record.department,
            "company": record.company,
            "city": record.city,
            "jobTitle": record.job_title,
            "telephoneNumber": record.phone,
            "expirationTime": record.valid_to.isoformat() if record.valid_to else None,
        }
        assert entry.attributes == {k: v for k, v in expected.items() if v}


def test_full_import_of_an_empty_system_makes_one_list_call(sap):
    result = sap.full_import("User")
    assert result.entries == [] and len(calls(result.trace, "BAPI_USER_GETLIST")) == 1


def test_add_creates_the_sap_user_with_every_attribute(sap, store):
    result = sap.export("User", "Add", None, {**JDOE, "userName": "jdoe", "export_password": PASSWORD})
    assert (result.status, result.anchor) == (SUCCESS, "JDOE")
    user = store.get("JDOE")
    assert (user.first_name, user.last_name, user.middle_name) == ("John", "Doe", "Q")
    assert (user.email, user.department, user.company) == (JDOE["email"], "Finance", "Contoso")
    assert (user.city, user.phone, user.job_title) == ("Lyon", JDOE["telephoneNumber"], "Controller")
    assert user.valid_to == date(2027, 6, 30)
    assert user.password_hash and PASSWORD not in user.password_hash


def test_adding_an_existing_user_is_224_custom_continue_run(sap, store):
    assert sap.export("User", "Add", None, {**JDOE, "export_password": PASSWORD}).ok
    again = sap.export("User", "Add", None, {**JDOE, "firstName": "Other", "export_password": PASSWORD})
    assert again.status == EXPORT_ERROR_CUSTOM_CONTINUE_RUN
    assert "already exists" in again.message
    assert store.get("JDOE").first_name == "John"


@pytest.mark.parametrize(
    ("missing", "status", "words"),
    [
        ("userName", EXPORT_ERROR_MISSING_ANCHOR_COMPONENT, "userName"),
        ("lastName", EXPORT_ERROR_MISSING_PROVISIONING_ATTRIBUTE, "lastName"),
        ("export_password", EXPORT_ERROR_MISSING_PROVISIONING_ATTRIBUTE, "password"),
    ],
)
def test_add_guards_refuse_before_calling_sap(sap, store, missing, status, words):
    attributes = {k: v for k, v in {**JDOE, "export_password": PASSWORD}.items() if k != missing}
    result = sap.export("User", "Add", None, attributes)
    assert result.status == status and words in result.message
    assert calls(result.trace, "BAPI_USER_CREATE1") == [] and store.count() == 0


def test_values_sap_or_the_template_refuse_are_invalid_attribute_values(sap, store):
    too_long = sap.export(
        "User", "Add", None, {**JDOE, "userName": "ABCDEFGHIJKLM", "export_password": PASSWORD}
    )
    assert too_long.status == EXPORT_ERROR_INVALID_PROVISIONING_ATTRIBUTE_VALUE
    assert "longer than 12 characters" in too_long.message  # SAP's own words
    not_a_date = sap.export(
        "User", "Add", None, {**JDOE, "expirationTime": "next week", "export_password": PASSWORD}
    )
    assert not_a_date.status == EXPORT_ERROR_INVALID_PROVISIONING_ATTRIBUTE_VALUE
    assert "expirationTime next week is not a date" in not_a_date.message
    assert calls(not_a_date.trace, "BAPI_USER_CREATE1") == [] and store.count() == 0


def test_replace_sends_every_attribute_with_its_change_flag(sap, store):
    sap.export("User", "Add", None, {**JDOE, "export_password": PASSWORD})
    changed = {"userName": "JDOE", "firstName": "Johnny", "lastName": "Doe", "city": "Nantes"}
    result = sap.export("User", "Replace", "JDOE", changed)
    assert result.ok, result.message
    user = store.get("JDOE")
    assert (user.first_name, user.city) == ("Johnny", "Nantes")
    assert (user.department, user.email, user.valid_to) == ("", "", None)  # ObjectReplace: absent -> empty
    [call] = calls(result.trace, "BAPI_USER_CHANGE")
    assert call.detail["arguments"]["ADDRESSX"]["CITY"] == "X"
    assert call.detail["arguments"]["LOGONDATA"] == {"GLTGB": "0000-00-00"}


def test_replace_where_only_the_expiry_changes(sap, store):
    sap.export("User", "Add", None, {**JDOE, "export_password": PASSWORD})
    result = sap.export("User", "Replace", "JDOE", {**JDOE, "expirationTime": "1990-01-01"})
    assert result.ok, result.message
    user = store.get("JDOE")
    assert user.valid_to == date(1990, 1, 1)
    assert (user.first_name, user.city, user.company) == ("John", "Lyon", "Contoso")
    imported = {e.anchor: e for e in sap.full_import("User").entries}
    assert imported["JDOE"].attributes["expirationTime"] == "1990-01-01"


def test_replace_of_a_missing_user_is_124_custom_continue_run(sap):
    result = sap.export("User", "Replace", "NOBODY", {"userName": "NOBODY", "lastName": "X"})
    assert result.status == EXPORT_ERROR_CUSTOM_CONTINUE_RUN and "does not exist" in result.message


def test_delete_removes_the_user_and_a_missing_one_is_124(sap, store):
    sap.export("User", "Add", None, {**JDOE, "export_password": PASSWORD})
    assert sap.export("User", "Delete", "JDOE", {}).ok
    assert not store.exists("JDOE")
    again = sap.export("User", "Delete", "JDOE", {})
    assert again.status == EXPORT_ERROR_CUSTOM_CONTINUE_RUN
    assert "does not exist" in again.message


def test_test_connection_succeeds_and_wrong_credentials_are_a_typed_failure(sap, make_backend):
    result = sap.test_connection()
    assert result.ok and calls(result.trace, "BAPI_USER_GETLIST")
    with pytest.raises(TargetUnavailableError) as info:
        make_backend(credentials=("PROVLAB", "wrong-password")).test_connection()
    assert info.value.kind == "http" and "401" in info.value.message


def test_the_trace_redacts_the_password_everywhere(sap, make_backend):
    result = sap.export("User", "Add", None, {**JDOE, "export_password": PASSWORD})
    dumped = json.dumps([vars(e) for e in result.trace], default=str)
    assert PASSWORD not in dumped
    [call] = calls(result.trace, "BAPI_USER_CREATE1")
    assert call.detail["arguments"]["PASSWORD"] == "***"
    assert call.detail["arguments"]["ADDRESS"]["LASTNAME"] == "Doe"  # only secrets are masked
    assert call.duration_ms > 0


def test_requests_go_to_the_target_url_not_the_wsdl_address(simulator, make_backend):
    elsewhere = "http://sap-prod.example:8443"
    # the session knows only the other host: success proves where the request went
    backend = make_backend(session=wsgi_session(elsewhere, simulator), target_url=elsewhere)
    assert backend.test_connection().ok
