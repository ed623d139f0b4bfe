"""Mapping sets from and to Microsoft Graph synchronizationSchema JSON.

Accepts what admins export (``GET …/synchronization/jobs/{id}/schema``): the whole schema,
one synchronizationRule, or one objectMapping. Errors name the JSON path of the problem.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from harness.expressions import GraphTreeError, from_graph, to_graph
from harness.scoping import ScopingError, ScopingFilters

from .errors import MappingError
from .model import ACTIONS, FLOW_BEHAVIORS, FLOW_TYPES, AttributeMapping, MappingSet


def mapping_set_from_graph(document: Any, *, where: str = "$", sync_all: bool = False) -> MappingSet:
    """The enabled user object mapping of a Graph schema document."""
    rule, rule_path = _rule(document, where)
    object_mappings = rule.get("objectMappings") if "objectMappings" in rule else [rule]
    if not isinstance(object_mappings, list):
        raise MappingError(f"{rule_path}.objectMappings", "must be a list")
    for index, candidate in enumerate(object_mappings):
        path = f"{rule_path}.objectMappings[{index}]" if "objectMappings" in rule else rule_path
        if not isinstance(candidate, Mapping):
            raise MappingError(path, "must be an object")
        if str(candidate.get("sourceObjectName", "User")).lower() == "user" and candidate.get(
            "enabled", True
        ):
            return _object_mapping(candidate, path, rule, sync_all)
    raise MappingError(rule_path, "no enabled object mapping with sourceObjectName 'User'")


def _rule(document: Any, where: str) -> tuple[Mapping[str, Any], str]:
    if not isinstance(document, Mapping):
        raise MappingError(where, "expected a JSON object (a synchronizationSchema, rule or objectMapping)")
    rules = document.get("synchronizationRules")
    if rules is None:
        return document, where
    if not isinstance(rules, list) or not rules:
        raise MappingError(f"{where}.synchronizationRules", "must be a non-empty list")
    for index, rule in enumerate(rules):
        if isinstance(rule, Mapping) and any(
            isinstance(m, Mapping) and str(m.get("sourceObjectName", "")).lower() == "user"
            for m in rule.get("objectMappings") or []
        ):
            return rule, f"{where}.synchronizationRules[{index}]"
    raise MappingError(
        f"{where}.synchronizationRules", "no rule has an object mapping for source object 'User'"
    )


def _object_mapping(
    mapping: Mapping[str, Any], path: str, rule: Mapping[str, Any], sync_all: bool
) -> MappingSet:
    raw_actions = mapping.get("flowTypes", "Add, Update, Delete")
    actions = frozenset(a.strip() for a in str(raw_actions).split(",") if a.strip())
    unknown = actions - set(ACTIONS)
    if unknown:
        raise MappingError(
            f"{path}.flowTypes", f"unknown action(s) {sorted(unknown)}; use {', '.join(ACTIONS)}"
        )
    attribute_mappings = mapping.get("attributeMappings")
    if not isinstance(attribute_mappings, list):
        raise MappingError(f"{path}.attributeMappings", "must be a list")
    try:
        scope = ScopingFilters.from_graph(mapping.get("scope"), f"{path}.scope")
    except ScopingError as exc:
        raise MappingError(exc.path, str(exc).split(": ", 1)[1]) from None
    mapping_set = MappingSet(
        attribute_mappings=tuple(
            _attribute_mapping(item, f"{path}.attributeMappings[{index}]")
            for index, item in enumerate(attribute_mappings)
        ),
        name=str(mapping.get("name") or "Provision Microsoft Entra ID Users"),
        source_object=str(mapping.get("sourceObjectName") or "User"),
        target_object=str(mapping.get("targetObjectName") or ""),
        actions=actions,
        scope=scope,
        enabled=bool(mapping.get("enabled", True)),
        sync_all=sync_all,
        rule_name=str(rule.get("name") or "USER_TO_SCIM"),
        source_directory=str(rule.get("sourceDirectoryName") or "Azure Active Directory"),
        target_name=str(rule.get("targetDirectoryName") or "ScimOnPremises"),
    )
    problems = mapping_set.problems()
    if problems:
        raise MappingError(path, "; ".join(problems))
    return mapping_set


def _attribute_mapping(item: Any, path: str) -> AttributeMapping:
    if not isinstance(item, Mapping):
        raise MappingError(path, "must be an object")
    target = item.get("targetAttributeName")
    if not isinstance(target, str) or not target:
        raise MappingError(f"{path}.targetAttributeName", "is required")
    source = item.get("source")
    try:
        tree = None if source is None else from_graph(source, path=f"{path}.source")
    except GraphTreeError as exc:
        raise MappingError(exc.path, str(exc).split(": ", 1)[1]) from None
    flow_type = item.get("flowType", "Always")
    if flow_type not in FLOW_TYPES:
        raise MappingError(f"{path}.flowType", f"must be one of {', '.join(FLOW_TYPES)}, got {flow_type!r}")
    flow_behavior = item.get("flowBehavior", "FlowWhenChanged")
    if flow_behavior not in FLOW_BEHAVIORS:
        raise MappingError(f"{path}.flowBehavior", f"must be one of {', '.join(FLOW_BEHAVIORS)}")
    priority = item.get("matchingPriority", 0)
    if not isinstance(priority, int) or isinstance(priority, bool) or priority < 0:
        raise MappingError(
            f"{path}.matchingPriority", f"must be 0 or a positive whole number, got {priority!r}"
        )
    default = item.get("defaultValue")
    return AttributeMapping(
        target=target,
        source=tree,
        default_value=None if default is None else str(default),
        flow_type=flow_type,
        flow_behavior=flow_behavior,
        matching_priority=priority,
        export_missing_references=bool(item.get("exportMissingReferences", False)),
    )


def mapping_set_to_graph(mapping_set: MappingSet) -> dict[str, Any]:
    """A whole synchronizationSchema document holding this mapping set."""
    return {
        "synchronizationRules": [
            {
                "name": mapping_set.rule_name,
                "sourceDirectoryName": mapping_set.source_directory,
                "targetDirectoryName": mapping_set.target_name,
                "objectMappings": [
                    {
                        "enabled": mapping_set.enabled,
                        "flowTypes": ", ".join(a for a in ACTIONS if a in mapping_set.actions),
                        "name": mapping_set.name,
                        "sourceObjectName": mapping_set.source_object,
                        "targetObjectName": mapping_set.target_object,
                        "scope": mapping_set.scope.to_graph(),
                        "attributeMappings": [_attribute_to_graph(m) for m in mapping_set.attribute_mappings],
                    }
                ],
            }
        ]
    }


def _attribute_to_graph(mapping: AttributeMapping) -> dict[str, Any]:
    return {
        "defaultValue": mapping.default_value,
        "exportMissingReferences": mapping.export_missing_references,
        "flowBehavior": mapping.flow_behavior,
        "flowType": mapping.flow_type,
        "matchingPriority": mapping.matching_priority,
        "source": None if mapping.source is None else to_graph(mapping.source),
        "targetAttributeName": mapping.target,
    }
