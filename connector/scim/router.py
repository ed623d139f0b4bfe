"""The whole SCIM surface of a host, I/O-free: ``/ecma2host_{name}/scim/...`` routing,
bearer authentication, body checks, discovery documents and the ECMA2Host headers.
"""

from __future__ import annotations

import hmac
import json
import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .constants import ACCEPTED_CONTENT_TYPES, CORE_USER, ECMA_USER, SCIM_CONTENT_TYPE
from .discovery import list_response, schemas, service_provider_config, user_resource_type
from .errors import ScimError, invalid_syntax, not_found
from .filter import parse_query
from .messages import ScimRequest, ScimResponse
from .service import UsersService

log = logging.getLogger(__name__)

DEFAULT_MAX_BODY_BYTES = 1024 * 1024
_PATH = re.compile(r"^/ecma2host_(?P<name>[^/]+)/scim(?P<rest>/.*)?$")
_SYNC_HEADERS = {  # SyncTimes field -> ECMA2Host header
    "last_import": "Last-Successful-Import",
    "last_export": "Last-Successful-Export",
    "last_cache_change": "Last-Successful-Cache-Change",
}
_BODY_METHODS = ("POST", "PATCH", "PUT")


@dataclass
class ConnectorEndpoint:
    """One connector as the router serves it. ``readiness`` answers a SCIM error (503 while
    the first Full Import runs) or None when the cache can be served."""

    name: str
    secret: str
    users: UsersService
    readiness: Callable[[], ScimError | None] = lambda: None


class ScimRouter:
    """Dispatches requests to the right connector's endpoint and shapes every answer."""

    def __init__(
        self,
        endpoints: Mapping[str, ConnectorEndpoint],
        *,
        max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
        debug: bool = False,
    ) -> None:
        self.endpoints = dict(endpoints)
        self.max_body_bytes = max_body_bytes
        self.debug = debug

    def handle(self, request: ScimRequest) -> ScimResponse:
        endpoint = None
        try:
            endpoint, rest = self._endpoint(request.path)
            response = self._dispatch(endpoint, rest, request)
        except ScimError as error:
            response = ScimResponse(error.status, error.body(), dict(error.headers))
            if error.status == 401:
                response.headers["WWW-Authenticate"] = 'Bearer realm="ECMA2Host"'
        except Exception:  # one bad request must not stop the service
            log.exception("unexpected error answering %s %s", request.method, request.path)
            error = ScimError(500, "internal error in the connector host; see its log")
            response = ScimResponse(500, error.body())
        if response.body is not None:
            response.headers.setdefault("Content-Type", SCIM_CONTENT_TYPE)
        if endpoint is not None:
            times = endpoint.users.sync_times()
            for name, header in _SYNC_HEADERS.items():
                value = getattr(times, name)
                if value:
                    response.headers[header] = value
        return response

    def _endpoint(self, path: str) -> tuple[ConnectorEndpoint, str]:
        match = _PATH.match(path)
        endpoint = self.endpoints.get(match.group("name")) if match else None
        if endpoint is None:
            raise not_found(
                f"invalid resource: {path} (expected /ecma2host_<connector name>/scim, case-sensitive)"
            )
        return endpoint, (match.group("rest") or "/").rstrip("/") or "/"

    def _dispatch(self, endpoint: ConnectorEndpoint, rest: str, request: ScimRequest) -> ScimResponse:
        _authenticate(endpoint.secret, request.header("Authorization"))
        method = request.method.upper()
        base_url = f"{request.host_url.rstrip('/')}/ecma2host_{endpoint.name}/scim"
        query = parse_query(request.query_string)
        segments = [s for s in rest.split("/") if s]
        head = segments[0].lower() if segments else ""
        if head in ("serviceproviderconfig", "resourcetypes", "schemas"):
            if method != "GET":
                raise ScimError(405, f"{method} is not allowed on /{segments[0]}; it is read-only")
            return self._discovery(endpoint, segments, base_url)
        users = endpoint.users
        if head == "users":
            gate = endpoint.readiness()
            if gate is not None:
                raise gate
            scim_id = "/".join(segments[1:])
            if method == "GET":
                return users.get(scim_id, query, base_url) if scim_id else users.list(query, base_url)
            if method == "POST" and not scim_id:
                return users.create(self._json_body(request), base_url)
            if method == "PATCH" and scim_id:
                return users.patch(scim_id, self._json_body(request), base_url)
            if method == "DELETE" and scim_id:
                return users.delete(scim_id)
            if method == "PUT" and scim_id:
                raise ScimError(501, "PUT is not supported by ECMA2Host; send PATCH")
            raise ScimError(405, f"{method} is not allowed on {rest}")
        if head == "cache" and len(segments) == 1 and method == "GET" and self.debug:
            gate = endpoint.readiness()
            if gate is not None:
                raise gate
            return users.cache_view()
        raise not_found(f"invalid resource: {request.path}")

    def _discovery(self, endpoint: ConnectorEndpoint, segments: list[str], base_url: str) -> ScimResponse:
        head = segments[0].lower()
        key = "/".join(segments[1:])
        config = endpoint.users.config
        if head == "serviceproviderconfig" and not key:
            return ScimResponse(200, service_provider_config(base_url, self.max_body_bytes))
        if head == "resourcetypes":
            resource_type = user_resource_type(base_url)
            if not key:
                return ScimResponse(200, list_response([resource_type]))
            if key == "User":
                return ScimResponse(200, resource_type)
        if head == "schemas":
            documents = schemas(config, base_url)
            if not key:
                return ScimResponse(200, list_response(documents))
            for document in documents:
                if document["id"].lower() == key.lower():
                    return ScimResponse(200, document)
        raise not_found(f"invalid resource: /{'/'.join(segments)} (schemas served: {CORE_USER}, {ECMA_USER})")

    def _json_body(self, request: ScimRequest) -> dict[str, Any]:
        if request.body_size > self.max_body_bytes:
            raise ScimError(413, f"the request body exceeds {self.max_body_bytes} bytes")
        content_type = (request.header("Content-Type") or "").split(";")[0].strip().lower()
        if content_type not in ACCEPTED_CONTENT_TYPES:
            raise ScimError(
                415,
                f"Content-Type {content_type or '(none)'!r} is not supported; send {SCIM_CONTENT_TYPE}",
                "invalidSyntax",
            )
        try:
            body = json.loads(request.body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise invalid_syntax(f"the request body is not valid JSON: {exc}") from None
        if not isinstance(body, dict):
            raise invalid_syntax("the request body must be a JSON object")
        return body


def _authenticate(secret: str, authorization: str | None) -> None:
    """``Authorization: Bearer <secret>``, compared in constant time."""
    if not authorization:
        raise ScimError(401, "an Authorization: Bearer <Secret Token> header is required")
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), secret.encode()):
        raise ScimError(401, "the bearer token is not this connector's Secret Token")
