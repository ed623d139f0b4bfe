"""Scoping filters: every documented operator, null rules, AND/OR, assignment, both JSON and short forms.

Source: define-conditional-rules-for-provisioning-user-accounts.md ("SCOPE").
"""

from __future__ import annotations

import pytest

from harness.scoping import OPERATORS, ScopingClause, ScopingError, ScopingFilters, in_scope


def clause(attribute: str, operator: str, *values: str) -> ScopingClause:
    return ScopingClause.build(attribute, operator, values, "test")


@pytest.mark.parametrize(
    ("operator", "operand", "value", "expected"),
    [
        ("&", "Sales,Marketing", "Sales", True),
        ("&", "Sales,Marketing", "Legal", False),
        ("!&", "Sales,Marketing", "Legal", True),
        ("!&", "Sales,Marketing", "Sales", False),
        ("ENDS_WITH", "@contoso.com", "jo@contoso.com", True),
        ("ENDS_WITH", "@contoso.com", "jo@fabrikam.com", False),
        ("EQUALS", "Sales", "Sales", True),
        ("EQUALS", "Sales", "sales", False),  # case sensitive
        ("NOT EQUALS", "Sales", "sales", True),
        ("NOT EQUALS", "Sales", "Sales", False),
        ("Greater_Than", "1000000", "1000001", True),
        ("Greater_Than", "1000000", "1000000", False),
        ("Greater_Than", "10", "abc", False),  # the attribute must be an integer
        ("Greater_Than_OR_EQUALS", "1000000", "1000000", True),
        ("Greater_Than_OR_EQUALS", "1000000", "999999", False),
        ("Includes", "ale", "Sales", True),
        ("Includes", "ALE", "Sales", False),  # String.Contains is case sensitive
        ("IS TRUE", None, True, True),
        ("IS TRUE", None, "True", True),
        ("IS TRUE", None, False, False),
        ("IS FALSE", None, "false", True),
        ("IS FALSE", None, True, False),
        ("IS NULL", None, "x", False),
        ("IS NOT NULL", None, "x", True),
        ("REGEX MATCH", "([1-9][0-9])", "42", True),
        ("REGEX MATCH", "([1-9][0-9])", "420", False),  # "any number between 10 and 99"
        ("NOT REGEX MATCH", ".*\\@domain.com", "jo@other.com", True),
        ("NOT REGEX MATCH", ".*\\@domain.com", "jo@domain.com", False),
    ],
)
def test_every_documented_operator(operator: str, operand: str | None, value: object, expected: bool) -> None:
    built = clause("a", operator, *([operand] if operand is not None else []))
    assert built.matches({"a": value}) is expected


@pytest.mark.parametrize("operator", sorted(OPERATORS))
def test_null_and_empty_make_every_clause_false_except_is_null(operator: str) -> None:
    """SCOPE: "Scoping filters will return false if the value is null / empty"; IS NULL is true then."""
    operand = {"Greater_Than": "1", "Greater_Than_OR_EQUALS": "1"}.get(operator, "x")
    built = clause("a", operator, *([] if operator.startswith("IS ") else [operand]))
    for attributes in ({}, {"a": None}, {"a": ""}):
        assert built.matches(attributes) is (operator == "IS NULL"), attributes


def test_multi_valued_attributes_never_match() -> None:
    assert clause("proxyAddresses", "Includes", "smtp").matches({"proxyAddresses": ["smtp:a"]}) is False


@pytest.mark.parametrize(
    ("row", "attributes", "expected"),
    [
        (
            ("userPrincipalName", "REGEX MATCH", ".*\\@domain.com"),
            {"userPrincipalName": "a@domain.com"},
            True,
        ),
        (
            ("userPrincipalName", "NOT REGEX MATCH", ".*\\@domain.com"),
            {"userPrincipalName": "a@domain.com"},
            False,
        ),
        (("department", "EQUALS", "sales"), {"department": "sales"}, True),
        (("workerID", "REGEX MATCH", "(1[0-9][0-9][0-9][0-9][0-9][0-9])"), {"workerID": "1500000"}, True),
        (("workerID", "REGEX MATCH", "(1[0-9][0-9][0-9][0-9][0-9][0-9])"), {"workerID": "2500000"}, False),
    ],
    ids=[
        "UPN in domain",
        "UPN not in domain",
        "sales department",
        "workerID in range",
        "workerID out of range",
    ],
)
def test_common_scoping_filters_table(row: tuple[str, str, str], attributes: dict, expected: bool) -> None:
    """SCOPE §Common scoping filters, one case per table row."""
    assert clause(*row).matches(attributes) is expected


