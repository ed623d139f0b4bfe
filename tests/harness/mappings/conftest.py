"""Fixtures for mapping tests: the shipped SAP ECC mapping file and the connector's /Schemas shape."""

from __future__ import annotations

import pytest

from harness.mappings import ECMA_USER_URN as ECMA


def _attribute(name: str, scim_type: str = "string", **extra: object) -> dict:
    base = {
        "name": name,
        "type": scim_type,
        "multiValued": False,
        "required": False,
        "mutability": "readWrite",
    }
    return {**base, **extra}


@pytest.fixture
def sap_schemas() -> dict:
    """A /Schemas ListResponse shaped like the connector host's for the SAP template."""
    names = (
        "city company department email expirationTime firstName lastName middleName telephoneNumber jobTitle "
        "export_password"
    ).split()
    return {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
        "totalResults": 2,
        "Resources": [
            {"id": "urn:ietf:params:scim:schemas:core:2.0:User",
             "attributes": [_attribute("userName", required=True), _attribute("active", "boolean")]},
            {"id": ECMA, "attributes": [_attribute("userName", required=True), *map(_attribute, names),
                                        _attribute("loginCount", "integer")]},
        ],
    }  # fmt: skip
