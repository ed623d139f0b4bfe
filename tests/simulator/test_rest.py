"""The REST user service: CRUD, paging, delta reads, auth, errors, OpenAPI."""

from __future__ import annotations

import pytest
from werkzeug.routing import Map

from provlab.transport import wsgi_session
from simulator.app import DEFAULT_CREDENTIALS

BASE = "http://sap.test/api/v1"
USERS = BASE + "/users"


def make(rest_session, name="alice", **fields):
    response = rest_session.post(USERS, json={"userName": name, "givenName": name.title(), **fields})
    assert response.status_code == 201, response.text
    return response.json()


def test_post_creates_with_location_and_defaults(rest_session, sap_app):
    response = rest_session.post(
        USERS,
        json={
            "userName": "alice",
            "givenName": "Alice",
            "surname": "Smith",
            "email": "a@example.com",
            "city": "Oslo",
        },
    )
    assert response.status_code == 201
    assert response.headers["Location"] == "/api/v1/users/alice"
    body = response.json()
    assert body["id"] == body["userName"] == "alice"
    assert (body["surname"], body["city"], body["active"], body["validUntil"]) == (
        "Smith",
        "Oslo",
        True,
        None,
    )
    assert body["status"] == "active" and body["created"] == "2026-01-15T09:00:00Z"
    assert sap_app.store.get("alice").last_name == "Smith"


def test_duplicate_post_is_409(rest_session):
    make(rest_session)
    response = rest_session.post(USERS, json={"userName": "alice"})
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"


def test_get_by_id_and_404(rest_session):
    make(rest_session)
    assert rest_session.get(USERS + "/alice").json()["givenName"] == "Alice"
    missing = rest_session.get(USERS + "/nobody")
    assert missing.status_code == 404
    assert missing.json() == {"code": "not_found", "message": "no user with id 'nobody'"}


def test_patch_changes_only_given_fields(rest_session, sap_clock):
    make(rest_session, surname="Smith", city="Oslo")
    sap_clock.advance(hours=1)
    response = rest_session.patch(
        USERS + "/alice", json={"city": "Rome", "active": False, "validUntil": "2025-12-31"}
    )
    body = response.json()
    assert response.status_code == 200
    assert (body["city"], body["surname"], body["active"], body["status"]) == (
        "Rome",
        "Smith",
        False,
        "locked",
    )
    assert body["lastModified"] == "2026-01-15T10:00:00Z" and body["created"] == "2026-01-15T09:00:00Z"


def test_put_replaces_every_writable_field(rest_session):
    make(rest_session, surname="Smith", city="Oslo", active=False)
    body = rest_session.put(USERS + "/alice", json={"userName": "alice", "surname": "Jones"}).json()
    assert (body["surname"], body["city"], body["givenName"], body["active"]) == ("Jones", "", "", True)


def test_a_got_user_can_be_put_back_unchanged(rest_session):
    original = make(rest_session, surname="Smith")
    again = rest_session.put(USERS + "/alice", json=original).json()
    assert {k: v for k, v in again.items() if k != "lastModified"} == {
        k: v for k, v in original.items() if k != "lastModified"
    }


def test_delete_is_204_then_404(rest_session):
    make(rest_session)
    assert rest_session.delete(USERS + "/alice").status_code == 204
    assert rest_session.delete(USERS + "/alice").status_code == 404


@pytest.mark.parametrize(
    ("method", "path", "payload", "code"),
    [
        ("post", "", {"userName": "bad name"}, "invalid_request"),
        ("post", "", {"givenName": "no user name"}, "invalid_request"),
        ("post", "", {"userName": "bob", "shoeSize": 42}, "invalid_request"),
        ("post", "", {"userName": "bob", "active": "yes"}, "invalid_request"),
        ("post", "", {"userName": "bob", "validUntil": "31.12.2026"}, "invalid_request"),
        ("post", "", {"userName": "bob", "city": "x" * 41}, "invalid_request"),
        ("post", "", ["not", "an", "object"], "invalid_request"),
        ("patch", "/alice", {"userName": "renamed"}, "immutable_field"),
        ("patch", "/alice", {"surname": 7}, "invalid_request"),
        ("put", "/alice", {"userName": "alice", "validUntil": "soon"}, "invalid_request"),
    ],
)
def test_invalid_bodies_get_a_json_error_and_change_nothing(
    rest_session, sap_app, method, path, payload, code
):
    make(rest_session)
    before = sap_app.store.users()
    response = getattr(rest_session, method)(USERS + path, json=payload)
    assert response.status_code == 400
    assert response.json()["code"] == code and response.json()["message"]
    assert sap_app.store.users() == before


