"""``--record FILE``: every SCIM exchange appended as one JSON line, secrets redacted.

Line format (version 1), one object per line::

    {"version": 1, "time": "2026-03-01T08:00:00+00:00", "connector": "SAPECC",
     "request":  {"method": "PATCH", "path": "/ecma2host_SAPECC/scim/Users/JDOE",
                  "query": "filter=...", "headers": {"Content-Type": "application/scim+json",
                  "Authorization": "Bearer ***"}, "body": {...} | "text" | null},
     "response": {"status": 200, "headers": {"Content-Type": "...", "Location": "..."},
                  "body": {...} | null}}

``query`` is the raw (still encoded) query string, exactly as the client sent it.
"""

from __future__ import annotations

import io
import json
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from connector.scim import DEFAULT_MAX_BODY_BYTES
from provlab.clock import SYSTEM_CLOCK, Clock
from provlab.logsetup import MASK, is_secret_key, redact_mapping, redact_text

FORMAT_VERSION = 1
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


@dataclass(frozen=True)
class RecordedExchange:
    """One line of a recording, as the replay command reads it."""

    time: str
    connector: str | None
    method: str
    path: str
    query: str
    request_headers: dict[str, str]
    request_body: Any
    status: int
    response_headers: dict[str, str]
    response_body: Any

    def to_json(self) -> dict[str, Any]:
        return {
            "version": FORMAT_VERSION,
            "time": self.time,
            "connector": self.connector,
            "request": {
                "method": self.method,
                "path": self.path,
                "query": self.query,
                "headers": self.request_headers,
                "body": self.request_body,
            },
            "response": {"status": self.status, "headers": self.response_headers, "body": self.response_body},
        }

    @classmethod
    def from_json(cls, line: dict[str, Any]) -> RecordedExchange:
        if line.get("version") != FORMAT_VERSION:
            raise ValueError(
                f"unsupported recording version {line.get('version')!r}; expected {FORMAT_VERSION}"
            )
        request, response = line["request"], line["response"]
        return cls(
            time=line["time"],
            connector=line.get("connector"),
            method=request["method"],
            path=request["path"],
            query=request.get("query", ""),
            request_headers=request.get("headers", {}),
            request_body=request.get("body"),
            status=response["status"],
            response_headers=response.get("headers", {}),
            response_body=response.get("body"),
        )


def read_recording(path: str | Path) -> list[RecordedExchange]:
    """Read a recording; errors name ``file:line``."""
    exchanges = []
    with Path(path).open(encoding="utf-8") as handle:
        for number, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            try:
                exchanges.append(RecordedExchange.from_json(json.loads(text)))
            except (ValueError, KeyError, TypeError) as exc:
                raise ValueError(f"{path}:{number}: not a recorded exchange: {exc}") from None
    return exchanges


def redact_body(value: Any) -> Any:
    """Mask secrets, including URN-prefixed keys such as ``urn:...:User:export_password``."""
    if isinstance(value, dict):
        value = {
            k: (MASK if is_secret_key(str(k).rsplit(":", 1)[-1]) else redact_body(v))
            for k, v in value.items()
        }
    elif isinstance(value, list):
        value = [redact_body(v) for v in value]
    return redact_mapping(value)


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
            request_body=redact_body(_decode(body)),
            status=captured.get("status", 0),
            response_headers=response_headers,
            response_body=redact_body(_decode(response)),
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
