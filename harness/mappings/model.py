"""Attribute mappings as Entra models them (Graph ``objectMapping`` / ``attributeMapping``).

A :class:`MappingSet` is the user object mapping of one provisioning job: which source
attribute or expression feeds which target attribute, when it flows, how users are matched,
and which users are in scope.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from harness.expressions import Node, format_expression
from harness.expressions.nodes import Attribute, Call, NamedConstant, NumberLiteral, StringLiteral
from harness.scoping import ScopingFilters

from .evaluation import evaluate_mappings

ECMA_USER_URN = "urn:ietf:params:scim:schemas:extension:ECMA2Host:2.0:User"

# Graph attributeMapping.flowType; "Only during object creation" in the portal is ObjectAddOnly.
FLOW_TYPES = ("Always", "ObjectAddOnly", "MultiValueAddOnly", "ValueAddOnly", "AttributeAddOnly")
FLOW_BEHAVIORS = ("FlowWhenChanged", "FlowAlways")
ACTIONS = ("Add", "Update", "Delete")  # objectMapping.flowTypes: the enabled target object actions
MAPPING_TYPES = ("Direct", "Constant", "Expression", "None")


@dataclass(frozen=True)
class AttributeMapping:
    """One row of the portal's attribute-mapping list."""

    target: str
    source: Node | None  # None is mapping type "None": only the default value can flow
    default_value: str | None = None
    flow_type: str = "Always"
    flow_behavior: str = "FlowWhenChanged"
    matching_priority: int = 0  # 0: not a matching attribute; 1, 2, …: tried in that order
    export_missing_references: bool = False

    @property
    def mapping_type(self) -> str:
        if self.source is None:
            return "None"
        if isinstance(self.source, Attribute):
            return "Direct"
        if isinstance(self.source, StringLiteral | NumberLiteral | NamedConstant):
            return "Constant"
        return "Expression"

    @property
    def expression(self) -> str | None:
        return None if self.source is None else format_expression(self.source)

    @property
    def is_matching(self) -> bool:
        return self.matching_priority > 0

    @property
    def creation_only(self) -> bool:
        return self.flow_type == "ObjectAddOnly"

    @property
    def only_when_target_empty(self) -> bool:
        return self.flow_type in ("AttributeAddOnly", "ValueAddOnly")

    @property
    def redacted(self) -> bool:
        """Whether provisioning logs mask this attribute (its expression uses Redact)."""
        return _uses(self.source, "Redact")


def _uses(node: Node | None, function: str) -> bool:
    stack: list[Node | None] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, Call):
            if current.name == function:
                return True
            stack.extend(current.args)
    return False


@dataclass(frozen=True)
class MappingSet:
    """The user object mapping of a provisioning job, with its scope.

    ``sync_all`` is the job's "Sync all users and groups" setting (off: only assigned users).
    ``quirks`` are expression quirks applied to every evaluation (see docs/expressions.md).
    """

    attribute_mappings: tuple[AttributeMapping, ...]
    name: str = "Provision Microsoft Entra ID Users"
    source_object: str = "User"
    target_object: str = ECMA_USER_URN
    actions: frozenset[str] = frozenset(ACTIONS)
    scope: ScopingFilters = field(default_factory=ScopingFilters)
    enabled: bool = True
    sync_all: bool = False
    rule_name: str = "USER_TO_SCIM"
    source_directory: str = "Azure Active Directory"
    target_name: str = "ScimOnPremises"
    quirks: frozenset[str] = frozenset()

    def mapping_for(self, target: str) -> AttributeMapping | None:
        lowered = target.lower()
        return next((m for m in self.attribute_mappings if m.target.lower() == lowered), None)

    def matching_mappings(self) -> list[AttributeMapping]:
        """Matching attributes in precedence order (lowest number first)."""
        return sorted(
            (m for m in self.attribute_mappings if m.is_matching), key=lambda m: m.matching_priority
        )

    def matching_attributes(self) -> list[str]:
        return [m.target for m in self.matching_mappings()]

    def in_scope(self, attributes) -> bool:  # noqa: ANN001 - any Mapping
        """The scoping filters only; assignment is the caller's (see ``sync_all``)."""
        return self.scope.matches(attributes)

    @property
    def scoping_description(self) -> str:
        return self.scope.describe()

    @property
    def redacted_attributes(self) -> frozenset[str]:
        return frozenset(m.target for m in self.attribute_mappings if m.redacted)

    def evaluate(self, attributes, *, is_new: bool, **options) -> dict[str, object]:  # noqa: ANN001
        """Target attribute values for one user (see :func:`evaluation.evaluate_mappings`)."""
        outcomes = evaluate_mappings(self, attributes, is_new=is_new, **options)
        return {target: outcome.value for target, outcome in outcomes.items()}

    def problems(self) -> list[str]:
        """Rules Entra enforces when the mapping is saved; empty when the set is acceptable."""
        found: list[str] = []
        seen: dict[str, str] = {}
        for mapping in self.attribute_mappings:
            key = mapping.target.lower()
            if key in seen:
                found.append(f"target attribute {mapping.target} is mapped twice")
            seen[key] = mapping.target
            if mapping.is_matching and _uses(mapping.source, "SelectUniqueValue"):
                found.append(f"{mapping.target}: SelectUniqueValue can't be used on a matching attribute")
            if mapping.source is None and mapping.default_value is None:
                found.append(f"{mapping.target}: mapping type None needs a default value")
        priorities = [m.matching_priority for m in self.attribute_mappings if m.is_matching]
        if not priorities:
            found.append("no matching attribute: give one mapping a matching precedence of 1")
        duplicates = sorted({p for p in priorities if priorities.count(p) > 1})
        if duplicates:
            found.append(f"matching precedence {duplicates} is used by more than one mapping")
        return found
