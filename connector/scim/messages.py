"""The host's request and response values: what the Flask adapter translates to and from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ScimRequest:
    """One HTTP request as the SCIM core sees it. ``path`` is the decoded URL path,
    ``query_string`` the raw (still encoded) query, header names in any case."""

    method: str
    path: str
    query_string: str = ""
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""
    host_url: str = "http://localhost"
    declared_length: int | None = None  # Content-Length, when the adapter did not read an oversized body

    @property
    def body_size(self) -> int:
        return max(len(self.body), self.declared_length or 0)

    def header(self, name: str) -> str | None:
        lowered = name.lower()
        return next((v for k, v in self.headers.items() if k.lower() == lowered), None)


@dataclass
class ScimResponse:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
