"""Comparing an expected response (a subset) with the actual one, collecting captures.

Objects compare as subsets: every key of the expected object must be in the actual one
(SCIM attribute names compare case-insensitively when the exact key is absent), extra keys
are fine. Lists compare element by element and must have the same length. Strings may hold
``{{?name}}`` / ``{{*}}`` tokens (:mod:`harness.replay.placeholders`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .placeholders import pattern_of

MISSING = object()


@dataclass(frozen=True)
class Mismatch:
    """One difference, located by a JSON-path-like ``where`` (``body.Resources[0].userName``)."""

    where: str
    expected: Any
    actual: Any

    def __str__(self) -> str:
        got = "nothing (missing)" if self.actual is MISSING else _show(self.actual)
        return f"{self.where}: expected {_show(self.expected)}, got {got}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "where": self.where,
            "expected": self.expected,
            "actual": None if self.actual is MISSING else self.actual,
            "missing": self.actual is MISSING,
        }


def match_subset(expected: Any, actual: Any, where: str, captures: dict[str, Any]) -> list[Mismatch]:
    """Differences between ``expected`` (a subset) and ``actual``; captured values go to ``captures``."""
    if isinstance(expected, str):
        pattern = pattern_of(expected)
        if pattern is not None:
            return _match_pattern(pattern, expected, actual, where, captures)
    if actual is MISSING:
        return [Mismatch(where, expected, actual)]
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [Mismatch(where, expected, actual)]
        found: list[Mismatch] = []
        for key, value in expected.items():
            found += match_subset(value, _get(actual, key), f"{where}.{key}", captures)
        return found
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return [Mismatch(where, expected, actual)]
        found = []
        for index, (item, got) in enumerate(zip(expected, actual, strict=True)):
            found += match_subset(item, got, f"{where}[{index}]", captures)
        return found
    if expected != actual or type(expected) is not type(actual):
        return [Mismatch(where, expected, actual)]
    return []


def _match_pattern(
    pattern, expected: str, actual: Any, where: str, captures: dict[str, Any]
) -> list[Mismatch]:
    if actual is MISSING:
        return [Mismatch(where, expected, actual)]
    if pattern.whole_value:
        if pattern.captures:
            captures[pattern.captures[0]] = actual
        return []
    if not isinstance(actual, str):
        return [Mismatch(where, expected, actual)]
    match = pattern.regex.fullmatch(actual)
    if match is None:
        return [Mismatch(where, expected, actual)]
    for index, name in enumerate(pattern.captures):
        captures[name] = match.group(f"c{index}")
    return []


def _get(actual: dict[str, Any], key: str) -> Any:
    if key in actual:
        return actual[key]
    lowered = key.lower()
    return next((v for k, v in actual.items() if isinstance(k, str) and k.lower() == lowered), MISSING)


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= 400 else text[:397] + "..."
