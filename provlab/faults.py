"""The fault-rule grammar, vendor-neutral: the text form ``SERVICE:OPERATION:KIND[:key=value,…]``,
the checks on a rule's options, and the kinds of failure any service can suffer.

A rule names a service (or ``*``), an operation (shell-style wildcards allowed) and a kind of
failure, tuned by options: ``times`` and ``probability`` for every kind, plus the kind's own
(``ms``/``max_ms`` for ``latency``, ``seconds`` for ``hang``, ``status``/``retry_after`` for
``http_status``). A :class:`FaultGrammar` knows the services, kinds and options of one simulator;
a vendor extends it with kinds and options of its own (the simulator's SAP adds ``soap_fault`` and
``sap_error`` with ``number`` and ``message``) through :meth:`FaultGrammar.extended`, and with a
rule type (a subclass of :class:`FaultRule`) that has a field for each added option.

This module says what a rule *is*; firing rules and how each kind looks on the wire belong to
whoever injects the faults. It lives in the shared plumbing so that a rule can be checked (e.g.
in a scenario file) by code that must not reach into the simulator's internals.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

__all__ = [
    "ANY_SERVICE",
    "COMMON_OPTIONS",
    "DEFAULT_HANG_SECONDS",
    "GENERIC_KINDS",
    "GENERIC_OPTIONS",
    "HTTP_STATUSES",
    "MAX_HANG_SECONDS",
    "FaultGrammar",
    "FaultKind",
    "FaultRule",
    "FaultRuleError",
    "KindSpec",
    "Option",
    "number_option",
    "split_rule",
]

MAX_HANG_SECONDS = 300.0
DEFAULT_HANG_SECONDS = 30.0
HTTP_STATUSES = (429, 500, 502, 503)
ANY_SERVICE = "*"
COMMON_OPTIONS = ("times", "probability")  # every kind takes these
RULE_FIELDS = ("service", "operation", "kind")
DEFAULT_EXAMPLE = "*:*:http_status:status=503,times=1"


class FaultRuleError(ValueError):
    """A rule that cannot be used; the message says what is wrong and how to write it."""


class FaultKind(StrEnum):
    """The kinds of failure any service can suffer, whatever its protocol."""

    LATENCY = "latency"  # delay, then answer normally (ms, or a random ms..max_ms)
    HANG = "hang"  # hold the request for `seconds` (bounded), then answer normally
    HTTP_STATUS = "http_status"  # 500/502/503/429 (+ Retry-After), nothing done
    DROP = "drop"  # close the connection without any response, nothing done
    MALFORMED = "malformed"  # the work is done but the response body is cut off (invalid XML/JSON)
    TRUNCATED_PAGE = "truncated_page"  # a list page loses its second half


@dataclass(frozen=True)
class KindSpec:
    """One kind of failure: the member rules carry, the options it takes besides
    :data:`COMMON_OPTIONS`, and the services it exists for (empty: every service)."""

    kind: StrEnum
    parameters: frozenset[str] = frozenset()
    services: tuple[str, ...] = ()


@dataclass(frozen=True)
class Option:
    """One ``key=value`` option: ``convert`` turns the raw value (text from the rule's text form,
    or JSON from a mapping) into the rule's field value, raising :class:`FaultRuleError`.
    ``none_is_unset``: an explicit ``None`` (JSON ``null``) means the option was left out."""

    name: str
    convert: Callable[[Any], Any]
    none_is_unset: bool = False


def number_option(name: str, value: Any, kind: type) -> Any:
    """``kind(value)``, or the error every numeric option gives."""
    try:
        return kind(value)
    except (TypeError, ValueError):
        raise FaultRuleError(f"fault parameter {name}={value!r} is not a {kind.__name__}") from None


def _times(value: Any) -> int:
    times = number_option("times", value, int)
    if times < 1:
        raise FaultRuleError("times must be at least 1 (leave it out for no limit)")
    return times


def _probability(value: Any) -> float:
    probability = number_option("probability", value, float)
    if not 0.0 <= probability <= 1.0:
        raise FaultRuleError("probability must lie between 0 and 1")
    return probability


def _duration(name: str, bound: float | None = None) -> Callable[[Any], float]:
    def convert(value: Any) -> float:
        number = number_option(name, value, float)
        if number < 0:
            raise FaultRuleError(f"{name} cannot be negative")
        if bound is not None and number > bound:
            raise FaultRuleError(f"a hang is bounded: {name} must be at most {bound:.0f}")
        return number

    return convert


def _status(value: Any) -> int:
    status = number_option("status", value, int)
    if status not in HTTP_STATUSES:
        raise FaultRuleError(f"status must be one of {', '.join(map(str, HTTP_STATUSES))}")
    return status


GENERIC_KINDS: tuple[KindSpec, ...] = (
    KindSpec(FaultKind.LATENCY, frozenset({"ms", "max_ms"})),
    KindSpec(FaultKind.HANG, frozenset({"seconds"})),
    KindSpec(FaultKind.HTTP_STATUS, frozenset({"status", "retry_after"})),
    KindSpec(FaultKind.DROP),
    KindSpec(FaultKind.MALFORMED),
    KindSpec(FaultKind.TRUNCATED_PAGE),
)

# In the order they are checked (the first problem found is the one reported).
GENERIC_OPTIONS: tuple[Option, ...] = (
    Option("times", _times, none_is_unset=True),
    Option("probability", _probability),
    Option("ms", _duration("ms")),
    Option("max_ms", _duration("max_ms")),
    Option("seconds", _duration("seconds", bound=MAX_HANG_SECONDS)),
    Option("status", _status),
    Option("retry_after", lambda value: number_option("retry_after", value, int), none_is_unset=True),
)


@dataclass(frozen=True)
class FaultRule:
    """A checked rule with the generic options; a vendor's rule type subclasses it with a field
    per option it adds. ``id`` and ``fired`` are kept by the injector that holds the rule."""

    service: str
    operation: str
    kind: StrEnum
    times: int | None = None  # None: no limit
    probability: float = 1.0
    ms: float = 0.0
    max_ms: float | None = None
    seconds: float = DEFAULT_HANG_SECONDS
    status: int = 503
    retry_after: int | None = None
    id: int = 0
    fired: int = 0

    def matches(self, service: str, operation: str) -> bool:
        return self.service in (ANY_SERVICE, service) and fnmatch.fnmatchcase(operation, self.operation)

    def latency_seconds(self, rng: random.Random) -> float:
        if self.max_ms is not None and self.max_ms > self.ms:
            return rng.uniform(self.ms, self.max_ms) / 1000.0
        return self.ms / 1000.0


def split_rule(text: str, *, example: str = DEFAULT_EXAMPLE) -> dict[str, Any]:
    """The text form as a mapping of raw strings (``service``, ``operation``, ``kind`` and the
    options), not checked beyond its shape."""
    parts = text.split(":", 3)
    if len(parts) < 3:
        raise FaultRuleError(
            f"fault rule {text!r} should look like SERVICE:OPERATION:KIND[:key=value,...], e.g. {example}"
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
    return data


def _or_list(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


class FaultGrammar:
    """The services, kinds and options one injector accepts, and the rule type it builds.

    ``services`` are the named services (``*``, every service, is always accepted); ``kinds`` are
    listed in the order error messages name them; ``options`` in the order they are checked;
    ``example`` is the rule the "should look like" message shows.
    """

    def __init__(
        self,
        *,
        services: Sequence[str],
        kinds: Iterable[KindSpec] = GENERIC_KINDS,
        options: Iterable[Option] = GENERIC_OPTIONS,
        rule_type: type[FaultRule] = FaultRule,
        example: str = DEFAULT_EXAMPLE,
    ) -> None:
        self.services: tuple[str, ...] = (*(s for s in services if s != ANY_SERVICE), ANY_SERVICE)
        self.kinds: dict[str, KindSpec] = {}
        for spec in kinds:
            if spec.kind.value in self.kinds:
                raise ValueError(f"fault kind {spec.kind.value} is defined twice")
            self.kinds[spec.kind.value] = spec
        self.options: dict[str, Option] = {option.name: option for option in options}
        self.rule_type = rule_type
        self.example = example
        fields = {f.name for f in dataclasses.fields(rule_type)}
        missing = sorted({*self.options, *RULE_FIELDS} - fields)
        if missing:
            raise ValueError(f"{rule_type.__name__} has no field for {', '.join(missing)}")
        for spec in self.kinds.values():
            unknown = sorted(spec.parameters - set(self.options))
            if unknown:
                raise ValueError(f"fault kind {spec.kind.value} takes unknown options {', '.join(unknown)}")
            strangers = sorted(set(spec.services) - set(self.services))
            if strangers:
                raise ValueError(
                    f"fault kind {spec.kind.value} names unknown services {', '.join(strangers)}"
                )

    def extended(
        self,
        *,
        kinds: Iterable[KindSpec] = (),
        options: Iterable[Option] = (),
        after: str | None = None,
        services: Sequence[str] | None = None,
        rule_type: type[FaultRule] | None = None,
        example: str | None = None,
    ) -> FaultGrammar:
        """This grammar with a vendor's kinds (listed right after the kind ``after``, or last) and
        options (checked after these); the rest replaced where given."""
        mine = list(self.kinds.values())
        at = len(mine) if after is None else [spec.kind.value for spec in mine].index(after) + 1
        return FaultGrammar(
            services=self.services if services is None else services,
            kinds=[*mine[:at], *kinds, *mine[at:]],
            options=[*self.options.values(), *options],
            rule_type=self.rule_type if rule_type is None else rule_type,
            example=self.example if example is None else example,
        )

    def parameters(self, kind: str) -> frozenset[str]:
        """The options a kind takes besides :data:`COMMON_OPTIONS`."""
        return self.kinds[str(kind)].parameters

    def parse_rule(self, text: str) -> FaultRule:
        """Parse and check the text form ``SERVICE:OPERATION:KIND[:key=value,key=value…]``."""
        return self.rule_from_mapping(split_rule(text, example=self.example))

    def rule_from_mapping(self, data: Mapping[str, Any]) -> FaultRule:
        """Build and check a rule from a mapping (admin API JSON, the parsed text form)."""
        raw_kind = data.get("kind")
        spec = self.kinds.get(str(raw_kind))
        if spec is None:
            choices = ", ".join(self.kinds)
            raise FaultRuleError(f"unknown fault kind {raw_kind!r}; use one of: {choices}")
        kind = spec.kind.value
        service = str(data.get("service", ANY_SERVICE))
        if service not in self.services:
            raise FaultRuleError(f"unknown service {service!r}; use {_or_list(self.services)}")
        if spec.services and service not in spec.services:
            raise FaultRuleError(f"fault kind {kind} only exists for service {_or_list(spec.services)}")
        allowed = {*RULE_FIELDS, *COMMON_OPTIONS, *spec.parameters}
        extra = set(data) - allowed
        if extra:
            raise FaultRuleError(
                f"fault kind {kind} does not take {', '.join(sorted(extra))}; "
                f"it takes {', '.join(sorted(spec.parameters)) or 'no parameters'} (plus times, probability)"
            )
        values: dict[str, Any] = {
            "service": service,
            "operation": str(data.get("operation", "*")) or "*",
            "kind": spec.kind,
        }
        for name, option in self.options.items():
            if name not in data or (option.none_is_unset and data[name] is None):
                continue
            values[name] = option.convert(data[name])
        return self.rule_type(**values)

    def as_dict(self, rule: FaultRule) -> dict[str, Any]:
        """The rule with the options its kind uses, in the rule's field order, then the
        injector's bookkeeping: its id and how often it fired."""
        keep = {*RULE_FIELDS, *COMMON_OPTIONS, *self.parameters(rule.kind)}
        data = {k: v for k, v in dataclasses.asdict(rule).items() if k in keep}
        data["kind"] = rule.kind.value
        data.update(id=rule.id, fired=rule.fired)
        return data
