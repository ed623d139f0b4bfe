"""Run a :class:`Scenario` against a fresh :class:`~harness.orchestration.Lab`, step by step,
checking each step's expectations; the first failing step raises :class:`ScenarioFailure`."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

from harness.directory import SourceUser, seed_users
from harness.orchestration import Lab, LabOptions
from harness.orchestration.target import TargetError
from harness.scim_client import ScimCallError, ScimClient
from provlab.clock import FixedClock

from . import expectations as ex
from .expectations import Mismatch
from .model import Expectation, Scenario, Step
from .report import format_failure


class ScenarioFailure(AssertionError):
    """A step did not do what the scenario expects; ``str()`` is the full, readable report."""

    def __init__(self, report: str, mismatches: list[Mismatch]) -> None:
        super().__init__(report)
        self.report = report
        self.mismatches = mismatches


@dataclass
class StepRun:
    """What one step produced: its outcome and the traffic it caused."""

    step: Step
    step_target: str = "sap"
    outcome: Any = None
    exchanges: list[Any] = field(default_factory=list)
    calls: list[dict[str, Any]] = field(default_factory=list)


def lab_options(scenario: Scenario, *, sockets: bool = False, state_dir: Path | None = None) -> LabOptions:
    """The lab a scenario describes (the clock fixed at 09:00 UTC on its ``today``)."""
    mapping_set = None
    if scenario.mappings is not None:
        from harness.mappings import load_mappings

        mapping_set = load_mappings(scenario.mappings)
    users = [_source_user(u) for u in scenario.source_users] + seed_users(
        scenario.source_seed, seed=scenario.seed
    )
    return LabOptions(
        target=scenario.target,
        host_config=scenario.host_config,
        connector=scenario.connector,
        template=scenario.template,
        sockets=sockets,
        clock=FixedClock(datetime.combine(scenario.today, time(9), UTC)),
        mapping_set=mapping_set,
        source_users=users,
        target_users=scenario.target_users,
        target_seed=scenario.target_seed,
        seed=scenario.seed,
        flag_dialect=scenario.flag_dialect,
        state_dir=state_dir,
    )


def run_scenario(
    scenario: Scenario,
    *,
    sockets: bool = False,
    state_dir: Path | None = None,
    report_to: Path | None = None,
) -> list[StepRun]:
    """Run every step; raise :class:`ScenarioFailure` at the first one that misses an expectation.

    With ``report_to`` (``FILE.html``) the run is also written as a report, passed or failed."""
    use_sockets = scenario.sockets if scenario.sockets is not None else sockets
    with Lab(lab_options(scenario, sockets=use_sockets, state_dir=state_dir)) as lab:
        if report_to is None:
            return _run_steps(lab, scenario)
        from .run_report import reported

        with reported(lab, scenario, report_to):
            return _run_steps(lab, scenario)


def _run_steps(lab: Lab, scenario: Scenario) -> list[StepRun]:
    runs = []
    for index, step in enumerate(scenario.steps, 1):
        seq, sent = lab.target.last_seq(), len(lab.exchanges)
        run = StepRun(step, scenario.target)
        error = ""
        try:
            run.outcome = _perform(lab, step)
        except (ScimCallError, TargetError, KeyError, ValueError) as problem:
            error = f"{type(problem).__name__}: {problem}"
        run.exchanges = lab.exchanges[sent:]
        run.calls = lab.target.journal(since=seq)
        mismatches = [] if error else _check(lab, scenario, run)
        if error or mismatches:
            report = format_failure(
                scenario=scenario,
                index=index,
                step=step,
                mismatches=mismatches,
                exchanges=run.exchanges,
                calls=run.calls,
                error=error,
            )
            raise ScenarioFailure(report, mismatches)
        runs.append(run)
    return runs


# performing ----------------------------------------------------------------------------------
def _perform(lab: Lab, step: Step) -> Any:
    entra = lab.entra
    if step.kind == "cycle":
        return entra.engine.run_cycle()
    if step.kind == "on_demand":
        return entra.engine.provision_on_demand(step.argument)
    if step.kind == "event":
        if step.argument == "create":
            return entra.directory.create(_source_user(step.options["user"]))
        return entra.directory.apply(step.argument, step.options["user"], **step.options.get("set", {}))
    if step.kind == "scim":
        request = step.argument
        return lab.scim_request(request.get("method", "GET").upper(), request["path"], request.get("body"))
    if step.kind == "test_connection":
        return _test_connection(lab, step.options.get("secret"))
    if step.kind == "import":
        return lab.host.full_import()
    if step.kind == "target_user":
        return lab.target.create_user(dict(step.argument))
    if step.kind == "fault":
        return lab.target.add_fault(step.argument)
    raise ValueError(f"unknown step kind {step.kind}")  # the loader refuses these first


def _test_connection(lab: Lab, secret: str | None) -> ScimCallError | None:
    """Entra's probe; with ``secret`` as an admin would paste a different Secret Token."""
    client = lab.entra.client
    if secret is not None:
        client = ScimClient(
            lab.host.tenant_url,
            secret,
            ca_cert=lab.host.ca_cert,
            session=lab.host.session,
            on_exchange=lab.record_exchange,
        )
    try:
        client.test_connection(lab.entra.engine.rules.matching_attributes[0])
    except ScimCallError as error:
        return error
    return None


