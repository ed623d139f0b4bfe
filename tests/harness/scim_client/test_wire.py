"""Whole request bodies compared with the shapes in Entra's SCIM client documentation."""

import pytest

from harness.scim_client import (
    AttributeChange,
    Dialect,
    diff,
    filter_query,
    parse_tenant_url,
    patch_body,
    user_resource,
)
from harness.scim_client.dialect import TenantUrlError

ECMA = "urn:ietf:params:scim:schemas:extension:ECMA2Host:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
CORE = "urn:ietf:params:scim:schemas:core:2.0:User"


def test_tenant_url_query_string_selects_the_dialect():
    plain = parse_tenant_url("https://localhost:8585/ecma2host_APP1/scim/")
    flagged = parse_tenant_url("https://localhost:8585/ecma2host_APP1/scim?aadOptscim062020")
    assert plain.base_url == flagged.base_url == "https://localhost:8585/ecma2host_APP1/scim"
    assert plain.dialect is Dialect.DEFAULT
    assert flagged.dialect is Dialect.AAD_OPT_SCIM_062020
    with pytest.raises(TenantUrlError, match="ecma2host_APP1"):
        parse_tenant_url("localhost:8585/scim")


def test_filter_encoding_matches_entras_plus_literal_quotes_and_percent_40():
    assert (
        filter_query(f"{ECMA}:email", "dale.mohr@romaguera.uk")
        == 'filter=email+eq+"dale.mohr%40romaguera.uk"'
    )
    assert filter_query("userName", 'a "b"') == 'filter=userName+eq+"a+%5C"b%5C""'


def test_ecma_post_body_has_the_extension_object_and_no_custom_urn_in_schemas():
    body = user_resource(
        {
            f"{ECMA}:userName": "JSMITH",
            f"{ECMA}:email": "jsmith@contoso.com",
            f"{ECMA}:expirationTime": "9999-12-31",
            f"{ECMA}:export_password": "Pass@w0rd1",
            f"{ECMA}:department": None,
        }
    )
    assert body == {
        "schemas": [CORE],
        ECMA: {
            "userName": "JSMITH",
            "email": "jsmith@contoso.com",
            "expirationTime": "9999-12-31",
            "export_password": "Pass@w0rd1",
        },
    }


def test_core_post_body_matches_the_tutorial_shape():
    body = user_resource(
        {
            "externalId": "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
            "userName": "Test_User_00aa",
            "active": "True",
            'emails[type eq "work"].value': "Test_User_11bb@testuser.com",
            "name.formatted": "givenName familyName",
            "name.familyName": "familyName",
            "name.givenName": "givenName",
            f"{ENTERPRISE}:employeeNumber": "701984",
        }
    )
    assert body == {
        "schemas": [CORE, ENTERPRISE],
        "externalId": "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
        "userName": "Test_User_00aa",
        "active": True,
        "emails": [{"primary": True, "type": "work", "value": "Test_User_11bb@testuser.com"}],
        "name": {"formatted": "givenName familyName", "familyName": "familyName", "givenName": "givenName"},
        ENTERPRISE: {"employeeNumber": "701984"},
    }


TUTORIAL_CHANGES = [
    AttributeChange('emails[type eq "work"].value', "old@microsoft.com", "updatedEmail@microsoft.com"),
    AttributeChange("name.familyName", "old", "updatedFamilyName"),
    AttributeChange(f"{ENTERPRISE}:employeeNumber", "1", "Eqpj"),
    AttributeChange("nickName", None, "Babs"),
]


def test_default_dialect_patch_is_one_pascalcase_op_per_attribute():
    assert patch_body(TUTORIAL_CHANGES, Dialect.DEFAULT) == {
        "schemas": [PATCH],
        "Operations": [
            {"op": "Replace", "path": 'emails[type eq "work"].value', "value": "updatedEmail@microsoft.com"},
            {"op": "Replace", "path": "name.familyName", "value": "updatedFamilyName"},
            {"op": "Replace", "path": f"{ENTERPRISE}:employeeNumber", "value": "Eqpj"},
            {"op": "Add", "path": "nickName", "value": "Babs"},
        ],
    }


def test_flag_dialect_folds_single_valued_attributes_into_one_pathless_replace():
    changes = [
        AttributeChange("displayName", "a", "Bjfe"),
        AttributeChange("name.givenName", "b", "Kkom"),
        AttributeChange("name.familyName", "c", "Unua"),
        AttributeChange(f"{ENTERPRISE}:employeeNumber", "d", "Aklq"),
        AttributeChange('emails[type eq "work"].value', None, "x@y.z"),
    ]
    assert patch_body(changes, Dialect.AAD_OPT_SCIM_062020) == {
        "schemas": [PATCH],
        "Operations": [
            {
                "op": "replace",
                "value": {
                    "displayName": "Bjfe",
                    "name.givenName": "Kkom",
                    "name.familyName": "Unua",
                    f"{ENTERPRISE}:employeeNumber": "Aklq",
                },
            },
            {"op": "add", "path": 'emails[type eq "work"].value', "value": "x@y.z"},
        ],
    }


def test_disable_via_active_is_a_string_by_default_and_a_boolean_with_the_flag():
    change = [AttributeChange("active", True, "False")]
    assert patch_body(change, Dialect.DEFAULT)["Operations"] == [
        {"op": "Replace", "path": "active", "value": "False"}
    ]
    assert patch_body(change, Dialect.AAD_OPT_SCIM_062020)["Operations"] == [
        {"op": "replace", "path": "active", "value": False}
    ]


def test_soft_delete_patch_of_expiration_time_matches_the_reference():
    change = [AttributeChange(f"{ECMA}:expirationTime", "9999-12-31", "1990-01-01")]
    assert patch_body(change, Dialect.DEFAULT) == {
        "schemas": [PATCH],
        "Operations": [{"op": "Replace", "path": f"{ECMA}:expirationTime", "value": "1990-01-01"}],
    }


def test_diff_keeps_only_attributes_that_differ_and_ignores_nulls():
    resource = {
        "schemas": [CORE, ECMA],
        "id": "JSMITH",
        "userName": "JSMITH",
        "active": True,
        ECMA: {"city": "Berlin", "email": "j@contoso.com"},
    }
    desired = {
        f"{ECMA}:userName": "JSMITH",  # read from the top-level userName
        f"{ECMA}:city": "Walldorf",
        f"{ECMA}:EMAIL": "j@contoso.com",  # attribute names are case-insensitive
        f"{ECMA}:department": "Sales",
        f"{ECMA}:jobTitle": None,
        "active": "True",
    }
    assert diff(desired, resource) == [
        AttributeChange(f"{ECMA}:city", "Berlin", "Walldorf"),
        AttributeChange(f"{ECMA}:department", None, "Sales"),
    ]


def test_a_patch_needs_changes():
    with pytest.raises(ValueError, match="at least one"):
        patch_body([], Dialect.DEFAULT)
