"""``provlab validate``: cross-check a customer's configuration and run the standard suite."""

from .crosscheck import cross_check
from .inputs import Inputs, load_inputs
from .lab import Lab, start_lab
from .results import CheckResult, Issue, ValidationReport
from .runner import validate
from .suite import STANDARD_SUITE, run_suite
from .target import run_target_checks

__all__ = [
    "STANDARD_SUITE",
    "CheckResult",
    "Inputs",
    "Issue",
    "Lab",
    "ValidationReport",
    "cross_check",
    "load_inputs",
    "run_suite",
    "run_target_checks",
    "start_lab",
    "validate",
]
