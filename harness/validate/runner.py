"""``provlab validate`` as a function: load, cross-check, then run the suite (or target checks)."""

from __future__ import annotations

from pathlib import Path

import requests

from .crosscheck import cross_check
from .inputs import load_inputs
from .results import CheckResult, ValidationReport
from .suite import STANDARD_SUITE, run_suite
from .target import run_target_checks


def validate(
    config: str | Path,
    template: str | Path,
    mappings: str | Path,
    *,
    connector: str | None = None,
    target_url: str | None = None,
    allow_writes: bool = False,
    target_session: requests.Session | None = None,
) -> ValidationReport:
    """Every check of a customer's configuration. The suite runs against the simulator, or with
    ``target_url`` read-only checks run against that target (and the suite too with ``allow_writes``)."""
    inputs, loaded = load_inputs(config, template, mappings, connector=connector)
    report = ValidationReport(loaded + cross_check(inputs))
    if report.errors:
        reason = "fix the errors above first"
        report.results += [CheckResult(name, "suite", skipped=reason) for name, _ in STANDARD_SUITE]
        return report
    if target_url is None:
        report.results += run_suite(inputs)
        return report
    report.results += run_target_checks(inputs, target_url, session=target_session)
    if allow_writes:
        report.results += run_suite(inputs, target_url=target_url, target_session=target_session)
    return report
