"""The vocabulary of a configuration check, shared by ``provlab connector check`` and ``provlab validate``.

Both packages report checks the same way (a row per check, each problem saying what is wrong,
where, and how to fix it), so the connector's checks compose into the harness's report unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

PASS, FAIL, WARN, SKIP = "pass", "fail", "warn", "skip"


@dataclass(frozen=True)
class Issue:
    """One problem: what is wrong (and where), and how to fix it."""

    message: str
    fix: str = ""
    error: bool = True  # False: a warning, the check still passes

    def __str__(self) -> str:
        message = self.message.rstrip(".")
        return f"{message}. Fix: {self.fix}" if self.fix else message


@dataclass
class CheckResult:
    """A row of the pass/fail table."""

    name: str
    kind: str  # "static" (cross-checks), "target" (read-only, a real target) or "suite" (run against one)
    issues: list[Issue] = field(default_factory=list)
    skipped: str | None = None  # why the check did not run
    detail: str = ""  # what a passing check saw

    @property
    def status(self) -> str:
        if self.skipped is not None:
            return SKIP
        if any(issue.error for issue in self.issues):
            return FAIL
        return WARN if self.issues else PASS

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "status": self.status,
            "detail": self.detail,
            "skipped": self.skipped,
            "issues": [
                {"level": "error" if i.error else "warning", "message": i.message, "fix": i.fix}
                for i in self.issues
            ],
        }


def passed(results: list[CheckResult]) -> bool:
    """Every check passed, warned or was skipped, and at least one ran."""
    return all(r.status in (PASS, WARN, SKIP) for r in results) and any(r.status != SKIP for r in results)


Check = tuple[str, tuple[str, ...], Callable[..., CheckResult]]
"""A check's row name, the inputs it needs (attribute names) and the function of those inputs."""


def run_checks(checks: tuple[Check, ...], inputs: object, *, kind: str = "static") -> list[CheckResult]:
    """Run each check on ``inputs``; one whose inputs did not load is skipped with the reason."""
    results = []
    for name, needs, check in checks:
        missing = [label for label in needs if getattr(inputs, label) is None]
        if missing:
            results.append(
                CheckResult(name, kind, skipped=f"needs the {' and '.join(missing)}, which did not load")
            )
        else:
            results.append(check(inputs))
    return results
