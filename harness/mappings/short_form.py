"""The short YAML form of a mapping set, for hand-written tests and scenarios.

    target: urn:ietf:params:scim:schemas:extension:ECMA2Host:2.0:User
    actions: [Add, Update, Delete]
    scope: assigned                      # or: all
    filters:
      - name: Sales only
        clauses: ["department EQUALS Sales"]
    mappings:
      - {target: userName, expression: 'ToUpper(Word([userPrincipalName], 1, "@"), )',
         matching: 1, apply: creation}
      - {target: city, source: city}                  # Direct
      - {target: company, constant: Contoso}           # Constant
      - {target: middleName, default: "-"}             # None: only the default flows

Target names without a ``:`` are prefixed with the target object when it is an extension
schema (ECMA2Host's), so ``city`` means ``urn:…:ECMA2Host:2.0:User:city``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from harness.expressions import ExpressionSyntaxError, format_expression, parse
from harness.expressions.nodes import Attribute, NamedConstant, NumberLiteral, StringLiteral, literal_text
from harness.scoping import ScopingError, ScopingFilters

from .errors import MappingError
from .model import (
    ACTIONS,
    ECMA_USER_URN,
    FLOW_BEHAVIORS,
    FLOW_TYPES,
    AttributeMapping,
    MappingSet,
)

LINE_KEY = "__line__"  # set by the YAML loader on every mapping, for file:line errors
APPLY_ALIASES = {"always": "Always", "creation": "ObjectAddOnly", "create": "ObjectAddOnly"}
SOURCE_KEYS = ("source", "constant", "expression")
MAPPING_KEYS = frozenset({*SOURCE_KEYS, "target", "default", "matching", "apply", "flowBehavior", LINE_KEY})
TOP_KEYS = frozenset(
    {"name", "target", "targetDirectory", "actions", "scope", "filters", "quirks", "mappings", LINE_KEY}
)


def _where(source: str, item: Mapping[str, Any], fallback: str) -> str:
    line = item.get(LINE_KEY) if isinstance(item, Mapping) else None
    return f"{source}:{line}" if line else f"{source}:{fallback}"


def mapping_set_from_short(document: Any, *, source: str = "<yaml>") -> MappingSet:
    if not isinstance(document, Mapping) or not isinstance(document.get("mappings"), list):
        raise MappingError(f"{source}:1", "expected a mapping with a 'mappings:' list")
    unknown = set(document) - TOP_KEYS
    if unknown:
        raise MappingError(_where(source, document, "1"), f"unknown key(s) {sorted(unknown)}")
    target_object = str(document.get("target") or ECMA_USER_URN)
    prefix = target_object + ":" if ":extension:" in target_object else ""
    scope = str(document.get("scope", "assigned")).lower()
    if scope not in ("assigned", "all"):
        raise MappingError(_where(source, document, "1"), "scope must be 'assigned' or 'all'")
    actions = frozenset(document.get("actions") or ACTIONS)
    if actions - set(ACTIONS):
        raise MappingError(_where(source, document, "1"), f"actions must be among {', '.join(ACTIONS)}")
    try:
        filters = ScopingFilters.from_short(document.get("filters") or [])
    except ScopingError as exc:
        raise MappingError(f"{source} {exc.path}", str(exc).split(": ", 1)[1]) from None
    mappings = tuple(
        _attribute(item, prefix, source, index) for index, item in enumerate(document["mappings"])
    )
    mapping_set = MappingSet(
        attribute_mappings=mappings,
        name=str(document.get("name") or "Provision Microsoft Entra ID Users"),
        target_object=target_object,
        actions=actions,
        scope=filters,
        sync_all=scope == "all",
        target_name=str(document.get("targetDirectory") or "ScimOnPremises"),
        quirks=frozenset(document.get("quirks") or ()),
    )
    problems = mapping_set.problems()
    if problems:
        raise MappingError(_where(source, document, "1"), "; ".join(problems))
    return mapping_set


def _attribute(item: Any, prefix: str, source: str, index: int) -> AttributeMapping:
    where = _where(source, item, f"mappings[{index}]")
    if not isinstance(item, Mapping) or not item.get("target"):
        raise MappingError(where, "each mapping needs a 'target'")
    unknown = set(item) - MAPPING_KEYS
    if unknown:
        raise MappingError(
            where, f"unknown key(s) {sorted(unknown)}; known: {sorted(MAPPING_KEYS - {LINE_KEY})}"
        )
    given = [key for key in SOURCE_KEYS if key in item]
    if len(given) > 1:
        raise MappingError(where, f"give only one of source, constant, expression (got {', '.join(given)})")
    target = str(item["target"])
    if ":" not in target:
        target = prefix + target
    tree = None
    if given == ["source"]:
        tree = Attribute(str(item["source"]))
    elif given == ["constant"]:
        tree = StringLiteral(str(item["constant"]))
    elif given == ["expression"]:
        try:
            tree = parse(str(item["expression"]))
        except ExpressionSyntaxError as exc:
            raise MappingError(where, f"expression: {exc}") from None
    apply = str(item.get("apply", "always"))
    flow_type = APPLY_ALIASES.get(apply.lower(), apply)
    if flow_type not in FLOW_TYPES:
        raise MappingError(where, f"apply must be always, creation or one of {', '.join(FLOW_TYPES)}")
    behavior = str(item.get("flowBehavior", "FlowWhenChanged"))
    if behavior not in FLOW_BEHAVIORS:
        raise MappingError(where, f"flowBehavior must be one of {', '.join(FLOW_BEHAVIORS)}")
    matching = item.get("matching", 0)
    if not isinstance(matching, int) or isinstance(matching, bool) or matching < 0:
        raise MappingError(where, f"matching must be 0 or a positive whole number, got {matching!r}")
    default = item.get("default")
    return AttributeMapping(
        target=target,
        source=tree,
        default_value=None if default is None else str(default),
        flow_type=flow_type,
        flow_behavior=behavior,
        matching_priority=matching,
    )


def mapping_set_to_short(mapping_set: MappingSet) -> dict[str, Any]:
    """The short form of a mapping set (what ``provlab``'s docs and scenarios use)."""
    prefix = mapping_set.target_object + ":" if ":extension:" in mapping_set.target_object else ""
    mappings: list[dict[str, Any]] = []
    for mapping in mapping_set.attribute_mappings:
        entry: dict[str, Any] = {"target": mapping.target.removeprefix(prefix) if prefix else mapping.target}
        if isinstance(mapping.source, Attribute):
            entry["source"] = mapping.source.name
        elif isinstance(mapping.source, StringLiteral | NumberLiteral | NamedConstant):
            entry["constant"] = literal_text(mapping.source)
        elif mapping.source is not None:
            entry["expression"] = format_expression(mapping.source)
        if mapping.default_value is not None:
            entry["default"] = mapping.default_value
        if mapping.matching_priority:
            entry["matching"] = mapping.matching_priority
        if mapping.flow_type != "Always":
            entry["apply"] = "creation" if mapping.flow_type == "ObjectAddOnly" else mapping.flow_type
        if mapping.flow_behavior != "FlowWhenChanged":
            entry["flowBehavior"] = mapping.flow_behavior
        mappings.append(entry)
    document: dict[str, Any] = {
        "name": mapping_set.name,
        "target": mapping_set.target_object,
        "targetDirectory": mapping_set.target_name,
        "actions": [a for a in ACTIONS if a in mapping_set.actions],
        "scope": "all" if mapping_set.sync_all else "assigned",
    }
    if mapping_set.scope.filters:
        document["filters"] = [
            {"name": f.name, "clauses": [c.describe() for c in f.clauses]} for f in mapping_set.scope.filters
        ]
    if mapping_set.quirks:
        document["quirks"] = sorted(mapping_set.quirks)
    document["mappings"] = mappings
    return document
