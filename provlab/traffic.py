"""Recorded SCIM traffic: the JSON Lines format the connector host writes (``--record``)
and ``provlab replay`` reads. It lives in the shared plumbing because both sides speak it.

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

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["FORMAT_VERSION", "RecordedExchange", "read_recording"]

FORMAT_VERSION = 1


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
