"""The client against a recording fake: the calls Entra makes, as Entra sends them."""

import pytest
import requests

from harness.scim_client import AttributeChange, ScimCallError, ScimClient
from tests.harness.scim_client.conftest import GUID, TENANT, make_client

ECMA = "urn:ietf:params:scim:schemas:extension:ECMA2Host:2.0:User"
VALUES = {f"{ECMA}:userName": "JSMITH", f"{ECMA}:city": "Berlin", f"{ECMA}:expirationTime": "9999-12-31"}


def test_probe_is_a_filter_on_the_matching_attribute_for_a_random_guid(client, fake):
    client.test_connection(f"{ECMA}:userName")
    (probe,) = fake.requests
    assert (probe.method, probe.path) == ("GET", "/ecma2host_SAPECC/scim/Users")
    assert probe.query == f'filter=userName+eq+"{GUID}"'
    assert probe.headers["Authorization"] == f"Bearer {fake.secret}"


def test_probe_failure_carries_entras_error_code(fake):
    from provlab.transport import wsgi_session

    client = ScimClient(TENANT, "a-wrong-secret-99", session=wsgi_session("https://ecma.test", fake))
    with pytest.raises(ScimCallError) as raised:
        client.test_connection("userName")
    assert raised.value.code == "SystemForCrossDomainIdentityManagementCredentialValidationFailure"
    assert raised.value.status == 401


def test_create_find_get_patch_delete_round_trip(client, fake):
    assert client.find_user(f"{ECMA}:userName", "JSMITH") is None
    created = client.create_user(VALUES)
    assert created["id"] == "JSMITH"
    post = fake.calls("POST")[0]
    assert post.headers["Content-Type"] == "application/scim+json"
    assert post.body == {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        ECMA: {"userName": "JSMITH", "city": "Berlin", "expirationTime": "9999-12-31"},
    }
    assert client.find_user(f"{ECMA}:userName", "JSMITH")["id"] == "JSMITH"
    client.patch_user("JSMITH", [AttributeChange(f"{ECMA}:expirationTime", "9999-12-31", "1990-01-01")])
    assert fake.calls("PATCH")[0].body["Operations"] == [
        {"op": "Replace", "path": f"{ECMA}:expirationTime", "value": "1990-01-01"}
    ]
    assert client.get_user("JSMITH")[ECMA]["expirationTime"] == "1990-01-01"
    client.delete_user("JSMITH")
    assert client.get_user("JSMITH") is None
    assert [r.method for r in fake.requests] == ["GET", "POST", "GET", "PATCH", "GET", "DELETE", "GET"]


def test_flag_dialect_patch_on_the_wire(flag_client, fake):
    flag_client.create_user(VALUES)
    flag_client.patch_user(
        "JSMITH",
        [AttributeChange(f"{ECMA}:city", "Berlin", "Walldorf"), AttributeChange("active", None, "False")],
    )
    assert fake.calls("PATCH")[0].body == {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "replace", "value": {f"{ECMA}:city": "Walldorf", "active": False}}],
    }
    assert fake.requests[-1].path == "/ecma2host_SAPECC/scim/Users/JSMITH", "the flag is not sent on requests"


def test_target_errors_carry_status_code_and_message(client, fake):
    fake.refuse["TOOLONGUSERNAME"] = (400, "User name TOOLONGUSERNAME is longer than 12 characters")
    with pytest.raises(ScimCallError) as raised:
        client.create_user({f"{ECMA}:userName": "TOOLONGUSERNAME"})
    assert raised.value.status == 400
    assert raised.value.code == "SystemForCrossDomainIdentityManagementBadRequest"
    assert "longer than 12 characters" in raised.value.message
    client.create_user(VALUES)
    with pytest.raises(ScimCallError, match="EntryConflict"):
        client.create_user(VALUES)
    fake.fail_writes = 503
    with pytest.raises(ScimCallError) as unavailable:
        client.delete_user("JSMITH")
    assert unavailable.value.transient and unavailable.value.retry_after == "60"


def test_several_matches_are_refused(client, fake):
    fake.users = {"A": {"userName": "A", "city": "X"}, "B": {"userName": "B", "city": "X"}}
    with pytest.raises(ScimCallError, match="MultipleEntriesInResponse"):
        client.find_user(f"{ECMA}:city", "X")


def test_an_unparsable_answer_is_service_incompatible(fake):
    def broken(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/html")])
        return [b"<html>not scim</html>"]

    from provlab.transport import wsgi_session

    client = ScimClient(TENANT, fake.secret, session=wsgi_session("https://ecma.test", broken))
    with pytest.raises(ScimCallError, match="SystemForCrossDomainIdentityManagementServiceIncompatible"):
        client.get_user("X")


def test_timeouts_and_refused_connections_become_scim_errors(fake):
    import time

    def slow(environ, start_response):
        time.sleep(0.5)
        start_response("200 OK", [])
        return [b""]

    from provlab.transport import wsgi_session

    client = ScimClient(TENANT, fake.secret, session=wsgi_session("https://ecma.test", slow), timeout=0.05)
    with pytest.raises(ScimCallError, match="Timeout") as raised:
        client.get_user("X")
    assert raised.value.status is None and raised.value.transient


def test_exchanges_are_recorded_with_secrets_masked(fake):
    seen = []
    client = make_client(fake, on_exchange=seen.append)
    client.create_user({**VALUES, f"{ECMA}:export_password": "Pass@w0rd1"})
    assert seen[0].method == "POST" and seen[0].status == 201
    assert seen[0].request_body[ECMA]["export_password"] == "***"
    assert "Pass@w0rd1" not in repr(seen)


def test_missing_ca_file_is_reported(fake, tmp_path):
    with pytest.raises(FileNotFoundError, match="--ca-cert|PEM"):
        ScimClient(TENANT, fake.secret, ca_cert=tmp_path / "absent.pem")


def test_session_ignores_requests_ca_bundle(monkeypatch, fake, tmp_path):
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(tmp_path / "bogus.pem"))
    client = ScimClient(TENANT, fake.secret, session=requests.Session())
    assert client.session.trust_env is False
