"""Fault injection, on the model of midPoint's dummy-resource BreakMode.

A :class:`FaultRule` names a service (``sap``, ``rest`` or ``*``), an operation (a BAPI
name such as ``BAPI_USER_CREATE1``, or a REST route such as ``GET /api/v1/users``;
shell-style wildcards allowed) and a kind of failure. It fires every time, the first
``times`` times, or with ``probability`` drawn from the injector's seeded generator, so a
run with the same seed fails the same way. This module decides *whether* and *what*; the
services' wire adapters decide how each kind looks on their protocol.
"""

from __future__ import annotations

import fnmatch
import itertools
import random
import threading
from dataclasses import asdict, dataclass, replace
from enum import StrEnum
from typing import Any

MAX_HANG_SECONDS = 300.0
DEFAULT_HANG_SECONDS = 30.0
HTTP_STATUSES = (429, 500, 502, 503)
SERVICES = ("sap", "rest", "*")


class FaultKind(StrEnum):
    LATENCY = "latency"  # delay, then answer normally (ms, or a random ms..max_ms)
    HANG = "hang"  # hold the request for `seconds` (bounded), then answer normally
    SOAP_FAULT = "soap_fault"  # SAP: a SOAP Server fault, nothing done
    SAP_ERROR = "sap_error"  # SAP: HTTP 200 with a RETURN row TYPE E, NUMBER `number`, nothing done
    HTTP_STATUS = "http_status"  # 500/502/503/429 (+ Retry-After), nothing done
    DROP = "drop"  # close the connection without any response, nothing done
    MALFORMED = "malformed"  # the work is done but the response body is cut off (invalid XML/JSON)
    TRUNCATED_PAGE = "truncated_page"  # a list page loses its second half (SAP GETLIST, REST list)


# What each kind may be tuned with, and which services it makes sense for.
PARAMETERS: dict[FaultKind, set[str]] = {
    FaultKind.LATENCY: {"ms", "max_ms"},
    FaultKind.HANG: {"seconds"},
    FaultKind.SOAP_FAULT: {"message"},
    FaultKind.SAP_ERROR: {"number", "message"},
    FaultKind.HTTP_STATUS: {"status", "retry_after"},
    FaultKind.DROP: set(),
    FaultKind.MALFORMED: set(),
    FaultKind.TRUNCATED_PAGE: set(),
}
SAP_ONLY = {FaultKind.SOAP_FAULT, FaultKind.SAP_ERROR}
COMMON_FIELDS = {"service", "operation", "kind", "times", "probability"}


class FaultRuleError(ValueError):
    """A rule that cannot be used; the message says what is wrong and how to write it."""


@dataclass(frozen=True)
class FaultRule:
    service: str
    operation: str
    kind: FaultKind
    times: int | None = None  # None: no limit
    probability: float = 1.0
    ms: float = 0.0
    max_ms: float | None = None
    seconds: float = DEFAULT_HANG_SECONDS
    status: int = 503
    retry_after: int | None = None
    number: str = "999"
    message: str = ""
    id: int = 0
    fired: int = 0

    def matches(self, service: str, operation: str) -> bool:
        return self.service in ("*", service) and fnmatch.fnmatchcase(operation, self.operation)

    def as_dict(self) -> dict[str, Any]:
        """The rule with the parameters its kind uses (plus id and how often it fired)."""
        keep = COMMON_FIELDS | PARAMETERS[self.kind] | {"id", "fired"}
        data = {k: v for k, v in asdict(self).items() if k in keep}
        data["kind"] = self.kind.value
        return data

    def latency_seconds(self, rng: random.Random) -> float:
        if self.max_ms is not None and self.max_ms > self.ms:
            return rng.uniform(self.ms, self.max_ms) / 1000.0
        return self.ms / 1000.0


def _number(name: str, value: Any, kind: type) -> Any:
    try:
        return kind(value)
    except (TypeError, ValueError):
        raise FaultRuleError(f"fault parameter {name}={value!r} is not a {kind.__name__}") from None


