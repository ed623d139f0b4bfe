"""The sequence Entra runs against ECMA2Host, in both PATCH dialects, end to end in-process."""

from __future__ import annotations

import uuid

import pytest

from tests.connector.scim.conftest import ECMA, SCIM

PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
SCIM_JSON = {"Content-Type": "application/scim+json"}


def new_user_body() -> dict:
    return {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", ECMA],
        "externalId": "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
        ECMA: {
            "userName": "MMUSTER",
            "firstName": "Max",
            "lastName": "Muster",
            "email": "max.muster@contoso.com",
            "city": "Walldorf",
            "department": "Finance",
            "expirationTime": "9999-12-31",
            "export_password": "Pass@w0rd1",
        },
    }


def default_dialect(attribute: str, value) -> dict:
    return {
        "schemas": [PATCH_OP],
        "Operations": [{"op": "Replace", "path": f"{ECMA}:{attribute}", "value": value}],
    }


def aad_dialect(attribute: str, value) -> dict:
    return {"schemas": [PATCH_OP], "Operations": [{"op": "replace", "value": {f"{ECMA}:{attribute}": value}}]}


@pytest.mark.parametrize("dialect", [default_dialect, aad_dialect], ids=["default", "aadOptscim062020"])
def test_entra_sequence(client, backend, dialect):
    probe = client.get(f"{SCIM}/Users", params={"filter": f'userName eq "{uuid.uuid4()}"'})
    assert probe.status_code == 200
    assert probe.headers["Content-Type"] == "application/scim+json"
    assert probe.json()["totalResults"] == 0 and probe.json()["Resources"] == []
    assert "Last-Successful-Import" in probe.headers

    match = client.get(f"{SCIM}/Users?filter=userName+eq+%22MMUSTER%22")
    assert match.json()["totalResults"] == 0

    created = client.post(f"{SCIM}/Users", json=new_user_body(), headers=SCIM_JSON)
    assert created.status_code == 201, created.text
    user_id = created.json()["id"]
    assert user_id == "MMUSTER"
    assert created.headers["Location"].endswith("/Users/MMUSTER")
    assert "export_password" not in created.json()[ECMA]
    assert backend.passwords["MMUSTER"] == "Pass@w0rd1"
    assert "Last-Successful-Export" in created.headers

    fetched = client.get(f"{SCIM}/Users/{user_id}")
    assert fetched.status_code == 200
    assert fetched.json()[ECMA]["city"] == "Walldorf"

    soft_delete = client.patch(
        f"{SCIM}/Users/{user_id}", json=dialect("expirationTime", "1990-01-01"), headers=SCIM_JSON
    )
    assert soft_delete.status_code == 200, soft_delete.text
    assert backend.users["MMUSTER"]["expirationTime"] == "1990-01-01"

    moved = client.patch(f"{SCIM}/Users/{user_id}", json=dialect("city", "Berlin"), headers=SCIM_JSON)
    assert moved.status_code == 200
    # ObjectReplace of one attribute leaves every other attribute intact in the target.
    assert backend.users["MMUSTER"] == {
        "userName": "MMUSTER",
        "firstName": "Max",
        "lastName": "Muster",
        "email": "max.muster@contoso.com",
        "city": "Berlin",
        "department": "Finance",
        "expirationTime": "1990-01-01",
    }
    assert backend.calls[-1][0] == "Replace"
    assert "export_password" not in backend.calls[-1][2]

    deleted = client.delete(f"{SCIM}/Users/{user_id}")
    assert deleted.status_code == 204
    assert "MMUSTER" not in backend.users
    assert client.get(f"{SCIM}/Users/{user_id}").status_code == 404
    assert backend.exports() == ["Add", "Replace", "Replace", "Delete"]


@pytest.mark.parametrize(
    "query",
    [
        "filter=userName+eq+%22JDOE%22",
        "filter=userName%20eq%20%22JDOE%22",
        'filter=userName+eq+"JDOE"',
        "filter=urn:ietf:params:scim:schemas:core:2.0:User:userName+eq+%22JDOE%22",
        f"filter={ECMA}:userName+eq+%22JDOE%22",
        "filter=email+eq+%22john.doe%40contoso.com%22",
        "filter=userName+eq+%22JDOE%22+and+email+eq+%22john.doe%40contoso.com%22",
    ],
)
def test_filter_encodings_entra_sends_find_the_user(client, query):
    found = client.get(f"{SCIM}/Users?{query}")
    assert found.status_code == 200
    assert [r["id"] for r in found.json()["Resources"]] == ["JDOE"]


def test_patch_with_string_booleans_and_replace_map_of_several_attributes(client, backend):
    body = {
        "schemas": [PATCH_OP],
        "Operations": [
            {"op": "Replace", "path": f"{ECMA}:department", "value": "Sales"},
            {"op": "Add", "path": "jobTitle", "value": "Lead"},
            {"op": "Remove", "path": f"{ECMA}:email"},
            {"op": "Replace", "path": "active", "value": "False"},
        ],
    }
    answer = client.patch(f"{SCIM}/Users/JDOE", json=body, headers=SCIM_JSON)
    assert answer.status_code == 200, answer.text
    assert backend.users["JDOE"] == {
        "userName": "JDOE",
        "firstName": "John",
        "lastName": "Doe",
        "department": "Sales",
        "jobTitle": "Lead",
    }
    assert "email" not in answer.json()[ECMA]


def test_list_pages_with_start_index_and_count(client):
    first = client.get(f"{SCIM}/Users", params={"startIndex": 1, "count": 1}).json()
    second = client.get(f"{SCIM}/Users", params={"startIndex": 2, "count": 1}).json()
    assert first["totalResults"] == second["totalResults"] == 2
    assert [first["Resources"][0]["id"], second["Resources"][0]["id"]] == ["ASMITH", "JDOE"]
    assert second["startIndex"] == 2 and second["itemsPerPage"] == 1


def test_attributes_and_excluded_attributes_shape_the_answer(client):
    only = client.get(f"{SCIM}/Users/JDOE", params={"attributes": f"{ECMA}:email"}).json()
    assert only == {"schemas": only["schemas"], "id": "JDOE", ECMA: {"email": "john.doe@contoso.com"}}
    # A bare name addresses the core attribute and the extension attribute of that name.
    named = client.get(f"{SCIM}/Users/JDOE", params={"attributes": "userName"}).json()
    assert named["userName"] == "JDOE" and named[ECMA] == {"userName": "JDOE"}
    without = client.get(f"{SCIM}/Users/JDOE", params={"excludedAttributes": "firstName,meta"}).json()
    assert "firstName" not in without[ECMA] and "lastName" in without[ECMA] and "meta" not in without
