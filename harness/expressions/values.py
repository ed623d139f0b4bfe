"""How the language converts values between kinds, and its null rules.

Values are plain Python objects: ``None`` is null (an absent attribute), ``str`` is the
normal case, ``bool`` comes from IsNull/CBool/Not and the like, ``int`` from numbers and
counting functions, ``list`` is a multi-valued attribute, ``dict`` an app role assignment.
"""

from __future__ import annotations

import re

from .errors import ExpressionEvaluationError

_INTEGER = re.compile(r"\s*[-+]?[0-9]+\s*")
_HEX = re.compile(r"\s*&[Hh]([0-9A-Fa-f]+)\s*")


def to_text(value: object, function: str | None = None) -> str | None:
    """The string form Entra would flow: ``True``/``False`` for booleans, first value of a list."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list | tuple):
        return to_text(value[0], function) if value else None
    if isinstance(value, dict):
        return str(value.get("value", value.get("displayName", "")))
    raise ExpressionEvaluationError(function, f"cannot use a {type(value).__name__} as text")


def to_int(value: object, function: str, parameter: str) -> int:
    """An integer argument; numeric strings and ``&H`` hex strings are accepted, as VBA does."""
    if isinstance(value, bool):
        return -1 if value else 0  # VBA's CInt(True) is -1
    if isinstance(value, int):
        return value
    text = to_text(value, function)
    if text is not None:
        if _INTEGER.fullmatch(text):
            return int(text)
        hex_match = _HEX.fullmatch(text)
        if hex_match:
            return int(hex_match.group(1), 16)
    raise ExpressionEvaluationError(function, f"{parameter} must be a whole number, got {value!r}")


def is_number(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    return isinstance(value, str) and bool(_INTEGER.fullmatch(value))


def to_bool(value: object, function: str) -> bool:
    """Boolean reading: True/False (any case), numbers (non-zero is True), null is False."""
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value != 0
    text = to_text(value, function)
    if text is None:
        return False
    if text.strip().lower() in ("true", "false"):
        return text.strip().lower() == "true"
    if is_number(text):
        return int(text) != 0
    raise ExpressionEvaluationError(function, f"expected True, False or a number, got {text!r}")


def as_list(value: object) -> list[object]:
    """Every value of a possibly multi-valued attribute; null is no value at all."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return list(value)
    return [value]


def is_null_or_empty(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return value == ""
    if isinstance(value, list | tuple):
        return len(value) == 0
    return False
