"""What a validation found: one row per check, with the reasons a customer must act on."""

from __future__ import annotations

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
    kind: str  # "static" (cross-checks) or "suite" (run against a target)
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


@dataclass
class ValidationReport:
    results: list[CheckResult] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(r.status in (PASS, WARN, SKIP) for r in self.results) and any(
            r.status != SKIP for r in self.results
        )

    @property
    def errors(self) -> list[Issue]:
        return [i for r in self.results for i in r.issues if i.error]

    def to_dict(self) -> dict[str, Any]:
        return {"passed": self.passed, "checks": [r.to_dict() for r in self.results]}
