"""Wording shared by the command-line tools: counts in agreement, and connection hints."""

from __future__ import annotations

from urllib.parse import urlsplit

from provlab.wording import counted

__all__ = ["CA_CERT_HINT", "HTTPS_HINT", "counted", "plain_http_to_tls_hint"]

HTTPS_HINT = (
    "the connector host speaks HTTPS (ECMA2Host always does): use an https:// URL and pass its "
    "certificate with --ca-cert"
)
CA_CERT_HINT = "pass the connector's certificate with --ca-cert (e.g. <state-dir>/scim-cert.pem)"


def plain_http_to_tls_hint(url: str, failure: str) -> str | None:
    """HTTPS_HINT when an http:// request was cut off without an answer, as a TLS server does
    when it receives plain HTTP; the failure text is all a caller may have (a logged message)."""
    cut_off = ("Connection aborted", "Connection reset", "RemoteDisconnected")
    if urlsplit(url).scheme == "http" and any(sign in failure for sign in cut_off):
        return HTTPS_HINT
    return None
