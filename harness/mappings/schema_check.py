"""Checking a mapping set against the target's SCIM ``/Schemas`` (what the portal's attribute list shows).

Errors: a target attribute the schema does not have, a value kind the attribute cannot take
(a boolean into an integer, a list into a single-valued attribute, …), no matching
attribute. Warnings: a required attribute nothing maps to.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from harness.expressions.nodes import (
    Attribute,
    Call,
    Comparison,
    NamedConstant,
    Node,
    NumberLiteral,
    StringLiteral,
)

from .model import MappingSet

CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User"

# Kinds of value an expression yields; "any" when it depends on data (IIF, Switch, …).
_RESULT_KIND = {
    **dict.fromkeys(("IsNull", "IsNullOrEmpty", "IsPresent", "IsString", "CBool", "Not"), "boolean"),
    **dict.fromkeys(("Count", "InStr", "DateDiff", "BitAnd", "NumFromDate"), "integer"),
    **dict.fromkeys(("Split", "RemoveDuplicates"), "multi"),
    **dict.fromkeys(("AppRoleAssignmentsComplex", "AssertiveAppRoleAssignmentsComplex"), "multi"),
    "SingleAppRoleAssignment": "complex",
    **dict.fromkeys(("IIF", "Switch", "Coalesce", "IgnoreFlowIfNullOrEmpty", "Redact", "Item"), "any"),
}  # fmt: skip
# Entra user attributes that are not single strings.
_SOURCE_KIND = {
    "accountenabled": "boolean",
    "issoftdeleted": "boolean",
    "proxyaddresses": "multi",
    "othermails": "multi",
    "approleassignments": "multi",
}
_FILTER = re.compile(r"\[[^\]]*\]")


@dataclass(frozen=True)
class SchemaProblem:
    level: str  # "error" or "warning"
    target: str
    message: str

    def __str__(self) -> str:
        return f"{self.level}: {self.target}: {self.message}"


def value_kind(node: Node | None) -> str:
    """The kind of value a mapping source yields: string, boolean, integer, multi, complex or any."""
    if node is None:
        return "string"
    if isinstance(node, Attribute):
        return _SOURCE_KIND.get(node.name.lower(), "string")
    if isinstance(node, StringLiteral):
        if node.value in ("True", "False"):
            return "any"  # a string Entra converts for boolean targets
        return "any" if re.fullmatch(r"-?[0-9]+", node.value) else "string"
    if isinstance(node, NumberLiteral):
        return "integer"
    if isinstance(node, NamedConstant):
        return "integer"
    if isinstance(node, Comparison):
        return "boolean"
    assert isinstance(node, Call)
    return _RESULT_KIND.get(node.name, "string")


def _schema_list(schemas: Any) -> list[Mapping[str, Any]]:
    if isinstance(schemas, Mapping):
        if isinstance(schemas.get("Resources"), list):
            return list(schemas["Resources"])
        return [schemas]
    if isinstance(schemas, list):
        return list(schemas)
    raise ValueError("expected a /Schemas ListResponse, a list of schemas, or one schema")


def _catalogue(schemas: Any) -> dict[str, dict[str, Mapping[str, Any]]]:
    """schema URN (lower case) → attribute path (lower case, dotted for sub-attributes) → definition."""
    catalogue: dict[str, dict[str, Mapping[str, Any]]] = {}
    for schema in _schema_list(schemas):
        attributes: dict[str, Mapping[str, Any]] = {}
        for attribute in schema.get("attributes") or []:
            name = str(attribute.get("name", "")).lower()
            attributes[name] = attribute
            for sub in attribute.get("subAttributes") or []:
                attributes[f"{name}.{str(sub.get('name', '')).lower()}"] = sub
        catalogue[str(schema.get("id", "")).lower()] = attributes
    return catalogue


def _resolve(target: str) -> tuple[str, str]:
    """(schema URN, attribute path) of a target name such as ``urn:…:ECMA2Host:2.0:User:city``."""
    path = _FILTER.sub("", target)
    if path.lower().startswith("urn:"):
        urn, _, attribute = path.rpartition(":")
        return urn.lower(), attribute.lower()
    return CORE_USER.lower(), path.lower()


def _compatible(kind: str, definition: Mapping[str, Any]) -> str | None:
    scim_type = str(definition.get("type", "string"))
    multi = bool(definition.get("multiValued", False))
    if kind == "any":
        return None
    if kind == "multi" and not multi:
        return "the mapping yields several values but the attribute is single-valued"
    if kind == "complex" and scim_type != "complex":
        return f"the mapping yields an app role object but the attribute is of type {scim_type}"
    if scim_type == "boolean" and kind not in ("boolean", "multi"):
        return f"the attribute is boolean but the mapping yields a {kind}"
    if scim_type in ("integer", "decimal") and kind not in ("integer",):
        return f"the attribute is {scim_type} but the mapping yields a {kind}"
    return None


def check_against_schemas(mapping_set: MappingSet, schemas: Any) -> list[SchemaProblem]:
    """Every problem found; an empty list means the target accepts this mapping set."""
    catalogue = _catalogue(schemas)
    problems: list[SchemaProblem] = []
    mapped: set[tuple[str, str]] = set()
    for mapping in mapping_set.attribute_mappings:
        urn, attribute = _resolve(mapping.target)
        mapped.add((urn, attribute))
        if urn not in catalogue:
            known = ", ".join(sorted(catalogue)) or "none"
            problems.append(
                SchemaProblem("error", mapping.target, f"unknown schema {urn}; the target has {known}")
            )
            continue
        definition = catalogue[urn].get(attribute)
        if definition is None:
            known = ", ".join(sorted(catalogue[urn]))
            problems.append(
                SchemaProblem(
                    "error", mapping.target, f"unknown target attribute {attribute!r}; {urn} has: {known}"
                )
            )
            continue
        mismatch = _compatible(value_kind(mapping.source), definition)
        if mismatch:
            problems.append(SchemaProblem("error", mapping.target, f"type mismatch: {mismatch}"))
        if str(definition.get("mutability", "readWrite")) == "readOnly":
            problems.append(
                SchemaProblem("error", mapping.target, "the attribute is read-only in the target")
            )
    if not mapping_set.matching_mappings():
        problems.append(
            SchemaProblem(
                "error", "(mapping set)", "no matching attribute: give one mapping matching precedence 1"
            )
        )
    mapped_names = {attribute for _, attribute in mapped}
    for urn, attributes in catalogue.items():
        for attribute, definition in attributes.items():
            if "." in attribute or not definition.get("required"):
                continue
            if (urn, attribute) not in mapped and attribute not in mapped_names:
                problems.append(
                    SchemaProblem("warning", f"{urn}:{attribute}", "required by the target but not mapped")
                )
    return problems
