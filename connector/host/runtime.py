"""One connector at run time: its connector space, the Full Import that fills it at start,
and the autosync timer that keeps it in step with the target."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from connector.backend import SUCCESS, ConnectorBackend, ImportResult, TargetUnavailableError
from connector.config import ConnectorConfig
from connector.scim.constants import IMPORTING_MESSAGE
from connector.scim.errors import ScimError
from connector.space import ConnectorSpace, SpaceEntry
from connector.space.sync_state import delta_watermark, note_import, set_delta_watermark
from provlab.clock import Clock

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
INITIAL_IMPORT_RETRY_DELAYS: tuple[float, ...] = (1, 2, 5, 10, RETRY_AFTER_SECONDS)
"""Seconds between attempts of the first Full Import; the last one repeats until it succeeds."""


@dataclass(frozen=True)
class ImportSummary:
    """What one import run did, for logs and the ``import`` command."""

    kind: str  # "full" | "delta"
    entries: int
    status: str
    message: str = ""


class ConnectorRuntime:
    """Owns the import state of one connector. SCIM requests ask :meth:`readiness` first."""

    def __init__(
        self,
        config: ConnectorConfig,
        backend: ConnectorBackend,
        space: ConnectorSpace,
        clock: Clock,
        *,
        retry_delays: Sequence[float] = INITIAL_IMPORT_RETRY_DELAYS,
    ) -> None:
        if not retry_delays or any(delay <= 0 for delay in retry_delays):
            raise ValueError(f"retry_delays must be positive seconds, got {tuple(retry_delays)!r}")
        self.config = config
        self.retry_delays = tuple(retry_delays)
        self.backend = backend
        self.space = space
        self.clock = clock
        self._ready = threading.Event()
        self._import_lock = threading.Lock()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self.last_error: str | None = None

    @property
    def ready(self) -> bool:
        return self._ready.is_set()

    def readiness(self) -> ScimError | None:
        """503 with Retry-After until the first Full Import after start has succeeded."""
        if self._ready.is_set():
            return None
        message = IMPORTING_MESSAGE
        if self.last_error:
            message = f"{IMPORTING_MESSAGE}; the last attempt failed: {self.last_error}"
        return ScimError(503, message, headers={"Retry-After": str(RETRY_AFTER_SECONDS)})

    def mark_ready(self) -> None:
        """Serve the cache as it is, without an initial import (tests, import disabled)."""
        self._ready.set()

    # -- imports --------------------------------------------------------------------------
    def full_import(self) -> ImportSummary:
        """Run the Full Import workflow; the connector space becomes exactly what it returned."""
        with self._import_lock:
            before = self.space.sequence()
            parameters = self.config.additional_parameters("FullImport")
            result = self._guarded(
                lambda: self.backend.full_import(self.config.object_type, additional_parameters=parameters)
            )
            self.space.replace_all(self._entries(result), keep_writes_after=before)
            # As in MIM, a Full Import's custom data is the watermark of the next Delta Import.
            if result.custom_data is not None:
                set_delta_watermark(self.space, result.custom_data)
            self._note_import()
            self._ready.set()
            return ImportSummary("full", len(result.entries), result.status, result.message)

    def delta_import(self) -> ImportSummary:
        """Run the Delta Import workflow, or a Full Import when the template has none."""
        with self._import_lock:
            watermark = delta_watermark(self.space)
            parameters = self.config.additional_parameters("DeltaImport")
            result = self._guarded(
                lambda: self.backend.delta_import(
                    self.config.object_type, watermark, additional_parameters=parameters
                )
            )
            if result is not None:
                self.space.apply_delta(e for e in result.entries if e.object_type == self.config.object_type)
                if result.custom_data is not None:
                    set_delta_watermark(self.space, result.custom_data)
                self._note_import()
                return ImportSummary("delta", len(result.entries), result.status, result.message)
        return self.full_import()

    def sync_once(self) -> ImportSummary:
        """One autosync tick: a delta import when enabled in the capabilities, else a full import."""
        if self.config.capabilities.enable_delta_import:
            return self.delta_import()
        return self.full_import()

    # -- background work --------------------------------------------------------------------
    def start(self, *, initial_import: str = "background", autosync: bool = True) -> None:
        """``initial_import``: "sync" (one attempt, block until done), "background" (retried on
        :attr:`retry_delays` until it succeeds; 503 meanwhile) or "none"."""
        if initial_import == "sync":
            self._try(self.full_import)
        elif initial_import == "background":
            self._spawn(self._initial_import_until_done, "initial-import")
        else:
            self.mark_ready()
        if autosync and self.config.capabilities.enable_import:
            self._spawn(self._autosync_loop, "autosync")

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout)

    def _initial_import_until_done(self) -> None:
        """A host started before its target (or while it is down) fills its cache as soon as the
        target answers, rather than at the next autosync tick (hours away); requests meanwhile
        get 503 with Retry-After and the last failure."""
        attempt = 0
        while self._try(self.full_import) is None:
            delay = self.retry_delays[min(attempt, len(self.retry_delays) - 1)]
            attempt += 1
            log.info(
                "connector %s: the first Full Import failed (attempt %d); retrying in %g s",
                self.config.name,
                attempt,
                delay,
            )
            if self._stop.wait(delay):
                return

    def _autosync_loop(self) -> None:
        interval = self.config.autosync_minutes * 60
        while not self._stop.wait(interval):
            if self._ready.is_set():
                self._try(self.sync_once)
            else:
                self._try(self.full_import)

    def _spawn(self, target, role: str) -> None:
        thread = threading.Thread(target=target, name=f"{self.config.name}:{role}", daemon=True)
        self._threads.append(thread)
        thread.start()

    def _try(self, run) -> ImportSummary | None:
        try:
            summary = run()
        except TargetUnavailableError as exc:
            log.warning("connector %s: import failed, target unavailable: %s", self.config.name, exc.message)
            return None
        except Exception:
            log.exception("connector %s: import failed", self.config.name)
            return None
        log.info(
            "connector %s: %s import: %d entries, %s",
            self.config.name,
            summary.kind,
            summary.entries,
            summary.status,
        )
        return summary

    def _guarded(self, run):
        try:
            result = run()
        except TargetUnavailableError as exc:
            self.last_error = exc.message
            raise
        except Exception as exc:
            self.last_error = f"{type(exc).__name__}: {exc}"
            raise
        self.last_error = None
        if result is not None and result.status != SUCCESS:
            log.warning("connector %s: import status %s: %s", self.config.name, result.status, result.message)
        return result

    def _entries(self, result: ImportResult) -> list[SpaceEntry]:
        return [
            SpaceEntry(e.object_type, e.anchor, dict(e.attributes))
            for e in result.entries
            if e.object_type == self.config.object_type and e.modification != "Delete"
        ]

    def _note_import(self) -> None:
        note_import(self.space, self.clock.now())
