"""Conditions and null tests: Coalesce, IIF, IsNull, IsNullOrEmpty, IsPresent, IsString, Not, Switch."""

from __future__ import annotations

from ..context import QUIRK_SWITCH_NULL_WHEN_SOURCE_UNCHANGED
from ..nodes import attributes_referenced
from ..values import is_null_or_empty, to_bool, to_text
from .registry import Invocation, register


@register("Coalesce", (), repeating=("source",), min_groups=1)
def coalesce(inv: Invocation) -> object:
    """Coalesce(source1, …, defaultValue): the first argument that is not null."""
    for index in range(len(inv.args)):
        value = inv.value(index)
        if value is not None and value != []:
            return value
    return None


@register("IIF", ("condition", "valueIfTrue", "valueIfFalse"))
def iif(inv: Invocation) -> object:
    """IIF(condition, valueIfTrue, valueIfFalse): one of two values; only the chosen one is evaluated."""
    return inv.value(1) if to_bool(inv.value(0), inv.name) else inv.value(2)


@register("IsNull", ("Expression",))
def is_null(inv: Invocation) -> bool:
    """IsNull(Expression): True when the value is null (an absent attribute)."""
    value = inv.value(0)
    return value is None or value == []


@register("IsNullOrEmpty", ("Expression",))
def is_null_or_empty_function(inv: Invocation) -> bool:
    """IsNullOrEmpty(Expression): True when null or the empty string."""
    return is_null_or_empty(inv.value(0))


@register("IsPresent", ("Expression",))
def is_present(inv: Invocation) -> bool:
    """IsPresent(Expression): the inverse of IsNullOrEmpty."""
    return not is_null_or_empty(inv.value(0))


@register("IsString", ("Expression",))
def is_string(inv: Invocation) -> bool:
    """IsString(Expression): True when the value is a string."""
    return isinstance(inv.value(0), str)


@register("Not", ("source",))
def not_(inv: Invocation) -> bool:
    """Not(source): False when the source is True ("True" in any case), True otherwise."""
    value = inv.value(0)
    if isinstance(value, bool):
        return not value
    text = to_text(value, inv.name)
    return not (text is not None and text.strip().lower() == "true")


@register("Switch", ("source", "defaultValue"), required=1, repeating=("key", "value"), min_groups=1)
def switch(inv: Invocation) -> object:
    """Switch(source, defaultValue, key1, value1, …): the value of the first key equal to the source.

    Keys compare case-sensitively with the source's text; a null source matches the key "".
    """
    source_arg = inv.arg(0)
    changed = inv.context.changed_attributes
    if (
        QUIRK_SWITCH_NULL_WHEN_SOURCE_UNCHANGED in inv.context.quirks
        and changed is not None
        and source_arg is not None
        and not attributes_referenced(source_arg.node) & changed
    ):
        inv.warn(
            "Switch evaluated as null: its source did not change (quirk switch-null-when-source-unchanged)"
        )
        return None
    source = to_text(inv.value(0), inv.name) or ""
    for key_index in range(2, len(inv.args), 2):
        if (inv.text(key_index) or "") == source:
            return inv.value(key_index + 1)
    return inv.value(1)
