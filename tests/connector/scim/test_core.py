"""The I/O-free SCIM core used directly: filter parsing and both PATCH dialects."""

from __future__ import annotations

import pytest

from connector.config import load_host_config
from connector.scim.attributes import AttributeCatalog
from connector.scim.errors import ScimError
from connector.scim.filter import EqualityClause, parse_filter, parse_query
from connector.scim.patch import parse_patch
from connector.scim.resources import attributes_from_resource
from tests.connector.scim.conftest import ECMA, SAP_CONFIG

CORE = "urn:ietf:params:scim:schemas:core:2.0:User"


@pytest.fixture(scope="module")
def catalog():
    return AttributeCatalog(load_host_config(SAP_CONFIG).connectors[0].entry_schema)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ('filter=userName+eq+"dale.mohr%40romaguera.uk"', 'userName eq "dale.mohr@romaguera.uk"'),
        ("filter=externalId+eq+%22johnwong%22", 'externalId eq "johnwong"'),
        ("filter=userName%20eq%20%22A%2BB%22", 'userName eq "A+B"'),
    ],
)
def test_query_strings_decode_as_entra_encodes_them(raw, expected):
    assert parse_query(raw)["filter"] == expected


def test_filter_clauses_keep_escapes_and_and():
    clauses = parse_filter(r'userName EQ "a \"b\"" and city eq "x y" AND n eq 3')
    assert clauses == [
        EqualityClause("userName", 'a "b"'),
        EqualityClause("city", "x y"),
        EqualityClause("n", 3),
    ]


@pytest.mark.parametrize(
    "text",
    [
        'userName sw "J"',
        "userName pr",
        'not (userName eq "J")',
        "userName eq",
        'userName eq "J" and',
        "",
        "eq eq eq",
    ],
)
def test_unsupported_filters_are_invalid_filter(text):
    with pytest.raises(ScimError) as raised:
        parse_filter(text)
    assert raised.value.status == 400 and raised.value.scim_type == "invalidFilter"


def test_default_dialect_patch(catalog):
    body = {
        "Operations": [
            {"op": "Replace", "path": f"{ECMA}:expirationTime", "value": "1990-01-01"},
            {"op": "Add", "path": f"{CORE}:city", "value": "Rome"},
            {"op": "Replace", "path": "active", "value": "False"},
            {"op": "Remove", "path": "middleName"},
        ]
    }
    assert parse_patch(body, catalog) == {
        "expirationTime": "1990-01-01",
        "city": "Rome",
        "active": False,
        "middleName": None,
    }


def test_aad_dialect_path_less_replace_maps(catalog):
    body = {
        "Operations": [
            {"op": "replace", "value": {"active": False, f"{ECMA}:department": "IT"}},
            {"op": "add", "value": {ECMA: {"jobTitle": "CTO"}}},
            {"op": "replace", "path": ECMA, "value": {"telephoneNumber": "+49 1"}},
            {"op": "replace", "path": "company", "value": [{"value": "Contoso"}]},
        ]
    }
    assert parse_patch(body, catalog) == {
        "active": False,
        "department": "IT",
        "jobTitle": "CTO",
        "telephoneNumber": "+49 1",
        "company": "Contoso",
    }


def test_active_must_be_a_boolean_or_its_string(catalog):
    with pytest.raises(ScimError) as raised:
        parse_patch({"Operations": [{"op": "replace", "path": "active", "value": "maybe"}]}, catalog)
    assert raised.value.scim_type == "invalidValue"


def test_post_body_in_every_spelling_becomes_connector_attributes(catalog):
    body = {
        "schemas": [CORE, ECMA],
        "externalId": "ignored",
        "userName": "JDOE",
        f"{ECMA}:firstName": "John",
        ECMA: {"lastName": "Doe", "export_password": "Pass@w0rd1", "city": None},
        "roles": [],
        "active": True,
    }
    assert attributes_from_resource(body, catalog) == {
        "userName": "JDOE",
        "firstName": "John",
        "lastName": "Doe",
        "export_password": "Pass@w0rd1",
        "active": True,
    }


def test_attribute_names_are_case_insensitive(catalog):
    assert catalog.lookup(f"{ECMA.upper()}:USERNAME") == "userName"
    assert catalog.lookup("TelephoneNumber") == "telephoneNumber"
    assert catalog.lookup("name.givenName") is None
