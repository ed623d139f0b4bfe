"""The parser: documented syntax, exact error positions, Entra's length limit, bounded nesting."""

from __future__ import annotations

import pytest

from harness.expressions import MAX_NESTING, ExpressionSyntaxError, format_expression, parse
from harness.expressions.nodes import Attribute, Call, Comparison, NamedConstant, NumberLiteral, StringLiteral


def test_parses_nested_calls_with_empty_optional_arguments() -> None:
    tree = parse('ToUpper(Word([userPrincipalName], 1, "@"), )')
    assert tree == Call(
        "ToUpper",
        (Call("Word", (Attribute("userPrincipalName"), NumberLiteral("1", 1), StringLiteral("@"))), None),
    )


def test_literal_forms_of_the_documented_examples() -> None:
    assert parse("BitAnd(&HF, &hF7)") == Call(
        "BitAnd", (NumberLiteral("&HF", 15), NumberLiteral("&hF7", 247))
    )
    assert parse('InStr("a","b",3,vbBinaryCompare)').args[3] == NamedConstant("vbBinaryCompare")
    assert parse('DateAdd("d", -10, Now())').args[1] == NumberLiteral("-10", -10)
    assert parse('"a \\"quoted\\" \\\\ back"') == StringLiteral('a "quoted" \\ back')


@pytest.mark.parametrize("op", ["=", "<>", ">", ">=", "<", "<="])
def test_every_comparison_operator_inside_iif(op: str) -> None:
    tree = parse(f'IIF([a]{op}"1", "y", "n")')
    assert tree.args[0] == Comparison(op, Attribute("a"), StringLiteral("1"))


def test_multiline_expression_and_whitespace() -> None:
    text = 'Switch([Active], , \n  "1", "yes",\n\t"0", "no")'
    assert len(parse(text).args) == 6


@pytest.mark.parametrize(
    ("text", "line", "column", "fragment"),
    [
        ('Word("x", 3', 1, 12, "missing ')' to close Word( opened at line 1, column 5"),
        ('Word("x" 3, " ")', 1, 10, "expected ',' or ')' after argument 1 of Word"),
        ('Append([a], "b)', 1, 13, "never closed"),
        ('Append([a, "b")', 1, 8, "attribute reference is never closed"),
        ('Append([a], "b"))', 1, 17, "')' without a matching '('"),
        ("ToUpper(\n  Word([x], 1, @))", 2, 16, "unexpected character '@'"),
        ('Replace([x], , "\\d", , "", , )', 1, 17, "unknown escape"),
        ('Apend([a], "b")', 1, 1, "did you mean Append"),
        ("isnullorempty([a])", 1, 1, "case-sensitive, did you mean IsNullOrEmpty"),
        ('Switch([a], "d", "k")', 1, 1, "must come in pairs"),
        ("Word([a], 1)", 1, 1, "needs at least 3"),
        ("Guid(1)", 1, 1, "takes at most 0"),
        ('Word([a], , " ")', 1, 1, "argument 2 (WordNumber) is required"),
        ("IIF([a] = [b] = [c], 1, 2)", 1, 15, "cannot be chained"),
        ('Append(userPrincipalName, "x")', 1, 8, "attributes go in square brackets"),
        ("[]", 1, 1, "empty attribute reference"),
        ("", 1, 1, "the expression is empty"),
        ('Mid("abc", 1.5, 1)', 1, 13, "decimal numbers"),
        ("Left([a], 2) [b]", 1, 14, "after the end of the expression"),
        ("ToUpper", 1, 1, "is a function; call it with parentheses"),
    ],
)
def test_errors_point_at_line_and_column(text: str, line: int, column: int, fragment: str) -> None:
    with pytest.raises(ExpressionSyntaxError) as caught:
        parse(text)
    error = caught.value
    assert (error.line, error.column) == (line, column), str(error)
    assert fragment in str(error)
    assert "^" in str(error)  # the caret line under the source


def test_a_10000_character_expression_parses() -> None:
    pairs = ", ".join(f'"k{i:04d}", "v{i:04d}"' for i in range(500))
    head = f"Switch([a], , {pairs}, "
    text = head + '"' + "x" * (10_000 - len(head) - 8) + '", "y")'
    assert len(text) == 10_000
    tree = parse(text)
    assert isinstance(tree, Call) and len(tree.args) == 1004


def test_longer_than_entra_limit_is_refused_clearly() -> None:
    text = 'Append([a], "' + "x" * 10_000 + '")'
    with pytest.raises(ExpressionSyntaxError, match="at most 10,000"):
        parse(text)
    assert parse(text, max_length=20_000).name == "Append"


def test_deep_nesting_gives_a_clear_error_not_a_crash() -> None:
    depth = 5_000
    text = "ToUpper(" * depth + "[a]" + ")" * depth
    with pytest.raises(ExpressionSyntaxError, match=f"more than {MAX_NESTING} levels") as caught:
        parse(text, max_length=len(text))
    assert caught.value.column == MAX_NESTING * len("ToUpper(") + 1


def test_nesting_up_to_the_limit_parses() -> None:
    text = "ToUpper(" * MAX_NESTING + "[a]" + ")" * MAX_NESTING
    assert isinstance(parse(text), Call)


@pytest.mark.parametrize(
    "text",
    [
        'ToUpper(Word([userPrincipalName], 1, "@"), )',
        'Switch([IsSoftDeleted], , "False", "9999-12-31", "True", "1990-01-01")',
        'IIF([country] = "USA", IIF([state] <> "CA", "a\\"b", "c\\\\d"), BitAnd(&HF, -2))',
        'InStr("repEated", "e", 3, vbBinaryCompare)',
        "Guid()",
    ],
)
def test_formatting_round_trips(text: str) -> None:
    tree = parse(text)
    assert parse(format_expression(tree)) == tree
