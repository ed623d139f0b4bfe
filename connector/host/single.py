"""One connector of a host configuration, served alone: what the lab, the benchmarks and
``provlab validate`` start (the lab wires one target, so its host serves one connector)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

import requests

from connector.config import ConnectorConfig, HostConfig, load_host_config
from provlab.clock import SYSTEM_CLOCK, Clock

from .app import HostApp, SpaceFactory, create_host_app, memory_space, resolve_secret
from .backends import template_backend
from .recording import RecordingMiddleware


@dataclass
class SingleHost:
    """The host's WSGI app, the connector it serves and that connector's bearer secret."""

    app: HostApp
    connector: ConnectorConfig
    secret: str

    @property
    def scim_base_path(self) -> str:
        """``/ecma2host_{name}/scim``: appended to the host's URL, the Tenant URL."""
        return self.connector.scim_base_path


def single_connector_host(
    config: str | Path | HostConfig,
    *,
    connector: str | None = None,
    template: str | Path | None = None,
    secret: str | None = None,
    target_url: str | None = None,
    session: requests.Session | None = None,
    clock: Clock = SYSTEM_CLOCK,
    spaces: SpaceFactory = memory_space,
    record: str | Path | None = None,
) -> SingleHost:
    """A host (not yet started) serving ``connector`` of ``config`` against ``target_url``.

    ``template`` replaces the configuration's Web Service Project, ``secret`` its SecretToken;
    ``session`` is how the connector reaches the target (in-process tests pass a WSGI session);
    ``record`` appends the host's SCIM traffic to a file in the ``--record`` format. Raises
    :class:`connector.config.UnknownConnectorError` for an unknown name and
    :class:`connector.host.HostStartupError` for a configuration ECMA2Host would not start on."""
    host_config = config if isinstance(config, HostConfig) else load_host_config(config)
    chosen = host_config.select(connector)
    if template is not None:
        chosen = chosen.with_project(template)
    backend = template_backend(chosen, target_url=target_url, session=session, clock=clock)
    middleware = (lambda app: RecordingMiddleware(app, record, clock=clock)) if record else None
    app = create_host_app(
        dataclasses.replace(host_config, connectors=(chosen,)),
        {chosen.name: backend},
        secret_override=secret,
        clock=clock,
        spaces=spaces,
        middleware=middleware,
    )
    return SingleHost(app, chosen, resolve_secret(chosen, secret))
