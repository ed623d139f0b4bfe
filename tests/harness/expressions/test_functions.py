"""Function behaviour beyond the documented examples: null rules, modes, bad input messages."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from harness.expressions import (
    FUNCTIONS,
    EvaluationContext,
    ExpressionEvaluationError,
    evaluate,
    evaluate_detailed,
)

# FUN's function list (43 names) plus AssertiveAppRoleAssignmentsComplex from MAP.
DOCUMENTED = """
    Append AppRoleAssignmentsComplex AssertiveAppRoleAssignmentsComplex BitAnd CBool CDate Coalesce
    ConvertToBase64 ConvertToUTF8Hex Count CStr DateAdd DateDiff DateFromNum FormatDateTime Guid
    IgnoreFlowIfNullOrEmpty IIF InStr IsNull IsNullOrEmpty IsPresent IsString Item Join Left Mid
    NormalizeDiacritics Not Now NumFromDate PCase RandomString Redact RemoveDuplicates Replace
    SelectUniqueValue SingleAppRoleAssignment Split StripSpaces Switch ToLower ToUpper Word
""".split()


def test_every_documented_function_and_nothing_else_is_registered() -> None:
    assert sorted(FUNCTIONS) == sorted(DOCUMENTED)
    assert len(FUNCTIONS) == 44  # FUN lists 43 (the reference file says 44); MAP adds the Assertive one


@pytest.mark.parametrize(
    "expression",
    [
        'Append([x], "s")',
        "ToUpper([x])",
        "ToLower([x])",
        "Mid([x], 1, 2)",
        "StripSpaces([x])",
        "PCase([x])",
        "NormalizeDiacritics([x])",
        "ConvertToBase64([x])",
        "ConvertToUTF8Hex([x])",
        "CStr([x])",
        "CDate([x])",
        'Split([x], ",")',
        'Replace([x], "a", , , "b", , )',
        'FormatDateTime([x], , "yyyy", "yy")',
        "DateFromNum([x])",
        "NumFromDate([x])",
        "RemoveDuplicates([x])",
        'InStr([x], "a")',
        "BitAnd([x], 1)",
        "SingleAppRoleAssignment([x])",
    ],
)
def test_null_source_gives_null(expression: str) -> None:
    assert evaluate(expression, {}) is None


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("Left([x], 2)", ""),
        ('Word([x], 1, " ")', ""),
        ("Count([x])", 0),
        ("IsString([x])", False),
        ("Not([x])", True),
        ("CBool([x])", False),
        ('Join(",", [x], "a")', "a"),
        ("Coalesce([x], [y])", None),
    ],
)
def test_documented_and_chosen_null_results(expression: str, expected: object) -> None:
    assert evaluate(expression, {}) == expected


def test_text_functions_on_values() -> None:
    assert evaluate('Word("a,,b", 2, ",")', {}) == "b"  # empty words are not counted
    assert evaluate('Word("a b", 0, " ")', {}) == ""  # number < 1
    assert evaluate('Word("a b", 5, " ")', {}) == ""  # fewer words
    assert evaluate('InStr("repEated", "e", 3, vbTextCompare)', {}) == 4
    assert evaluate('InStr("abc", "z")', {}) == 0
    assert evaluate('StripSpaces(" a b  c ")', {}) == "abc"
    assert evaluate('ToUpper("istanbul", "tr-TR")', {}) == "İSTANBUL"
    assert evaluate('ToLower("ISTANBUL", "tr-TR")', {}) == "ıstanbul"
    assert evaluate('ToUpper("straße")', {}) == "STRASSE"
    assert evaluate('PCase("o\'NEIL mc-donald")', {}) == "O'neil Mc-Donald"  # .NET keeps "'" inside a word


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ('Mid("abc", 0, 1)', "start is 1-based"),
        ("Item([x], 0)", "index counts from 1"),
        ('ToUpper("a", "not a culture")', "RFC 4646"),
        ('InStr("a", "b", 1, "sideways")', "vbBinaryCompare or vbTextCompare"),
        ('Left("abc", "many")', "NumChars must be a whole number"),
        ('CBool("maybe")', "expected True, False or a number"),
        ('DateAdd("q", 1, Now())', "interval must be one of yyyy, m, d, ww, h, n, s"),
        ('CDate("next tuesday")', "cannot read 'next tuesday' as a date"),
        ('FormatDateTime("2015", , "yyyyMMdd", "yyyy")', "does not match the date format"),
        ('FormatDateTime("2015", "Sideways", "yyyy", "yyyy")', "unknown dateTimeStyles"),
        ('Split("a", "")', "delimiter must not be empty"),
        ("RandomString(3, 2, 2, 0, 0)", "shorter than the sum"),
        ("RandomString(300, 1, 1, 1, 1)", "between 1 and 256"),
        ('RandomString(4, 2, 0, 0, 0, "0123456789")', "excludes every such character"),
        ('Replace("a", "a", "b", , "c", , )', "either oldValue or regexPattern"),
        ('Replace("a", , , , "c", , )', "give oldValue or regexPattern"),
        ('Replace("a", , "(", , "c", , )', "not a valid regular expression"),
        ('Replace("a", , "(?<g>a)", "h", "c", , )', "not a named group"),
        ('SingleAppRoleAssignment("Admin")', "list of {id, value, displayName}"),
    ],
)
def test_bad_values_give_clear_errors(expression: str, message: str) -> None:
    with pytest.raises(ExpressionEvaluationError) as caught:
        evaluate(expression, {"x": ["a"]}, now=datetime(2021, 1, 1, tzinfo=UTC))
    assert message in str(caught.value)


def test_multi_valued_inputs() -> None:
    attributes = {"proxyAddresses": ["a", "b", "a"], "extra": "c"}
    assert evaluate("Count([proxyAddresses])", attributes) == 3
    assert evaluate("Item([proxyAddresses], 2)", attributes) == "b"
    assert evaluate("Item([proxyAddresses], 9)", attributes) is None
    assert evaluate('Join("; ", [proxyAddresses], [extra])', attributes) == "a; b; a; c"
    assert (
        evaluate("ToUpper([proxyAddresses])", attributes) == "A"
    )  # single-valued functions read the first value


def test_replace_modes_with_dotnet_substitutions() -> None:
    assert (
        evaluate('Replace("2021-08-24", , "(\\\\d+)-(\\\\d+)-(\\\\d+)", , "$3.$2.$1", , )', {})
        == "24.08.2021"
    )
    assert evaluate('Replace("ab", , "(?<x>a)", , "[$&|${x}|$$|$9]", , )', {}) == "[a|a|$|$9]b"
    assert evaluate('Replace("x", , "(?\'n\'x)\\\\k<n>?", , "${n}!", , )', {}) == "x!"
    # replacementAttributeName may also be given as a name rather than [attribute]
    attributes = {"telephoneNumber": None, "mobile": "+91 8887779999"}
    expression = 'Replace([telephoneNumber], , "(?<d>\\\\d{10})", "d", , "mobile", )'
    assert evaluate(expression, attributes) == "8887779999"
    assert evaluate(expression, {"telephoneNumber": "kept", "mobile": "+91 8887779999"}) == "kept"


def test_switch_compares_case_sensitively_and_booleans_as_true_false() -> None:
    expression = 'Switch([a], "default", "True", "yes", "False", "no")'
    assert evaluate(expression, {"a": True}) == "yes"
    assert evaluate(expression, {"a": "true"}) == "default"
    assert evaluate('Switch([a], , "x", "y")', {"a": "z"}) is None  # omitted default is null


def test_iif_evaluates_only_the_chosen_branch() -> None:
    assert evaluate('IIF("1" = "1", "safe", Mid("abc", 0, 1))', {}) == "safe"


def test_comparisons_are_numeric_for_numbers_and_textual_otherwise() -> None:
    assert evaluate('IIF([n] > 9, "big", "small")', {"n": "10"}) == "big"  # 10 > 9 numerically
    assert evaluate('IIF([s] > "9", "big", "small")', {"s": "10x"}) == "small"  # "10x" < "9" as text


def test_not_and_cbool() -> None:
    assert evaluate("Not([IsSoftDeleted])", {"IsSoftDeleted": True}) is False
    assert evaluate("Not([IsSoftDeleted])", {"IsSoftDeleted": "False"}) is True
    assert evaluate('CBool("0")', {}) is False and evaluate('CBool("-1")', {}) is True


def test_date_functions_accept_their_own_output_and_clamp_months() -> None:
    assert evaluate('DateAdd("m", 1, CDate("2021-01-31"))', {}) == "2/28/2021 12:00:00 AM"
    assert evaluate('DateAdd("yyyy", 1, "2/29/2024 1:02:03 PM")', {}) == "2/28/2025 1:02:03 PM"
    assert evaluate('DateDiff("d", CDate("2021-08-24T23:59:00Z"), CDate("2021-08-25T00:01:00Z"))', {}) == 1
    assert evaluate('NumFromDate("1601-01-01T00:00:00Z")', {}) == 0
    assert evaluate('DateFromNum(NumFromDate("2012-01-01T23:00:00Z"))', {}) == "1/1/2012 11:00:00 PM"


def test_format_date_time_with_dotnet_patterns() -> None:
    assert evaluate(
        'FormatDateTime("2021-03-04 05:06:07", , "yyyy-MM-dd HH:mm:ss", "dddd d MMMM yy, h tt")', {}
    ) == ("Thursday 4 March 21, 5 AM")
    assert evaluate('FormatDateTime("04/03/2021", , "dd/MM/yyyy", "o")', {}) == "2021-03-04T00:00:00.0000000Z"
    assert evaluate('FormatDateTime("2021-03-04T05:06:07+02:00", , "yyyy-MM-ddTHH:mm:sszzz", "s")', {}) == (
        "2021-03-04T03:06:07"
    )


def test_app_role_functions_shape_roles_as_map_documents() -> None:
    roles = [
        {"id": "06b07648", "value": "Admin", "displayName": "Admin"},
        {"id": "x", "value": "User", "displayName": "User"},
    ]
    single = evaluate_detailed("SingleAppRoleAssignment([appRoleAssignments])", {"appRoleAssignments": roles})
    assert single.value == roles[0] and single.warnings
    assert evaluate("AppRoleAssignmentsComplex([appRoleAssignments])", {"appRoleAssignments": roles}) == [
        {
            "primary": False,
            "type": "WindowsAzureActiveDirectoryRole",
            "displayName": "Admin",
            "value": "Admin",
        },
        {"primary": False, "type": "WindowsAzureActiveDirectoryRole", "displayName": "User", "value": "User"},
    ]
    assertive = evaluate(
        "AssertiveAppRoleAssignmentsComplex([appRoleAssignments])", {"appRoleAssignments": roles}
    )
    assert assertive[1] == {
        "primary": False,
        "type": "WindowsAzureActiveDirectoryRole",
        "display": "User",
        "value": "User",
    }


def test_now_is_injectable_and_attribute_names_are_case_insensitive() -> None:
    context = EvaluationContext(now=lambda: datetime(2030, 12, 31, 23, 59, 59, tzinfo=UTC))
    assert evaluate("Now()", {}, context=context) == "12/31/2030 11:59:59 PM"
    assert evaluate("[UserPrincipalName]", {"userPrincipalName": "a@b"}) == "a@b"


def test_unknown_quirk_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown quirk"):
        EvaluationContext(quirks=frozenset({"no-such-quirk"}))


def test_fixed_context_makes_generated_values_repeatable(fixed_context: EvaluationContext) -> None:
    expression = 'Join("|", Now(), Guid(), RandomString(8, 2, 2, 2, 2))'
    first = evaluate(expression, {}, context=fixed_context)
    second = evaluate(
        expression, {}, context=EvaluationContext.fixed(datetime(2021, 7, 2, 15, 33, 38, tzinfo=UTC), seed=7)
    )
    assert first == second and first.startswith("7/2/2021 3:33:38 PM|")
