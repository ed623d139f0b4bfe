"""Read a WSDL from its address (over a requests session the caller may inject) or from a file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import requests

from connector.discovery.errors import DiscoveryError

MAX_WSDL_BYTES = 16 * 1024 * 1024  # far above any real WSDL; stops a runaway download
FETCH_TIMEOUT = 30.0


@dataclass(frozen=True)
class WsdlDocument:
    """The bytes of a WSDL and where they came from (a URL or a file path)."""

    location: str
    data: bytes

    @property
    def is_remote(self) -> bool:
        return is_url(self.location)


def is_url(location: str) -> bool:
    return urlsplit(location).scheme in ("http", "https")


def read_wsdl(location: str, session: requests.Session | None = None) -> WsdlDocument:
    """The WSDL at ``location``: ``http(s)://`` through ``session`` (a plain one by default), else a file."""
    if is_url(location):
        return WsdlDocument(location, _fetch(location, session or requests.Session()))
    path = Path(location.removeprefix("file://"))
    if not path.is_file():
        raise DiscoveryError(f"{location}: no such WSDL file (give a file path or an http(s):// address)")
    if path.stat().st_size > MAX_WSDL_BYTES:
        raise DiscoveryError(f"{location}: larger than 16 MiB, which no WSDL is")
    return WsdlDocument(str(path), path.read_bytes())


def _fetch(url: str, session: requests.Session) -> bytes:
    return fetch_limited(url, session, what="WSDL", too_large="larger than 16 MiB, which no WSDL is")


def fetch_limited(
    url: str,
    session: requests.Session,
    *,
    what: str,
    too_large: str,
    limit: int = MAX_WSDL_BYTES,
    headers: dict[str, str] | None = None,
) -> bytes:
    """GET ``url`` and return the body, read no further than ``limit`` bytes; every failure is a
    :class:`DiscoveryError` naming ``what`` was being read (a WSDL, an OpenAPI document)."""
    try:
        response = session.get(url, timeout=FETCH_TIMEOUT, stream=True, headers=headers)
        data = _read_limited(response, limit)
    except requests.RequestException as exc:
        raise DiscoveryError(
            f"{url}: could not read the {what} ({type(exc).__name__}: {exc}). Check the address, that the "
            "service is running and reachable from here, and its certificate (--ca-cert)."
        ) from None
    if response.status_code == 401:
        raise DiscoveryError(_unauthorized(url, response))
    if response.status_code != 200:
        article = "an" if what[:1] in "AEIOU" else "a"
        raise DiscoveryError(
            f"{url}: the server answered HTTP {response.status_code} {response.reason}, not {article} {what}"
        )
    if data is None:
        raise DiscoveryError(f"{url}: the answer is {too_large}")
    return data


def _unauthorized(url: str, response: requests.Response) -> str:
    """401 means "who are you?" when nothing was sent, and "wrong credentials" when some were."""
    sent = response.request is not None and "Authorization" in response.request.headers
    if sent:
        return (
            f"{url}: the server refused the credentials given (HTTP 401): "
            "check --user and --password (or $PROVLAB_WSDL_PASSWORD)"
        )
    return f"{url}: the server asks for credentials (HTTP 401): give --user and --password"


def _read_limited(response: requests.Response, limit: int = MAX_WSDL_BYTES) -> bytes | None:
    """The body, or None once it passes ``limit`` bytes (read no further)."""
    data = bytearray()
    for chunk in response.iter_content(64 * 1024):
        data += chunk
        if len(data) > limit:
            response.close()
            return None
    return bytes(data)
