"""HTTP authentication for the simulated services: basic (SAP, REST) and bearer (REST, admin).

Comparisons are constant-time; credentials never reach a log line.
"""

from __future__ import annotations

import base64
import binascii
import hmac
from collections.abc import Callable
from typing import Any

from provlab.transport import WSGIApp

SAP_REALM = "SAP NetWeaver Application Server [PRV/001]"


def _equal(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def basic_auth_ok(header: str | None, credentials: tuple[str, str]) -> bool:
    """True when an ``Authorization: Basic …`` header carries exactly ``credentials``."""
    scheme, _, value = (header or "").partition(" ")
    if scheme.lower() != "basic" or not value:
        return False
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return False
    user, sep, password = decoded.partition(":")
    # Both comparisons always run, so timing does not tell which half was wrong.
    user_ok = _equal(user, credentials[0])
    password_ok = _equal(password, credentials[1])
    return bool(sep) and user_ok and password_ok


def bearer_ok(header: str | None, token: str) -> bool:
    scheme, _, value = (header or "").partition(" ")
    return scheme.lower() == "bearer" and bool(value) and _equal(value.strip(), token)


def require_basic_auth(app: WSGIApp, credentials: tuple[str, str], *, realm: str = SAP_REALM) -> WSGIApp:
    """Answer 401 with a Basic challenge unless the request carries ``credentials``."""

    def guarded(environ: dict, start_response: Callable[..., Any]):
        if basic_auth_ok(environ.get("HTTP_AUTHORIZATION"), credentials):
            return app(environ, start_response)
        body = b"Unauthorized: logon with the simulator's SAP user and password (HTTP basic authentication)."
        start_response(
            "401 Unauthorized",
            [
                ("WWW-Authenticate", f'Basic realm="{realm}"'),
                ("Content-Type", "text/plain; charset=utf-8"),
                ("Content-Length", str(len(body))),
            ],
        )
        return [body]

    return guarded
