"""Reports of a provisioning run: per user, the portal's steps, the SCIM exchanges, the calls
to the target and its state before and after; one self-contained HTML file plus JSON."""

from .build import STEP_TITLES, build_run_report
from .collector import ReportCollector
from .model import Attempt, RunReport, ScimCall, StepView, TargetCall, UserSection
from .render import render_html, render_json, write_report

__all__ = [
    "STEP_TITLES",
    "Attempt",
    "ReportCollector",
    "RunReport",
    "ScimCall",
    "StepView",
    "TargetCall",
    "UserSection",
    "build_run_report",
    "render_html",
    "render_json",
    "write_report",
]
