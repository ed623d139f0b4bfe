"""Which operations of a document go into the template: chosen by ``--operation`` selectors (for
CI) or by number at a prompt (as the MIM tool lets one tick operations).

A selector is an operationId (``listUsers``), a method and path (``'GET /users/{id}'``) or a path
alone (``/users``, every method on it), each with ``*``/``?`` wildcards allowed. Operations are
written in the order they are chosen. A selector naming one operation exactly that cannot be used
is refused with the reasons; a wildcard leaves such operations out and says so.
"""

from __future__ import annotations

from fnmatch import fnmatchcase

from connector.discovery.errors import DiscoveryError, OpenApiRefusedError
from connector.discovery.openapi_operations import OpenApiOperation


def _matches(selector: str, operation: OpenApiOperation) -> bool:
    if " " in selector.strip():
        verb, path = selector.strip().split(None, 1)
        return fnmatchcase(operation.verb, verb.upper()) and fnmatchcase(operation.path, path.strip())
    if selector.startswith("/"):
        return fnmatchcase(operation.path, selector)
    return bool(operation.operation_id) and fnmatchcase(operation.operation_id, selector)


def _is_pattern(selector: str) -> bool:
    return any(c in selector for c in "*?[")


def select_operations(
    operations: list[OpenApiOperation], selectors: list[str]
) -> tuple[list[OpenApiOperation], list[OpenApiOperation]]:
    """The operations ``selectors`` choose, in their order, and those a wildcard left out as unusable."""
    chosen: list[OpenApiOperation] = []
    left_out: list[OpenApiOperation] = []
    for selector in selectors:
        matched = [op for op in operations if _matches(selector, op)]
        if not matched:
            raise DiscoveryError(
                f"--operation {selector!r} matches no operation of the document. Its operations:\n"
                + "\n".join(f"  {op.label}" for op in operations)
            )
        unusable = [op for op in matched if not op.usable]
        if unusable and not _is_pattern(selector):
            refusals = [r for op in unusable for r in op.refusals]
            raise OpenApiRefusedError(
                f"--operation {selector!r}: {', '.join(op.label for op in unusable)} "
                "cannot be used in a template",
                refusals,
            )
        usable = [op for op in matched if op.usable]
        if not usable:
            raise OpenApiRefusedError(
                f"--operation {selector!r}: every operation it matches is one a template cannot use",
                [r for op in unusable for r in op.refusals],
            )
        chosen += [op for op in usable if op not in chosen]
        left_out += [op for op in unusable if op not in left_out]
    return chosen, left_out


def parse_choice(text: str, operations: list[OpenApiOperation]) -> list[OpenApiOperation]:
    """``1,3-5`` or ``all`` at the prompt: numbers as :func:`operation_table` shows them."""
    usable = [op for op in operations if op.usable]
    words = text.replace(",", " ").split()
    if [w.lower() for w in words] == ["all"]:
        return usable
    chosen: list[OpenApiOperation] = []
    for word in words:
        first, _, last = word.partition("-")
        if not first.isdigit() or (last and not last.isdigit()):
            raise ValueError(f"{word!r} is not a number or a range like 3-5")
        low, high = int(first), int(last or first)
        if not 1 <= low <= high <= len(usable):
            raise ValueError(f"{word!r}: choose between 1 and {len(usable)}")
        chosen += [op for op in usable[low - 1 : high] if op not in chosen]
    return chosen


def operation_table(operations: list[OpenApiOperation]) -> list[str]:
    """The operations, usable ones numbered (what :func:`parse_choice` reads), the others with why not."""
    width = max((len(op.path) for op in operations), default=0)
    lines = []
    number = 0
    for op in operations:
        if op.usable:
            number += 1
            mark = f"{number:3d}."
        else:
            mark = "   -"
        described = f"{op.operation_id or '-':20s} {op.summary}".rstrip()
        lines.append(f"{mark} {op.verb:6s} {op.path:{width}s}  {described}")
        for refusal in op.refusals:
            lines.append(f"        cannot be used: {refusal}")
    return lines
