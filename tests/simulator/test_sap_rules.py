"""SAP date10 values and select-option semantics, the building blocks of the BAPIs."""

from __future__ import annotations

from datetime import date

import pytest

from simulator.sap.dates import InvalidDateError, format_date10, parse_date10
from simulator.sap.selection import RangeRow, SelectionError, build_selector, sap_pattern_to_regex


@pytest.mark.parametrize("empty", ["", "0000-00-00", "00000000", None, "  "])
def test_empty_dates_mean_unlimited(empty):
    assert parse_date10(empty) is None
    assert format_date10(None) == "0000-00-00"


def test_date10_round_trip_and_dats_form():
    assert parse_date10("2026-12-31") == date(2026, 12, 31)
    assert parse_date10("20261231") == date(2026, 12, 31)
    assert format_date10(date(2026, 2, 1)) == "2026-02-01"


@pytest.mark.parametrize("bad", ["2026-02-30", "31.12.2026", "2026-1-1", "tomorrow"])
def test_invalid_dates_are_refused_with_the_value(bad):
    with pytest.raises(InvalidDateError, match=bad):
        parse_date10(bad)


NAMES = ["ALICE", "BOB", "CAROL", "DAVE", "EVE"]


@pytest.mark.parametrize(
    ("option", "low", "high", "expected"),
    [
        ("EQ", "BOB", "", ["BOB"]),
        ("NE", "BOB", "", ["ALICE", "CAROL", "DAVE", "EVE"]),
        ("GT", "CAROL", "", ["DAVE", "EVE"]),
        ("GE", "CAROL", "", ["CAROL", "DAVE", "EVE"]),
        ("LT", "CAROL", "", ["ALICE", "BOB"]),
        ("LE", "CAROL", "", ["ALICE", "BOB", "CAROL"]),
        ("BT", "B", "D", ["BOB", "CAROL"]),
        ("NB", "B", "D", ["ALICE", "DAVE", "EVE"]),
        ("CP", "*A*", "", ["ALICE", "CAROL", "DAVE"]),
        ("CP", "+OB", "", ["BOB"]),
        ("NP", "*E", "", ["BOB", "CAROL"]),
        ("GT", "", "", NAMES),
    ],
)
def test_each_option_selects_like_abap(option, low, high, expected):
    selected = build_selector([RangeRow("I", option, low, high)])
    assert [n for n in NAMES if selected(n)] == expected


def test_include_and_exclude_rows_combine():
    selected = build_selector(
        [RangeRow("I", "GE", "B"), RangeRow("E", "EQ", "DAVE"), RangeRow("E", "CP", "E*")]
    )
    assert [n for n in NAMES if selected(n)] == ["BOB", "CAROL"]
    assert all(build_selector([])(n) for n in NAMES)


def test_pattern_escape_makes_wildcards_literal():
    assert sap_pattern_to_regex("A#*B").match("A*B")
    assert not sap_pattern_to_regex("A#*B").match("AXB")


@pytest.mark.parametrize("row", [RangeRow("I", "XX", "A"), RangeRow("Q", "EQ", "A")])
def test_unknown_sign_or_option_is_an_error(row):
    with pytest.raises(SelectionError):
        build_selector([row])
