"""Scoping filters: clauses ANDed inside a filter, filters ORed, plus "sync only assigned".

Read from Graph's ``objectMapping.scope`` JSON or from the YAML form's short clauses
(``department EQUALS Sales``); validated when built, so a bad filter fails at load time.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .operators import (
    INTEGER_OPERAND,
    NO_OPERAND,
    OPERATORS,
    REGEX_OPERAND,
    apply_operator,
    canonical_operator,
)

# KNOWN: scoping on these is not supported by Entra.
UNSUPPORTED_ATTRIBUTES = frozenset({"appRoleAssignments", "userType", "manager", "IsMemberOf", "members"})


class ScopingError(ValueError):
    """A scoping filter that Entra would not accept; ``path`` says where it is."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        super().__init__(f"{path}: {message}")


@dataclass(frozen=True)
class ScopingClause:
    attribute: str
    operator: str
    values: tuple[str, ...] = ()

    @classmethod
    def build(cls, attribute: str, operator: str, values: Sequence[object], path: str) -> ScopingClause:
        canonical = canonical_operator(operator)
        if canonical is None:
            raise ScopingError(path, f"unknown operator {operator!r}; use one of {', '.join(OPERATORS)}")
        if not attribute or not isinstance(attribute, str):
            raise ScopingError(path, "a clause needs a source attribute name")
        if attribute in UNSUPPORTED_ATTRIBUTES:
            raise ScopingError(path, f"Entra does not support scoping on {attribute}")
        texts = tuple("" if v is None else str(v) for v in values)
        if canonical not in NO_OPERAND and not texts:
            raise ScopingError(path, f"{canonical} needs a value to compare with")
        if canonical in INTEGER_OPERAND and not all(re.fullmatch(r"[-+]?[0-9]+", t.strip()) for t in texts):
            raise ScopingError(path, f"{canonical} compares integers only; {texts[0]!r} is not an integer")
        if canonical in REGEX_OPERAND:
            for pattern in texts:
                try:
                    re.compile(pattern)
                except re.error as exc:
                    raise ScopingError(
                        path, f"{pattern!r} is not a valid regular expression: {exc}"
                    ) from None
        return cls(attribute, canonical, texts)

    def matches(self, attributes: Mapping[str, object]) -> bool:
        return apply_operator(self.operator, _lookup(attributes, self.attribute), self.values)

    def describe(self) -> str:
        return f"{self.attribute} {self.operator} {', '.join(self.values)}".rstrip()


@dataclass(frozen=True)
class ScopingFilter:
    """One titled filter: every clause must hold."""

    name: str
    clauses: tuple[ScopingClause, ...]

    def matches(self, attributes: Mapping[str, object]) -> bool:
        return all(clause.matches(attributes) for clause in self.clauses)


