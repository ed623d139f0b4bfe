"""The configured Disable and Delete flows decide what `active` and DELETE do."""

from __future__ import annotations

import dataclasses

import pytest

from connector.config import DeleteFlow, DisableFlow, load_host_config
from provlab.transport import wsgi_session
from tests.connector.scim.conftest import BASE, ECMA, LOB_CONFIG, SCIM, SECRET

SCIM_JSON = {"Content-Type": "application/scim+json"}
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


def with_flows(config, disable: DisableFlow, delete: DeleteFlow):
    connector = config.connectors[0]
    deprovisioning = dataclasses.replace(
        connector.entry_schema.deprovisioning, disable_flow=disable, delete_flow=delete
    )
    schema = dataclasses.replace(connector.entry_schema, deprovisioning=deprovisioning)
    return dataclasses.replace(config, connectors=(dataclasses.replace(connector, entry_schema=schema),))


def session_for(host, secret=SECRET):
    session = wsgi_session(BASE, host)
    session.headers["Authorization"] = f"Bearer {secret}"
    return session


def disable(value) -> dict:
    return {"schemas": [PATCH_OP], "Operations": [{"op": "Replace", "path": "active", "value": value}]}


def test_disable_flow_none_ignores_active(client, backend):
    answer = client.patch(f"{SCIM}/Users/JDOE", json=disable("False"), headers=SCIM_JSON)
    assert answer.status_code == 200
    assert backend.calls == [] and "JDOE" in backend.users


@pytest.mark.parametrize("value", ["False", False], ids=["string", "boolean"])
def test_disable_flow_delete_deletes_on_active_false(make_host, sap_config, backend, value):
    host = make_host(with_flows(sap_config, DisableFlow.DELETE, DeleteFlow.DELETE))
    client = session_for(host)
    answer = client.patch(f"{SCIM}/Users/JDOE", json=disable(value), headers=SCIM_JSON)
    assert answer.status_code == 204
    assert backend.exports() == ["Delete"] and "JDOE" not in backend.users
    assert client.get(f"{SCIM}/Users/JDOE").status_code == 404


def test_disable_flow_delete_keeps_user_on_active_true(make_host, sap_config, backend):
    host = make_host(with_flows(sap_config, DisableFlow.DELETE, DeleteFlow.DELETE))
    answer = session_for(host).patch(f"{SCIM}/Users/JDOE", json=disable("True"), headers=SCIM_JSON)
    assert answer.status_code == 200 and backend.calls == []


def test_delete_flow_none_answers_204_and_leaves_the_target(make_host, sap_config, backend):
    host = make_host(with_flows(sap_config, DisableFlow.NONE, DeleteFlow.NONE))
    client = session_for(host)
    assert client.delete(f"{SCIM}/Users/JDOE").status_code == 204
    assert backend.calls == [] and "JDOE" in backend.users


def test_set_attribute_value_flow_writes_the_boolean_attribute(make_host, backend):
    backend.users = {"LOBUSER": {"userName": "LOBUSER", "lastName": "Lob", "active": True}}
    host = make_host(load_host_config(LOB_CONFIG), backend)
    client = session_for(host, "provlab-lab-secret-0002")
    lob = f"{BASE}/ecma2host_RESTLOB/scim"
    answer = client.patch(f"{lob}/Users/LOBUSER", json=disable("False"), headers=SCIM_JSON)
    assert answer.status_code == 200, answer.text
    assert answer.json()["active"] is False
    assert backend.users["LOBUSER"] == {"userName": "LOBUSER", "lastName": "Lob", "active": False}
    again = client.patch(
        f"{lob}/Users/LOBUSER",
        json={"Operations": [{"op": "replace", "value": {"active": True}}]},
        headers=SCIM_JSON,
    )
    assert again.json()["active"] is True and backend.users["LOBUSER"]["active"] is True
    assert client.get(f"{lob}/Users/LOBUSER").json()[ECMA]["active"] is True


def test_disable_flow_delete_deletes_even_when_the_delete_flow_is_none(make_host, sap_config, backend):
    host = make_host(with_flows(sap_config, DisableFlow.DELETE, DeleteFlow.NONE))
    answer = session_for(host).patch(f"{SCIM}/Users/JDOE", json=disable(False), headers=SCIM_JSON)
    assert answer.status_code == 204 and "JDOE" not in backend.users
