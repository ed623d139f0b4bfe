"""Recursive-descent parser: text → :mod:`nodes` tree, with exact line/column errors.

Nesting is bounded (:data:`MAX_NESTING`) so hostile input gets a clear error instead of
exhausting Python's stack; Entra's own 10,000-character limit is enforced the same way.
"""

from __future__ import annotations

import difflib

from .errors import ExpressionSyntaxError
from .functions import FUNCTIONS
from .lexer import MAX_EXPRESSION_LENGTH, Token, tokenize
from .nodes import (
    Attribute,
    Call,
    Comparison,
    NamedConstant,
    Node,
    NumberLiteral,
    Span,
    StringLiteral,
)

MAX_NESTING = 100  # function calls inside function calls; real mappings stay far below this

# VBA constants the documented examples use as bare words (InStr's compareType).
NAMED_CONSTANTS = frozenset({"vbBinaryCompare", "vbTextCompare"})

_OPERAND = 'a function call, an [attribute], a "string" or a number'


def parse(text: str, *, max_length: int = MAX_EXPRESSION_LENGTH) -> Node:
    """Parse an Entra mapping expression; raises :class:`ExpressionSyntaxError` on bad input."""
    if not isinstance(text, str):
        raise TypeError(f"expression must be a str, not {type(text).__name__}")
    if len(text) > max_length:
        raise ExpressionSyntaxError(
            f"the expression is {len(text):,} characters long; Entra accepts at most {max_length:,}",
            text,
            max_length,
        )
    return _Parser(text).parse_expression()


def _describe(token: Token) -> str:
    return "the end of the expression" if token.kind == "eof" else repr(token.text)


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.index = 0
        self.depth = 0

    # -- token helpers -------------------------------------------------------------------
    def peek(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        if token.kind != "eof":
            self.index += 1
        return token

    def error(self, message: str, token: Token, expected: str | None = None) -> ExpressionSyntaxError:
        return ExpressionSyntaxError(message, self.text, token.start, expected=expected)

    # -- grammar -------------------------------------------------------------------------
    def parse_expression(self) -> Node:
        if self.peek().kind == "eof":
            raise self.error(f"the expression is empty; expected {_OPERAND}", self.peek(), _OPERAND)
        node = self.parse_argument(top_level=True)
        trailing = self.peek()
        if trailing.kind != "eof":
            hint = " (a ')' without a matching '(')" if trailing.kind == ")" else ""
            raise self.error(
                f"unexpected {_describe(trailing)} after the end of the expression{hint}",
                trailing,
                "the end of the expression",
            )
        return node

    def parse_argument(self, *, top_level: bool = False) -> Node:
        left = self.parse_operand(top_level=top_level)
        if self.peek().kind != "op":
            return left
        op = self.advance()
        right = self.parse_operand(top_level=False)
        if self.peek().kind == "op":
            raise self.error(
                "comparisons cannot be chained, and there is no AND/OR; nest IIF calls instead",
                self.peek(),
                "',' or ')'",
            )
        span = Span(_start(left), _end(right))
        return Comparison(op.value, left, right, span)  # type: ignore[arg-type]

    def parse_operand(self, *, top_level: bool) -> Node:
        token = self.advance()
        span = Span(token.start, token.end)
        if token.kind == "string":
            return StringLiteral(token.value, span)  # type: ignore[arg-type]
        if token.kind == "number":
            return NumberLiteral(token.text, token.value, span)  # type: ignore[arg-type]
        if token.kind == "attribute":
            return Attribute(token.value, span)  # type: ignore[arg-type]
        if token.kind == "ident":
            if self.peek().kind == "(":
                return self.parse_call(token, top_level=top_level)
            if token.text in NAMED_CONSTANTS:
                return NamedConstant(token.text, span)
            if token.text in FUNCTIONS:
                raise self.error(
                    f"{token.text} is a function; call it with parentheses, e.g. {token.text}(…)",
                    token,
                    "'('",
                )
            raise self.error(
                f"unknown name {token.text!r}: attributes go in square brackets ([{token.text}]) and "
                f'strings in double quotes ("{token.text}")',
                token,
                _OPERAND,
            )
        raise self.error(f"expected {_OPERAND}, found {_describe(token)}", token, _OPERAND)

    def parse_call(self, name: Token, *, top_level: bool) -> Call:
        spec = FUNCTIONS.get(name.text)
        if spec is None:
            raise self.error(_unknown_function_message(name.text), name, "a documented function name")
        if spec.top_level_only and not top_level:
            raise self.error(f"{name.text} must be the whole expression; it cannot be nested", name)
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise self.error(
                f"functions are nested more than {MAX_NESTING} levels deep; simplify the expression",
                name,
            )
        opening = self.advance()  # the "(" the caller saw
        args: list[Node | None] = []
        if self.peek().kind == ")":
            closing = self.advance()
        else:
            while True:
                if self.peek().kind in (",", ")"):
                    args.append(None)  # an omitted optional argument
                elif self.peek().kind == "eof":
                    raise self._unclosed(name, opening)
                else:
                    args.append(self.parse_argument())
                separator = self.advance()
                if separator.kind == ",":
                    continue
                if separator.kind == ")":
                    closing = separator
                    break
                if separator.kind == "eof":
                    raise self._unclosed(name, opening)
                found = _describe(separator)
                raise self.error(
                    f"expected ',' or ')' after argument {len(args)} of {name.text}, found {found}",
                    separator,
                    "',' or ')'",
                )
        self.depth -= 1
        problem = spec.arity_problem(len(args))
        if problem:
            raise self.error(f"{name.text} {problem}", name, "a different number of arguments")
        for position in range(min(len(spec.params), len(args))):
            if args[position] is None and not spec.may_omit(position):
                raise self.error(
                    f"{name.text}: argument {position + 1} ({spec.params[position]}) is required but empty",
                    name,
                    spec.params[position],
                )
        return Call(name.text, tuple(args), Span(name.start, closing.end))

    def _unclosed(self, name: Token, opening: Token) -> ExpressionSyntaxError:
        line = self.text.count("\n", 0, opening.start) + 1
        column = opening.start - (self.text.rfind("\n", 0, opening.start) + 1) + 1
        return self.error(
            f"missing ')' to close {name.text}( opened at line {line}, column {column}",
            self.peek(),
            "')'",
        )


def _unknown_function_message(name: str) -> str:
    by_case = [known for known in FUNCTIONS if known.lower() == name.lower()]
    if by_case:
        return f"unknown function {name!r}: names are case-sensitive, did you mean {by_case[0]}?"
    close = difflib.get_close_matches(name, FUNCTIONS, n=1)
    hint = f"; did you mean {close[0]}?" if close else "; see docs/expressions.md for the list"
    return f"unknown function {name!r}{hint}"


def _start(node: Node) -> int:
    return node.span.start if node.span else 0


def _end(node: Node) -> int:
    return node.span.end if node.span else 0
