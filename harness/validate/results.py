"""What a validation found: one row per check (:class:`provlab.checks.CheckResult`, the rows the
connector's own checks give too), with the reasons a customer must act on."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from provlab.checks import FAIL, PASS, SKIP, WARN, CheckResult, Issue, passed

__all__ = ["FAIL", "PASS", "SKIP", "WARN", "CheckResult", "Issue", "ValidationReport"]


@dataclass
class ValidationReport:
    results: list[CheckResult] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return passed(self.results)

    @property
    def errors(self) -> list[Issue]:
        return [i for r in self.results for i in r.issues if i.error]

    def to_dict(self) -> dict[str, Any]:
        return {"passed": self.passed, "checks": [r.to_dict() for r in self.results]}
