"""Entra's attribute-mapping expression language, evaluated exactly as Microsoft documents it.

    >>> evaluate('ToUpper(Word([userPrincipalName], 1, "@"), )', {"userPrincipalName": "jsmith@contoso.com"})
    'JSMITH'

``parse`` gives a tree (:mod:`.nodes`) that converts to and from Graph JSON
(:func:`to_graph` / :func:`from_graph`) and back to text (:func:`format_expression`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import UTC, datetime

from .context import (
    KNOWN_QUIRKS,
    QUIRK_IIF_FAILS_ON_NULL,
    QUIRK_SWITCH_NULL_WHEN_SOURCE_UNCHANGED,
    EvaluationContext,
)
from .errors import (
    EscrowError,
    ExpressionError,
    ExpressionEvaluationError,
    ExpressionSyntaxError,
    GraphTreeError,
)
from .evaluator import REDACTED_MARK, Evaluation, Evaluator
from .formatter import format_expression
from .functions import FUNCTIONS
from .graph_tree import from_graph, to_graph
from .nodes import Node, attributes_referenced
from .parser import MAX_NESTING, parse

__all__ = [
    "FUNCTIONS",
    "KNOWN_QUIRKS",
    "MAX_NESTING",
    "QUIRK_IIF_FAILS_ON_NULL",
    "QUIRK_SWITCH_NULL_WHEN_SOURCE_UNCHANGED",
    "REDACTED_MARK",
    "EscrowError",
    "Evaluation",
    "EvaluationContext",
    "ExpressionError",
    "ExpressionEvaluationError",
    "ExpressionSyntaxError",
    "GraphTreeError",
    "Node",
    "attributes_referenced",
    "evaluate",
    "evaluate_detailed",
    "evaluate_tree",
    "format_expression",
    "from_graph",
    "parse",
    "to_graph",
]


def _context(now: datetime | None, context: EvaluationContext | None) -> EvaluationContext:
    context = context or EvaluationContext()
    if now is None:
        return context
    fixed = now if now.tzinfo else now.replace(tzinfo=UTC)
    return dataclasses.replace(context, now=lambda: fixed)  # the caller's context stays untouched


def evaluate_tree(
    tree: Node, attributes: Mapping[str, object], context: EvaluationContext | None = None
) -> Evaluation:
    """Evaluate an already-parsed tree (mappings parse once and evaluate per user)."""
    return Evaluator(attributes, context or EvaluationContext()).run(tree)


def evaluate_detailed(
    expression: str,
    attributes: Mapping[str, object],
    *,
    now: datetime | None = None,
    context: EvaluationContext | None = None,
) -> Evaluation:
    """Like :func:`evaluate`, also telling whether the value flows, is redacted, and any warnings."""
    return evaluate_tree(parse(expression), attributes, _context(now, context))


def evaluate(
    expression: str,
    attributes: Mapping[str, object],
    *,
    now: datetime | None = None,
    context: EvaluationContext | None = None,
) -> object:
    """The value Entra computes for ``expression`` given one user's source ``attributes``.

    ``None`` means null (or dropped by IgnoreFlowIfNullOrEmpty). ``now`` fixes ``Now()``;
    ``context`` injects GUIDs, randomness, the uniqueness check and quirks.
    """
    return evaluate_detailed(expression, attributes, now=now, context=context).value
