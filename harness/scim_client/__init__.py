"""Entra's SCIM client: the requests Entra's provisioning service sends, in both dialects."""

from .client import DEFAULT_TIMEOUT, Exchange, ScimClient, decoded_body
from .dialect import FLAG, Dialect, TenantUrl, TenantUrlError, parse_tenant_url
from .errors import CODE_PREFIX, ScimCallError, code_for_status
from .wire import (
    CORE_USER,
    PATCH_OP,
    AttributeChange,
    current_value,
    diff,
    filter_query,
    flatten_resource,
    patch_body,
    split_target,
    user_resource,
)

__all__ = [
    "CODE_PREFIX",
    "CORE_USER",
    "DEFAULT_TIMEOUT",
    "FLAG",
    "PATCH_OP",
    "AttributeChange",
    "Dialect",
    "Exchange",
    "ScimCallError",
    "ScimClient",
    "TenantUrl",
    "TenantUrlError",
    "code_for_status",
    "current_value",
    "decoded_body",
    "diff",
    "filter_query",
    "flatten_resource",
    "parse_tenant_url",
    "patch_body",
    "split_target",
    "user_resource",
]
