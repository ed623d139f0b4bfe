"""Replace: the five documented modes, with .NET regular expressions.

Entra's patterns and replacement strings are .NET's: named groups are written
``(?<name>…)`` and substitutions ``${name}`` / ``$1``. Python's ``re`` reads the same
regular-expression language apart from the group syntax, so patterns are translated
rather than adding a dependency; substitutions are expanded by hand. Note that ``re``
has no match timeout: a catastrophic pattern in a mapping is the mapping author's risk.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..values import is_null_or_empty, to_text
from .registry import Invocation, register

_MODES = (
    "Replace has five modes: (oldValue, replacementValue); (oldValue, template); "
    "(regexPattern, replacementValue); (regexPattern, regexGroupName, replacementValue); "
    "(regexPattern, regexGroupName, replacementAttributeName)"
)


def translate_dotnet_pattern(pattern: str) -> str:
    """``(?<name>`` and ``(?'name'`` become ``(?P<name>``; ``\\k<name>`` becomes ``(?P=name)``."""
    out: list[str] = []
    index = 0
    while index < len(pattern):
        if pattern.startswith("\\k<", index):
            end = pattern.find(">", index)
            out.append(f"(?P={pattern[index + 3 : end]})")
            index = end + 1
        elif pattern[index] == "\\":
            out.append(pattern[index : index + 2])
            index += 2
        elif pattern.startswith("(?<", index) and pattern[index + 3 : index + 4] not in ("=", "!"):
            out.append("(?P<")
            index += 3
        elif pattern.startswith("(?'", index):
            end = pattern.find("'", index + 3)
            out.append(f"(?P<{pattern[index + 3 : end]}>")
            index = end + 1
        else:
            out.append(pattern[index])
            index += 1
    return "".join(out)


_SUBSTITUTION = re.compile(r"\$(?:\$|&|\{(?P<name>[^}]+)\}|(?P<number>\d+))")


def dotnet_substituter(replacement: str, pattern: re.Pattern[str]) -> Callable[[re.Match[str]], str]:
    """A function expanding .NET substitutions (``$$ $& $0 $1 ${name}``) for one match."""

    def expand(match: re.Match[str]) -> str:
        def one(sub: re.Match[str]) -> str:
            written = sub.group(0)
            if written == "$$":
                return "$"
            if written == "$&":
                return match.group(0)
            key: int | str = sub.group("name") or int(sub.group("number"))
            if isinstance(key, str) and key.isdigit():
                key = int(key)
            known = key in pattern.groupindex if isinstance(key, str) else key <= pattern.groups
            if not known:
                return written  # .NET leaves a reference to a missing group as written
            return match.group(key) or ""

        return _SUBSTITUTION.sub(one, replacement)

    return expand


def _compile(inv: Invocation, pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(translate_dotnet_pattern(pattern))
    except re.error as exc:
        inv.fail(f"regexPattern {pattern!r} is not a valid regular expression: {exc}")


def _group_name(inv: Invocation, compiled: re.Pattern[str]) -> str:
    group = inv.text(3) or ""
    if group not in compiled.groupindex:
        inv.fail(f"regexGroupName {group!r} is not a named group of regexPattern {compiled.pattern!r}")
    return group


def _replacement_source(inv: Invocation) -> str | None:
    """replacementAttributeName: the documented example passes [mobile]; a plain name also works."""
    argument = inv.arg(5)
    assert argument is not None
    if argument.is_attribute:
        return to_text(argument.value, inv.name)
    name = to_text(argument.value, inv.name)
    for key, value in inv.attributes.items():
        if name is not None and key.lower() == name.lower():
            return to_text(value, inv.name)
    return None


@register(
    "Replace",
    (
        "source",
        "oldValue",
        "regexPattern",
        "regexGroupName",
        "replacementValue",
        "replacementAttributeName",
        "template",
    ),
    required=1,
)
def replace(inv: Invocation) -> str | None:
    """Replace(source, oldValue, regexPattern, regexGroupName, replacementValue, replacementAttr, template)

    The mode is chosen by which arguments are given (see _MODES).
    """
    has = [inv.present(i) for i in range(7)]
    source = inv.text(0)
    if has[1] and has[2]:
        inv.fail(f"give either oldValue or regexPattern, not both. {_MODES}")
    if has[1]:
        old = inv.text(1) or ""
        if old == "":
            inv.fail("oldValue must not be empty")
        if has[6]:
            template = inv.text(6)
            return None if source is None or template is None else template.replace(old, source)
        if has[4]:
            return None if source is None else source.replace(old, inv.text(4) or "")
        inv.fail(f"oldValue needs replacementValue or template. {_MODES}")
    if not has[2]:
        inv.fail(f"give oldValue or regexPattern. {_MODES}")
    compiled = _compile(inv, inv.text(2) or "")
    if has[3] and has[5]:
        if not is_null_or_empty(source):
            return source
        group = _group_name(inv, compiled)
        fallback = _replacement_source(inv)
        match = compiled.search(fallback) if fallback is not None else None
        return match.group(group) if match and match.group(group) is not None else None
    if not has[4]:
        inv.fail(f"regexPattern needs replacementValue or replacementAttributeName. {_MODES}")
    if source is None:
        return None
    substitute = dotnet_substituter(inv.text(4) or "", compiled)
    if not has[3]:
        return compiled.sub(substitute, source)
    group = _group_name(inv, compiled)
    pieces: list[str] = []
    last = 0
    for match in compiled.finditer(source):
        if match.group(group) is None:
            continue
        start, end = match.span(group)
        pieces.extend((source[last:start], substitute(match)))
        last = end
    pieces.append(source[last:])
    return "".join(pieces)
