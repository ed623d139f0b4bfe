"""The JSON Entra puts on the wire, I/O-free: filter queries, POST bodies, diffs and PATCH
bodies in both dialects (facts: Entra's SCIM client documentation and its known issues page).

Target attribute names are what a mapping names: bare core names (``userName``, ``active``),
dotted sub-attributes (``name.givenName``), filtered paths (``emails[type eq "work"].value``)
or URN-qualified extension attributes (``urn:…:ECMA2Host:2.0:User:city``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote_plus

from .dialect import Dialect

CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE_USER = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
BOOLEAN_ATTRIBUTES = frozenset({"active"})
_FILTERED = re.compile(r'^(?P<attr>[^\[]+)\[(?P<key>\w+) eq "(?P<match>[^"]*)"\](?:\.(?P<sub>\w+))?$')
_PRIMARY_TYPED = {"emails", "phonenumbers", "addresses"}


@dataclass(frozen=True)
class TargetPath:
    """A target attribute split into its schema URN (None for the core schema) and path."""

    schema: str | None
    path: str

    @property
    def filtered(self) -> bool:
        return "[" in self.path

    @property
    def leaf(self) -> str:
        """The bare attribute name, as used in filters (``userName`` of any URN form)."""
        return self.path


def split_target(name: str) -> TargetPath:
    if name.lower().startswith("urn:") and ":" in name[4:]:
        schema, path = name.rsplit(":", 1)
        if schema.lower() == CORE_USER.lower():
            return TargetPath(None, path)
        return TargetPath(schema, path)
    return TargetPath(None, name)


# -- values -----------------------------------------------------------------------------
def is_boolean(name: str, boolean_attributes: frozenset[str] = BOOLEAN_ATTRIBUTES) -> bool:
    return split_target(name).path.lower() in {a.lower() for a in boolean_attributes}


def as_text(value: Any) -> str | None:
    """The form Entra compares and sends in the default dialect: booleans as "True"/"False"."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "True" if value else "False"
    return str(value)


def as_json_boolean(value: Any) -> Any:
    """A mapped "True"/"False" string as a JSON boolean (POST bodies, the flag dialect)."""
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return value


# -- queries ----------------------------------------------------------------------------
def filter_query(attribute: str, value: str) -> str:
    """``filter=userName+eq+"jdoe%40contoso.com"``: spaces as ``+``, quotes literal, ``@`` as
    ``%40``, as Entra encodes it. Extension attributes are named bare in the filter, as in
    the ``filter=PLACEHOLDER+eq+"…"`` probe Entra sends to a new ECMA app."""
    escaped = str(value).replace("\\", "\\\\").replace('"', '\\"')
    text = f'{split_target(attribute).leaf} eq "{escaped}"'
    return "filter=" + quote_plus(text, safe='"')


# -- POST -------------------------------------------------------------------------------
def user_resource(values: dict[str, Any], boolean_attributes: frozenset[str] = BOOLEAN_ATTRIBUTES) -> dict:
    """The POST body for a new user: core attributes at the top, each extension's under its
    URN. Null values are left out (Entra never provisions nulls); booleans are JSON booleans.
    Custom extension URNs are not listed in ``schemas`` (Entra does not send them);
    the enterprise extension is."""
    body: dict[str, Any] = {"schemas": [CORE_USER]}
    for name, value in values.items():
        if value is None:
            continue
        if is_boolean(name, boolean_attributes):
            value = as_json_boolean(value)
        target = split_target(name)
        container = body
        if target.schema is not None:
            if target.schema.lower() == ENTERPRISE_USER.lower() and ENTERPRISE_USER not in body["schemas"]:
                body["schemas"].append(ENTERPRISE_USER)
            container = body.setdefault(target.schema, {})
        _place(container, target.path, value)
    return body


def _place(container: dict[str, Any], path: str, value: Any) -> None:
    filtered = _FILTERED.match(path)
    if filtered:
        entries = container.setdefault(filtered["attr"], [])
        entry = next((e for e in entries if e.get(filtered["key"]) == filtered["match"]), None)
        if entry is None:
            entry = {filtered["key"]: filtered["match"]}
            if filtered["attr"].lower() in _PRIMARY_TYPED and filtered["key"] == "type":
                entry = {"primary": True, **entry}
            entries.append(entry)
        entry[filtered["sub"] or "value"] = value
        return
    head, _, rest = path.partition(".")
    if rest:
        _place(container.setdefault(head, {}), rest, value)
    else:
        container[head] = value


