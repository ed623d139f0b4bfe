"""Assembling a :class:`RunReport` from a run's raw material, grouped per user.

SCIM exchanges and target calls are tied to a user by the target id (ECMA2Host's id is the
anchor, e.g. ``JDOE``) appearing in the request's URL or body, as a whole word and ignoring
case (SAP upper-cases user names). What matches no user (test-connection probes, imports) is
kept apart.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, is_dataclass
from typing import Any
from urllib.parse import unquote

from .model import Attempt, RunReport, ScimCall, StepView, TargetCall, UserSection

# The portal's on-demand step titles, by the log's provisioningStepType.
STEP_TITLES = {
    "import": "Import user",
    "scoping": "Determine if user is in scope",
    "matching": "Match user between source and target",
    "processing": "Perform action",
    "referenceResolution": "Perform action",
    "export": "Perform action",
}


def build_run_report(
    *,
    title: str,
    generated: str,
    records: Iterable[Mapping[str, Any]] = (),
    exchanges: Iterable[Any] = (),
    target_calls: Iterable[Mapping[str, Any]] = (),
    before: Mapping[str, Mapping[str, Any]] | None = None,
    after: Mapping[str, Mapping[str, Any]] | None = None,
    target_unavailable: str | None = None,
) -> RunReport:
    """``records``: Entra provisioning log records (Graph shape); ``exchanges``: the SCIM client's
    ``Exchange`` objects (or dicts with method/url/status/request_body/response_body);
    ``target_calls``: journal entries as dicts; ``before``/``after``: target state by user id;
    ``target_unavailable``: why the target could not be read (the report says so instead)."""
    report = RunReport(title=title, generated=generated, target_unavailable=target_unavailable)
    users: dict[str, UserSection] = {}
    for record in records:
        section = _section_for(users, record)
        section.attempts.append(_attempt(record))
    for anchor, state in (before or {}).items():
        _by_id(users, anchor).before = dict(state)
    for anchor, state in (after or {}).items():
        _by_id(users, anchor).after = dict(state)
    patterns = {key: _word(key) for key in users}
    for exchange in exchanges:
        call = _scim_call(exchange)
        owner = _owner(patterns, unquote(call.url) + " " + _text(call.request_body))
        (users[owner].scim if owner else report.other_scim).append(call)
    for entry in target_calls:
        call = TargetCall(
            service=str(entry.get("service", "")),
            operation=str(entry.get("operation", "")),
            status=int(entry.get("status", 0)),
            outcome=str(entry.get("outcome", "")),
            inputs=dict(entry.get("inputs") or {}),
            detail=dict(entry.get("detail") or {}),
        )
        owner = _owner(patterns, _text(call.inputs))
        (users[owner].target_calls if owner else report.other_target_calls).append(call)
    report.users = sorted(users.values(), key=lambda u: u.source_name.lower())
    report.summary = _summary(report)
    return report


def _section_for(users: dict[str, UserSection], record: Mapping[str, Any]) -> UserSection:
    target = (record.get("targetIdentity") or {}).get("id") or None
    source = (record.get("sourceIdentity") or {}).get("displayName") or target or "(unknown)"
    key = (target or source).lower()
    section = users.get(key)
    if section is None:
        section = users[key] = UserSection(source_name=source, target_id=target)
    elif section.source_name == section.target_id and source:
        section.source_name = source
    return section


def _by_id(users: dict[str, UserSection], anchor: str) -> UserSection:
    key = anchor.lower()
    if key not in users:
        users[key] = UserSection(source_name=anchor, target_id=anchor)
    return users[key]


def _attempt(record: Mapping[str, Any]) -> Attempt:
    info = record.get("provisioningStatusInfo") or {}
    error = info.get("errorInformation") or {}
    steps = [
        StepView(
            # an on-demand result names its steps as the portal does; a log record only types them
            step.get("title") or STEP_TITLES.get(step.get("provisioningStepType", ""), step.get("name", "")),
            step.get("status", ""),
            step.get("description", ""),
            dict(step.get("details") or {}),
        )
        for step in record.get("provisioningSteps") or []
    ]
    return Attempt(
        when=str(record.get("activityDateTime", "")),
        action=str(record.get("provisioningAction", "")),
        status=str(info.get("status", "")),
        steps=steps,
        error=error.get("reason") or None,
        modified=list(record.get("modifiedProperties") or []),
    )


def _scim_call(exchange: Any) -> ScimCall:
    data = asdict(exchange) if is_dataclass(exchange) else dict(exchange)
    return ScimCall(
        method=data.get("method", ""),
        url=data.get("url", ""),
        status=data.get("status"),
        request_body=data.get("request_body"),
        response_body=data.get("response_body"),
    )


def _word(anchor: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w.@-])" + re.escape(anchor) + r"(?![\w.@-])", re.IGNORECASE)


def _owner(patterns: Mapping[str, re.Pattern[str]], text: str) -> str | None:
    return next((key for key, pattern in patterns.items() if pattern.search(text)), None)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)


def _summary(report: RunReport) -> dict[str, Any]:
    attempts = [a for u in report.users for a in u.attempts]
    return {
        "users": len(report.users),
        "attempts": len(attempts),
        "failures": sum(1 for a in attempts if a.status == "failure"),
        "scimExchanges": sum(len(u.scim) for u in report.users) + len(report.other_scim),
        "targetCalls": sum(len(u.target_calls) for u in report.users) + len(report.other_target_calls),
    }
