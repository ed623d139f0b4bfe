"""The default mapping set: the SAP ECC table of Microsoft's web services connector page.

Source: on-premises-web-services-connector.md, "Configure attribute mappings". Of the page's
two userName mappings, the expression with matching precedence 1 is the default (as
ARCHITECTURE.md pins it); the page's first table (Direct userPrincipalName → userName) is the
placeholder it tells admins to replace. ``fixtures/mappings/sap-ecc.json`` is this set as
Graph JSON; a test keeps the two identical.
"""

from __future__ import annotations

from .model import MappingSet
from .short_form import mapping_set_from_short

SAP_ECC_DOCUMENT = {
    "name": "Provision Microsoft Entra ID Users",
    "target": "urn:ietf:params:scim:schemas:extension:ECMA2Host:2.0:User",
    "targetDirectory": "ScimOnPremises",
    "actions": ["Add", "Update", "Delete"],
    "scope": "assigned",
    "mappings": [
        {"target": "userName", "expression": 'ToUpper(Word([userPrincipalName], 1, "@"), )', "matching": 1,
         "apply": "creation"},
        {"target": "export_password", "expression": 'Redact("Pass@w0rd1")', "apply": "creation"},
        {"target": "city", "source": "city"},
        {"target": "company", "source": "companyName"},
        {"target": "department", "source": "department"},
        {"target": "email", "source": "mail"},
        {"target": "expirationTime",
         "expression": 'Switch([IsSoftDeleted], , "False", "9999-12-31", "True", "1990-01-01")'},
        {"target": "firstName", "source": "givenName"},
        {"target": "lastName", "source": "surname"},
        {"target": "telephoneNumber", "source": "telephoneNumber"},
        {"target": "jobTitle", "source": "jobTitle"},
    ],
}  # fmt: skip


def sap_ecc_mapping_set() -> MappingSet:
    """The SAP ECC mappings from Microsoft's page, ready to evaluate."""
    return mapping_set_from_short(SAP_ECC_DOCUMENT, source="harness.mappings.defaults")
