"""Where a template's REST service came from, kept next to discovery.xml as ``openapi/<service>.json``.

discovery.xml has no place for an OpenAPI source (its format is MIM's), so this small record keeps
the document's address, the choices discovery was run with and which operation each method is.
``validate --live`` reads it to discover the same methods again from the published document and
say what changed. Services discovered by hand have none, and ``--live`` leaves them alone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from connector.discovery.errors import DiscoveryError


def record_path(service: str) -> str:
    return f"openapi/{service}.json"


@dataclass(frozen=True)
class OpenApiRecord:
    """``methods`` maps ``resource/method`` to its operation, ``VERB /path``."""

    source: str
    version: str
    method_names: str = "verb"
    endpoint: str | None = None
    security: str | None = None
    methods: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> bytes:
        data = {
            "source": self.source,
            "version": self.version,
            "methodNames": self.method_names,
            "endpoint": self.endpoint,
            "security": self.security,
            "methods": self.methods,
        }
        return (json.dumps(data, indent=2) + "\n").encode()


def parse_record(data: bytes, where: str) -> OpenApiRecord:
    """The record in ``data``; a damaged one is a :class:`DiscoveryError` naming ``where``."""
    try:
        raw = json.loads(data)
        methods = raw["methods"]
        if not isinstance(methods, dict) or not all(isinstance(v, str) for v in methods.values()):
            raise TypeError("methods")
        return OpenApiRecord(
            source=str(raw["source"]),
            version=str(raw.get("version", "")),
            method_names=str(raw.get("methodNames", "verb")),
            endpoint=raw.get("endpoint"),
            security=raw.get("security"),
            methods=dict(methods),
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise DiscoveryError(
            f"{where}: not a readable OpenAPI discovery record ({exc}); run discover-rest again"
        ) from None


def merged_record(template_dir: Path, service: str, new: OpenApiRecord) -> OpenApiRecord:
    """``new``, keeping the methods an earlier run recorded for the same service and source."""
    path = template_dir / record_path(service)
    if not path.is_file():
        return new
    try:
        old = parse_record(path.read_bytes(), str(path))
    except DiscoveryError:
        return new
    if old.source != new.source:
        return new
    return OpenApiRecord(
        new.source, new.version, new.method_names, new.endpoint, new.security, {**old.methods, **new.methods}
    )
