"""SCIM User resources <-> connector-space attributes, and attribute projection."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .attributes import AttributeCatalog
from .constants import ACTIVE, CORE_USER, ECMA_USER, EXPORT_PASSWORD
from .errors import ScimError, invalid_value

# Top-level keys a client may send that carry no connector attribute.
_IGNORED_KEYS = {"schemas", "id", "meta", "externalid"}
_ALWAYS_RETURNED = ("schemas", "id")


def expand_attribute_map(
    values: Mapping[str, Any],
    catalog: AttributeCatalog,
    unknown: Callable[[str], ScimError] = lambda name: invalid_value(
        f"unknown attribute {name!r}; the connector's attributes are listed at /Schemas"
    ),
    *,
    ignore_envelope: bool = False,
) -> dict[str, Any]:
    """Flatten a SCIM attribute map (bare names, URN-prefixed names, or objects keyed by a
    schema URN) into ``{connector attribute: coerced value}``. Used by POST bodies and by
    path-less PATCH operations, which carry the same shape."""
    result: dict[str, Any] = {}
    for key, value in values.items():
        lowered = key.lower()
        if lowered in (ECMA_USER.lower(), CORE_USER.lower()):
            if not isinstance(value, dict):
                raise invalid_value(f"{key!r} must hold an object of attributes, not {type(value).__name__}")
            result.update(expand_attribute_map(value, catalog, unknown, ignore_envelope=True))
            continue
        attribute = catalog.lookup(key)
        if attribute is None:
            if ignore_envelope and lowered in _IGNORED_KEYS:
                continue
            if value in (None, [], {}):
                continue  # clients send empty collections (e.g. "roles": []) that carry nothing
            raise unknown(key)
        result[attribute] = catalog.coerce(attribute, value)
    return result


def attributes_from_resource(body: Mapping[str, Any], catalog: AttributeCatalog) -> dict[str, Any]:
    """The attributes of a POSTed User (null values are dropped, as Entra never sends them)."""
    attributes = expand_attribute_map(body, catalog, ignore_envelope=True)
    return {name: value for name, value in attributes.items() if value is not None}


def render_user(
    anchor: str,
    attributes: Mapping[str, Any],
    catalog: AttributeCatalog,
    *,
    location: str,
    active_attribute: str | None = None,
) -> dict[str, Any]:
    """The SCIM User for one connector-space entry. ``id`` is the anchor itself; values that
    are empty are unassigned in SCIM terms (RFC 7643 §2.5) and left out."""
    extension = {
        name: attributes[name]
        for name in catalog.stored_attributes
        if name in attributes and attributes[name] not in (None, "")
    }
    resource: dict[str, Any] = {"schemas": [CORE_USER, ECMA_USER], "id": anchor}
    user_name_attribute = catalog.lookup("userName")
    resource["userName"] = attributes.get(user_name_attribute) or anchor
    if active_attribute is not None and attributes.get(active_attribute) not in (None, ""):
        resource[ACTIVE] = bool(attributes[active_attribute])
    resource[ECMA_USER] = extension
    resource["meta"] = {"resourceType": "User", "location": location}
    return resource


def project(
    resource: dict[str, Any],
    catalog: AttributeCatalog,
    attributes: Iterable[str] = (),
    excluded: Iterable[str] = (),
) -> dict[str, Any]:
    """Apply the ``attributes`` / ``excludedAttributes`` query parameters (RFC 7644 §3.4.2.5)."""
    wanted = [a.strip() for a in attributes if a.strip()]
    unwanted = [a.strip() for a in excluded if a.strip()]
    if not wanted and not unwanted:
        return resource
    top_wanted, ext_wanted, whole_ext = _split_names(wanted, catalog)
    top_unwanted, ext_unwanted, _ = _split_names(unwanted, catalog)
    result: dict[str, Any] = {}
    for key, value in resource.items():
        if key == ECMA_USER:
            if wanted and not whole_ext:
                value = {k: v for k, v in value.items() if k in ext_wanted}
            value = {k: v for k, v in value.items() if k not in ext_unwanted}
            if value or whole_ext:
                result[key] = value
        elif key in _ALWAYS_RETURNED or (
            (not wanted or key.lower() in top_wanted) and key.lower() not in top_unwanted
        ):
            result[key] = value
    return result


def _split_names(names: list[str], catalog: AttributeCatalog) -> tuple[set[str], set[str], bool]:
    top: set[str] = set()
    extension: set[str] = set()
    whole_extension = False
    for name in names:
        if name.lower() == ECMA_USER.lower():
            whole_extension = True
            continue
        bare = catalog.strip_urn(name).lower()
        top.add(bare)
        attribute = catalog.lookup(name)
        if attribute is not None and attribute not in (ACTIVE, EXPORT_PASSWORD):
            extension.add(attribute)
    return top, extension, whole_extension
