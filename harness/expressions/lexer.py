"""Tokeniser for Entra's VBA-like mapping expressions.

Hand-written rather than generated: the grammar is a dozen token kinds, and a small
scanner gives exact line/column errors with advice, which parser generators make hard.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import ExpressionSyntaxError

MAX_EXPRESSION_LENGTH = 10_000  # Entra's documented limit on one expression


@dataclass(frozen=True)
class Token:
    kind: str  # "(" ")" "," "string" "number" "ident" "attribute" "op" "eof"
    text: str  # the characters as written
    value: object  # the decoded value (string contents, int, attribute name, ...)
    start: int
    end: int


_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_DECIMAL = re.compile(r"-?[0-9]+")
_HEX = re.compile(r"&[Hh]([0-9A-Fa-f]+)")
_ESCAPABLE = {'"': '"', "\\": "\\"}


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens, ending with an ``eof`` token."""
    tokens: list[Token] = []
    pos, length = 0, len(text)
    while pos < length:
        char = text[pos]
        if char.isspace():
            pos += 1
        elif char in "(),":
            tokens.append(Token(char, char, char, pos, pos + 1))
            pos += 1
        elif char == '"':
            token = _string(text, pos)
            tokens.append(token)
            pos = token.end
        elif char == "[":
            token = _attribute(text, pos)
            tokens.append(token)
            pos = token.end
        elif char in "=<>":
            op = text[pos : pos + 2] if text[pos : pos + 2] in ("<>", "<=", ">=") else char
            tokens.append(Token("op", op, op, pos, pos + len(op)))
            pos += len(op)
        elif char == "&":
            match = _HEX.match(text, pos)
            if not match:
                raise ExpressionSyntaxError(
                    "'&' starts a hexadecimal number and must be followed by H and hex digits, as in &HF7",
                    text,
                    pos,
                    expected="&H<hex digits>",
                )
            tokens.append(Token("number", match.group(0), int(match.group(1), 16), pos, match.end()))
            pos = match.end()
        elif char.isdigit() or (char == "-" and pos + 1 < length and text[pos + 1].isdigit()):
            match = _DECIMAL.match(text, pos)
            assert match is not None  # guarded by the branch condition
            if match.end() < length and text[match.end()] == ".":
                raise ExpressionSyntaxError(
                    'decimal numbers are not part of the language; write the value as a string, e.g. "1.5"',
                    text,
                    match.end(),
                )
            tokens.append(Token("number", match.group(0), int(match.group(0)), pos, match.end()))
            pos = match.end()
        elif _IDENT.match(text, pos):
            match = _IDENT.match(text, pos)
            assert match is not None
            tokens.append(Token("ident", match.group(0), match.group(0), pos, match.end()))
            pos = match.end()
        else:
            raise ExpressionSyntaxError(
                f"unexpected character {char!r}",
                text,
                pos,
                expected='a function name, [attribute], "string" or number',
            )
    tokens.append(Token("eof", "", None, length, length))
    return tokens


def _string(text: str, start: int) -> Token:
    chars: list[str] = []
    pos = start + 1
    while pos < len(text):
        char = text[pos]
        if char == '"':
            return Token("string", text[start : pos + 1], "".join(chars), start, pos + 1)
        if char == "\\":
            if pos + 1 >= len(text):
                break
            escaped = text[pos + 1]
            if escaped not in _ESCAPABLE:
                raise ExpressionSyntaxError(
                    f"unknown escape '\\{escaped}' in a string: only \\\" and \\\\ are escapes; "
                    f"write '\\\\{escaped}' for a literal backslash followed by {escaped!r}",
                    text,
                    pos,
                    expected='\\" or \\\\',
                )
            chars.append(_ESCAPABLE[escaped])
            pos += 2
            continue
        chars.append(char)
        pos += 1
    raise ExpressionSyntaxError(
        "this string is never closed; add the closing '\"' (write \\\" for a quote inside a string)",
        text,
        start,
        expected='"',
    )


def _attribute(text: str, start: int) -> Token:
    end = text.find("]", start + 1)
    newline = text.find("\n", start + 1)
    if end < 0 or (0 <= newline < end):
        raise ExpressionSyntaxError(
            "this attribute reference is never closed; add ']'", text, start, expected="]"
        )
    name = text[start + 1 : end]
    if not name.strip():
        raise ExpressionSyntaxError(
            "empty attribute reference '[]'; write the attribute name, e.g. [userPrincipalName]",
            text,
            start,
            expected="an attribute name",
        )
    return Token("attribute", text[start : end + 1], name, start, end + 1)