def test_documented_example_clauses_are_anded_and_filters_ored() -> None:
    """SCOPE's example: New York, Engineering, employee ID 1,000,000-2,000,000, job title not null."""
    example = ScopingFilters.from_short(
        [
            {
                "name": "NY engineers",
                "clauses": [
                    "state EQUALS New York",
                    "department EQUALS Engineering",
                    "employeeId Greater_Than_OR_EQUALS 1000000",
                    "employeeId NOT_REGEX_MATCH 2[0-9]{6}[0-9]+",
                    "jobTitle IS NOT NULL",
                ],
            }
        ]
    )
    person = {"state": "New York", "department": "Engineering", "employeeId": "1500000", "jobTitle": "Dev"}
    assert example.matches(person)
    assert not example.matches({**person, "jobTitle": ""})
    either = ScopingFilters.from_short(
        [
            {"name": "Sales", "clauses": ["department EQUALS Sales"]},
            {"name": "HR", "clauses": ["department EQUALS HR"]},
        ]
    )
    assert either.matches({"department": "HR"}) and not either.matches({"department": "IT"})
    assert "Sales (department EQUALS Sales) OR HR (department EQUALS HR)" == either.describe()
    assert either.explain({"department": "HR"}) == [
        "Sales department EQUALS Sales: failed",
        "HR department EQUALS HR: passed",
    ]


def test_no_filters_means_everyone_and_assignment_decides() -> None:
    none = ScopingFilters()
    assert none.matches({}) and none.describe() == "none"
    assert in_scope({}, assigned=True, sync_all=False, filters=none)
    assert not in_scope({}, assigned=False, sync_all=False, filters=none)
    assert in_scope({}, assigned=False, sync_all=True, filters=none)


def test_graph_scope_round_trip() -> None:
    scope = {
        "categoryFilterGroups": [],
        "inputFilterGroups": [],
        "groups": [
            {
                "name": "Sales only",
                "clauses": [
                    {
                        "operatorName": "EQUALS",
                        "sourceOperandName": "department",
                        "targetOperand": {"values": ["Sales"]},
                    }
                ],
            }
        ],
    }
    filters = ScopingFilters.from_graph(scope)
    assert filters.matches({"department": "Sales"}) and not filters.matches({"department": "HR"})
    assert filters.to_graph() == scope


@pytest.mark.parametrize(
    ("attribute", "operator", "values", "message"),
    [
        ("department", "LIKE", ["x"], "unknown operator 'LIKE'"),
        ("department", "EQUALS", [], "needs a value"),
        ("employeeId", "Greater_Than", ["ten"], "compares integers only"),
        ("upn", "REGEX MATCH", ["(unclosed"], "not a valid regular expression"),
        ("manager", "IS NOT NULL", [], "does not support scoping on manager"),
        ("appRoleAssignments", "Includes", ["x"], "does not support scoping"),
    ],
)
def test_bad_clauses_are_refused_at_load(attribute: str, operator: str, values: list, message: str) -> None:
    with pytest.raises(ScopingError, match=message):
        ScopingClause.build(attribute, operator, values, "scope.groups[0].clauses[0]")


def test_short_form_errors_name_the_clause() -> None:
    with pytest.raises(ScopingError, match=r"filters\[0\]\.clauses\[1\]: no known operator"):
        ScopingFilters.from_short([{"name": "x", "clauses": ["a EQUALS b", "department SOUNDS_LIKE Sales"]}])
