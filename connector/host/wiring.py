"""Where the host wires a template's concrete service ports into the workflow engine.

The engine (:mod:`connector.workflow`) knows only the ``ServicePorts`` protocol and the service
adapters (:mod:`connector.calls`) know nothing of the engine; this module is the one place that
knows both. It loads zeep and requests, so :mod:`connector.host.backends` imports it only when a
template backend is built.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests

from connector.calls import TemplatePorts
from connector.service_ports import ServicePorts
from connector.template import load_template
from connector.template import model as m
from connector.workflow.backend import WorkflowBackend
from connector.workflow.interpreter import RunLimits
from provlab.clock import SYSTEM_CLOCK, Clock


class TemplateBackend(WorkflowBackend):
    """The template-driven connector: ``template``'s workflows over its SOAP and REST services.

    The services are reached through :class:`connector.calls.TemplatePorts` (sending to
    ``target_url`` with ``username``/``password`` as HTTP basic credentials, over ``session``
    when given) unless ``ports`` replaces them (tests pass fakes)."""

    def __init__(
        self,
        template: m.Template,
        *,
        target_url: str | None = None,
        username: str | None = None,
        password: str | None = None,
        session: requests.Session | None = None,
        timeout: float = 30.0,
        limits: RunLimits | None = None,
        clock: Clock = SYSTEM_CLOCK,
        ports: ServicePorts | None = None,
        monotonic: Callable[[], float] | None = None,
    ) -> None:
        if ports is None:
            ports = TemplatePorts(
                template,
                session=session,
                target_url=target_url,
                username=username,
                password=password,
                timeout=timeout,
            )
        super().__init__(template, ports, password=password, limits=limits, clock=clock, monotonic=monotonic)

    @classmethod
    def from_path(cls, path: str | Path, **kwargs: Any) -> TemplateBackend:
        """Load and validate the template at ``path`` (TemplateInvalidError lists its problems)."""
        return cls(load_template(path), **kwargs)
