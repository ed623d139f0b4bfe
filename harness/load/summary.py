"""The closing summary of a run, by request kind: requests/s, latency percentiles, failures by
SCIM status. Built in the child from Locust's statistics (duck-typed, so this module imports no
Locust), written as JSON, printed by the command."""

from __future__ import annotations

import re
from typing import Any

from .spec import REQUEST_KINDS

PERCENTILES = (0.5, 0.9, 0.95, 0.99)
_STATUS = re.compile(r"^(?:HTTP (?P<status>\d+)|no response)")


def failure_status(error: str) -> str:
    """``"HTTP 503 …ServiceUnavailable"`` → ``"503"``; no answer at all → ``"none"``."""
    found = _STATUS.match(error.strip().strip("'\""))
    if found is None:
        return "other"
    return found["status"] or "none"


def summarize(stats: Any, duration: float, *, exceptions: int = 0, workers: int = 1) -> dict[str, Any]:
    """``stats`` is Locust's ``RequestStats`` (``entries``, ``errors``, ``total``)."""
    kinds: dict[str, dict[str, Any]] = {}
    for entry in stats.entries.values():
        kinds[entry.name] = _figures(entry, duration)
    for error in stats.errors.values():
        row = kinds.setdefault(error.name, _empty())
        status = failure_status(str(error.error))
        row["failures_by_status"][status] = row["failures_by_status"].get(status, 0) + error.occurrences
    ordered = {kind: kinds.pop(kind) for kind in REQUEST_KINDS if kind in kinds}
    ordered.update(sorted(kinds.items()))
    return {
        "duration_s": round(duration, 3),
        "workers": workers,
        "kinds": ordered,
        "total": _figures(stats.total, duration),
        "exceptions": exceptions,
    }


def _empty() -> dict[str, Any]:
    return {
        "requests": 0,
        "failures": 0,
        "rps": 0.0,
        "avg_ms": 0.0,
        "max_ms": 0.0,
        **{_key(p): 0.0 for p in PERCENTILES},
        "failures_by_status": {},
    }


def _key(percentile: float) -> str:
    return f"p{percentile * 100:g}_ms"


def _figures(entry: Any, duration: float) -> dict[str, Any]:
    row = _empty()
    row["requests"] = entry.num_requests
    row["failures"] = entry.num_failures
    row["rps"] = round(entry.num_requests / duration, 2) if duration > 0 else 0.0
    if entry.num_requests:
        row["avg_ms"] = round(entry.avg_response_time, 2)
        row["max_ms"] = round(entry.max_response_time, 2)
        for percentile in PERCENTILES:
            row[_key(percentile)] = float(entry.get_response_time_percentile(percentile))
    return row


def format_summary(summary: dict[str, Any]) -> str:
    """The table the command prints: one row per request kind, then the total."""
    header = ("kind", "requests", "req/s", "p50 ms", "p90 ms", "p95 ms", "p99 ms", "max ms", "failures")
    rows = [header]
    for kind, row in [*summary["kinds"].items(), ("total", summary["total"])]:
        by_status = _all_statuses(summary) if kind == "total" else row["failures_by_status"]
        failures = ", ".join(
            f"{count}× {_status_text(status)}" for status, count in sorted(by_status.items())
        )
        rows.append(
            (
                kind,
                str(row["requests"]),
                f"{row['rps']:.1f}",
                *(f"{row[_key(p)]:.0f}" for p in PERCENTILES),
                f"{row['max_ms']:.0f}",
                failures or "0",
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = []
    for number, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:-1], widths[1:-1], strict=True)]
        lines.append("  ".join([*cells, row[-1]]))
        if number == 0 or number == len(rows) - 2:
            lines.append("  ".join("-" * w for w in widths[:-1]) + "  " + "-" * max(8, widths[-1]))
    processes = "process" if summary["workers"] == 1 else "processes"
    lines.append(
        f"{summary['total']['requests']} requests in {summary['duration_s']:.1f} s from "
        f"{summary['workers']} load {processes}"
        + (
            f"; {summary['exceptions']} exception(s) in the load itself (see the HTML report)"
            if summary["exceptions"]
            else ""
        )
    )
    return "\n".join(lines)


def _all_statuses(summary: dict[str, Any]) -> dict[str, int]:
    merged: dict[str, int] = {}
    for row in summary["kinds"].values():
        for status, count in row["failures_by_status"].items():
            merged[status] = merged.get(status, 0) + count
    return merged


def _status_text(status: str) -> str:
    return {"none": "no response", "other": "other"}.get(status, f"HTTP {status}")
