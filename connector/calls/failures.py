"""Map transport failures onto ``TargetUnavailableError`` with the target's own words."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import requests

from connector.backend import TargetUnavailableError

MAX_BODY_CHARS = 500


def _excerpt(content: bytes | str | None) -> str:
    if not content:
        return ""
    text = content.decode("utf-8", errors="replace") if isinstance(content, bytes) else content
    text = " ".join(text.split())
    return text[:MAX_BODY_CHARS] + ("…" if len(text) > MAX_BODY_CHARS else "")


def http_failure(
    where: str, status: int, content: bytes | str | None, retry_after: int | None = None
) -> TargetUnavailableError:
    """An HTTP error status from the target (5xx, or a 4xx such as rejected credentials);
    ``retry_after`` is the target's own Retry-After, passed on to Entra."""
    body = _excerpt(content)
    extra = {"retry_after": retry_after} if retry_after is not None else {}
    return TargetUnavailableError(
        f"{where} answered HTTP {status}" + (f": {body}" if body else ""), kind="http", **extra
    )


def retry_after_seconds(header: str | None, now: datetime | None = None) -> int | None:
    """Seconds from a Retry-After header (delay-seconds or an HTTP-date); None when absent or unreadable."""
    if not header or not header.strip():
        return None
    raw = header.strip()
    if raw.isdigit():
        return int(raw)
    try:
        when = parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0, math.ceil((when - (now or datetime.now(UTC))).total_seconds()))


def request_failure(where: str, exc: requests.RequestException, timeout: float) -> TargetUnavailableError:
    """A timeout or a connection that could not be made or was dropped."""
    if isinstance(exc, requests.Timeout):
        return TargetUnavailableError(f"{where} did not answer within {timeout:g} s: {exc}", kind="timeout")
    return TargetUnavailableError(f"{where} is unreachable: {exc}", kind="unreachable")
