"""The SCIM filter subset ECMA2Host answers: ``attr eq value`` joined by ``and``.

Entra only ever sends ``eq`` and ``and`` (its SCIM client documentation), and ECMA2Host
answers nothing else, so this is a small tokenizer rather than a full RFC 7644 filter
grammar; every other construct is refused with ``invalidFilter`` naming what was found.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from .errors import invalid_filter

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<string>"(?:[^"\\]|\\.)*")
      | (?P<word>[A-Za-z0-9_:.$\-]+)
      | (?P<other>\S)
    )""",
    re.VERBOSE,
)
_UNSUPPORTED_OPERATORS = {"ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "pr", "or", "not"}


@dataclass(frozen=True)
class EqualityClause:
    """``attribute eq value`` as the client spelled the attribute."""

    attribute: str
    value: Any


def parse_query(query_string: str) -> dict[str, str]:
    """Decode a raw query string as Entra encodes it: ``+`` or ``%20`` for spaces, ``%40``,
    literal or ``%22``-encoded quotes. Repeated keys keep the last value."""
    decoded = parse_qs(query_string, keep_blank_values=True, strict_parsing=False)
    return {key: values[-1] for key, values in decoded.items()}


def parse_filter(text: str) -> list[EqualityClause]:
    """Parse a decoded filter; raises ``invalidFilter`` for anything but eq / and."""
    tokens = _tokenize(text)
    if not tokens:
        raise invalid_filter('the filter is empty; send attribute eq "value"')
    clauses: list[EqualityClause] = []
    position = 0
    while True:
        if position + 3 > len(tokens):
            raise invalid_filter(f'incomplete filter {text!r}; expected attribute eq "value"')
        (kind_a, attribute), (kind_op, operator), (kind_v, raw_value) = tokens[position : position + 3]
        if kind_a != "word":
            raise invalid_filter(f"expected an attribute name in filter {text!r}, found {attribute!r}")
        if kind_op != "word" or operator.lower() != "eq":
            raise _unsupported(operator, text)
        clauses.append(EqualityClause(attribute, _value(kind_v, raw_value, text)))
        position += 3
        if position == len(tokens):
            return clauses
        kind, word = tokens[position]
        if kind != "word" or word.lower() != "and":
            raise _unsupported(word, text)
        position += 1


def _tokenize(text: str) -> list[tuple[str, str]]:
    tokens = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind is None:
            continue
        tokens.append((kind, match.group(kind)))
    return tokens


def _value(kind: str, raw: str, text: str) -> Any:
    if kind == "string":
        return json.loads(raw)
    if kind == "word":
        lowered = raw.lower()
        if lowered in ("true", "false"):
            return lowered == "true"
        if re.fullmatch(r"-?\d+", raw):
            return int(raw)
    raise invalid_filter(
        f"the value {raw!r} in filter {text!r} must be a quoted string, a number, true or false"
    )


def _unsupported(found: str, text: str):
    if found.lower() in _UNSUPPORTED_OPERATORS:
        return invalid_filter(
            f"the operator {found!r} is not supported (ECMA2Host answers only eq and and): {text!r}"
        )
    return invalid_filter(
        f'unexpected {found!r} in filter {text!r}; only attribute eq "value" [and ...] is supported'
    )
