"""Escrow (retry) and quarantine rules, as documented for Entra's provisioning service, with
every threshold configurable so tests can use small numbers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

# Entra's documented retry schedule for an escrowed object: 6 h, 12 h, 24 h, then daily.
ENTRA_BACKOFF = (timedelta(hours=6), timedelta(hours=12), timedelta(hours=24))
MAX_ESCROW_AGE = timedelta(days=28)
QUARANTINE_RETRY = timedelta(days=1)  # a quarantined job runs about once a day

REASON_ESCROW_PROPORTION = "EncounteredEscrowProportionThreshold"
REASON_TOTAL_ESCROW = "EncounteredTotalEscrowThreshold"
REASON_EXCEPTION = "EncounteredQuarantineException"
REASON_TOO_MANY_DELETES = "TooManyDeletes"


@dataclass(frozen=True)
class EscrowPolicy:
    """When an escrowed object is retried. ``backoff`` empty: at the next cycle (the lab's
    default, so a second CLI run retries); :data:`ENTRA_BACKOFF` reproduces Entra's schedule
    (the last step repeats)."""

    backoff: tuple[timedelta, ...] = ()
    max_age: timedelta = MAX_ESCROW_AGE

    def next_retry(self, now: datetime, attempts: int) -> datetime:
        if not self.backoff:
            return now
        return now + self.backoff[min(attempts, len(self.backoff)) - 1]


@dataclass(frozen=True)
class QuarantinePolicy:
    """Entra evaluates nothing below 5,000 failures; above, more than 40 % failures or more
    than 40,000 quarantine the job; 60,000 failures always do."""

    min_failures: int = 5000
    max_failure_ratio: float = 0.4
    max_failures: int = 40000
    absolute_cap: int = 60000

    def reason(self, failures: int, processed: int) -> str | None:
        """The quarantine reason for this many escrowed objects, or None."""
        if failures > self.absolute_cap:
            return REASON_TOTAL_ESCROW
        if failures < self.min_failures:
            return None
        if failures > self.max_failures:
            return REASON_TOTAL_ESCROW
        if processed and failures / processed > self.max_failure_ratio:
            return REASON_ESCROW_PROPORTION
        return None
