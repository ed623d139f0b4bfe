"""What the cycle engine needs from a mapping set, as a small protocol of plain values.

The engine never parses mappings itself: :func:`rules_from_mapping_set` adapts the mapping
package's ``MappingSet`` (and the scoping package's filters), and tests may build
:class:`ProvisioningRules` from plain functions.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

ACTIONS = frozenset({"Add", "Update", "Delete"})

# (source attributes, is_new, the target's current values by target attribute name or None,
#  the source attributes changed in this sync or None when unknown)
Evaluate = Callable[
    [Mapping[str, Any], bool, Mapping[str, Any] | None, frozenset[str] | None], dict[str, Any]
]
InScope = Callable[[Mapping[str, Any]], bool]


@dataclass(frozen=True)
class ProvisioningRules:
    """What the engine needs from a mapping set.

    ``evaluate(attributes, is_new, current, changed)``: the target attribute values for one
    source user (None = null, not sent); ``current`` lets None-type and add-only mappings see
    the target, ``changed`` feeds the Switch quirk. ``matching_attributes``: target attribute
    names in matching precedence. ``in_scope``: the scoping filters. ``actions``: the object
    mapping's enabled target actions. ``sync_all``: "Sync all users and groups" (otherwise
    only assigned users are in scope)."""

    evaluate: Evaluate
    matching_attributes: tuple[str, ...]
    in_scope: InScope = lambda _attributes: True
    actions: frozenset[str] = ACTIONS
    sync_all: bool = False
    scoping_description: str = "none"
    target_name: str = "ScimOnPremises"
    redacted_attributes: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if not self.matching_attributes:
            raise ValueError(
                "the mappings define no matching attribute; give one mapping a matchingPriority of 1"
            )
        unknown = set(self.actions) - ACTIONS
        if unknown:
            raise ValueError(f"unknown target object actions {sorted(unknown)}; use Add, Update, Delete")


def rules_from_mapping_set(mapping_set: Any, **overrides: Any) -> ProvisioningRules:
    """Adapt :class:`harness.mappings.MappingSet`, duck-typed: ``evaluate(attributes, *,
    is_new, current, changed)``, ``matching_attributes()`` and, where present,
    ``in_scope(attributes)``, ``actions``, ``sync_all``, ``redacted_attributes``."""
    values: dict[str, Any] = {
        "evaluate": lambda attributes, is_new, current, changed: mapping_set.evaluate(
            attributes, is_new=is_new, current=current, changed=changed
        ),
        "matching_attributes": tuple(mapping_set.matching_attributes()),
    }
    if hasattr(mapping_set, "in_scope"):
        values["in_scope"] = mapping_set.in_scope
    for name in ("actions", "sync_all", "scoping_description", "target_name", "redacted_attributes"):
        if hasattr(mapping_set, name):
            value = getattr(mapping_set, name)
            values[name] = frozenset(value) if name in ("actions", "redacted_attributes") else value
    values.update(overrides)
    return ProvisioningRules(**values)
