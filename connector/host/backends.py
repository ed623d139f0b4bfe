"""The one place where a connector configuration meets the template-driven connector."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import requests

from connector.backend import ConnectorBackend
from connector.config import ConnectorConfig
from provlab.clock import SYSTEM_CLOCK, Clock

from .app import HostStartupError

BackendFactory = Callable[..., ConnectorBackend]
"""``factory(config, *, target_url=None, session=None, clock=...) -> ConnectorBackend``."""


def template_backend(
    config: ConnectorConfig,
    *,
    target_url: str | None = None,
    session: requests.Session | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> ConnectorBackend:
    """A :class:`connector.host.wiring.TemplateBackend` for the connector's Web Service
    Project, sending to ``target_url`` (``--target-url``) or the configuration's Host/Port,
    with the configuration's User Name / Password as the target's credentials."""
    from connector.host.wiring import TemplateBackend  # lazy for start-up speed: it loads zeep

    web_service = config.web_service
    if not web_service.project:
        raise HostStartupError(
            f"connector {config.name}: the 'Web Service Project' parameter is empty; "
            "set it to the connector template's folder or .wsconfig file"
        )
    if not Path(web_service.project).exists():
        raise HostStartupError(
            f"connector {config.name}: the Web Service Project {web_service.project} does not exist"
        )
    return TemplateBackend.from_path(
        web_service.project,
        target_url=target_url or web_service.target_url,
        username=web_service.user_name,
        password=web_service.password,
        session=session,
        clock=clock,
    )
