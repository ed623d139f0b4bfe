"""Compare what a step produced with what the scenario expects; each difference becomes a
:class:`Mismatch` carrying the expected value, the actual one and a hint for the fix.

Pure functions over plain data: the runner gathers the actual values (admin API, journal,
SCIM answers, provisioning logs) and hands them in.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .model import ABSENT

# Target (admin view) field → the SCIM attribute of the SAP mappings that feeds it.
SCIM_ATTRIBUTE = {
    "firstName": "firstName",
    "lastName": "lastName",
    "email": "email",
    "department": "department",
    "jobTitle": "jobTitle",
    "city": "city",
    "company": "company",
    "phone": "telephoneNumber",
    "validTo": "expirationTime",
    "userName": "userName",
}


@dataclass(frozen=True)
class Mismatch:
    line: int
    what: str
    expected: Any
    actual: Any
    hint: str = ""


def same(expected: Any, actual: Any) -> bool:
    """YAML scalars against JSON values: booleans as booleans, empty as None, the rest as text."""
    if isinstance(expected, bool) or isinstance(actual, bool):
        return expected is actual or (
            isinstance(expected, bool) and str(expected).lower() == str(actual).lower()
        )
    if expected in (None, "") or actual in (None, ""):
        return expected in (None, "") and actual in (None, "")
    if isinstance(expected, int | float) and isinstance(actual, int | float):
        return expected == actual
    return str(expected) == str(actual)


def subset_differences(expected: Any, actual: Any, path: str = "") -> Iterator[tuple[str, Any, Any]]:
    """Where ``actual`` fails to contain ``expected``: mappings by key (extra keys allowed),
    lists element by element (same length), scalars with :func:`same`."""
    if isinstance(expected, Mapping):
        if not isinstance(actual, Mapping):
            yield path or "(body)", expected, actual
            return
        for key, value in expected.items():
            where = f"{path}.{key}" if path else str(key)
            if key not in actual:
                yield where, value, "(missing)"
            else:
                yield from subset_differences(value, actual[key], where)
    elif isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            yield path or "(body)", expected, actual
            return
        for index, (want, got) in enumerate(zip(expected, actual, strict=True)):
            yield from subset_differences(want, got, f"{path}[{index}]")
    elif not same(expected, actual):
        yield path or "(body)", expected, actual


def target_user(
    name: str, expected: Any, actual: dict[str, Any] | None, line: int, where: str, *, sap: bool = True
) -> list[Mismatch]:
    """``actual`` is the admin API's view of the user (None when it answered 404); with ``sap``
    the hint names the SAP mapping that feeds a field."""
    source = f"GET /_admin/users/{name}"
    system = "SAP" if sap else "the target"
    if expected == ABSENT:
        if actual is None:
            return []
        return [
            Mismatch(
                line,
                f"target user {name}",
                ABSENT,
                f"present (status {actual.get('status')}, validTo {actual.get('validTo')})",
                f"the user is still in {system} ({source}). If it should be gone, check that Entra "
                "sent DELETE (hard delete, not a soft delete) and the host's Delete flow; else correct "
                f"{where}:{line}.",
            )
        ]
    if actual is None:
        return [
            Mismatch(
                line,
                f"target user {name}",
                "present",
                ABSENT,
                f"{system} has no user {name} ({source} answers 404). Look at the SCIM exchanges below: "
                "was a POST sent, and what did the host answer?",
            )
        ]
    mismatches = []
    for field_name, want in expected.items():
        got = actual.get(field_name)
        if same(want, got):
            continue
        attribute = SCIM_ATTRIBUTE.get(field_name) if sap else None
        feeds = f"the mapping to {attribute} and " if attribute else ""
        mismatches.append(
            Mismatch(
                expected.line_of(field_name) if hasattr(expected, "line_of") else line,
                f"target user {name}, field {field_name}",
                want,
                got,
                f"this is what {system} holds ({source}), not what was sent. If {got!r} is right, correct "
                f"the expectation; otherwise check {feeds}the template's Add/Replace workflow — the "
                "target calls below show what the connector sent.",
            )
        )
    return mismatches


def ordered_subsequence(expected: list[str], actual: list[str]) -> bool:
    remaining = iter(actual)
    return all(any(op == want for op in remaining) for want in expected)
