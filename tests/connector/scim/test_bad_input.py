"""Bad input gets the right SCIM error, changes nothing, and the service keeps serving."""

from __future__ import annotations

import copy

import pytest

from provlab.transport import wsgi_session
from tests.connector.scim.conftest import BASE, ECMA, SCIM, SECRET

SCIM_JSON = {"Content-Type": "application/scim+json"}
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


def patch_body(path: str, value="x", op="Replace") -> dict:
    return {"schemas": [PATCH_OP], "Operations": [{"op": op, "path": path, "value": value}]}


def scim_error(response, status: int, scim_type: str | None = None) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"] == "application/scim+json"
    body = response.json()
    assert body["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
    assert body["status"] == str(status)
    assert body.get("scimType") == scim_type
    assert body["detail"]
    return body


BAD_REQUESTS = [
    ("malformed JSON", "post", "/Users", {"data": b"{not json", "headers": SCIM_JSON}, 400, "invalidSyntax"),
    ("JSON array", "post", "/Users", {"data": b"[]", "headers": SCIM_JSON}, 400, "invalidSyntax"),
    (
        "wrong content type",
        "post",
        "/Users",
        {"data": b"{}", "headers": {"Content-Type": "text/plain"}},
        415,
        "invalidSyntax",
    ),
    (
        "unknown attribute",
        "post",
        "/Users",
        {"json": {ECMA: {"userName": "NEWBIE", "lastName": "N", "shoeSize": "42"}}, "headers": SCIM_JSON},
        400,
        "invalidValue",
    ),
    (
        "missing anchor",
        "post",
        "/Users",
        {"json": {ECMA: {"lastName": "Nobody"}}, "headers": SCIM_JSON},
        400,
        "invalidValue",
    ),
    ("invalid filter operator", "get", '/Users?filter=userName+co+"J"', {}, 400, "invalidFilter"),
    ("filter on a non-query attribute", "get", '/Users?filter=city+eq+"Berlin"', {}, 400, "invalidFilter"),
    ("filter on PLACEHOLDER", "get", '/Users?filter=PLACEHOLDER+eq+"8646d011"', {}, 400, "invalidFilter"),
    ("filter with or", "get", '/Users?filter=userName+eq+"A"+or+userName+eq+"B"', {}, 400, "invalidFilter"),
    (
        "unknown PATCH path",
        "patch",
        "/Users/JDOE",
        {"json": patch_body(f"{ECMA}:shoeSize"), "headers": SCIM_JSON},
        400,
        "invalidPath",
    ),
    (
        "filtered PATCH path",
        "patch",
        "/Users/JDOE",
        {"json": patch_body('emails[type eq "work"].value'), "headers": SCIM_JSON},
        400,
        "invalidPath",
    ),
    (
        "PATCH without Operations",
        "patch",
        "/Users/JDOE",
        {"json": {"schemas": [PATCH_OP]}, "headers": SCIM_JSON},
        400,
        "invalidSyntax",
    ),
    (
        "PATCH with an unknown op",
        "patch",
        "/Users/JDOE",
        {"json": patch_body("city", op="Merge"), "headers": SCIM_JSON},
        400,
        "invalidSyntax",
    ),
    (
        "remove without path",
        "patch",
        "/Users/JDOE",
        {"json": {"Operations": [{"op": "remove"}]}, "headers": SCIM_JSON},
        400,
        "noTarget",
    ),
    (
        "anchor rename",
        "patch",
        "/Users/JDOE",
        {"json": patch_body("userName", "JDOE2"), "headers": SCIM_JSON},
        400,
        "mutability",
    ),
    ("unknown id on GET", "get", "/Users/NOBODY", {}, 404, None),
    (
        "unknown id on PATCH",
        "patch",
        "/Users/NOBODY",
        {"json": patch_body("city"), "headers": SCIM_JSON},
        404,
        None,
    ),
    ("unknown id on DELETE", "delete", "/Users/NOBODY", {}, 404, None),
    (
        "duplicate POST",
        "post",
        "/Users",
        {"json": {ECMA: {"userName": "JDOE", "lastName": "Doe"}}, "headers": SCIM_JSON},
        409,
        "uniqueness",
    ),
    ("PUT", "put", "/Users/JDOE", {"json": {}, "headers": SCIM_JSON}, 501, None),
    ("unknown endpoint", "get", "/Groups", {}, 404, None),
    ("bad count", "get", "/Users?count=many", {}, 400, "invalidValue"),
]


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status", "scim_type"),
    [case[1:] for case in BAD_REQUESTS],
    ids=[case[0] for case in BAD_REQUESTS],
)
def test_bad_request_gets_scim_error_and_changes_nothing(
    client, backend, method, path, kwargs, status, scim_type
):
    before = copy.deepcopy(backend.users)
    cache_before = client.get(f"{SCIM}/Users").json()
    answer = getattr(client, method)(f"{SCIM}{path}", **kwargs)
    scim_error(answer, status, scim_type)
    assert backend.users == before
    assert client.get(f"{SCIM}/Users").json() == cache_before  # and it keeps serving


