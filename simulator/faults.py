"""Fault injection, on the model of midPoint's dummy-resource BreakMode.

A :class:`FaultRule` names a service (``sap``, ``rest`` or ``*``), an operation (a BAPI
name such as ``BAPI_USER_CREATE1``, or a REST route such as ``GET /api/v1/users``;
shell-style wildcards allowed) and a kind of failure. It fires every time, the first
``times`` times, or with ``probability`` drawn from the injector's seeded generator, so a
run with the same seed fails the same way. This module decides *whether* and *what*; the
services' wire adapters decide how each kind looks on their protocol.

The grammar (text form, options, their checks, the kinds any service can suffer) is the
vendor-neutral :mod:`provlab.faults`; what only SAP has is added here: the kinds
``soap_fault`` and ``sap_error`` and their options ``number`` and ``message``. (They stay in
this module rather than under ``simulator/sap``, which imports it: that would be a cycle.)
"""

from __future__ import annotations

import itertools
import random
import threading
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from provlab import faults as grammar
from provlab.faults import (
    DEFAULT_HANG_SECONDS,
    HTTP_STATUSES,
    MAX_HANG_SECONDS,
    FaultKind,
    FaultRuleError,
    KindSpec,
    Option,
)

__all__ = [
    "DEFAULT_HANG_SECONDS",
    "GRAMMAR",
    "HTTP_STATUSES",
    "MAX_HANG_SECONDS",
    "SERVICES",
    "FaultInjector",
    "FaultKind",
    "FaultRule",
    "FaultRuleError",
    "SapFaultKind",
    "parse_fault_rule",
    "parse_rule",
    "rule_from_mapping",
]

SERVICES = ("sap", "rest", "*")


class SapFaultKind(StrEnum):
    """The kinds only SAP's SOAP service has (the others: :class:`provlab.faults.FaultKind`)."""

    SOAP_FAULT = "soap_fault"  # SAP: a SOAP Server fault, nothing done
    SAP_ERROR = "sap_error"  # SAP: HTTP 200 with a RETURN row TYPE E, NUMBER `number`, nothing done


def _sap_message_number(value: Any) -> str:
    number = str(value).strip()
    if not (number.isdigit() and len(number) <= 3):
        raise FaultRuleError(f"number must be an SAP message number of up to 3 digits, not {number!r}")
    return number.zfill(3)


SAP_KINDS = (
    KindSpec(SapFaultKind.SOAP_FAULT, frozenset({"message"}), services=("sap",)),
    KindSpec(SapFaultKind.SAP_ERROR, frozenset({"number", "message"}), services=("sap",)),
)
SAP_OPTIONS = (Option("number", _sap_message_number), Option("message", str))


@dataclass(frozen=True)
class FaultRule(grammar.FaultRule):
    """A rule of the simulator: the generic options plus SAP's ``number`` and ``message``."""

    number: str = "999"
    message: str = ""

    def as_dict(self) -> dict[str, Any]:
        """The rule with the parameters its kind uses (plus id and how often it fired)."""
        return GRAMMAR.as_dict(self)


# The generic grammar on the simulator's services, with SAP's kinds listed after ``hang`` (the
# order `unknown fault kind …; use one of:` has always named them in).
GRAMMAR = grammar.FaultGrammar(services=SERVICES).extended(
    kinds=SAP_KINDS,
    options=SAP_OPTIONS,
    after=FaultKind.HANG,
    rule_type=FaultRule,
    example="sap:BAPI_USER_CREATE1:sap_error:number=224",
)


def rule_from_mapping(data: dict[str, Any]) -> FaultRule:
    """Build and check a rule from a dict (admin API JSON, parsed CLI text)."""
    return GRAMMAR.rule_from_mapping(data)  # type: ignore[return-value]


def parse_rule(text: str) -> FaultRule:
    """Parse the CLI form ``SERVICE:OPERATION:KIND[:key=value,key=value…]``.

    Examples: ``sap:BAPI_USER_CREATE1:sap_error:number=224,times=1``,
    ``rest:GET /api/v1/users:http_status:status=503,retry_after=5``, ``*:*:latency:ms=200``.
    """
    return GRAMMAR.parse_rule(text)  # type: ignore[return-value]


# The public face's name for the parser (``from simulator import parse_fault_rule``).
parse_fault_rule = parse_rule


class FaultInjector:
    """The active rules. Thread-safe; the random draws come from one seeded generator."""

    def __init__(self, *, seed: int = 0) -> None:
        self._rng = random.Random(seed)
        self._rules: list[FaultRule] = []
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._release = threading.Event()  # set to end every hang at once (reset, shutdown)

    @property
    def rng(self) -> random.Random:
        return self._rng

    def add(self, rule: FaultRule | str | dict[str, Any]) -> FaultRule:
        if isinstance(rule, str):
            rule = parse_rule(rule)
        elif isinstance(rule, dict):
            rule = rule_from_mapping(rule)
        with self._lock:
            stored = replace(rule, id=next(self._ids), fired=0)
            self._rules.append(stored)
            self._release.clear()
            return stored

    def rules(self) -> list[FaultRule]:
        with self._lock:
            return list(self._rules)

    def remove(self, rule_id: int) -> bool:
        with self._lock:
            before = len(self._rules)
            self._rules = [r for r in self._rules if r.id != rule_id]
            return len(self._rules) != before

    def clear(self) -> None:
        """Remove every rule and release requests that are hanging."""
        with self._lock:
            self._rules.clear()
            self._release.set()

    def reseed(self, seed: int) -> None:
        with self._lock:
            self._rng.seed(seed)

    def fire(self, service: str, operation: str) -> list[FaultRule]:
        """The rules that fire for this call, in the order they were added; counts them."""
        fired: list[FaultRule] = []
        with self._lock:
            kept: list[FaultRule] = []
            for rule in self._rules:
                if rule.matches(service, operation) and (
                    rule.probability >= 1.0 or self._rng.random() < rule.probability
                ):
                    rule = replace(rule, fired=rule.fired + 1)
                    fired.append(rule)
                    if rule.times is not None and rule.fired >= rule.times:
                        continue  # used up
                kept.append(rule)
            self._rules = kept
        return fired

    def wait(self, seconds: float) -> None:
        """Sleep for a hang or latency, ending early when the rules are cleared."""
        if seconds > 0:
            self._release.wait(min(seconds, MAX_HANG_SECONDS))
