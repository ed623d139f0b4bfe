"""The client side of the floors: the same client stacks the product uses (requests sessions,
zeep), with no product logic on top.

``RawSoap`` posts a hand-written SOAP 1.1 envelope and parses the answer with lxml: the least
any SOAP client must do. ``ScimFloor`` sends the two exchanges Entra sends for a new user
(filter GET, POST) to a server that does no work.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from xml.sax.saxutils import escape

import requests

from provlab import xmlsafe

RFC_NS = "urn:sap-com:document:sap:rfc:functions"
SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
BINDING = f"{{{RFC_NS}}}ZSAPCONNECTORWS"


class FloorError(RuntimeError):
    """A floor call did not get the answer a working server gives."""


def _envelope(operation: str, inner: str) -> bytes:
    return (
        f'<soapenv:Envelope xmlns:soapenv="{SOAP_ENV}" xmlns:urn="{RFC_NS}"><soapenv:Body>'
        f"<urn:{operation}>{inner}</urn:{operation}></soapenv:Body></soapenv:Envelope>"
    ).encode()


class RawSoap:
    """BAPI calls as raw envelopes over one keep-alive requests session."""

    def __init__(self, endpoint: str, credentials: tuple[str, str], session: requests.Session | None = None):
        self.endpoint = endpoint
        self.session = session or requests.Session()
        self.session.trust_env = False
        self.session.auth = credentials

    def _post(self, operation: str, body: bytes) -> Any:
        response = self.session.post(
            self.endpoint,
            data=body,
            headers={"Content-Type": "text/xml; charset=utf-8", "SOAPAction": f'"{operation}"'},
            timeout=30,
        )
        if response.status_code != 200:
            raise FloorError(
                f"{operation} at {self.endpoint} answered {response.status_code}: {response.text[:200]}"
            )
        return xmlsafe.parse_bytes(response.content, source=self.endpoint)

    def get_detail(self, username: str) -> str:
        """BAPI_USER_GET_DETAIL; returns the user's last name (proves the answer was read)."""
        root = self._post(
            "BAPI_USER_GET_DETAIL",
            _envelope("BAPI_USER_GET_DETAIL", f"<USERNAME>{escape(username)}</USERNAME>"),
        )
        return root.findtext(".//ADDRESS/LASTNAME") or ""

    def list_usernames(self, max_rows: int) -> list[str]:
        """BAPI_USER_GETLIST with user names, up to ``max_rows``."""
        inner = f"<MAX_ROWS>{int(max_rows)}</MAX_ROWS><WITH_USERNAME>X</WITH_USERNAME>"
        root = self._post("BAPI_USER_GETLIST", _envelope("BAPI_USER_GETLIST", inner))
        return [e.text for e in root.iterfind(".//USERLIST/item/USERNAME") if e.text]


class ScimFloor:
    """The two SCIM exchanges of a new user (filter GET, then POST) against any HTTPS server."""

    def __init__(self, base_url: str, *, verify: bool | str, session: requests.Session | None = None):
        self.base_url = base_url.rstrip("/")
        self.verify = verify
        self.session = session or requests.Session()
        self.session.trust_env = False
        self.session.headers.update({"Authorization": "Bearer floor", "Accept": "application/scim+json"})

    def new_user(self, username: str) -> None:
        users = f"{self.base_url}/Users"
        for response in (
            self.session.get(
                users, params={"filter": f'userName eq "{username}"'}, verify=self.verify, timeout=30
            ),
            self.session.post(users, json={"userName": username}, verify=self.verify, timeout=30),
        ):
            if response.status_code >= 300:
                raise FloorError(f"{response.request.method} {users} answered {response.status_code}")
            response.json()


def zeep_detail_service(wsdl_path: str, endpoint: str, credentials: tuple[str, str]) -> Any:
    """A zeep service proxy for the SAP binding at ``endpoint``: the product's SOAP stack
    (hardened settings, one keep-alive session), built from the template's stored WSDL copy."""
    from zeep import Client
    from zeep.transports import Transport

    session = requests.Session()
    session.trust_env = False
    session.auth = credentials
    client = Client(wsdl_path, transport=Transport(session=session), settings=xmlsafe.zeep_settings())
    return client.create_service(BINDING, endpoint)


def timed(call: Callable[[Any], Any], items: Sequence[Any], *, concurrency: int = 1) -> float:
    """Seconds to run ``call(item)`` for every item, ``concurrency`` at a time."""
    start = time.perf_counter()
    if concurrency <= 1:
        for item in items:
            call(item)
    else:
        with ThreadPoolExecutor(concurrency, thread_name_prefix="bench") as pool:
            for _ in pool.map(call, items):
                pass
    return time.perf_counter() - start


def cycle(items: Sequence[Any], n: int) -> list[Any]:
    """``n`` items taken round-robin from ``items`` (a floor needs n calls, not n distinct users)."""
    if not items:
        raise FloorError("no items to call: the target has no users")
    return [items[i % len(items)] for i in range(n)]


__all__ = ["FloorError", "RawSoap", "ScimFloor", "cycle", "timed", "zeep_detail_service"]
