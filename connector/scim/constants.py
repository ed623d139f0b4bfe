"""SCIM URNs and the names ECMA2Host uses."""

CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User"
ECMA_USER = "urn:ietf:params:scim:schemas:extension:ECMA2Host:2.0:User"
LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"
SERVICE_PROVIDER_CONFIG = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"
RESOURCE_TYPE = "urn:ietf:params:scim:schemas:core:2.0:ResourceType"
SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema"

SCIM_CONTENT_TYPE = "application/scim+json"
ACCEPTED_CONTENT_TYPES = ("application/scim+json", "application/json")

# The virtual attribute of MIM's web services connector that carries the initial password.
EXPORT_PASSWORD = "export_password"  # noqa: S105 - an attribute name, not a password
ACTIVE = "active"

IMPORTING_MESSAGE = "The ECMA host is currently importing data from the target application"
