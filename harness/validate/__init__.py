"""``provlab validate``: cross-check a customer's configuration and run the standard suite."""

from .crosscheck import cross_check
from .inputs import Inputs, load_inputs
from .results import CheckResult, Issue, ValidationReport
from .runner import validate
from .suite import LAB_START, STANDARD_SUITE, lab_options, run_suite
from .target import run_target_checks

__all__ = [
    "LAB_START",
    "STANDARD_SUITE",
    "CheckResult",
    "Inputs",
    "Issue",
    "ValidationReport",
    "cross_check",
    "lab_options",
    "load_inputs",
    "run_suite",
    "run_target_checks",
    "validate",
]
