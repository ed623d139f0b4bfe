"""Conversion between parsed trees and Microsoft Graph's attributeMappingSource JSON.

Graph stores an expression twice: as text (``expression``) and as a tree of
``{expression, name, type: Attribute|Constant|Function, parameters: [{key, value}]}``.
Reading a tree, the text is authoritative when present (it keeps literal forms such as
``1`` versus ``"1"``), and the parameters must agree with it; without text the tree is
rebuilt from the parameters, positioned by the function's documented parameter names.

Comparisons (``[a] = "x"`` inside IIF) have no documented Graph form; provlab stores
them as a Function node named after the operator with ``left`` and ``right`` parameters.
"""

from __future__ import annotations

from typing import Any

from .errors import ExpressionSyntaxError, GraphTreeError
from .formatter import format_expression, quote
from .functions import FUNCTIONS
from .nodes import (
    COMPARISON_OPERATORS,
    Attribute,
    Call,
    Comparison,
    NamedConstant,
    Node,
    NumberLiteral,
    StringLiteral,
    literal_text,
)
from .parser import MAX_NESTING, parse

NODE_TYPES = ("Attribute", "Constant", "Function")


def to_graph(node: Node) -> dict[str, Any]:
    """A Graph ``attributeMappingSource`` object for a parsed tree."""
    if isinstance(node, Attribute):
        return _graph_node(f"[{node.name}]", node.name, "Attribute", [])
    if isinstance(node, StringLiteral | NumberLiteral | NamedConstant):
        value = literal_text(node)
        return _graph_node(quote(value), value, "Constant", [])
    if isinstance(node, Comparison):
        parameters = [
            {"key": "left", "value": to_graph(node.left)},
            {"key": "right", "value": to_graph(node.right)},
        ]
        return _graph_node(format_expression(node), node.op, "Function", parameters)
    spec = FUNCTIONS[node.name]
    parameters = [
        {"key": spec.key_for(position), "value": to_graph(arg)}
        for position, arg in enumerate(node.args)
        if arg is not None
    ]
    return _graph_node(format_expression(node), node.name, "Function", parameters)


def _graph_node(expression: str, name: str, kind: str, parameters: list[dict[str, Any]]) -> dict[str, Any]:
    return {"expression": expression, "name": name, "type": kind, "parameters": parameters}


def from_graph(source: dict[str, Any], *, path: str = "source") -> Node:
    """A parsed tree from a Graph ``attributeMappingSource``; raises :class:`GraphTreeError`."""
    if not isinstance(source, dict):
        raise GraphTreeError(path, f"expected an object, got {type(source).__name__}")
    text = source.get("expression")
    if text in (None, ""):
        return _build(source, path, depth=0, strict=True)
    # With text, parameters only need to agree with it: keys may be spelled differently
    # (repeated arguments have no documented key names), so they are compared in order.
    from_parameters = _build(source, path, depth=0, strict=False)
    if not isinstance(text, str):
        raise GraphTreeError(f"{path}.expression", "must be a string")
    try:
        from_text = parse(text)
    except ExpressionSyntaxError as exc:
        raise GraphTreeError(f"{path}.expression", f"does not parse: {exc}") from None
    mismatch = _disagreement(from_text, from_parameters, path)
    if mismatch:
        raise GraphTreeError(mismatch[0], f"the expression text and the parameters disagree: {mismatch[1]}")
    return from_text


def _build(source: dict[str, Any], path: str, depth: int, *, strict: bool) -> Node:
    if depth > MAX_NESTING:
        raise GraphTreeError(path, f"nested more than {MAX_NESTING} levels deep")
    kind, name = source.get("type"), source.get("name")
    if kind not in NODE_TYPES:
        raise GraphTreeError(f"{path}.type", f"must be one of {', '.join(NODE_TYPES)}, got {kind!r}")
    if not isinstance(name, str):
        raise GraphTreeError(f"{path}.name", "must be a string")
    if kind == "Attribute":
        return Attribute(name)
    if kind == "Constant":
        return StringLiteral(name)
    raw_parameters = source.get("parameters") or []
    if not isinstance(raw_parameters, list):
        raise GraphTreeError(f"{path}.parameters", "must be a list of {key, value} objects")
    children: list[tuple[str, Node]] = []
    for index, parameter in enumerate(raw_parameters):
        where = f"{path}.parameters[{index}]"
        if not isinstance(parameter, dict) or not isinstance(parameter.get("value"), dict):
            raise GraphTreeError(where, "must be an object with 'key' and 'value'")
        child = _build(parameter["value"], f"{where}.value", depth + 1, strict=strict)
        children.append((str(parameter.get("key", "")), child))
    if name in COMPARISON_OPERATORS:
        keyed = dict(children)
        if set(keyed) != {"left", "right"}:
            raise GraphTreeError(
                f"{path}.parameters", f"comparison {name!r} needs 'left' and 'right' parameters"
            )
        return Comparison(name, keyed["left"], keyed["right"])
    spec = FUNCTIONS.get(name)
    if spec is None:
        raise GraphTreeError(f"{path}.name", f"unknown function {name!r}")
    positions = [spec.position_for(key) for key, _ in children]
    if not strict or None in positions:  # unfamiliar key names: trust the order Graph listed them in
        args: list[Node | None] = [node for _, node in children]
    else:
        args = [None] * (max(positions, default=-1) + 1)  # type: ignore[type-var, operator]
        for position, (_, node) in zip(positions, children, strict=True):
            args[position] = node  # type: ignore[index]
    problem = spec.arity_problem(len(args)) if strict else None
    if problem:
        raise GraphTreeError(f"{path}.parameters", f"{name} {problem}")
    return Call(name, tuple(args))


def _disagreement(text_node: Node | None, tree_node: Node | None, path: str) -> tuple[str, str] | None:
    """Where text and parameter tree differ; constants compare by their text, omitted args are skipped."""
    if isinstance(text_node, StringLiteral | NumberLiteral | NamedConstant) and isinstance(
        tree_node, StringLiteral
    ):
        same = literal_text(text_node) == tree_node.value
        return None if same else (path, f"constant {literal_text(text_node)!r} vs {tree_node.value!r}")
    if isinstance(text_node, Call) and isinstance(tree_node, Call) and text_node.name == tree_node.name:
        given = [arg for arg in text_node.args if arg is not None]
        listed = [arg for arg in tree_node.args if arg is not None]
        if len(given) != len(listed):
            return (
                path,
                f"{text_node.name} has {len(given)} argument(s) in the text but {len(listed)} parameter(s)",
            )
        for index, (a, b) in enumerate(zip(given, listed, strict=True)):
            found = _disagreement(a, b, f"{path}.parameters[{index}].value")
            if found:
                return found
        return None
    if (
        isinstance(text_node, Comparison)
        and isinstance(tree_node, Comparison)
        and text_node.op == tree_node.op
    ):
        return _disagreement(text_node.left, tree_node.left, f"{path}.parameters[0].value") or _disagreement(
            text_node.right, tree_node.right, f"{path}.parameters[1].value"
        )
    if text_node == tree_node:
        return None
    return path, f"{format_expression(text_node)!r} vs {format_expression(tree_node)!r}"
