"""The service ports of one template at run time: its SOAP and REST services, wired to a target."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import requests

from connector.calls.rest import RestPort
from connector.calls.soap import SoapPort
from connector.template.model import Template


class TemplatePorts:
    """Implements ``connector.service_ports.ServicePorts`` for a loaded template.

    ``session`` may be injected (tests pass a ``provlab.transport.wsgi_session``); ``target_url``
    overrides the scheme/host/port of the template's addresses; ``username``/``password`` are
    sent as HTTP basic credentials."""

    def __init__(
        self,
        template: Template,
        *,
        session: requests.Session | None = None,
        target_url: str | None = None,
        username: str | None = None,
        password: str | None = None,
        timeout: float = 30.0,
    ) -> None:
        if session is None:
            session = requests.Session()
            # The target's address comes from the configuration: don't re-read proxy, netrc and
            # CA-bundle variables from the environment on every call (7 % of the connector's CPU).
            session.trust_env = False
        auth = (username, password or "") if username else None
        self.soap = SoapPort(
            template.discovery.soap,
            template.wsdl_files,
            session=session,
            target_url=target_url,
            auth=auth,
            timeout=timeout,
        )
        self.rest = RestPort(
            template.discovery.rest, session=session, target_url=target_url, auth=auth, timeout=timeout
        )

    def call_soap(self, service: str, endpoint: str, operation: str, arguments: Mapping[str, Any]) -> dict:
        return self.soap.call(service, endpoint, operation, arguments)

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
        return self.rest.call(service, resource, method, parameters, body, url=url)
