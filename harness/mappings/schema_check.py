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


class SchemasError(ValueError):
    """A document that is not a SCIM ``/Schemas`` answer; the message says where and what was expected."""


NOT_A_SCHEMAS_ANSWER = "not a /Schemas answer (expected an object with Resources or a list of schema objects)"


@dataclass(frozen=True)
class _Schema:
    """One target schema: its id and attributes as the target spells them, looked up case-insensitively."""

    id: str
    attributes: dict[str, tuple[str, Mapping[str, Any]]]  # lower-case path → (spelled path, definition)


def _schema_list(schemas: Any) -> list[tuple[str, Any]]:
    """(JSON path, schema) pairs of a ListResponse, a plain list, or one schema object."""
    if isinstance(schemas, Mapping) and isinstance(schemas.get("Resources"), list):
        return [(f"Resources[{i}]", schema) for i, schema in enumerate(schemas["Resources"])]
    if isinstance(schemas, Mapping) and "id" in schemas and "attributes" in schemas:
        return [("schema", schemas)]
    if isinstance(schemas, list):
        return [(f"[{i}]", schema) for i, schema in enumerate(schemas)]
    raise SchemasError(NOT_A_SCHEMAS_ANSWER)


def _attribute_list(items: Any, where: str) -> list[Mapping[str, Any]]:
    """``items`` checked to be a list of objects with a string ``name`` (attributes, sub-attributes)."""
    if items is None:
        return []
    if not isinstance(items, list):
        raise SchemasError(
            f"not a /Schemas answer: {where} is a {type(items).__name__};"
            " expected a list of attribute objects"
        )
    for index, item in enumerate(items):
        if not isinstance(item, Mapping) or not isinstance(item.get("name"), str):
            raise SchemasError(
                f"not a /Schemas answer: {where}[{index}] is not an attribute object"
                " (expected an object with a name)"
            )
    return items


def _catalogue(schemas: Any) -> dict[str, _Schema]:
    """schema URN (lower case) → the schema; raises SchemasError when ``schemas`` has the wrong shape."""
    catalogue: dict[str, _Schema] = {}
    for where, schema in _schema_list(schemas):
        if not isinstance(schema, Mapping) or not isinstance(schema.get("id"), str):
            raise SchemasError(
                f"not a /Schemas answer: {where} is not a schema object"
                " (expected an object with an id and attributes)"
            )
        attributes: dict[str, tuple[str, Mapping[str, Any]]] = {}
        listed = _attribute_list(schema.get("attributes"), f"{where}.attributes")
        for index, attribute in enumerate(listed):
            name = attribute["name"]
            attributes[name.lower()] = (name, attribute)
            subs = attribute.get("subAttributes")
            for sub in _attribute_list(subs, f"{where}.attributes[{index}].subAttributes"):
                attributes[f"{name}.{sub['name']}".lower()] = (f"{name}.{sub['name']}", sub)
        catalogue[schema["id"].lower()] = _Schema(schema["id"], attributes)
    if not catalogue:
        raise SchemasError("the /Schemas answer lists no schemas; save the target's GET /Schemas answer")
    return catalogue


def _resolve(target: str) -> tuple[str, str]:
    """(schema URN, attribute path) of a target name such as ``urn:…:ECMA2Host:2.0:User:city``."""
    path = _FILTER.sub("", target)
    if path.lower().startswith("urn:"):
        urn, _, attribute = path.rpartition(":")
        return urn, attribute
    return CORE_USER, path


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
    """Every problem found; an empty list means the target accepts this mapping set.

    Raises SchemasError when ``schemas`` is not a ``/Schemas`` answer at all.
    """
    catalogue = _catalogue(schemas)
    problems: list[SchemaProblem] = []
    mapped: set[tuple[str, str]] = set()
    for mapping in mapping_set.attribute_mappings:
        urn, attribute = _resolve(mapping.target)
        mapped.add((urn.lower(), attribute.lower()))
        schema = catalogue.get(urn.lower())
        if schema is None:
            known = ", ".join(sorted(s.id for s in catalogue.values()))
            problems.append(
                SchemaProblem("error", mapping.target, f"unknown schema {urn}; the target has {known}")
            )
            continue
        found = schema.attributes.get(attribute.lower())
        if found is None:
            known = ", ".join(sorted((spelled for spelled, _ in schema.attributes.values()), key=str.lower))
            problems.append(
                SchemaProblem(
                    "error",
                    mapping.target,
                    f"unknown target attribute {attribute!r}; {schema.id} has: {known}",
                )
            )
            continue
        definition = found[1]
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
    for urn, schema in catalogue.items():
        for attribute, (spelled, definition) in schema.attributes.items():
            if "." in attribute or not definition.get("required"):
                continue
            if (urn, attribute) not in mapped and attribute not in mapped_names:
                problems.append(
                    SchemaProblem(
                        "warning", f"{schema.id}:{spelled}", "required by the target but not mapped"
                    )
                )
    return problems
