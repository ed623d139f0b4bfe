"""Walks a parsed tree against one user's attributes and returns what Entra would flow."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .context import QUIRK_IIF_FAILS_ON_NULL, EvaluationContext
from .errors import ExpressionEvaluationError, FlowIgnored
from .functions import FUNCTIONS
from .functions.registry import Argument, Invocation
from .nodes import Attribute, Call, Comparison, NamedConstant, Node, NumberLiteral, StringLiteral
from .values import is_null_or_empty, is_number, to_int, to_text

REDACTED_MARK = "[Redact]"  # what Entra's provisioning logs show for Redact(...)

# VBA's values for the named constants (InStr compares on them).
NAMED_CONSTANT_VALUES = {"vbBinaryCompare": 0, "vbTextCompare": 1}


@dataclass(frozen=True)
class Evaluation:
    """The outcome of one expression for one user.

    ``flows`` is False when IgnoreFlowIfNullOrEmpty dropped the attribute; ``redacted`` when
    the value must show as ``[Redact]`` in logs; ``warnings`` explain risky constructs met.
    """

    value: object
    flows: bool = True
    redacted: bool = False
    warnings: tuple[str, ...] = ()

    @property
    def log_value(self) -> object:
        """The value as a provisioning log may show it."""
        return REDACTED_MARK if self.redacted and self.value is not None else self.value


class Evaluator:
    """One evaluation run: attributes, context and the warnings it collects."""

    def __init__(self, attributes: Mapping[str, object], context: EvaluationContext) -> None:
        self.attributes = attributes
        self.context = context
        self.warnings: list[str] = []
        self.redacted = False

    def run(self, node: Node) -> Evaluation:
        try:
            value = self.value_of(node)
        except FlowIgnored:
            return Evaluation(None, flows=False, redacted=self.redacted, warnings=tuple(self.warnings))
        return Evaluation(value, redacted=self.redacted, warnings=tuple(self.warnings))

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def lookup(self, name: str) -> object:
        """An attribute's value; names are matched exactly, then case-insensitively as Entra does."""
        if name in self.attributes:
            return self.attributes[name]
        lowered = name.lower()
        for key, value in self.attributes.items():
            if key.lower() == lowered:
                return value
        return None

    def value_of(self, node: Node) -> object:
        if isinstance(node, Attribute):
            return self.lookup(node.name)
        if isinstance(node, StringLiteral):
            return node.value
        if isinstance(node, NumberLiteral):
            return node.value
        if isinstance(node, NamedConstant):
            return NAMED_CONSTANT_VALUES[node.name]
        if isinstance(node, Comparison):
            return self.compare(node)
        if isinstance(node, Call):
            return self.call(node)
        raise TypeError(f"not an expression node: {node!r}")

    def call(self, node: Call) -> object:
        spec = FUNCTIONS.get(node.name)
        if spec is None:
            raise ExpressionEvaluationError(node.name, "unknown function")
        args = tuple(None if arg is None else Argument(arg, self._thunk(arg)) for arg in node.args)
        invocation = Invocation(node.name, args, self.context, self.attributes, self.warn)
        result = spec.impl(invocation)
        if node.name == "Redact":
            self.redacted = True
        return result

    def _thunk(self, node: Node):
        return lambda: self.value_of(node)

    def compare(self, node: Comparison) -> bool:
        left, right = self.value_of(node.left), self.value_of(node.right)
        for side, value in ((node.left, left), (node.right, right)):
            if isinstance(side, Attribute) and is_null_or_empty(value):
                message = (
                    f"the condition reads [{side.name}], which is null or empty; Entra documents that IIF "
                    f'conditions fail then (use Switch with a "" key instead)'
                )
                if QUIRK_IIF_FAILS_ON_NULL in self.context.quirks:
                    raise ExpressionEvaluationError("IIF", message)
                self.warn(message)
        return compare_values(node.op, left, right)


def compare_values(op: str, left: object, right: object) -> bool:
    """Numbers compare numerically, everything else as case-sensitive text; null reads as ""."""
    if is_number(left) and is_number(right):
        a: object = to_int(left, "IIF", "left operand")
        b: object = to_int(right, "IIF", "right operand")
    else:
        a, b = to_text(left, "IIF") or "", to_text(right, "IIF") or ""
    if op == "=":
        return a == b
    if op == "<>":
        return a != b
    if op == ">":
        return a > b  # type: ignore[operator]
    if op == ">=":
        return a >= b  # type: ignore[operator]
    if op == "<":
        return a < b  # type: ignore[operator]
    return a <= b  # type: ignore[operator]
