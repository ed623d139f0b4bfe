"""WSGI middleware in front of each simulated service: fault injection and the call journal.

The service-specific parts — naming the operation of a request, judging a response,
and how an injected fault looks on the wire — come from a :class:`WireAdapter`, one per
target vendor (SAP: ``simulator.sap.wire``, REST: ``simulator.rest.wire``). Request and
response are buffered, which the simulated services' small messages allow.

A kind of failure a vendor adds to the grammar (SAP's ``soap_fault``, ``sap_error``) answers
instead of the service, through the adapter's :meth:`WireAdapter.injected`, as ``http_status``
and ``drop`` do; the other generic kinds delay or change a real answer.
"""

from __future__ import annotations

import io
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from http import HTTPStatus
from typing import Any, Protocol

from provlab.faults import FaultKind, FaultRule
from provlab.transport import DropConnection, WSGIApp
from simulator.journal import Journal

# Generic kinds that answer instead of the service (the service is not called); every vendor kind does too.
SHORT_CIRCUIT = (FaultKind.HTTP_STATUS, FaultKind.DROP)


def answers_instead(kind: StrEnum) -> bool:
    """Whether a rule of this kind answers in the service's place."""
    return kind in SHORT_CIRCUIT or not isinstance(kind, FaultKind)


class Injector(Protocol):
    """What the middleware needs of :class:`simulator.faults.FaultInjector`."""

    @property
    def rng(self) -> random.Random: ...

    def fire(self, service: str, operation: str) -> list[Any]: ...

    def wait(self, seconds: float) -> None: ...


@dataclass
class Call:
    operation: str
    inputs: dict[str, Any] = field(default_factory=dict)


@dataclass
class Reply:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    @property
    def status_line(self) -> str:
        try:
            phrase = HTTPStatus(self.status).phrase
        except ValueError:
            phrase = "Unknown"
        return f"{self.status} {phrase}"

    def with_body(self, body: bytes) -> Reply:
        headers = [(k, v) for k, v in self.headers if k.lower() != "content-length"]
        return Reply(self.status, [*headers, ("Content-Length", str(len(body)))], body)


class WireAdapter(Protocol):
    service: str

    def describe(self, environ: dict, body: bytes) -> Call:
        """Which operation a request calls, with its inputs (secrets are redacted later)."""

    def judge(self, call: Call, reply: Reply) -> tuple[str, dict[str, Any]]:
        """The outcome ("ok", "error", "fault") and details worth recording."""

    def injected(self, rule: FaultRule, call: Call) -> Reply:
        """The answer for a fault that answers instead of the service: ``http_status`` and the
        vendor's own kinds (SAP: ``soap_fault``, ``sap_error``)."""

    def truncate_page(self, call: Call, reply: Reply) -> Reply:
        """The reply with its list cut to the first half, for list operations."""


def _call_app(app: WSGIApp, environ: dict) -> Reply:
    captured: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None):
        captured["status"], captured["headers"] = status, headers
        return lambda data: captured.setdefault("written", []).append(data)

    iterable = app(environ, start_response)
    try:
        body = b"".join(captured.pop("written", [])) + b"".join(iterable)
    finally:
        close = getattr(iterable, "close", None)
        if close is not None:
            close()
    return Reply(int(captured["status"].split(" ", 1)[0]), list(captured["headers"]), body)


class ObservedService:
    """Wraps one service: fires matching fault rules and journals every call."""

    def __init__(self, app: WSGIApp, adapter: WireAdapter, *, journal: Journal, faults: Injector) -> None:
        self.app = app
        self.adapter = adapter
        self.journal = journal
        self.faults = faults

    def __call__(self, environ: dict, start_response: Callable[..., Any]):
        started = time.perf_counter()
        body = _read_body(environ)
        call = self.adapter.describe(environ, body)
        rules = self.faults.fire(self.adapter.service, call.operation)
        fired = ",".join(rule.kind.value for rule in rules) or None

        for rule in rules:
            if rule.kind is FaultKind.LATENCY:
                self.faults.wait(rule.latency_seconds(self.faults.rng))
            elif rule.kind is FaultKind.HANG:
                self.faults.wait(rule.seconds)

        short = next((rule for rule in rules if answers_instead(rule.kind)), None)
        if short is not None and short.kind is FaultKind.DROP:
            self._record(environ, call, Reply(0, [], b""), "fault", {"dropped": True}, fired, started)
            raise DropConnection(f"fault injection dropped {self.adapter.service} {call.operation}")
        if short is not None:
            reply = self.adapter.injected(short, call)
        else:
            try:
                reply = _call_app(self.app, environ)
            except Exception as exc:  # a bug in a service: journal it, then let the server answer 500
                self._record(
                    environ, call, Reply(500, [], b""), "fault", {"exception": repr(exc)}, fired, started
                )
                raise
            for rule in rules:
                if rule.kind is FaultKind.TRUNCATED_PAGE:
                    reply = self.adapter.truncate_page(call, reply)
        outcome, detail = self.adapter.judge(call, reply)
        if any(rule.kind is FaultKind.MALFORMED for rule in rules):
            reply = reply.with_body(reply.body[: max(1, len(reply.body) // 2)])
        self._record(environ, call, reply, outcome, detail, fired, started)
        start_response(reply.status_line, reply.headers)
        return [reply.body]

    def _record(
        self,
        environ: dict,
        call: Call,
        reply: Reply,
        outcome: str,
        detail: dict[str, Any],
        fired: str | None,
        started: float,
    ) -> None:
        self.journal.record(
            service=self.adapter.service,
            operation=call.operation,
            method=environ.get("REQUEST_METHOD", ""),
            path=environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", ""),
            inputs=call.inputs,
            status=reply.status,
            outcome=outcome,
            detail=detail,
            fault=fired,
            duration_ms=(time.perf_counter() - started) * 1000.0,
        )


def _read_body(environ: dict) -> bytes:
    """Read the request body once and put it back for the service."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    body = environ["wsgi.input"].read(length) if length > 0 else b""
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))
    return body
