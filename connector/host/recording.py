"""``--record FILE``: every SCIM exchange appended as one JSON line (the format of
:mod:`provlab.traffic`), secrets redacted."""

from __future__ import annotations

import io
import json
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from connector.scim import DEFAULT_MAX_BODY_BYTES
from provlab.clock import SYSTEM_CLOCK, Clock
from provlab.logsetup import redact_mapping, redact_text
from provlab.traffic import RecordedExchange

_REQUEST_HEADERS = ("Content-Type", "Authorization", "Accept", "User-Agent", "If-Match")
_RESPONSE_HEADERS = (
    "Content-Type",
    "Location",
    "Retry-After",
    "WWW-Authenticate",
    "Last-Successful-Import",
    "Last-Successful-Export",
)
_CONNECTOR = re.compile(r"^/ecma2host_([^/]+)/")


class RecordingMiddleware:
    """WSGI middleware that appends every SCIM exchange to ``path`` (``/_health`` is skipped)."""

    def __init__(
        self,
        app: Callable[..., Any],
        path: str | Path,
        *,
        clock: Clock = SYSTEM_CLOCK,
        max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.clock = clock
        self._lock = threading.Lock()

    def __call__(self, environ: dict, start_response: Callable[..., Any]) -> Iterable[bytes]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = b""
        if 0 < length <= self.max_body_bytes:  # an oversized body stays unread: the host answers 413
            body = environ["wsgi.input"].read(length)
            environ["wsgi.input"] = io.BytesIO(body)
        captured: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info=None):
            captured["status"] = int(status.split(" ", 1)[0])
            captured["headers"] = headers
            return start_response(status, headers, exc_info)

        chunks = list(self.app(environ, capture))
        self._append(environ, body, captured, b"".join(chunks))
        return iter(chunks)

    def _append(self, environ: dict, body: bytes, captured: dict[str, Any], response: bytes) -> None:
        path = environ.get("PATH_INFO", "")
        match = _CONNECTOR.match(path)
        request_headers = {}
        for name in _REQUEST_HEADERS:
            key = "CONTENT_TYPE" if name == "Content-Type" else "HTTP_" + name.upper().replace("-", "_")
            if environ.get(key):
                request_headers[name] = redact_text(environ[key])
        response_headers = {k: v for k, v in captured.get("headers", []) if k in _RESPONSE_HEADERS}
        exchange = RecordedExchange(
            time=self.clock.now().isoformat(),
            connector=match.group(1) if match else None,
            method=environ.get("REQUEST_METHOD", ""),
            path=path,
            query=environ.get("QUERY_STRING", ""),
            request_headers=request_headers,
            request_body=redact_mapping(_decode(body)),
            status=captured.get("status", 0),
            response_headers=response_headers,
            response_body=redact_mapping(_decode(response)),
        )
        line = json.dumps(exchange.to_json(), ensure_ascii=False)
        with self._lock, self.path.open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")


def _decode(data: bytes) -> Any:
    if not data:
        return None
    text = data.decode("utf-8", errors="replace")
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


def iter_lines(exchanges: Iterable[RecordedExchange]) -> Iterator[str]:
    """The lines of a recording, for tools that write one."""
    for exchange in exchanges:
        yield json.dumps(exchange.to_json(), ensure_ascii=False)
