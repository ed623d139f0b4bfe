"""The workflow expression language: helpers, static checks, and safety (simpleeval, never eval)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from connector.template.expressions import (
    Evaluator,
    ExpressionError,
    as_list,
    check_expression,
    dig,
    format_date,
    parse_date,
)
from provlab.clock import FixedClock


def test_iso_dates_cross_to_a_target_date_format_and_back():
    assert format_date("2027-01-31", "%Y-%m-%d", "0000-00-00") == "2027-01-31"
    assert format_date("2027-01-31T10:00:00+00:00", "%Y%m%d") == "20270131"
    assert format_date(None, "%Y-%m-%d", "0000-00-00") == "0000-00-00"
    assert format_date("", "%Y-%m-%d", "0000-00-00") == "0000-00-00"
    assert parse_date("2027-01-31") == "2027-01-31"
    assert parse_date("20270131", "%Y%m%d") == "2027-01-31"
    assert parse_date("0000-00-00") is None and parse_date("00000000", "%Y%m%d") is None
    with pytest.raises(ExpressionError, match="not an ISO date"):
        format_date("31/01/2027")
    with pytest.raises(ExpressionError, match="does not match"):
        parse_date("2027-02-30")


def test_tables_and_paths_tolerate_what_the_wire_leaves_out():
    assert as_list(None) == [] and as_list({"a": 1}) == [{"a": 1}] and as_list([1, 2]) == [1, 2]
    answer = {"RETURN": {"item": [{"TYPE": "E"}]}, "ADDRESS": None}
    assert dig(answer, "RETURN.item.0.TYPE") == "E"
    assert dig(answer, "ADDRESS.CITY", "") == ""
    assert dig(answer, "RETURN.item.5.TYPE") is None


def test_expressions_see_variables_attributes_and_the_clock():
    class Obj(dict):
        pass

    scope = {
        "objectToExport": Obj(userName="jdoe", lastName=""),
        "rows": [{"T": "E", "N": "224"}, {"T": "S"}],
    }
    ev = Evaluator(scope, clock=FixedClock(datetime(2026, 11, 27, 12, tzinfo=UTC)))
    assert ev.evaluate("upper(attr('userName'))") == "JDOE"
    assert ev.evaluate("has('lastName')") is False
    assert ev.evaluate("attr('missing', 'x')") == "x"
    assert ev.evaluate("[r.N for r in rows if r.T == 'E']") == ["224"]
    assert ev.evaluate("today()") == "2026-11-27"
    scope["later"] = 5
    assert ev.evaluate("later + 1") == 6


def test_evaluation_refuses_escapes_from_the_sandbox():
    ev = Evaluator({"x": "a"})
    for source in ("x.__class__", "__import__('os')", "open('/etc/passwd')", "undefined_name"):
        with pytest.raises(ExpressionError, match="failed"):
            ev.evaluate(source)


def test_static_check_reports_syntax_unknown_functions_and_attributes():
    problems, attributes = check_expression("coalesce(attr('firstName'), has('lastName'))")
    assert problems == [] and attributes == ["firstName", "lastName"]
    assert "does not parse" in check_expression("upper(")[0][0]
    assert "unknown function 'eval'" in check_expression("eval('1')")[0][0]
    assert "Lambda" in check_expression("(lambda: 1)()")[0][0]
    assert "does not parse" in check_expression("x = 1")[0][0]


def test_iso_datetimes_compare_as_times_not_as_text():
    from connector.template.expressions import iso_datetime, later_of

    whole, fraction = "2026-01-15T09:00:00Z", "2026-01-15T09:00:00.500000Z"
    assert whole > fraction  # as text the earlier stamp sorts last ...
    assert iso_datetime(whole) < iso_datetime(fraction)  # ... as times it does not
    assert iso_datetime("2026-01-15T10:00:00+01:00") == iso_datetime(whole)
    assert iso_datetime("2026-01-15T09:00:00") == iso_datetime(whole)  # no offset: UTC
    assert iso_datetime("2026-01-15") == datetime(2026, 1, 15, tzinfo=UTC)
    assert iso_datetime("") is None and iso_datetime(None) is None
    with pytest.raises(ExpressionError, match="not an ISO 8601 date-time"):
        iso_datetime("15.01.2026")
    # later_of keeps the winner as it was written, looks into lists and skips blanks
    assert later_of(whole, [fraction, None, ""]) == fraction
    assert later_of(None, []) is None
    evaluator = Evaluator({"stamps": [whole, fraction]})
    assert evaluator.evaluate("later_of(None, stamps)") == fraction
    assert evaluator.evaluate("iso_datetime(stamps[0]) < iso_datetime(stamps[1])") is True
