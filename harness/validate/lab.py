"""The lab in one process: the SAP simulator behind a connector host, reached through WSGI transports.

``provlab validate`` runs its standard suite here, and replay tests replay shipped traffic
against it. No socket is opened: the host calls the simulator and the caller calls the host
through :func:`provlab.transport.wsgi_session`. The harness only *starts* the simulator and
the host (orchestration); it talks to them over SOAP/SCIM like everyone else.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import requests

from connector.config import ConnectorConfig, HostConfig, load_host_config
from connector.host import HostApp, RecordingMiddleware, create_host_app, resolve_secret, template_backend
from provlab.clock import SYSTEM_CLOCK, Clock, FixedClock
from provlab.fixtures import fixtures_dir
from provlab.transport import wsgi_session
from simulator.app import SimulatorApp, create_app

SAP_ECC_CONFIG = fixtures_dir() / "hosts" / "sap-ecc" / "Configuration.xml"
SAP_ECC_TEMPLATE = fixtures_dir() / "templates" / "sap-ecc"
SAP_ECC_MAPPINGS = fixtures_dir() / "mappings" / "sap-ecc.json"
HOST_BASE = "https://ecma2host.lab"
TARGET_BASE = "http://sap.lab"
LAB_START = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)


@dataclasses.dataclass
class Lab:
    """A running in-process lab. ``session`` reaches the host (no auth header set);
    ``simulator.store`` is the target's state; ``host.runtimes`` runs imports."""

    config: ConnectorConfig
    host: HostApp
    simulator: SimulatorApp | None  # None when the host runs against a customer's own target
    session: requests.Session
    secret: str
    clock: Clock

    @property
    def tenant_url(self) -> str:
        """What an admin pastes into Entra: the connector's SCIM base URL."""
        return HOST_BASE + self.config.scim_base_path

    def full_import(self) -> None:
        """Refresh the host's cache from the target, as the autosync timer would."""
        self.host.runtimes[self.config.name].full_import()

    def close(self) -> None:
        self.host.close()
        self.session.close()

    def __enter__(self) -> Lab:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def start_lab(
    config: HostConfig | str | Path = SAP_ECC_CONFIG,
    *,
    template: str | Path | None = None,
    connector: str | None = None,
    clock: Clock | None = None,
    record: str | Path | None = None,
    target_url: str | None = None,
    target_session: requests.Session | None = None,
    simulator_factory: Callable[..., SimulatorApp] = create_app,
    **simulator_options: Any,
) -> Lab:
    """Start the simulator and a host serving one connector of ``config`` against it.

    ``template`` overrides the configuration's Web Service Project; ``record`` appends the
    host's SCIM traffic to a file in the ``--record`` format. With ``target_url`` no simulator
    starts: the host works against that target (``target_session``: how to reach it). The
    host's first Full Import runs before this returns, so ``/Users`` answers at once.
    """
    host_config = config if isinstance(config, HostConfig) else load_host_config(config)
    chosen = host_config.select(connector)
    if template is not None:
        chosen = chosen.with_project(template)
    clock = clock or (FixedClock(LAB_START) if target_url is None else SYSTEM_CLOCK)
    simulator = None
    if target_url is None:
        simulator = simulator_factory(clock=clock, **simulator_options)
        target_url, target_session = TARGET_BASE, wsgi_session(TARGET_BASE, simulator)
    backend = template_backend(chosen, target_url=target_url, session=target_session, clock=clock)
    single = dataclasses.replace(host_config, connectors=(chosen,))
    middleware = (lambda app: RecordingMiddleware(app, record, clock=clock)) if record else None
    host = create_host_app(single, {chosen.name: backend}, clock=clock, middleware=middleware)
    host.start(initial_import="sync", autosync=False)
    return Lab(chosen, host, simulator, wsgi_session(HOST_BASE, host), resolve_secret(chosen, None), clock)
