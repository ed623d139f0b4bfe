"""The vendor-neutral fault-rule grammar: text form, generic kinds and options, and how a vendor
extends it with kinds, options and a rule type of its own."""

from __future__ import annotations

import random
from dataclasses import dataclass
from enum import StrEnum

import pytest

from provlab.faults import (
    GENERIC_KINDS,
    FaultGrammar,
    FaultKind,
    FaultRule,
    FaultRuleError,
    KindSpec,
    Option,
    split_rule,
)

GENERIC = FaultGrammar(services=("alpha", "beta"))


def test_the_text_form_splits_into_raw_strings():
    assert split_rule("alpha:GET /x:http_status:status=429, retry_after=7") == {
        "service": "alpha",
        "operation": "GET /x",
        "kind": "http_status",
        "status": "429",
        "retry_after": "7",
    }
    assert split_rule(" beta : OP : drop :") == {"service": "beta", "operation": "OP", "kind": "drop"}


def test_generic_rules_parse_into_the_generic_rule_type():
    rule = GENERIC.parse_rule("alpha:GET /x:http_status:status=429,retry_after=7,times=2")
    assert type(rule) is FaultRule
    assert (rule.service, rule.operation, rule.kind) == ("alpha", "GET /x", FaultKind.HTTP_STATUS)
    assert rule.kind is FaultKind.HTTP_STATUS
    assert (rule.status, rule.retry_after, rule.times) == (429, 7, 2)
    assert GENERIC.as_dict(rule) == {
        "service": "alpha",
        "operation": "GET /x",
        "kind": "http_status",
        "times": 2,
        "probability": 1.0,
        "status": 429,
        "retry_after": 7,
        "id": 0,
        "fired": 0,
    }
    assert [spec.kind for spec in GENERIC_KINDS] == list(FaultKind)


def test_a_rule_matches_its_service_and_operation_pattern_and_draws_its_latency():
    rule = GENERIC.parse_rule("*:GET /users/*:latency:ms=10,max_ms=20")
    assert rule.matches("alpha", "GET /users/7") and rule.matches("beta", "GET /users/")
    assert not rule.matches("alpha", "DELETE /users/7")
    assert 0.010 <= rule.latency_seconds(random.Random(1)) <= 0.020
    assert GENERIC.parse_rule("alpha:*:latency:ms=5").latency_seconds(random.Random(1)) == 0.005


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "alpha:drop",
            "fault rule 'alpha:drop' should look like SERVICE:OPERATION:KIND[:key=value,...], e.g. ",
        ),
        ("alpha:*:explode", "unknown fault kind 'explode'; use one of: latency, hang, http_status, drop, "),
        ("gamma:*:drop", "unknown service 'gamma'; use alpha, beta or *"),
        (
            "alpha:*:drop:ms=1",
            "fault kind drop does not take ms; it takes no parameters (plus times, probability)",
        ),
        ("alpha:*:http_status:status=404", "status must be one of 429, 500, 502, 503"),
        ("alpha:*:hang:seconds=301", "a hang is bounded: seconds must be at most 300"),
        ("alpha:*:hang:seconds=-1", "seconds cannot be negative"),
        ("alpha:*:drop:times=0", "times must be at least 1 (leave it out for no limit)"),
        ("alpha:*:drop:probability=1.5", "probability must lie between 0 and 1"),
        ("alpha:*:latency:ms=fast", "fault parameter ms='fast' is not a float"),
        ("alpha:*:latency:ms", "fault parameter 'ms' in 'alpha:*:latency:ms' should be key=value"),
    ],
)
def test_generic_complaints(text, message):
    with pytest.raises(FaultRuleError) as caught:
        GENERIC.parse_rule(text)
    assert str(caught.value).startswith(message)


def test_a_mapping_may_leave_out_times_and_retry_after_with_null():
    rule = GENERIC.rule_from_mapping({"kind": "http_status", "times": None, "retry_after": None})
    assert (rule.service, rule.operation, rule.times, rule.retry_after) == ("*", "*", None, None)


class ToyKind(StrEnum):
    TOY_ERROR = "toy_error"


@dataclass(frozen=True)
class ToyRule(FaultRule):
    code: str = "E0"


def _code(value):
    if not str(value).startswith("E"):
        raise FaultRuleError(f"code must start with E, not {value!r}")
    return str(value)


TOY = GENERIC.extended(
    kinds=[KindSpec(ToyKind.TOY_ERROR, frozenset({"code"}), services=("beta",))],
    options=[Option("code", _code)],
    after=FaultKind.HANG,
    rule_type=ToyRule,
    example="beta:*:toy_error:code=E1",
)


def test_a_vendor_extends_the_grammar_with_its_kinds_options_and_rule_type():
    rule = TOY.parse_rule("beta:OP:toy_error:code=E7,times=1")
    assert type(rule) is ToyRule and rule.kind is ToyKind.TOY_ERROR and rule.code == "E7"
    assert list(TOY.as_dict(rule)) == [
        "service",
        "operation",
        "kind",
        "times",
        "probability",
        "code",
        "id",
        "fired",
    ]
    assert type(TOY.parse_rule("alpha:*:drop")) is ToyRule  # the generic kinds build the vendor's type too
    with pytest.raises(FaultRuleError, match="use one of: latency, hang, toy_error, http_status, drop"):
        TOY.parse_rule("beta:*:explode")
    with pytest.raises(FaultRuleError, match="fault kind toy_error only exists for service beta"):
        TOY.parse_rule("alpha:*:toy_error")
    with pytest.raises(FaultRuleError, match="code must start with E"):
        TOY.parse_rule("beta:*:toy_error:code=X")
    with pytest.raises(FaultRuleError, match="e.g. beta:\\*:toy_error:code=E1"):
        TOY.parse_rule("nonsense")
    with pytest.raises(FaultRuleError, match="does not take code"):
        TOY.parse_rule("beta:*:drop:code=E1")
    # the generic grammar itself is unchanged
    with pytest.raises(FaultRuleError, match="unknown fault kind 'toy_error'"):
        GENERIC.parse_rule("beta:*:toy_error")


def test_a_grammar_refuses_to_be_built_inconsistently():
    with pytest.raises(ValueError, match="FaultRule has no field for code"):
        GENERIC.extended(options=[Option("code", str)])
    with pytest.raises(ValueError, match="takes unknown options code"):
        GENERIC.extended(kinds=[KindSpec(ToyKind.TOY_ERROR, frozenset({"code"}))])
    with pytest.raises(ValueError, match="names unknown services gamma"):
        GENERIC.extended(kinds=[KindSpec(ToyKind.TOY_ERROR, services=("gamma",))])
    with pytest.raises(ValueError, match="defined twice"):
        GENERIC.extended(kinds=[KindSpec(FaultKind.DROP)])
