"""Entra's SCIM client on requests: the calls Entra makes, in the order and shape it makes them.

TLS: the connector's certificate is verified against the CA file given per request
(``verify=``), and the session ignores the environment (``trust_env = False``) so a
``REQUESTS_CA_BUNDLE`` cannot silently replace that file. Any session can be injected, which
is how tests reach an in-process WSGI app with :func:`provlab.transport.wsgi_session`.
"""

from __future__ import annotations

import copy
import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import requests

from provlab.logsetup import get_logger, redact_mapping

from . import errors
from .dialect import Dialect, parse_tenant_url
from .errors import ScimCallError
from .wire import BOOLEAN_ATTRIBUTES, LIST_RESPONSE, AttributeChange, filter_query, patch_body, user_resource

log = get_logger("harness.scim_client")

SCIM_CONTENT_TYPE = "application/scim+json"
DEFAULT_TIMEOUT = 30.0


@dataclass(frozen=True)
class Exchange:
    """One request and its answer, with secrets masked, for logs and on-demand details."""

    method: str
    url: str
    request_body: Any
    status: int | None
    response_body: Any


class ScimClient:
    """A SCIM 2.0 client speaking as Entra's provisioning service.

    ``tenant_url`` is what an admin pastes into Entra, optionally with ``?aadOptscim062020``
    to select that PATCH dialect. ``ca_cert`` is the PEM file the connector's certificate
    must chain to (None: the system trust store)."""

    def __init__(
        self,
        tenant_url: str,
        secret: str,
        *,
        ca_cert: str | Path | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        session: requests.Session | None = None,
        boolean_attributes: frozenset[str] = BOOLEAN_ATTRIBUTES,
        guid: Callable[[], str] = lambda: str(uuid.uuid4()),
        on_exchange: Callable[[Exchange], None] | None = None,
    ) -> None:
        tenant = parse_tenant_url(tenant_url)
        self.base_url = tenant.base_url
        self.dialect: Dialect = tenant.dialect
        self._secret = secret
        self._verify: bool | str = str(ca_cert) if ca_cert else True
        if ca_cert and not Path(ca_cert).is_file():
            raise FileNotFoundError(
                f"CA certificate file {ca_cert} does not exist; pass the connector's PEM file"
            )
        self.timeout = timeout
        self.session = session or requests.Session()
        self.session.trust_env = False
        self.boolean_attributes = boolean_attributes
        self._guid = guid
        self._on_exchange = on_exchange

    def in_dialect(self, dialect: Dialect) -> ScimClient:
        """This client speaking ``dialect`` (same session): on-demand runs ignore the flag."""
        twin = copy.copy(self)
        twin.dialect = dialect
        return twin

    # Entra's calls --------------------------------------------------------------------------
    def test_connection(self, matching_attribute: str) -> None:
        """The probe Entra sends before every cycle and on-demand run: a query on the first
        matching attribute for a random GUID, expecting an empty ListResponse."""
        try:
            self._list(matching_attribute, self._guid())
        except ScimCallError as error:
            error.code = (
                errors.CREDENTIAL_FAILURE if error.status in (401, 403) else errors.CREDENTIAL_UNAVAILABLE
            )
            raise

    def find_user(self, attribute: str, value: str) -> dict[str, Any] | None:
        """``GET /Users?filter=attribute eq "value"``: the one match, or None."""
        resources = self._list(attribute, value)
        if len(resources) > 1:
            raise ScimCallError(
                "GET",
                self._users_url(),
                200,
                errors.MULTIPLE_ENTRIES,
                f"{len(resources)} users match {attribute} eq {value!r}; matching needs exactly one",
            )
        return resources[0] if resources else None

    def get_user(self, user_id: str) -> dict[str, Any] | None:
        """``GET /Users/{id}``; None on 404."""
        try:
            return self._json("GET", self._user_url(user_id))
        except ScimCallError as error:
            if error.status == 404:
                return None
            raise

    def create_user(self, values: dict[str, Any]) -> dict[str, Any]:
        """``POST /Users`` with the mapped values; returns the created resource (with ``id``)."""
        body = user_resource(values, self.boolean_attributes)
        created = self._json("POST", self._users_url(), body)
        if not isinstance(created, dict) or not created.get("id"):
            raise ScimCallError(
                "POST", self._users_url(), 201, errors.SERVICE_INCOMPATIBLE, "the response carries no user id"
            )
        return created

    def patch_user(self, user_id: str, changes: list[AttributeChange]) -> dict[str, Any] | None:
        """``PATCH /Users/{id}`` with only the changed attributes, in this client's dialect."""
        return self._json(
            "PATCH", self._user_url(user_id), patch_body(changes, self.dialect, self.boolean_attributes)
        )

    def delete_user(self, user_id: str) -> None:
        """``DELETE /Users/{id}``, sent only on hard delete."""
        self._json("DELETE", self._user_url(user_id))

    # plumbing -------------------------------------------------------------------------------
    def _users_url(self) -> str:
        return f"{self.base_url}/Users"

    def _user_url(self, user_id: str) -> str:
        return f"{self.base_url}/Users/{quote(str(user_id), safe='')}"

    def _list(self, attribute: str, value: str) -> list[dict[str, Any]]:
        url = f"{self._users_url()}?{filter_query(attribute, value)}"
        answer = self._json("GET", url)
        resources = answer.get("Resources", []) if isinstance(answer, dict) else None
        if not isinstance(resources, list) or LIST_RESPONSE not in answer.get("schemas", []):
            raise ScimCallError(
                "GET", url, 200, errors.SERVICE_INCOMPATIBLE, "the answer is not a SCIM ListResponse"
            )
        return resources

    def _json(self, method: str, url: str, body: Any = None) -> Any:
        headers = {"Authorization": f"Bearer {self._secret}", "Accept": SCIM_CONTENT_TYPE}
        data = None
        if body is not None:
            headers["Content-Type"] = SCIM_CONTENT_TYPE
            data = json.dumps(body).encode("utf-8")
        prepared = self.session.prepare_request(requests.Request(method, url, data=data, headers=headers))
        # requests re-quotes '"' as %22; keep Entra's literal quotes. (Over a real socket
        # urllib3 still percent-encodes them, an encoding Entra has also been seen to send.)
        prepared.url = url
        try:
            response = self.session.send(
                prepared, timeout=self.timeout, verify=self._verify, allow_redirects=False
            )
        except requests.Timeout as error:
            self._record(method, url, body, None, None)
            raise ScimCallError(
                method, url, None, errors.TIMEOUT, f"no answer within {self.timeout} s"
            ) from error
        except requests.RequestException as error:
            self._record(method, url, body, None, None)
            raise ScimCallError(method, url, None, errors.UNREACHABLE, _reason(error)) from error
        parsed = _parse(response)
        self._record(method, url, body, response.status_code, parsed)
        log.debug("%s %s -> %s", method, url, response.status_code)
        if response.status_code >= 400:
            raise ScimCallError(
                method,
                url,
                response.status_code,
                errors.code_for_status(response.status_code),
                _detail(parsed, response),
                response.text,
                response.headers.get("Retry-After"),
            )
        if response.status_code == 204 or not response.content:
            return None
        if parsed is _UNPARSABLE:
            raise ScimCallError(
                method,
                url,
                response.status_code,
                errors.SERVICE_INCOMPATIBLE,
                "unable to parse the response as JSON",
                response.text,
            )
        return parsed

    def _record(self, method: str, url: str, body: Any, status: int | None, answer: Any) -> None:
        if self._on_exchange is not None:
            response_body = None if answer is _UNPARSABLE else redact_mapping(answer)
            self._on_exchange(Exchange(method, url, redact_mapping(body), status, response_body))


_UNPARSABLE = object()
_SSL_REASON = re.compile(r"certificate verify failed: [^(')]*|hostname mismatch[^(')]*|wrong version number")


def _parse(response: requests.Response) -> Any:
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return _UNPARSABLE


def decoded_body(response: requests.Response) -> Any:
    """A response body as JSON, as its text when it is not JSON, None when empty."""
    answer = _parse(response)
    return response.text if answer is _UNPARSABLE else answer


def _detail(parsed: Any, response: requests.Response) -> str:
    if isinstance(parsed, dict) and parsed.get("detail"):
        return str(parsed["detail"])
    return response.text.strip()[:500] or response.reason or "no message"


def _reason(error: requests.RequestException) -> str:
    if isinstance(error, requests.exceptions.SSLError):
        found = _SSL_REASON.search(str(error))
        why = found.group(0).strip() if found else str(error)
        return f"TLS verification failed ({why}); pass the connector's certificate with --ca-cert"
    return str(error)
