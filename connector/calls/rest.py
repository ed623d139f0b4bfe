"""The REST port: requests against the template's discovered REST methods.

Parameters go where discovery says (path, query or header); the body is sent as JSON. An
answer below 500 is handed to the workflow (``status``, ``body``, ``headers``) so a template
can branch on 404 or 409; timeouts, dropped connections and 5xx become
``TargetUnavailableError``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import requests

from connector.calls.addresses import effective_address
from connector.calls.failures import http_failure, request_failure
from connector.template.model import RestService


class RestPort:
    def __init__(
        self,
        services: Mapping[str, RestService],
        *,
        session: requests.Session,
        target_url: str | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float = 30.0,
    ) -> None:
        self._services = services
        self._session = session
        self._target_url = target_url
        self._auth = auth
        self._timeout = timeout

    def call(
        self, service: str, resource: str, method: str, parameters: Mapping[str, Any], body: Any
    ) -> dict:
        svc = self._services[service]
        definition = svc.resources[resource].methods[method]
        path = definition.address
        query: dict[str, str] = {}
        headers: dict[str, str] = {"Accept": definition.media_type}
        for name, value in parameters.items():
            where = definition.parameters[name].where
            if value is None:
                continue
            if where == "path":
                path = path.replace("{" + name + "}", quote(str(value), safe=""))
            elif where == "query":
                query[name] = str(value)
            else:
                headers[name] = str(value)
        base = effective_address(svc.base_address, self._target_url)
        url = base.rstrip("/") + "/" + path.lstrip("/")
        where = f"{service}.{resource}.{method} ({definition.verb} {url})"
        try:
            response = self._session.request(
                definition.verb,
                url,
                params=query or None,
                json=body,
                headers=headers,
                timeout=self._timeout,
                auth=self._auth if svc.security == "Basic" else None,
            )
        except requests.RequestException as exc:
            raise request_failure(where, exc, self._timeout) from None
        if response.status_code >= 500:
            raise http_failure(where, response.status_code, response.content)
        return {"status": response.status_code, "body": _body(response), "headers": dict(response.headers)}


def _body(response: requests.Response) -> Any:
    if not response.content:
        return None
    if "json" in response.headers.get("Content-Type", ""):
        try:
            return response.json()
        except ValueError:
            return response.text
    return response.text
