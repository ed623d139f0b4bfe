"""Replaying recorded SCIM exchanges in order against a connector host, and checking the answers.

Each exchange's request is rebuilt under ``--tenant-url`` (the recorded ``/ecma2host_<name>/scim``
prefix becomes the Tenant URL's), with placeholders substituted, the redacted bearer token
replaced by ``--secret`` and redacted passwords by a replay password. Its answer must have the
recorded status, the recorded headers that are stable, and a body containing the recorded one.
Server-assigned values are captured (``{{?name}}``, and ids of created users implicitly).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

import requests

from harness.reports.wording import CA_CERT_HINT, plain_http_to_tls_hint
from harness.scim_client import decoded_body, parse_tenant_url
from provlab.logsetup import MASK
from provlab.traffic import RecordedExchange

from .compare import MISSING, Mismatch, match_subset
from .placeholders import PlaceholderError, substitute
from .report import ExchangeResult, ReplayReport
from .traffic import TrafficLine

DEFAULT_PASSWORD = "Replay-Pass-2026!"  # noqa: S105 - what a redacted password is replayed as
DEFAULT_TIMEOUT = 30.0
_PREFIX = re.compile(r"^/ecma2host_([^/]+)/scim(?=/|$)")
_TENANT_IN_TEXT = re.compile(r"^https?://[^/]+/ecma2host_[^/]+/scim(?=/|$)")
# Headers a replay compares: exactly, or (timestamps the server assigns) for presence only.
_EXACT_HEADERS = ("Location", "WWW-Authenticate", "Retry-After")
_PRESENCE_HEADERS = ("Last-Successful-Import", "Last-Successful-Export")
_VOLATILE_META = ("created", "lastModified", "version")
_SENT_HEADERS = ("Content-Type", "Accept", "If-Match", "Authorization")


class Replayer:
    """Replays traffic against one Tenant URL. ``session`` is injectable (in-process tests use
    :func:`provlab.transport.wsgi_session`); ``ca_cert`` is the host's certificate to trust."""

    def __init__(
        self,
        tenant_url: str,
        secret: str,
        *,
        session: requests.Session | None = None,
        ca_cert: str | None = None,
        password: str = DEFAULT_PASSWORD,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self.tenant = parse_tenant_url(tenant_url).base_url
        self.secret = secret
        self.password = password
        self.timeout = timeout
        self.session = session or requests.Session()
        self.ca_cert = ca_cert
        if ca_cert:
            self.session.verify = ca_cert
            self.session.trust_env = False  # REQUESTS_CA_BUNDLE would override verify otherwise

    def replay(self, lines: Sequence[TrafficLine], *, stop_on_failure: bool = False) -> ReplayReport:
        source = lines[0].source if lines else "-"
        report = ReplayReport(source=source, total=len(lines))
        variables: dict[str, Any] = {"tenant": self.tenant, "secret": self.secret, "password": self.password}
        aliases: dict[str, str] = {}
        recorded_connector = next(
            (line.exchange.connector for line in lines if line.exchange.connector), None
        )
        for line in lines:
            result = self._one(line, variables, aliases, recorded_connector)
            report.results.append(result)
            if stop_on_failure and not result.passed:
                break
        return report

    # -- one exchange --------------------------------------------------------------------------
    def _one(
        self, line: TrafficLine, variables: dict[str, Any], aliases: dict[str, str], connector: str | None
    ) -> ExchangeResult:
        exchange = line.exchange
        result = ExchangeResult(line.where, exchange.method, exchange.path, exchange.status, note=line.note)
        try:
            url = self._url(exchange, variables, aliases, connector)
            result.url = url
            headers = self._headers(exchange, variables)
            body = _body_bytes(substitute(_alias(_unmask(exchange.request_body), aliases), variables))
            expected_body = substitute(_alias(_normalize(exchange.response_body), aliases), variables)
            expected_headers = substitute(_normalize(exchange.response_headers), variables)
        except PlaceholderError as exc:
            result.error = f"{line.where}: {exc}"
            return result
        try:
            response = self.session.request(
                exchange.method, url, headers=headers, data=body, timeout=self.timeout, allow_redirects=False
            )
        except requests.RequestException as exc:
            result.error = f"{exchange.method} {url} failed: {exc.__class__.__name__}: {exc}"
            hint = self._hint(url, exc)
            if hint:
                result.error += f"; {hint}"
            return result
        result.status = response.status_code
        actual_body = decoded_body(response)
        result.actual_body = actual_body
        captures: dict[str, Any] = {}
        if response.status_code != exchange.status:
            result.mismatches.append(Mismatch("status", exchange.status, response.status_code))
        result.mismatches += _compare_headers(expected_headers, response.headers, captures)
        recorded_id = _created_id(exchange, expected_body)
        if recorded_id is not None:  # the server chooses a created user's id; later requests use its choice
            expected_body = {**expected_body, "id": "{{*}}"}
            if isinstance(actual_body, dict) and isinstance(actual_body.get("id"), str):
                aliases[recorded_id] = actual_body["id"]
        if expected_body is not None:
            result.mismatches += match_subset(expected_body, actual_body, "body", captures)
        variables.update(captures)
        return result

    def _hint(self, url: str, error: requests.RequestException) -> str | None:
        """What to do about a request that got no answer, when the cause is a known setup mistake."""
        if isinstance(error, requests.exceptions.SSLError):
            if self.ca_cert:
                return f"the host's certificate does not chain to --ca-cert {self.ca_cert}; is it the host's?"
            return CA_CERT_HINT
        return plain_http_to_tls_hint(url, str(error))

    def _url(
        self,
        exchange: RecordedExchange,
        variables: dict[str, Any],
        aliases: dict[str, str],
        connector: str | None,
    ) -> str:
        path = "/".join(
            aliases.get(segment, segment) for segment in substitute(exchange.path, variables).split("/")
        )
        match = _PREFIX.match(path)
        if match and match.group(1) == connector:
            url = self.tenant + path[match.end() :]
        else:  # a deliberately different connector name (e.g. a wrong-case error case): sent as recorded
            url = _origin(self.tenant) + path
        query = substitute(exchange.query, variables)
        return f"{url}?{query}" if query else url

    def _headers(self, exchange: RecordedExchange, variables: dict[str, Any]) -> dict[str, str]:
        headers = {}
        for name, value in exchange.request_headers.items():
            if name.lower() in (h.lower() for h in _SENT_HEADERS):
                headers[name] = substitute(value.replace(MASK, "{{secret}}"), variables)
        return headers


def _normalize(value: Any) -> Any:
    """A recorded answer made host-independent: tenant URLs → ``{{tenant}}``; meta timestamps and
    pieces the recorder masked (``***``) → ``{{*}}``."""
    if isinstance(value, dict):
        normalized = {k: _normalize(v) for k, v in value.items()}
        meta = normalized.get("meta")
        if isinstance(meta, dict):
            normalized["meta"] = {k: ("{{*}}" if _volatile(k, v) else v) for k, v in meta.items()}
        return normalized
    if isinstance(value, list):
        return [_normalize(v) for v in value]
    if isinstance(value, str):  # the recorder masked secrets: a masked piece matches anything
        return _TENANT_IN_TEXT.sub("{{tenant}}", value).replace(MASK, "{{*}}")
    return value


def _volatile(key: str, value: Any) -> bool:
    """A server timestamp the file did not already pin with a placeholder."""
    return key in _VOLATILE_META and not (isinstance(value, str) and "{{" in value)


def _unmask(value: Any) -> Any:
    """Redacted secrets in a request body become ``{{password}}``."""
    if isinstance(value, dict):
        return {k: _unmask(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_unmask(v) for v in value]
    return "{{password}}" if value == MASK else value


def _alias(value: Any, aliases: dict[str, str]) -> Any:
    if not aliases:
        return value
    if isinstance(value, dict):
        return {k: _alias(v, aliases) for k, v in value.items()}
    if isinstance(value, list):
        return [_alias(v, aliases) for v in value]
    return aliases.get(value, value) if isinstance(value, str) else value


def _created_id(exchange: RecordedExchange, expected: Any) -> str | None:
    """The concrete id a recorded POST answer carries (None when a placeholder handles it)."""
    if exchange.method != "POST" or not isinstance(expected, dict):
        return None
    recorded = expected.get("id")
    return recorded if isinstance(recorded, str) and "{{" not in recorded else None


def _compare_headers(expected: dict[str, Any], actual: Any, captures: dict[str, Any]) -> list[Mismatch]:
    found: list[Mismatch] = []
    expected_type = expected.get("Content-Type")
    if expected_type:
        got = actual.get("Content-Type")
        if got is None or _media_type(got) != _media_type(expected_type):
            found.append(Mismatch("header Content-Type", expected_type, got if got is not None else MISSING))
    for name in _EXACT_HEADERS:
        if name in expected:
            got = actual.get(name)
            found += match_subset(
                expected[name], got if got is not None else MISSING, f"header {name}", captures
            )
    for name in _PRESENCE_HEADERS:
        if name in expected and actual.get(name) is None:
            found.append(Mismatch(f"header {name}", "(present)", MISSING))
    return found


def _media_type(value: str) -> str:
    return value.split(";", 1)[0].strip().lower()


def _body_bytes(body: Any) -> bytes | None:
    if body is None:
        return None
    if isinstance(body, str):
        return body.encode("utf-8")
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
