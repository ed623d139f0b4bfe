"""Entra's provisioning job over time: initial and incremental cycles, provision on demand,
escrow and retries, quarantine and the accidental-deletion threshold.

The engine holds the directory, the mapping rules, a SCIM client, the job state and a log
store; callers (the CLI, scenarios, tests) load and save them. Users are processed by a
pool of parallel workers, as the real service does; state is only changed on the calling
thread as results come back.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from harness.directory import Directory, SourceUser
from harness.reports.wording import counted
from harness.scim_client import Dialect, ScimCallError, ScimClient
from provlab.clock import SYSTEM_CLOCK, Clock

from . import records as r
from .logstore import LogStore
from .ondemand import OnDemandError, OnDemandResult, five_steps, test_connection_step
from .policies import (
    QUARANTINE_RETRY,
    REASON_EXCEPTION,
    REASON_TOO_MANY_DELETES,
    EscrowPolicy,
    QuarantinePolicy,
)
from .processor import DROP, UserOutcome, UserProcessor, planned_deprovision
from .records import ErrorInfo, Step, build_record
from .rules import ProvisioningRules
from .state import EscrowEntry, Link, ProvisioningState, Quarantine, iso, parse_iso

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class EngineSettings:
    """``workers``: parallel users; ``deletion_threshold``: most disables + deletes one cycle
    may send (None: no limit; Entra documents no default)."""

    workers: int = 4
    deletion_threshold: int | None = None
    escrow: EscrowPolicy = field(default_factory=EscrowPolicy)
    quarantine: QuarantinePolicy = field(default_factory=QuarantinePolicy)

    def __post_init__(self) -> None:
        if self.workers < 1:
            raise ValueError(f"workers must be at least 1, not {self.workers}")
        if self.deletion_threshold is not None and self.deletion_threshold < 0:
            raise ValueError(f"the deletion threshold must be >= 0, not {self.deletion_threshold}")


@dataclass
class CycleReport:
    """``status``: completed, quarantined (not run, or stopped by the deletion threshold) or
    failed (the test connection failed)."""

    cycle_id: str
    status: str
    message: str
    records: list[dict[str, Any]] = field(default_factory=list)
    quarantine: Quarantine | None = None

    @property
    def counts(self) -> Counter[tuple[str, str]]:
        """(provisioningAction, status) → number of objects."""
        return Counter(
            (rec["provisioningAction"], rec["provisioningStatusInfo"]["status"]) for rec in self.records
        )

    def count(self, action: str, status: str = r.SUCCESS) -> int:
        return self.counts[(action, status)]


class ProvisioningEngine:
    def __init__(
        self,
        directory: Directory,
        rules: ProvisioningRules,
        client: ScimClient,
        *,
        state: ProvisioningState | None = None,
        logs: LogStore | None = None,
        clock: Clock = SYSTEM_CLOCK,
        settings: EngineSettings | None = None,
    ) -> None:
        self.directory = directory
        self.rules = rules
        self.client = client
        self.state = state or ProvisioningState()
        self.logs = logs or LogStore()
        self.clock = clock
        self.settings = settings or EngineSettings()

    # admin actions -------------------------------------------------------------------------
    def allow_deletes(self) -> None:
        """The portal's "Allow deletes": the next cycle sends the staged disables and deletes."""
        self.state.allow_deletes = True
        if self.state.quarantine and self.state.quarantine.reason == REASON_TOO_MANY_DELETES:
            self.state.quarantine = None

    def restart(self) -> None:
        """The portal's "Restart provisioning": full resync, quarantine and escrow cleared."""
        self.state.restart()

    # cycles ----------------------------------------------------------------------------------
    def run_cycle(self, *, on_progress: Progress | None = None) -> CycleReport:
        now = self.clock.now()
        cycle_id = str(uuid.uuid4())
        blocked = self._quarantine_blocks(now)
        if blocked:
            return CycleReport(cycle_id, "quarantined", blocked, quarantine=self.state.quarantine)
        probe_failure = self._probe(cycle_id, now)
        if probe_failure is not None:
            return probe_failure
        mark = self.directory.sequence
        candidates = self._candidates(now)
        staged = self._staged_deletes(candidates)
        records = [self._staged_record(cycle_id, now, user, kind) for user, kind in staged]
        held = {user.id for user, _ in staged}
        work = [u for u in candidates if u.id not in held]
        processor = UserProcessor(self.client, self.rules)
        total = len(work)
        if on_progress:
            on_progress(0, total)
        # Each worker gets its inputs up front; only this thread touches the state.
        inputs = [
            (user, self.state.links.get(user.id), self._changed_attributes(user, self.state.watermark))
            for user in work
        ]
        with ThreadPoolExecutor(self.settings.workers, thread_name_prefix="provisioning") as pool:
            results = pool.map(lambda job: processor.process(*job), inputs)
            for done, outcome in enumerate(results, 1):
                records.append(self._apply(outcome, cycle_id, now))
                if on_progress:
                    on_progress(done, total)
        self.state.watermark = mark
        self.state.cycles += 1
        if not held:
            self.state.allow_deletes = False
        self.logs.append(records)
        if held:
            self._quarantine(
                REASON_TOO_MANY_DELETES,
                now,
                f"{counted(len(held), 'disable or delete', 'disables and deletes')} "
                f"{'exceeds' if len(held) == 1 else 'exceed'} the accidental-deletion threshold of "
                f"{self.settings.deletion_threshold}; allow deletes to send them",
            )
        else:
            self._evaluate_escrow_quarantine(now, total)
        quarantine = self.state.quarantine
        if quarantine is not None:
            return CycleReport(cycle_id, "quarantined", quarantine.details, records, quarantine)
        return CycleReport(cycle_id, "completed", f"processed {counted(total, 'user')}", records)

    def _changed_attributes(self, user: SourceUser, watermark: int | None) -> frozenset[str] | None:
        """What the delta reports as changed; unknown (None) for retried or staged users."""
        if user.id in self.state.escrow or user.id in self.state.staged:
            return None
        return self.directory.attributes_changed_since(user, watermark)

    def _quarantine_blocks(self, now: datetime) -> str | None:
        quarantine = self.state.quarantine
        if quarantine is None:
            return None
        if quarantine.reason == REASON_TOO_MANY_DELETES and not self.state.allow_deletes:
            return f"Provisioning has been quarantined ({quarantine.reason}): {quarantine.details}"
        if quarantine.reason != REASON_TOO_MANY_DELETES and now < parse_iso(quarantine.next_attempt):
            return (
                f"Provisioning has been quarantined ({quarantine.reason}); the next attempt is after "
                f"{quarantine.next_attempt}. Restart provisioning to retry now."
            )
        return None

    def _probe(self, cycle_id: str, now: datetime) -> CycleReport | None:
        try:
            self.client.test_connection(self.rules.matching_attributes[0])
        except ScimCallError as error:
            record = build_record(
                job_id=self.state.job_id,
                cycle_id=cycle_id,
                when=iso(now),
                action=r.OTHER,
                status=r.FAILURE,
                steps=[test_connection_step(error)],
                source_id="",
                source_name="",
                target_id=None,
                target_name="",
                target_system=self.rules.target_name,
                error=ErrorInfo(error.code, str(error)),
            )
            self.logs.append([record])
            if error.status in (401, 403):
                self._quarantine(
                    REASON_EXCEPTION, now, f"the target refused the credentials: {error.message}"
                )
            return CycleReport(cycle_id, "failed", str(error), [record], self.state.quarantine)
        return None

    def _candidates(self, now: datetime) -> list[SourceUser]:
        """Changed users since the watermark, staged deprovisions and escrowed users due now."""
        wanted: dict[str, SourceUser] = {u.id: u for u in self.directory.changed_since(self.state.watermark)}
        extra = list(self.state.staged)
        for source_id, entry in list(self.state.escrow.items()):
            if now - parse_iso(entry.first_failure) > self.settings.escrow.max_age:
                del self.state.escrow[source_id]  # Entra gives up after 28 days
            elif parse_iso(entry.next_retry) <= now:
                extra.append(source_id)
        for source_id in extra:
            if source_id not in wanted:
                try:
                    wanted[source_id] = self.directory.get(source_id)
                except KeyError:
                    self.state.escrow.pop(source_id, None)
        return list(wanted.values())

    def _staged_deletes(self, candidates: list[SourceUser]) -> list[tuple[SourceUser, str]]:
        threshold = self.settings.deletion_threshold
        planned = [(u, planned_deprovision(u, self.state.links.get(u.id), self.rules)) for u in candidates]
        deprovisions: list[tuple[SourceUser, str]] = [(u, kind) for u, kind in planned if kind is not None]
        if threshold is None or self.state.allow_deletes or len(deprovisions) <= threshold:
            self.state.staged = []
            return []
        self.state.staged = [u.id for u, _ in deprovisions]
        return deprovisions

    def _staged_record(self, cycle_id: str, now: datetime, user: SourceUser, kind: str) -> dict[str, Any]:
        reason = (
            f"The {kind} of User '{user.userPrincipalName}' was held back: this cycle's disables and deletes "
            f"exceed the accidental-deletion threshold of {self.settings.deletion_threshold}"
        )
        step = Step("Perform action", "EntryExportStagedDelete", "export", r.SKIPPED, reason)
        link = self.state.links.get(user.id)
        return build_record(
            job_id=self.state.job_id,
            cycle_id=cycle_id,
            when=iso(now),
            action=r.STAGED_DELETE,
            status=r.SKIPPED,
            steps=[step],
            source_id=user.id,
            source_name=user.userPrincipalName,
            target_id=link.target_id if link else None,
            target_name=link.target_id if link else "",
            target_system=self.rules.target_name,
            error=ErrorInfo("StagedAction", reason, "nonServiceFailure"),
        )

    def _apply(
        self, outcome: UserOutcome, cycle_id: str, now: datetime, *, escrow: bool = True
    ) -> dict[str, Any]:
        """Fold one outcome into the job state and return its log record."""
        source_id = outcome.user.id
        if outcome.link == DROP:
            self.state.links.pop(source_id, None)
        elif isinstance(outcome.link, Link):
            self.state.links[source_id] = outcome.link
        if outcome.failure is not None and escrow and outcome.error is not None:
            outcome.error.reason = self._escrow(source_id, outcome.failure, now)
        elif outcome.status != r.FAILURE:
            self.state.escrow.pop(source_id, None)
        return build_record(
            job_id=self.state.job_id,
            cycle_id=cycle_id,
            when=iso(now),
            action=outcome.action,
            status=outcome.status,
            steps=outcome.steps,
            source_id=source_id,
            source_name=outcome.user.userPrincipalName,
            target_id=outcome.target_id,
            target_name=outcome.target_id or "",
            target_system=self.rules.target_name,
            changes=outcome.changes,
            error=outcome.error,
            duration_ms=outcome.duration_ms,
            initiated_by="Microsoft Entra ID" if escrow else "Provision on demand",
            redacted=self.rules.redacted_attributes,
        )

    def _escrow(self, source_id: str, error: ScimCallError, now: datetime) -> str:
        previous = self.state.escrow.get(source_id)
        attempts = previous.attempts + 1 if previous else 1
        next_retry = self.settings.escrow.next_retry(now, attempts)
        response = error.response_text.strip() or error.message
        reason = (
            f"{error}. Web Response: {response}. This operation was retried {attempts - 1} times. "
            f"It will be retried again after this date: {iso(next_retry).rstrip('Z')} UTC"
        )
        self.state.escrow[source_id] = EscrowEntry(
            attempts=attempts,
            first_failure=previous.first_failure if previous else iso(now),
            next_retry=iso(next_retry),
            code=error.code,
            reason=reason,
        )
        return reason

    def _evaluate_escrow_quarantine(self, now: datetime, processed: int) -> None:
        reason = self.settings.quarantine.reason(len(self.state.escrow), processed)
        if reason:
            self._quarantine(
                reason,
                now,
                f"{counted(len(self.state.escrow), 'object')} escrowed after "
                f"{counted(processed, 'object')} processed this cycle",
            )
        elif self.state.quarantine and self.state.quarantine.reason != REASON_TOO_MANY_DELETES:
            self.state.quarantine = None  # a healthy cycle lifts an escrow quarantine

    def _quarantine(self, reason: str, now: datetime, details: str) -> None:
        self.state.quarantine = Quarantine(reason, iso(now), iso(now + QUARANTINE_RETRY), details)

    # on demand -------------------------------------------------------------------------------
    def provision_on_demand(self, key: str) -> OnDemandResult:
        """Provision one user now, returning the five steps the portal shows. Like Entra, it
        ignores the ``aadOptscim062020`` flag and cannot reach users disabled or deleted in
        Entra (they do not show in its search)."""
        user = self.directory.get(key)
        if user.hard_deleted or user.soft_deleted or not user.accountEnabled:
            raise OnDemandError(
                f"{user.userPrincipalName} is disabled or deleted in Microsoft Entra ID, so provision on "
                "demand cannot find it; run a cycle to deprovision it"
            )
        now = self.clock.now()
        client = self.client.in_dialect(Dialect.DEFAULT)
        try:
            client.test_connection(self.rules.matching_attributes[0])
        except ScimCallError as error:
            step = test_connection_step(error)
            message = f"Failed to connect to the target system: {error.message}"
            return OnDemandResult(user.userPrincipalName, [step], r.OTHER, r.FAILURE, message, {}, None)
        outcome = UserProcessor(client, self.rules).process(user, self.state.links.get(user.id))
        record = self._apply(outcome, f"OnDemand-{uuid.uuid4()}", now, escrow=False)
        self.logs.append([record])
        return OnDemandResult(
            user.userPrincipalName,
            five_steps(outcome.steps),
            outcome.action,
            outcome.status,
            outcome.message,
            outcome.exported,
            record,
        )
