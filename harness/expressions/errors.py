"""Errors of the expression language: where the text is wrong, or why a value could not be computed."""

from __future__ import annotations


class ExpressionError(Exception):
    """Base class of every error raised by :mod:`harness.expressions`."""


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text`` (expressions may span lines)."""
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


class ExpressionSyntaxError(ExpressionError):
    """The text is not a valid expression; ``line``/``column`` point at the offending character."""

    def __init__(self, message: str, text: str, offset: int, *, expected: str | None = None) -> None:
        self.reason = message
        self.text = text
        self.offset = offset
        self.expected = expected
        self.line, self.column = line_and_column(text, offset)
        super().__init__(self._render())

    def _render(self) -> str:
        lines = self.text.split("\n")
        source_line = lines[self.line - 1] if self.line - 1 < len(lines) else ""
        if len(source_line) > 100:  # keep the caret readable on long one-line expressions
            start = max(0, self.column - 50)
            snippet, caret_at = source_line[start : start + 100], self.column - start
        else:
            snippet, caret_at = source_line, self.column
        return (
            f"line {self.line}, column {self.column}: {self.reason}\n  {snippet}\n  {' ' * (caret_at - 1)}^"
        )


class ExpressionEvaluationError(ExpressionError):
    """A syntactically valid expression cannot be computed for these attribute values."""

    def __init__(self, function: str | None, message: str) -> None:
        self.function = function
        self.reason = message
        super().__init__(f"{function}: {message}" if function else message)


class EscrowError(ExpressionEvaluationError):
    """``SelectUniqueValue`` found no unique candidate: Entra escrows the object and logs the reason."""


class GraphTreeError(ExpressionError):
    """A Graph JSON expression tree is malformed or disagrees with its ``expression`` text."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        super().__init__(f"{path}: {message}")


class FlowIgnored(Exception):  # noqa: N818 - a control-flow signal, not an error
    """Raised by IgnoreFlowIfNullOrEmpty: the attribute leaves the flow altogether."""
