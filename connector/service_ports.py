"""The port the workflow engine calls services through, and the error that goes with it.

The engine (:mod:`connector.workflow`) knows only this protocol and names from the template
(service, endpoint, operation; REST service, resource, method). :mod:`connector.calls`
implements it over SOAP and REST without knowing the engine, and the host
(:mod:`connector.host.wiring`) plugs the one into the other. Where requests go, how they
authenticate and how failures map to ``TargetUnavailableError`` is the port's business, which
keeps the interpreter I/O-free.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol


class CallArgumentError(ValueError):
    """The arguments a workflow built do not fit the operation (unknown name, wrong shape)."""


class ServicePorts(Protocol):
    def call_soap(self, service: str, endpoint: str, operation: str, arguments: Mapping[str, Any]) -> dict:
        """Call a SOAP operation; returns the response's elements as plain dicts and lists."""

    def call_rest(
        self,
        service: str,
        resource: str,
        method: str,
        parameters: Mapping[str, Any],
        body: Any,
        *,
        url: str | None = None,
    ) -> dict:
        """Call a REST method; returns ``{"status": int, "body": parsed JSON or text, "headers": {...},
        "retryAfter": seconds or None}``. ``url`` (a full URL on the service's own origin, such as
        a "next" link) replaces the method's path; other origins raise CallArgumentError."""
