"""Tree → text in canonical form: ``Name(arg, , arg)``, strings re-escaped, numbers as written."""

from __future__ import annotations

from .nodes import Attribute, Call, Comparison, NamedConstant, Node, NumberLiteral, StringLiteral


def quote(value: str) -> str:
    """A string constant with the language's two escapes applied."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def format_expression(node: Node | None) -> str:
    """Render a tree as expression text; parsing the result gives an equal tree."""
    if node is None:
        return ""
    if isinstance(node, Attribute):
        return f"[{node.name}]"
    if isinstance(node, StringLiteral):
        return quote(node.value)
    if isinstance(node, NumberLiteral):
        return node.text
    if isinstance(node, NamedConstant):
        return node.name
    if isinstance(node, Comparison):
        return f"{format_expression(node.left)} {node.op} {format_expression(node.right)}"
    if isinstance(node, Call):
        return f"{node.name}({', '.join(format_expression(arg) for arg in node.args)})"
    raise TypeError(f"not an expression node: {node!r}")
