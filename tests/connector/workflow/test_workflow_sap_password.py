"""The SAP template's SetPassword workflow against the simulator, and its page size from the host."""

from __future__ import annotations

import json
import logging

import pytest

from connector.backend import (
    EXPORT_ERROR_CUSTOM_CONTINUE_RUN,
    EXPORT_ERROR_INVALID_PROVISIONING_ATTRIBUTE_VALUE,
    SUCCESS,
)
from simulator.store import UserRecord, verify_password
from tests.connector.workflow.test_workflow_sap import JDOE, PASSWORD, calls

NEW_PASSWORD = "Fresh!Pass-4r8t"


@pytest.fixture
def jdoe(sap, store):
    assert sap.export("User", "Add", None, {**JDOE, "export_password": PASSWORD}).ok
    return store.get("JDOE")


def test_set_password_replaces_the_password_as_an_initial_one_and_nothing_else(sap, store, jdoe):
    result = sap.set_password("User", "jdoe", NEW_PASSWORD)
    assert (result.status, result.anchor) == (SUCCESS, "JDOE")
    user = store.get("JDOE")
    assert verify_password(NEW_PASSWORD, user.password_hash)
    assert not verify_password(PASSWORD, user.password_hash)
    assert user.password_initial  # SAP asks for a new password at the next logon
    assert (user.first_name, user.city, user.valid_to) == (jdoe.first_name, jdoe.city, jdoe.valid_to)
    [call] = calls(result.trace, "BAPI_USER_CHANGE")
    assert set(call.detail["arguments"]) == {"USERNAME", "PASSWORD", "PASSWORDX"}


def test_set_password_of_a_missing_user_is_124_custom_continue_run(sap):
    result = sap.set_password("User", "GHOST", NEW_PASSWORD)
    assert result.status == EXPORT_ERROR_CUSTOM_CONTINUE_RUN and "GHOST" in result.message


def test_a_password_sap_refuses_is_an_invalid_attribute_value_and_the_old_one_stays(sap, store, jdoe):
    result = sap.set_password("User", "JDOE", "abc")
    assert result.status == EXPORT_ERROR_INVALID_PROVISIONING_ATTRIBUTE_VALUE
    assert result.message  # SAP's own words
    assert verify_password(PASSWORD, store.get("JDOE").password_hash)


def test_the_new_password_never_shows_in_the_trace_or_the_logs(sap, jdoe, caplog):
    caplog.set_level(logging.DEBUG)
    result = sap.set_password("User", "JDOE", NEW_PASSWORD)
    assert result.ok
    dumped = json.dumps([vars(e) for e in result.trace], default=str)
    assert NEW_PASSWORD not in dumped
    assert calls(result.trace, "BAPI_USER_CHANGE")[0].detail["arguments"]["PASSWORD"] == "***"
    assert NEW_PASSWORD not in caplog.text


def test_the_host_page_size_reaches_the_full_import(sap, store):
    store.add_many([UserRecord(username=f"U{i:03d}", last_name=f"L{i}") for i in range(7)])
    result = sap.full_import("User", additional_parameters={"pageSize": 3})
    assert len(result.entries) == 7
    pages = calls(result.trace, "BAPI_USER_GETLIST")
    assert [c.detail["arguments"]["MAX_ROWS"] for c in pages] == [3, 3, 3]  # 3 + 3 + 1