def _source_user(data: dict[str, Any]) -> SourceUser:
    fields = dict(data)
    fields.setdefault("id", str(uuid.uuid5(uuid.NAMESPACE_URL, f"provlab:{fields['userPrincipalName']}")))
    return SourceUser(**fields)


# checking ------------------------------------------------------------------------------------
def _check(lab: Lab, scenario: Scenario, run: StepRun) -> list[Mismatch]:
    mismatches: list[Mismatch] = []
    for expectation in run.step.expectations:
        mismatches += _CHECKS[expectation.key](lab, run, expectation, str(scenario.path))
    return mismatches


def _target(lab: Lab, run: StepRun, exp: Expectation, where: str) -> list[Mismatch]:
    result = []
    for name, fields in exp.value.items():
        line = exp.value.line_of(name) if hasattr(exp.value, "line_of") else exp.line
        actual = lab.target.user(str(name))
        result += ex.target_user(str(name), fields, actual, line, where, sap=run.step_target == "sap")
    return result


def _target_count(lab: Lab, run: StepRun, exp: Expectation, where: str) -> list[Mismatch]:
    count = len(lab.target.users())
    return (
        [] if count == exp.value else [Mismatch(exp.line, "number of users in the target", exp.value, count)]
    )


def _operations(lab: Lab, run: StepRun) -> list[str]:
    """The target calls of a step, without fetches of the service description (SAP's ``WSDL``)."""
    skipped = lab.vendor.description_operations
    return [call["operation"] for call in run.calls if call["operation"] not in skipped]


def _calls(lab: Lab, run: StepRun, exp: Expectation, where: str) -> list[Mismatch]:
    actual = _operations(lab, run)
    if ex.ordered_subsequence(exp.value, actual):
        return []
    return [
        Mismatch(
            exp.line,
            "target calls, in this order",
            exp.value,
            actual,
            "the connector's workflow makes these calls; compare with the template's workflow",
        )
    ]


def _no_calls(lab: Lab, run: StepRun, exp: Expectation, where: str) -> list[Mismatch]:
    made = [op for op in _operations(lab, run) if op in exp.value]
    return (
        [Mismatch(exp.line, "target calls that must not happen", f"none of {exp.value}", made)]
        if made
        else []
    )


