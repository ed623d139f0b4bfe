"""The two parts the lab starts — the simulated target and the connector host — built through the
public faces of ``simulator`` and ``connector`` only.

Each is a module-level function so a child process can build it too (``spawn`` pickles a function
by name, and a clock by its start time: a :class:`~provlab.clock.FixedClock` holds a lock).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import requests

import connector
import simulator
from provlab.clock import SYSTEM_CLOCK, Clock, FixedClock


def clock_start(clock: Clock) -> str | None:
    """What a child process needs to make the same clock: a fixed clock's time, or None (the system's)."""
    return clock.now().isoformat() if isinstance(clock, FixedClock) else None


def clock_from(start: str | datetime | None) -> Clock:
    return FixedClock(start) if start is not None else SYSTEM_CLOCK


def simulator_app(*, clock: Clock = SYSTEM_CLOCK, **options: Any) -> Any:
    """The simulator's WSGI app (``options``: ``simulator.create_app``'s, e.g. ``admin_token``)."""
    return simulator.create_app(clock=clock, **options)


def simulator_process(*, clock_start: str | None = None, **options: Any) -> Any:
    """:func:`simulator_app` in a child process."""
    return simulator_app(clock=clock_from(clock_start), **options)


def connector_host(
    host_config: Path,
    *,
    connector_name: str | None = None,
    template: Path | None = None,
    secret: str | None = None,
    target_url: str,
    session: requests.Session | None = None,
    clock: Clock = SYSTEM_CLOCK,
    record: Path | None = None,
    initial_import: bool = True,
) -> Any:
    """A host serving one connector of ``host_config`` against ``target_url``; with
    ``initial_import`` its first Full Import has run when this returns (no autosync timer)."""
    host = connector.single_connector_host(
        host_config,
        connector=connector_name,
        template=template,
        secret=secret,
        target_url=target_url,
        session=session,
        clock=clock,
        record=record,
    )
    if initial_import:
        host.app.start(initial_import="sync", autosync=False)
    return host


def connector_process(*, clock_start: str | None = None, **options: Any) -> Any:
    """:func:`connector_host` in a child process: its WSGI app, which the child serves."""
    return connector_host(clock=clock_from(clock_start), **options).app
