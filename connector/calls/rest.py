"""The REST port: requests against the template's discovered REST methods.

Parameters go where discovery says (path, query or header); the body is sent as JSON. An
answer below 500 is handed to the workflow (``status``, ``body``, ``headers``, ``retryAfter``)
so a template can branch on 404, 409 or 429; timeouts, dropped connections and 5xx become
``TargetUnavailableError`` (with the target's Retry-After).

A call may give a full ``url`` instead of the method's path and query parameters, to follow
a "next" link the service returned. It must stay on the service's own origin (scheme, host
and port of the effective base address): a template must not become a proxy to wherever an
answer points, nor send the target's credentials elsewhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import SplitResult, quote, urlsplit

import requests

from connector.calls.addresses import effective_address
from connector.calls.failures import http_failure, request_failure, retry_after_seconds
from connector.service_ports import CallArgumentError
from connector.template.model import RestService

_DEFAULT_PORTS = {"http": 80, "https": 443}


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
        self,
        service: str,
        resource: str,
        method: str,
        parameters: Mapping[str, Any],
        body: Any,
        *,
        url: str | None = None,
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
        if url is None:
            url = base.rstrip("/") + "/" + path.lstrip("/")
        else:
            check_same_origin(url, base, f"{service}.{resource}.{method}")
            query = {}  # a link carries its own query; header parameters still go along
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
        retry_after = retry_after_seconds(response.headers.get("Retry-After"))
        if response.status_code >= 500:
            raise http_failure(where, response.status_code, response.content, retry_after)
        return {
            "status": response.status_code,
            "body": _body(response),
            "headers": dict(response.headers),
            "retryAfter": retry_after,
        }


def _origin(parts: SplitResult) -> tuple[str, str, int | None]:
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), parts.port or _DEFAULT_PORTS.get(scheme)


def check_same_origin(url: str, base: str, where: str) -> None:
    """Refuse a ``url`` that leaves the service's origin (CallArgumentError says which origin is allowed)."""
    try:
        target = urlsplit(url)
        allowed = _origin(urlsplit(base))
        origin = _origin(target)
    except ValueError as exc:
        raise CallArgumentError(f"{where}: url {url!r} is not a valid URL: {exc}") from None
    if target.scheme.lower() not in _DEFAULT_PORTS or not target.hostname:
        raise CallArgumentError(f"{where}: url {url!r} must be an absolute http(s) URL")
    if target.username is not None or target.password is not None:
        shown = target._replace(netloc=target.netloc.rpartition("@")[2]).geturl()
        raise CallArgumentError(f"{where}: url {shown!r} must not carry credentials (user:password@)")
    if origin != allowed:
        raise CallArgumentError(
            f"{where}: url {url!r} leaves the service's origin {allowed[0]}://{allowed[1]}:{allowed[2]}; "
            "a RestCall url may only point at the service it calls (follow links on the same host and port)"
        )


def _body(response: requests.Response) -> Any:
    if not response.content:
        return None
    if "json" in response.headers.get("Content-Type", ""):
        try:
            return response.json()
        except ValueError:
            return response.text
    return response.text