def rule_from_mapping(data: dict[str, Any]) -> FaultRule:
    """Build and check a rule from a dict (admin API JSON, parsed CLI text)."""
    unknown_kind = data.get("kind")
    try:
        kind = FaultKind(str(unknown_kind))
    except ValueError:
        choices = ", ".join(k.value for k in FaultKind)
        raise FaultRuleError(f"unknown fault kind {unknown_kind!r}; use one of: {choices}") from None
    service = str(data.get("service", "*"))
    if service not in SERVICES:
        raise FaultRuleError(f"unknown service {service!r}; use sap, rest or *")
    if kind in SAP_ONLY and service != "sap":
        raise FaultRuleError(f"fault kind {kind.value} only exists for service sap")
    allowed = COMMON_FIELDS | PARAMETERS[kind]
    extra = set(data) - allowed
    if extra:
        raise FaultRuleError(
            f"fault kind {kind.value} does not take {', '.join(sorted(extra))}; "
            f"it takes {', '.join(sorted(PARAMETERS[kind])) or 'no parameters'} (plus times, probability)"
        )
    values: dict[str, Any] = {
        "service": service,
        "operation": str(data.get("operation", "*")) or "*",
        "kind": kind,
    }
    if data.get("times") is not None:
        values["times"] = _number("times", data["times"], int)
        if values["times"] < 1:
            raise FaultRuleError("times must be at least 1 (leave it out for no limit)")
    if "probability" in data:
        values["probability"] = _number("probability", data["probability"], float)
        if not 0.0 <= values["probability"] <= 1.0:
            raise FaultRuleError("probability must lie between 0 and 1")
    for name in ("ms", "max_ms", "seconds"):
        if name in data:
            values[name] = _number(name, data[name], float)
            if values[name] < 0:
                raise FaultRuleError(f"{name} cannot be negative")
    if values.get("seconds", 0) > MAX_HANG_SECONDS:
        raise FaultRuleError(f"a hang is bounded: seconds must be at most {MAX_HANG_SECONDS:.0f}")
    if "status" in data:
        values["status"] = _number("status", data["status"], int)
        if values["status"] not in HTTP_STATUSES:
            raise FaultRuleError(f"status must be one of {', '.join(map(str, HTTP_STATUSES))}")
    if data.get("retry_after") is not None:
        values["retry_after"] = _number("retry_after", data["retry_after"], int)
    if "number" in data:
        number = str(data["number"]).strip()
        if not (number.isdigit() and len(number) <= 3):
            raise FaultRuleError(f"number must be an SAP message number of up to 3 digits, not {number!r}")
        values["number"] = number.zfill(3)
    if "message" in data:
        values["message"] = str(data["message"])
    return FaultRule(**values)


def parse_rule(text: str) -> FaultRule:
    """Parse the CLI form ``SERVICE:OPERATION:KIND[:key=value,key=value…]``.

    Examples: ``sap:BAPI_USER_CREATE1:sap_error:number=224,times=1``,
    ``rest:GET /api/v1/users:http_status:status=503,retry_after=5``, ``*:*:latency:ms=200``.
    """
    parts = text.split(":", 3)
    if len(parts) < 3:
        raise FaultRuleError(
            f"fault rule {text!r} should look like SERVICE:OPERATION:KIND[:key=value,...], "
            "e.g. sap:BAPI_USER_CREATE1:sap_error:number=224"
        )
    data: dict[str, Any] = {
        "service": parts[0].strip(),
        "operation": parts[1].strip(),
        "kind": parts[2].strip(),
    }
    if len(parts) == 4 and parts[3].strip():
        for pair in parts[3].split(","):
            key, sep, value = pair.partition("=")
            if not sep:
                raise FaultRuleError(f"fault parameter {pair!r} in {text!r} should be key=value")
            data[key.strip()] = value.strip()
    return rule_from_mapping(data)


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