def test_missing_anchor_reaches_the_connector_and_carries_its_message(client, backend):
    answer = client.post(f"{SCIM}/Users", json={ECMA: {"lastName": "Nobody"}}, headers=SCIM_JSON)
    assert scim_error(answer, 400, "invalidValue")["detail"] == "userName is required"
    assert backend.exports() == ["Add"]


def test_add_that_target_refuses_as_existing_is_a_409_with_the_target_message(client, backend):
    backend.users["LATE"] = {"userName": "LATE", "lastName": "Late"}  # created after the last import
    answer = client.post(
        f"{SCIM}/Users", json={ECMA: {"userName": "LATE", "lastName": "Late"}}, headers=SCIM_JSON
    )
    assert scim_error(answer, 409, "uniqueness")["detail"] == "User LATE already exists"


def test_delete_of_a_user_gone_from_the_target_is_404_and_drops_the_stale_cache_entry(client, backend):
    del backend.users["ASMITH"]
    answer = client.delete(f"{SCIM}/Users/ASMITH")
    assert scim_error(answer, 404)["detail"] == "User ASMITH does not exist"
    assert client.get(f"{SCIM}/Users/ASMITH").status_code == 404


def test_oversized_body_is_413(make_host, backend):
    host = make_host(max_body_bytes=200)
    client = wsgi_session(BASE, host)
    body = {ECMA: {"userName": "BIG", "lastName": "x" * 500}}
    answer = client.post(
        f"{SCIM}/Users", json=body, headers={**SCIM_JSON, "Authorization": f"Bearer {SECRET}"}
    )
    scim_error(answer, 413)
    assert "BIG" not in backend.users


def test_target_unavailable_is_503_with_retry_after_and_the_target_message(client, backend):
    backend.unavailable = "connection refused by sap.test:8000"
    answer = client.patch(f"{SCIM}/Users/JDOE", json=patch_body("city", "Paris"), headers=SCIM_JSON)
    assert scim_error(answer, 503)["detail"] == "connection refused by sap.test:8000"
    assert answer.headers["Retry-After"] == "17"
    backend.unavailable = None
    assert client.get(f"{SCIM}/Users/JDOE").json()[ECMA].get("city") is None


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer wrong-secret-value", f"Basic {SECRET}", f"Bearer {SECRET}x", "Bearer"],
    ids=["missing", "wrong", "basic scheme", "longer", "empty bearer"],
)
@pytest.mark.parametrize("path", ["/Users", "/Users/JDOE", "/Schemas", "/ServiceProviderConfig"])
def test_every_endpoint_needs_the_bearer_secret(host, authorization, path):
    session = wsgi_session(BASE, host)
    headers = {"Authorization": authorization} if authorization else {}
    answer = session.get(f"{SCIM}{path}", headers=headers)
    scim_error(answer, 401)
    assert answer.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "prefix", ["/ecma2host_sapecc/scim", "/ecma2host_OTHER/scim", "/ecma2host_SAPECC/v2", "/scim"]
)
def test_unknown_connector_name_is_invalid_resource(client, prefix):
    answer = client.get(f"{BASE}{prefix}/Users")
    assert "invalid resource" in scim_error(answer, 404)["detail"]
