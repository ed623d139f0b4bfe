"""What a mapping set makes of one source user: the target attribute values Entra would send.

The model builds on this module (``MappingSet.evaluate``), so it does not import the model: the
two protocols below name what it reads from an attribute mapping and from a mapping set.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from harness.expressions import EvaluationContext, ExpressionEvaluationError, Node, evaluate_tree

from .errors import MappingError


class AttributeMappingView(Protocol):
    """What evaluation reads from one attribute mapping (a :class:`model.AttributeMapping`)."""

    @property
    def target(self) -> str: ...
    @property
    def source(self) -> Node | None: ...
    @property
    def default_value(self) -> str | None: ...
    @property
    def expression(self) -> str | None: ...
    @property
    def creation_only(self) -> bool: ...
    @property
    def only_when_target_empty(self) -> bool: ...


class MappingSetView(Protocol):
    """What evaluation reads from a mapping set (a :class:`model.MappingSet`)."""

    @property
    def attribute_mappings(self) -> Sequence[AttributeMappingView]: ...
    @property
    def quirks(self) -> frozenset[str]: ...


@dataclass(frozen=True)
class MappedValue:
    """One target attribute's outcome; ``log_value`` is what provisioning logs may show."""

    target: str
    value: object
    redacted: bool = False
    warnings: tuple[str, ...] = ()

    @property
    def log_value(self) -> object:
        return "[Redact]" if self.redacted and self.value is not None else self.value


def _empty(value: object) -> bool:
    return value is None or value == "" or value == []


def evaluate_mappings(
    mapping_set: MappingSetView,
    attributes: Mapping[str, object],
    *,
    is_new: bool,
    current: Mapping[str, object] | None = None,
    changed: frozenset[str] | None = None,
    context: EvaluationContext | None = None,
) -> dict[str, MappedValue]:
    """Target values for one user, keyed by target attribute name.

    ``is_new``: the object is being created (creation-only mappings and default values apply).
    ``current``: the target's present values, when known (for None-type and add-only mappings).
    ``changed``: source attributes changed in this sync (for the Switch quirk).
    Attributes that do not flow (creation-only on update, IgnoreFlowIfNullOrEmpty) are absent;
    a null value is present as ``None`` (Entra does not send it).
    """
    base = context or EvaluationContext()
    context = dataclasses.replace(
        base, changed_attributes=changed, quirks=frozenset(base.quirks) | mapping_set.quirks
    )
    results: dict[str, MappedValue] = {}
    for mapping in mapping_set.attribute_mappings:
        outcome = _evaluate_one(mapping, attributes, is_new=is_new, current=current, context=context)
        if outcome is not None:
            results[mapping.target] = outcome
    return results


def _evaluate_one(
    mapping: AttributeMappingView,
    attributes: Mapping[str, object],
    *,
    is_new: bool,
    current: Mapping[str, object] | None,
    context: EvaluationContext,
) -> MappedValue | None:
    if mapping.creation_only and not is_new:
        return None
    target_empty = current is not None and _empty(_lookup(current, mapping.target))
    if mapping.only_when_target_empty and not is_new and not target_empty:
        return None
    if mapping.source is None:  # type None: the default, at creation or into an empty target
        if mapping.default_value is not None and (is_new or target_empty):
            return MappedValue(mapping.target, mapping.default_value)
        return None
    try:
        evaluation = evaluate_tree(mapping.source, attributes, context)
    except ExpressionEvaluationError as exc:
        raise MappingError(mapping.target, f"{mapping.expression}: {exc}") from None
    if not evaluation.flows:
        return None
    value = evaluation.value
    if (
        value is None and is_new and mapping.default_value is not None
    ):  # "default value if null": creation only
        value = mapping.default_value
    return MappedValue(mapping.target, value, evaluation.redacted, evaluation.warnings)


def _lookup(values: Mapping[str, object], name: str) -> object:
    if name in values:
        return values[name]
    lowered = name.lower()
    return next((v for k, v in values.items() if k.lower() == lowered), None)
