"""ServiceProviderConfig, ResourceTypes and Schemas as the host advertises them."""

from __future__ import annotations

from typing import Any

from connector.config import ConnectorConfig, DisableFlow

from .constants import (
    CORE_USER,
    ECMA_USER,
    EXPORT_PASSWORD,
    LIST_RESPONSE,
    RESOURCE_TYPE,
    SCHEMA,
    SERVICE_PROVIDER_CONFIG,
)

_SCIM_TYPES = {"String": "string", "Boolean": "boolean", "Integer": "integer"}
MAX_RESULTS = 1000


def list_response(resources: list[dict[str, Any]], *, total: int | None = None, start_index: int = 1) -> dict:
    return {
        "schemas": [LIST_RESPONSE],
        "totalResults": len(resources) if total is None else total,
        "startIndex": start_index,
        "itemsPerPage": len(resources),
        "Resources": resources,
    }


def service_provider_config(base_url: str, max_body_bytes: int) -> dict[str, Any]:
    return {
        "schemas": [SERVICE_PROVIDER_CONFIG],
        "documentationUri": "https://learn.microsoft.com/entra/identity/app-provisioning/on-premises-ecma-configure",
        "patch": {"supported": True},
        "bulk": {"supported": False, "maxOperations": 0, "maxPayloadSize": max_body_bytes},
        "filter": {"supported": True, "maxResults": MAX_RESULTS},
        "changePassword": {"supported": False},
        "sort": {"supported": False},
        "etag": {"supported": False},
        "authenticationSchemes": [
            {
                "type": "oauthbearertoken",
                "name": "Secret Token",
                "description": "The connector's Secret Token sent as Authorization: Bearer <token>",
                "primary": True,
            }
        ],
        "meta": {"resourceType": "ServiceProviderConfig", "location": f"{base_url}/ServiceProviderConfig"},
    }


def user_resource_type(base_url: str) -> dict[str, Any]:
    return {
        "schemas": [RESOURCE_TYPE],
        "id": "User",
        "name": "User",
        "endpoint": "/Users",
        "description": "The connector's object type",
        "schema": CORE_USER,
        "schemaExtensions": [{"schema": ECMA_USER, "required": True}],
        "meta": {"resourceType": "ResourceType", "location": f"{base_url}/ResourceTypes/User"},
    }


def schemas(config: ConnectorConfig, base_url: str) -> list[dict[str, Any]]:
    """The core User (userName, active) and the ECMA2Host extension with the selected attributes."""
    core_attributes = [
        _attribute("userName", "string", required=True, uniqueness="server"),
        _attribute("active", "boolean"),
    ]
    schema = config.entry_schema
    extension_attributes = [
        _attribute(
            a.name,
            _SCIM_TYPES.get(a.data_type, "string"),
            required=a.is_anchor,
            uniqueness="server" if a.is_anchor else "none",
            mutability="immutable" if a.is_anchor else "readWrite",
            case_exact=a.is_anchor,
        )
        for a in schema.attributes
        if a.name != EXPORT_PASSWORD
    ]
    extension_attributes.append(
        _attribute(EXPORT_PASSWORD, "string", mutability="writeOnly", returned="never", case_exact=True)
    )
    description = f"{schema.external_name} of connector {config.name} (object type {schema.object_type})"
    if schema.deprovisioning.disable_flow is DisableFlow.SET_ATTRIBUTE:
        description += f"; active maps to {schema.deprovisioning.soft_delete_status_attribute}"
    return [
        _schema(CORE_USER, "User", "User Account", core_attributes, base_url),
        _schema(ECMA_USER, "ECMA2Host User", description, extension_attributes, base_url),
    ]


def _schema(urn: str, name: str, description: str, attributes: list[dict], base_url: str) -> dict[str, Any]:
    return {
        "schemas": [SCHEMA],
        "id": urn,
        "name": name,
        "description": description,
        "attributes": attributes,
        "meta": {"resourceType": "Schema", "location": f"{base_url}/Schemas/{urn}"},
    }


def _attribute(
    name: str,
    scim_type: str,
    *,
    required: bool = False,
    uniqueness: str = "none",
    mutability: str = "readWrite",
    returned: str = "default",
    case_exact: bool = False,
) -> dict[str, Any]:
    return {
        "name": name,
        "type": scim_type,
        "multiValued": False,
        "description": name,
        "required": required,
        "caseExact": case_exact,
        "mutability": mutability,
        "returned": returned,
        "uniqueness": uniqueness,
    }
