"""Functions that change what flows or what logs show: IgnoreFlowIfNullOrEmpty, Redact, SelectUniqueValue."""

from __future__ import annotations

from ..errors import EscrowError, FlowIgnored
from ..values import is_null_or_empty, to_text
from .registry import Invocation, register


@register("IgnoreFlowIfNullOrEmpty", ("Expression",))
def ignore_flow_if_null_or_empty(inv: Invocation) -> object:
    """IgnoreFlowIfNullOrEmpty(expression): drops the attribute from the flow when null or empty."""
    value = inv.value(0)
    if is_null_or_empty(value):
        raise FlowIgnored
    return value


@register("Redact", ("value",))
def redact(inv: Invocation) -> object:
    """Redact(value): the value flows unchanged; provisioning logs show "[Redact]" instead."""
    return inv.value(0)


@register("SelectUniqueValue", (), repeating=("uniqueValueRule",), min_groups=2, top_level_only=True)
def select_unique_value(inv: Invocation) -> str:
    """SelectUniqueValue(rule1, rule2, …): the first candidate the target does not hold yet.

    Entra escrows the object when every candidate is taken; with no target to ask
    (``EvaluationContext.is_unique`` is None) the first candidate wins.
    """
    tried: list[str] = []
    for index in range(len(inv.args)):
        candidate = to_text(inv.value(index), inv.name)
        if is_null_or_empty(candidate):
            continue
        assert candidate is not None
        tried.append(candidate)
        if inv.context.is_unique is None or inv.context.is_unique(candidate):
            return candidate
    raise EscrowError(inv.name, f"no unique value among {tried}; the object is escrowed")
