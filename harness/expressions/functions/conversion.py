"""Type conversions and bit arithmetic: BitAnd, CBool, CStr."""

from __future__ import annotations

from ..values import to_bool, to_int, to_text
from .registry import Invocation, register


@register("BitAnd", ("value1", "value2"))
def bit_and(inv: Invocation) -> int | None:
    """BitAnd(value1, value2): bitwise AND of two numbers (&H hex literals welcome)."""
    first, second = inv.value(0), inv.value(1)
    if first is None or second is None:
        return None
    return to_int(first, inv.name, "value1") & to_int(second, inv.name, "value2")


@register("CBool", ("Expression",))
def cbool(inv: Invocation) -> bool:
    """CBool(Expression): True for a non-zero number or "True"; False for 0, "False" or null."""
    return to_bool(inv.value(0), inv.name)


@register("CStr", ("value",))
def cstr(inv: Invocation) -> str | None:
    """CStr(value): the value as a string ("True"/"False" for booleans)."""
    return to_text(inv.value(0), inv.name)
