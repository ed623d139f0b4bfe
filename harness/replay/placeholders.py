"""The placeholder syntax of traffic files: capture what the server assigns, use it later.

Inside any string of a recorded exchange:

- ``{{name}}`` is replaced by the variable ``name`` (in requests: path, query, header values,
  body strings; in expected responses: before comparing);
- ``{{?name}}``, in an expected response, matches whatever the server answered there and
  stores it as ``name`` for the exchanges that follow;
- ``{{*}}``, in an expected response, matches any value (the field must be present).

A string that is exactly one marker stands for a whole JSON value (a number, a list, …); a
marker inside a longer string matches a piece of text (``"{{tenant}}/Users/{{?id}}"``).
Built-in variables: ``tenant`` (the Tenant URL), ``secret`` (``--secret``) and
``password`` (what a redacted ``***`` password is replayed as).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

TOKEN = re.compile(r"\{\{(\?[A-Za-z_][\w.-]*|\*|[A-Za-z_][\w.-]*)\}\}")


class PlaceholderError(ValueError):
    """A ``{{name}}`` that names no variable yet; the message says which and how to fix it."""


@dataclass(frozen=True)
class Pattern:
    """An expected string that contains capture or wildcard tokens."""

    regex: re.Pattern[str]
    captures: tuple[str, ...]
    whole_value: bool  # the string is exactly one capture or wildcard marker


def substitute(value: Any, variables: Mapping[str, Any]) -> Any:
    """``value`` with every ``{{name}}`` replaced; capture and wildcard tokens are left alone."""
    if isinstance(value, dict):
        return {substitute(k, variables): substitute(v, variables) for k, v in value.items()}
    if isinstance(value, list):
        return [substitute(v, variables) for v in value]
    if not isinstance(value, str) or "{{" not in value:
        return value
    whole = TOKEN.fullmatch(value)
    if whole and _is_variable(whole.group(1)):
        return _lookup(whole.group(1), variables)  # keeps the variable's JSON type
    return TOKEN.sub(
        lambda m: str(_lookup(m.group(1), variables)) if _is_variable(m.group(1)) else m.group(0), value
    )


def pattern_of(expected: str) -> Pattern | None:
    """The matcher for an expected string with ``{{?name}}`` / ``{{*}}`` tokens, else None."""
    tokens = [m for m in TOKEN.finditer(expected) if not _is_variable(m.group(1))]
    if not tokens:
        return None
    parts, captures, position = [], [], 0
    for match in tokens:
        parts.append(re.escape(expected[position : match.start()]))
        marker = match.group(1)
        if marker == "*":
            parts.append(".*?")
        else:
            captures.append(marker[1:])
            parts.append(f"(?P<c{len(captures) - 1}>.+?)")
        position = match.end()
    parts.append(re.escape(expected[position:]))
    whole = len(tokens) == 1 and tokens[0].span() == (0, len(expected))
    return Pattern(re.compile("".join(parts), re.DOTALL), tuple(captures), whole)


def _is_variable(marker: str) -> bool:
    return not (marker == "*" or marker.startswith("?"))


def _lookup(name: str, variables: Mapping[str, Any]) -> Any:
    if name not in variables:
        known = ", ".join(sorted(variables)) or "none"
        raise PlaceholderError(
            f"{{{{{name}}}}} is used before anything captured it; capture it in an earlier expected "
            f"response with {{{{?{name}}}}} (known variables: {known})"
        )
    return variables[name]
