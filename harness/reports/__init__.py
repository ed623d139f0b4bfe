"""Reports of a provisioning run: per user, the portal's steps, the SCIM exchanges, the calls
to the target and its state before and after; one self-contained HTML file plus JSON."""

from .build import STEP_TITLES, build_run_report
from .collector import ReportCollector
from .model import Attempt, RunReport, ScimCall, StepView, TargetCall, UserSection
from .render import ReportPathError, check_report_path, render_html, render_json, write_report
from .wording import CA_CERT_HINT, HTTPS_HINT, counted, plain_http_to_tls_hint

__all__ = [
    "CA_CERT_HINT",
    "HTTPS_HINT",
    "STEP_TITLES",
    "Attempt",
    "ReportCollector",
    "ReportPathError",
    "RunReport",
    "ScimCall",
    "StepView",
    "TargetCall",
    "UserSection",
    "build_run_report",
    "check_report_path",
    "counted",
    "plain_http_to_tls_hint",
    "render_html",
    "render_json",
    "write_report",
]
