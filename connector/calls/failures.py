"""Map transport failures onto ``TargetUnavailableError`` with the target's own words."""

from __future__ import annotations

import requests

from connector.backend import TargetUnavailableError

MAX_BODY_CHARS = 500


def _excerpt(content: bytes | str | None) -> str:
    if not content:
        return ""
    text = content.decode("utf-8", errors="replace") if isinstance(content, bytes) else content
    text = " ".join(text.split())
    return text[:MAX_BODY_CHARS] + ("…" if len(text) > MAX_BODY_CHARS else "")


def http_failure(where: str, status: int, content: bytes | str | None) -> TargetUnavailableError:
    """An HTTP error status from the target (5xx, or a 4xx such as rejected credentials)."""
    body = _excerpt(content)
    return TargetUnavailableError(
        f"{where} answered HTTP {status}" + (f": {body}" if body else ""), kind="http"
    )


def request_failure(where: str, exc: requests.RequestException, timeout: float) -> TargetUnavailableError:
    """A timeout or a connection that could not be made or was dropped."""
    if isinstance(exc, requests.Timeout):
        return TargetUnavailableError(f"{where} did not answer within {timeout:g} s: {exc}", kind="timeout")
    return TargetUnavailableError(f"{where} is unreachable: {exc}", kind="unreachable")