def _log(lab: Lab, run: StepRun, exp: Expectation, where: str) -> list[Mismatch]:
    wanted = exp.value
    user = (
        wanted.get("user")
        or run.step.options.get("user")
        or (run.step.argument if run.step.kind == "on_demand" else None)
    )
    records = lab.entra.logs.read()
    if user:
        records = [r for r in records if str(r["sourceIdentity"]["displayName"]).lower() == str(user).lower()]
    if not records:
        return [Mismatch(exp.line, f"a provisioning log record for {user or 'any user'}", wanted, "(none)")]
    record = records[-1]
    info = record["provisioningStatusInfo"]
    error = info.get("errorInformation") or {}
    actual = {
        "action": record["provisioningAction"],
        "status": info["status"],
        "error_code": error.get("errorCode"),
        "reason": error.get("reason"),
    }
    result = []
    for key, want in wanted.items():
        if key == "user":
            continue
        got = actual[key]
        ok = want in (got or "") if key == "reason" else ex.same(want, got)
        if not ok:
            result.append(Mismatch(wanted.line_of(key), f"provisioning log of {user}: {key}", want, got))
    return result


def _report(lab: Lab, run: StepRun, exp: Expectation, where: str) -> list[Mismatch]:
    status = run.outcome.status
    if status == exp.value:
        return []
    return [Mismatch(exp.line, "cycle status", exp.value, f"{status}: {run.outcome.message}")]


def _counts(lab: Lab, run: StepRun, exp: Expectation, where: str) -> list[Mismatch]:
    result = []
    actual = {f"{a}/{s}": n for (a, s), n in run.outcome.counts.items()}
    for key, want in exp.value.items():
        action, _, status = str(key).partition("/")
        got = run.outcome.count(action, status or "success")
        if got != want:
            result.append(
                Mismatch(exp.value.line_of(key), f"cycle count of {key}", want, got, f"all counts: {actual}")
            )
    return result


def _on_demand(lab: Lab, run: StepRun, exp: Expectation, where: str) -> list[Mismatch]:
    got = getattr(run.outcome, exp.key)
    ok = exp.value in got if exp.key == "message" else ex.same(exp.value, got)
    if ok:
        return []
    steps = "; ".join(f"{s.title}: {s.status} ({s.description})" for s in run.outcome.steps)
    return [Mismatch(exp.line, f"provision on demand {exp.key}", exp.value, got, f"steps: {steps}")]


def _status(lab: Lab, run: StepRun, exp: Expectation, where: str) -> list[Mismatch]:
    got = run.outcome.status_code
    if got == exp.value:
        return []
    return [Mismatch(exp.line, "SCIM status", exp.value, got, f"the host answered: {run.outcome.text[:300]}")]


def _body(lab: Lab, run: StepRun, exp: Expectation, where: str) -> list[Mismatch]:
    try:
        actual = run.outcome.json()
    except ValueError:
        actual = run.outcome.text
    return [
        Mismatch(exp.line, f"SCIM response body at {path}", want, got)
        for path, want, got in ex.subset_differences(exp.value, actual)
    ]


def _ok(lab: Lab, run: StepRun, exp: Expectation, where: str) -> list[Mismatch]:
    got = run.outcome is None
    if got == exp.value:
        return []
    actual = "succeeded" if got else f"failed: {run.outcome}"
    return [Mismatch(exp.line, "test connection", "succeeds" if exp.value else "fails", actual)]


def _error(lab: Lab, run: StepRun, exp: Expectation, where: str) -> list[Mismatch]:
    error = run.outcome
    text = "" if error is None else f"{error.code}: {error}"
    if error is not None and str(exp.value) in text:
        return []
    return [Mismatch(exp.line, "test connection error", f"containing {exp.value!r}", text or "(no error)")]


def _count(lab: Lab, run: StepRun, exp: Expectation, where: str) -> list[Mismatch]:
    got = run.outcome.entries
    return [] if got == exp.value else [Mismatch(exp.line, "objects imported", exp.value, got)]


_CHECKS = {
    "target": _target,
    "target_count": _target_count,
    "calls": _calls,
    "no_calls": _no_calls,
    "log": _log,
    "report": _report,
    "counts": _counts,
    "action": _on_demand,
    "status": lambda lab, run, exp, where: (_status if run.step.kind == "scim" else _on_demand)(
        lab, run, exp, where
    ),
    "message": _on_demand,
    "body": _body,
    "ok": _ok,
    "error": _error,
    "count": _count,
}