@dataclass(frozen=True)
class ScopingFilters:
    """The object mapping's filters: a user is in scope when any filter holds (or there are none)."""

    filters: tuple[ScopingFilter, ...] = field(default_factory=tuple)

    def matches(self, attributes: Mapping[str, object]) -> bool:
        return not self.filters or any(f.matches(attributes) for f in self.filters)

    def explain(self, attributes: Mapping[str, object]) -> list[str]:
        """Lines as provision-on-demand shows them: ``{title} {attr} {operator} {value}: passed``."""
        return [
            f"{f.name} {clause.describe()}: {'passed' if clause.matches(attributes) else 'failed'}"
            for f in self.filters
            for clause in f.clauses
        ]

    def describe(self) -> str:
        if not self.filters:
            return "none"
        return " OR ".join(
            f"{f.name} ({' AND '.join(clause.describe() for clause in f.clauses)})" for f in self.filters
        )

    # -- Graph JSON ------------------------------------------------------------------------
    @classmethod
    def from_graph(cls, scope: Mapping[str, Any] | None, path: str = "scope") -> ScopingFilters:
        """Read Graph's ``scope`` (``groups`` of ``clauses``; ``inputFilterGroups`` is read the same way)."""
        if not scope:
            return cls()
        if not isinstance(scope, Mapping):
            raise ScopingError(path, "must be an object with 'groups'")
        filters: list[ScopingFilter] = []
        for group_key in ("groups", "inputFilterGroups"):
            for index, group in enumerate(scope.get(group_key) or []):
                where = f"{path}.{group_key}[{index}]"
                if not isinstance(group, Mapping):
                    raise ScopingError(where, "must be an object with 'name' and 'clauses'")
                clauses = tuple(
                    _graph_clause(clause, f"{where}.clauses[{n}]")
                    for n, clause in enumerate(group.get("clauses") or [])
                )
                if not clauses:
                    raise ScopingError(where, "a scoping filter needs at least one clause")
                filters.append(ScopingFilter(str(group.get("name") or f"Filter {len(filters) + 1}"), clauses))
        return cls(tuple(filters))

    def to_graph(self) -> dict[str, Any]:
        return {
            "categoryFilterGroups": [],
            "inputFilterGroups": [],
            "groups": [
                {
                    "name": f.name,
                    "clauses": [
                        {
                            "operatorName": clause.operator,
                            "sourceOperandName": clause.attribute,
                            "targetOperand": {"values": list(clause.values)},
                        }
                        for clause in f.clauses
                    ],
                }
                for f in self.filters
            ],
        }

    # -- short form ------------------------------------------------------------------------
    @classmethod
    def from_short(cls, filters: Sequence[Any], path: str = "filters") -> ScopingFilters:
        """Read the YAML form: ``[{name, clauses: ["department EQUALS Sales", …]}]``."""
        built: list[ScopingFilter] = []
        for index, item in enumerate(filters):
            where = f"{path}[{index}]"
            if (
                not isinstance(item, Mapping)
                or not isinstance(item.get("clauses"), list)
                or not item["clauses"]
            ):
                raise ScopingError(where, 'write {name: ..., clauses: ["attribute OPERATOR value", ...]}')
            clauses = tuple(
                _short_clause(text, f"{where}.clauses[{n}]") for n, text in enumerate(item["clauses"])
            )
            built.append(ScopingFilter(str(item.get("name") or f"Filter {index + 1}"), clauses))
        return cls(tuple(built))


def _graph_clause(clause: Any, path: str) -> ScopingClause:
    if not isinstance(clause, Mapping):
        raise ScopingError(path, "must be an object with operatorName, sourceOperandName, targetOperand")
    operand = clause.get("targetOperand") or {}
    values = operand.get("values") or [] if isinstance(operand, Mapping) else []
    return ScopingClause.build(
        str(clause.get("sourceOperandName") or ""), str(clause.get("operatorName") or ""), values, path
    )


_SHORT_OPERATORS = sorted(OPERATORS, key=len, reverse=True)


def _short_clause(text: Any, path: str) -> ScopingClause:
    if isinstance(text, Mapping):
        values = text.get("values", [text["value"]] if "value" in text else [])
        return ScopingClause.build(
            str(text.get("attribute", "")), str(text.get("operator", "")), values, path
        )
    if not isinstance(text, str) or " " not in text.strip():
        raise ScopingError(
            path, 'write a clause as "attribute OPERATOR value", e.g. "department EQUALS Sales"'
        )
    attribute, rest = text.strip().split(None, 1)
    for name in _SHORT_OPERATORS:
        for spelling in {name, name.replace(" ", "_")}:
            if rest.upper().startswith(spelling.upper()) and (
                len(rest) == len(spelling) or rest[len(spelling)] == " "
            ):
                value = rest[len(spelling) :].strip()
                return ScopingClause.build(attribute, name, [value] if value else [], path)
    raise ScopingError(path, f"no known operator in {text!r}; use one of {', '.join(OPERATORS)}")


def _lookup(attributes: Mapping[str, object], name: str) -> object:
    if name in attributes:
        return attributes[name]
    lowered = name.lower()
    return next((v for k, v in attributes.items() if k.lower() == lowered), None)


def in_scope(
    attributes: Mapping[str, object], *, assigned: bool, sync_all: bool, filters: ScopingFilters
) -> bool:
    """Entra's scope decision: assignment (unless "Sync all users and groups") and the scoping filters."""
    return (sync_all or assigned) and filters.matches(attributes)
