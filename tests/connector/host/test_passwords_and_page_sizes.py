"""How the host exports passwords (first pass or SetPassword) and hands run-profile page sizes to imports."""

from __future__ import annotations

import dataclasses
import logging

import pytest

from connector.config import RunConfiguration
from provlab.transport import wsgi_session
from simulator.store import verify_password
from tests.connector.host.test_sap_end_to_end import aad_dialect, entra, sap_store  # noqa: F401
from tests.connector.scim.conftest import BASE, ECMA, SCIM, SECRET

SCIM_JSON = {"Content-Type": "application/scim+json"}
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
PASSWORD = "Pass@w0rd1"
NEW_PASSWORD = "Next@w0rd2"


def with_connector(config, **changes):
    connector = config.connectors[0]
    capabilities = changes.pop("capabilities", {})
    if capabilities:
        changes["capabilities"] = dataclasses.replace(connector.capabilities, **capabilities)
    return dataclasses.replace(config, connectors=(dataclasses.replace(connector, **changes),))


@pytest.fixture
def client_for():
    def client(host):
        session = wsgi_session(BASE, host)
        session.headers["Authorization"] = f"Bearer {SECRET}"
        return session

    return client


def password_patch(value: str, **others) -> dict:
    return {
        "schemas": [PATCH_OP],
        "Operations": [{"op": "replace", "value": {f"{ECMA}:export_password": value, **others}}],
    }


def post_user(client, **attributes):
    body = {ECMA: {"userName": "MMUSTER", "lastName": "Muster", "export_password": PASSWORD, **attributes}}
    return client.post(f"{SCIM}/Users", json=body, headers=SCIM_JSON)


def test_with_the_password_in_the_first_pass_the_add_carries_it(make_host, backend, client_for):
    client = client_for(make_host())
    assert post_user(client).status_code == 201
    assert backend.exports() == ["Add"]
    assert backend.calls[-1][2]["export_password"] == PASSWORD


def test_without_the_first_pass_the_add_goes_without_the_password_then_set_password(
    make_host, backend, sap_config, client_for
):
    host = make_host(with_connector(sap_config, capabilities={"export_password_in_first_pass": False}))
    created = post_user(client_for(host))
    assert created.status_code == 201, created.text
    assert backend.exports() == ["Add", "SetPassword"]
    assert "export_password" not in backend.calls[0][2]
    assert backend.passwords["MMUSTER"] == PASSWORD


def test_a_refused_second_pass_password_is_reported_but_the_user_exists(
    make_host, backend, sap_config, client_for
):
    host = make_host(with_connector(sap_config, capabilities={"export_password_in_first_pass": False}))
    client = client_for(host)
    refused = post_user(client, export_password="short")
    assert refused.status_code == 400 and "too short" in refused.json()["detail"]
    assert "MMUSTER" in backend.users and "MMUSTER" not in backend.passwords
    # Entra retries: the POST meets 409, Entra matches the user and PATCHes the password again
    assert post_user(client).status_code == 409
    assert client.patch(f"{SCIM}/Users/MMUSTER", json=password_patch(PASSWORD), headers=SCIM_JSON).ok
    assert backend.passwords["MMUSTER"] == PASSWORD


@pytest.mark.parametrize("first_pass", [True, False])
def test_a_patch_of_only_the_password_runs_set_password_not_replace(
    make_host, backend, sap_config, client_for, first_pass
):
    host = make_host(with_connector(sap_config, capabilities={"export_password_in_first_pass": first_pass}))
    client = client_for(host)
    before = dict(backend.users["JDOE"])
    changed = client.patch(f"{SCIM}/Users/JDOE", json=password_patch(NEW_PASSWORD), headers=SCIM_JSON)
    assert changed.status_code == 200, changed.text
    assert backend.exports() == ["SetPassword"]
    assert backend.passwords["JDOE"] == NEW_PASSWORD and backend.users["JDOE"] == before
    assert "export_password" not in changed.json()[ECMA]


@pytest.mark.parametrize(
    ("first_pass", "exports"), [(True, ["Replace"]), (False, ["Replace", "SetPassword"])]
)
def test_a_patch_of_the_password_and_another_attribute(
    make_host, backend, sap_config, client_for, first_pass, exports
):
    host = make_host(with_connector(sap_config, capabilities={"export_password_in_first_pass": first_pass}))
    client = client_for(host)
    patch = password_patch(NEW_PASSWORD, **{f"{ECMA}:city": "Oslo"})
    assert client.patch(f"{SCIM}/Users/JDOE", json=patch, headers=SCIM_JSON).status_code == 200
    assert backend.exports() == exports
    assert backend.users["JDOE"]["city"] == "Oslo"
    replace_attributes = backend.calls[0][2]
    assert ("export_password" in replace_attributes) is first_pass


def test_set_password_failures_map_like_exports_and_never_log_the_password(
    make_host, backend, client_for, caplog
):
    caplog.set_level(logging.DEBUG)
    client = client_for(make_host())
    refused = client.patch(f"{SCIM}/Users/JDOE", json=password_patch("tiny"), headers=SCIM_JSON)
    assert refused.status_code == 400 and refused.json()["scimType"] == "invalidValue"
    backend.unavailable = "SAP is down"
    down = client.patch(f"{SCIM}/Users/JDOE", json=password_patch(NEW_PASSWORD), headers=SCIM_JSON)
    assert down.status_code == 503 and down.headers["Retry-After"] == "17"
    assert "tiny" not in caplog.text and NEW_PASSWORD not in caplog.text


def test_imports_get_the_page_size_of_their_run_profile(make_host, backend, sap_config):
    runs = (RunConfiguration("Export", 5000), RunConfiguration("FullImport", 200))
    make_host(with_connector(sap_config, run_configurations=runs))
    assert backend.import_parameters == [{"pageSize": 200}]
    backend.import_parameters.clear()
    host = make_host(with_connector(sap_config, run_configurations=(RunConfiguration("Export", 10),)))
    assert backend.import_parameters == [{}]  # no FullImport run profile: the template's own default
    runtime = host.runtimes["SAPECC"]
    assert runtime.config.additional_parameters("DeltaImport") == {}


def test_a_password_patch_sets_the_sap_password_through_the_template(entra, sap_store, caplog):  # noqa: F811
    caplog.set_level(logging.DEBUG)
    before = sap_store.get("ASMITH")
    changed = entra.patch(
        f"{SCIM}/Users/ASMITH", json=aad_dialect("export_password", NEW_PASSWORD), headers=SCIM_JSON
    )
    assert changed.status_code == 200, changed.text
    after = sap_store.get("ASMITH")
    assert verify_password(NEW_PASSWORD, after.password_hash) and after.password_initial
    assert (after.first_name, after.city) == (before.first_name, before.city)
    assert NEW_PASSWORD not in caplog.text
