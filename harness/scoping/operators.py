"""The scoping-filter operators, each with Microsoft's documented null rule.

Source: define-conditional-rules-for-provisioning-user-accounts.md ("SCOPE"). Every clause
is false when the attribute is null or empty, except IS NULL (true then) and IS NOT NULL.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

Operator = Callable[[object, Sequence[str]], bool]

_INTEGER = re.compile(r"[-+]?[0-9]+")


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "True" if value else "False"
    return str(value)


def _boolean(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    text = _text(value).strip().lower()
    return {"true": True, "false": False}.get(text)


def _integer(value: object) -> int | None:
    text = _text(value).strip()
    return int(text) if _INTEGER.fullmatch(text) else None


def _regex_match(value: object, operands: Sequence[str]) -> bool:
    # SCOPE's examples, ([1-9][0-9]) "matches any number between 10 and 99" and
    # .*\@domain.com, only hold when the whole value must match.
    return any(re.fullmatch(pattern, _text(value)) for pattern in operands)


def _greater(strict: bool) -> Operator:
    def compare(value: object, operands: Sequence[str]) -> bool:
        number = _integer(value)
        if number is None:  # "the attribute on the user must be an integer"
            return False
        limit = int(operands[0])
        return number > limit if strict else number >= limit

    return compare


# Canonical names as SCOPE spells them; lookups ignore case and "_" versus " ".
OPERATORS: dict[str, Operator] = {
    # SCOPE: "& … true if the evaluated attribute exists in the input string value".
    "&": lambda value, operands: any(_text(value) in operand for operand in operands),
    "!&": lambda value, operands: not any(_text(value) in operand for operand in operands),
    "ENDS_WITH": lambda value, operands: any(_text(value).endswith(o) for o in operands),
    "EQUALS": lambda value, operands: _text(value) in operands,
    "NOT EQUALS": lambda value, operands: _text(value) not in operands,
    "Greater_Than": _greater(strict=True),
    "Greater_Than_OR_EQUALS": _greater(strict=False),
    "Includes": lambda value, operands: any(o in _text(value) for o in operands),
    "IS TRUE": lambda value, operands: _boolean(value) is True,
    "IS FALSE": lambda value, operands: _boolean(value) is False,
    "IS NULL": lambda value, operands: False,  # only reached for non-empty values
    "IS NOT NULL": lambda value, operands: True,
    "REGEX MATCH": _regex_match,
    "NOT REGEX MATCH": lambda value, operands: not _regex_match(value, operands),
}

NO_OPERAND = frozenset({"IS TRUE", "IS FALSE", "IS NULL", "IS NOT NULL"})
INTEGER_OPERAND = frozenset({"Greater_Than", "Greater_Than_OR_EQUALS"})
REGEX_OPERAND = frozenset({"REGEX MATCH", "NOT REGEX MATCH"})


def _key(name: str) -> str:
    return re.sub(r"[\s_]+", " ", name.strip()).upper()


_BY_KEY = {_key(name): name for name in OPERATORS}


def canonical_operator(name: str) -> str | None:
    """The documented spelling of an operator name (``not_equals`` → ``NOT EQUALS``), or None."""
    return _BY_KEY.get(_key(name))


def is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and value == "")


def apply_operator(operator: str, value: object, operands: Sequence[str]) -> bool:
    """Evaluate one clause; ``operator`` must be canonical (see :func:`canonical_operator`)."""
    if is_empty(value):
        return operator == "IS NULL"
    if isinstance(value, list | tuple):  # "Filtering is not supported for multi-valued attributes"
        return False
    return OPERATORS[operator](value, operands)
