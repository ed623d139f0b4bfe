"""ServiceProviderConfig, ResourceTypes and Schemas advertise what the host really does."""

from __future__ import annotations

from connector.config import load_host_config
from provlab.transport import wsgi_session
from tests.connector.scim.conftest import BASE, ECMA, LOB_CONFIG, SCIM


def test_service_provider_config_says_patch_and_filter_only(client):
    config = client.get(f"{SCIM}/ServiceProviderConfig").json()
    assert config["patch"]["supported"] is True
    assert config["filter"]["supported"] is True
    assert config["bulk"]["supported"] is False and config["sort"]["supported"] is False
    assert config["authenticationSchemes"][0]["type"] == "oauthbearertoken"


def test_resource_types_name_the_user_with_the_ecma2host_extension(client):
    listed = client.get(f"{SCIM}/ResourceTypes").json()
    assert listed["totalResults"] == 1
    user = client.get(f"{SCIM}/ResourceTypes/User").json()
    assert user["endpoint"] == "/Users"
    assert user["schemaExtensions"] == [{"schema": ECMA, "required": True}]


def test_schemas_expose_the_selected_attributes_with_their_types(client):
    listed = client.get(f"{SCIM}/Schemas").json()
    assert {s["id"] for s in listed["Resources"]} == {"urn:ietf:params:scim:schemas:core:2.0:User", ECMA}
    extension = client.get(f"{SCIM}/Schemas/{ECMA}").json()
    attributes = {a["name"]: a for a in extension["attributes"]}
    assert list(attributes) == [
        "userName", "firstName", "lastName", "middleName", "email", "department",
        "company", "city", "telephoneNumber", "jobTitle", "expirationTime", "export_password",
    ]  # fmt: skip
    assert (
        attributes["userName"]["uniqueness"] == "server"
        and attributes["userName"]["mutability"] == "immutable"
    )
    assert attributes["export_password"]["returned"] == "never"
    assert all(not a["multiValued"] for a in attributes.values())


def test_boolean_attributes_are_advertised_as_boolean(make_host, backend):
    host = make_host(load_host_config(LOB_CONFIG), backend)
    session = wsgi_session(BASE, host)
    session.headers["Authorization"] = "Bearer provlab-lab-secret-0002"
    extension = session.get(f"{BASE}/ecma2host_RESTLOB/scim/Schemas/{ECMA}").json()
    assert {a["name"]: a["type"] for a in extension["attributes"]}["active"] == "boolean"