# -- reading a resource -----------------------------------------------------------------
def current_value(resource: dict[str, Any], name: str) -> Any:
    """The value a target resource holds for a mapped target attribute, or None."""
    target = split_target(name)
    if target.schema is not None:
        extension = _get(resource, target.schema)
        value = _read(extension, target.path) if isinstance(extension, dict) else None
        if value is None and target.path.lower() == "username":
            value = _get(resource, "userName")
        return value
    return _read(resource, target.path)


def flatten_resource(resource: dict[str, Any]) -> dict[str, Any]:
    """A resource's values keyed as mappings name targets: extension attributes as
    ``<URN>:<attr>``, core attributes bare (sub-attributes dotted)."""
    flat: dict[str, Any] = {}
    for key, value in resource.items():
        if key in ("schemas", "meta"):
            continue
        if key.lower().startswith("urn:") and isinstance(value, dict):
            flat.update({f"{key}:{name}": item for name, item in value.items()})
        elif isinstance(value, dict):
            flat.update({f"{key}.{name}": item for name, item in value.items()})
        else:
            flat[key] = value
    return flat


def _get(container: dict[str, Any], key: str) -> Any:
    if key in container:
        return container[key]
    lowered = key.lower()  # SCIM attribute names are case-insensitive (RFC 7643 §2.1)
    return next((v for k, v in container.items() if k.lower() == lowered), None)


def _read(container: dict[str, Any], path: str) -> Any:
    filtered = _FILTERED.match(path)
    if filtered:
        entries = _get(container, filtered["attr"]) or []
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, dict) and str(entry.get(filtered["key"])) == filtered["match"]:
                return entry.get(filtered["sub"] or "value")
        return None
    head, _, rest = path.partition(".")
    value = _get(container, head)
    if rest:
        return _read(value, rest) if isinstance(value, dict) else None
    return value


# -- diff and PATCH ---------------------------------------------------------------------
@dataclass(frozen=True)
class AttributeChange:
    """One attribute whose mapped value differs from the target's."""

    name: str
    old: Any
    new: Any

    @property
    def had_value(self) -> bool:
        return self.old not in (None, "")


def diff(desired: dict[str, Any], resource: dict[str, Any]) -> list[AttributeChange]:
    """The attributes whose desired value differs from what the target returned. Null
    desired values are skipped: Entra does not provision nulls. Compared as text, so a JSON
    ``true`` and a mapped "True" are the same."""
    changes = []
    for name, value in desired.items():
        if value is None:
            continue
        old = current_value(resource, name)
        if as_text(old) != as_text(value):
            changes.append(AttributeChange(name, old, value))
    return changes


def patch_body(
    changes: list[AttributeChange],
    dialect: Dialect,
    boolean_attributes: frozenset[str] = BOOLEAN_ATTRIBUTES,
) -> dict[str, Any]:
    """A PatchOp for ``changes``.

    Default: one ``Add`` (target empty) or ``Replace`` per attribute, values as strings
    ("True"/"False" for booleans). ``aadOptscim062020``: lowercase ops with JSON booleans; a
    single attribute keeps its path, several are folded into one path-less ``replace`` map
    keyed by path, with filtered paths kept as separate operations."""
    if not changes:
        raise ValueError("a PATCH needs at least one changed attribute")
    if dialect is Dialect.DEFAULT:
        operations = [
            {"op": "Replace" if c.had_value else "Add", "path": c.name, "value": as_text(c.new)}
            for c in changes
        ]
        return {"schemas": [PATCH_OP], "Operations": operations}

    def flag_value(change: AttributeChange) -> Any:
        return as_json_boolean(change.new) if is_boolean(change.name, boolean_attributes) else change.new

    if len(changes) == 1:
        change = changes[0]
        op = "replace" if change.had_value else "add"
        return {
            "schemas": [PATCH_OP],
            "Operations": [{"op": op, "path": change.name, "value": flag_value(change)}],
        }
    folded = {c.name: flag_value(c) for c in changes if not split_target(c.name).filtered}
    operations = [{"op": "replace", "value": folded}] if folded else []
    operations += [
        {"op": "replace" if c.had_value else "add", "path": c.name, "value": flag_value(c)}
        for c in changes
        if split_target(c.name).filtered
    ]
    return {"schemas": [PATCH_OP], "Operations": operations}
