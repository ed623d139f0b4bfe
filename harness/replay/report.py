"""The outcome of a replay, as data (``--json``) and as the readable text the CLI prints."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .compare import Mismatch


@dataclass
class ExchangeResult:
    """One replayed exchange: what was sent, what came back, and every difference."""

    where: str  # file:line
    method: str
    url: str
    expected_status: int
    status: int | None = None
    note: str | None = None
    mismatches: list[Mismatch] = field(default_factory=list)
    error: str | None = None  # the exchange could not be sent or prepared
    actual_body: Any = None

    @property
    def passed(self) -> bool:
        return self.error is None and not self.mismatches

    def to_dict(self) -> dict[str, Any]:
        return {
            "where": self.where,
            "method": self.method,
            "url": self.url,
            "note": self.note,
            "expectedStatus": self.expected_status,
            "status": self.status,
            "passed": self.passed,
            "error": self.error,
            "mismatches": [m.to_dict() for m in self.mismatches],
        }


@dataclass
class ReplayReport:
    source: str
    results: list[ExchangeResult] = field(default_factory=list)
    total: int = 0  # exchanges in the file (more than results when the replay stopped early)

    @property
    def failures(self) -> list[ExchangeResult]:
        return [r for r in self.results if not r.passed]

    @property
    def passed(self) -> bool:
        return not self.failures and len(self.results) == self.total

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "passed": self.passed,
            "total": self.total,
            "replayed": len(self.results),
            "failed": len(self.failures),
            "exchanges": [r.to_dict() for r in self.results],
        }


def render_text(report: ReplayReport) -> str:
    """One line per exchange, and under each failure its differences and the actual body."""
    lines = []
    for result in report.results:
        mark = "ok  " if result.passed else "FAIL"
        status = result.status if result.status is not None else "-"
        note = f"  ({result.note})" if result.note else ""
        lines.append(f"{mark} {result.where}  {result.method} {result.url} -> {status}{note}")
        if result.error:
            lines.append(f"       error: {result.error}")
        for mismatch in result.mismatches:
            lines.append(f"       {mismatch}")
        if result.mismatches and result.actual_body is not None:
            body = json.dumps(result.actual_body, indent=2, ensure_ascii=False, sort_keys=True)
            lines.append("       actual body:")
            lines.extend("         " + text for text in body.splitlines()[:40])
    skipped = report.total - len(report.results)
    verdict = "PASSED" if report.passed else "FAILED"
    summary = f"{verdict}: {len(report.results) - len(report.failures)} of {report.total} exchanges matched"
    if report.failures:
        summary += f", {len(report.failures)} differed"
    if skipped:
        summary += f", {skipped} not replayed (stopped at the first failure)"
    lines.append(f"{summary} ({report.source})")
    return "\n".join(lines)
