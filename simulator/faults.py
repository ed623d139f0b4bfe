"""Fault injection, on the model of midPoint's dummy-resource BreakMode.

A :class:`FaultRule` names a service (a registered target such as ``sap`` or ``rest``, or ``*``),
an operation (a BAPI name such as ``BAPI_USER_CREATE1``, or a REST route such as
``GET /api/v1/users``; shell-style wildcards allowed) and a kind of failure. It fires every time,
the first ``times`` times, or with ``probability`` drawn from the injector's seeded generator, so
a run with the same seed fails the same way. This module decides *whether* and *what*; the
services' wire adapters decide how each kind looks on their protocol.

The grammar (text form, options, their checks, the kinds any service can suffer) is the
vendor-neutral :mod:`provlab.faults`; the simulator's grammar adds every registered target
(:mod:`simulator.registry`) as a service, with the kinds and options only it has (SAP's
``soap_fault`` and ``sap_error`` with ``number`` and ``message``), listed after ``hang`` in
registry order. It is built when first needed, again when the registry changes.
"""

from __future__ import annotations

import dataclasses
import itertools
import random
import threading
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, ClassVar

from provlab import faults as neutral
from provlab.faults import (
    DEFAULT_HANG_SECONDS,
    GENERIC_OPTIONS,
    HTTP_STATUSES,
    MAX_HANG_SECONDS,
    FaultGrammar,
    FaultKind,
    FaultRuleError,
    KindSpec,
    Option,
)
from simulator.registry import Registry, TargetRegistryError, registry
from simulator.sap.fault_kinds import SapFaultKind  # the name callers have always imported from here

__all__ = [
    "DEFAULT_HANG_SECONDS",
    "HTTP_STATUSES",
    "MAX_HANG_SECONDS",
    "FaultInjector",
    "FaultKind",
    "FaultRule",
    "FaultRuleError",
    "SapFaultKind",
    "grammar_of",
    "parse_fault_rule",
    "parse_rule",
    "rule_from_mapping",
    "simulator_grammar",
]


@dataclass(frozen=True)
class FaultRule(neutral.FaultRule):
    """A rule of the simulator. The grammar's own rule type subclasses it with a field for each
    option the registered targets add (SAP's ``number`` and ``message``)."""

    built_by: ClassVar[FaultGrammar | None] = None  # the grammar whose rule type this is

    def as_dict(self) -> dict[str, Any]:
        """The rule with the parameters its kind uses (plus id and how often it fired)."""
        return (type(self).built_by or simulator_grammar()).as_dict(self)


_GENERIC_OPTION_NAMES = frozenset(option.name for option in GENERIC_OPTIONS)


def _vendor_parts(registry_: Registry) -> tuple[list[KindSpec], dict[str, tuple[Option, Any]], str | None]:
    """The targets' kinds (each for its own service), options with their unset values, and the
    first example rule, checked against each other."""
    kinds: list[KindSpec] = []
    kind_owner: dict[str, str] = {kind.value: "provlab.faults" for kind in FaultKind}
    options: dict[str, tuple[Option, Any]] = {}
    option_owner: dict[str, str] = {}
    example = None
    for target in registry_.targets():
        where = registry_.registration(target.name).where
        for spec in target.fault_kinds:
            if spec.kind.value in kind_owner:
                raise TargetRegistryError(
                    f"{where}: fault kind {spec.kind.value} is already defined by "
                    f"{kind_owner[spec.kind.value]}; prefix the kind with the target's name"
                )
            kind_owner[spec.kind.value] = target.name
            kinds.append(replace(spec, services=(target.name,)))
        for option in target.fault_options:
            if option.name in _GENERIC_OPTION_NAMES or option.name not in target.fault_defaults:
                raise TargetRegistryError(
                    f"{where}: fault option {option.name} must not be a generic option and needs its unset "
                    "value in fault_defaults"
                )
            declared = (option, target.fault_defaults[option.name])
            if option.name in options and options[option.name] != declared:
                raise TargetRegistryError(
                    f"{where}: fault option {option.name} differs from {option_owner[option.name]}'s option "
                    "of that name; use the same Option and default, or another name"
                )
            options[option.name] = declared
            option_owner.setdefault(option.name, target.name)
        example = example or target.fault_example
    return kinds, options, example


@lru_cache(maxsize=8)
def grammar_of(registry_: Registry) -> FaultGrammar:
    """The grammar of the simulator serving ``registry_``'s targets (built once per registry)."""
    kinds, options, example = _vendor_parts(registry_)
    rule_type = dataclasses.make_dataclass(
        "FaultRule",
        [(name, Any, dataclasses.field(default=unset)) for name, (_option, unset) in options.items()],
        bases=(FaultRule,),
        frozen=True,
        namespace={"__module__": __name__},
    )
    built = FaultGrammar(services=registry_.names()).extended(
        kinds=kinds,
        options=[option for option, _unset in options.values()],
        after=FaultKind.HANG,
        rule_type=rule_type,
        example=example,
    )
    rule_type.built_by = built
    return built


def simulator_grammar() -> FaultGrammar:
    """The grammar of the installed targets."""
    return grammar_of(registry())


def rule_from_mapping(data: dict[str, Any]) -> FaultRule:
    """Build and check a rule from a dict (admin API JSON, parsed CLI text)."""
    return simulator_grammar().rule_from_mapping(data)  # type: ignore[return-value]


def parse_rule(text: str) -> FaultRule:
    """Parse the CLI form ``SERVICE:OPERATION:KIND[:key=value,key=value…]``.

    Examples: ``sap:BAPI_USER_CREATE1:sap_error:number=224,times=1``,
    ``rest:GET /api/v1/users:http_status:status=503,retry_after=5``, ``*:*:latency:ms=200``.
    """
    return simulator_grammar().parse_rule(text)  # type: ignore[return-value]


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
