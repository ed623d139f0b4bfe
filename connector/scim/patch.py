"""SCIM PATCH (RFC 7644 §3.5.2) in both dialects Entra speaks.

Default dialect: PascalCase ops ("Replace"), booleans as "True"/"False" strings, one op per
URN-prefixed path. ``aadOptscim062020``: lowercase ops, JSON booleans, path-less replace
maps. Both reduce to ``{connector attribute: new value or None}``; the host then exports
the whole object (ObjectReplace).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .attributes import AttributeCatalog
from .constants import CORE_USER, ECMA_USER
from .errors import invalid_path, invalid_syntax, no_target
from .resources import expand_attribute_map

_OPS = ("add", "replace", "remove")


def parse_patch(body: Mapping[str, Any], catalog: AttributeCatalog) -> dict[str, Any]:
    """The attribute changes a PatchOp asks for, in order; None means "remove the value"."""
    operations = body.get("Operations", body.get("operations"))
    if not isinstance(operations, list) or not operations:
        raise invalid_syntax('a PATCH body needs a non-empty "Operations" list (RFC 7644 §3.5.2)')
    changes: dict[str, Any] = {}
    for index, operation in enumerate(operations):
        if not isinstance(operation, dict):
            raise invalid_syntax(f"Operations[{index}] must be an object with op, path and value")
        changes.update(_operation(index, operation, catalog))
    return changes


def _operation(index: int, operation: Mapping[str, Any], catalog: AttributeCatalog) -> dict[str, Any]:
    op = str(operation.get("op", "")).lower()
    if op not in _OPS:
        raise invalid_syntax(f"Operations[{index}].op {operation.get('op')!r} must be add, replace or remove")
    path = operation.get("path")
    value = operation.get("value")
    if path in (None, ""):
        if op == "remove":
            raise no_target(f"Operations[{index}] is a remove without a path; name the attribute to remove")
        if not isinstance(value, dict):
            raise invalid_syntax(
                f"Operations[{index}] has no path, so its value must be an object of attributes"
            )
        return expand_attribute_map(
            value,
            catalog,
            lambda name: invalid_path(f"Operations[{index}] names the unknown attribute {name!r}"),
        )
    if not isinstance(path, str):
        raise invalid_path(f"Operations[{index}].path must be a string")
    if path.lower() in (ECMA_USER.lower(), CORE_USER.lower()):
        if op == "remove" or not isinstance(value, dict):
            raise invalid_path(f"Operations[{index}].path {path!r} names a whole schema; name one attribute")
        return expand_attribute_map({path: value}, catalog)
    attribute = catalog.lookup(path)
    if attribute is None:
        bare = catalog.strip_urn(path)
        why = (
            "filtered and sub-attribute paths are not supported"
            if any(c in bare for c in ".[")
            else "unknown"
        )
        raise invalid_path(
            f"Operations[{index}].path {path!r}: {why}; the connector's attributes are at /Schemas"
        )
    if op == "remove":
        return {attribute: None}
    if isinstance(value, list) and len(value) == 1 and isinstance(value[0], dict) and "value" in value[0]:
        value = value[0]["value"]  # single-valued attribute sent as [{"value": ...}]
    return {attribute: catalog.coerce(attribute, value)}
