"""Wording shared by the command-line tools: counts in agreement, and connection hints."""

from __future__ import annotations

from urllib.parse import urlsplit

HTTPS_HINT = (
    "the connector host speaks HTTPS (ECMA2Host always does): use an https:// URL and pass its "
    "certificate with --ca-cert"
)
CA_CERT_HINT = "pass the connector's certificate with --ca-cert (e.g. <state-dir>/scim-cert.pem)"


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``count`` and ``noun`` in agreement ("1 user", "2 users"); ``plural`` when not noun + "s"."""
    return f"{count} {noun if count == 1 else (plural or noun + 's')}"


def plain_http_to_tls_hint(url: str, failure: str) -> str | None:
    """HTTPS_HINT when an http:// request was cut off without an answer, as a TLS server does
    when it receives plain HTTP; the failure text is all a caller may have (a logged message)."""
    cut_off = ("Connection aborted", "Connection reset", "RemoteDisconnected")
    if urlsplit(url).scheme == "http" and any(sign in failure for sign in cut_off):
        return HTTPS_HINT
    return None