@pytest.mark.parametrize("data", [b"{not json", b""])
def test_malformed_or_missing_json_is_400(rest_session, sap_app, data):
    response = rest_session.post(USERS, data=data, headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.json()["code"] in ("malformed_json", "invalid_request")
    assert sap_app.store.count() == 0


def test_paging_follows_next_links_to_every_user(rest_session):
    for i in range(7):
        make(rest_session, name=f"user{i}")
    url, seen, totals = f"{USERS}?pageSize=3", [], set()
    while url:
        page = rest_session.get(url).json()
        totals.add(page["total"])
        seen += [u["userName"] for u in page["users"]]
        url = page["next"]
        assert url is None or url.startswith("http://sap.test/api/v1/users?page=")
    assert seen == [f"user{i}" for i in range(7)] and totals == {7}


@pytest.mark.parametrize("query", ["pageSize=0", "pageSize=501", "page=x", "modifiedSince=yesterday"])
def test_bad_list_parameters_are_400(rest_session, query):
    response = rest_session.get(f"{USERS}?{query}")
    assert response.status_code == 400 and response.json()["code"] == "invalid_request"


def test_modified_since_reads_only_the_delta(rest_session, sap_clock):
    make(rest_session, name="old")
    make(rest_session, name="changed")
    sap_clock.advance(hours=1)
    mark = "2026-01-15T09:30:00Z"
    rest_session.patch(USERS + "/changed", json={"city": "Paris"})
    make(rest_session, name="new")
    page = rest_session.get(USERS, params={"modifiedSince": mark, "pageSize": 1}).json()
    assert page["total"] == 2 and [u["userName"] for u in page["users"]] == ["changed"]
    assert "modifiedSince=2026-01-15T09%3A30%3A00Z" in page["next"]


def test_validity_shows_in_status_against_the_clock(rest_session, sap_clock):
    make(rest_session, validUntil="2026-01-16")
    assert rest_session.get(USERS + "/alice").json()["status"] == "active"
    sap_clock.advance(days=2)
    assert rest_session.get(USERS + "/alice").json()["status"] == "expired"


@pytest.mark.parametrize(
    ("header", "status"),
    [(None, 401), ("Bearer wrong", 401), ("Basic Zm9vOmJhcg==", 401), ("Bearer provlab-rest-token", 200)],
)
def test_bearer_or_basic_auth(sap_app, header, status):
    session = wsgi_session("http://sap.test", sap_app)
    if header:
        session.headers["Authorization"] = header
    response = session.get(USERS)
    assert response.status_code == status
    if status == 401:
        assert response.json()["code"] == "unauthorized"
        assert "Bearer" in response.headers["WWW-Authenticate"]


def test_basic_auth_with_the_sap_credentials_works(sap_app):
    session = wsgi_session("http://sap.test", sap_app)
    session.auth = DEFAULT_CREDENTIALS
    assert session.get(USERS).status_code == 200


def test_unknown_route_and_method_are_json_errors(rest_session):
    assert rest_session.get(BASE + "/groups").json()["code"] == "not_found"
    response = rest_session.post(USERS + "/alice", json={})
    assert response.status_code == 405 and response.json()["code"] == "method_not_allowed"


def test_rest_and_sap_share_the_store(rest_session, sap_client):
    sap_client.service.BAPI_USER_CREATE1(
        USERNAME="sapuser", ADDRESS={"LASTNAME": "Sap"}, PASSWORD={"BAPIPWD": "Init1234!"}
    )
    assert rest_session.get(USERS + "/SAPUSER").json()["surname"] == "Sap"
    rest_session.patch(USERS + "/SAPUSER", json={"active": False})
    assert sap_client.service.BAPI_USER_GET_DETAIL(USERNAME="SAPUSER").ISLOCKED.LOCAL_LOCK == "L"


def test_openapi_document_matches_the_routes_and_the_payloads(rest_session, sap_app):
    doc = wsgi_session("http://sap.test", sap_app).get(BASE + "/openapi.json").json()  # no auth needed
    assert doc["openapi"].startswith("3.") and doc["servers"] == [{"url": "/api/v1"}]
    documented = {
        (path, method.upper())
        for path, item in doc["paths"].items()
        for method in item
        if method in ("get", "post", "put", "patch", "delete")
    }
    rest_app = sap_app.rest_flask
    served = {
        (rule.rule.replace("<user_id>", "{id}"), method)
        for rule in rest_app.url_map.iter_rules()
        if rule.endpoint != "static"
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert documented == served
    assert isinstance(rest_app.url_map, Map)
    user = make(rest_session)
    assert set(user) == set(doc["components"]["schemas"]["User"]["properties"])
    page = rest_session.get(USERS).json()
    assert set(page) == set(doc["components"]["schemas"]["UserList"]["properties"])
