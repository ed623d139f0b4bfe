"""The expression tree produced by the parser.

Nodes are immutable and compare by meaning only: the source span is kept for error
messages but ignored by ``==``, so a tree parsed from text equals the same tree rebuilt
from Graph JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    """Character offsets ``[start, end)`` of a node in the expression text."""

    start: int
    end: int


@dataclass(frozen=True)
class Attribute:
    """A source attribute reference, ``[name]``."""

    name: str
    span: Span | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class StringLiteral:
    """A double-quoted string constant (escapes already resolved)."""

    value: str
    span: Span | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class NumberLiteral:
    """A number as written (``7``, ``-10``, ``&HF7``); ``value`` is the integer it denotes."""

    text: str
    value: int
    span: Span | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class NamedConstant:
    """A bare VBA-style constant such as ``vbBinaryCompare``."""

    name: str
    span: Span | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Call:
    """A function call. ``args`` keeps omitted arguments as ``None`` in their positions."""

    name: str
    args: tuple[Node | None, ...]
    span: Span | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Comparison:
    """``left op right`` with op one of ``= <> > >= < <=`` (IIF conditions, CBool)."""

    op: str
    left: Node
    right: Node
    span: Span | None = field(default=None, compare=False, repr=False)


Node = Attribute | StringLiteral | NumberLiteral | NamedConstant | Call | Comparison
Literal = StringLiteral | NumberLiteral | NamedConstant

COMPARISON_OPERATORS = ("=", "<>", ">", ">=", "<", "<=")


def literal_text(node: Literal) -> str:
    """The string a constant stands for (what Graph stores as the Constant's ``name``)."""
    if isinstance(node, StringLiteral):
        return node.value
    if isinstance(node, NumberLiteral):
        return node.text
    return node.name


def attributes_referenced(node: Node | None) -> set[str]:
    """Every attribute name a (sub)tree reads; mappings use it to know what an expression depends on."""
    found: set[str] = set()
    stack: list[Node | None] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, Attribute):
            found.add(current.name)
        elif isinstance(current, Call):
            stack.extend(current.args)
        elif isinstance(current, Comparison):
            stack.extend((current.left, current.right))
    return found
